// The unit manager's census: occupancy, acuity, overdue observations and alert response.
import { get } from "./api.js";
import { app } from "./app.js";
import { WardFeed } from "./hub.js";
import { escape } from "./format.js";
import * as scales from "./scales.js";

export async function renderCensus(view, ward) {
  const draw = async () => {
    const [c, served] = await Promise.all([get(`/api/wards/${encodeURIComponent(ward)}/census`), scales.load()]);
    const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
    const list = (pairs) => `<dl>${pairs.map(([k, v]) => `<dt>${escape(k)}</dt><dd data-count="${escape(k)}">${v}</dd>`).join("")}</dl>`;
    view.innerHTML = `
      <h1>Census · ward ${escape(ward)} <span class="meta">as of ${new Date(c.generatedAt).toLocaleTimeString()}</span></h1>
      <div class="cards">
        <section class="card"><h2>Occupancy</h2><div class="big" id="occupancy">${c.occupied} / ${c.capacity}</div></section>
        <section class="card"><h2>NEWS2 bands</h2>${list([["High", c.news2Bands.high], ["Medium", c.news2Bands.medium], ["Low-medium", c.news2Bands.lowMedium], ["Low", c.news2Bands.low], ["Not computed", c.news2Bands.notComputed]])}</section>
        ${served.scales.map((scale) => {
          const counts = c.assessmentSeverities[scale.kind] ?? {};
          return `<section class="card" data-scale="${escape(scale.kind)}"><h2>${escape(scale.name)} severity</h2>${list([
            ...[...scale.bands].reverse().map((b) => [capital(b.label), counts[b.name] ?? 0]),
            ["Not assessed", counts["not-assessed"] ?? 0]])}</section>`;
        }).join("")}
        <section class="card"><h2>Overdue observations</h2><div class="big" id="overdue">${c.overdueObservations}</div></section>
        <section class="card"><h2>Active alerts</h2>${list([["High", c.activeAlerts.high], ["Medium", c.activeAlerts.medium], ["Low", c.activeAlerts.low]])}</section>
        <section class="card"><h2>Alert response today</h2>${list([["Raised", c.alertsRaisedToday], ["Median time to acknowledge", c.medianTimeToAcknowledgeSecondsToday === null ? "–" : c.medianTimeToAcknowledgeSecondsToday < 90 ? `${Math.round(c.medianTimeToAcknowledgeSecondsToday)} s` : `${Math.round(c.medianTimeToAcknowledgeSecondsToday / 60)} min`]])}</section>
        <section class="card"><h2>Length of stay</h2><div class="big">${c.averageLengthOfStayHours === null ? "–" : `${Math.round(c.averageLengthOfStayHours)} h`}</div><span class="meta">average, current patients</span></section>
      </div>`;
  };
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
    clearInterval(refresh);
    await feed.stop();
  };
}
