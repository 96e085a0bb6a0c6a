// Shared pieces of the charting forms: problems shown beside their fields in plain words, and the
// patient line at the top of each form.
import { alertName } from "./alert-names.js";
import { escape, pill } from "./format.js";

// The inputs a problem slot speaks of: those beside it (one field, or a scale item's choices).
const inputsOf = (slot) => [...(slot.parentElement?.querySelectorAll("input, select, textarea") ?? [])];

export function clearProblems(form) {
  form.querySelectorAll("[data-error-for]").forEach((slot) => {
    slot.textContent = "";
    for (const input of inputsOf(slot)) input.removeAttribute("aria-invalid");
  });
}

// A field with a problem says so to assistive technology too, and names the words that explain it.
function markInvalid(slot, field) {
  slot.id ||= `problem-${field.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  for (const input of inputsOf(slot)) {
    input.setAttribute("aria-invalid", "true");
    const described = (input.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
    if (!described.includes(slot.id)) input.setAttribute("aria-describedby", [...described, slot.id].join(" "));
  }
}

/** Field errors go next to their field; the general line says what happened without API wording. */
export function showProblem(form, error, { general = "Not saved: check the fields marked below. Nothing was stored.", focus = true } = {}) {
  clearProblems(form);
  const fields = Object.entries(error.errors ?? {});
  const generalSlot = form.querySelector("[data-error-for=form]");
  if (fields.length === 0) {
    generalSlot.textContent = error.status >= 500 || !error.status ? `Not saved: ${error.message}` : error.message;
    return;
  }
  generalSlot.textContent = general;
  for (const [field, messages] of fields) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) ?? generalSlot;
    slot.textContent = slot === generalSlot ? `${generalSlot.textContent} ${messages.join(" ")}` : messages.join(" ");
    if (slot !== generalSlot) markInvalid(slot, field);
  }
  if (focus) form.querySelector(`[data-error-for]:not(:empty):not([data-error-for=form])`)?.parentElement?.querySelector("input, select, textarea")?.focus();
}

export function patientLine(admission, what) {
  return `<h1>${escape(what)}: ${escape(admission.displayName)} · bed ${escape(admission.bed)} <span class="meta">(${admission.ageYears} y, SpO2 scale ${admission.spo2Scale}${admission.pregnant ? ", pregnant" : ""})</span></h1>`;
}

const PRIORITIES = ["high", "medium", "low"];

/**
 * The alerts saving would raise, in one line that opens to the list: "Saving will raise: 2 HIGH, 1 MEDIUM ▸".
 * The line stays one line in the sticky summary, so on a phone the summary never grows over the field being
 * typed in; the list shows on request and closes again when a field takes the focus.
 */
export function showAlertPreview(slot, alerts, none) {
  if (alerts.length === 0) {
    slot.innerHTML = `<p class="meta">${escape(none)}</p>`;
    return;
  }
  const open = slot.dataset.open === "true";
  const counts = PRIORITIES.map((p) => [p, alerts.filter((a) => a.priority === p).length]).filter(([, n]) => n > 0);
  slot.innerHTML = `
    <button type="button" class="preview-toggle" data-preview-toggle aria-expanded="${open}" aria-controls="alert-preview-list">
      <span class="warn">Saving will raise:</span> ${counts.map(([p, n]) => `${n} ${p.toUpperCase()}`).join(", ")} <span class="chevron" aria-hidden="true">${open ? "▾" : "▸"}</span>
    </button>
    <ul class="alert-preview" id="alert-preview-list" tabindex="0" aria-label="Alerts saving would raise"${open ? "" : " hidden"}>${alerts.map((a) => `<li data-preview="${escape(a.code)}">${pill("priority", a.priority, a.priority.toUpperCase())} <strong>${escape(alertName(a.code))}</strong>: ${escape(a.reason)}</li>`).join("")}</ul>`;
}

/** Opens and closes the preview's list, closes it when a field takes the focus, and keeps that field in sight below the summary. */
export function watchAlertPreview(form, box, slot) {
  const setOpen = (open) => {
    slot.dataset.open = String(open);
    const toggle = slot.querySelector("[data-preview-toggle]");
    if (!toggle) return;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.querySelector(".chevron").textContent = open ? "▾" : "▸";
    slot.querySelector(".alert-preview").hidden = !open;
  };
  slot.addEventListener("click", (event) => {
    if (event.target.closest("[data-preview-toggle]")) setOpen(slot.dataset.open !== "true");
  });
  form.addEventListener("focusin", (event) => {
    if (event.target.matches("input, select, textarea")) {
      setOpen(false);
      keepInSight(box, event.target);
    }
  });
  // The summary can grow while a field has the focus (an alert appears): the page moves the field down to stay clear of it.
  const space = () => document.documentElement.style.setProperty("--summary-bottom", `${Math.ceil(box.getBoundingClientRect().height + parseFloat(getComputedStyle(box).top || "0"))}px`);
  new ResizeObserver(() => {
    space();
    const focused = document.activeElement;
    if (form.contains(focused) && focused.matches("input, select, textarea")) keepInSight(box, focused);
  }).observe(box);
  space();
}

function keepInSight(box, field) {
  const summary = box.getBoundingClientRect();
  const at = field.getBoundingClientRect();
  if (at.top < summary.bottom + 4 && at.bottom > summary.top) window.scrollBy(0, at.top - summary.bottom - 8);
}
