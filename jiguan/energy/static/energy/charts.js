/* Energy charts (ECharts). No inline scripts (CSP 'self'): every chart is a
 * <div class="energy-chart" data-chart="KIND" data-source="JSON_SCRIPT_ID">; the data
 * comes from the page's json_script tag, and the table beside it carries the same numbers
 * for readers without JavaScript. */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* The national figure as a dashed line on the value axis ("xAxis" for bars). */
  function referenceLine(value, label, axis) {
    if (value === null || value === undefined) { return undefined; }
    var point = {};
    point[axis || "yAxis"] = value;
    return {
      symbol: "none",
      lineStyle: { type: "dashed", color: "#dc3545" },
      label: { formatter: label + " " + value },
      data: [point]
    };
  }

  function trend(el, data) {
    return {
      title: { text: data.title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: data.series.map(function (s, i) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false,
                 lineStyle: i ? { type: "dashed" } : undefined };
      })
    };
  }

  function ranking(el, data) {
    return {
      title: { text: data.title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 150, right: 40, top: 40, bottom: 30 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: data.labels, inverse: true },
      series: [{ type: "bar", data: data.values,
                 markLine: referenceLine(data.reference, data.reference_label, "xAxis") }]
    };
  }

  function map(el, data) {
    return {
      title: { text: data.title, subtext: "灰色区域：无数据", textStyle: { fontSize: 13 },
               subtextStyle: { fontSize: 11 } },
      tooltip: { trigger: "item", formatter: function (p) {
        return p.name + "<br>" + data.indicator_label + "：" +
          (p.value === undefined || isNaN(p.value) ? "无数据" : p.value);
      } },
      visualMap: { min: data.min, max: data.max, left: 0, bottom: 0, calculable: true,
                   inRange: { color: ["#d1e7dd", "#ffc107", "#dc3545"] } },
      // Regions without figures are left out of the data, so they stay grey ("no data")
      // instead of taking a colour of the scale.
      series: [{ type: "map", map: data.map, roam: false,
                 data: data.values.filter(function (v) {
                   return v.value !== null && v.value !== undefined;
                 }),
                 itemStyle: { areaColor: "#e9ecef" },
                 label: { show: true, fontSize: 10, formatter: function (p) {
                   return p.value === undefined || isNaN(p.value) ? p.name + "\n无数据" : p.name;
                 } } }]
    };
  }

  var BUILDERS = { trend: trend, ranking: ranking, map: map };

  function mapReady(name) {
    return typeof echarts.getMap === "function" ? !!echarts.getMap(name) : true;
  }

  function draw(el) {
    var data = readJson(el.dataset.source);
    var build = BUILDERS[el.dataset.chart];
    if (!data || !build || typeof echarts === "undefined") { return; }
    if (el.dataset.chart === "map" && !mapReady(data.map)) {
      el.textContent = "地图数据未加载，请查看下方表格。";
      return;
    }
    el.style.height = (el.dataset.height || "300") + "px";
    var chart = echarts.init(el);
    chart.setOption(build(el, data));
    if (data.links) {  // drill down: a region's name -> its roll-up page
      chart.on("click", function (params) {
        var href = data.links[params.name];
        if (href) { window.location.href = href; }
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".energy-chart").forEach(draw);
  });
}());
