// The manager's reports: the response, observations and alert-load tables of a chosen period, CSV downloads, and a weekly
// trend of the time to acknowledge high alerts over the last eight weeks (uPlot).
import uPlot from "../lib/uPlot.esm.js";
import { accessToken, get } from "./api.js";
import { alertName } from "./alert-names.js";
import { escape } from "./format.js";

const seconds = (value) => value == null ? "–" : value < 90 ? `${value} s` : `${(value / 60).toFixed(1)} min`;
const share = (value) => value == null ? "–" : `${Math.round(value * 1000) / 10} %`;
const isoDate = (date) => date.toISOString().slice(0, 10);

function responseTable(report) {
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="Response by priority and shift"><table id="response-table">
    <thead><tr><th scope="col">Priority</th><th scope="col">Shift</th><th scope="col">Raised</th><th scope="col">Acknowledge p50</th><th scope="col">Acknowledge p90</th>
      <th scope="col">First response p50</th><th scope="col">First response p90</th><th scope="col">Escalated</th><th scope="col">Still unacknowledged</th></tr></thead>
    <tbody>${report.rows.map((r) => `<tr><td>${escape(r.priority)}</td><td>${escape(r.shift)}</td><td>${r.raised}</td><td>${seconds(r.acknowledgeP50Seconds)}</td><td>${seconds(r.acknowledgeP90Seconds)}</td>
      <td>${seconds(r.firstResponseP50Seconds)}</td><td>${seconds(r.firstResponseP90Seconds)}</td><td>${r.escalated}</td><td>${r.stillUnacknowledged}</td></tr>`).join("")}</tbody></table></div>`;
}

function observationsTable(report) {
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="Observations on time by kind and shift"><table id="observations-table">
    <thead><tr><th scope="col">Observation</th><th scope="col">Shift</th><th scope="col">Due</th><th scope="col">On time</th><th scope="col">Late</th><th scope="col">Missed</th>
      <th scope="col">Outstanding</th><th scope="col">On time %</th></tr></thead>
    <tbody>${report.rows.map((r) => `<tr><td>${escape(r.name ?? r.kind)}</td><td>${escape(r.shift)}</td><td>${r.due}</td><td>${r.onTime}</td><td>${r.late}</td><td>${r.missed}</td>
      <td>${r.outstanding}</td><td>${r.onTimePercent == null ? "–" : `${r.onTimePercent} %`}</td></tr>`).join("")}</tbody></table></div>`;
}

function loadTable(report) {
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="Alert load by code"><table id="alert-load-table">
    <thead><tr><th scope="col">Alert</th><th scope="col">Raised</th><th scope="col">Per 100 patient-days</th><th scope="col">Acknowledged within target</th><th scope="col">Resolved as artefact</th><th scope="col">Median duration</th></tr></thead>
    <tbody>${report.rows.map((r) => `<tr><td>${escape(alertName(r.code))}</td><td>${r.raised}</td><td>${r.per100PatientDays ?? "–"}</td><td>${share(r.acknowledgedWithinTargetShare)}</td><td>${share(r.artefactShare)}</td><td>${seconds(r.medianDurationSeconds)}</td></tr>`).join("")
      || `<tr><td colspan="6" class="meta">No alerts in the period.</td></tr>`}</tbody></table></div>`;
}

// A download through fetch: the token travels in a header, never in an address.
async function download(path, name) {
  const response = await fetch(path, { headers: { Accept: "text/csv", Authorization: `Bearer ${await accessToken()}` } });
  if (!response.ok) throw new Error(`The CSV could not be read (${response.status}).`);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

async function drawTrend(target, ward) {
  const end = new Date();
  const weeks = Array.from({ length: 8 }, (_, i) => new Date(end.getTime() - (7 - i) * 7 * 86400000));
  const reports = await Promise.all(weeks.map((until) => get(`/api/wards/${encodeURIComponent(ward)}/reports/response?since=${isoDate(new Date(until.getTime() - 7 * 86400000))}&until=${isoDate(until)}`)));
  const high = (report, field) => {
    const values = report.rows.filter((r) => r.priority === "high").map((r) => r[field]).filter((v) => v != null);
    return values.length ? Math.max(...values) : null;
  };
  target.innerHTML = "";
  const width = Math.max(280, Math.min(900, target.clientWidth || 600));
  return new uPlot({
    title: "High alerts, slowest shift's p50 per week (seconds)",
    width,
    height: 220,
    scales: { x: { time: true } },
    series: [{}, { label: "Acknowledge p50", stroke: "#7cc4ff", width: 2 }, { label: "First response p50", stroke: "#f29a4a", width: 2 }],
    axes: [{ stroke: "#b4c0cc" }, { stroke: "#b4c0cc" }],
  }, [weeks.map((w) => w.getTime() / 1000), reports.map((r) => high(r, "acknowledgeP50Seconds")), reports.map((r) => high(r, "firstResponseP50Seconds"))], target);
}

export async function renderReports(view, ward) {
  const until = new Date();
  const since = new Date(until.getTime() - 7 * 86400000);
  view.innerHTML = `
    <h1>Reports · ward ${escape(ward)}</h1>
    <form id="report-period" class="actions">
      <label>From <input type="date" name="since" value="${isoDate(since)}"></label>
      <label>Until (not included) <input type="date" name="until" value="${isoDate(new Date(until.getTime() + 86400000))}"></label>
      <button type="submit">Show</button>
    </form>
    <p class="error" role="alert"></p>
    <section><h2>Response to alerts</h2><p><button type="button" class="secondary" data-csv="response">Download CSV</button></p><div id="response"></div></section>
    <section><h2>Observations on time</h2><p class="meta" id="grace"></p><p><button type="button" class="secondary" data-csv="observations">Download CSV</button></p><div id="observations"></div></section>
    <section><h2>Alert load</h2><p class="meta" id="patient-days"></p><p><button type="button" class="secondary" data-csv="alert-load">Download CSV</button></p><div id="alert-load"></div></section>
    <section><h2>Weekly trend</h2><div id="trend" role="img" aria-label="Weekly trend of the time to acknowledge and to first response for high alerts"></div></section>`;
  const form = view.querySelector("#report-period");
  const error = view.querySelector(".error");
  const base = `/api/wards/${encodeURIComponent(ward)}/reports`;
  const query = () => `since=${form.since.value}&until=${form.until.value}`;
  const draw = async () => {
    try {
      const [response, observations, load] = await Promise.all([
        get(`${base}/response?${query()}`), get(`${base}/observations?${query()}`), get(`${base}/alert-load?${query()}`)]);
      view.querySelector("#response").innerHTML = responseTable(response);
      view.querySelector("#observations").innerHTML = observationsTable(observations);
      view.querySelector("#grace").textContent = `Late: charted ${observations.graceMinutes} min or more after due. Missed: nothing charted before the next round was due.`;
      view.querySelector("#alert-load").innerHTML = loadTable(load);
      view.querySelector("#patient-days").textContent = `${load.patientDays} patient-days in the period.`;
      error.textContent = "";
    } catch (failure) {
      error.textContent = failure.message;
    }
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); draw(); });
  view.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-csv]");
    if (button) download(`${base}/${button.dataset.csv}?${query()}`, `${ward}-${button.dataset.csv}.csv`).catch((failure) => { error.textContent = failure.message; });
  });
  await draw();
  const plot = await drawTrend(view.querySelector("#trend"), ward).catch(() => null);
  return async () => plot?.destroy();
}
