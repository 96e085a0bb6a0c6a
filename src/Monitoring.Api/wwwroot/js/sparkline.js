// A tiny 24-hour trend of respiratory rate and COWS as inline SVG (two lines, their own scales).
export function sparkline(entries) {
  const since = Date.now() - 24 * 3600 * 1000;
  const valid = entries.filter((e) => new Date(e.at).getTime() >= since);
  const rr = valid.filter((e) => e.type === "vitals" && !e.vitals.enteredInError && e.vitals.respiratoryRate != null)
    .map((e) => [new Date(e.at).getTime(), e.vitals.respiratoryRate]);
  const cows = valid.filter((e) => e.type === "cows" && !e.cows.enteredInError).map((e) => [new Date(e.at).getTime(), e.cows.total]);
  const line = (points, max, colour) => {
    if (points.length === 0) return "";
    const path = points.map(([t, v]) => `${(((t - since) / (24 * 3600 * 1000)) * 200).toFixed(1)},${(32 - (Math.min(v, max) / max) * 30).toFixed(1)}`).join(" ");
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>`;
  };
  return `<svg viewBox="0 0 200 34" preserveAspectRatio="none" class="spark" role="img" aria-label="Trend over 24 h: RR ${rr.map((p) => p[1]).join(", ") || "none"}; COWS ${cows.map((p) => p[1]).join(", ") || "none"}">
    ${line(rr, 40, "#7cc4ff")}${line(cows, 48, "#e07b24")}</svg>`;
}
