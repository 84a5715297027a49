// The dashboards' charts (数据看板): the figures come from the JSON script tag #stats-dash-data and are
// drawn with the locally served ECharts (no inline script: CSP). A click on a bar follows the link of
// that count: the area's own dashboard (the level below) or the list of the villages behind it.
(function () {
  "use strict";
  var source = document.getElementById("stats-dash-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var figures = JSON.parse(source.textContent);
  var charts = [];
  var font = { fontFamily: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" };
  var palette = ["#0d6efd", "#6f42c1", "#20c997", "#fd7e14", "#198754", "#0dcaf0", "#dc3545", "#ffc107"];
  var levelColors = { high: "#dc3545", medium: "#fd7e14", low: "#ffc107", any: "#212529", overdue: "#dc3545" };

  function draw(el, f) {
    var many = f.categories.length > 6;
    el.style.height = (many ? 340 : 300) + "px";
    el.style.width = "100%";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      textStyle: font,
      color: palette,
      tooltip: {
        trigger: "axis",
        renderMode: "richText", // drawn on the canvas: an HTML tooltip carries style attributes (CSP)
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          if (!items.length) {
            return "";
          }
          var i = items[0].dataIndex;
          var lines = [items[0].axisValueLabel + (f.base.length ? "（共 " + f.base[i] + " 个村、社区）" : "")];
          items.forEach(function (it) {
            lines.push(it.marker + it.seriesName + "：" + it.value);
          });
          return lines.join("\n");
        }
      },
      legend: { bottom: 0, left: "center", type: "scroll" },
      grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
      xAxis: {
        type: "category",
        data: f.categories,
        axisLabel: { interval: 0, rotate: many ? 30 : 0, width: 90, overflow: "truncate" }
      },
      yAxis: { type: "value", minInterval: 1 },
      series: f.series.map(function (s) {
        var item = { name: s.name, type: "bar", data: s.data, barMaxWidth: 22, cursor: "pointer" };
        if (s.stack) {
          item.stack = s.stack;
        }
        if (levelColors[s.key]) {
          item.itemStyle = { color: levelColors[s.key] };
        }
        return item;
      })
    });
    chart.on("click", function (p) {
      var s = f.series[p.seriesIndex];
      var link = s && s.links[p.dataIndex];
      if (link && p.value) {
        window.location.assign(link);
      }
    });
    charts.push(chart);
  }

  document.querySelectorAll("[data-hj-figure]").forEach(function (el) {
    var f = figures[el.getAttribute("data-hj-figure")];
    if (f && f.categories.length) {
      draw(el, f);
    }
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) {
      c.resize();
    });
  });
})();
