// The ward's open alerts, one row per patient, kept in place: rows and items are created once and then only
// their texts change, so a note being typed, the focus on a button and the scroll position survive every update.
import { alertName, byUrgency, PRIORITY_RANK } from "./alert-names.js";
import { ago, clock, escape, pill } from "./format.js";
import { respondClick, responseControls, responseSummary } from "./responses.js";

// When an alert last started sounding: its raise, or its re-alarm after an acknowledgement.
const sounded = (alert) => String(alert.activatedAt ?? alert.raisedAt ?? "");

/**
 * Patients most urgent first: their highest open priority, then the newest raise or re-alarm. Acknowledging
 * changes neither, so a row keeps its place while it is being worked through.
 */
function byPatient(a, b) {
  return a.rank - b.rank || b.newest.localeCompare(a.newest) || a.bed.localeCompare(b.bed);
}

function patientsOf(open) {
  const patients = new Map();
  for (const alert of open) {
    const patient = patients.get(alert.admissionId)
      ?? { admissionId: alert.admissionId, bed: alert.bed, rank: Infinity, newest: "", alerts: [] };
    patient.alerts.push(alert);
    patient.rank = Math.min(patient.rank, PRIORITY_RANK[alert.priority] ?? 3);
    if (sounded(alert) > patient.newest) patient.newest = sounded(alert);
    patients.set(alert.admissionId, patient);
  }
  for (const patient of patients.values()) patient.alerts.sort(byUrgency);
  return [...patients.values()].sort(byPatient);
}

export class AlertList {
  /**
   * `host(admissionId)` may answer an element to hold that patient's row instead of the list (a phone shows
   * each row inside its bed's tile); rows without a host stay in the list.
   * @param {{list: HTMLOListElement, count: HTMLElement, announcer: HTMLElement, canAct: boolean, compact: boolean, act: Function, changed?: Function, host?: Function}} options
   */
  constructor({ list, count, announcer, canAct, compact, act, changed, host }) {
    Object.assign(this, { list, count, announcer, canAct, compact, act, changed, host });
    this.items = new Map();
    this.rows = new Map();
    this.ordered = [];
    this.known = null;
    this.empty = document.createElement("li");
    this.empty.className = "meta empty";
    this.empty.textContent = "No open alerts.";
  }

  // On each row rather than the list: a row may live in its bed's tile.
  listen(row) {
    row.addEventListener("click", (event) => this.click(event));
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches("input[data-note]")) {
        event.preventDefault();
        event.target.closest("li.alert").querySelector("button[data-action=resolve]")?.click();
      }
    });
  }

  /** Draws the open alerts of `alerts` (a Map by id); alerts seen for the first time are announced. */
  update(alerts) {
    const open = [...alerts.values()].filter((a) => a.status !== "resolved");
    const announce = [];
    for (const alert of open) {
      const previous = this.known?.get(alert.id);
      if (this.known && (!previous || (previous.status !== "active" && alert.status === "active"))) announce.push(alert);
      let item = this.items.get(alert.id);
      if (!item) {
        item = this.create(alert);
        this.items.set(alert.id, item);
      }
      this.fill(item, alert);
    }
    const ids = new Set(open.map((a) => a.id));
    for (const [id, item] of this.items) {
      if (!ids.has(id)) {
        item.remove();
        this.items.delete(id);
      }
    }
    const patients = patientsOf(open);
    const rows = patients.map((patient) => this.patientRow(patient));
    const admissions = new Set(patients.map((p) => p.admissionId));
    for (const [admissionId, row] of this.rows) {
      if (!admissions.has(admissionId)) {
        row.remove();
        this.rows.delete(admissionId);
      }
    }
    this.ordered = rows;
    this.place();
    this.count.textContent = `(${open.filter((a) => a.status === "active").length} need acknowledging)`;
    this.known = new Map(open.map((a) => [a.id, { status: a.status }]));
    if (announce.length) {
      announce.sort(byUrgency);
      this.announcer.textContent = announce.map((a) => `${a.status === "active" && a.acknowledgedAt ? "Worse again" : "New"} ${a.priority} alert, bed ${a.bed}: ${alertName(a.code)}.`).join(" ");
    }
  }

  /** Puts each row in its host, or in the list in order; called again when the hosts are drawn anew. */
  place() {
    const listed = this.ordered.filter((row) => !this.hostRow(row));
    arrange(this.list, listed, this.ordered.length ? null : this.empty);
  }

  hostRow(row) {
    const slot = this.host?.(row.dataset.admission);
    if (!slot) return false;
    if (row.parentElement !== slot) {
      const focused = row.contains(document.activeElement) ? document.activeElement : null;
      slot.append(row);
      focused?.focus({ preventScroll: true });
    }
    return true;
  }

  /** The patient's row, its reasons in order of urgency; "Acknowledge all (n)" when two or more wait. */
  patientRow(patient) {
    let row = this.rows.get(patient.admissionId);
    if (!row) {
      row = document.createElement("li");
      row.dataset.admission = patient.admissionId;
      // The row itself takes the focus when the button that had it goes (acknowledged): focus stays in place.
      row.tabIndex = -1;
      // In a phone's bed tile the row starts folded to one line a reason (the tile stays short enough to scroll past);
      // the toggle shows the notes and buttons. In the list the toggle is not shown and the row is always open.
      // The wall has no toggle: nobody touches it, and it shows no phone tiles.
      row.innerHTML = `<div class="patient-head"></div>${this.compact ? "" : `
        <button type="button" class="secondary patient-toggle" data-action="toggle-row" aria-expanded="false"></button>`}
        <ul class="reasons"></ul>`;
      this.listen(row);
      this.rows.set(patient.admissionId, row);
    }
    const top = Object.keys(PRIORITY_RANK).find((p) => PRIORITY_RANK[p] === patient.rank) ?? "low";
    const waiting = patient.alerts.filter((a) => a.status === "active");
    const classes = `patient priority-${top}${row.classList.contains("open") ? " open" : ""}`;
    if (row.className !== classes) row.className = classes;
    row.dataset.bed = patient.bed;
    row.patient = patient;
    row.setAttribute("aria-label", `Bed ${patient.bed}: ${patient.alerts.length} open, ${waiting.length} to acknowledge`);
    setHtml(row.querySelector(".patient-head"), `${pill("priority", top, top.toUpperCase())} <strong>Bed ${escape(patient.bed)}</strong>`
      + ` <span class="meta">${patient.alerts.length} open${waiting.length ? `, ${waiting.length} to acknowledge` : ""}</span>`);
    this.acknowledgeAllRow(row, patient, waiting);
    this.toggleText(row);
    arrange(row.querySelector(".reasons"), patient.alerts.map((a) => this.items.get(a.id)));
    return row;
  }

  acknowledgeAllRow(row, patient, waiting) {
    let actions = row.querySelector(".patient-actions");
    if (!this.canAct || waiting.length < 2) {
      actions?.remove();
      return;
    }
    if (!actions) {
      actions = document.createElement("div");
      actions.className = "patient-actions";
      actions.innerHTML = `
        <div class="actions">
          <label class="note"><span class="meta"></span><input type="text" data-all-note maxlength="2000"></label>
          <button type="button" data-action="acknowledge-all"></button>
        </div>
        <div class="error" role="alert"></div>`;
      row.querySelector(".reasons").before(actions);
    }
    actions.dataset.bed = patient.bed;
    setText(actions.querySelector(".meta"), `Bed ${patient.bed}: note for all ${waiting.length} (optional)`);
    setText(actions.querySelector("button"), `Acknowledge all (${waiting.length})`);
  }

  async acknowledgeAll(button) {
    const row = button.closest("li.patient");
    const actions = button.closest(".patient-actions");
    const input = actions.querySelector("input[data-all-note]");
    const error = actions.querySelector(".error");
    button.disabled = true;
    try {
      await this.act("acknowledge-all", row.patient.alerts[0], input.value.trim() || null);
      error.textContent = "";
      input.value = "";
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
      keepFocus(row);
    }
  }

  create(alert) {
    const item = document.createElement("li");
    item.dataset.alert = alert.id;
    item.innerHTML = `
      <div class="head"></div>
      <div class="reason"></div>
      <div class="meta raised"></div>
      <div class="meta acknowledged"></div>
      <div class="meta responses"></div>
      ${this.canAct ? `
        <div class="actions">
          <button type="button" data-action="acknowledge">Acknowledge</button>
          <button type="button" class="secondary" data-action="open-resolve" aria-expanded="false">Resolve…</button>
          ${responseControls(`bed ${alert.bed}`)}
        </div>
        <div class="actions resolve-row" hidden>
          <label class="note"><span class="meta">How was it resolved? (needed)</span><input type="text" data-note maxlength="2000"></label>
          <button type="button" data-action="resolve">Resolve</button>
          <button type="button" class="secondary" data-action="cancel">Cancel</button>
        </div>
        <div class="error" role="alert"></div>` : ""}`;
    return item;
  }

  fill(item, alert) {
    item.alert = alert;
    // A cleared episode waits to be acknowledged but no longer sounds or flashes.
    const flash = alert.status === "active" && !alert.cleared && alert.priority === "high";
    const classes = `alert priority-${alert.priority}${flash ? " flash" : ""}${alert.status === "acknowledged" ? " is-acknowledged" : ""}`;
    if (item.className !== classes) item.className = classes;
    item.dataset.code = alert.code;
    item.dataset.status = alert.status;
    item.dataset.bed = alert.bed;
    const head = `${pill("priority", alert.priority, alert.priority.toUpperCase())} <strong class="bed">Bed ${escape(alert.bed)} ·</strong> <span class="name">${escape(alertName(alert.code))}</span>`
      + `${alert.escalated ? ` ${pill("priority", "high", "ESCALATED")}` : ""}${alert.status === "acknowledged" ? " <em>acknowledged</em>" : ""}${alert.cleared ? " <em>cleared</em>" : ""}`;
    setHtml(item.querySelector(".head"), head);
    setText(item.querySelector(".reason"), alert.reason);
    this.tickItem(item);
    setText(item.querySelector(".acknowledged"), alert.status === "acknowledged" || alert.acknowledgedAt
      ? `Acknowledged by ${alert.acknowledgedBy ?? "?"} at ${clock(alert.acknowledgedAt)}${alert.acknowledgeNote ? `: ${alert.acknowledgeNote}` : ""}`
      : "");
    const responses = responseSummary(alert);
    setText(item.querySelector(".responses"), responses ? `Responses: ${responses}` : "");
    if (this.canAct) {
      const input = item.querySelector("input[data-note]");
      const label = `Note for ${alertName(alert.code)} on bed ${alert.bed}`;
      if (input.getAttribute("aria-label") !== label) input.setAttribute("aria-label", label);
      item.querySelector("button[data-action=acknowledge]").hidden = alert.status !== "active";
    }
  }

  /** Moves the "raised … ago" texts on; nothing else changes. */
  tick() {
    for (const item of this.items.values()) this.tickItem(item);
  }

  tickItem(item) {
    const alert = item.alert;
    setText(item.querySelector(".raised"), `Raised ${clock(alert.raisedAt)}, ${ago(alert.raisedAt)}`);
  }

  toggleText(row) {
    const toggle = row.querySelector(".patient-toggle");
    if (!toggle) return;
    const open = row.classList.contains("open");
    toggle.setAttribute("aria-expanded", String(open));
    setText(toggle, open ? "Hide notes and buttons" : `Act on ${row.patient.alerts.length === 1 ? "this alert" : `these ${row.patient.alerts.length} alerts`}`);
  }

  async click(event) {
    const toggle = event.target.closest("button[data-action=toggle-row]");
    if (toggle) {
      const row = toggle.closest("li.patient");
      row.classList.toggle("open");
      this.toggleText(row);
      return;
    }
    const all = event.target.closest("button[data-action=acknowledge-all]");
    if (all) {
      await this.acknowledgeAll(all);
      return;
    }
    const respondItem = event.target.closest("li[data-alert]");
    if (respondItem && await respondClick(event, respondItem, respondItem.alert.id, (alert) => this.changed?.(alert), respondItem.querySelector(".error"))) return;
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const item = button.closest("li.alert");
    const input = item.querySelector("input[data-note]");
    const row = item.querySelector(".resolve-row");
    const opener = item.querySelector("button[data-action=open-resolve]");
    const error = item.querySelector(".error");
    const action = button.dataset.action;
    if (action === "open-resolve" || action === "cancel") {
      row.hidden = action === "cancel";
      opener.setAttribute("aria-expanded", String(!row.hidden));
      error.textContent = "";
      // Without preventScroll Chromium scrolls the page to a field inside the sticky alert column even when
      // the field is already in sight: the beds jumped under a nurse's finger.
      focusInSight(row.hidden ? opener : input);
      return;
    }
    const note = input.value.trim();
    if (action === "resolve" && !note) {
      error.textContent = "Write how it was resolved first.";
      focusInSight(input);
      return;
    }
    button.disabled = true;
    try {
      await this.act(action, item.alert, note || null);
      error.textContent = "";
      if (action === "resolve") input.value = "";
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
      keepFocus(this.rows.get(item.alert.admissionId));
    }
  }
}

// Moves children only where the order changed, and never the one holding focus (moving it would drop focus).
function arrange(container, wanted, empty = null) {
  if (wanted.length === 0 && empty) {
    for (const child of [...container.children]) if (child !== empty) child.remove();
    if (!empty.isConnected) container.append(empty);
    return;
  }
  empty?.remove();
  for (const child of [...container.children]) if (!wanted.includes(child)) child.remove();
  const current = [...container.children];
  if (current.length === wanted.length && current.every((child, i) => child === wanted[i])) return;
  const held = wanted.find((item) => item.contains(document.activeElement));
  if (!held || !held.isConnected || held.parentElement !== container) {
    for (const item of wanted) container.append(item);
    return;
  }
  const at = wanted.indexOf(held);
  for (const item of wanted.slice(0, at)) container.insertBefore(item, held);
  for (const item of wanted.slice(at + 1)) container.append(item);
}

// A button that went with what it did (Acknowledge, Acknowledge all) hands the focus to its patient's row.
function keepFocus(row) {
  if (!row?.isConnected) return;
  const focused = document.activeElement;
  if (focused && focused !== document.body && focused.isConnected && focused.checkVisibility?.() !== false && !focused.disabled) return;
  row.focus({ preventScroll: true });
}

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

function setHtml(element, html) {
  if (element && element.drawn !== html) {
    element.innerHTML = html;
    element.drawn = html;
  }
}

function focusInSight(element) {
  element.focus({ preventScroll: true });
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) element.scrollIntoView({ block: "nearest" });
}
