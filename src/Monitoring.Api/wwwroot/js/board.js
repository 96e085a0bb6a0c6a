// The ward board: bed tiles sickest first and the open alerts, live from the ward feed. With `?wall`
// it is a read-only wall screen: every bed fitted on one screen, large figures, a clock and a heartbeat.
import { get, post, timeline as readTimeline } from "./api.js";
import { app } from "./app.js";
import { WardFeed } from "./hub.js";
import { AlertList } from "./alert-list.js";
import { Alarm } from "./alarm.js";
import { byAcuity, tile } from "./tiles.js";
import { mayWatch } from "./doses.js";
import { decorateMonitors, monitorBlock, MonitorSparks, MONITOR_REFRESH_MS } from "./monitor-tiles.js";
import { clock, escape } from "./format.js";
import { technicalTone } from "./tone.js";
import { soundState, soundWanted } from "./sound.js";
import { sparkline } from "./sparkline.js";
import * as scales from "./scales.js";

const TECHNICAL_TONE_MS = 30000;
const MY_BEDS_KEY = "monitoring.my-beds";
// A phone shows the beds first, each with its patient's alert row inside the tile.
const phone = matchMedia("(max-width: 600px)");

export async function renderBoard(view, ward) {
  const wall = app.wall;
  const canAct = !wall && app.can("nurse", "physician");
  const state = { board: null, alerts: new Map(), trends: new Map(), maxima: {}, watches: new Map(), myBeds: null };
  const clinician = app.can("nurse", "physician");
  scales.load().then((served) => { state.maxima = Object.fromEntries(served.scales.map((s) => [s.kind, s.maximumTotal])); }).catch(() => {});
  view.innerHTML = `
    ${wall ? `<p class="sound-blocked" id="sound-blocked" role="alert" hidden>Sound is blocked: this screen cannot sound alarms. Touch the screen to allow sound, or start its browser with --autoplay-policy=no-user-gesture-required.</p>` : ""}
    <div class="board${wall ? " wall-board" : ""}">
      <section class="alerts" aria-labelledby="alerts-title">
        <div id="pause-slot"></div>
        <h2 id="alerts-title">Open alerts <span id="alert-count"></span></h2>
        <ol id="alert-list"></ol>
        ${wall ? `<p class="alerts-more" id="alerts-more" data-more-alerts hidden></p>` : ""}
        <p id="alert-announcer" class="visually-hidden" aria-live="assertive"></p>
      </section>
      <section class="beds" aria-labelledby="beds-title">
        <div class="board-head">
          <h1 id="beds-title">Ward ${escape(ward)}</h1>
          ${wall ? `<span class="wall-clock" id="wall-clock" aria-label="Time"></span><span class="heartbeat" id="heartbeat" role="status"></span>` : ""}
          <span class="stale-note" id="stale-note" hidden></span>
        </div>
        ${wall ? "" : `<div class="bed-finder" role="search" aria-label="Find a bed">
          <label class="bed-search">Find bed <input type="search" id="bed-search" placeholder="Bed or name" autocomplete="off"></label>
          ${clinician ? `<button type="button" class="secondary" id="my-beds" aria-pressed="false">My beds</button>` : ""}
          <span class="meta" id="bed-filter-note" role="status"></span>
        </div>`}
        <div class="tiles" id="tiles"></div>
      </section>
    </div>`;
  const boardElement = view.querySelector(".board");
  const list = new AlertList({
    list: view.querySelector("#alert-list"),
    count: view.querySelector("#alert-count"),
    announcer: view.querySelector("#alert-announcer"),
    canAct,
    compact: wall,
    act: async (action, alert, note) => action === "acknowledge-all"
      ? (await post(`/api/admissions/${alert.admissionId}/alerts/acknowledge`, { note })).forEach((changed) => upsert(changed))
      : upsert(await post(`/api/alerts/${alert.id}/${action}`, { note })),
    changed: (alert) => upsert(alert),
    host: (admissionId) => (phone.matches && !wall ? view.querySelector(`#tiles [data-alert-slot="${CSS.escape(admissionId)}"]`) : null),
  });
  const alarm = new Alarm(ward, view.querySelector("#pause-slot"), { canPause: canAct });

  // Each monitored tile's 15-minute sparkline (clinicians only: the monitor's read is theirs), put in place when read.
  const sparks = new MonitorSparks((admissionId) => {
    const bed = state.board?.beds.find((b) => b.admissionId === admissionId);
    const block = view.querySelector(`#tiles article[data-admission="${CSS.escape(admissionId)}"] [data-monitor]`);
    if (bed?.monitor && block) block.outerHTML = monitorBlock(bed.monitor, Date.now(), sparks.sparks.get(admissionId)?.svg ?? "");
  });

  let refreshTimer = null;
  const refreshBoard = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      state.board = await get(`/api/wards/${encodeURIComponent(ward)}/board`).catch(() => state.board);
      drawTiles();
      alarm.setPause(state.board?.audioPause ?? null, state.alerts);
    }, 150);
  };

  // The feed may answer after the user has moved to another view: draw only while the board is shown.
  const drawTiles = () => {
    const tiles = view.querySelector("#tiles");
    if (!tiles || !state.board) return;
    const focused = document.activeElement?.closest?.("#tiles a") ? document.activeElement.getAttribute("href") : null;
    const inRow = document.activeElement?.closest?.("#tiles li.patient") ? document.activeElement : null;
    const beds = shownBeds(byAcuity(state.board.beds, state.alerts));
    const alertSlot = phone.matches && !wall;
    tiles.innerHTML = beds.map((bed) => tile(bed, { now: Date.now(), alerts: state.alerts, trends: state.trends, maxima: state.maxima, wall, notLiveSince: app.notLiveSince, watches: state.watches, alertSlot })).join("");
    list.place();
    if (inRow?.isConnected && document.activeElement !== inRow) inRow.focus({ preventScroll: true });
    decorateMonitors(tiles, beds, Date.now(), sparks.sparks);
    if (app.can("nurse", "physician")) sparks.refresh(beds);
    if (focused) tiles.querySelector(`a[href="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
    returnToBed(tiles);
    if (wall) {
      fitWall(tiles, beds.length);
      fitAlerts();
      if (app.can("nurse", "physician")) for (const bed of beds.filter((b) => mayWatch(b))) loadWatch(bed.admissionId);
    }
    if (!wall && app.can("nurse", "physician")) for (const bed of beds.filter((b) => b.admissionId)) loadTrend(bed.admissionId);
  };

  // The bed search and "my beds" narrow the tiles only: alerts of the other beds stay in the alert list.
  const shownBeds = (beds) => {
    if (wall) return beds;
    const words = view.querySelector("#bed-search").value.trim().toLowerCase();
    const mine = state.myBeds;
    const shown = beds.filter((bed) => (!words || bed.bed.toLowerCase().includes(words) || (bed.patient ?? "").toLowerCase().includes(words))
      && (!mine || mine.has(bed.admissionId)));
    const note = view.querySelector("#bed-filter-note");
    const text = shown.length === beds.length ? "" : `${shown.length} of ${beds.length} beds${mine && !words && !shown.length ? ": none charted by you in the last 12 h" : ""}`;
    if (note.textContent !== text) note.textContent = text;
    return shown;
  };

  const loadMyBeds = async () => {
    const answer = await get(`/api/wards/${encodeURIComponent(ward)}/my-beds`).catch(() => null);
    if (sessionStorage.getItem(MY_BEDS_KEY) !== "on") return;
    state.myBeds = new Set((answer?.beds ?? []).map((b) => b.admissionId));
    drawTiles();
  };

  const showMyBeds = (on) => {
    sessionStorage.setItem(MY_BEDS_KEY, on ? "on" : "off");
    view.querySelector("#my-beds")?.setAttribute("aria-pressed", String(on));
    if (on) loadMyBeds();
    else state.myBeds = null;
    drawTiles();
  };

  // Back from a chart form: the bed just charted is brought into sight with the focus on it.
  const returnToBed = (tiles) => {
    const admissionId = app.lastAdmission;
    const back = admissionId && tiles.querySelector(`article[data-admission="${CSS.escape(admissionId)}"]`);
    if (!back) return;
    app.lastAdmission = null;
    back.scrollIntoView({ block: "center" });
    back.querySelector("a")?.focus({ preventScroll: true });
  };

  const loadTrend = async (admissionId) => {
    if (!state.trends.has(admissionId)) {
      state.trends.set(admissionId, null);
      const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
      const timeline = await readTimeline(admissionId, { since }).catch(() => null);
      state.trends.set(admissionId, timeline);
    }
    const slot = view.querySelector(`[data-trend="${admissionId}"]`);
    const timeline = state.trends.get(admissionId);
    if (slot && timeline && !slot.firstElementChild) slot.innerHTML = sparkline(timeline.entries, state.maxima);
  };

  // A re-sedation watch outlasts the check that comes next: the wall reads the admission's outstanding dose
  // checks (at most once a minute, and again after anything is charted) to keep the watch on its tile.
  const loadWatch = async (admissionId) => {
    const known = state.watches.get(admissionId);
    if (known && (known.reading || Date.now() - known.readAt < 60000)) return;
    state.watches.set(admissionId, Object.assign(known ?? [], { reading: true, readAt: Date.now() }));
    const answer = await get(`/api/admissions/${encodeURIComponent(admissionId)}/doses`).catch(() => null);
    const checks = (answer?.checksDue ?? known ?? []).filter((c) => c.kind === "vitals-poss");
    state.watches.set(admissionId, Object.assign(checks, { reading: false, readAt: Date.now() }));
    if (answer && JSON.stringify(checks) !== JSON.stringify(known ?? [])) drawTiles();
  };

  // The wall's alert column shows the alerts that fit whole and counts the rest: "+N more".
  const fitAlerts = () => {
    if (!wall) return;
    const section = view.querySelector("section.alerts");
    const more = view.querySelector("#alerts-more");
    const items = [...view.querySelectorAll("#alert-list li.alert")];
    for (const item of items) item.hidden = false;
    more.hidden = true;
    const limit = section.getBoundingClientRect().bottom - parseFloat(getComputedStyle(section).paddingBottom);
    let shown = items.findIndex((item) => item.getBoundingClientRect().bottom > limit);
    if (shown < 0) return;
    more.hidden = false;
    for (; shown >= 0; shown -= 1) {
      items.forEach((item, i) => { item.hidden = i >= shown; });
      more.textContent = `+${items.length - shown} more`;
      if (more.getBoundingClientRect().bottom <= limit) break;
    }
  };

  const upsert = (alert) => {
    state.alerts.set(alert.id, alert);
    // A resolved alert, or one whose patient moved to another ward, has left this board.
    if (alert.status === "resolved" || (alert.ward && alert.ward !== ward)) state.alerts.delete(alert.id);
    list.update(state.alerts);
    fitAlerts();
    alarm.alertsChanged(state.alerts);
  };

  const showLiveness = () => {
    const since = app.notLiveSince;
    boardElement.classList.toggle("not-live", Boolean(since));
    // Acting on alerts the screen may no longer show truly waits until it is live again.
    view.querySelector("section.alerts").toggleAttribute("inert", Boolean(since));
    const note = view.querySelector("#stale-note");
    note.hidden = !since;
    note.textContent = since ? `Not live since ${clock(since)}: figures may be out of date` : "";
    drawTiles();
  };
  app.onStatus(showLiveness);

  if (!wall) {
    view.querySelector("#bed-search").addEventListener("input", drawTiles);
    view.querySelector("#my-beds")?.addEventListener("click", (event) => showMyBeds(event.currentTarget.getAttribute("aria-pressed") !== "true"));
    if (clinician && sessionStorage.getItem(MY_BEDS_KEY) === "on") showMyBeds(true);
  }

  const feed = new WardFeed(ward, {
    onSnapshot: (snapshot) => {
      state.alerts = new Map(snapshot.alerts.map((a) => [a.id, a]));
      state.board = snapshot.board;
      drawTiles();
      list.update(state.alerts);
      fitAlerts();
      alarm.setPause(snapshot.board.audioPause ?? null, state.alerts);
      alarm.alertsChanged(state.alerts);
    },
    onEvent: (event) => {
      if (event.alert) upsert(event.alert);
      if (event.type === "observationRecorded" && event.admissionId) {
        state.trends.delete(event.admissionId);
        if (state.watches.has(event.admissionId)) state.watches.get(event.admissionId).readAt = 0;
        if (state.myBeds) loadMyBeds();
      }
      refreshBoard();
    },
    onStatus: (status) => app.status(status),
  });
  await feed.start();

  // Every second: the alarm decides whether to sound, and times move on; no list is rebuilt.
  let beat = 0;
  let toneAt = 0;
  const heartbeat = () => {
    beat += 1;
    if (beat % 2 === 0) alarm.tick(state.alerts);
    list.tick();
    alarm.showCountdown();
    if (wall) {
      view.querySelector("#wall-clock").textContent = clock(new Date().toISOString(), true);
      const live = feed.live && !app.notLiveSince;
      const pulse = view.querySelector("#heartbeat");
      pulse.className = `heartbeat ${live ? "live" : "not-live"}${live && beat % 2 ? " beat" : ""}`;
      // "Checked" is the service's own time in its last answer: a silent link cannot look live.
      pulse.textContent = live ? `Live · checked ${clock(feed.heardAt, true)}` : `NOT LIVE since ${clock(app.notLiveSince)}`;
      view.querySelector("#sound-blocked").hidden = soundState() !== "blocked";
      // Nobody may be looking at the wall: a screen that cannot bring alarms says so out loud, every 30 s.
      if (!live && soundWanted() && Date.now() - toneAt >= TECHNICAL_TONE_MS) {
        toneAt = Date.now();
        technicalTone();
      }
      if (live) toneAt = 0;
    }
  };
  heartbeat();
  const timer = setInterval(heartbeat, 1000);
  const ticker = setInterval(() => drawTiles(), 30000);
  // Monitor values change every second without a ward event: read them again while the board is shown.
  const monitors = setInterval(refreshBoard, MONITOR_REFRESH_MS);
  window.addEventListener("resize", drawTiles);

  return async () => {
    clearInterval(timer);
    clearInterval(ticker);
    clearInterval(monitors);
    clearTimeout(refreshTimer);
    window.removeEventListener("resize", drawTiles);
    alarm.stop();
    await feed.stop();
  };
}

// The wall shows every bed at once: as many columns as make the tiles closest to the screen's shape.
function fitWall(tiles, count) {
  const width = tiles.clientWidth || window.innerWidth;
  const height = Math.max(200, window.innerHeight - tiles.getBoundingClientRect().top - 8);
  let best = 1;
  let bestScore = -Infinity;
  for (let columns = 1; columns <= Math.max(1, count); columns += 1) {
    const rows = Math.ceil(count / columns);
    const w = width / columns;
    const h = height / rows;
    const score = Math.min(w / 330, h / 300);
    if (score > bestScore) { bestScore = score; best = columns; }
  }
  tiles.style.setProperty("--columns", String(best));
  tiles.style.setProperty("--rows", String(Math.max(1, Math.ceil(count / best))));
  // A tile whose lines do not all fit takes its figures down to the smallest size read from 3 m.
  for (const tile of tiles.querySelectorAll("article.tile")) {
    tile.classList.toggle("tight", tile.scrollHeight > tile.clientHeight);
  }
}
