// 换届通 page behaviour. Loaded as a static file: the CSP forbids inline scripts.
(function () {
  "use strict";

  // Elements with data-hj-confirm ask before submitting (e.g. deactivate a unit).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-hj-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // Links with data-hj-print open the browser's print dialog (print views).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-hj-print]") : null;
    if (link) {
      event.preventDefault();
      window.print();
    }
  });

  // Selects with data-hj-autosubmit submit their form on change (filters, page size).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-hj-autosubmit]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  // Tree: toggling an already loaded node only shows/hides its children (no second request).
  document.addEventListener("click", function (event) {
    var btn = event.target.closest ? event.target.closest("[data-hj-tree-toggle]") : null;
    if (!btn) { return; }
    var li = btn.closest("li");
    var children = li && li.querySelector(":scope > .hj-children");
    if (children && children.hasAttribute("data-loaded")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var hidden = children.classList.toggle("d-none");
      btn.setAttribute("aria-expanded", hidden ? "false" : "true");
      var icon = btn.querySelector("i");
      if (icon) { icon.className = hidden ? "bi bi-caret-right-fill" : "bi bi-caret-down-fill"; }
    }
  }, true);

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains("hj-children")) {
      target.setAttribute("data-loaded", "1");
      target.classList.remove("d-none");
      var li = target.closest("li");
      var btn = li && li.querySelector("[data-hj-tree-toggle]");
      if (btn) {
        btn.setAttribute("aria-expanded", "true");
        var icon = btn.querySelector("i");
        if (icon) { icon.className = "bi bi-caret-down-fill"; }
      }
    }
  });
})();
