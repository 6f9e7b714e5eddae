/* The big screen (大屏): draws the figures the page carries (json_script "scr-data"), then fetches
   data.json every refresh interval and draws again. Configuration comes from "scr-config": the data
   URL, the interval, the time zone and the page's words.

   - The 1920×1080 stage is scaled to the window, keeping its proportions.
   - 404/410 from data.json: the address was never issued or was revoked; the figures are blanked and
     a notice says so, and the screen stops asking.
   - Any other failure (network, server): the last figures stay, a small "reconnecting" mark shows,
     and the screen asks again sooner; the mark goes when an answer comes.
   - Charts are made once and given new data on each refresh, so a screen that runs for days does not
     pile up chart instances or DOM nodes. */
(function () {
  "use strict";

  var STAGE_WIDTH = 1920;
  var STAGE_HEIGHT = 1080;
  var RETRY_SECONDS = 10;
  var FETCH_TIMEOUT_MS = 20000;
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var TEXT = "#d8e8ff";
  var DIM = "#7f9cc7";
  var GRID_LINE = "rgba(64, 156, 255, 0.14)";
  var PALETTES = {
    volume: ["#12386e", "#1f6fd1", "#39c5ff", "#a5f3ff"],
    rate: ["#ff6b6b", "#ffc857", "#39c5ff", "#3ee6a0"],
    alarm: ["#1d4e89", "#ffc857", "#ff8a3d", "#ff4d4f"]
  };
  var NO_DATA_FILL = "#16263f";

  var stage = document.getElementById("scr-stage");
  var configNode = document.getElementById("scr-config");
  var dataNode = document.getElementById("scr-data");
  if (!stage || !configNode || !dataNode) return;
  var config = JSON.parse(configNode.textContent);
  var labels = config.labels || {};
  var lang = document.documentElement.lang || "zh-CN";
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var charts = {};
  var timer = null;
  var clockOffset = 0; // server time minus this machine's time, so a wrong local clock is not shown
  var refreshSeconds = Math.max(1, config.refreshSeconds || 60);
  var stopped = false;
  var scale = 1;

  // --- Formatting -------------------------------------------------------------------------------

  var counts = new Intl.NumberFormat(lang);
  var clockFormat = new Intl.DateTimeFormat(lang, { timeZone: config.timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  var dateFormat = new Intl.DateTimeFormat(lang, { timeZone: config.timeZone, year: "numeric", month: "long", day: "numeric", weekday: "long" });
  var monthFormat = new Intl.DateTimeFormat(lang, { month: "short", timeZone: "UTC" });

  function display(key, value) {
    if (value === null || value === undefined) return "—";
    if (/_rate$/.test(key)) return (value * 100).toFixed(1);
    if (key === "avg_days_working") return Number(value).toFixed(1);
    return counts.format(value);
  }

  function monthLabel(text) {
    var parts = text.split("-");
    return monthFormat.format(new Date(Date.UTC(Number(parts[0]), Number(parts[1]) - 1, 1)));
  }

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  // --- Stage and clock --------------------------------------------------------------------------

  function fit() {
    var width = window.innerWidth;
    var height = window.innerHeight;
    scale = Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
    var left = Math.max(0, (width - STAGE_WIDTH * scale) / 2);
    var top = Math.max(0, (height - STAGE_HEIGHT * scale) / 2);
    stage.style.transform = "translate(" + left + "px, " + top + "px) scale(" + scale + ")";
  }

  function tick() {
    var now = new Date(Date.now() + clockOffset);
    setText(document.getElementById("scr-clock"), clockFormat.format(now));
    setText(document.getElementById("scr-date"), dateFormat.format(now));
  }

  // --- Charts -----------------------------------------------------------------------------------

  function chart(id) {
    if (charts[id]) return charts[id];
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    // Canvas: a screen redraws for hours, and SVG would rebuild thousands of nodes each time.
    charts[id] = window.echarts.init(el, null, { renderer: "canvas", devicePixelRatio: Math.max(window.devicePixelRatio || 1, scale) });
    return charts[id];
  }

  function base() {
    return {
      animation: !reducedMotion,
      animationDurationUpdate: 700,
      textStyle: { fontFamily: FONT, color: TEXT },
      tooltip: { show: false }
    };
  }

  function emptyGraphic(text) {
    return [{ type: "text", left: "center", top: "middle", style: { text: text, fill: DIM, font: "20px " + FONT } }];
  }

  function drawFunnel(stages) {
    // The stages as bars from collection down, each with its share of what was collected: the
    // stages are not nested (on-the-spot resolution skips the units), so no tapering shape.
    var c = chart("scr-funnel");
    if (!c) return;
    var collected = stages.length ? stages[0].count : 0;
    var colours = ["#39c5ff", "#7dd3fc", "#a78bfa", "#2f8cff", "#3ee6a0", "#9ef5c8"];
    var option = base();
    option.grid = { left: 8, right: 132, top: 8, bottom: 4, containLabel: true };
    option.xAxis = { type: "value", show: false, max: Math.max(collected, 1) };
    option.yAxis = {
      type: "category", inverse: true, data: stages.map(function (stage) { return stage.label; }),
      axisLine: { show: false }, axisTick: { show: false }, axisLabel: { color: TEXT, fontSize: 18, width: 120, overflow: "truncate" }
    };
    option.series = [{
      id: "funnel", type: "bar", barWidth: 22, showBackground: true,
      backgroundStyle: { color: "rgba(127, 156, 199, 0.10)", borderRadius: 4 },
      data: stages.map(function (stage, i) {
        var share = collected ? " · " + (stage.count * 100 / collected).toFixed(1) + "%" : "";
        return {
          value: stage.count,
          itemStyle: { color: colours[i % colours.length], borderRadius: 4 },
          label: { show: true, position: "right", distance: 10, color: "#fff", fontSize: 18, fontWeight: 600,
                   formatter: counts.format(stage.count) + (i ? share : "") }
        };
      })
    }];
    option.graphic = stages.length ? [] : emptyGraphic(labels.no_data);
    c.setOption(option, { replaceMerge: ["series", "graphic"] });
  }

  function drawCategories(rows) {
    var c = chart("scr-categories");
    if (!c) return;
    var option = base();
    option.grid = { left: 8, right: 56, top: 6, bottom: 4, containLabel: true };
    option.xAxis = { type: "value", show: false };
    option.yAxis = {
      type: "category", inverse: true, data: rows.map(function (r) { return r.label; }),
      axisLine: { show: false }, axisTick: { show: false }, axisLabel: { color: TEXT, fontSize: 17, width: 150, overflow: "truncate" }
    };
    option.series = [{
      id: "categories", type: "bar", barWidth: 14, data: rows.map(function (r) { return r.collected; }),
      showBackground: true, backgroundStyle: { color: "rgba(127, 156, 199, 0.10)", borderRadius: 7 },
      itemStyle: { borderRadius: 7, color: new window.echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: "#1e7bff" }, { offset: 1, color: "#39c5ff" }]) },
      label: { show: true, position: "right", color: "#fff", fontSize: 17, fontWeight: 600 }
    }];
    option.graphic = rows.length ? [] : emptyGraphic(labels.categories_empty);
    c.setOption(option, { replaceMerge: ["series", "graphic"] });
  }

  function drawTrend(months) {
    var c = chart("scr-trend");
    if (!c) return;
    var option = base();
    option.legend = { top: 0, right: 8, textStyle: { color: DIM, fontSize: 16 }, itemWidth: 16, itemHeight: 10 };
    option.grid = { left: 8, right: 8, top: 34, bottom: 4, containLabel: true };
    option.xAxis = {
      type: "category", data: months.map(function (m) { return monthLabel(m.month); }),
      axisLine: { lineStyle: { color: GRID_LINE } }, axisTick: { show: false }, axisLabel: { color: DIM, fontSize: 15 }
    };
    option.yAxis = [
      { type: "value", splitLine: { lineStyle: { color: GRID_LINE } }, axisLabel: { color: DIM, fontSize: 14 }, minInterval: 1 },
      { type: "value", min: 0, max: 100, splitLine: { show: false }, axisLabel: { color: DIM, fontSize: 14, formatter: "{value}%" } }
    ];
    option.series = [
      { id: "collected", name: labels.trend_collected, type: "bar", barGap: "10%", barWidth: 12, itemStyle: { color: "#2f8cff", borderRadius: [4, 4, 0, 0] },
        data: months.map(function (m) { return m.collected; }) },
      { id: "completed", name: labels.trend_completed, type: "bar", barWidth: 12, itemStyle: { color: "#3ee6a0", borderRadius: [4, 4, 0, 0] },
        data: months.map(function (m) { return m.completed; }) },
      { id: "on_time", name: labels.trend_on_time, type: "line", yAxisIndex: 1, smooth: true, symbolSize: 6, connectNulls: false,
        lineStyle: { color: "#ffc857", width: 3 }, itemStyle: { color: "#ffc857" },
        data: months.map(function (m) { return m.on_time_rate === null ? "-" : m.on_time_rate; }) }
    ];
    c.setOption(option, { replaceMerge: ["series"] });
  }

  function readableOn(colour) {
    var rgba = window.echarts.color.parse(colour) || [0, 0, 0, 1];
    var luminance = (0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]) / 255;
    return luminance > 0.6 ? "#04122b" : "#ffffff";
  }

  function clamp(value, low, high) {
    return Math.max(low, Math.min(high, value));
  }

  function bestColumns(n, width, height) {
    // Equal tiles, a little wider than high, with as few empty places in the grid as can be.
    var best = 1;
    var bestScore = Infinity;
    for (var cols = 1; cols <= Math.max(1, n); cols++) {
      var rows = Math.ceil(n / cols);
      var shape = Math.abs(Math.log((width / cols) / (height / rows) / 1.5));
      var score = shape + 1.2 * (rows * cols - n) / Math.max(1, n);
      if (score < bestScore) {
        best = cols;
        bestScore = score;
      }
    }
    return best;
  }

  function drawMap(map) {
    var c = chart("scr-map");
    if (!c) return;
    var regions = map.regions || [];
    var el = document.getElementById("scr-map");
    var legendSpace = 56;
    var width = el.clientWidth || 900;
    var height = Math.max(1, (el.clientHeight || 480) - legendSpace);
    var n = regions.length;
    var cols = bestColumns(n, width, height);
    var rows = n ? Math.ceil(n / cols) : 1;
    var measured = [];
    var missing = [];
    var values = [];
    regions.forEach(function (region, i) {
      var item = { name: region.name, value: [i, region.value === null ? 0 : region.value], region: region };
      if (region.value === null) {
        missing.push(item);
      } else {
        measured.push(item);
        values.push(region.value);
      }
    });
    var low = values.length ? Math.min.apply(null, values) : 0;
    var high = values.length ? Math.max.apply(null, values) : 1;
    if (map.unit === "%") {
      low = Math.min(Math.floor(low / 10) * 10, 90);
      high = 100;
    }
    if (high <= low) high = low + 1;
    var lists = [measured, missing];

    function renderTile(params, api) {
      var item = lists[params.seriesIndex][params.dataIndex];
      var i = api.value(0);
      var gap = 12;
      var W = api.getWidth();
      var cellWidth = (W - gap * (cols - 1)) / cols;
      var cellHeight = (height - gap * (rows - 1)) / rows;
      var row = Math.floor(i / cols);
      var col = i % cols;
      var inRow = row === rows - 1 ? n - cols * (rows - 1) : cols;
      var x = (cols - inRow) * (cellWidth + gap) / 2 + col * (cellWidth + gap);
      var y = row * (cellHeight + gap);
      var fill = params.seriesIndex === 0 ? api.visual("color") : NO_DATA_FILL;
      var ink = params.seriesIndex === 0 ? readableOn(fill) : DIM;
      var region = item.region;
      var valueText = region.value === null ? labels.map_no_matters : (map.unit === "%" ? region.value.toFixed(1) + "%" : counts.format(region.value));
      var nameSize = clamp(Math.min(cellWidth / 7, cellHeight / 4.2), 13, 32);
      var valueSize = clamp(Math.min(cellWidth / 5, cellHeight / 2.8), 14, 54);
      if (region.value === null) valueSize = clamp(valueSize * 0.5, 12, 22);
      return {
        type: "group",
        children: [
          { type: "rect", shape: { x: x, y: y, width: cellWidth, height: cellHeight, r: 6 },
            style: { fill: fill, stroke: "rgba(57, 197, 255, 0.35)", lineWidth: 1 } },
          { type: "text", style: { x: x + cellWidth / 2, y: y + cellHeight * 0.34, text: item.name, fill: ink, align: "center", verticalAlign: "middle",
            font: "600 " + nameSize + "px " + FONT, width: cellWidth - 10, overflow: "truncate" } },
          { type: "text", style: { x: x + cellWidth / 2, y: y + cellHeight * 0.68, text: valueText, fill: ink, align: "center", verticalAlign: "middle",
            font: "700 " + valueSize + "px " + FONT, width: cellWidth - 10, overflow: "truncate" } }
        ]
      };
    }

    var option = base();
    option.visualMap = [{
      type: "continuous", seriesIndex: 0, dimension: 1, min: low, max: high, calculable: false, realtime: false,
      orient: "horizontal", left: "center", bottom: 4, itemWidth: 14, itemHeight: 420,
      text: [counts.format(Math.round(high)) + map.unit, counts.format(Math.round(low)) + map.unit],
      textGap: 12, textStyle: { color: TEXT, fontSize: 16 },
      inRange: { color: PALETTES[map.scale] || PALETTES.volume }
    }];
    option.series = [
      { id: "measured", type: "custom", coordinateSystem: "none", renderItem: renderTile, data: measured, animation: false },
      { id: "missing", type: "custom", coordinateSystem: "none", renderItem: renderTile, data: missing, animation: false }
    ];
    option.graphic = n ? [] : emptyGraphic(labels.no_data);
    c.setOption(option, { replaceMerge: ["series", "visualMap", "graphic"] });
  }

  // --- Lists drawn as HTML ------------------------------------------------------------------------

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function drawTopics(topics) {
    var box = document.getElementById("scr-topics");
    if (!box) return;
    var fragment = document.createDocumentFragment();
    if (!topics.length) fragment.appendChild(node("div", "scr-empty", labels.topics_empty));
    topics.forEach(function (topic, i) {
      var size = i === 0 ? 1 : i < 4 ? 2 : i < 10 ? 3 : 4;
      var chip = node("span", "scr-topic scr-topic--" + size);
      chip.appendChild(node("b", "", topic.word));
      chip.appendChild(node("small", "", counts.format(topic.count)));
      fragment.appendChild(chip);
    });
    box.replaceChildren(fragment);
  }

  function drawProjects(projects) {
    var box = document.getElementById("scr-projects");
    if (!box) return;
    var fragment = document.createDocumentFragment();
    if (!projects.items.length) {
      fragment.appendChild(node("div", "scr-empty", labels.projects_empty));
    } else {
      var head = node("div", "scr-projects-head");
      head.appendChild(node("span", "", projects.title));
      var average = node("span", "", labels.projects_average + " ");
      average.appendChild(node("b", "", projects.average_progress.toFixed(1) + "%"));
      head.appendChild(average);
      fragment.appendChild(head);
      projects.items.forEach(function (item) {
        var row = node("div", "scr-project" + (item.progress >= 100 ? " scr-project--done" : ""));
        var name = node("div", "scr-project-name");
        name.appendChild(node("i", "", String(item.number).padStart(2, "0")));
        name.appendChild(document.createTextNode(item.name));
        name.title = item.unit;
        row.appendChild(name);
        row.appendChild(node("div", "scr-project-percent", item.progress + "%"));
        var bar = node("div", "scr-project-bar");
        var fill = node("span");
        fill.style.width = Math.max(0, Math.min(100, item.progress)) + "%";
        bar.appendChild(fill);
        row.appendChild(bar);
        fragment.appendChild(row);
      });
    }
    box.replaceChildren(fragment);
  }

  // --- One refresh --------------------------------------------------------------------------------

  function render(data) {
    var generated = Date.parse(data.generated_at);
    if (!isNaN(generated)) clockOffset = generated - Date.now();
    refreshSeconds = Math.max(1, data.refresh_seconds || refreshSeconds);
    setText(document.querySelector("[data-field=period]"), data.period);
    setText(document.querySelector("[data-field=map-label]"), data.map.label);
    document.querySelectorAll("[data-kpi]").forEach(function (tile) {
      var key = tile.getAttribute("data-kpi");
      setText(tile.querySelector(".scr-kpi-number"), display(key, data.kpis[key]));
    });
    drawFunnel(data.funnel);
    drawMap(data.map);
    drawCategories(data.categories);
    drawTrend(data.trend);
    drawTopics(data.hot_topics);
    drawProjects(data.projects);
    var updated = new Date(isNaN(generated) ? Date.now() : generated);
    setText(document.getElementById("scr-updated"),
      labels.updated + " " + clockFormat.format(updated) + " · " + String(labels.refresh).replace("%(seconds)s", refreshSeconds));
    stage.setAttribute("data-refreshed", String((Number(stage.getAttribute("data-refreshed")) || 0) + 1));
    // Each fetch leaves a resource-timing entry; a screen that runs for weeks needs none of them.
    if (window.performance && performance.clearResourceTimings) performance.clearResourceTimings();
  }

  function connected(ok) {
    var mark = document.getElementById("scr-reconnect");
    if (mark) mark.hidden = ok;
  }

  function refuse(state) {
    // Stale figures must not stay up on a switched-off screen: blank them under the notice.
    stopped = true;
    clearTimeout(timer);
    connected(true);
    document.querySelectorAll(".scr-kpi-number").forEach(function (el) { el.textContent = "—"; });
    Object.keys(charts).forEach(function (id) { charts[id].clear(); });
    ["scr-topics", "scr-projects"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.replaceChildren();
    });
    var words = (config.refusals || {})[state] || {};
    setText(document.getElementById("scr-notice-title"), words.title || "");
    setText(document.getElementById("scr-notice-hint"), words.hint || "");
    var notice = document.getElementById("scr-notice");
    if (notice) notice.hidden = false;
    stage.setAttribute("data-state", state);
  }

  function schedule(seconds) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(poll, seconds * 1000);
  }

  function poll() {
    var controller = window.AbortController ? new AbortController() : null;
    var guard = setTimeout(function () { if (controller) controller.abort(); }, FETCH_TIMEOUT_MS);
    fetch(config.dataUrl, { cache: "no-store", credentials: "omit", headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          refuse(response.status === 410 ? "revoked" : "unknown");
          return;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json().then(function (data) {
          if (data.state !== "live") throw new Error("not live");
          connected(true);
          schedule(refreshSeconds);
          try {
            render(data);
          } catch (error) {
            // A drawing error is a bug, not a lost connection: report it where it can be seen.
            setTimeout(function () { throw error; });
          }
        });
      })
      .catch(function () {
        connected(false);
        schedule(Math.min(refreshSeconds, RETRY_SECONDS));
      })
      .then(function () { clearTimeout(guard); });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    fit();
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      Object.keys(charts).forEach(function (id) { charts[id].resize(); });
    }, 200);
  });

  document.addEventListener("DOMContentLoaded", function () {
    fit();
    render(JSON.parse(dataNode.textContent));
    tick();
    setInterval(tick, 1000);
    schedule(refreshSeconds);
  });
})();
