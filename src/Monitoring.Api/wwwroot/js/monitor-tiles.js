// The monitor block of a bed tile: the bedside monitor's values of the last minute, marked as from the
// monitor and with their age, its state (a stale or offline monitor is grey and says since when) and a
// 15-minute sparkline of SpO2 and RR read from the monitor's minute aggregates.
import { get } from "./api.js";
import { clock, escape } from "./format.js";
import { MONITOR_SPAN_MS, monitorSparkline } from "./sparkline.js";

/** The board's monitor values are read again this often while the board is shown. */
export const MONITOR_REFRESH_MS = 10000;
/** A tile's sparkline is read again at most this often: its points are minute aggregates. */
export const SPARK_REFRESH_MS = 60000;

const value = (v) => (v == null ? "–" : escape(String(Math.round(v))));

export function monitorBlock(monitor, now, spark = "") {
  if (!monitor || monitor.status === "none") return "";
  const live = monitor.status === "live";
  const age = monitor.at ? Math.max(0, Math.round((now - new Date(monitor.at).getTime()) / 1000)) : null;
  const state = live
    ? `Monitor${age == null ? "" : ` <span class="meta">${age} s ago</span>`}`
    : `Monitor ${escape(monitor.status)}${monitor.at ? ` since ${escape(clock(monitor.at))}` : ""}`;
  const bp = monitor.systolicBp == null ? "–" : `${value(monitor.systolicBp)}/${value(monitor.diastolicBp)}`;
  const trend = spark ? `<span class="monitor-trend">${spark}<span class="monitor-legend meta"><i class="swatch spo2"></i>SpO2 <i class="swatch rr"></i>RR · 15 min</span></span>` : "";
  return `<div class="monitor monitor-${escape(monitor.status)}" data-monitor="${escape(monitor.status)}">
    <span class="monitor-state">${state}</span>
    <span class="monitor-value">RR <b data-monitor-rr>${value(monitor.respiratoryRate)}</b></span>
    <span class="monitor-value">SpO2 <b data-monitor-spo2>${value(monitor.spo2)}</b></span>
    <span class="monitor-value">HR <b data-monitor-hr>${value(monitor.heartRate)}</b></span>
    <span class="monitor-value minor">EtCO2 <b>${value(monitor.etco2)}</b></span>
    <span class="monitor-value minor">BP <b>${bp}</b></span>${trend}</div>`;
}

/** Adds each occupied tile's monitor block under its figures, with its sparkline when one was read. */
export function decorateMonitors(tiles, beds, now = Date.now(), sparks = new Map()) {
  for (const bed of beds) {
    if (!bed.admissionId || !bed.monitor) continue;
    tiles.querySelector(`article[data-admission="${CSS.escape(bed.admissionId)}"] .figures`)
      ?.insertAdjacentHTML("afterend", monitorBlock(bed.monitor, now, sparks.get(bed.admissionId)?.svg ?? ""));
  }
}

/**
 * Keeps each monitored tile's sparkline: one request per tile at most every SPARK_REFRESH_MS (a
 * minute's aggregate changes no faster), never two at once for a tile; `drawn(id)` puts a new one in its tile.
 */
export class MonitorSparks {
  constructor(drawn) {
    this.drawn = drawn;
    this.sparks = new Map();
    this.reading = new Set();
  }

  refresh(beds, now = Date.now()) {
    for (const bed of beds) {
      const id = bed.admissionId;
      if (!id || !bed.monitor || bed.monitor.status === "none" || this.reading.has(id)) continue;
      if (now - (this.sparks.get(id)?.readAt ?? 0) < SPARK_REFRESH_MS) continue;
      this.reading.add(id);
      const since = new Date(now - MONITOR_SPAN_MS).toISOString();
      get(`/api/admissions/${encodeURIComponent(id)}/monitor?since=${encodeURIComponent(since)}&resolution=1m`)
        .then((answer) => {
          this.sparks.set(id, { readAt: Date.now(), svg: monitorSparkline(answer.parameters, Date.now()) });
          this.drawn(id);
        })
        .catch(() => this.sparks.set(id, { readAt: Date.now(), svg: this.sparks.get(id)?.svg ?? "" }))
        .finally(() => this.reading.delete(id));
    }
  }
}
