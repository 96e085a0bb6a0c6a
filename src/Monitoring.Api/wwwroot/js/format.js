// Small display helpers shared by the views.
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

export function time(iso) {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: "short", timeStyle: "short" }) : "";
}

export const bandLabel = { low: "Low", "low-medium": "Low-medium", medium: "Medium", high: "High" };
export const severityLabel = { none: "None", mild: "Mild", moderate: "Moderate", "moderately-severe": "Moderately severe", severe: "Severe" };

export function pill(kind, value, label) {
  return value ? `<span class="pill ${kind}-${escape(value)}">${escape(label ?? value)}</span>` : "";
}

export function localInputValue(date = new Date()) {
  const offset = date.getTimezoneOffset() * 60000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

export function el(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}
