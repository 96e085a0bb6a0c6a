// The printable handover sheet: one block per patient, as GET /api/wards/{ward}/handover gives it.
import { get } from "./api.js";
import { alertName } from "./alert-names.js";
import { bandLabel, clock, escape, time } from "./format.js";
import { responseSummary } from "./responses.js";

const list = (items, empty) => items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>` : `<p class="meta">${empty}</p>`;

function block(p) {
  const news2 = p.news2?.total == null ? "not computed" : `${p.news2.total} (${bandLabel[p.news2.band] ?? p.news2.band}) at ${time(p.news2.observedAt)}`;
  const trend = p.news2Trend.map((t) => `${t.total} at ${time(t.observedAt)}`).join(", ") || "no complete set in 12 h";
  const m = p.monitor;
  const values = m ? [["RR", m.respiratoryRate], ["SpO2", m.spo2], ["HR", m.heartRate], ["EtCO2", m.etco2]].filter(([, v]) => v != null).map(([k, v]) => `${k} ${v}`) : [];
  const monitor = !m || m.status === "none" ? "no monitor" : `${escape(m.status)}${m.at ? ` (last heard ${clock(m.at)})` : ""}${values.length ? `: ${escape(values.join(", "))}` : ""}`;
  return `<article class="handover-patient" data-admission="${escape(p.admissionId)}">
    <h2>Bed ${escape(p.bed)} · ${escape(p.name)}${p.ageYears == null ? "" : `, ${p.ageYears}`} <span class="meta">day ${p.dayOfStay} of stay (admitted ${time(p.admittedAt)})</span></h2>
    <dl class="handover-facts">
      <dt>Substances</dt><dd>${escape(p.substances.map((s) => `${s.substance}${s.lastUseAt ? ` (last use ${time(s.lastUseAt)})` : ""}`).join(", ") || "none recorded")}</dd>
      <dt>NEWS2 now</dt><dd>${escape(news2)}</dd>
      <dt>NEWS2, last 12 h</dt><dd>${escape(trend)}</dd>
      <dt>Last scores</dt><dd>${escape(p.assessments.map((a) => `${a.scale} ${a.total} (${a.severity}) at ${time(a.observedAt)}`).join("; ") || "none")}</dd>
      <dt>Watches</dt><dd>${escape(p.watches.map((w) => `naloxone re-sedation watch until ${clock(w.until)}`).join("; ") || "none")}</dd>
      <dt>Due next</dt><dd>${escape(p.due.map((d) => `${d.name} ${time(d.at)}${d.overdue ? " (overdue)" : ""}`).join("; ") || "nothing scheduled")}</dd>
      <dt>Monitor</dt><dd>${monitor}</dd>
    </dl>
    <h3>Open alerts</h3>
    ${list(p.openAlerts.map((a) => `<strong>${escape(a.priority.toUpperCase())}</strong> ${escape(alertName(a.code))}, raised ${time(a.raisedAt)}, ${escape(a.status)}: ${escape(a.reason)}${a.responses.length ? `<br><span class="meta">Responses: ${escape(responseSummary(a))}</span>` : ""}`), "None.")}
    <h3>Doses, last 24 h</h3>
    ${list(p.dosesLast24h.map((d) => `${escape(d.drug)} ${escape(String(d.dose))} ${escape(d.unit)} ${escape(d.route)} at ${time(d.givenAt)}${d.correction ? " (entered in error)" : ""}`), "None.")}
    <h3>Observations not done, last 24 h</h3>
    ${list(p.observationsNotDone.map((n) => `${escape(n.kind)} at ${time(n.at)}: ${escape(n.reason)}${n.note ? `, ${escape(n.note)}` : ""} (${escape(n.recordedBy)})`), "None.")}
  </article>`;
}

export async function renderHandover(view, ward) {
  const sheet = await get(`/api/wards/${encodeURIComponent(ward)}/handover`);
  view.innerHTML = `
    <div class="handover">
      <h1>Handover · ward ${escape(ward)} <span class="meta">${escape(sheet.name)}, ${time(sheet.generatedAt)}</span></h1>
      <p class="no-print"><button type="button" id="print-handover">Print</button></p>
      ${sheet.patients.map(block).join("") || `<p class="meta">No patients on the ward.</p>`}
    </div>`;
  view.querySelector("#print-handover").addEventListener("click", () => window.print());
  return null;
}
