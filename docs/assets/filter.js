/* Calmline: the filter box on "The customer says...". Plain JavaScript, no
 * external code, every string set as text.
 *
 * As you type, a row stays only if it holds every word you typed (case and
 * accents ignored); a group (an h2 and what follows it up to the next h2) with
 * no row left is hidden; a live region says how many sayings match. Escape
 * clears the box. Material's instant navigation swaps pages without
 * reloading, so set-up runs on each `document$` emission and the input is
 * handled by delegation on the document. */
(function () {
  "use strict";
  var BOX = "[data-says-filter]";

  /* Lower case, accents off, curly apostrophes straight, spaces squeezed. */
  function fold(text) {
    return String(text == null ? "" : text)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019]/g, "'")
      .toLowerCase()
      .replace(/\s+/g, " ");
  }

  function wordsOf(query) {
    return fold(query).split(/[\s"“”.,!?;:()]+/).filter(Boolean);
  }

  /* The groups of the page: each h2 that has a table of sayings before the
   * next h2, with every element from that h2 up to the next. */
  function groupsOf(container) {
    var groups = [];
    var current = null;
    Array.prototype.forEach.call(container.children, function (el) {
      if (el.tagName === "H2") {
        current = { parts: [el], rows: [] };
        groups.push(current);
      } else if (current) {
        current.parts.push(el);
        // Material wraps each table in two divs, so look inside whatever this is.
        current.rows = current.rows.concat(Array.prototype.slice.call(el.querySelectorAll("tbody tr")));
      }
    });
    return groups.filter(function (g) { return g.rows.length > 0; });
  }

  function status(box, message) {
    var region = box.querySelector(".says-filter__status");
    if (region) region.textContent = message;
  }

  /* Hidden by the attribute (for assistive technology) and by a class, since
   * Material gives tables and their wrappers a display that beats [hidden]. */
  function show(el, visible) {
    el.hidden = !visible;
    el.classList.toggle("says-out", !visible);
  }

  function apply(box, cleared) {
    var input = box.querySelector("input[type=search]");
    var words = wordsOf(input ? input.value : "");
    var total = 0;
    var shown = 0;
    groupsOf(box.parentElement).forEach(function (group) {
      var left = 0;
      group.rows.forEach(function (row) {
        var text = fold(row.textContent);
        var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
        show(row, keep);
        total += 1;
        if (keep) left += 1;
      });
      shown += left;
      group.parts.forEach(function (el) { show(el, left > 0); });
    });
    if (!words.length) {
      status(box, cleared ? "Filter cleared: all " + total + " sayings shown." : "");
    } else if (shown === 0) {
      status(box, "No saying matches: try fewer words.");
    } else {
      status(box, shown + (shown === 1 ? " saying matches." : " sayings match."));
    }
    box.setAttribute("data-says-shown", String(words.length ? shown : total));
  }

  function boxOf(target) {
    return target && target.closest ? target.closest(BOX) : null;
  }

  document.addEventListener("input", function (event) {
    var box = boxOf(event.target);
    if (box) apply(box);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var box = boxOf(event.target);
    if (!box) return;
    var input = box.querySelector("input[type=search]");
    if (!input || input.value === "") return;
    event.preventDefault();
    input.value = "";
    apply(box, true);
  });

  function setUpPage() {
    var box = document.querySelector(BOX);
    if (!box) return;
    box.hidden = false;  // without this script the box would do nothing, so it stays hidden
    apply(box);
  }

  window.CalmlineOnPage(setUpPage);  // from calmline.js, loaded first
})();
