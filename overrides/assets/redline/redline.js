// Redline's small behaviours. The site works without them: links are plain links.
(function () {
  "use strict";
  // The language switcher keeps the clause the reader is on (anchors are the same in every
  // locale): the clause heading nearest the top of the screen, whether or not the address has a
  // `#`; the address's own `#` when no clause heading is there (the top of the page). It leads
  // where the page's hreflang alternate does (site.switch_target; docs/ARCHITECTURE.md).
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
  // A clause the page shows in another language (one the translation lacks, inserted in the
  // authoritative text: build/pending.py) is not on that language's page of the same date: the
  // switch to that language goes where the clause's note leads, to the clause's own text.
  function shownFrom(clause, language) {
    var id;
    try { id = decodeURIComponent(clause.slice(1)); } catch (error) { return null; }
    var heading = id ? document.getElementById(id) : null;
    var section = heading && heading.closest("section.rl-untranslated[lang]");
    return section && section.lang === language ? section.querySelector("a.rl-clause-source") : null;
  }
  document.addEventListener("click", function (event) {
    var keeps = event.target.closest && event.target.closest("a.rl-keeps-clause");
    if (keeps && location.hash) { keeps.hash = location.hash; }
    var link = event.target.closest && event.target.closest("a.rl-switch");
    if (!link || link.getAttribute("aria-current")) { return; }
    // The switch's own target, kept: a click after coming back (the page restored as it was)
    // starts from it again, not from where the last click sent it.
    var own = link.getAttribute("data-rl-href");
    if (own === null) { own = link.getAttribute("href"); link.setAttribute("data-rl-href", own); }
    link.setAttribute("href", own);
    var clause = reached !== null ? reached : clauseInView();
    var source = clause ? shownFrom(clause, link.hreflang) : null;
    if (source) { link.href = source.href; } else if (clause) { link.hash = clause; }
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

  // Material's tooltip on the search box's "clear" button leaves with the pointer; a tap clears
  // the box and hides the button without the pointer ever leaving, and the tooltip stayed.
  var clear = document.querySelector(".md-search button[type=reset]");
  if (clear) {
    clear.addEventListener("click", function () {
      setTimeout(function () {
        ["mouseleave", "pointerleave", "blur"].forEach(function (type) {
          clear.dispatchEvent(new Event(type));
        });
      }, 0);
    });
  }

  // The fragment of the address, decoded; "" when there is none or it is not valid
  // percent-encoding (`decodeURIComponent` throws on `#%`).
  function addressed() {
    try { return decodeURIComponent(location.hash.slice(1)); } catch (error) { return ""; }
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

  // A day as a reader types it: the ISO form a date field gives, or day/month/year (Thai digits
  // too). Where the page's dates are in the Buddhist Era (`data-rl-era`, 543 in Thai) a year above
  // 2400 is one of that era (no Christian year that far off is meant), any other year is AD.
  // {iso, text} (text: the day in the page's language, with the AD year when the era differs),
  // or {error}: a message in the page's language.
  function readDay(value, form) {
    var text = String(value || "").trim().replace(/[\u0E50-\u0E59]/g, function (digit) {
      return String(digit.charCodeAt(0) - 0x0E50);
    });
    var era = Number(form.dataset.rlEra || 0);
    var parts = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    var y, m, d;
    if (parts) { y = +parts[1]; m = +parts[2]; d = +parts[3]; } else {
      parts = /^(\d{1,2})\s*[\/.\-\s]\s*(\d{1,2})\s*[\/.\-\s]\s*(\d{4})$/.exec(text);
      if (!parts) { return {error: form.dataset.rlInvalid}; }
      d = +parts[1]; m = +parts[2]; y = +parts[3];
    }
    if (era && y > 2400) { y -= era; }
    var day = new Date(Date.UTC(2000, m - 1, d));
    day.setUTCFullYear(y);
    if (y < 1 || day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      return {error: fill(form.dataset.rlImpossible || form.dataset.rlInvalid, {entered: text})};
    }
    var iso = day.toISOString().slice(0, 10);
    var said = formatDay(iso);
    if (era) { said = fill(form.dataset.rlGregorian, {day: said, year: String(y)}); }
    return {iso: iso, text: said};
  }

  // The history page: "what applied on …" looks the day up in the table's periods in force
  // (the same rows a reader without script reads). The day is kept in the address
  // (`history/?on=YYYY-MM-DD`), so an answer can be cited and opens answered: a static site
  // needs no server for it, the query is read here.
  var when = document.querySelector("form.rl-when");
  if (when) {
    when.hidden = false;
    when.addEventListener("submit", function (event) {
      event.preventDefault();
      answerDay();
    });
    var asked = new URLSearchParams(location.search).get("on");
    if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked)) {
      when.querySelector("input[name=day]").value = asked;
      answerDay();
    }
  }
  function answerDay() {
    var input = when.querySelector("input[name=day]");  // a text field in Thai (readDay)
    var answer = when.querySelector(".rl-when__answer");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-rl-from]"));
    rows.forEach(function (row) { row.classList.remove("rl-when-hit"); });
    answer.textContent = "";
    var read = readDay(input.value, when);
    if (read.error) { answer.textContent = read.error; input.focus(); return; }
    var day = read.iso;
    var address = new URL(location.href);
    address.searchParams.set("on", day);
    window.history.replaceState(window.history.state, "", address.href);
    var starts = rows.filter(function (row) { return row.dataset.rlFrom; });
    var hit = starts.find(function (row) {
      return row.dataset.rlFrom <= day && (!row.dataset.rlUntil || day <= row.dataset.rlUntil);
    });
    if (!hit) {
      var first = starts.map(function (row) { return row.dataset.rlFrom; }).sort()[0];
      var template = first && day < first ? when.dataset.rlBefore : when.dataset.rlNone;
      answer.textContent = fill(template, {day: read.text, first: first ? formatDay(first) : ""});
      var start = when.dataset.rlAuthoritativeStart;
      if (when.dataset.rlBeforeTranslation && start && start <= day && (!first || day < first)) {
        // a translation's history starts with the translation: the authoritative text applied
        answer.appendChild(document.createTextNode(" " + when.dataset.rlBeforeTranslation + " "));
        var history = document.createElement("a");
        history.href = new URL(when.dataset.rlAuthoritativeHistory, location.href).href;
        history.hreflang = when.dataset.rlAuthoritativeLocale;
        history.target = "_self";
        history.textContent = when.dataset.rlReadAuthoritativeHistory;
        answer.appendChild(history);
      }
      return;
    }
    var found = day > when.dataset.rlToday ? when.dataset.rlAhead : when.dataset.rlFound;
    answer.textContent = fill(found, {day: read.text, date: hit.dataset.rlLabel, period: hit.dataset.rlPeriod, today: formatDay(when.dataset.rlToday)}) + " ";
    var link = document.createElement("a");
    link.href = hit.querySelector("a").href;
    link.textContent = when.dataset.rlRead;
    answer.appendChild(link);
    // A translation's row: an authoritative revision in force that day prevailed over it.
    var prevailing = JSON.parse(hit.dataset.rlAuthoritative || "[]").filter(function (r) {
      return r.from && r.from <= day && (!r.until || day <= r.until);
    }).sort(function (a, b) { return a.from < b.from ? -1 : 1; }).pop();
    if (prevailing) {
      answer.appendChild(document.createTextNode(" " + fill(when.dataset.rlPrevails, {date: prevailing.label}) + " "));
      var original = document.createElement("a");
      original.href = new URL(prevailing.href, location.href).href;
      original.hreflang = when.dataset.rlAuthoritativeLocale || "";
      original.target = "_self";
      original.textContent = when.dataset.rlReadAuthoritative;
      answer.appendChild(original);
    }
    hit.classList.add("rl-when-hit");
    hit.scrollIntoView({block: "nearest"});
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
          // The draft's label and its status say the same ("the draft — Draft, not published").
          option.textContent = r.status === "draft" ? r.status_label : r.label + " — " + r.status_label;
          select.appendChild(option);
        });
      });
      var query = new URLSearchParams(location.search);
      var inForce = index.revisions.find(function (r) { return r.status === "in-force" || r.status === "pending"; });
      var pickFrom = query.get("from") || picker.dataset.rlFrom || order[order.length - 1];
      var pickTo = query.get("to") || picker.dataset.rlTo || (inForce ? inForce.slug : order[0]);
      if (pickTo === pickFrom) { pickTo = order.find(function (s) { return s !== pickFrom; }) || pickTo; }
      // Older on the left, whichever side the page put its own revision on (a policy page names
      // the text in force, the newest but one): the pair reads as it is compared.
      if (order.indexOf(pickFrom) >= 0 && order.indexOf(pickFrom) < order.indexOf(pickTo)) {
        var newer = pickFrom; pickFrom = pickTo; pickTo = newer;
      }
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
    remember();
  }
  // The address says what the reviewer sees, to be sent on: `?only=changes` and the current
  // change (`#rl-change-5`); the page restores both when it loads.
  var fold = document.querySelector("[data-rl-fold]");
  function remember() {
    if (!history.replaceState) { return; }
    var query = new URLSearchParams(location.search);
    if (fold && fold.checked) { query.set("only", "changes"); } else { query.delete("only"); }
    var search = query.toString();
    var target = changes[current];
    var hash = target && target.id ? "#" + target.id : location.hash;
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + hash);
  }
  // An address naming a change (#rl-change-3, shared by a reviewer) makes it the current one.
  // A malformed address (`#%`, a link cut short) names nothing: decoding it throws, and the
  // buttons, keys and folding below must work all the same.
  var named = document.getElementById(addressed());
  var change = named && named.closest && named.closest(".rl-change");
  if (change && changes.indexOf(change) >= 0) { mark(changes.indexOf(change)); }
  buttons.forEach(function (button) {
    button.disabled = changes.length === 0;
    button.addEventListener("click", function () { go(current + Number(button.dataset.rlStep)); });
  });
  // Not while the reader types or picks in a text field or a select (the compare picker's selects
  // answer letters too), nor with a modifier (a browser's or a screen reader's own shortcut); a
  // checkbox, a button or a link with focus does not take letters ("changes only" just ticked).
  var TEXT_FIELD = "textarea, select, [contenteditable]:not([contenteditable=false]), " +
    "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset]):not([type=image]):not([type=range]):not([type=color]):not([type=file])";
  var keys = document.querySelector("dialog.rl-keys");
  var hint = document.querySelector(".rl-keys-hint");
  if (hint && keys) {
    hint.hidden = false;
    hint.querySelector("button").addEventListener("click", function () { keys.showModal(); });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target.isContentEditable || (target.closest && target.closest(TEXT_FIELD));
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing || typing) { return; }
    // A Thai keyboard layout types Thai letters on those keys: the key's place then counts.
    var latin = /^[ -~]$/.test(event.key);
    var key = latin ? event.key : event.code === "Slash" && event.shiftKey ? "?" :
      (event.code || "").replace(/^Key/, "").toLowerCase();
    if (key === "?" && keys && !keys.open) { event.preventDefault(); keys.showModal(); return; }
    if (event.shiftKey || (keys && keys.open)) { return; }
    if (key === "n") { go(current + 1); } else if (key === "p") { go(current - 1); }
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
  if (fold) {
    fold.addEventListener("change", function () {
      Array.prototype.forEach.call(diff.querySelectorAll(".rl-open"), function (e) {
        e.classList.remove("rl-open");
      });
      diff.classList.toggle("rl-folded", fold.checked);
      if (current >= 0) { changes[current].scrollIntoView({block: "center"}); }
      remember();
    });
    // Restored from the address (any other value of `only`, or none, is the whole text).
    if (new URLSearchParams(location.search).get("only") === "changes") {
      fold.checked = true;
      diff.classList.add("rl-folded");
    }
  }
  if (current >= 0) {
    changes[current].scrollIntoView({block: "center"});
    changes[current].focus({preventScroll: true});
  }
})();

// -- "Follow changes" pages (redline/follow.html) ------------------------------------------
// The feed's address is text anyone can select; the script makes a relative one absolute (a
// site without `site_url`), shows the copy button, and says in a live region what it did.
(function () {
  "use strict";
  var address = document.getElementById("rl-feed-address");
  var button = document.querySelector("button[data-rl-copy]");
  var status = document.getElementById("rl-copy-status");
  if (!address || !button || !status) { return; }
  var relative = address.getAttribute("data-rl-relative");
  if (relative) { address.textContent = new URL(relative, location.href).href; }
  function selectAddress() {
    var range = document.createRange();
    range.selectNodeContents(address);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function say(text) {
    // Emptied first, so that a second copy is announced again.
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = address.textContent;
    var copied = function () { say(button.getAttribute("data-rl-copied")); };
    var selected = function () { selectAddress(); say(button.getAttribute("data-rl-select")); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(copied, selected);
    } else {
      selected();
    }
  });
})();
