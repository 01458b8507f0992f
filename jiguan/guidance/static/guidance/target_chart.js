// A plan target's page: its yearly values against the straight path from the baseline to
// the target (the expected progress by elapsed time) and the target line.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("target-chart");
  var source = document.getElementById("target-chart-data");
  if (!el || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 60, right: 30, top: 30, bottom: 50 },
    xAxis: { type: "category", data: data.years },
    yAxis: { type: "value", name: data.unit || "", scale: true },
    series: [
      { name: "完成值", type: "line", data: data.values, connectNulls: false,
        markLine: { symbol: "none", label: { formatter: "目标 {c}" },
                    data: [{ yAxis: data.target }] } },
      { name: "时序进度", type: "line", data: data.path, lineStyle: { type: "dashed" },
        symbol: "none" }
    ]
  });
  el.dataset.ready = "1";
  window.addEventListener("resize", function () { chart.resize(); });
});
