// Small display helpers shared by the views. Times are shown in the ward's time zone, day first.
let zone = "Europe/London";
const formats = new Map();

export function setTimeZone(timeZone) {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    zone = timeZone;
  } catch {
    zone = "Europe/London";
  }
  formats.clear();
}

export const timeZone = () => zone;

function format(options) {
  const key = JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...options }));
  return formats.get(key);
}

export function escape(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export function duration(ms) {
  const minutes = Math.round(Math.abs(ms) / 60000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export function ago(iso) {
  return `${duration(Date.now() - new Date(iso).getTime())} ago`;
}

/** 25/11/2026, 14:02 in the ward's zone. */
export function time(iso) {
  return iso ? format({ dateStyle: "short", timeStyle: "short" }).format(new Date(iso)) : "";
}

/** 14:02 in the ward's zone. */
export function clock(iso, seconds = false) {
  return iso ? format(seconds ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" } : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso)) : "";
}

/** 25 Nov in the ward's zone, for chart axes. */
export function day(iso) {
  return format({ day: "numeric", month: "short" }).format(new Date(iso));
}

export const bandLabel = { low: "Low", "low-medium": "Low-medium", medium: "Medium", high: "High" };
export const severityLabel = { none: "None", mild: "Mild", moderate: "Moderate", "moderately-severe": "Moderately severe", severe: "Severe" };

export function pill(kind, value, label) {
  return value ? `<span class="pill ${kind}-${escape(value)}">${escape(label ?? value)}</span>` : "";
}

/** The value of a datetime-local input for a moment, in the browser's own zone (what the input shows). */
export function localInputValue(date = new Date()) {
  const offset = date.getTimezoneOffset() * 60000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

export function el(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}
