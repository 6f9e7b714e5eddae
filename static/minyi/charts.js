/* ECharts without inline scripts (the CSP forbids them). A view passes the chart's option as data;
   the template prints it with json_script (a JSON block, which is not executed) and points an
   element at it:

     {{ option|json_script:"chart-monthly" }}
     <div class="app-chart" data-echarts="chart-monthly"></div>
     {% block scripts %}
       <script src="{% static 'vendor/echarts/echarts.min.js' %}" defer></script>
       <script src="{% static 'minyi/charts.js' %}" defer></script>
     {% endblock %}

   The option is plain JSON, so no formatter functions; use ECharts' string templates
   ("{b}: {c}") instead. Charts are drawn again when htmx swaps new ones in, and resize with the
   window. */
(function () {
  "use strict";

  var PALETTE = ["#1f4e8c", "#a8181d", "#d08a1e", "#2b7a3d", "#6a4c93", "#2f8f9d", "#8c8c8c"];
  var FONT = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-echarts]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.echarts);
      if (!source) return;
      var option = JSON.parse(source.textContent);
      if (!option.color) option.color = PALETTE;
      option.textStyle = Object.assign({ fontFamily: FONT }, option.textStyle || {});
      if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) option.animation = false;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option);
      el.dataset.drawn = "1";
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      document.querySelectorAll("[data-echarts][data-drawn]").forEach(function (el) {
        var chart = window.echarts && window.echarts.getInstanceByDom(el);
        if (chart) chart.resize();
      });
    }, 150);
  });

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) draw(event.target);
  });
})();
