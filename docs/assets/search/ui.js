/* Calmline search: the search box in the header.
 *
 * Answer first: when the query matches a situation, the first entry is an
 * answer card (first move, best phrase, copy button, link). Then the pages,
 * best first, each with its section and an excerpt with the matched words
 * marked. "/" or "s" focuses the box on every page; arrows move through the
 * results, Enter opens, Escape closes. Every string from the index or the
 * data is set as text; only Pagefind's excerpts (entity-encoded, with <mark>)
 * are parsed, and only <mark> survives.
 *
 * The engine is Pagefind (pagefind/pagefind.js, built by `make build`); the
 * query layer is query.js, fetched with the engine on first use. From file:// (the offline zip) browsers block
 * Pagefind's module and fetches, so offline.js supplies a loader that reads
 * the same files from scripts instead; see scripts/offline.py.
 */
(function () {
  "use strict";
  var Q = null;             // the query layer (query.js): loaded with the engine, on first use
  var script = document.currentScript;
  var ROOT = new URL("../../", script.src);
  var SHOW = 5;             // results shown, each one fragment to download (Pagefind's own UI shows 5 too)
  var ANSWER_MIN = 0.5;     // overlap score that makes a situation the answer
  var ANSWER_WEIGHT = 2.0;  // an answer match adds ANSWER_WEIGHT * score^2 to a page's score
  var TITLE_WEIGHT = 1.0;   // a page whose title says what the query says adds up to this
  var FILLER_PAUSE = 400;   // ms a query of filler words only waits for the next key
  var NAMED = 0.5;         // a title match this strong names the page (titleMatch: 1 when the same words)
  var INTENT_WEIGHT = 1.5; // a page of the kind the query asks for ("wording": phrasebook/) adds this
  var state = { ready: null, seq: 0 };
  /* Pagefind extends every word to the longer words it starts ("no" -> "now");
   * a high termSimilarity ranks those far below the word itself, so in effect
   * only the word being typed is a prefix. Titles count most, then keywords and
   * the page's description (its one-line summary). */
  var RANKING = { termSimilarity: 4.0, metaWeights: { title: 5.0, keywords: 2.0, description: 2.0 } };

  /* ---------- loading (on first focus, never on page load) ---------- */
  /* query.js is needed only to search: it comes with the engine, not with every page. */
  function loadQuery() {
    if (window.CalmlineQuery) return Promise.resolve(window.CalmlineQuery);
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL("assets/search/query.js", ROOT).href;
      s.onload = function () { resolve(window.CalmlineQuery); };
      s.onerror = function () { reject(new Error("could not load the query layer")); };
      document.head.appendChild(s);
    });
  }

  function loadEngine() {
    if (window.CalmlineOfflineSearch) return window.CalmlineOfflineSearch(ROOT);
    var bundle = new URL("pagefind/", ROOT).href;
    return Promise.all([
      import(bundle + "pagefind.js"),
      fetch(new URL("search/calmline.json", ROOT)).then(function (r) { return r.json(); })
    ]).then(function (parts) {
      // On the main thread: searches here are a few milliseconds, and the worker
      // would be one more file to download on the first search.
      return { pagefind: parts[0], data: parts[1], basePath: bundle, noWorker: true };
    });
  }

  /* One first letter's word lists (search/words/<letter>.json). */
  function fetchWords(letter) {
    return fetch(new URL("search/words/" + letter + ".json", ROOT)).then(function (r) {
      if (!r.ok) throw new Error("no word list for " + letter);
      return r.json();
    });
  }

  /* The word lists `query` needs and the vocabulary lacks, each fetched once
   * (s.fetching: the fetches under way). One that fails to load is tried again
   * next time: meanwhile search goes on without it (its words are not corrected).
   * The offline zip has every letter's lists already, so it needs none. */
  function learnWords(s, query) {
    return Promise.all(Q.lettersNeeded(s.idx, query).map(function (letter) {
      if (!s.fetching[letter]) {
        s.fetching[letter] = fetchWords(letter).then(function (lists) { Q.addWords(s.idx, letter, lists); })
          .catch(function () { delete s.fetching[letter]; });
      }
      return s.fetching[letter];
    }));
  }

  function ready() {
    if (!state.ready) {
      state.ready = Promise.all([loadEngine(), loadQuery()]).then(function (parts) {
        var engine = parts[0];
        Q = parts[1];
        return engine.pagefind.options({
          baseUrl: ROOT.pathname, basePath: engine.basePath, noWorker: engine.noWorker, excerptLength: 22, ranking: RANKING
        }).then(function () {
          return { pagefind: engine.pagefind, idx: Q.prepare(engine.data), data: engine.data, fetching: {} };
        });
      });
      state.ready.catch(function () { state.ready = null; });
    }
    return state.ready;
  }

  /* ---------- searching ---------- */
  function quoteless(text) { return text.replace(/"/g, " "); }

  /* Pagefind's results for each word of a concept; `kinds`: only pages under these addresses. */
  function runPagefind(pagefind, concept, kinds) {
    var options = kinds ? { filters: { kind: { any: kinds } } } : undefined;
    return Promise.all(concept.alts.map(function (alt) {
      return pagefind.search(quoteless(alt), options).then(function (found) { return (found && found.results) || []; });
    }));
  }

  function pathOf(url) {
    var path = new URL(url, location.href).pathname;
    var root = ROOT.pathname;
    path = path.indexOf(root) === 0 ? path.slice(root.length) : path.replace(/^\//, "");
    return path.replace(/index\.html$/, "");
  }

  /* Is the page of a kind the query asks for (data/search.yml's intents)? */
  function wanted(understood, page) {
    return understood.intents.some(function (prefix) { return page.indexOf(prefix) === 0; });
  }

  function snapshot(d) {
    return {
      url: d.url, excerpt: d.excerpt, meta: { title: d.meta.title, section: d.meta.section, weight: Number(d.meta.weight) || 1 },
      sub_results: (d.sub_results || []).map(function (s) { return { url: s.url, title: s.title, excerpt: s.excerpt }; })
    };
  }

  /* A retelling of a situation (a practice dialogue, a role-play, a case study:
   * "retells" in calmline.json) goes below that situation when both are found,
   * unless the query asks for its kind ("practise...") or names it: its title
   * says most of the query (NAMED), and more of it than the situation's title
   * does. Mid-call, the agent needs the situation page, not the training that
   * retells it. Nor does a retelling come first when its own situation is not
   * found: the first page that is no retelling (a playbook, another situation)
   * goes above it. */
  function deferRetellings(items, retells) {
    var out = items.slice();
    for (var i = 0; i < out.length; i++) {
      var it = out[i];
      if (!retells[it.page] || it.intended) continue;
      for (var j = i + 1; j < out.length; j++) {
        if (out[j].page === retells[it.page]) {
          if (it.titled < NAMED || it.titled <= out[j].titled) out.splice(i, 0, out.splice(j, 1)[0]);
          break;
        }
      }
    }
    var top = out[0];
    if (top && retells[top.page] && !top.intended && top.titled < NAMED) {
      for (var k = 1; k < out.length; k++) {
        if (!retells[out[k].page]) { out.unshift(out.splice(k, 1)[0]); break; }
      }
    }
    return out;
  }

  function search(query, typing, seq) {
    return ready().then(function (s) {
      return learnWords(s, query).then(function () { return s; });
    }).then(function (s) {
      var understood = Q.understand(s.idx, query, typing);
      if (!understood.concepts.length) return { understood: understood, items: [], total: 0 };
      // A query of filler words only ("customer", "how do i") is mostly the start
      // of a longer one: it waits for a pause, so its results (every page says
      // "customer") are not fetched on the way to the real query.
      if (understood.fillerOnly && seq !== undefined) {
        return new Promise(function (resolve) { window.setTimeout(resolve, FILLER_PAUSE); }).then(function () {
          return seq === state.seq ? rank(s, understood, seq) : null;
        });
      }
      return rank(s, understood, seq);
    });
  }

  /* Search Pagefind for what the query layer understood, and rank the pages found. */
  function rank(s, understood, seq) {
    // A query that says which kind of page it wants (an intent) is searched
    // twice: over the whole site, and over pages of that kind only.
    var kinds = understood.intents.length ? understood.intents : null;
    var runs = understood.concepts.map(function (c) { return runPagefind(s.pagefind, c); });
    if (kinds) runs = runs.concat(understood.concepts.map(function (c) { return runPagefind(s.pagefind, c, kinds); }));
    return Promise.all(runs).then(function (all) {
      if (seq !== undefined && seq !== state.seq) return null;  // a newer query is on its way
      var perConcept = all.slice(0, understood.concepts.length);
      // Per page, the Pagefind result of its best-scoring word: its excerpt marks that word.
      var byId = {};
      all.forEach(function (alts) { alts.forEach(function (list) { list.forEach(function (r) {
        if (!byId[r.id] || r.score > byId[r.id].score) byId[r.id] = r;
      }); }); });
      var fused = Q.fuse(perConcept);
      var answers = Q.matchAnswers(s.idx, understood);
      // Situations where someone may be in danger (safety_first in data/search.yml).
      var safe = function (page) { return (s.data.safety_first || []).indexOf(page) !== -1; };
      var answerOf = {};
      answers.forEach(function (a) { answerOf[a.answer.page] = a; });
      var top = fused.slice(0, SHOW);
      if (kinds) {
        // The best pages of the kind asked for join the candidates.
        var shown = {};
        top.forEach(function (f) { shown[f.id] = true; });
        top = top.concat(Q.fuse(all.slice(understood.concepts.length)).slice(0, SHOW).filter(function (f) { return !shown[f.id]; }));
      }
      // Pagefind shares one object per page between searches: copy what we show at once.
      return Promise.all(top.map(function (f) { return byId[f.id].data().then(snapshot); })).then(function (loaded) {
        var best = top.length ? top[0].score : 1;
        var items = loaded.map(function (d, i) {
          var page = pathOf(d.url);
          var a = answerOf[page];
          var titled = TITLE_WEIGHT * Q.titleMatch(s.idx, understood, d.meta.title);
          var intended = wanted(understood, page);
          // A query that asks for another kind of page ("why do customers...", "what does
          // it mean when...") is about the situation, not for it: its answer match does not
          // raise the situation, except where someone may be in danger (safety_first).
          var answered = a && (!understood.intents.length || intended || safe(page));
          // The folder's weight (boost in data/search.yml) once more here: Pagefind's
          // own weighting saturates, so a role-play could still outrank its situation.
          return { page: page, data: d, answer: a, titled: titled, intended: intended,
                   score: d.meta.weight * top[i].score / best + titled + (intended ? INTENT_WEIGHT : 0) + (answered ? ANSWER_WEIGHT * a.score * a.score : 0) };
        });
        var strongest = answers[0];
        // On a tie, the situation where someone may be in danger counts as the strongest match.
        answers.forEach(function (a) {
          if (strongest && a.score >= strongest.score && safe(a.answer.page)) strongest = a;
        });
        if (strongest && strongest.score >= ANSWER_MIN && !items.some(function (it) { return it.page === strongest.answer.page; })) {
          items.push({ page: strongest.answer.page, data: null, answer: strongest, score: ANSWER_WEIGHT * strongest.score * strongest.score,
                       titled: TITLE_WEIGHT * Q.titleMatch(s.idx, understood, strongest.answer.title), intended: false });
        }
        items.sort(function (x, y) { return y.score - x.score; });
        // Someone may be in danger (safety_first in data/search.yml): that answer card comes first.
        if (strongest && strongest.score >= ANSWER_MIN && !understood.intents.length &&
            safe(strongest.answer.page)) {
          var at = items.map(function (it) { return it.page; }).indexOf(strongest.answer.page);
          if (at > 0) items.unshift(items.splice(at, 1)[0]);
        }
        items = deferRetellings(items, s.data.retells || {});
        return { understood: understood, items: items.slice(0, SHOW), total: fused.length };
      });
    });
  }

  /* ---------- rendering ---------- */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /* Words a customer or an agent may write in any script (a phrase, an
   * excerpt, the query itself) get an element of their own with dir="auto":
   * Arabic or Hebrew runs right to left there, the page stays left to right. */
  function own(node) {
    node.setAttribute("dir", "auto");
    return node;
  }

  /* Pagefind's excerpt is entity-encoded with <mark> around matches: keep only <mark>. */
  function excerptNode(html) {
    var node = own(el("span", "cl-result__excerpt"));
    String(html || "").split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = document.createElement("textarea");
      text.innerHTML = part.replace(/</g, "&lt;");
      node.appendChild(inMark ? el("mark", null, text.value) : document.createTextNode(text.value));
      return inMark;
    }, false);
    return node;
  }

  function href(page, anchor) {
    var url = new URL(page, ROOT).href;
    if (ROOT.protocol === "file:" && /\/$/.test(url)) url += "index.html";
    return url + (anchor || "");
  }

  function bestSub(data) {
    var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; });
    var count = function (s) { return (s.excerpt.match(/<mark>/g) || []).length; };
    subs.sort(function (a, b) { return count(b) - count(a); });
    return subs.length && count(subs[0]) ? subs[0] : null;
  }

  function anchorOf(url) {
    var i = url.indexOf("#");
    return i === -1 ? "" : url.slice(i);
  }

  function answerCard(item) {
    var a = item.answer.answer;
    var box = el("div", "cl-answer");
    var link = el("a", "cl-answer__link cl-search__link");
    link.href = href(a.page);
    link.appendChild(el("span", "cl-answer__kind", "Situation"));
    link.appendChild(el("span", "cl-answer__title", a.title));
    box.appendChild(link);
    if (a.move) {
      var move = el("p", "cl-answer__move");
      move.appendChild(el("strong", null, "First move: "));
      move.appendChild(own(el("span", "cl-answer__move-text", a.move)));
      box.appendChild(move);
    }
    if (a.card) {
      var say = own(el("p", "cl-answer__say", "\u201c" + a.card.say + "\u201d"));
      box.appendChild(say);
      var copy = el("button", "phrase-copy cl-answer__copy", "Copy");
      copy.type = "button";
      copy.setAttribute("data-copy", a.card.say);
      copy.appendChild(el("span", "cl-visually-hidden", " the words: " + a.card.say));
      box.appendChild(copy);
    }
    return box;
  }

  function resultItem(item) {
    var li = el("li", "cl-result");
    var d = item.data;
    var link = el("a", "cl-result__link cl-search__link");
    var sub = d ? bestSub(d) : null;
    link.href = href(item.page, sub ? anchorOf(sub.url) : "");
    link.appendChild(el("span", "cl-result__title", d ? d.meta.title : item.answer.answer.title));
    var where = [d && d.meta.section].concat(sub ? [sub.title] : []).filter(Boolean).join(" \u203a ");
    if (where) link.appendChild(el("span", "cl-result__section", where));
    if (d) link.appendChild(excerptNode(sub ? sub.excerpt : d.excerpt));
    li.appendChild(link);
    return li;
  }

  function noResults(box, query, data) {
    var wrap = el("div", "cl-empty");
    var none = el("p", "cl-empty__title", "Nothing on the site matches ");
    none.appendChild(own(el("span", null, "\u201c" + query + "\u201d")));
    none.appendChild(document.createTextNode("."));
    wrap.appendChild(none);
    wrap.appendChild(el("p", null, "Try the customer's own words, or pick the situation:"));
    var tiles = el("ul", "cl-empty__tiles");
    (data.answers || []).forEach(function (a) {
      var li = el("li");
      var link = el("a", "cl-search__link", a.title);
      link.href = href(a.page);
      li.appendChild(link);
      tiles.appendChild(li);
    });
    wrap.appendChild(tiles);
    var report = box.getAttribute("data-report");
    if (report) {
      var ask = el("a", "cl-empty__report cl-search__link", "Tell the editors what you searched for");
      /* The issue form .github/ISSUE_TEMPLATE/search-miss.yml: its field ids are query and page. */
      ask.href = report + "?template=search-miss.yml&labels=search-miss&title=" +
        encodeURIComponent("Search found nothing: " + query) + "&query=" + encodeURIComponent(query) +
        "&page=" + encodeURIComponent(location.href);
      ask.target = "_blank";
      ask.rel = "noopener noreferrer";
      ask.appendChild(el("span", "cl-visually-hidden", " (opens GitHub in a new tab)"));
      var p = el("p");
      p.appendChild(ask);
      wrap.appendChild(p);
    }
    return wrap;
  }

  function render(box, result, data) {
    var panel = box.querySelector(".cl-search__results");
    var status = box.querySelector(".cl-search__status");
    panel.textContent = "";
    var u = result.understood;
    if (u.shown) {
      var note = el("p", "cl-results__note", "Showing results for ");
      note.appendChild(own(el("strong", null, u.shown)));
      panel.appendChild(note);
    }
    var items = result.items;
    if (!items.length) {
      panel.appendChild(noResults(box, u.query.trim(), data));
      status.textContent = "No results.";
    } else {
      var rest = items;
      if (items[0].answer && items[0].answer.score >= ANSWER_MIN) {
        panel.appendChild(answerCard(items[0]));
        rest = items.slice(1);
      }
      if (rest.length) {
        var list = el("ol", "cl-results__list");
        rest.forEach(function (it) { list.appendChild(resultItem(it)); });
        panel.appendChild(list);
      }
      var first = items[0].data ? items[0].data.meta.title : items[0].answer.answer.title;
      status.textContent = items.length + (items.length === 1 ? " result" : " results") + ". First: " + first + ".";
    }
    open(box, true);
  }

  /* ---------- behaviour ---------- */
  function open(box, show) {
    var panel = box.querySelector(".cl-search__results");
    panel.hidden = !show || !panel.firstChild;
  }

  function update(box) {
    var input = box.querySelector(".cl-search__input");
    var value = input.value;  // at most 200 characters (the box's maxlength; query.js cuts there too)
    var seq = ++state.seq;
    if (!value.trim()) {
      box.querySelector(".cl-search__results").textContent = "";
      box.querySelector(".cl-search__status").textContent = "";
      open(box, false);
      return;
    }
    var typing = !/\s$/.test(value);
    var started = performance.now();
    search(value, typing, seq).then(function (result) {
      if (!result || seq !== state.seq) return;
      return ready().then(function (s) {
        render(box, result, s.data);
        box.setAttribute("data-search-ms", String(Math.round(performance.now() - started)));
        box.dispatchEvent(new CustomEvent("calmline:results", { detail: { query: value, pages: result.items.map(function (i) { return i.page; }) } }));
      });
    }).catch(function (err) {
      if (seq !== state.seq) return;
      box.querySelector(".cl-search__status").textContent = "Search is not available right now.";
      if (window.console) console.warn("Calmline search:", err);
    });
  }

  function links(box) {
    return Array.prototype.slice.call(box.querySelectorAll(".cl-search__results a"));
  }

  function focusBox(box) {
    box.classList.add("cl-search--open");
    var input = box.querySelector(".cl-search__input");
    input.focus();
    input.select();
    ready();
  }

  function close(box, refocus) {
    open(box, false);
    if (refocus) box.querySelector(".cl-search__input").focus();
    else box.classList.remove("cl-search--open");
  }

  function setUp(box) {
    if (box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "true");
    var input = box.querySelector(".cl-search__input");
    var toggle = box.querySelector(".cl-search__toggle");
    var timer = null;
    input.addEventListener("focus", function () { ready(); open(box, true); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { update(box); }, 0);
    });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links(box)[0];
      if (first) first.click();
    });
    if (toggle) toggle.addEventListener("click", function () {
      if (box.classList.contains("cl-search--open")) close(box, false);
      else focusBox(box);
    });
    box.addEventListener("keydown", function (event) {
      var all = links(box);
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        var panel = box.querySelector(".cl-search__results");
        if (!panel.hidden) close(box, true);
        else { input.blur(); box.classList.remove("cl-search--open"); }
      } else if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        open(box, true);
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at !== -1) {
        event.preventDefault();
        if (at === 0) input.focus();
        else all[at - 1].focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) {
        open(box, false);
        if (document.activeElement !== input) box.classList.remove("cl-search--open");
      }
    });
  }

  /* "/" and "s" focus search from anywhere but a text field. Capture phase on
   * window, so Material's own shortcuts never see these keys. */
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "S") return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    var box = document.querySelector("[data-cl-search]");
    if (!box) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    focusBox(box);
  }, true);

  function setUpPage() {
    var box = document.querySelector("[data-cl-search]");
    if (!box) return;
    setUp(box);
    // A new page closes the dropdown, unless the reader is already in the box
    // (they pressed "/" before the page's set-up ran, on a slow machine).
    if (!box.contains(document.activeElement)) close(box, false);
  }

  // Material's document$ fires on every instant-navigation page; from file://
  // it may never fire, so also set up once the document is ready (idempotent).
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUpPage);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPage);
  else setUpPage();

  window.CalmlineSearch = { search: search, ready: ready };
})();
