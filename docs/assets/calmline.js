/* Calmline: copy buttons on phrase cards, remembered onboarding ticks, and
 * keyboard access to glossary tooltips. Plain JavaScript, no external code.
 * Material's instant navigation swaps pages without reloading, so page set-up
 * runs on each `document$` emission and clicks are handled by delegation. */
(function () {
  "use strict";
  var PREFIX = "calmline.progress.";

  /* One polite live region for every announcement on the page. */
  function announce(message) {
    var region = document.getElementById("calmline-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "calmline-status";
      region.className = "md-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  /* ---------- copy buttons ---------- */
  /* Bidirectional controls (LRM, RLM, the embeddings and overrides, the
   * isolates and the Arabic letter mark) are invisible, and pasted into a chat
   * or a ticket they can reorder what the customer reads. A copy button never
   * puts them on the clipboard, whatever the page carries. */
  var BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

  function withoutBidiControls(text) {
    return String(text == null ? "" : text).replace(BIDI_CONTROLS, "");
  }

  function copyText(text) {
    text = withoutBidiControls(text);
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      (ok ? resolve : reject)();
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".phrase-copy");
    if (!button) return;
    var text = withoutBidiControls(button.getAttribute("data-copy"));
    copyText(text).then(function () {
      button.classList.add("phrase-copy--done");
      button.firstChild.textContent = "Copied";
      announce("Copied to the clipboard: " + text);
      window.setTimeout(function () {
        button.classList.remove("phrase-copy--done");
        button.firstChild.textContent = "Copy";
      }, 2000);
    }, function () {
      announce("Could not copy. Select the words and press Ctrl+C.");
    });
  });

  /* ---------- the browser's storage ---------- */
  /* Any touch of localStorage can throw: storage switched off, blocked by a
   * privacy setting, full, or a stub. Every access goes through these three,
   * which catch, so the page works the same without memory. */
  function storedValue(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
      return true;
    } catch (e) {
      return false;  // ticks last until the page is left
    }
  }

  function removeStored(prefix) {
    try {
      var storage = window.localStorage;
      var keys = [];
      for (var i = 0; i < storage.length; i++) {
        var key = storage.key(i);
        if (typeof key === "string" && key.indexOf(prefix) === 0) keys.push(key);
      }
      keys.forEach(function (key) { storage.removeItem(key); });
      return true;
    } catch (e) {
      return false;
    }
  }

  /* ---------- onboarding progress ---------- */
  /* A module's ticks are stored as the ids of its ticked items (from
   * data/onboarding.yml), never as positions. What is read back is trusted
   * item by item: only a string naming an item of this module on this page
   * counts, once. Anything else (ticks saved as positions before ids, numbers,
   * ids of items since removed, duplicates, text that is not JSON, an object)
   * is ignored, so a count can never exceed the boxes that are really ticked. */
  function load(module, known) {
    var value;
    try {
      value = JSON.parse(storedValue(PREFIX + module));
    } catch (e) {
      return [];
    }
    if (!Array.isArray(value)) return [];
    var ids = [];
    value.forEach(function (id) {
      if (typeof id === "string" && known.indexOf(id) !== -1 && ids.indexOf(id) === -1) ids.push(id);
    });
    return ids;
  }

  function save(module, ids) {
    store(PREFIX + module, JSON.stringify(ids));
  }

  function statusText(done, total) {
    if (done === 0) return "Not started";
    if (done >= total) return "Done: all " + total + " ticked";
    return done + " of " + total + " done";
  }

  function boxesOf(list) {
    return Array.prototype.slice.call(list.querySelectorAll("input[data-progress-item]"));
  }

  function idOf(box) {
    return box.getAttribute("data-progress-item");
  }

  /* The status line counts the boxes that are ticked, nothing else. */
  function showStatus(list) {
    var status = list.querySelector("[data-progress-status]");
    var boxes = boxesOf(list);
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    if (status) status.textContent = statusText(ticked, boxes.length);
  }

  function setUpProgress() {
    document.querySelectorAll("[data-progress-module]").forEach(function (list) {
      var boxes = boxesOf(list);
      var done = load(list.getAttribute("data-progress-module"), boxes.map(idOf));
      boxes.forEach(function (box) { box.checked = done.indexOf(idOf(box)) !== -1; });
      showStatus(list);
      list.setAttribute("data-progress-ready", "true");  // the ticks are restored (tests wait for it)
    });
    document.querySelectorAll("[data-progress-summary]").forEach(function (cell) {
      var ids = (cell.getAttribute("data-progress-items") || "").split(/\s+/).filter(Boolean);
      var done = load(cell.getAttribute("data-progress-summary"), ids).length;
      cell.textContent = statusText(done, ids.length);
      cell.setAttribute("data-progress-state", done === 0 ? "none" : done >= ids.length ? "done" : "some");
    });
  }

  // One listener for every checklist, on this page and the next: set-up runs
  // again on each instant-navigation page and must not add listeners twice.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("input[data-progress-item]")) return;
    var list = box.closest("[data-progress-module]");
    if (!list) return;
    var ticked = boxesOf(list).filter(function (b) { return b.checked; }).map(idOf);
    save(list.getAttribute("data-progress-module"), ticked);
    showStatus(list);
  });

  document.addEventListener("click", function (event) {
    var reset = event.target.closest && event.target.closest(".progress-reset");
    if (!reset) return;
    if (!window.confirm("Clear your ticks in every onboarding module? This cannot be undone.")) return;
    var cleared = removeStored(PREFIX);
    setUpProgress();
    announce(cleared ? "All onboarding ticks cleared." : "This browser does not let Calmline keep ticks, so none were saved to clear.");
  });

  /* ---------- glossary tooltips by keyboard ---------- */
  /* Material shows an abbreviation's tooltip on hover and on focus; make the
   * first mention of each term focusable so keyboard users reach it too. */
  function setUpTerms() {
    var seen = {};
    document.querySelectorAll(".md-content abbr[title]").forEach(function (abbr) {
      var key = abbr.getAttribute("title");
      if (seen[key]) return;
      seen[key] = true;
      abbr.setAttribute("tabindex", "0");
    });
  }

  function setUpPage() {
    setUpTerms();
    setUpProgress();
  }

  /* Run ``setUp`` on every page. document$ fires on every instant-navigation
   * page; from file:// it may not fire at all, so also once the document is
   * ready. Other scripts (filter.js) use it through window.CalmlineOnPage. */
  function onPage(setUp) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  }
  window.CalmlineOnPage = onPage;
  onPage(setUpPage);
})();
