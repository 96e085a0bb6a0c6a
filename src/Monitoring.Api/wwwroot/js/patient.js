// The patient page: trends over time (uPlot), charted entries with corrections, alert history,
// transfer and discharge.
import uPlot from "../lib/uPlot.esm.js";
import { get, post } from "./api.js";
import { app } from "./app.js";
import { bandLabel, escape, pill, severityLabel, time } from "./format.js";
import { renderDoseLane } from "./doses.js";

const SERIES = [
  ["Respiratory rate /min", (v) => v.respiratoryRate],
  ["SpO2 %", (v) => v.spo2],
  ["Heart rate /min", (v) => v.heartRate],
  ["Blood pressure mmHg", (v) => v.systolicBp, (v) => v.diastolicBp],
  ["Temperature °C", (v) => v.temperatureC],
  ["NEWS2", (v) => v.news2.total],
];

export async function renderPatient(view, admissionId) {
  const [admission, timeline] = await Promise.all([get(`/api/admissions/${admissionId}`), get(`/api/admissions/${admissionId}/timeline`)]);
  const vitals = timeline.entries.filter((e) => e.type === "vitals").map((e) => e.vitals);
  // Assessments on any scale (COWS, CIWA-Ar, ...), grouped by scale for their trend charts.
  const assessments = timeline.entries.filter((e) => e.assessment).map((e) => e.assessment);
  const scaleNames = new Map([...admission.scales.map((s) => [s.kind, s.name]), ...assessments.map((a) => [a.kind, a.scale])]);
  const alerts = timeline.entries.filter((e) => e.type === "alert").map((e) => e.alert);
  const clinician = app.can("nurse", "physician");
  view.innerHTML = `
    <h1>${escape(admission.displayName)} · ${escape(admission.ward)} bed ${escape(admission.bed)}
      <span class="meta">MRN ${escape(admission.mrn)} · ${admission.ageYears} y · ${escape((admission.substanceUse ?? []).map((u) => u.substance).join(", ") || admission.substances.join(", "))} · ${escape(admission.status)}</span></h1>
    <div class="actions">
      ${app.can("nurse") && admission.status === "admitted" ? `<a href="#/admission/${admissionId}/vitals">Chart vitals</a> ${admission.scales.map((s) => `<a href="#/admission/${admissionId}/${encodeURIComponent(s.kind)}">Chart ${escape(s.name)}</a>`).join(" ")}` : ""}
      ${clinician && admission.status === "admitted" ? `<a href="#/admission/${admissionId}/dose">Chart dose</a>` : ""}
      <a href="#/ward/${encodeURIComponent(admission.ward)}">Back to board</a>
    </div>
    <h2>Trends</h2>
    <div class="charts" id="charts"></div>
    ${(admission.substanceUse ?? []).some((u) => u.lastUseAt) ? `<p class="meta">Last use: ${(admission.substanceUse ?? []).filter((u) => u.lastUseAt).map((u) => `${escape(u.substance)} ${time(u.lastUseAt)}`).join(", ")}</p>` : ""}
    ${clinician ? `<section id="doses"></section>` : ""}
    <h2>Alerts</h2>
    <table><thead><tr><th>Raised</th><th>Priority</th><th>Alert</th><th>Status</th><th>Acknowledged</th><th>Resolved</th></tr></thead>
      <tbody>${alerts.map((a) => `<tr>
        <td>${time(a.raisedAt)}</td><td>${pill("priority", a.priority, a.priority)}</td><td>${escape(a.code)}<br><span class="meta">${escape(a.reason)}</span></td>
        <td>${escape(a.status)}${a.escalated ? " (escalated)" : ""}</td>
        <td>${a.acknowledgedAt ? `${escape(a.acknowledgedBy)} ${time(a.acknowledgedAt)}<br><span class="meta">${escape(a.acknowledgeNote)}</span>` : ""}</td>
        <td>${a.resolvedAt ? `${escape(a.resolvedBy ?? "service")} ${time(a.resolvedAt)}<br><span class="meta">${escape(a.resolveNote)}</span>` : ""}</td></tr>`).join("") || `<tr><td colspan="6" class="meta">No alerts.</td></tr>`}</tbody></table>
    <h2>Charted entries</h2>
    <table><thead><tr><th>Observed</th><th>Entry</th><th>Score</th><th>By</th><th></th></tr></thead>
      <tbody>${[...vitals.map((v) => ["vitals", v]), ...assessments.map((a) => [a.kind, a])]
        .sort((a, b) => new Date(b[1].observedAt) - new Date(a[1].observedAt))
        .map(([kind, o]) => `<tr class="${o.enteredInError ? "entered-in-error" : ""}" data-observation="${o.id}">
          <td>${time(o.observedAt)}</td>
          <td>${kind === "vitals" ? `RR ${o.respiratoryRate ?? "–"}, SpO2 ${o.spo2 ?? "–"}, BP ${o.systolicBp ?? "–"}/${o.diastolicBp ?? "–"}, HR ${o.heartRate ?? "–"}, T ${o.temperatureC ?? "–"}, ${o.consciousness ?? "–"}, POSS ${o.sedation ?? "–"}` : escape(o.scale)}
            ${o.enteredInError ? `<br><span class="meta">Entered in error by ${escape(o.enteredInError.by)}: ${escape(o.enteredInError.reason)}</span>` : ""}</td>
          <td>${kind === "vitals" ? `NEWS2 ${o.news2.total ?? "–"} ${pill("band", o.news2.band, bandLabel[o.news2.band])}` : `${escape(o.scale)} ${o.total} ${pill("severity", o.severity, severityLabel[o.severity] ?? o.severity)}`}</td>
          <td>${escape(o.recordedBy)}</td>
          <td>${clinician && !o.enteredInError ? `<button type="button" class="secondary" data-error-entry="${o.id}">Entered in error…</button>` : ""}</td></tr>`).join("")}</tbody></table>
    ${clinician && admission.status === "admitted" ? `
      <h2>Move or discharge</h2>
      <form class="form" id="move-form">
        <label for="bed">Transfer to bed</label> <input id="bed" name="bed" placeholder="bed code"> <button type="submit" name="transfer">Transfer</button>
        <label for="dischargeNote">Discharge note</label> <input id="dischargeNote" name="dischargeNote"> <button type="button" class="danger" id="discharge">Discharge</button>
        <div class="error" id="move-error" role="alert"></div>
      </form>` : ""}`;

  const doses = view.querySelector("#doses");
  if (doses) await renderDoseLane(doses, admission, timeline.entries, { canCorrect: clinician, onChange: () => renderPatient(view, admissionId) });
  drawCharts(view.querySelector("#charts"), vitals.filter((v) => !v.enteredInError), assessments.filter((a) => !a.enteredInError), scaleNames);

  view.addEventListener("click", async (event) => {
    const id = event.target.dataset?.errorEntry;
    if (!id) return;
    const reason = prompt("Why is this entry in error?");
    if (!reason) return;
    await post(`/api/observations/${id}/entered-in-error`, { reason });
    await renderPatient(view, admissionId);
  });
  const move = view.querySelector("#move-form");
  move?.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await post(`/api/admissions/${admissionId}/transfer`, { bed: move.bed.value });
      await renderPatient(view, admissionId);
    } catch (error) {
      view.querySelector("#move-error").textContent = error.message;
    }
  });
  view.querySelector("#discharge")?.addEventListener("click", async () => {
    try {
      await post(`/api/admissions/${admissionId}/discharge`, { note: move.dischargeNote.value || null });
      location.hash = `#/ward/${encodeURIComponent(admission.ward)}`;
    } catch (error) {
      view.querySelector("#move-error").textContent = error.message;
    }
  });
}

function drawCharts(container, vitals, assessments, scaleNames) {
  const width = Math.max(360, Math.min(620, container.clientWidth - 20));
  const plot = (title, xs, ...ys) => {
    const box = document.createElement("div");
    box.className = "chart";
    box.setAttribute("aria-label", `${title} over time`);
    container.appendChild(box);
    if (xs.length === 0) {
      box.innerHTML = `<strong>${escape(title)}</strong><p class="meta">Nothing charted yet.</p>`;
      return;
    }
    const colours = ["#7cc4ff", "#e07b24"];
    new uPlot({
      title, width, height: 180,
      scales: { x: { time: true } },
      axes: [{ stroke: "#a9b6c3", grid: { stroke: "#33445a" } }, { stroke: "#a9b6c3", grid: { stroke: "#33445a" } }],
      series: [{}, ...ys.map((_, i) => ({ label: i === 0 ? title : "diastolic", stroke: colours[i], width: 2, points: { show: true } }))],
    }, [xs, ...ys], box);
  };
  const vx = vitals.map((v) => new Date(v.observedAt).getTime() / 1000);
  for (const [title, ...fields] of SERIES) plot(title, vx, ...fields.map((f) => vitals.map((v) => f(v) ?? null)));
  for (const [kind, name] of scaleNames) {
    const charted = assessments.filter((a) => a.kind === kind);
    plot(name, charted.map((a) => new Date(a.observedAt).getTime() / 1000), charted.map((a) => a.total));
  }
}
