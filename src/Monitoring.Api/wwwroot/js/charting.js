// Charting forms for the bedside tablet: an assessment form for every served scale (COWS, CIWA-Ar, ...)
// with its live total kept in sight and, once every item is scored, the alerts that saving would raise
// (POST …/{kind}/preview, computed by the service itself), and admission. Vital signs live in vitals-form.js.
import { get, post } from "./api.js";
import { alertName } from "./alert-names.js";
import { clock, escape, fromTimeInput, pill, severityLabel, timeInput } from "./format.js";
import { patientLine as header, showAlertPreview, showProblem, watchAlertPreview } from "./form-support.js";
import * as scales from "./scales.js";

export { renderVitalsForm } from "./vitals-form.js";

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
  const previous = (admission.latestAssessments ?? []).find((x) => x.kind === kind);
  view.innerHTML = `
    <form class="form" id="${escape(kind)}-form" data-scale="${escape(kind)}" novalidate>
      ${header(admission, scale.name)}
      <div class="sticky-summary">
        <p class="summary" id="assessment-summary" aria-live="polite"></p>
        <div id="alert-preview" aria-live="polite"></div>
        ${previous ? `<p class="previous" data-previous-for="${escape(kind)}">previous ${escape(scale.name)} ${previous.total} (${escape(bandText(scale, previous.total))}) at ${clock(previous.observedAt)}</p>` : ""}
      </div>
      <label class="field" for="observedAt">Assessed at</label>
      ${timeInput("observedAt")}
      <div class="error" data-error-for="observedAt"></div>
      ${measurements.map(({ name, measurement: m }) => `
        <label class="field" for="${escape(m.name)}">${escape(m.label)} (${escape(m.unit)}), scores “${escape(scale.items.find((item) => item.name === name)?.label ?? name)}” for you</label>
        <input id="${escape(m.name)}" name="${escape(m.name)}" type="number" min="${m.minimum}" max="${m.maximum}" data-measures="${escape(name)}">
        <div class="error" data-error-for="items.${escape(m.name)}"></div>`).join("")}
      ${scale.items.map((item) => `
        <fieldset class="cows-item scale-item" data-item="${escape(item.name)}">
          <legend>${escape(item.label)}</legend>
          ${item.values.map((v) => `
            <label class="choice"><input type="radio" name="${escape(item.name)}" value="${v.score}"> <span><strong>${v.score}</strong> ${escape(v.descriptor ?? "")}</span></label>`).join("")}
          <div class="error" data-error-for="items.${escape(item.name)}"></div>
        </fieldset>`).join("")}
      <label class="field" for="note">Note</label>
      <textarea id="note" name="note" rows="2" maxlength="2000"></textarea>
      <div class="error" data-error-for="form" role="alert"></div>
      <div class="error" data-error-for="items"></div>
      <div class="actions"><button type="submit">Save ${escape(scale.name)}</button> <a href="#/ward/${encodeURIComponent(admission.ward)}">Back to board</a></div>
      <div id="result" aria-live="polite"></div>
    </form>`;
  const form = view.querySelector("form");
  const chosen = (name) => form.querySelector(`input[name="${CSS.escape(name)}"]:checked`)?.value;
  const body = () => {
    const items = Object.fromEntries(scale.items.map((item) => [item.name, chosen(item.name) === undefined ? null : Number(chosen(item.name))]));
    for (const input of form.querySelectorAll("[data-measures]")) {
      if (input.value) items[input.name] = Number(input.value);
    }
    return { observedAt: fromTimeInput(form.observedAt.value), items, note: form.note.value || null };
  };
  const preview = form.querySelector("#alert-preview");
  watchAlertPreview(form, form.querySelector(".sticky-summary"), preview);
  let asked = 0;
  let timer = null;
  let done = false;
  // Which alerts saving would raise, asked of the service once every item is scored; it never holds up Save.
  const ask = (complete) => {
    clearTimeout(timer);
    const ticket = ++asked;
    if (done) return;
    if (!complete) {
      preview.innerHTML = "";
      return;
    }
    timer = setTimeout(async () => {
      try {
        const answer = await post(`/api/admissions/${admissionId}/${kind}/preview`, body());
        if (ticket !== asked) return;
        showAlertPreview(preview, answer.alerts, "No alert from this assessment.");
      } catch (error) {
        if (ticket !== asked) return;
        preview.innerHTML = error.status
          ? `<p class="meta">Alerts are not checked yet: ${escape(error.message)}</p>`
          : `<p class="meta">Alerts are checked when the service answers again.</p>`;
      }
    }, 250);
  };
  const live = () => {
    const scores = scale.items.map((item) => chosen(item.name)).filter((v) => v !== undefined).map(Number);
    const total = scores.reduce((a, b) => a + b, 0);
    const left = scale.items.length - scores.length;
    const band = scales.band(scale, total);
    form.querySelector("#assessment-summary").innerHTML = left === 0
      ? `${escape(scale.name)} ${total} ${pill("severity", band?.name, bandText(scale, total))}`
      : `${escape(scale.name)} ${total} so far (${left} items left)`;
    ask(left === 0);
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
  form.observedAt.addEventListener("input", live);
  live();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    asked += 1;
    try {
      const saved = await post(`/api/admissions/${admissionId}/${kind}`, body(), { idempotencyKey });
      form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
      form.querySelector("#result").innerHTML = `<p class="summary">Saved. ${escape(scale.name)} ${saved.total} ${pill("severity", saved.severity, bandText(scale, saved.total))}</p>
        ${saved.alerts.map((a) => `<p>${pill("priority", a.priority, a.priority.toUpperCase())} <strong>${escape(alertName(a.code))}</strong>: ${escape(a.reason)}</p>`).join("")}`;
      form.querySelector("button[type=submit]").disabled = true;
      done = true;
      preview.innerHTML = "";
    } catch (error) {
      showProblem(form, error);
    }
  });
}

export async function renderAdmitForm(view, ward, bed) {
  const wardInfo = (await get("/api/wards")).find((w) => w.code === ward);
  const free = wardInfo?.beds.filter((b) => !b.admissionId).map((b) => b.code) ?? [];
  const { spo2Scales } = await scales.load();
  const idempotencyKey = crypto.randomUUID();
  view.innerHTML = `
    <form class="form" id="admit-form" novalidate>
      <h1>Admit to ward ${escape(ward)}</h1>
      <div class="grid-2">
        <div><label class="field" for="mrn">MRN</label><input id="mrn" name="mrn" required><div class="error" data-error-for="mrn"></div></div>
        <div><label class="field" for="displayName">Name</label><input id="displayName" name="displayName" required><div class="error" data-error-for="displayName"></div></div>
        <div><label class="field" for="dateOfBirth">Date of birth</label><input id="dateOfBirth" name="dateOfBirth" type="date" required><div class="error" data-error-for="dateOfBirth"></div></div>
        <div><label class="field" for="bed">Bed</label><select id="bed" name="bed">${free.map((b) => `<option ${b === bed ? "selected" : ""}>${escape(b)}</option>`).join("")}</select><div class="error" data-error-for="bed"></div></div>
        <div><label class="field" for="spo2Scale">SpO2 scale</label><select id="spo2Scale" name="spo2Scale">${spo2Scales.map((s) => `<option value="${s.scale}">${s.scale} (${escape(s.use)})</option>`).join("")}</select></div>
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
