// NEWS2 (RCP 2017) as the chart reads, mirrored from Monitoring.Clinical so the form can show
// each parameter's score while it is typed. The server's score is the one that is stored.
const bands = (value, rows) => rows.find(([max]) => value <= max)[1];

export const parameters = {
  respiratoryRate: (v) => bands(v, [[8, 3], [11, 1], [20, 0], [24, 2], [Infinity, 3]]),
  spo2: (v, scale, onOxygen) => scale === 2
    ? (v <= 92 || !onOxygen ? bands(v, [[83, 3], [85, 2], [87, 1], [Infinity, 0]]) : bands(v, [[94, 1], [96, 2], [Infinity, 3]]))
    : bands(v, [[91, 3], [93, 2], [95, 1], [Infinity, 0]]),
  onOxygen: (v) => (v ? 2 : 0),
  systolicBp: (v) => bands(v, [[90, 3], [100, 2], [110, 1], [219, 0], [Infinity, 3]]),
  heartRate: (v) => bands(v, [[40, 3], [50, 1], [90, 0], [110, 1], [130, 2], [Infinity, 3]]),
  consciousness: (v) => (v === "A" ? 0 : 3),
  temperatureC: (v) => bands(Math.sign(v) * Math.round(Math.abs(v) * 10) / 10, [[35.0, 3], [36.0, 1], [38.0, 0], [39.0, 1], [Infinity, 2]]),
};

export function band(total, anyThree) {
  if (total >= 7) return "high";
  if (total >= 5) return "medium";
  return anyThree ? "low-medium" : "low";
}

/** Scores what is present; a total only when all seven parameters are. */
export function score(values, scale) {
  const scores = {};
  for (const [name, fn] of Object.entries(parameters)) {
    const value = values[name];
    if (value === null || value === undefined || value === "" || Number.isNaN(value)) continue;
    scores[name] = fn(value, scale, values.onOxygen);
  }
  const complete = Object.keys(parameters).every((name) => name in scores);
  const total = complete ? Object.values(scores).reduce((a, b) => a + b, 0) : null;
  return { scores, total, band: total === null ? null : band(total, Object.values(scores).includes(3)) };
}
