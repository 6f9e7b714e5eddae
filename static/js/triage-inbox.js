/* The opinions inbox (desk): tick all, the bulk buttons enabled only with something ticked, and
   the export link and the filter form kept in step with the list htmx swaps in. No inline script
   (CSP): the page marks what to act on with data-* attributes. */
(function () {
  "use strict";

  function results() {
    return document.querySelector("[data-inbox-results]");
  }

  function refreshBulk() {
    var root = results();
    if (!root) return;
    var items = root.querySelectorAll("[data-bulk-item]");
    var ticked = root.querySelectorAll("[data-bulk-item]:checked").length;
    var count = root.querySelector("[data-bulk-count]");
    if (count) count.textContent = String(ticked);
    root.querySelectorAll("[data-bulk-button]").forEach(function (button) { button.disabled = ticked === 0; });
    var all = root.querySelector("[data-select-all]");
    if (all) {
      all.checked = items.length > 0 && ticked === items.length;
      all.indeterminate = ticked > 0 && ticked < items.length;
    }
  }

  function syncFromResults() {
    var root = results();
    if (!root) return;
    var query = root.getAttribute("data-query") || "";
    var link = document.getElementById("inbox-export");
    if (link) link.setAttribute("href", link.getAttribute("data-export-base") + (query ? "?" + query : ""));
    var form = document.getElementById("inbox-filters");
    if (form && form.elements.status) form.elements.status.value = root.getAttribute("data-status") || "";
    refreshBulk();
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof Element)) return;
    if (el.matches("[data-select-all]")) {
      var root = results();
      if (root) root.querySelectorAll("[data-bulk-item]").forEach(function (box) { box.checked = el.checked; });
    }
    if (el.matches("[data-select-all], [data-bulk-item]")) refreshBulk();
  });

  // Empty filters stay out of the address the list is pushed to: ?q=路灯 rather than ?status=&q=路灯&category=….
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "inbox-filters") return;
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "" || (name === "sort" && parameters[name] === "-created")) delete parameters[name];
    });
  });

  document.addEventListener("htmx:afterSwap", syncFromResults);
  document.addEventListener("DOMContentLoaded", syncFromResults);
})();
