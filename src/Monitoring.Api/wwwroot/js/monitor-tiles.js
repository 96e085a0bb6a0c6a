// The monitor block of a bed tile: the bedside monitor's values of the last minute, marked as from the
// monitor and with their age, and the monitor's state; a stale or offline monitor is grey and says since when.
import { clock, escape } from "./format.js";

/** The board's monitor values are read again this often while the board is shown. */
export const MONITOR_REFRESH_MS = 10000;

const value = (v) => (v == null ? "–" : escape(String(Math.round(v))));

export function monitorBlock(monitor, now) {
  if (!monitor || monitor.status === "none") return "";
  const live = monitor.status === "live";
  const age = monitor.at ? Math.max(0, Math.round((now - new Date(monitor.at).getTime()) / 1000)) : null;
  const state = live
    ? `Monitor${age == null ? "" : ` <span class="meta">${age} s ago</span>`}`
    : `Monitor ${escape(monitor.status)}${monitor.at ? ` since ${escape(clock(monitor.at))}` : ""}`;
  const bp = monitor.systolicBp == null ? "–" : `${value(monitor.systolicBp)}/${value(monitor.diastolicBp)}`;
  return `<p class="monitor monitor-${escape(monitor.status)}" data-monitor="${escape(monitor.status)}">
    <span class="monitor-state">${state}</span>
    <span>RR <b data-monitor-rr>${value(monitor.respiratoryRate)}</b></span>
    <span>SpO2 <b data-monitor-spo2>${value(monitor.spo2)}</b></span>
    <span>HR <b>${value(monitor.heartRate)}</b></span>
    <span>EtCO2 <b>${value(monitor.etco2)}</b></span>
    <span>BP <b>${bp}</b></span></p>`;
}

/** Adds each occupied tile's monitor block under its figures. */
export function decorateMonitors(tiles, beds, now = Date.now()) {
  for (const bed of beds) {
    if (!bed.admissionId || !bed.monitor) continue;
    tiles.querySelector(`article[data-admission="${CSS.escape(bed.admissionId)}"] .figures`)?.insertAdjacentHTML("afterend", monitorBlock(bed.monitor, now));
  }
}
