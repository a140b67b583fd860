// itreg: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // "/" focuses the global search box, unless the person is typing in a field already.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.querySelector("[data-search-box]");
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  // A form or button with data-confirm="question" asks before it submits; without JavaScript
  // the form simply submits (the server checks everything regardless).
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var submitter = e.submitter;
    var q = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (q && !window.confirm(q)) e.preventDefault();
  }, true);

  // A button with data-copy="element id" copies that element's text (a new token's secret).
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-copy]");
    if (!b || !navigator.clipboard) return;
    var el = document.getElementById(b.getAttribute("data-copy"));
    if (!el) return;
    navigator.clipboard.writeText(el.textContent.trim()).then(function () {
      b.textContent = "Copied";
    });
  });

  // A list swapped in place (filter, sort, page) shows an error answer as a plain link would
  // have shown it, instead of htmx's default of ignoring it.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.boosted && e.detail.xhr.status >= 400) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
})();

// Copy buttons exist only where JavaScript can work them.
document.querySelectorAll("[data-copy][hidden]").forEach(function (b) { b.hidden = false; });
