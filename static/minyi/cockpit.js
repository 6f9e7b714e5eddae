/* The cockpit's charts click through like its tables: each data item of an option (see
   minyi/cockpit/charts.py) may carry the `url` of the matters behind it. charts.js draws the
   charts on DOMContentLoaded; this file is loaded after it, so its listener runs once they exist. */
(function () {
  "use strict";

  function link(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-echarts][data-drawn]").forEach(function (el) {
      if (el.dataset.linked) return;
      var chart = window.echarts.getInstanceByDom(el);
      if (!chart) return;
      chart.on("click", function (params) {
        var url = params && params.data && params.data.url;
        if (url) window.location.assign(url);
      });
      chart.getZr().on("mousemove", function (event) {
        el.style.cursor = event.target ? "pointer" : "default";
      });
      el.dataset.linked = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () { link(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) link(event.target);
  });
})();
