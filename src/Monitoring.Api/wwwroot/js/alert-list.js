// The ward's open alerts, kept in place: an item is created once and then only its texts change,
// so a note being typed, the focus on a button and the scroll position survive every update.
import { alertName, PRIORITY_RANK } from "./alert-names.js";
import { ago, clock, escape, pill } from "./format.js";
import { respondClick, responseControls, responseSummary } from "./responses.js";

const order = (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]
  || (a.status === "active" ? 0 : 1) - (b.status === "active" ? 0 : 1)
  || new Date(a.raisedAt) - new Date(b.raisedAt);

export class AlertList {
  /** @param {{list: HTMLOListElement, count: HTMLElement, announcer: HTMLElement, canAct: boolean, compact: boolean, act: Function, changed?: Function}} options */
  constructor({ list, count, announcer, canAct, compact, act, changed }) {
    Object.assign(this, { list, count, announcer, canAct, compact, act, changed });
    this.items = new Map();
    this.patients = new Map();
    this.known = null;
    this.empty = document.createElement("li");
    this.empty.className = "meta empty";
    this.empty.textContent = "No open alerts.";
    list.addEventListener("click", (event) => this.click(event));
    list.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches("input[data-note]")) {
        event.preventDefault();
        event.target.closest("li").querySelector("button[data-action=resolve]")?.click();
      }
    });
  }

  /** Draws the open alerts of `alerts` (a Map by id); alerts seen for the first time are announced. */
  update(alerts) {
    const open = [...alerts.values()].filter((a) => a.status !== "resolved").sort(order);
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
    this.arrange(this.withPatientRows(open));
    this.count.textContent = `(${open.filter((a) => a.status === "active").length} need acknowledging)`;
    this.known = new Map(open.map((a) => [a.id, { status: a.status }]));
    if (announce.length) {
      this.announcer.textContent = announce.map((a) => `${a.status === "active" && a.acknowledgedAt ? "Worse again" : "New"} ${a.priority} alert, bed ${a.bed}: ${alertName(a.code)}.`).join(" ");
    }
  }

  // A patient with two or more alerts to acknowledge gets an "Acknowledge all (n)" row just above the first of them.
  withPatientRows(open) {
    const active = new Map();
    for (const alert of open) {
      if (alert.status === "active") active.set(alert.admissionId, [...(active.get(alert.admissionId) ?? []), alert]);
    }
    const wanted = [];
    const shown = new Set();
    for (const alert of open) {
      const waiting = active.get(alert.admissionId) ?? [];
      if (this.canAct && waiting.length >= 2 && waiting[0] === alert) {
        wanted.push(this.patientRow(alert, waiting.length));
        shown.add(alert.admissionId);
      }
      wanted.push(this.items.get(alert.id));
    }
    for (const [admissionId, row] of this.patients) {
      if (!shown.has(admissionId)) {
        row.remove();
        this.patients.delete(admissionId);
      }
    }
    return wanted;
  }

  patientRow(alert, waiting) {
    let row = this.patients.get(alert.admissionId);
    if (!row) {
      row = document.createElement("li");
      row.className = "patient-actions";
      row.dataset.admission = alert.admissionId;
      row.innerHTML = `
        <div class="actions">
          <label class="note"><span class="meta"></span><input type="text" data-all-note maxlength="2000"></label>
          <button type="button" data-action="acknowledge-all"></button>
        </div>
        <div class="error" role="alert"></div>`;
      this.patients.set(alert.admissionId, row);
    }
    row.alert = alert;
    row.dataset.bed = alert.bed;
    setText(row.querySelector(".meta"), `Bed ${alert.bed}: note for all ${waiting} (optional)`);
    setText(row.querySelector("button"), `Acknowledge all (${waiting})`);
    return row;
  }

  async acknowledgeAll(button) {
    const row = button.closest("li");
    const input = row.querySelector("input[data-all-note]");
    const error = row.querySelector(".error");
    button.disabled = true;
    try {
      await this.act("acknowledge-all", row.alert, input.value.trim() || null);
      error.textContent = "";
      input.value = "";
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  }

  // Moves items only where the order changed, and never the one holding focus (moving it would drop focus).
  arrange(wanted) {
    if (wanted.length === 0) {
      for (const child of [...this.list.children]) if (child !== this.empty) child.remove();
      if (!this.empty.isConnected) this.list.append(this.empty);
      return;
    }
    this.empty.remove();
    const current = [...this.list.children];
    if (current.length === wanted.length && current.every((child, i) => child === wanted[i])) return;
    const held = wanted.find((item) => item.contains(document.activeElement));
    if (!held || !held.isConnected) {
      for (const item of wanted) this.list.append(item);
      return;
    }
    const at = wanted.indexOf(held);
    for (const item of wanted.slice(0, at)) this.list.insertBefore(item, held);
    for (const item of wanted.slice(at + 1)) this.list.append(item);
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
    const head = `${pill("priority", alert.priority, alert.priority.toUpperCase())} <strong>Bed ${escape(alert.bed)}</strong> · <span class="name">${escape(alertName(alert.code))}</span>`
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

  async click(event) {
    const all = event.target.closest("button[data-action=acknowledge-all]");
    if (all) {
      await this.acknowledgeAll(all);
      return;
    }
    const respondItem = event.target.closest("li[data-alert]");
    if (respondItem && await respondClick(event, respondItem, respondItem.alert.id, (alert) => this.changed?.(alert), respondItem.querySelector(".error"))) return;
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const item = button.closest("li");
    const input = item.querySelector("input[data-note]");
    const row = item.querySelector(".resolve-row");
    const opener = item.querySelector("button[data-action=open-resolve]");
    const error = item.querySelector(".error");
    const action = button.dataset.action;
    if (action === "open-resolve" || action === "cancel") {
      row.hidden = action === "cancel";
      opener.setAttribute("aria-expanded", String(!row.hidden));
      error.textContent = "";
      if (!row.hidden) input.focus();
      else opener.focus();
      return;
    }
    const note = input.value.trim();
    if (action === "resolve" && !note) {
      error.textContent = "Write how it was resolved first.";
      input.focus();
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
    }
  }
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
