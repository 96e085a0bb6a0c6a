// The assessment scales and the NEWS2 table as the server serves them (GET /api/scales): the dashboard
// keeps no copy of a clinical table, so its live scores follow the server's.
import { get } from "./api.js";

let served = null;

export async function load() {
  served ??= get("/api/scales").catch((error) => { served = null; throw error; });
  return served;
}

export async function scale(kind) {
  return (await load()).scales.find((s) => s.kind === kind);
}

export function band(scale, total) {
  return scale.bands.find((b) => total >= b.from && total <= b.to);
}

/** The score a measurement gives its item (COWS: resting pulse in beats/min), or undefined outside its range. */
export function measurementScore(measurement, value) {
  return measurement.scores.find((r) => value >= r.from && value <= r.to)?.score;
}
