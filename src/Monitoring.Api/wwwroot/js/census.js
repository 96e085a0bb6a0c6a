// The unit manager's census: occupancy, acuity, overdue observations and alert response. Every figure opens
// the patients or alerts behind it, read from the same board tiles and alert rows the census counts.
import { get } from "./api.js";
import { app } from "./app.js";
import { alertName } from "./alert-names.js";
import { WardFeed } from "./hub.js";
import { clock, escape, time } from "./format.js";
import * as scales from "./scales.js";

// Which patients or alerts each figure counts, as GetCensus counts them.
const patientFilters = {
  occupied: () => true,
  stay: () => true,
  overdue: (p) => p.overdue,
  "news2:none": (p) => !p.news2?.censusBand,
};

function patientsOf(drill, beds) {
  const occupied = beds.filter((b) => b.admissionId);
  const [kind, value, band] = drill.split(":");
  if (kind === "news2" && value !== "none") return occupied.filter((p) => p.news2?.censusBand === value);
  if (kind === "scale") {
    const latest = (p) => p.assessments.find((a) => a.kind === value);
    return band === "not-assessed"
      ? occupied.filter((p) => p.due.some((d) => d.kind === value) && !latest(p))
      : occupied.filter((p) => latest(p)?.severity === band);
  }
  return occupied.filter(patientFilters[drill] ?? (() => false));
}

async function alertsOf(ward, drill) {
  const [kind, value] = drill.split(":");
  const list = (status) => get(`/api/wards/${encodeURIComponent(ward)}/alerts?status=${status}`);
  if (kind === "active") return (await list("active")).filter((a) => a.priority === value);
  const dayStart = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const all = [...await list("open"), ...await list("resolved")];
  return all.filter((a) => new Date(a.raisedAt) >= dayStart).sort((a, b) => new Date(a.raisedAt) - new Date(b.raisedAt));
}

export async function renderCensus(view, ward) {
  let open = null;
  const figure = (drill, value, label) => `<button type="button" class="link-button drill" data-drill="${escape(drill)}" aria-label="${escape(label)}: ${escape(String(value))}, show them" aria-expanded="false">${value}</button>`;
  const draw = async () => {
    const [c, served] = await Promise.all([get(`/api/wards/${encodeURIComponent(ward)}/census`), scales.load()]);
    const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
    const list = (pairs) => `<dl>${pairs.map(([k, v, drill]) => `<dt>${escape(k)}</dt><dd data-count="${escape(k)}">${drill ? figure(drill, v, k) : v}</dd>`).join("")}</dl>`;
    view.innerHTML = `
      <h1>Census · ward ${escape(ward)} <span class="meta">as of ${clock(c.generatedAt)}</span></h1>
      <div class="cards">
        <section class="card"><h2>Occupancy</h2><div class="big" id="occupancy">${figure("occupied", `${c.occupied} / ${c.capacity}`, "Occupied beds")}</div></section>
        <section class="card"><h2>NEWS2 bands</h2>${list([["High", c.news2Bands.high, "news2:high"], ["Medium", c.news2Bands.medium, "news2:medium"], ["Low-medium", c.news2Bands.lowMedium, "news2:low-medium"], ["Low", c.news2Bands.low, "news2:low"], ["Not computed", c.news2Bands.notComputed, "news2:none"]])}</section>
        ${served.scales.map((scale) => {
          const counts = c.assessmentSeverities[scale.kind] ?? {};
          return `<section class="card" data-scale="${escape(scale.kind)}"><h2>${escape(scale.name)} severity</h2>${list([
            ...[...scale.bands].reverse().map((b) => [capital(b.label), counts[b.name] ?? 0, `scale:${scale.kind}:${b.name}`]),
            ["Not assessed", counts["not-assessed"] ?? 0, `scale:${scale.kind}:not-assessed`]])}</section>`;
        }).join("")}
        <section class="card"><h2>Overdue observations</h2><div class="big" id="overdue">${figure("overdue", c.overdueObservations, "Overdue observations")}</div></section>
        <section class="card"><h2>Active alerts</h2>${list([["High", c.activeAlerts.high, "active:high"], ["Medium", c.activeAlerts.medium, "active:medium"], ["Low", c.activeAlerts.low, "active:low"]])}</section>
        <section class="card"><h2>Alert response today</h2>${list([["Raised", c.alertsRaisedToday, "today"], ["Median time to acknowledge", c.medianTimeToAcknowledgeSecondsToday === null ? "–" : c.medianTimeToAcknowledgeSecondsToday < 90 ? `${Math.round(c.medianTimeToAcknowledgeSecondsToday)} s` : `${Math.round(c.medianTimeToAcknowledgeSecondsToday / 60)} min`, "today"]])}</section>
        <section class="card"><h2>Length of stay</h2><div class="big">${figure("stay", c.averageLengthOfStayHours === null ? "–" : `${Math.round(c.averageLengthOfStayHours)} h`, "Average length of stay")}</div><span class="meta">average, current patients</span></section>
      </div>
      <section id="drill" aria-live="polite"></section>`;
    if (open) await show(open);
  };
  const show = async (drill) => {
    open = drill;
    for (const button of view.querySelectorAll("button[data-drill]")) button.setAttribute("aria-expanded", String(button.dataset.drill === drill));
    const target = view.querySelector("#drill");
    const isAlerts = drill.startsWith("active:") || drill === "today";
    if (isAlerts) {
      const alerts = await alertsOf(ward, drill);
      target.innerHTML = `<h2>${drill === "today" ? "Alerts raised today" : `Active ${escape(drill.split(":")[1])} alerts`} (${alerts.length})</h2>
        <ul class="drill-list">${alerts.map((a) => `<li data-alert="${escape(a.id)}"><a href="#/admission/${escape(a.admissionId)}">Bed ${escape(a.bed)}</a> · ${escape(alertName(a.code))} · ${escape(a.priority)} · ${escape(a.status)}, raised ${time(a.raisedAt)}${a.acknowledgedAt ? `, acknowledged ${clock(a.acknowledgedAt)}` : ""}</li>`).join("") || `<li class="meta">None.</li>`}</ul>`;
      return;
    }
    const board = await get(`/api/wards/${encodeURIComponent(ward)}/board`);
    const patients = patientsOf(drill, board.beds);
    target.innerHTML = `<h2>Patients (${patients.length})</h2>
      <ul class="drill-list">${patients.map((p) => `<li data-admission="${escape(p.admissionId)}"><a href="#/admission/${escape(p.admissionId)}">Bed ${escape(p.bed)} · ${escape(p.patient)}</a>${p.news2?.total == null ? "" : ` · NEWS2 ${p.news2.total}`}${p.overdue ? " · overdue" : ""}</li>`).join("") || `<li class="meta">None.</li>`}</ul>`;
  };
  // The view element outlives this page: its listener goes when the page does.
  const listening = new AbortController();
  view.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-drill]");
    if (button) {
      show(button.dataset.drill).catch((failure) => {
        const target = view.querySelector("#drill");
        if (target) target.textContent = `Could not read the list: ${failure.message}`;
      });
    }
  }, { signal: listening.signal });
  await draw();
  let timer = null;
  const feed = new WardFeed(ward, {
    onSnapshot: () => {},
    onEvent: () => { clearTimeout(timer); timer = setTimeout(() => draw().catch(() => {}), 300); },
    onStatus: (status) => app.status(status),
  });
  await feed.start();
  const refresh = setInterval(() => draw().catch(() => {}), 60000);
  return async () => {
    listening.abort();
    clearInterval(refresh);
    await feed.stop();
  };
}
