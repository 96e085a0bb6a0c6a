// Doses given: the nurse's dose form with the catalogue's plausible range, the patient page's dose
// lane (doses drawn on the same time axis as COWS and CIWA-Ar) and dose list, and the tile's last dose.
import uPlot from "../lib/uPlot.esm.js";
import { get, post } from "./api.js";
import { escape, fromTimeInput, pill, time, timeInput, timeZone } from "./format.js";
import { timeLabels } from "./patient-charts.js";

let catalogue = null;
const medications = async () => (catalogue ??= await get("/api/medications"));


export function describe(dose) {
  return `${dose.drug} ${dose.dose} ${dose.unit} ${dose.route}`;
}

function showProblem(form, error) {
  form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
  const general = form.querySelector("[data-error-for=form]");
  general.textContent = error.message;
  for (const [field, messages] of Object.entries(error.errors ?? {})) {
    (form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) ?? general).textContent = messages.join(" ");
  }
}

export async function renderDoseForm(view, admissionId) {
  const [admission, drugs] = await Promise.all([get(`/api/admissions/${admissionId}`), medications()]);
  const idempotencyKey = crypto.randomUUID();
  view.innerHTML = `
    <form class="form" id="dose-form" novalidate>
      <h1>Dose given: ${escape(admission.displayName)} · bed ${escape(admission.bed)}</h1>
      <label for="drug">Drug</label>
      <select id="drug" name="drug" required>
        <option value="">–</option>
        ${drugs.map((m) => `<option value="${escape(m.drug)}">${escape(m.name)}</option>`).join("")}
      </select>
      <div class="error" data-error-for="drug"></div>
      <div class="grid-2">
        <div>
          <label for="dose">Dose</label>
          <input id="dose" name="dose" type="number" inputmode="decimal" min="0" step="any" required>
          <div class="meta" id="dose-range" aria-live="polite"></div>
          <div class="error" data-error-for="dose"></div>
        </div>
        <div>
          <label for="unit">Unit</label>
          <select id="unit" name="unit"><option value="mg">mg</option><option value="mcg">mcg</option></select>
          <div class="error" data-error-for="unit"></div>
        </div>
        <div>
          <label for="route">Route</label>
          <select id="route" name="route"><option value="">–</option></select>
          <div class="error" data-error-for="route"></div>
        </div>
        <div>
          <label for="givenAt">Given at</label>
          ${timeInput("givenAt")}
          <div class="error" data-error-for="givenAt"></div>
        </div>
      </div>
      <label for="reason">Reason</label>
      <input id="reason" name="reason" maxlength="2000" placeholder="e.g. COWS 12, induction per protocol">
      <label for="note">Note</label>
      <textarea id="note" name="note" rows="2" maxlength="2000"></textarea>
      <div class="error" data-error-for="form" role="alert"></div>
      <div class="actions"><button type="submit">Save dose</button> <a href="#/admission/${admissionId}">Back to patient</a></div>
      <div id="result" aria-live="polite"></div>
    </form>`;
  const form = view.querySelector("#dose-form");
  const chosen = () => drugs.find((m) => m.drug === form.drug.value);
  const update = () => {
    const drug = chosen();
    const range = form.querySelector("#dose-range");
    if (!drug) {
      range.textContent = "";
      form.route.innerHTML = `<option value="">–</option>`;
      return;
    }
    const routes = drug.routes.map((r) => `<option value="${escape(r)}">${escape(r)}</option>`).join("");
    if (form.route.dataset.drug !== drug.drug) {
      form.route.innerHTML = routes;
      form.route.dataset.drug = drug.drug;
    }
    const factor = form.unit.value === "mcg" ? 1000 : 1;
    const amount = Number(form.dose.value);
    const plausible = form.dose.value === "" || (amount / factor >= drug.minimumMg && amount / factor <= drug.maximumMg);
    range.textContent = `Plausible single dose: ${drug.minimumMg * factor}–${drug.maximumMg * factor} ${form.unit.value}${plausible ? "" : " — check mg and mcg"}`;
    range.classList.toggle("error", !plausible);
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  // Another drug makes the server's last answer about the old one stale.
  form.drug.addEventListener("change", () => form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const saved = await post(`/api/admissions/${admissionId}/doses`, {
        drug: form.drug.value || null,
        dose: form.dose.value === "" ? null : Number(form.dose.value),
        unit: form.unit.value,
        route: form.route.value || null,
        givenAt: fromTimeInput(form.givenAt.value),
        reason: form.reason.value || null,
        note: form.note.value || null,
      }, { idempotencyKey });
      form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
      form.querySelector("#result").innerHTML = `
        <p class="summary">Saved: ${escape(describe(saved))} at ${time(saved.givenAt)}</p>
        ${saved.alerts.map((a) => `<p>${pill("priority", a.priority, a.priority.toUpperCase())} ${escape(a.reason)}</p>`).join("")}
        ${saved.checksDue.map((c) => `<p class="check-due">${escape(c.name ?? c.kind)} due ${time(c.dueAt)}</p>`).join("")}`;
      form.querySelector("button[type=submit]").disabled = true;
    } catch (error) {
      showProblem(form, error);
    }
  });
}

// Withdrawal scores and doses on one time axis: each dose a labelled vertical mark across the plot.
function doseMarks(doses) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        ctx.save();
        ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
        ctx.textAlign = "left";
        ctx.textBaseline = "top";
        for (const dose of doses) {
          const x = u.valToPos(new Date(dose.givenAt).getTime() / 1000, "x", true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = dose.drug === "naloxone" ? "#ff6b6b" : "#c9a0ff";
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.fillStyle = ctx.strokeStyle;
          ctx.fillText(`${dose.drug} ${dose.dose} ${dose.unit}`, x + 3 * devicePixelRatio, u.bbox.top + 2 * devicePixelRatio);
        }
        ctx.restore();
      }],
    },
  };
}

/**
 * The dose lane of the patient page: a chart of withdrawal scores with doses marked, on the trend charts' time
 * range (`from`, `to` in seconds) and times, then the dose list.
 */
export async function renderDoseLane(section, admission, entries, { canCorrect, onChange, from, to }) {
  const doses = entries.filter((e) => e.type === "dose").map((e) => e.dose);
  const valid = doses.filter((d) => !d.enteredInError);
  const scales = [...new Set(entries.filter((e) => e.assessment).map((e) => e.assessment.kind))];
  const { checksDue } = await get(`/api/admissions/${admission.id}/doses`);
  section.innerHTML = `
    <h2>Doses and withdrawal scores</h2>
    <div class="dose-lane" id="dose-lane" aria-label="Withdrawal scores and doses over time"></div>
    ${checksDue.length ? `<ul class="checks-due">${checksDue.map((c) => `<li>${escape(c.name ?? c.kind)} due ${time(c.dueAt)} <span class="meta">${escape(c.basis)}</span></li>`).join("")}</ul>` : ""}
    <table class="doses stack-on-phone"><thead><tr><th>Given</th><th>Dose</th><th>Reason</th><th>By</th><th></th></tr></thead>
      <tbody>${doses.slice().reverse().map((d) => `<tr class="${d.enteredInError ? "entered-in-error" : ""}" data-dose="${d.id}">
        <td>${time(d.givenAt)}</td><td>${escape(describe(d))}</td>
        <td>${escape(d.reason ?? "")}${d.enteredInError ? `<br><span class="meta">Entered in error by ${escape(d.enteredInError.by)}: ${escape(d.enteredInError.reason)}</span>` : ""}</td>
        <td>${escape(d.recordedBy)}</td>
        <td>${canCorrect && !d.enteredInError ? `<button type="button" class="secondary" data-dose-error="${d.id}">Entered in error…</button>` : ""}</td></tr>`).join("")
        || `<tr><td colspan="5" class="meta">No doses charted.</td></tr>`}</tbody></table>`;

  const box = section.querySelector("#dose-lane");
  const times = [...entries.filter((e) => e.assessment).map((e) => e.at), ...valid.map((d) => d.givenAt)].map((t) => new Date(t).getTime() / 1000);
  if (times.length === 0) {
    box.innerHTML = `<p class="meta">Nothing charted yet.</p>`;
  } else {
    const xs = [...new Set(times)].sort((a, b) => a - b);
    const colours = ["#7cc4ff", "#ffd166", "#06d6a0"];
    const series = scales.map((kind) => {
      const byTime = new Map(entries.filter((e) => e.assessment?.kind === kind && !e.assessment.enteredInError).map((e) => [new Date(e.at).getTime() / 1000, e.assessment.total]));
      return xs.map((x) => byTime.get(x) ?? null);
    });
    box.dataset.xMin = from;
    box.dataset.xMax = to;
    // The labels drawn are kept on the box: the canvas itself has no text to read.
    const labels = (u, splits) => {
      const drawn = timeLabels(u, splits);
      box.dataset.timeLabels = drawn.join("|");
      return drawn;
    };
    new uPlot({
      title: "Withdrawal scores and doses", width: Math.max(200, Math.min(1240, section.clientWidth - 20)), height: 220,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), timeZone()),
      scales: { x: { time: true, range: () => [from, to] }, y: { range: (u, min, max) => [0, Math.max(12, max ?? 0)] } },
      axes: [{ stroke: "#a9b6c3", grid: { stroke: "#33445a" }, values: labels, size: 44 }, { stroke: "#a9b6c3", grid: { stroke: "#33445a" } }],
      series: [{}, ...scales.map((kind, i) => ({ label: kind.toUpperCase(), stroke: colours[i % colours.length], width: 2, spanGaps: true, points: { show: true } }))],
      plugins: [doseMarks(valid)],
    }, [xs, ...series], box);
  }

  section.addEventListener("click", async (event) => {
    const id = event.target.dataset?.doseError;
    if (!id) return;
    const reason = prompt("Why is this dose entry in error?");
    if (!reason) return;
    await post(`/api/observations/${id}/entered-in-error`, { reason });
    await onChange();
  });
}

/** The board tile's lines about doses: the last one given, and any check a dose calls for. */
export function lastDoseLine(bed) {
  // A dose brought these rounds forward (see DoseSchedule): POSS + RR after a sedating dose, the induction scale
  // after the first buprenorphine, vitals with POSS through a re-sedation watch.
  const checks = (bed.due ?? []).filter((d) => d.doseCheck);
  return (bed.lastDose ? `<div class="meta last-dose">Last dose ${escape(describe(bed.lastDose))} ${time(bed.lastDose.givenAt)}</div>` : "")
    + checks.map((d) => `<div class="due dose-check ${d.overdue ? "overdue" : ""}">Check: ${escape(d.basis)} (${time(d.at)})</div>`).join("");
}

/**
 * The wall's short line for a re-sedation watch after naloxone, "Re-sedation watch until 11:05": from the bed's
 * schedule when the watch's vitals come next, else from the admission's outstanding dose checks (`checks`).
 */
export function watchLine(bed, checks = []) {
  const until = new Set([...(bed.due ?? []), ...checks]
    .map((d) => /^re-sedation watch after .* until (.+)$/.exec(d.basis ?? "")?.[1])
    .filter(Boolean));
  return [...until].map((at) => `<div class="watch" data-watch>Re-sedation watch until ${escape(at)}</div>`).join("");
}

/** Whether a bed's last dose may have started a re-sedation watch (an opioid antagonist in the last day). */
export const mayWatch = (bed, now = Date.now()) => bed.lastDose?.drugClass === "opioid-antagonist"
  && now - new Date(bed.lastDose.givenAt).getTime() < 24 * 3600 * 1000;
