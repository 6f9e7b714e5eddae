/* The suggestions desk: tick-all and the ticked count on the assignment meeting, and the live
   example of the number format on the settings page. */
(function () {
  "use strict";

  function updateCount() {
    var count = document.querySelectorAll("[data-select-item]:checked").length;
    document.querySelectorAll("[data-select-count]").forEach(function (el) { el.textContent = String(count); });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.hasAttribute("data-select-all")) {
      document.querySelectorAll("[data-select-item]").forEach(function (box) { box.checked = target.checked; });
    }
    if (target.hasAttribute("data-select-all") || target.hasAttribute("data-select-item")) updateCount();
  });

  // A small part of Python's str.format: {name} and {name:0Nd}.
  function example(format) {
    var values = { number: 123, year: new Date().getFullYear(), term: 9, session: 5 };
    var ok = /\{number(:0?\d*d)?\}/.test(format);
    var text = format.replace(/\{(\w+)(?::(0?)(\d*)d)?\}/g, function (all, name, zero, width) {
      if (!(name in values)) { ok = false; return all; }
      var value = String(values[name]);
      var size = parseInt(width || "0", 10);
      while (value.length < size) value = (zero ? "0" : " ") + value;
      return value;
    });
    if (/[{}]/.test(text)) ok = false;
    return ok ? text : null;
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.hasAttribute("data-number-format")) return;
    var shown = document.querySelector("[data-number-example]");
    if (!shown) return;
    var text = example(target.value);
    shown.textContent = text === null ? shown.getAttribute("data-invalid") : text;
  });
  document.addEventListener("DOMContentLoaded", updateCount);
})();
