// Shared pieces of the charting forms: problems shown beside their fields in plain words, and the
// patient line at the top of each form.
import { escape } from "./format.js";

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
