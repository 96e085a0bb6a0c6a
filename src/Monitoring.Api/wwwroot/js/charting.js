// Charting forms for the bedside tablet: vitals with live NEWS2, an assessment form for every served scale
// (COWS, CIWA-Ar, ...) with its live total, and admission.
import { get, post } from "./api.js";
import { bandLabel, escape, localInputValue, pill, severityLabel } from "./format.js";
import * as news2 from "./news2.js";
import * as scales from "./scales.js";

const VITALS = [
  ["respiratoryRate", "Respiratory rate", "/min", 0, 80, 1],
  ["spo2", "SpO2", "%", 50, 100, 1],
  ["systolicBp", "Systolic BP", "mmHg", 40, 300, 1],
  ["diastolicBp", "Diastolic BP", "mmHg", 20, 200, 1],
  ["heartRate", "Heart rate", "/min", 20, 300, 1],
  ["temperatureC", "Temperature", "°C", 25, 45, 0.1],
];

function showProblem(form, error) {
  form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
  const general = form.querySelector("[data-error-for=form]");
  general.textContent = error.message;
  for (const [field, messages] of Object.entries(error.errors ?? {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) ?? general;
    slot.textContent = messages.join(" ");
  }
}

function header(admission, what) {
  return `<h1>${escape(what)}: ${escape(admission.displayName)} · bed ${escape(admission.bed)} <span class="meta">(${admission.ageYears} y, SpO2 scale ${admission.spo2Scale})</span></h1>`;
}

export async function renderVitalsForm(view, admissionId) {
  const [admission, served] = await Promise.all([get(`/api/admissions/${admissionId}`), scales.load()]);
  const idempotencyKey = crypto.randomUUID();
  view.innerHTML = `
    <form class="form" id="vitals-form" novalidate>
      ${header(admission, "Vital signs")}
      <label for="observedAt">Observed at</label>
      <input id="observedAt" name="observedAt" type="datetime-local" value="${localInputValue()}" required>
      <div class="error" data-error-for="observedAt"></div>
      <div class="grid-2">
        ${VITALS.map(([name, label, unit, min, max, step]) => `
          <div>
            <label for="${name}">${label} (${unit}) <span class="field-score" data-score-for="${name}"></span></label>
            <input id="${name}" name="${name}" type="number" inputmode="decimal" min="${min}" max="${max}" step="${step}">
            <div class="error" data-error-for="${name}"></div>
          </div>`).join("")}
        <div>
          <label for="onOxygen">Air or oxygen <span class="field-score" data-score-for="onOxygen"></span></label>
          <select id="onOxygen" name="onOxygen"><option value="">–</option><option value="false">Air</option><option value="true">Oxygen</option></select>
        </div>
        <div>
          <label for="consciousness">Consciousness (ACVPU) <span class="field-score" data-score-for="consciousness"></span></label>
          <select id="consciousness" name="consciousness">
            <option value="">–</option><option value="A">A: alert</option><option value="C">C: new confusion</option>
            <option value="V">V: responds to voice</option><option value="P">P: responds to pain</option><option value="U">U: unresponsive</option>
          </select>
          <div class="error" data-error-for="consciousness"></div>
        </div>
        <div>
          <label for="sedation">Sedation (POSS)</label>
          <select id="sedation" name="sedation">
            <option value="">–</option><option value="S">S: asleep, easy to arouse</option><option value="1">1: awake and alert</option>
            <option value="2">2: slightly drowsy, easily aroused</option><option value="3">3: frequently drowsy, drifts off</option>
            <option value="4">4: somnolent, minimal or no response</option>
          </select>
          <div class="error" data-error-for="sedation"></div>
        </div>
      </div>
      <label for="note">Note</label>
      <textarea id="note" name="note" rows="2" maxlength="2000"></textarea>
      <p class="summary" id="news2-summary" aria-live="polite"></p>
      <div class="error" data-error-for="form" role="alert"></div>
      <div class="error" data-error-for="body"></div>
      <div class="actions"><button type="submit">Save vital signs</button> <a href="#/ward/${encodeURIComponent(admission.ward)}">Back to board</a></div>
      <div id="result" aria-live="polite"></div>
    </form>`;
  const form = view.querySelector("#vitals-form");
  const values = () => {
    const read = (name) => (form[name].value === "" ? null : Number(form[name].value));
    return {
      observedAt: new Date(form.observedAt.value).toISOString(),
      respiratoryRate: read("respiratoryRate"),
      spo2: read("spo2"),
      onOxygen: form.onOxygen.value === "" ? null : form.onOxygen.value === "true",
      systolicBp: read("systolicBp"),
      diastolicBp: read("diastolicBp"),
      heartRate: read("heartRate"),
      temperatureC: read("temperatureC"),
      consciousness: form.consciousness.value || null,
      sedation: form.sedation.value || null,
      note: form.note.value || null,
    };
  };
  const live = () => {
    const scored = news2.score(served.news2, values(), admission.spo2Scale);
    form.querySelectorAll("[data-score-for]").forEach((slot) => {
      const score = scored.scores[slot.dataset.scoreFor];
      slot.textContent = score === undefined ? "" : `scores ${score}`;
    });
    form.querySelector("#news2-summary").innerHTML = scored.total === null
      ? "NEWS2: complete all seven parameters for a total"
      : `NEWS2 ${scored.total} ${pill("band", scored.band, bandLabel[scored.band])}`;
  };
  form.addEventListener("input", live);
  live();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const saved = await post(`/api/admissions/${admissionId}/vitals`, values(), { idempotencyKey });
      form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
      form.querySelector("#result").innerHTML = `
        <p class="summary">Saved. NEWS2 ${saved.news2.total ?? "not computed"} ${pill("band", saved.news2.band, bandLabel[saved.news2.band])}</p>
        ${saved.news2.notComputedReason ? `<p>${escape(saved.news2.notComputedReason)}</p>` : ""}
        ${saved.alerts.map((a) => `<p>${pill("priority", a.priority, a.priority.toUpperCase())} ${escape(a.reason)}</p>`).join("")}`;
      form.querySelector("button[type=submit]").disabled = true;
    } catch (error) {
      showProblem(form, error);
    }
  });
}

const bandText = (scale, total) => {
  const band = scales.band(scale, total);
  return band ? severityLabel[band.name] ?? band.label : "";
};

/** The form of any served scale: one fieldset per item with its allowed values and words, and a live total. */
export async function renderAssessmentForm(view, admissionId, kind) {
  const [admission, scale] = await Promise.all([get(`/api/admissions/${admissionId}`), scales.scale(kind)]);
  if (!scale) throw new Error(`No scale ${kind}.`);
  const idempotencyKey = crypto.randomUUID();
  const measurements = scale.items.filter((item) => item.measurement);
  view.innerHTML = `
    <form class="form" id="${escape(kind)}-form" data-scale="${escape(kind)}" novalidate>
      ${header(admission, scale.name)}
      <label for="observedAt">Assessed at</label>
      <input id="observedAt" name="observedAt" type="datetime-local" value="${localInputValue()}" required>
      <div class="error" data-error-for="observedAt"></div>
      ${measurements.map(({ name, measurement: m }) => `
        <label for="${escape(m.name)}">${escape(m.label)} (${escape(m.unit)}), scores ${escape(name)} for you</label>
        <input id="${escape(m.name)}" name="${escape(m.name)}" type="number" min="${m.minimum}" max="${m.maximum}" data-measures="${escape(name)}">
        <div class="error" data-error-for="items.${escape(m.name)}"></div>`).join("")}
      ${scale.items.map((item) => `
        <fieldset class="cows-item scale-item" data-item="${escape(item.name)}">
          <legend>${escape(item.label)}</legend>
          ${item.values.map((v) => `
            <label><input type="radio" name="${escape(item.name)}" value="${v.score}"> <span><strong>${v.score}</strong> ${escape(v.descriptor ?? "")}</span></label>`).join("")}
          <div class="error" data-error-for="items.${escape(item.name)}"></div>
        </fieldset>`).join("")}
      <label for="note">Note</label>
      <textarea id="note" name="note" rows="2" maxlength="2000"></textarea>
      <p class="summary" id="assessment-summary" aria-live="polite"></p>
      <div class="error" data-error-for="form" role="alert"></div>
      <div class="error" data-error-for="items"></div>
      <div class="actions"><button type="submit">Save ${escape(scale.name)}</button> <a href="#/ward/${encodeURIComponent(admission.ward)}">Back to board</a></div>
      <div id="result" aria-live="polite"></div>
    </form>`;
  const form = view.querySelector("form");
  const chosen = (name) => form.querySelector(`input[name="${CSS.escape(name)}"]:checked`)?.value;
  const live = () => {
    const scores = scale.items.map((item) => chosen(item.name)).filter((v) => v !== undefined).map(Number);
    const total = scores.reduce((a, b) => a + b, 0);
    const left = scale.items.length - scores.length;
    const band = scales.band(scale, total);
    form.querySelector("#assessment-summary").innerHTML = left === 0
      ? `${escape(scale.name)} ${total} ${pill("severity", band?.name, bandText(scale, total))}`
      : `${escape(scale.name)} ${total} so far (${left} items left)`;
  };
  for (const input of form.querySelectorAll("[data-measures]")) {
    const item = scale.items.find((i) => i.name === input.dataset.measures);
    input.addEventListener("input", () => {
      const score = scales.measurementScore(item.measurement, Number(input.value));
      if (input.value !== "" && score !== undefined) {
        form.querySelector(`input[name="${CSS.escape(item.name)}"][value="${score}"]`).checked = true;
      }
      live();
    });
  }
  form.addEventListener("change", live);
  live();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const items = Object.fromEntries(scale.items.map((item) => [item.name, chosen(item.name) === undefined ? null : Number(chosen(item.name))]));
    for (const input of form.querySelectorAll("[data-measures]")) {
      if (input.value) items[input.name] = Number(input.value);
    }
    try {
      const saved = await post(`/api/admissions/${admissionId}/${kind}`, {
        observedAt: new Date(form.observedAt.value).toISOString(), items, note: form.note.value || null,
      }, { idempotencyKey });
      form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
      form.querySelector("#result").innerHTML = `<p class="summary">Saved. ${escape(scale.name)} ${saved.total} ${pill("severity", saved.severity, bandText(scale, saved.total))}</p>
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
        <div><label for="mrn">MRN</label><input id="mrn" name="mrn" required><div class="error" data-error-for="mrn"></div></div>
        <div><label for="displayName">Name</label><input id="displayName" name="displayName" required><div class="error" data-error-for="displayName"></div></div>
        <div><label for="dateOfBirth">Date of birth</label><input id="dateOfBirth" name="dateOfBirth" type="date" required><div class="error" data-error-for="dateOfBirth"></div></div>
        <div><label for="bed">Bed</label><select id="bed" name="bed">${free.map((b) => `<option ${b === bed ? "selected" : ""}>${escape(b)}</option>`).join("")}</select><div class="error" data-error-for="bed"></div></div>
        <div><label for="spo2Scale">SpO2 scale</label><select id="spo2Scale" name="spo2Scale"><option value="1">1 (usual)</option><option value="2">2 (hypercapnic failure, target 88-92 %)</option></select></div>
        <div><label><input type="checkbox" name="pregnant"> Pregnant</label></div>
      </div>
      <fieldset><legend>Substances</legend>
        ${["opioid", "alcohol", "benzodiazepine", "stimulant", "cannabis", "other"].map((s) => `<label><input type="checkbox" name="substances" value="${s}" ${s === "opioid" ? "checked" : ""}> ${s}</label>`).join(" ")}
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
