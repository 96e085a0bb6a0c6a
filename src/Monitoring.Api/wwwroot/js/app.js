// The dashboard shell: sign-in, ward picker, connection banner and hash routing between views.
// `?wall` in the address makes a read-only wall screen of the board.
import { get, session, signOut } from "./api.js";
import { initSound } from "./sound.js";
import { renderLogin } from "./login.js";
import { renderBoard } from "./board.js";
import { renderVitalsForm, renderAssessmentForm, renderAdmitForm } from "./charting.js";
import { renderPatient } from "./patient.js";
import { renderCensus } from "./census.js";
import { renderHandover } from "./handover.js";
import { renderReports } from "./reports.js";
import { renderDoseForm } from "./doses.js";
import { clock, escape, setTimeZone } from "./format.js";
import { loadAlertKinds } from "./alert-names.js";

const view = document.getElementById("view");
const header = document.querySelector("header.top");
const wardSelect = document.getElementById("ward-select");
const banner = document.getElementById("connection");
const wall = new URLSearchParams(location.search).has("wall");
let wards = [];
let cleanup = null;
let liveSince = null;
let notLiveSince = null;
const statusListeners = new Set();

document.body.classList.toggle("wall", wall);
// The skip link moves focus to the view; following "#view" as a link would be taken for a route.
document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  view.focus();
});

export const app = {
  get user() { return session(); },
  get ward() { return sessionStorage.getItem("monitoring.ward") || wards[0]?.code; },
  set ward(code) { sessionStorage.setItem("monitoring.ward", code); },
  wall,
  /** The admission whose chart form was open last, until the board has shown its bed again. */
  lastAdmission: null,
  wards: () => wards,
  can: (...roles) => roles.includes(session()?.role),
  /** When the screen stopped being live (null while live). */
  get notLiveSince() { return notLiveSince; },
  get liveSince() { return liveSince; },
  onStatus(listener) {
    statusListeners.add(listener);
    return () => statusListeners.delete(listener);
  },
  status(state) {
    clearTimeout(banner.timer);
    if (state === "lost" || state === "catch-up-failed") {
      notLiveSince ??= new Date().toISOString();
      banner.hidden = false;
      banner.className = "banner lost";
      banner.textContent = state === "lost"
        ? `Live connection lost at ${clock(notLiveSince)}: reconnecting. This screen is not live; alerts may be missing.`
        : `Could not fetch the updates missed since ${clock(notLiveSince)}: retrying. This screen is not live; alerts may be missing.`;
    } else {
      notLiveSince = null;
      liveSince = new Date().toISOString();
      if (state === "caught-up") {
        banner.hidden = false;
        banner.className = "banner caught-up";
        banner.textContent = "Reconnected: caught up with everything missed.";
        banner.timer = setTimeout(() => { banner.hidden = true; }, 6000);
      } else {
        banner.hidden = true;
      }
    }
    for (const listener of statusListeners) listener(state);
  },
};

async function loadWards() {
  wards = await get("/api/wards");
  wardSelect.innerHTML = wards.map((w) => `<option value="${escape(w.code)}">${escape(w.code)} · ${escape(w.name)}</option>`).join("");
  if (!wards.some((w) => w.code === app.ward) && wards[0]) app.ward = wards[0].code;
  wardSelect.value = app.ward ?? "";
}

async function loadWardSettings(ward) {
  const settings = ward ? await get(`/api/wards/${encodeURIComponent(ward)}/settings`).catch(() => null) : null;
  setTimeZone(settings?.timeZone ?? "Europe/London");
}

async function route() {
  if (cleanup) {
    await cleanup();
    cleanup = null;
  }
  statusListeners.clear();
  app.status("ok");
  // A new view starts at its top, not at the board's scroll position (the board brings a charted bed back itself).
  window.scrollTo({ top: 0, left: 0, behavior: "instant" });
  const user = session();
  if (!user) {
    header.hidden = true;
    cleanup = await renderLogin(view, async () => {
      await loadWards();
      location.hash = defaultRoute();
    });
    return;
  }
  header.hidden = false;
  document.getElementById("who").textContent = `${user.username} (${user.role})`;
  // The alert words and order come once from the server (later routes reuse them); codes read as words without them.
  await Promise.all([wards.length ? null : loadWards(), loadAlertKinds().catch(() => {})]);
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "ward" && parts[1] && parts[1] !== app.ward && wards.some((w) => w.code === parts[1])) {
    app.ward = parts[1];
    wardSelect.value = parts[1];
  }
  const ward = app.ward;
  document.getElementById("nav-board").href = `#/ward/${ward}`;
  document.getElementById("nav-census").href = `#/ward/${ward}/census`;
  document.getElementById("nav-handover").href = `#/ward/${ward}/handover`;
  const reports = document.getElementById("nav-reports");
  reports.href = `#/ward/${ward}/reports`;
  reports.hidden = !app.can("manager", "physician");
  await loadWardSettings(ward);

  // A chart form remembers its bed: the board brings it back into sight afterwards.
  if (parts[0] === "admission" && parts[1] && parts[2]) app.lastAdmission = parts[1];
  if (parts[0] === "ward" && parts[2] === "census") cleanup = await renderCensus(view, parts[1]);
  else if (parts[0] === "ward" && parts[2] === "handover") cleanup = await renderHandover(view, parts[1]);
  else if (parts[0] === "ward" && parts[2] === "reports" && !app.can("manager", "physician")) showRefusal();
  else if (parts[0] === "ward" && parts[2] === "reports") cleanup = await renderReports(view, parts[1]);
  else if (parts[0] === "ward" && parts[2] === "admit") cleanup = await renderAdmitForm(view, parts[1], decodeURIComponent(parts[3] ?? ""));
  else if (parts[0] === "ward" && parts[1]) cleanup = await renderBoard(view, parts[1]);
  else if (parts[0] === "admission" && parts[2] === "vitals") cleanup = await renderVitalsForm(view, parts[1]);
  else if (parts[0] === "admission" && parts[2] === "dose") cleanup = await renderDoseForm(view, parts[1]);
  else if (parts[0] === "admission" && parts[1] && parts[2]) cleanup = await renderAssessmentForm(view, parts[1], parts[2]);
  else if (parts[0] === "admission" && parts[1]) cleanup = await renderPatient(view, parts[1]);
  else location.hash = defaultRoute();
  // Focus for screen readers without scrolling the header and banner out of sight; not away from a control
  // the user already reached while the view was still loading.
  if (!view.contains(document.activeElement) || document.activeElement === view) view.focus({ preventScroll: true });
}

function defaultRoute() {
  return app.can("manager") && !wall ? `#/ward/${app.ward}/census` : `#/ward/${app.ward}`;
}

wardSelect.addEventListener("change", () => {
  app.ward = wardSelect.value;
  location.hash = location.hash.includes("/census") ? `#/ward/${app.ward}/census` : `#/ward/${app.ward}`;
});
document.getElementById("sign-out").addEventListener("click", () => {
  signOut();
  wards = [];
  location.hash = "#/login";
});
// One view at a time: a route waits for the one before it to finish and be cleaned up, so a slow
// view (the board joining its feed) can never draw over the next one or leave its feed running.
let routing = Promise.resolve();
const go = () => {
  routing = routing.then(route).catch(showError);
  return routing;
};
window.addEventListener("hashchange", go);

function showError(error) {
  if (error.status === 403) showRefusal(error.problem?.detail);
  else view.innerHTML = `<p class="error" role="alert">${escape(error.message)}</p>`;
}

// A view the role may not open says so, and why, with the way back; never a bare "Forbidden".
function showRefusal(reason) {
  view.innerHTML = `<section class="refused" data-refused>
      <h1>Not available</h1>
      <p>${reason ? `This view is not open to you: ${escape(reason)}` : `This view is not open to your role (${escape(session()?.role ?? "signed out")}).`}</p>
      <p class="actions"><a href="#/ward/${encodeURIComponent(app.ward ?? "")}">Back to the board</a></p>
    </section>`;
}

initSound();
go();
