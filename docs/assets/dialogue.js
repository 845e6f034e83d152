/* Calmline practice dialogues and the training record. Plain JavaScript, no
 * external code, no inline handlers (the site's Content-Security-Policy).
 *
 * Without this script a dialogue page is a worked example: every moment, every
 * reply with its verdict and why. With it, the same markup is played one
 * moment at a time. The graph (each line's choices: next line and verdict, or
 * its ending) comes from the data-dialogue-graph attribute, written at build
 * time from data/dialogues/<id>.yml.
 *
 * What is remembered, in one localStorage key (STORE), versioned:
 *   {"v": 1, "d": {"<dialogue id>": {"path": [choice numbers],
 *                                   "done": {"path": [...], "on": "YYYY-MM-DD"}}}}
 * A path is trusted only if it replays through today's graph from the start;
 * anything else (old versions, text that is not JSON, paths into lines since
 * removed) is ignored. Storage that throws leaves the page working, unsaved. */
(function () {
  "use strict";
  var STORE = "calmline.dialogues";
  var VERSION = 1;
  var PROGRESS = "calmline.progress.";  // calmline.js's module ticks
  var ENDINGS = {
    calmer: "The customer is calmer",
    worse: "It got worse",
    ended: "You ended the contact, rightly",
    help: "You got help"
  };

  /* ---------- storage: every touch can throw ---------- */
  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function write(key, value) {
    try { window.localStorage.setItem(key, value); return true; } catch (e) { return false; }
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* The whole record, or an empty one when what is stored is not ours. */
  function loadAll() {
    var value;
    try { value = JSON.parse(read(STORE)); } catch (e) { value = null; }
    if (!isObject(value) || value.v !== VERSION || !isObject(value.d)) return { v: VERSION, d: {} };
    return value;
  }

  function saveEntry(id, entry) {
    var all = loadAll();
    all.d[id] = entry;
    write(STORE, JSON.stringify(all));
  }

  function entryOf(id) {
    var entry = loadAll().d[id];
    return isObject(entry) ? entry : {};
  }

  function parseGraph(element) {
    try {
      var graph = JSON.parse(element.getAttribute("data-dialogue-graph"));
      return isObject(graph) && isObject(graph.lines) && graph.lines[graph.start] ? graph : null;
    } catch (e) {
      return null;
    }
  }

  /* Replay a stored path through the graph: {at, verdicts, ending} or null if it does not fit. */
  function replay(graph, path) {
    if (!Array.isArray(path)) return null;
    var at = graph.start, verdicts = [];
    for (var i = 0; i < path.length; i++) {
      var line = graph.lines[at], n = path[i];
      if (!line || !Array.isArray(line.c) || typeof n !== "number" || n % 1 !== 0 || n < 0 || n >= line.c.length) return null;
      verdicts.push(line.c[n][1]);
      at = line.c[n][0];
    }
    if (!graph.lines[at]) return null;
    return { at: at, verdicts: verdicts, ending: graph.lines[at].e || null };
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* ---------- one dialogue ---------- */
  function setUpDialogue(root) {
    if (root.getAttribute("data-dialogue-ready")) return;
    var graph = parseGraph(root);
    if (!graph) return;  // the worked example stays as it is
    var id = root.getAttribute("data-dialogue");
    var path = [];

    var player = el("div", "dialogue-player");
    var label = el("p", "dialogue-player__label");
    label.setAttribute("tabindex", "-1");
    var said = el("div", "dialogue-player__customer");
    var choices = el("div", "dialogue-player__choices");
    choices.setAttribute("role", "group");
    choices.setAttribute("aria-label", "Your reply");
    var feedback = el("div", "dialogue-player__feedback");
    feedback.setAttribute("aria-live", "polite");
    feedback.setAttribute("tabindex", "-1");
    feedback.setAttribute("data-dialogue-feedback", "");
    var restart = el("p", "dialogue-player__restart");
    [label, said, choices, feedback, restart].forEach(function (node) { player.appendChild(node); });
    root.appendChild(player);
    root.classList.add("dialogue--playing");

    function section(key) {
      return root.querySelector('.dialogue-line[data-line="' + key + '"]');
    }

    function button(text, className, onClick) {
      var b = el("button", "md-button " + className, text);
      b.type = "button";
      b.addEventListener("click", onClick);
      return b;
    }

    function save(done) {
      var entry = entryOf(id);
      entry.path = path.slice();
      if (done) entry.done = { path: path.slice(), on: today() };
      saveEntry(id, entry);
    }

    function show(key) {
      var source = section(key);
      var line = graph.lines[key];
      label.textContent = source.querySelector(".dialogue-line__label").textContent;
      said.textContent = "";
      var quote = source.querySelector(".dialogue-line__customer");
      if (quote) said.appendChild(quote.cloneNode(true));
      choices.textContent = "";
      feedback.textContent = "";
      restart.textContent = "";
      root.setAttribute("data-dialogue-at", key);
      if (line.e) {
        root.setAttribute("data-dialogue-ended", line.e);
        choices.hidden = true;
        var debrief = source.querySelector(".dialogue-line__debrief");
        if (debrief) said.appendChild(debrief.cloneNode(true));
        restart.appendChild(button("Play again", "dialogue-player__again", function () {
          path = [];
          save(false);
          root.removeAttribute("data-dialogue-ended");
          show(graph.start);
          label.focus();
        }));
        return;
      }
      choices.hidden = false;
      source.querySelectorAll(".dialogue-choice").forEach(function (item, n) {
        var words = item.querySelector(".dialogue-choice__say").textContent;
        choices.appendChild(button(words, "dialogue-player__choice", function () { pick(key, n, item); }));
      });
    }

    function pick(key, n, item) {
      path.push(n);
      var next = graph.lines[key].c[n][0];
      choices.querySelectorAll("button").forEach(function (b, i) {
        b.disabled = true;
        b.setAttribute("aria-pressed", i === n ? "true" : "false");
      });
      save(Boolean(graph.lines[next].e));
      feedback.textContent = "";
      feedback.appendChild(el("p", "dialogue-player__you-said", "You said: " + item.querySelector(".dialogue-choice__say").textContent));
      var copy = item.querySelector(".dialogue-choice__feedback").cloneNode(true);
      copy.querySelectorAll(".dialogue-choice__next").forEach(function (a) { a.parentNode.removeChild(a); });
      feedback.appendChild(copy);
      var go = button("Continue", "dialogue-player__continue", function () {
        show(next);
        label.focus();
      });
      feedback.appendChild(go);
      feedback.focus();
    }

    var stored = entryOf(id);
    var resumed = replay(graph, stored.path);
    if (resumed) path = stored.path.slice();
    show(resumed ? resumed.at : graph.start);
    root.setAttribute("data-dialogue-ready", "true");  // tests wait for it
  }

  /* ---------- the training record ---------- */
  function moduleTicks(item) {
    var known = (item.getAttribute("data-progress-items") || "").split(/\s+/).filter(Boolean);
    var value;
    try { value = JSON.parse(read(PROGRESS + item.getAttribute("data-record-module"))); } catch (e) { value = null; }
    var ids = [];
    if (Array.isArray(value)) {
      value.forEach(function (tick) {
        if (typeof tick === "string" && known.indexOf(tick) !== -1 && ids.indexOf(tick) === -1) ids.push(tick);
      });
    }
    if (ids.length === 0) return "not started";
    if (ids.length >= known.length) return "done, all " + known.length + " ticked";
    return ids.length + " of " + known.length + " ticked";
  }

  function dialogueRecord(item) {
    var graph = parseGraph(item);
    var entry = entryOf(item.getAttribute("data-record-dialogue"));
    var done = graph && isObject(entry.done) ? replay(graph, entry.done.path) : null;
    if (done && done.ending) {
      item.setAttribute("data-record-state", "done");
      var when = typeof entry.done.on === "string" && /^\d{4}-\d\d-\d\d$/.test(entry.done.on) ? " on " + entry.done.on : "";
      return "finished" + when + ". Ending: " + ENDINGS[done.ending] + ". Your replies: " + done.verdicts.join(", ") + ".";
    }
    item.setAttribute("data-record-state", "none");
    var started = graph ? replay(graph, entry.path) : null;
    return started && entry.path.length ? "started, not finished" : "not played";
  }

  function setUpRecord(record) {
    record.querySelectorAll("[data-record-module]").forEach(function (item) {
      item.querySelector(".record__value").textContent = moduleTicks(item);
    });
    record.querySelectorAll("[data-record-dialogue]").forEach(function (item) {
      item.querySelector(".record__value").textContent = dialogueRecord(item);
    });
    var note = record.querySelector(".training-record__nojs");
    if (note) note.textContent = "Read from this browser on " + today() + ". Nothing here has left your computer.";
    record.setAttribute("data-record-ready", "true");
  }

  function setUpPage() {
    document.querySelectorAll(".dialogue[data-dialogue]").forEach(setUpDialogue);
    document.querySelectorAll("[data-training-record]").forEach(setUpRecord);
  }

  window.CalmlineOnPage(setUpPage);  // from calmline.js, loaded first (mkdocs.yml): every page, instant navigation and file://
})();
