// Redline's small behaviours. The site works without them: links are plain links.
(function () {
  "use strict";
  // The language switcher keeps the clause the reader is on (anchors are the same in every locale).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.rl-switch");
    if (link && location.hash && !link.hash) { link.href = link.href + location.hash; }
  });

  // Material's search dialog has no accessible name; give it the search box's own label.
  var dialog = document.querySelector(".md-search[role=dialog]");
  var query = document.querySelector("input.md-search__input");
  if (dialog && query) { dialog.setAttribute("aria-label", query.getAttribute("aria-label") || ""); }
  // Material searches on keyup only: text that arrives without keys (a paste, a Thai input
  // method committing a word) is searched too.
  if (query) {
    query.addEventListener("input", function (event) {
      if (!event.isTrusted) { return; }
      query.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
    });
  }

  // A redline page: step through the changes (buttons, or the n and p keys), fold unchanged clauses.
  var diff = document.querySelector(".rl-diff");
  if (!diff) { return; }
  var changes = Array.prototype.slice.call(diff.querySelectorAll(".rl-change"));
  var buttons = document.querySelectorAll("[data-rl-step]");
  var position = document.querySelector(".rl-position");
  var current = -1;
  function go(index) {
    if (!changes.length) { return; }
    current = (index + changes.length) % changes.length;
    changes.forEach(function (c) { c.classList.remove("rl-current"); });
    var target = changes[current];
    target.classList.add("rl-current");
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
    if (position) { position.textContent = (current + 1) + " / " + changes.length; }
    if (history.replaceState && target.id) { history.replaceState(null, "", "#" + target.id); }
  }
  buttons.forEach(function (button) {
    button.disabled = changes.length === 0;
    button.addEventListener("click", function () { go(current + Number(button.dataset.rlStep)); });
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.altKey || event.ctrlKey || event.metaKey || tag === "input" || tag === "textarea") { return; }
    if (event.key === "n") { go(current + 1); } else if (event.key === "p") { go(current - 1); }
  });
  var fold = document.querySelector("[data-rl-fold]");
  if (fold) {
    fold.addEventListener("change", function () { diff.classList.toggle("rl-folded", fold.checked); });
  }
})();
