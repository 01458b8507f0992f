// The ranking page's radar: one axis per indicator group (out of 100), one series per bureau.
// A bureau's own page passes one series; the ranking page all of them (the legend picks).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("assessment-radar");
  var source = document.getElementById("radar-data");
  if (!el || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  var many = data.series.length > 3;
  chart.setOption({
    tooltip: {},
    legend: { type: "scroll", bottom: 0, selectedMode: "multiple" },
    radar: { indicator: data.indicators, radius: "62%" },
    series: [{
      type: "radar",
      data: data.series.map(function (s, i) {
        return { name: s.name, value: s.value, areaStyle: many && i > 0 ? undefined : { opacity: 0.15 } };
      })
    }]
  });
  el.dataset.ready = "1";
  window.addEventListener("resize", function () { chart.resize(); });
});
