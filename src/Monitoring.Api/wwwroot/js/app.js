// The dashboard shell: sign-in, ward picker, connection banner and hash routing between views.
import { get, session, signOut } from "./api.js";
import { enableSound, soundBlocked } from "./tone.js";
import { renderLogin } from "./login.js";
import { renderBoard } from "./board.js";
import { renderVitalsForm, renderAssessmentForm, renderAdmitForm } from "./charting.js";
import { renderPatient } from "./patient.js";
import { renderCensus } from "./census.js";
import { renderDoseForm } from "./doses.js";
import { escape } from "./format.js";

const view = document.getElementById("view");
const header = document.querySelector("header.top");
const wardSelect = document.getElementById("ward-select");
const banner = document.getElementById("connection");
let wards = [];
let cleanup = null;

export const app = {
  get user() { return session(); },
  get ward() { return sessionStorage.getItem("monitoring.ward") || wards[0]?.code; },
  set ward(code) { sessionStorage.setItem("monitoring.ward", code); },
  wards: () => wards,
  can: (...roles) => roles.includes(session()?.role),
  status(state) {
    clearTimeout(banner.timer);
    if (state === "lost") {
      banner.hidden = false;
      banner.className = "banner lost";
      banner.textContent = "Live connection lost: reconnecting. Alerts may be missing from this screen.";
    } else if (state === "caught-up") {
      banner.hidden = false;
      banner.className = "banner caught-up";
      banner.textContent = "Reconnected: caught up with everything missed.";
      banner.timer = setTimeout(() => { banner.hidden = true; }, 6000);
    } else {
      banner.hidden = true;
    }
  },
};

async function loadWards() {
  wards = await get("/api/wards");
  wardSelect.innerHTML = wards.map((w) => `<option value="${escape(w.code)}">${escape(w.code)} · ${escape(w.name)}</option>`).join("");
  if (!wards.some((w) => w.code === app.ward) && wards[0]) app.ward = wards[0].code;
  wardSelect.value = app.ward ?? "";
}

async function route() {
  if (cleanup) {
    await cleanup();
    cleanup = null;
  }
  app.status("ok");
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
  if (!wards.length) await loadWards();
  const ward = app.ward;
  document.getElementById("nav-board").href = `#/ward/${ward}`;
  document.getElementById("nav-census").href = `#/ward/${ward}/census`;
  document.getElementById("sound").hidden = !soundBlocked();

  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "ward" && parts[1] && parts[1] !== app.ward && wards.some((w) => w.code === parts[1])) {
    app.ward = parts[1];
    wardSelect.value = parts[1];
  }
  if (parts[0] === "ward" && parts[2] === "census") cleanup = await renderCensus(view, parts[1]);
  else if (parts[0] === "ward" && parts[2] === "admit") cleanup = await renderAdmitForm(view, parts[1], decodeURIComponent(parts[3] ?? ""));
  else if (parts[0] === "ward" && parts[1]) cleanup = await renderBoard(view, parts[1]);
  else if (parts[0] === "admission" && parts[2] === "vitals") cleanup = await renderVitalsForm(view, parts[1]);
  else if (parts[0] === "admission" && parts[2] === "dose") cleanup = await renderDoseForm(view, parts[1]);
  else if (parts[0] === "admission" && parts[1] && parts[2]) cleanup = await renderAssessmentForm(view, parts[1], parts[2]);
  else if (parts[0] === "admission" && parts[1]) cleanup = await renderPatient(view, parts[1]);
  else location.hash = defaultRoute();
  view.focus();
}

function defaultRoute() {
  return app.can("manager") ? `#/ward/${app.ward}/census` : `#/ward/${app.ward}`;
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
document.getElementById("sound").addEventListener("click", async (event) => {
  await enableSound();
  event.target.hidden = true;
});
window.addEventListener("hashchange", () => route().catch(showError));

function showError(error) {
  view.innerHTML = `<p class="error" role="alert">${escape(error.message)}</p>`;
}

route().catch(showError);
