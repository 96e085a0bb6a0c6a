// Vital signs at the bedside. A sticky summary shows the NEWS2 and the alerts that saving would
// raise, computed by the service itself (POST …/vitals/preview) so that the form never scores a
// value the service would refuse; beside each field, its score and the previous value. "From monitor"
// fills the readings from the bedside monitor's last minute, each marked until the nurse changes it; a
// set saved with any such reading is recorded as validated from the monitor.
import { get, post } from "./api.js";
import { alertName } from "./alert-names.js";
import { bandLabel, clock, escape, fromTimeInput, pill, timeInput } from "./format.js";
import { clearProblems, patientLine, showAlertPreview, showProblem, watchAlertPreview } from "./form-support.js";
import * as news2 from "./news2.js";
import * as scales from "./scales.js";

// The fields, their possible ranges, and the ACVPU and POSS words come from the server (GET /api/scales):
// the form holds no clinical number or wording of its own.
const options = (levels) => `<option value="">–</option>${levels.map((l) => `<option value="${escape(l.code)}">${escape(l.code)}: ${escape(l.words)}</option>`).join("")}`;

export async function renderVitalsForm(view, admissionId) {
  const [admission, served] = await Promise.all([get(`/api/admissions/${admissionId}`), scales.load()]);
  const possAction = Object.fromEntries(served.sedation.filter((l) => l.action).map((l) => [l.code, l.action]));
  const previous = admission.latestVitals;
  const was = (name, text = previous?.[name]) => (previous && text != null && text !== ""
    ? `<span class="previous" data-previous-for="${name}">previous ${escape(text)} at ${clock(previous.observedAt)}</span>` : "");
  const idempotencyKey = crypto.randomUUID();
  view.innerHTML = `
    <form class="form" id="vitals-form" novalidate>
      ${patientLine(admission, "Vital signs")}
      <div class="sticky-summary" id="vitals-summary-box">
        <p class="summary" id="news2-summary" aria-live="polite"></p>
        <div id="alert-preview" aria-live="polite"></div>
      </div>
      <div class="from-monitor-row">
        <button type="button" class="secondary" id="from-monitor" aria-describedby="from-monitor-status">From monitor</button>
        <span class="meta" id="from-monitor-status" aria-live="polite"></span>
      </div>
      <label class="field" for="observedAt">Observed at</label>
      ${timeInput("observedAt")}
      <div class="error" data-error-for="observedAt"></div>
      <div class="grid-2">
        ${served.vitals.map(({ name, label, unit, minimum: min, maximum: max, step }) => `
          <div>
            <label class="field" for="${name}">${label} (${unit}) <span class="field-score" data-score-for="${name}"></span></label>
            <input id="${name}" name="${name}" type="number" inputmode="decimal" min="${min}" max="${max}" step="${step}">
            <span class="from-monitor" id="monitor-mark-${name}" data-monitor-mark-for="${name}" hidden></span>
            ${was(name)}
            <div class="error" data-error-for="${name}"></div>
          </div>`).join("")}
        <div>
          <label class="field" for="onOxygen">Air or oxygen <span class="field-score" data-score-for="airOrOxygen"></span></label>
          <select id="onOxygen" name="onOxygen"><option value="">–</option><option value="false">Air</option><option value="true">Oxygen</option></select>
          ${was("onOxygen", previous?.onOxygen == null ? null : previous.onOxygen ? "oxygen" : "air")}
          <div class="error" data-error-for="onOxygen"></div>
        </div>
        <div>
          <label class="field" for="consciousness">Consciousness (ACVPU) <span class="field-score" data-score-for="consciousness"></span></label>
          <select id="consciousness" name="consciousness">${options(served.consciousness)}</select>
          ${was("consciousness")}
          <div class="error" data-error-for="consciousness"></div>
        </div>
        <div>
          <label class="field" for="sedation">Sedation (POSS)</label>
          <select id="sedation" name="sedation">${options(served.sedation)}</select>
          ${was("sedation")}
          <span class="poss-flag" id="poss-flag" role="alert"></span>
          <div class="error" data-error-for="sedation"></div>
        </div>
      </div>
      <label class="field" for="note">Note</label>
      <textarea id="note" name="note" rows="2" maxlength="2000"></textarea>
      <div class="error" data-error-for="form" role="alert"></div>
      <div class="error" data-error-for="body"></div>
      <div class="actions"><button type="submit">Save vital signs</button> <a href="#/ward/${encodeURIComponent(admission.ward)}">Back to board</a></div>
      <div id="result" aria-live="polite"></div>
    </form>`;
  const form = view.querySelector("#vitals-form");
  const values = () => {
    const read = (name) => (form[name].value === "" ? null : Number(form[name].value));
    return {
      observedAt: fromTimeInput(form.observedAt.value),
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
      source: form.querySelector("input[data-from-monitor]") ? "monitor-validated" : "manual",
    };
  };
  const summary = form.querySelector("#news2-summary");
  const preview = form.querySelector("#alert-preview");
  watchAlertPreview(form, form.querySelector("#vitals-summary-box"), preview);
  const scores = (parameters = {}) => form.querySelectorAll("[data-score-for]").forEach((slot) => {
    const score = parameters[slot.dataset.scoreFor];
    slot.textContent = score === undefined ? "" : `scores ${score}`;
  });

  let asked = 0;
  let timer = null;
  const live = () => {
    const poss = form.sedation.value;
    form.querySelector("#poss-flag").textContent = possAction[poss] ?? "";
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const body = values();
      const empty = ["respiratoryRate", "spo2", "onOxygen", "systolicBp", "diastolicBp", "heartRate", "temperatureC", "consciousness", "sedation"].every((k) => body[k] === null);
      const ticket = ++asked;
      if (empty) {
        scores();
        clearProblems(form);
        summary.textContent = "Enter the readings: the NEWS2 and any alert they raise show here before you save.";
        preview.innerHTML = "";
        return;
      }
      try {
        const answer = await post(`/api/admissions/${admissionId}/vitals/preview`, body);
        if (ticket !== asked) return;
        clearProblems(form);
        scores(answer.news2.parameters);
        const n = answer.news2;
        summary.innerHTML = n.total === null
          ? `NEWS2 not computed yet <span class="meta">(${escape((n.notComputedReason ?? "complete all seven parameters for a total").replace(/^NEWS2 not computed: /, ""))})</span>`
          : `NEWS2 ${n.total} ${pill("band", n.band, bandLabel[n.band])}`;
        showAlertPreview(preview, answer.alerts, "No alert from these readings.");
      } catch (error) {
        if (ticket !== asked) return;
        if (!error.status) {
          // No answer (Wi-Fi dropped): score locally from the served NEWS2 table; alerts need the service.
          const table = (await scales.load().catch(() => null))?.news2;
          const local = table ? news2.score(table, body, admission.spo2Scale) : null;
          scores(local ? { ...local.scores, airOrOxygen: local.scores.onOxygen } : {});
          summary.innerHTML = local?.total != null
            ? `NEWS2 ${local.total} ${pill("band", local.band, bandLabel[local.band])} <span class="meta">(scored on this device: the service did not answer)</span>`
            : "Not scored: the service did not answer.";
          preview.innerHTML = `<p class="meta">Alerts are checked when the service answers again.</p>`;
          return;
        }
        scores();
        showProblem(form, error, { general: "", focus: false });
        const fields = Object.keys(error.errors ?? {}).map((f) => form.querySelector(`label[for="${CSS.escape(f)}"]`)?.textContent.replace(/\(.*$/, "").trim() ?? f);
        summary.textContent = fields.length ? `Not scored: ${fields.join(", ")} out of range.` : `Not scored: ${error.message}`;
        preview.innerHTML = "";
      }
    }, 250);
  };
  // A reading the nurse changes is hers, no longer the monitor's.
  const unmark = (input) => {
    delete input.dataset.fromMonitor;
    input.removeAttribute("aria-describedby");
    const mark = form.querySelector(`[data-monitor-mark-for="${CSS.escape(input.name)}"]`);
    mark.hidden = true;
    mark.textContent = "";
  };
  form.addEventListener("input", (event) => { if (event.target.dataset?.fromMonitor !== undefined) unmark(event.target); });
  const status = form.querySelector("#from-monitor-status");
  form.querySelector("#from-monitor").addEventListener("click", async () => {
    status.textContent = "Reading the monitor…";
    try {
      const latest = await get(`/api/admissions/${admissionId}/monitor/latest`);
      const filled = [];
      for (const { name, step } of served.vitals) {
        const reading = latest.parameters?.[name];
        if (!reading) continue;
        const input = form[name];
        input.value = step < 1 ? String(Math.round(reading.value * 10) / 10) : String(Math.round(reading.value));
        input.dataset.fromMonitor = "";
        input.setAttribute("aria-describedby", `monitor-mark-${name}`);
        const mark = form.querySelector(`[data-monitor-mark-for="${CSS.escape(name)}"]`);
        mark.textContent = `from monitor, ${clock(reading.at)}`;
        mark.hidden = false;
        filled.push(name);
      }
      status.textContent = filled.length
        ? `Filled ${filled.length} reading${filled.length === 1 ? "" : "s"} from the monitor: check them, add consciousness, oxygen and POSS, then save.`
        : latest.device?.status === "none" ? "No monitor is sending for this patient." : "The monitor sent no valid reading in the last minute.";
      live();
    } catch (error) {
      status.textContent = `The monitor could not be read: ${error.message}`;
    }
  });
  form.addEventListener("input", live);
  form.addEventListener("change", live);
  live();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    asked += 1;
    try {
      const sent = values();
      const saved = await post(`/api/admissions/${admissionId}/vitals`, sent, { idempotencyKey });
      clearProblems(form);
      form.querySelector("#result").innerHTML = `
        <p class="summary">Saved${sent.source === "monitor-validated" ? " (validated from the monitor)" : ""}. NEWS2 ${saved.news2.total ?? "not computed"} ${pill("band", saved.news2.band, bandLabel[saved.news2.band])}</p>
        ${saved.news2.notComputedReason ? `<p>${escape(saved.news2.notComputedReason)}</p>` : ""}
        ${saved.alerts.map((a) => `<p>${pill("priority", a.priority, a.priority.toUpperCase())} <strong>${escape(alertName(a.code))}</strong>: ${escape(a.reason)}</p>`).join("")}`;
      form.querySelector("button[type=submit]").disabled = true;
    } catch (error) {
      showProblem(form, error);
    }
  });
}
