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

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }
  function formatDay(iso) {  // in the page's language: 15 May 2019 is 15 พฤษภาคม 2562 in Thai
    var lang = document.documentElement.lang || undefined;
    var day = new Date(iso + "T00:00:00Z");
    return new Intl.DateTimeFormat(lang, {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"}).format(day);
  }

  // The history page: "what applied on …" looks the day up in the table's periods in force
  // (the same rows a reader without script reads).
  var when = document.querySelector("form.rl-when");
  if (when) {
    when.hidden = false;
    when.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = when.querySelector("input[type=date]");
      var answer = when.querySelector(".rl-when__answer");
      var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-rl-from]"));
      rows.forEach(function (row) { row.classList.remove("rl-when-hit"); });
      answer.textContent = "";
      var day = input.value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { answer.textContent = when.dataset.rlInvalid; input.focus(); return; }
      var starts = rows.filter(function (row) { return row.dataset.rlFrom; });
      var hit = starts.find(function (row) {
        return row.dataset.rlFrom <= day && (!row.dataset.rlUntil || day <= row.dataset.rlUntil);
      });
      if (!hit) {
        var first = starts.map(function (row) { return row.dataset.rlFrom; }).sort()[0];
        var template = first && day < first ? when.dataset.rlBefore : when.dataset.rlNone;
        answer.textContent = fill(template, {day: formatDay(day), first: first ? formatDay(first) : ""});
        return;
      }
      answer.textContent = fill(when.dataset.rlFound, {day: formatDay(day), date: hit.dataset.rlLabel, period: hit.dataset.rlPeriod}) + " ";
      var link = document.createElement("a");
      link.href = hit.querySelector("a").href;
      link.textContent = when.dataset.rlRead;
      answer.appendChild(link);
      hit.classList.add("rl-when-hit");
      hit.scrollIntoView({block: "nearest"});
    });
  }

  // An archived revision: "changes since this revision" goes straight to its redline against
  // the text in force, found in the document's index (the page itself does not name it).
  var since = document.querySelector("a[data-rl-since]");
  if (since && window.fetch) {
    var sinceIndex = new URL(since.dataset.rlIndex, location.href);
    fetch(sinceIndex).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (index) {
        var current = index && index.revisions.find(function (r) { return r.status === "in-force" || r.status === "pending"; });
        var pair = current && since.dataset.rlSince + "..." + current.slug;
        if (pair && (index.all_pairs || index.pairs.indexOf(pair) >= 0)) {
          since.href = new URL("changes/" + pair + "/", sinceIndex).href;
        }
      }).catch(function () {});
  }

  // The compare picker (history and redline pages): both sides from the document's index; beyond
  // the bound of every pair, only the pairs that exist can be picked, and the note says why.
  var picker = document.querySelector("form.rl-compare");
  if (picker && window.fetch) {
    var base = new URL(picker.dataset.rlIndex, location.href);
    fetch(base).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (index) {
      var from = picker.querySelector("select[name=from]");
      var to = picker.querySelector("select[name=to]");
      var note = picker.querySelector(".rl-compare__note");
      var order = index.revisions.map(function (r) { return r.slug; });  // newest first
      var pairs = {};
      index.pairs.forEach(function (pair) { pairs[pair] = true; });
      function key(a, b) {  // older...newer
        return order.indexOf(a) > order.indexOf(b) ? a + "..." + b : b + "..." + a;
      }
      function exists(a, b) { return a !== b && (index.all_pairs || pairs[key(a, b)]); }
      index.revisions.forEach(function (r) {
        [from, to].forEach(function (select) {
          var option = document.createElement("option");
          option.value = r.slug;
          option.textContent = r.label + " — " + r.status_label;
          select.appendChild(option);
        });
      });
      var query = new URLSearchParams(location.search);
      var inForce = index.revisions.find(function (r) { return r.status === "in-force" || r.status === "pending"; });
      var pickFrom = query.get("from") || picker.dataset.rlFrom || order[order.length - 1];
      var pickTo = query.get("to") || picker.dataset.rlTo || (inForce ? inForce.slug : order[0]);
      if (pickTo === pickFrom) { pickTo = order.find(function (s) { return s !== pickFrom; }) || pickTo; }
      if (order.indexOf(pickFrom) >= 0) { from.value = pickFrom; }
      if (order.indexOf(pickTo) >= 0) { to.value = pickTo; }
      function restrict() {
        if (index.all_pairs) { return; }
        Array.prototype.forEach.call(to.options, function (option) {
          option.disabled = !exists(from.value, option.value);
        });
        note.textContent = fill(picker.dataset.rlMissing, {count: String(order.length), bound: String(index.bound)});
      }
      from.addEventListener("change", restrict);
      restrict();
      picker.hidden = false;
      picker.addEventListener("submit", function (event) {
        event.preventDefault();
        if (from.value === to.value) { note.textContent = picker.dataset.rlSame; return; }
        if (!exists(from.value, to.value)) { restrict(); return; }
        location.href = new URL("changes/" + key(from.value, to.value) + "/", base).href;
      });
      if (location.hash === "#rl-compare") { picker.scrollIntoView(); }
    }).catch(function () {
      var note = picker.querySelector(".rl-compare__note");
      picker.hidden = false;
      picker.querySelector(".rl-compare__fields").hidden = true;
      note.textContent = picker.dataset.rlFailed;
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
