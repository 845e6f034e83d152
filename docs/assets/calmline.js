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
  function copyText(text) {
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
    var text = button.getAttribute("data-copy");
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

  /* ---------- onboarding progress ---------- */
  function load(module) {
    try {
      var value = JSON.parse(window.localStorage.getItem(PREFIX + module) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (e) {
      return [];
    }
  }

  function save(module, done) {
    try {
      window.localStorage.setItem(PREFIX + module, JSON.stringify(done));
    } catch (e) { /* storage full or blocked: ticks last until reload */ }
  }

  function statusText(done, total) {
    if (done === 0) return "Not started";
    if (done >= total) return "Done: all " + total + " ticked";
    return done + " of " + total + " done";
  }

  function setUpProgress() {
    document.querySelectorAll("[data-progress-module]").forEach(function (list) {
      var module = list.getAttribute("data-progress-module");
      var total = Number(list.getAttribute("data-progress-total"));
      var status = list.querySelector("[data-progress-status]");
      var boxes = list.querySelectorAll("input[data-progress-item]");
      var done = load(module);
      boxes.forEach(function (box) {
        box.checked = done.indexOf(box.getAttribute("data-progress-item")) !== -1;
      });
      function refresh() {
        var ticked = [];
        boxes.forEach(function (box) { if (box.checked) ticked.push(box.getAttribute("data-progress-item")); });
        save(module, ticked);
        if (status) status.textContent = statusText(ticked.length, total);
      }
      if (status) status.textContent = statusText(done.filter(function (n) { return Number(n) <= total; }).length, total);
      boxes.forEach(function (box) { box.addEventListener("change", refresh); });
    });
    document.querySelectorAll("[data-progress-summary]").forEach(function (cell) {
      var module = cell.getAttribute("data-progress-summary");
      var total = Number(cell.getAttribute("data-progress-total"));
      var done = load(module).filter(function (n) { return Number(n) <= total; }).length;
      cell.textContent = statusText(done, total);
      cell.setAttribute("data-progress-state", done === 0 ? "none" : done >= total ? "done" : "some");
    });
  }

  document.addEventListener("click", function (event) {
    var reset = event.target.closest && event.target.closest(".progress-reset");
    if (!reset) return;
    if (!window.confirm("Clear your ticks in every onboarding module? This cannot be undone.")) return;
    Object.keys(window.localStorage).forEach(function (key) {
      if (key.indexOf(PREFIX) === 0) window.localStorage.removeItem(key);
    });
    setUpProgress();
    announce("All onboarding ticks cleared.");
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

  // document$ fires on every instant-navigation page; from file:// it may not
  // fire at all, so also set up once the document is ready.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpPage);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpPage);
  } else {
    setUpPage();
  }
})();
