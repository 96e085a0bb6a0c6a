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

/** "2026-12-02 15:07": a moment in the browser's own zone, as a time field shows it (24-hour, year first). */
export function localInputValue(date = new Date()) {
  const offset = date.getTimezoneOffset() * 60000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * A time field in a fixed 24-hour form: a datetime-local input shows the browser's own format, which on a
 * US-English phone is "12/02/2026, 03:07 AM".
 */
export function timeInput(name) {
  return `<input id="${name}" name="${name}" type="text" inputmode="numeric" autocomplete="off" required
      pattern="\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}" value="${localInputValue()}" aria-describedby="${name}-form">
    <span class="meta" id="${name}-form">Year-month-day and 24-hour time, e.g. ${localInputValue()}</span>`;
}

/** The moment a time field names, as ISO 8601; text that is no time goes as it is, for the service to refuse. */
export function fromTimeInput(value) {
  const text = value.trim();
  if (!text) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return text;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const at = new Date(year, month - 1, day, hour, minute);
  return at.getMonth() === month - 1 && at.getDate() === day && hour < 24 ? at.toISOString() : text;
}

export function el(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}
