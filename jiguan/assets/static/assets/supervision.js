/* A holding's statements over time (ECharts), drawn as the energy pages draw theirs: no
 * inline scripts (CSP 'self'); every chart is a <div class="assets-chart" data-chart="KIND"
 * data-source="JSON_SCRIPT_ID">, the data comes from the page's json_script tag, and the
 * table below carries the same numbers for readers without JavaScript. */
(function () {
  "use strict";

  function lines(data, series, unit) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: unit },
      series: series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false };
      })
    };
  }

  var BUILDERS = {
    money: function (data) { return lines(data, data.money, "万元"); },
    ratios: function (data) {
      var option = lines(data, data.ratios, "%");
      option.series[0].markLine = { symbol: "none", lineStyle: { type: "dashed", color: "#dc3545" },
                                    data: [{ yAxis: 100 }] };
      return option;
    }
  };

  function draw(el) {
    var node = document.getElementById(el.dataset.source);
    var build = BUILDERS[el.dataset.chart];
    if (!node || !build || typeof echarts === "undefined") { return; }
    el.style.height = (el.dataset.height || "260") + "px";
    var chart = echarts.init(el);
    chart.setOption(build(JSON.parse(node.textContent)));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".assets-chart").forEach(draw);
  });
}());
