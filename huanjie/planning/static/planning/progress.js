// The progress page's charts (换届准备进度): data from the JSON script tag #progress-chart-data, drawn
// with the vendored ECharts (no inline script: CSP). Each chart redraws when the window is resized.
(function () {
  "use strict";
  var source = document.getElementById("progress-chart-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var font = { fontFamily: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" };

  function init(id, height) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    el.style.height = height + "px";
    el.style.width = "100%";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  var children = init("progress-chart-children", 360);
  if (children) {
    children.setOption({
      textStyle: font,
      title: { text: data.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      legend: { bottom: 0, left: "center", width: "96%" },
      grid: { left: 40, right: 16, top: 40, bottom: 80, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, barMaxWidth: 18 };
      })
    });
  }

  var overall = init("progress-chart-overall", 340);
  if (overall) {
    var o = data.overall;
    overall.setOption({
      textStyle: font,
      title: { text: o.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: o.categories, inverse: true },
      series: [
        { name: "已完成", type: "bar", stack: "n", data: o.done, itemStyle: { color: "#198754" } },
        { name: "未完成", type: "bar", stack: "n", data: o.open, itemStyle: { color: "#dc3545" } }
      ]
    });
  }

  var plans = data.plans ? init("progress-chart-plans", 320) : null;
  if (plans) {
    var p = data.plans;
    var stateColors = { draft: "#adb5bd", submitted: "#0d6efd", returned: "#dc3545", approved: "#198754", none: "#e9ecef" };
    plans.setOption({
      textStyle: font,
      title: { text: p.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: p.categories, axisLabel: { interval: 0, rotate: p.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: p.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "plans", data: s.data, barMaxWidth: 36, itemStyle: { color: stateColors[s.state] } };
      })
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
