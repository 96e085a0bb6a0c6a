// Charting forms for the bedside tablet: COWS with its live total, and admission. Vital signs live in vitals-form.js.
import { get, post } from "./api.js";
import { clock, escape, localInputValue, pill, severityLabel } from "./format.js";
import { patientLine as header, showProblem } from "./form-support.js";
import * as cows from "./cows.js";

export { renderVitalsForm } from "./vitals-form.js";

export async function renderCowsForm(view, admissionId) {
  const admission = await get(`/api/admissions/${admissionId}`);
  const idempotencyKey = crypto.randomUUID();
  view.innerHTML = `
    <form class="form" id="cows-form" novalidate>
      ${header(admission, "COWS")}
      <div class="sticky-summary">
        <p class="summary" id="cows-summary" aria-live="polite"></p>
        ${admission.latestCows ? `<p class="previous" data-previous-for="cows">previous COWS ${admission.latestCows.total} (${escape(severityLabel[admission.latestCows.severity] ?? admission.latestCows.severity)}) at ${clock(admission.latestCows.observedAt)}</p>` : ""}
      </div>
      <label class="field" for="observedAt">Assessed at</label>
      <input id="observedAt" name="observedAt" type="datetime-local" value="${localInputValue()}" required>
      <div class="error" data-error-for="observedAt"></div>
      <label class="field" for="restingPulseBpm">Resting pulse (beats/min), scores the first item for you</label>
      <input id="restingPulseBpm" name="restingPulseBpm" type="number" min="20" max="300">
      <div class="error" data-error-for="items.restingPulseBpm"></div>
      ${cows.items.map(([name, label, scores]) => `
        <fieldset class="cows-item">
          <legend>${label}</legend>
          ${Object.entries(scores).map(([score, text]) => `
            <label class="choice"><input type="radio" name="${name}" value="${score}"> <span><strong>${score}</strong> ${escape(text)}</span></label>`).join("")}
          <div class="error" data-error-for="items.${name}"></div>
        </fieldset>`).join("")}
      <div class="error" data-error-for="form" role="alert"></div>
      <div class="actions"><button type="submit">Save COWS</button> <a href="#/ward/${encodeURIComponent(admission.ward)}">Back to board</a></div>
      <div id="result" aria-live="polite"></div>
    </form>`;
  const form = view.querySelector("#cows-form");
  const chosen = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
  const live = () => {
    const scores = cows.items.map(([name]) => chosen(name)).filter((v) => v !== undefined).map(Number);
    const total = scores.reduce((a, b) => a + b, 0);
    form.querySelector("#cows-summary").innerHTML = scores.length === cows.items.length
      ? `COWS ${total} ${pill("severity", cows.severity(total), severityLabel[cows.severity(total)])}`
      : `COWS ${total} so far (${cows.items.length - scores.length} items left)`;
  };
  form.restingPulseBpm.addEventListener("input", () => {
    const bpm = Number(form.restingPulseBpm.value);
    if (bpm >= 20) form.querySelector(`input[name=restingPulseRate][value="${cows.pulseScore(bpm)}"]`).checked = true;
    live();
  });
  form.addEventListener("change", live);
  live();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const items = Object.fromEntries(cows.items.map(([name]) => [name, chosen(name) === undefined ? null : Number(chosen(name))]));
    if (form.restingPulseBpm.value) items.restingPulseBpm = Number(form.restingPulseBpm.value);
    try {
      const saved = await post(`/api/admissions/${admissionId}/cows`, { observedAt: new Date(form.observedAt.value).toISOString(), items }, { idempotencyKey });
      form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
      form.querySelector("#result").innerHTML = `<p class="summary">Saved. COWS ${saved.total} ${pill("severity", saved.severity, severityLabel[saved.severity])}</p>
        ${saved.alerts.map((a) => `<p>${pill("priority", a.priority, a.priority.toUpperCase())} ${escape(a.reason)}</p>`).join("")}`;
      form.querySelector("button[type=submit]").disabled = true;
    } catch (error) {
      showProblem(form, error);
    }
  });
}

export async function renderAdmitForm(view, ward, bed) {
  const wardInfo = (await get("/api/wards")).find((w) => w.code === ward);
  const free = wardInfo?.beds.filter((b) => !b.admissionId).map((b) => b.code) ?? [];
  const idempotencyKey = crypto.randomUUID();
  view.innerHTML = `
    <form class="form" id="admit-form" novalidate>
      <h1>Admit to ward ${escape(ward)}</h1>
      <div class="grid-2">
        <div><label class="field" for="mrn">MRN</label><input id="mrn" name="mrn" required><div class="error" data-error-for="mrn"></div></div>
        <div><label class="field" for="displayName">Name</label><input id="displayName" name="displayName" required><div class="error" data-error-for="displayName"></div></div>
        <div><label class="field" for="dateOfBirth">Date of birth</label><input id="dateOfBirth" name="dateOfBirth" type="date" required><div class="error" data-error-for="dateOfBirth"></div></div>
        <div><label class="field" for="bed">Bed</label><select id="bed" name="bed">${free.map((b) => `<option ${b === bed ? "selected" : ""}>${escape(b)}</option>`).join("")}</select><div class="error" data-error-for="bed"></div></div>
        <div><label class="field" for="spo2Scale">SpO2 scale</label><select id="spo2Scale" name="spo2Scale"><option value="1">1 (usual)</option><option value="2">2 (hypercapnic failure, target 88-92 %)</option></select></div>
        <div><span class="field meta">Pregnancy</span><label class="check"><input type="checkbox" name="pregnant"> Pregnant</label></div>
      </div>
      <fieldset><legend>Substances</legend>
        <div class="grid-2">${["opioid", "alcohol", "benzodiazepine", "stimulant", "other"].map((s) => `<label class="check"><input type="checkbox" name="substances" value="${s}" ${s === "opioid" ? "checked" : ""}> ${s}</label>`).join("")}</div>
        <div class="error" data-error-for="substances"></div>
      </fieldset>
      <div class="error" data-error-for="form" role="alert"></div>
      <div class="actions"><button type="submit">Admit</button> <a href="#/ward/${encodeURIComponent(ward)}">Back to board</a></div>
    </form>`;
  const form = view.querySelector("#admit-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const admission = await post("/api/admissions", {
        mrn: form.mrn.value,
        displayName: form.displayName.value,
        dateOfBirth: form.dateOfBirth.value || null,
        ward,
        bed: form.bed.value,
        substances: [...form.querySelectorAll("input[name=substances]:checked")].map((c) => c.value),
        spo2Scale: Number(form.spo2Scale.value),
        pregnant: form.pregnant.checked,
      }, { idempotencyKey });
      location.hash = `#/admission/${admission.id}`;
    } catch (error) {
      showProblem(form, error);
    }
  });
}
