// The patient's trends as uPlot charts on one shared time axis: fixed clinical ranges with the NEWS2
// bands shaded, sized to their box, times in the ward's zone (24-hour, day first), POSS and oxygen lanes.
// Under the charted points, the bedside monitor's aggregates (min–max band, last) and its alarms.
import uPlot from "../lib/uPlot.esm.js";
import { clock, day, escape, timeZone } from "./format.js";

const RED = "rgba(214, 58, 58, 0.28)";
const ORANGE = "rgba(224, 123, 36, 0.24)";
const YELLOW = "rgba(201, 162, 39, 0.20)";

const COLOUR_OF_SCORE = { 1: YELLOW, 2: ORANGE, 3: RED };
const COLOUR_NAME = { [YELLOW]: "yellow", [ORANGE]: "orange", [RED]: "red" };

// The served NEWS2 table's ranges as shaded bands, each widened by half a step so that bands meet.
function scoreBands(ranges, step) {
  const edge = (value) => Math.round(value * 1000) / 1000;
  return (ranges ?? []).filter((r) => COLOUR_OF_SCORE[r.score]).map((r) => [edge(r.from - step / 2), edge(r.to + step / 2), COLOUR_OF_SCORE[r.score]]);
}

// [title, unit, key, value of a vitals row, y range, shaded bands [from, to, colour]]: every band from the
// table the server serves (GET /api/scales), so the chart shades what the service scores.
export function charts(served) {
  const news2 = served?.news2;
  const parameter = (name, step = 1) => scoreBands(news2?.parameters?.[name], step);
  const high = news2?.bands.find((b) => b.name === "high")?.from;
  const medium = news2?.bands.find((b) => b.name === "medium")?.from;
  // POSS S is charted at 0 beneath 1-4; the levels that call for action at once are shaded red.
  const possValue = (code) => (code === "S" ? 0 : Number(code));
  const urgentPoss = (served?.sedation ?? []).filter((level) => level.action).map((level) => possValue(level.code));
  const firstUrgentPoss = urgentPoss.length ? Math.min(...urgentPoss) : -1;
  return [
    ["Respiratory rate", "/min", "rr", (v) => v.respiratoryRate, [0, 40], parameter("respiratoryRate")],
    ["SpO2", "%", "spo2", (v) => v.spo2, [70, 100], scoreBands(news2?.spo2?.["1"], 1)],
    ["Heart rate", "/min", "hr", (v) => v.heartRate, [30, 180], parameter("heartRate")],
    ["Blood pressure", "mmHg", "bp", (v) => v.systolicBp, [40, 240], parameter("systolicBp"), (v) => v.diastolicBp],
    ["Temperature", "°C", "temp", (v) => (v.temperatureC == null ? null : Number(v.temperatureC)), [34, 41], parameter("temperatureC", 0.1)],
    ["NEWS2", "", "news2", (v) => v.news2?.total ?? null, [0, 20], medium == null || high == null ? [] : [[medium - 0.5, high - 0.5, ORANGE], [high - 0.5, 20, RED]]],
    ["POSS sedation", "", "poss", (v) => (v.sedation == null ? null : possValue(v.sedation)),
      [0, 4], firstUrgentPoss < 0 ? [] : [[firstUrgentPoss - 0.5, 4, RED]], null, ["S", "1", "2", "3", "4"]],
    ["Air or oxygen", "", "oxygen", (v) => (v.onOxygen == null ? null : v.onOxygen ? 1 : 0), [0, 1], [], null, ["air", "O₂"]],
  ];
}

// Which monitor parameters each chart shows beneath its charted points.
const MONITOR_OF = { rr: ["respiratoryRate"], spo2: ["spo2"], hr: ["heartRate"], bp: ["systolicBp", "diastolicBp"], temp: ["temperatureC"] };
const MONITOR_BAND = "rgba(124, 196, 255, 0.30)";
const MONITOR_LAST = "rgba(210, 235, 255, 0.85)";
const ALARM = "#ff8a80";

// The monitor's buckets as a translucent min–max band with a thin line through the last values; a gap of
// more than two buckets breaks both, so that a monitor that was silent does not look continuous.
function monitorLayer(seriesList, alarms) {
  return (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    const x = (at) => u.valToPos(new Date(at).getTime() / 1000, "x", true);
    const y = (v) => u.valToPos(v, "y", true);
    for (const points of seriesList) {
      const runs = [];
      let run = [];
      let previous = null;
      const step = points.length > 1 ? Math.min(...points.slice(1).map((p, i) => new Date(p.at) - new Date(points[i].at))) : 60000;
      for (const point of points) {
        if (previous && new Date(point.at) - new Date(previous.at) > step * 2) { runs.push(run); run = []; }
        run.push(point);
        previous = point;
      }
      runs.push(run);
      for (const r of runs.filter((r) => r.length)) {
        ctx.fillStyle = MONITOR_BAND;
        ctx.beginPath();
        r.forEach((p, i) => (i ? ctx.lineTo(x(p.at), y(p.max)) : ctx.moveTo(x(p.at), y(p.max))));
        if (r.length === 1) ctx.lineTo(x(r[0].at) + 2, y(r[0].max));
        [...r].reverse().forEach((p) => ctx.lineTo(x(p.at), y(p.min)));
        if (r.length === 1) ctx.lineTo(x(r[0].at) + 2, y(r[0].min));
        ctx.closePath();
        ctx.fill();
        ctx.strokeStyle = MONITOR_LAST;
        ctx.lineWidth = 1;
        ctx.beginPath();
        r.forEach((p, i) => (i ? ctx.lineTo(x(p.at), y(p.last)) : ctx.moveTo(x(p.at), y(p.last))));
        ctx.stroke();
      }
    }
    // Monitor alarms: a dashed line at each raise time with a marker on the time axis.
    ctx.strokeStyle = ALARM;
    ctx.fillStyle = ALARM;
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1.5;
    for (const alarm of alarms) {
      const at = x(alarm.raisedAt);
      ctx.beginPath();
      ctx.moveTo(at, bbox.top);
      ctx.lineTo(at, bbox.top + bbox.height);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(at - 5, bbox.top + bbox.height);
      ctx.lineTo(at + 5, bbox.top + bbox.height);
      ctx.lineTo(at, bbox.top + bbox.height - 8);
      ctx.fill();
    }
    ctx.restore();
  };
}

// A withdrawal scale's chart from its served bands: its full range, the worst three bands shaded.
function scaleChart(kind, name, served) {
  const bands = served?.scales.find((s) => s.kind === kind)?.bands ?? [];
  const top = bands.length ? Math.max(...bands.map((b) => b.to)) : 48;
  const colours = [RED, ORANGE, YELLOW];
  const shaded = [...bands].sort((a, b) => b.from - a.from).slice(0, Math.min(3, Math.max(0, bands.length - 1)))
    .map((b, i) => [b.from - 0.5, b.to + 0.5, colours[i]]);
  return [name, "", kind, (a) => a.total, [0, top], shaded];
}

function shade(bands) {
  return (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    for (const [from, to, colour] of bands) {
      const top = u.valToPos(to, "y", true);
      const bottom = u.valToPos(from, "y", true);
      ctx.fillStyle = colour;
      ctx.fillRect(bbox.left, top, bbox.width, bottom - top);
    }
    ctx.restore();
  };
}

/** Time-axis labels in the ward's zone, 24-hour, the day under the first time of each day. */
export function timeLabels(u, splits) {
  let last = "";
  return splits.map((s) => {
    const iso = new Date(s * 1000).toISOString();
    const d = day(iso);
    const label = d !== last ? `${clock(iso)}\n${d}` : clock(iso);
    last = d;
    return label;
  });
}

/** Draws every chart into `container`; returns an object that takes new data and resizes with its box. */
export function drawCharts(container, { vitals, assessments, scaleNames, served, from, to, monitor = null, monitorAlarms = [] }) {
  container.innerHTML = "";
  const plots = [];
  const sync = uPlot.sync(`patient-${Math.random()}`);
  const make = ([title, unit, key, value, range, bands, second, ticks], rows) => {
    const box = document.createElement("figure");
    box.className = "chart";
    box.dataset.chart = key;
    box.setAttribute("aria-label", `${title} over time`);
    box.dataset.yMin = range[0];
    box.dataset.yMax = range[1];
    box.dataset.bands = bands.map(([low, high, colour]) => `${low}..${high} ${COLOUR_NAME[colour]}`).join(", ");
    box.dataset.xMin = from;
    box.dataset.xMax = to;
    const points = rows.filter((r) => value(r) != null);
    const latest = points.at(-1);
    const monitored = (MONITOR_OF[key] ?? []).map((name) => monitor?.[name] ?? []).filter((series) => series.length);
    const lastMonitored = monitored[0]?.at(-1);
    if (MONITOR_OF[key]) {
      box.dataset.monitorPoints = monitored.reduce((n, series) => n + series.length, 0);
      box.dataset.monitorAlarms = monitorAlarms.length;
    }
    const monitorLine = lastMonitored
      ? ` <span class="monitor-latest" data-monitor-latest>monitor ${escape(String(Math.round(lastMonitored.last * 10) / 10))}${monitored[1]?.at(-1) ? `/${escape(String(Math.round(monitored[1].at(-1).last)))}` : ""} at ${clock(lastMonitored.at)}</span>` : "";
    box.innerHTML = `<figcaption><h3>${escape(title)}${unit ? ` <span class="meta">${escape(unit)}</span>` : ""} <span class="latest" data-latest>${latest
      ? `latest ${escape(ticks ? ticks[value(latest)] : value(latest))}${second && second(latest) != null ? `/${second(latest)}` : ""} at ${clock(latest.observedAt)}`
      : "nothing charted"}</span>${monitorLine}</h3></figcaption><div class="plot" role="img" aria-label="${escape(title)} from ${escape(clock(new Date(from * 1000).toISOString()))} to ${escape(clock(new Date(to * 1000).toISOString()))}: ${points.length} readings${monitored.length ? `, monitor minute ranges under them${monitorAlarms.length ? `, ${monitorAlarms.length} monitor alarm${monitorAlarms.length === 1 ? "" : "s"} marked` : ""}` : ""}"></div>`;
    container.appendChild(box);
    const plotBox = box.querySelector(".plot");
    const xs = points.map((r) => new Date(r.observedAt).getTime() / 1000);
    const data = [xs, points.map(value)];
    const series = [{}, { label: title, stroke: "#7cc4ff", width: 2, points: { show: true, size: 7 }, paths: ticks ? uPlot.paths.stepped({ align: 1 }) : undefined }];
    if (second) {
      data.push(points.map(second));
      series.push({ label: "diastolic", stroke: "#f29a4a", width: 2, points: { show: true, size: 6 } });
    }
    const plot = new uPlot({
      width: Math.max(200, plotBox.clientWidth || container.clientWidth),
      height: ticks ? 110 : 170,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), timeZone()),
      legend: { show: false },
      cursor: { sync: { key: sync.key } },
      scales: { x: { time: true, range: () => [from, to] }, y: { range: () => range } },
      axes: [
        { stroke: "#b4c0cc", grid: { stroke: "#33445a" }, values: timeLabels, size: 44 },
        { stroke: "#b4c0cc", grid: { stroke: "#33445a" }, size: 46, ...(ticks ? { splits: () => ticks.map((_, i) => i), values: (u, splits) => splits.map((s) => ticks[s] ?? "") } : {}) },
      ],
      series,
      hooks: { drawClear: [shade(bands), ...(MONITOR_OF[key] ? [monitorLayer(monitored, monitorAlarms)] : [])] },
    }, data, plotBox);
    plots.push({ box, plot, plotBox });
  };
  for (const chart of charts(served)) make(chart, vitals);
  for (const [kind, name] of scaleNames) make(scaleChart(kind, name, served), assessments.filter((a) => a.kind === kind));

  const resize = () => {
    for (const { plot, plotBox } of plots) {
      const width = Math.max(200, plotBox.clientWidth);
      if (Math.abs(plot.width - width) > 2) plot.setSize({ width, height: plot.height });
    }
  };
  const observer = new ResizeObserver(resize);
  observer.observe(container);
  return { destroy: () => { observer.disconnect(); for (const { plot } of plots) plot.destroy(); } };
}
