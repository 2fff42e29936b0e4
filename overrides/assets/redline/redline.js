// Redline's small behaviours. The site works without them: links are plain links.
(function () {
  "use strict";
  // The language switcher keeps the clause the reader is on (anchors are the same in every
  // locale): the clause heading nearest the top of the screen, whether or not the address has a
  // `#`; the address's own `#` when no clause heading is there (the top of the page).
  function clauseInView() {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var reach = top + window.innerHeight / 4;
    var found = null;
    var distance = Infinity;
    var headings = document.querySelectorAll(
      ".rl-policy :is(h1, h2, h3, h4, h5, h6)[id], .rl-diff :is(h1, h2, h3, h4, h5, h6)[id]");
    // Of the headings above a quarter of the screen (the one whose text is being read, and any
    // that just came into view), the one nearest the top.
    Array.prototype.forEach.call(headings, function (heading) {
      if (/^(rl-|__)/.test(heading.id) || !heading.getClientRects().length) { return; }
      var y = heading.getBoundingClientRect().top;
      if (y <= reach && Math.abs(y - top) < distance) { found = heading; distance = Math.abs(y - top); }
    });
    return found && window.scrollY > 0 ? "#" + found.id : location.hash;
  }
  // Taken when the reader reaches for the language menu (pointer or keyboard), before anything
  // can scroll the page under the open menu (a browser bringing a menu item into view).
  var reached = null;
  function languageMenu(node) {
    var option = node && node.closest && node.closest(".md-header__option");
    return option && option.querySelector("a.rl-switch") ? option : null;
  }
  function reach(event) {
    if (languageMenu(event.target) && reached === null) { reached = clauseInView(); }
  }
  function leave(event) {
    var menu = languageMenu(event.target);
    if (menu && !menu.contains(event.relatedTarget)) { reached = null; }
  }
  document.addEventListener("pointerover", reach);
  document.addEventListener("focusin", reach);
  document.addEventListener("pointerout", leave);
  document.addEventListener("focusout", leave);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.rl-switch");
    if (!link || link.getAttribute("aria-current")) { return; }
    var clause = reached !== null ? reached : clauseInView();
    if (clause) { link.hash = clause; }
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

  // A redline page: step through the changes (buttons, or the n and p keys), fold unchanged text.
  var diff = document.querySelector(".rl-diff");
  if (!diff) { return; }
  var changes = Array.prototype.slice.call(diff.querySelectorAll(".rl-change"));
  var buttons = document.querySelectorAll("[data-rl-step]");
  var position = document.querySelector(".rl-position");
  var current = -1;
  function mark(index) {
    current = index;
    changes.forEach(function (c) { c.classList.remove("rl-current"); });
    var target = changes[current];
    target.classList.add("rl-current");
    target.setAttribute("tabindex", "-1");
    if (position) { position.textContent = (current + 1) + " / " + changes.length; }
    return target;
  }
  function go(index) {
    if (!changes.length) { return; }
    var target = mark((index + changes.length) % changes.length);
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
    if (history.replaceState && target.id) { history.replaceState(null, "", "#" + target.id); }
  }
  // An address naming a change (#rl-change-3, shared by a reviewer) makes it the current one.
  var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var change = named && named.closest && named.closest(".rl-change");
  if (change && changes.indexOf(change) >= 0) { mark(changes.indexOf(change)); }
  buttons.forEach(function (button) {
    button.disabled = changes.length === 0;
    button.addEventListener("click", function () { go(current + Number(button.dataset.rlStep)); });
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.altKey || event.ctrlKey || event.metaKey || tag === "input" || tag === "textarea") { return; }
    if (event.key === "n") { go(current + 1); } else if (event.key === "p") { go(current - 1); }
  });

  // "Changes only": hide what did not change but keep, above each change, its clause headings
  // (`rl-context`, from the redline) and its parent list items; in place of each run of hidden
  // blocks, a button "… N unchanged paragraphs" that shows them.
  var KEEP = ".rl-change, .rl-context";
  var BLOCKS = "p, pre, tr, dt, dd, h1, h2, h3, h4, h5, h6, li";
  function blocks(element) {
    // Paragraphs as a reader counts them: a list item with its own paragraphs is those.
    var all = [element].concat(Array.prototype.slice.call(element.querySelectorAll(BLOCKS)));
    return all.filter(function (e) {
      if (!e.matches(BLOCKS)) { return false; }
      if (e.tagName !== "LI") { return true; }
      return !Array.prototype.some.call(e.children, function (c) { return c.tagName === "P"; });
    }).length;
  }
  function label(count) {
    var text = diff.getAttribute(count === 1 ? "data-rl-gap-one" : "data-rl-gap-other") || "… {n}";
    return text.replace("{n}", String(count));
  }
  function gap(parent, run) {
    if (!run.length) { return; }
    var count = run.reduce(function (n, e) { return n + blocks(e); }, 0);
    var holder = document.createElement(/^(OL|UL)$/.test(parent.tagName) ? "li" : "div");
    holder.className = "rl-gap";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = label(count);
    button.addEventListener("click", function () {
      run.forEach(function (e) { e.classList.add("rl-open"); });
      holder.classList.add("rl-open");
      run[0].setAttribute("tabindex", "-1");
      run[0].focus();
    });
    holder.appendChild(button);
    parent.insertBefore(holder, run[0]);
  }
  function prepare(parent) {
    var run = [];
    Array.prototype.slice.call(parent.children).forEach(function (element) {
      if (element.matches(KEEP) || element.querySelector(KEEP)) {
        gap(parent, run);
        run = [];
        var lists = /^(OL|UL)$/.test(element.tagName) ? [element] :
          element.tagName === "LI" ? Array.prototype.filter.call(element.children, function (c) {
            return /^(OL|UL)$/.test(c.tagName);
          }) : [];
        lists.forEach(prepare);
      } else {
        element.classList.add("rl-unchanged");
        run.push(element);
      }
    });
    gap(parent, run);
  }
  prepare(diff);
  var fold = document.querySelector("[data-rl-fold]");
  if (fold) {
    fold.addEventListener("change", function () {
      Array.prototype.forEach.call(diff.querySelectorAll(".rl-open"), function (e) {
        e.classList.remove("rl-open");
      });
      diff.classList.toggle("rl-folded", fold.checked);
      if (current >= 0) { changes[current].scrollIntoView({block: "center"}); }
    });
  }
})();
