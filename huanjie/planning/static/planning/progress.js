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

  // The plans' projected structure against the targets: one small bar chart per target (each has its
  // own unit: 岁, %), the target band shaded, the lower bound marked, the bar coloured by the verdict.
  var t = data.targets;
  var rowHeight = 72;
  var targets = t && t.items.length ? init("progress-chart-targets", 44 + rowHeight * t.items.length) : null;
  if (targets) {
    var verdictColors = { met: "#198754", below: "#dc3545", above: "#ffc107", unknown: "#adb5bd" };
    var option = {
      textStyle: font,
      // The chart's title, then each target's name above its own bar (every bar starts at the same x).
      title: [{ text: t.title, textStyle: { fontSize: 14 } }],
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var it = t.items[params.seriesIndex];
          var shown = it.value === null ? "暂无数据" : it.value + it.unit;
          var esc = echarts.format.encodeHTML;  // labels are typed by users: never raw HTML
          return [it.label, "方案预计：" + shown, "目标：" + it.target, "判断：" + it.verdict_label].map(esc).join("<br>");
        }
      },
      grid: [], xAxis: [], yAxis: [], series: []
    };
    t.items.forEach(function (it, i) {
      var values = [0, it.low];
      if (it.high !== null) { values.push(it.high); }
      if (it.value !== null) { values.push(it.value); }
      var lo = Math.min.apply(null, values);
      var hi = Math.max.apply(null, values);
      var max = it.unit === "%" ? 100 : Math.ceil(hi * 1.25 + 1);
      var min = lo < 0 ? Math.floor(lo * 1.25 - 1) : 0;
      var top = 44 + rowHeight * i;
      option.title.push({
        text: it.label + "（目标 " + it.target + "）", top: top, left: 8,
        textStyle: { fontSize: 12, fontWeight: "normal", color: "#495057" }
      });
      option.grid.push({ left: 16, right: 64, top: top + 22, height: 18 });
      option.xAxis.push({
        gridIndex: i, type: "value", min: min, max: max, splitNumber: 5,
        axisLabel: { fontSize: 10, formatter: "{value}" + it.unit }, splitLine: { show: false }
      });
      option.yAxis.push({
        gridIndex: i, type: "category", data: [it.label], axisLabel: { show: false }, axisTick: { show: false }
      });
      option.series.push({
        name: it.label, type: "bar", xAxisIndex: i, yAxisIndex: i, barWidth: 14,
        data: [{ value: it.value === null ? 0 : it.value, itemStyle: { color: verdictColors[it.verdict] } }],
        label: {
          show: true, position: "right", fontSize: 11,
          formatter: function () { return it.value === null ? "暂无数据" : it.value + it.unit; }
        },
        markArea: {
          silent: true, itemStyle: { color: "rgba(25, 135, 84, 0.15)" },
          data: [[{ xAxis: it.low }, { xAxis: it.high === null ? max : it.high }]]
        },
        markLine: {
          silent: true, symbol: "none", label: { show: false },
          lineStyle: { color: "#198754", type: "dashed" },
          data: [{ xAxis: it.low }]
        }
      });
    });
    targets.setOption(option);
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
