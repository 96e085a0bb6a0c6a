// Alert codes in the words a nurse uses, and their order within a priority, as the server serves them
// (GET /api/scales): the code stays in data attributes for machines.
import * as scales from "./scales.js";

let names = new Map();
let ranks = new Map();

/** Loads the served words and order; until then (or if the server cannot be reached) codes read as words. */
export async function loadAlertKinds() {
  const served = await scales.load();
  names = new Map(served.alerts.map((kind) => [kind.code, kind.name]));
  ranks = new Map(served.alerts.map((kind, rank) => [kind.code, rank]));
}

export function alertName(code) {
  if (names.has(code)) return names.get(code);
  const words = String(code ?? "").replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const PRIORITY_RANK = { high: 0, medium: 1, low: 2 };
export const priorityWord = { high: "High", medium: "Medium", low: "Low" };

/**
 * Open alerts most urgent first: priority, then still sounding before acknowledged, then the clinical order
 * (respiratory depression before over-sedation), then the newest raise.
 */
export function byUrgency(a, b) {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]
    || (a.status === "active" ? 0 : 1) - (b.status === "active" ? 0 : 1)
    || (ranks.get(a.code) ?? ranks.size) - (ranks.get(b.code) ?? ranks.size)
    || String(b.raisedAt ?? "").localeCompare(String(a.raisedAt ?? ""));
}
