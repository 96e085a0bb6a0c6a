// Tiny trends as inline SVG: a 24-hour one of respiratory rate and each withdrawal scale (one line each, on
// its own scale: maxima holds each scale's maximum total, as GET /api/scales serves it), and a 15-minute
// one of the bedside monitor's SpO2 and RR from its minute aggregates (the last value of each minute).
const COLOURS = ["#e07b24", "#c678dd", "#98c379"];

/** One series as an SVG polyline across a 200 x 34 box: points are [ms, value], clamped to [min, max]. */
export function polyline(points, { since, span, min = 0, max, colour, series = "" }) {
  if (points.length === 0) return "";
  const path = points.map(([t, v]) => `${(((t - since) / span) * 200).toFixed(1)},${(32 - ((Math.min(Math.max(v, min), max) - min) / (max - min)) * 30).toFixed(1)}`).join(" ");
  return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"${series ? ` data-series="${series}"` : ""}/>`;
}

export function sparkline(entries, maxima = {}) {
  const span = 24 * 3600 * 1000;
  const since = Date.now() - span;
  const valid = entries.filter((e) => new Date(e.at).getTime() >= since);
  const rr = valid.filter((e) => e.type === "vitals" && !e.vitals.enteredInError && e.vitals.respiratoryRate != null)
    .map((e) => [new Date(e.at).getTime(), e.vitals.respiratoryRate]);
  const assessed = valid.filter((e) => e.assessment && !e.assessment.enteredInError);
  const kinds = [...new Map(assessed.map((e) => [e.assessment.kind, e.assessment.scale]))];
  const scales = kinds.map(([kind, name]) => [kind, name, assessed.filter((e) => e.assessment.kind === kind).map((e) => [new Date(e.at).getTime(), e.assessment.total])]);
  return `<svg viewBox="0 0 200 34" preserveAspectRatio="none" class="spark" role="img" aria-label="Trend over 24 h: RR ${rr.map((p) => p[1]).join(", ") || "none"}${scales.map(([, name, points]) => `; ${name} ${points.map((p) => p[1]).join(", ")}`).join("")}">
    ${polyline(rr, { since, span, max: 40, colour: "#7cc4ff" })}${scales.map(([kind, , points], i) => polyline(points, { since, span, max: maxima[kind] ?? 48, colour: COLOURS[i % COLOURS.length] })).join("")}</svg>`;
}

/** The monitor's last 15 minutes: SpO2 on 70–100 %, RR on 0–40 /min, from GET …/monitor?resolution=1m. */
export const MONITOR_SPAN_MS = 15 * 60 * 1000;

export function monitorSparkline(parameters, now = Date.now()) {
  const since = now - MONITOR_SPAN_MS;
  const series = (name) => (parameters?.[name] ?? []).map((p) => [new Date(p.at).getTime(), p.last]).filter(([t]) => t >= since - 60000);
  const spo2 = series("spo2");
  const rr = series("respiratoryRate");
  const words = (points) => points.map((p) => Math.round(p[1])).join(", ") || "none";
  return `<svg viewBox="0 0 200 34" preserveAspectRatio="none" class="spark monitor-spark" role="img" data-monitor-spark
    aria-label="Monitor, last 15 min: SpO2 ${words(spo2)}; RR ${words(rr)}">
    ${polyline(spo2, { since, span: MONITOR_SPAN_MS, min: 70, max: 100, colour: "#7cc4ff", series: "spo2" })}${polyline(rr, { since, span: MONITOR_SPAN_MS, max: 40, colour: "#e3c14a", series: "rr" })}</svg>`;
}
