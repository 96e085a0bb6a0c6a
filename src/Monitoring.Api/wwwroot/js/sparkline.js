// A tiny 24-hour trend of respiratory rate and each withdrawal scale as inline SVG (one line each, on
// its own scale: maxima holds each scale's maximum total, as GET /api/scales serves it).
const COLOURS = ["#e07b24", "#c678dd", "#98c379"];

export function sparkline(entries, maxima = {}) {
  const since = Date.now() - 24 * 3600 * 1000;
  const valid = entries.filter((e) => new Date(e.at).getTime() >= since);
  const rr = valid.filter((e) => e.type === "vitals" && !e.vitals.enteredInError && e.vitals.respiratoryRate != null)
    .map((e) => [new Date(e.at).getTime(), e.vitals.respiratoryRate]);
  const assessed = valid.filter((e) => e.assessment && !e.assessment.enteredInError);
  const kinds = [...new Map(assessed.map((e) => [e.assessment.kind, e.assessment.scale]))];
  const scales = kinds.map(([kind, name]) => [kind, name, assessed.filter((e) => e.assessment.kind === kind).map((e) => [new Date(e.at).getTime(), e.assessment.total])]);
  const line = (points, max, colour) => {
    if (points.length === 0) return "";
    const path = points.map(([t, v]) => `${(((t - since) / (24 * 3600 * 1000)) * 200).toFixed(1)},${(32 - (Math.min(v, max) / max) * 30).toFixed(1)}`).join(" ");
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>`;
  };
  return `<svg viewBox="0 0 200 34" preserveAspectRatio="none" class="spark" role="img" aria-label="24 hour trend: respiratory rate ${rr.map((p) => p[1]).join(", ") || "none"}${scales.map(([, name, points]) => `; ${name} ${points.map((p) => p[1]).join(", ")}`).join("")}">
    ${line(rr, 40, "#7cc4ff")}${scales.map(([kind, , points], i) => line(points, maxima[kind] ?? 48, COLOURS[i % COLOURS.length])).join("")}</svg>`;
}
