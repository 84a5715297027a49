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

  // Selects with data-hj-searchable (unit trees) get a search box before them: typing keeps the
  // options whose name contains the text, with the units above them, and hides the others.
  function makeSearchable(select) {
    if (select.hasAttribute("data-hj-search-ready")) { return; }
    select.setAttribute("data-hj-search-ready", "");
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control hj-search hj-unit-search";
    box.placeholder = select.getAttribute("data-hj-searchable") || "查找";
    box.setAttribute("aria-label", box.placeholder);
    select.parentNode.insertBefore(box, select);
    select.parentNode.classList.add("d-flex", "gap-1");
    box.addEventListener("input", function () {
      var text = box.value.trim();
      var options = Array.prototype.slice.call(select.options);
      var depth = function (o) { return o.text.length - o.text.replace(/^\u3000+/, "").length; };
      var show = options.map(function (o) { return !text || o.value === "" || o.text.indexOf(text) !== -1; });
      // Keep the ancestors of a match so a village shows under its town and county.
      for (var i = options.length - 1; i >= 0; i--) {
        if (!show[i] || !text) { continue; }
        var d = depth(options[i]);
        for (var j = i - 1; j >= 0 && d > 0; j--) {
          if (depth(options[j]) < d) { show[j] = true; d = depth(options[j]); }
        }
      }
      var first = null;
      options.forEach(function (o, k) {
        o.hidden = !show[k];
        if (show[k] && o.value && first === null && o.text.indexOf(text) !== -1) { first = o; }
      });
      if (text && first) { select.value = first.value; }
    });
  }
  document.querySelectorAll("select[data-hj-searchable]").forEach(makeSearchable);

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

  // Searchable pickers (core.pickers.PickerWidget): the server lists matches under the search box;
  // a click, or Enter on a match, fills the hidden value. Arrow keys move between the matches,
  // Escape closes the list; Enter in the box takes the first match.
  function picker(el) { return el.closest ? el.closest("[data-hj-picker]") : null; }
  function closeList(box) {
    var list = box.querySelector(".hj-picker-list");
    list.innerHTML = "";
    box.querySelector("input[type=search]").setAttribute("aria-expanded", "false");
  }
  function choose(option) {
    var box = picker(option);
    box.querySelector("[data-hj-picker-value]").value = option.getAttribute("data-hj-pick");
    var search = box.querySelector("input[type=search]");
    search.value = option.getAttribute("data-hj-pick-label");
    closeList(box);
    search.focus();
  }
  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest("[data-hj-pick]") : null;
    if (option) { event.preventDefault(); choose(option); }
  });
  document.addEventListener("input", function (event) {
    var box = picker(event.target);
    if (box && event.target.type === "search") {
      box.querySelector("[data-hj-picker-value]").value = "";  // typed again: nothing picked yet
    }
  });
  document.addEventListener("keydown", function (event) {
    var box = picker(event.target);
    if (!box) { return; }
    var options = Array.prototype.slice.call(box.querySelectorAll("[data-hj-pick]"));
    var at = options.indexOf(event.target);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) { return; }
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next >= options.length) { next = options.length - 1; }
      if (next < 0) { box.querySelector("input[type=search]").focus(); return; }
      options[next].focus();
    } else if (event.key === "Escape") {
      closeList(box);
      box.querySelector("input[type=search]").focus();
    } else if (event.key === "Enter" && event.target.type === "search" && options.length) {
      event.preventDefault();
      choose(options[0]);
    }
  });
  // Focusing a box that holds a pick (after choosing, or a form shown again) lists nothing: the
  // search would be for the pick's label. Typing clears the pick first, then searches.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = picker(event.detail.elt);
    if (box && event.detail.elt.type === "search" && box.querySelector("[data-hj-picker-value]").value) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = picker(event.target);
    if (box) {
      box.querySelector("input[type=search]").setAttribute(
        "aria-expanded", box.querySelector("[data-hj-pick]") ? "true" : "false");
    }
  });
})();
