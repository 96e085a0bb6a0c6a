// The patient page: trends on one time axis, the alert history and every charted entry (corrections
// struck through), live from the ward feed; transfer to a free bed and discharge, each confirmed.
import { get, post, timeline as readTimeline } from "./api.js";
import { app } from "./app.js";
import { alertName } from "./alert-names.js";
import { ask } from "./dialogs.js";
import { WardFeed } from "./hub.js";
import { drawCharts } from "./patient-charts.js";
import { renderDoseLane } from "./doses.js";
import * as scales from "./scales.js";
import { bandLabel, escape, pill, severityLabel, time } from "./format.js";
import { respondClick, responseControls, responseSummary } from "./responses.js";

const substanceNames = (admission) => ((admission.substanceUse ?? []).map((u) => u.substance).join(", ") || admission.substances.map((s) => (typeof s === "string" ? s : s.substance)).join(", "));

export async function renderPatient(view, admissionId) {
  let admission = await get(`/api/admissions/${admissionId}`);
  const clinician = app.can("nurse", "physician");
  view.innerHTML = `
    <div class="patient-page">
      <h1 id="patient-title"></h1>
      <p class="meta" id="patient-meta"></p>
      <div id="spo2-changes"></div>
      <div class="actions" id="patient-actions"></div>
      <h2>Trends</h2>
      <div class="charts" id="charts"></div>
      <p class="meta" id="monitor-note"></p>
      <p class="meta" id="last-use"></p>
      ${clinician ? `<section id="doses"></section>` : ""}
      <h2>Alerts</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Alert history"><table id="alerts-table"><thead><tr><th scope="col">Raised</th><th scope="col">Priority</th><th scope="col">Alert</th><th scope="col">Status</th><th scope="col">Acknowledged</th><th scope="col">Responses</th><th scope="col">Resolved</th></tr></thead><tbody></tbody></table></div>
      <h2>Charted entries</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Charted entries"><table id="entries-table"><thead><tr><th scope="col">Observed</th><th scope="col">Entry</th><th scope="col">Score</th><th scope="col">By</th><th scope="col"><span class="visually-hidden">Corrections</span></th></tr></thead><tbody></tbody></table></div>
      <div id="move"></div>
    </div>`;
  let charts = null;
  let monitorLive = false;

  const draw = async () => {
    const timeline = await readTimeline(admissionId);
    if (!view.querySelector("#charts")) return;
    const vitals = timeline.entries.filter((e) => e.type === "vitals").map((e) => e.vitals);
    // Assessments on any scale (COWS, CIWA-Ar, ...), each scale with its own trend chart.
    const assessments = timeline.entries.filter((e) => e.assessment).map((e) => e.assessment);
    const scaleNames = new Map([...(admission.scales ?? []).map((s) => [s.kind, s.name]), ...assessments.map((a) => [a.kind, a.scale])]);
    const alerts = timeline.entries.filter((e) => e.type === "alert").map((e) => e.alert);
    const conflicting = new Set(timeline.entries.filter((e) => e.conflictsWith).map((e) => e.id));
    view.querySelector("#patient-title").textContent = `${admission.displayName} · ward ${admission.ward}, bed ${admission.bed}`;
    view.querySelector("#patient-meta").textContent = `MRN ${admission.mrn} · ${admission.ageYears} y · ${substanceNames(admission)} · SpO2 scale ${admission.spo2Scale}${admission.pregnant ? " · pregnant" : ""} · admitted ${time(admission.admittedAt)} · ${admission.status}`;
    view.querySelector("#spo2-changes").innerHTML = (admission.spo2ScaleChanges ?? []).map((c) => `<p class="meta">SpO2 scale ${c.fromScale} → ${c.toScale} by ${escape(c.changedBy)} ${time(c.changedAt)}: ${escape(c.reason)}</p>`).join("");
    view.querySelector("#patient-actions").innerHTML = `
      ${app.can("nurse") && admission.status === "admitted" ? `<a href="#/admission/${admissionId}/vitals">Chart vitals</a> ${(admission.scales ?? []).map((s) => `<a href="#/admission/${admissionId}/${encodeURIComponent(s.kind)}">Chart ${escape(s.name)}</a>`).join(" ")}` : ""}
      ${clinician && admission.status === "admitted" ? `<a href="#/admission/${admissionId}/dose">Chart dose</a>` : ""}
      <a href="#/ward/${encodeURIComponent(admission.ward)}">Back to board</a>`;
    const used = (admission.substanceUse ?? []).filter((u) => u.lastUseAt);
    view.querySelector("#last-use").textContent = used.length ? `Last use: ${used.map((u) => `${u.substance} ${time(u.lastUseAt)}`).join(", ")}` : "";
    const valid = (rows) => rows.filter((r) => !r.enteredInError).sort((a, b) => new Date(a.observedAt) - new Date(b.observedAt));
    const now = Date.now() / 1000;
    const first = Math.min(new Date(admission.admittedAt).getTime() / 1000, ...[...vitals, ...assessments].map((r) => new Date(r.observedAt).getTime() / 1000));
    const from = Math.max(first, now - 72 * 3600) - 600;
    const doses = view.querySelector("#doses");
    if (doses) await renderDoseLane(doses, admission, timeline.entries, { canCorrect: clinician, onChange: () => draw(), from, to: now + 600 });
    const monitor = clinician ? await readMonitor(from, now) : null;
    monitorLive = monitor?.device?.status === "live" || monitor?.device?.status === "stale";
    const monitorAlarms = alerts.filter((a) => a.code?.startsWith("monitor-"));
    charts?.destroy();
    charts = drawCharts(view.querySelector("#charts"), { vitals: valid(vitals), assessments: valid(assessments), scaleNames, served: await scales.load().catch(() => null), from, to: now + 600, monitor: monitor?.parameters, monitorAlarms });
    const note = view.querySelector("#monitor-note");
    note.innerHTML = !monitor || monitor.device?.status === "none" ? "" : `Bedside monitor ${escape(monitor.device.status)}: shaded bands are its ${monitor.resolution === "5m" ? "five-minute" : "minute"} ranges (lowest to highest), the thin line its last values; charted readings are the points on top.${monitorAlarms.length ? ` Monitor alarms, marked on the time axis: ${monitorAlarms.map((a) => `${escape(alertName(a.code))} ${time(a.raisedAt)}`).join("; ")}.` : ""}`;

    view.querySelector("#alerts-table tbody").innerHTML = alerts.map((a) => `<tr data-alert="${a.id}">
        <td>${time(a.raisedAt)}</td><td>${pill("priority", a.priority, a.priority.toUpperCase())}</td>
        <td>${escape(alertName(a.code))}<br><span class="meta">${escape(a.reason)}</span></td>
        <td>${escape(a.status)}${a.escalated ? " (escalated)" : ""}</td>
        <td>${a.acknowledgedAt ? `${escape(a.acknowledgedBy)} ${time(a.acknowledgedAt)}<br><span class="meta">${escape(a.acknowledgeNote)}</span>` : ""}</td>
        <td><span class="meta">${escape(responseSummary(a))}</span>${clinician && a.status !== "resolved" ? `<div class="actions">${responseControls(`${alertName(a.code)}, raised ${time(a.raisedAt)}`)}</div><div class="error" role="alert"></div>` : ""}</td>
        <td>${a.resolvedAt ? `${escape(a.resolvedBy ?? "the service")} ${time(a.resolvedAt)}<br><span class="meta">${escape(a.resolveNote)}</span>` : ""}</td></tr>`).join("")
      || `<tr><td colspan="7" class="meta">No alerts.</td></tr>`;

    view.querySelector("#entries-table tbody").innerHTML = [...vitals.map((v) => ["vitals", v]), ...assessments.map((a) => [a.kind, a])]
      .sort((a, b) => new Date(b[1].observedAt) - new Date(a[1].observedAt))
      .map(([kind, o]) => `<tr class="${o.enteredInError ? "entered-in-error" : ""}" data-observation="${o.id}">
          <td>${time(o.observedAt)}</td>
          <td>${kind === "vitals" ? `RR ${o.respiratoryRate ?? "–"}, SpO2 ${o.spo2 ?? "–"}${o.onOxygen ? " on oxygen" : ""}, BP ${o.systolicBp ?? "–"}/${o.diastolicBp ?? "–"}, HR ${o.heartRate ?? "–"}, T ${o.temperatureC ?? "–"}, ACVPU ${o.consciousness ?? "–"}, POSS ${o.sedation ?? "–"}` : escape(o.scale)}
            ${kind === "vitals" && o.source === "monitor-validated" ? `<br><span class="meta" data-source="monitor-validated">Validated from the bedside monitor</span>` : ""}
            ${o.enteredInError ? `<br><span class="meta">Entered in error by ${escape(o.enteredInError.by)}: ${escape(o.enteredInError.reason)}</span>` : ""}
            ${conflicting.has(o.id) ? `<br><span class="meta" data-conflict>Differs by a NEWS2 band from a set within 10 min: the worse decides</span>` : ""}</td>
          <td>${kind === "vitals" ? `NEWS2 ${o.news2.total ?? "–"} ${pill("band", o.news2.band, bandLabel[o.news2.band])}` : `${escape(o.scale)} ${o.total} ${pill("severity", o.severity, severityLabel[o.severity] ?? o.severity)}`}</td>
          <td>${escape(o.recordedBy)}</td>
          <td>${clinician && !o.enteredInError ? `<button type="button" class="secondary" data-error-entry="${o.id}" data-kind="${kind === "vitals" ? "vital signs" : escape(o.scale)}" data-at="${escape(time(o.observedAt))}">Entered in error…</button>` : ""}</td></tr>`).join("")
      || `<tr><td colspan="5" class="meta">Nothing charted yet.</td></tr>`;

    const move = view.querySelector("#move");
    if (clinician && admission.status === "admitted") {
      const ward = app.wards().find((w) => w.code === admission.ward);
      const free = (ward?.beds ?? []).filter((b) => !b.admissionId).map((b) => b.code);
      move.innerHTML = `
        <h2>Move or discharge</h2>
        <div class="actions">
          <button type="button" class="secondary" id="transfer" ${free.length ? "" : "disabled"}>Transfer to another bed…</button>
          <button type="button" class="danger" id="discharge">Discharge…</button>
        </div>
        ${free.length ? "" : `<p class="meta">No free bed on ward ${escape(admission.ward)}.</p>`}`;
      move.querySelector("#transfer").addEventListener("click", () => ask({
        title: `Transfer ${admission.displayName}`,
        text: `From bed ${admission.bed} to a free bed of ward ${admission.ward}. Open alerts move with the patient.`,
        fields: [{ name: "bed", label: "Free bed", kind: "select", options: free.map((b) => [b, b]), required: true }],
        confirm: "Transfer",
        run: async ({ bed }) => {
          admission = await post(`/api/admissions/${admissionId}/transfer`, { bed });
          await refreshWards();
          await draw();
        },
      }));
      move.querySelector("#discharge").addEventListener("click", () => ask({
        title: `Discharge ${admission.displayName}?`,
        text: `Bed ${admission.bed} becomes free and the patient leaves the board. This cannot be undone here.`,
        fields: [{ name: "note", label: "Discharge note", kind: "textarea", required: true }],
        confirm: "Discharge",
        danger: true,
        run: async ({ note }) => {
          await post(`/api/admissions/${admissionId}/discharge`, { note });
          location.hash = `#/ward/${encodeURIComponent(admission.ward)}`;
        },
      }));
    } else {
      move.innerHTML = "";
    }
  };

  // The monitor's aggregates over the charts' window: minutes up to a day, five-minute buckets beyond.
  const readMonitor = async (from, now) => {
    const resolution = now - from <= 24 * 3600 ? "1m" : "5m";
    const since = new Date(Math.max(from, now - (resolution === "1m" ? 24 : 7 * 24) * 3600 + 60) * 1000).toISOString();
    return get(`/api/admissions/${admissionId}/monitor?since=${encodeURIComponent(since)}&resolution=${resolution}`).catch(() => null);
  };

  const refreshWards = async () => {
    const wards = await get("/api/wards").catch(() => null);
    if (wards) app.wards().splice(0, app.wards().length, ...wards);
  };
  await refreshWards();
  await draw();
  view.querySelector("#alerts-table").addEventListener("click", async (event) => {
    const row = event.target.closest("tr[data-alert]");
    if (row) await respondClick(event, row, row.dataset.alert, () => draw().catch(() => {}), row.querySelector(".error"));
  });

  view.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-error-entry]");
    if (!button) return;
    ask({
      title: "Mark this entry as entered in error",
      text: `The ${button.dataset.kind} entry observed ${button.dataset.at} stays in the record, struck through, with your reason.`,
      fields: [{ name: "reason", label: "Why is it in error?", kind: "textarea", required: true }],
      confirm: "Mark as entered in error",
      danger: true,
      run: async ({ reason }) => {
        await post(`/api/observations/${button.dataset.errorEntry}/entered-in-error`, { reason });
        await draw();
      },
    });
  });

  // Live: anything charted, raised or changed for this patient redraws the page.
  let timer = null;
  const feed = new WardFeed(admission.ward, {
    onSnapshot: () => {},
    onEvent: (event) => {
      if (event.admissionId !== admissionId && event.alert?.admissionId !== admissionId) return;
      clearTimeout(timer);
      timer = setTimeout(async () => {
        admission = await get(`/api/admissions/${admissionId}`).catch(() => admission);
        await draw().catch(() => {});
      }, 250);
    },
    onStatus: (status) => app.status(status),
  });
  await feed.start();
  // The monitor's minutes arrive without a ward event: redraw once a minute while its monitor is heard.
  const minutely = setInterval(() => { if (monitorLive) draw().catch(() => {}); }, 60000);
  return async () => {
    clearInterval(minutely);
    clearTimeout(timer);
    charts?.destroy();
    await feed.stop();
  };
}
