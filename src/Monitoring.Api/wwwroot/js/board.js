// The ward board: a tile per bed and the active alerts, live from the ward feed.
import { get, post } from "./api.js";
import { app } from "./app.js";
import { lastDoseLine } from "./doses.js";
import { WardFeed } from "./hub.js";
import { beep } from "./tone.js";
import { ago, bandLabel, duration, escape, pill, severityLabel } from "./format.js";
import { sparkline } from "./sparkline.js";
import * as scales from "./scales.js";

const PRIORITY = { high: 0, medium: 1, low: 2 };

export async function renderBoard(view, ward) {
  const state = { board: null, alerts: new Map(), trends: new Map(), maxima: {} };
  scales.load().then((served) => { state.maxima = Object.fromEntries(served.scales.map((s) => [s.kind, s.maximumTotal])); }).catch(() => {});
  view.innerHTML = `
    <div class="board">
      <section aria-labelledby="beds-title"><h1 id="beds-title">Ward ${escape(ward)}</h1><div class="tiles" id="tiles"></div></section>
      <section class="alerts" aria-labelledby="alerts-title">
        <h2 id="alerts-title">Active alerts <span id="alert-count"></span></h2>
        <ol id="alert-list" aria-live="assertive"></ol>
      </section>
    </div>`;

  let refreshTimer = null;
  const refreshBoard = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      state.board = await get(`/api/wards/${encodeURIComponent(ward)}/board`);
      drawTiles();
    }, 150);
  };

  // The feed may answer after the user has moved to another view: draw only while the board is shown.
  const drawTiles = () => {
    const tiles = view.querySelector("#tiles");
    if (!tiles) return;
    const now = Date.now();
    tiles.innerHTML = state.board.beds.map((bed) => tile(bed, now, state)).join("");
    for (const bed of state.board.beds.filter((b) => b.admissionId)) loadTrend(bed.admissionId);
  };

  const loadTrend = async (admissionId) => {
    if (!state.trends.has(admissionId)) {
      state.trends.set(admissionId, null);
      const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
      const timeline = await get(`/api/admissions/${admissionId}/timeline?since=${encodeURIComponent(since)}`).catch(() => null);
      state.trends.set(admissionId, timeline);
    }
    const slot = view.querySelector(`[data-trend="${admissionId}"]`);
    const timeline = state.trends.get(admissionId);
    if (slot && timeline) slot.innerHTML = sparkline(timeline.entries, state.maxima);
  };

  const drawAlerts = () => {
    if (!view.querySelector("#alert-list")) return;
    const active = [...state.alerts.values()]
      // An alert whose patient moved to another ward has left this board.
      .filter((a) => a.status !== "resolved" && a.ward === ward)
      .sort((a, b) => PRIORITY[a.priority] - PRIORITY[b.priority] || new Date(a.raisedAt) - new Date(b.raisedAt));
    view.querySelector("#alert-count").textContent = `(${active.filter((a) => a.status === "active").length})`;
    view.querySelector("#alert-list").innerHTML = active.length
      ? active.map(alertItem).join("")
      : `<li class="meta">No active alerts.</li>`;
  };

  view.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const id = button.dataset.id;
    const item = button.closest(".alert");
    try {
      if (button.dataset.action === "acknowledge") {
        upsert(await post(`/api/alerts/${id}/acknowledge`, { note: item.querySelector("input")?.value || null }));
      } else if (button.dataset.action === "resolve") {
        const note = item.querySelector("input").value.trim();
        if (!note) {
          item.querySelector(".error").textContent = "Write how it was resolved first.";
          item.querySelector("input").focus();
          return;
        }
        upsert(await post(`/api/alerts/${id}/resolve`, { note }));
      }
    } catch (error) {
      item.querySelector(".error").textContent = error.message;
    }
  });

  const upsert = (alert) => {
    state.alerts.set(alert.id, alert);
    drawAlerts();
  };

  const feed = new WardFeed(ward, {
    onSnapshot: (snapshot) => {
      state.alerts = new Map(snapshot.alerts.map((a) => [a.id, a]));
      state.board = snapshot.board;
      drawTiles();
      drawAlerts();
    },
    onEvent: (event) => {
      if (event.alert) upsert(event.alert);
      if (event.type === "observationRecorded" && event.admissionId) state.trends.delete(event.admissionId);
      refreshBoard();
    },
    onStatus: (status) => app.status(status),
  });
  await feed.start();

  // Alarm: a high alert sounds and flashes until someone acknowledges it; times tick on.
  const alarm = setInterval(() => {
    const unacknowledged = [...state.alerts.values()].some((a) => a.status === "active" && a.priority === "high");
    if (unacknowledged) beep();
    if (state.board) drawAlerts();
  }, 2000);
  const ticker = setInterval(() => state.board && drawTiles(), 30000);

  return async () => {
    clearInterval(alarm);
    clearInterval(ticker);
    await feed.stop();
  };
}

function tile(bed, now, state) {
  if (!bed.admissionId) {
    const admit = app.can("nurse", "physician") ? `<div class="actions"><a href="#/ward/${encodeURIComponent(app.ward)}/admit/${encodeURIComponent(bed.bed)}">Admit</a></div>` : "";
    return `<article class="tile empty" aria-label="Bed ${escape(bed.bed)}, empty"><div class="bed">${escape(bed.bed)}</div><div class="meta">Empty bed</div>${admit}</article>`;
  }
  const news2 = bed.news2;
  // One score line per scale the patient is assessed on (COWS, CIWA-Ar, ...), from the served board.
  const scaleKinds = bed.due.filter((d) => d.kind !== "vitals").map((d) => [d.kind, d.name]);
  for (const a of bed.assessments) if (!scaleKinds.some(([k]) => k === a.kind)) scaleKinds.push([a.kind, a.scale]);
  const scores = scaleKinds.map(([kind, name]) => {
    const latest = bed.assessments.find((a) => a.kind === kind);
    const cowsMark = kind === "cows" ? " data-cows" : "";
    return `<div class="score">${escape(name)} <span class="value" data-score="${escape(kind)}"${cowsMark}>${latest?.total ?? "–"}</span> ${latest ? pill("severity", latest.severity, severityLabel[latest.severity] ?? latest.severity) : ""}</div>`;
  }).join("");
  const due = bed.due.map((d) => [d.kind === "vitals" ? "Vitals" : d.name, d.at])
    .map(([what, at]) => {
      const ms = new Date(at).getTime() - now;
      return ms < 0
        ? `<div class="due overdue">${what} overdue by ${duration(ms)}</div>`
        : `<div class="due">${what} due in ${duration(ms)}</div>`;
    })
    .join("");
  const links = [
    app.can("nurse") ? `<a href="#/admission/${bed.admissionId}/vitals">Chart vitals</a>` : "",
    ...scaleKinds.map(([kind, name]) => (app.can("nurse") ? `<a href="#/admission/${bed.admissionId}/${encodeURIComponent(kind)}">Chart ${escape(name)}</a>` : "")),
    app.can("nurse", "physician") ? `<a href="#/admission/${bed.admissionId}/dose">Chart dose</a>` : "",
    `<a href="#/admission/${bed.admissionId}">Patient</a>`,
  ].join(" ");
  return `
    <article class="tile ${bed.activeAlerts ? "has-alert" : ""}" aria-label="Bed ${escape(bed.bed)}, ${escape(bed.patient)}" data-bed="${escape(bed.bed)}">
      <div class="bed">${escape(bed.bed)} ${bed.activeAlerts ? pill("priority", "high", `${bed.activeAlerts} alert${bed.activeAlerts > 1 ? "s" : ""}`) : ""}</div>
      <div class="patient">${escape(bed.patient)} <span class="meta">${bed.ageYears ?? ""} y</span></div>
      <div class="score">NEWS2 <span class="value" data-news2>${news2?.total ?? "–"}</span> ${news2?.band ? pill("band", news2.band, bandLabel[news2.band]) : news2 ? `<span class="meta">not computed</span>` : ""}</div>
      ${scores}
      ${due}
      ${lastDoseLine(bed)}
      <div class="spark" data-trend="${bed.admissionId}">${state.trends.get(bed.admissionId) ? sparkline(state.trends.get(bed.admissionId).entries, state.maxima) : ""}</div>
      <div class="actions">${links}</div>
    </article>`;
}

function alertItem(alert) {
  const canAct = app.can("nurse", "physician");
  const flash = alert.status === "active" && alert.priority === "high" ? "flash" : "";
  const acknowledged = alert.status === "acknowledged" ? `<div class="meta">Acknowledged by ${escape(alert.acknowledgedBy)} ${ago(alert.acknowledgedAt)}${alert.acknowledgeNote ? `: ${escape(alert.acknowledgeNote)}` : ""}</div>` : "";
  return `
    <li class="alert priority-${alert.priority} ${flash}" data-alert="${alert.id}" data-code="${escape(alert.code)}">
      <div>${pill("priority", alert.priority, alert.priority.toUpperCase())} <strong>${escape(alert.bed)}</strong> · ${escape(alert.code)} ${alert.escalated ? pill("priority", "high", "ESCALATED") : ""} ${alert.status === "acknowledged" ? "<em>acknowledged</em>" : ""}</div>
      <div class="reason">${escape(alert.reason)}</div>
      <div class="meta">Raised ${ago(alert.raisedAt)}</div>
      ${acknowledged}
      ${canAct ? `
        <div class="actions">
          <label class="meta">Note <input type="text" aria-label="Note for ${escape(alert.code)} on ${escape(alert.bed)}"></label>
          ${alert.status === "active" ? `<button type="button" data-action="acknowledge" data-id="${alert.id}">Acknowledge</button>` : ""}
          <button type="button" class="secondary" data-action="resolve" data-id="${alert.id}">Resolve</button>
        </div>
        <div class="error" role="alert"></div>` : ""}
    </li>`;
}
