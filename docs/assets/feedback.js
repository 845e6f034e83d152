/* Calmline: "Due for review since ..." by the reader's clock.
 * Each page's footer carries its next review date (data-review-due, written at
 * build time by macros/feedback.py). A page built months ago can be overdue
 * today, so the browser compares that date with today's and, when it has
 * passed, shows a quiet note under the page title. No request, no storage.
 * Runs on every page of Material's instant navigation and from file://,
 * through window.CalmlineOnPage (calmline.js). */
(function () {
  "use strict";
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* Today in the reader's own time zone, as YYYY-MM-DD (compares as text). */
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function setUp() {
    var old = document.querySelectorAll(".page-stale");
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
    var footer = document.querySelector(".page-feedback[data-review-due]");
    if (!footer) return;
    var due = footer.getAttribute("data-review-due");
    if (!DATE.test(due) || today() <= due) return;
    var note = document.createElement("div");
    note.className = "page-stale";
    note.setAttribute("role", "note");
    note.appendChild(document.createTextNode("Due for review since "));
    var when = document.createElement("time");
    when.setAttribute("datetime", due);
    when.textContent = footer.getAttribute("data-review-due-text") || due;
    note.appendChild(when);
    note.appendChild(document.createTextNode(": check anything that may have changed with " +
      (footer.getAttribute("data-owner") || "the page's owner") + "."));
    var article = footer.closest("article") || document.querySelector("article") || footer.parentNode;
    var title = article.querySelector("h1");
    if (title) {
      title.parentNode.insertBefore(note, title.nextSibling);
    } else {
      article.insertBefore(note, article.firstChild);
    }
  }

  window.CalmlineOnPage(setUp);  // from calmline.js, loaded first (mkdocs.yml): every page, instant navigation and file://
})();
