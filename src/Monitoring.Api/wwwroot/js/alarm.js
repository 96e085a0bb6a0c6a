// The board's alarm: sounds while a high alert is unacknowledged, unless the ward's audio is paused
// (IEC 60601-1-8 "audio paused": two minutes, with a reason, audited, shown on every board of the
// ward). A new high alert, or a paused one that worsens, sounds again at once.
import { post } from "./api.js";
import { alertName } from "./alert-names.js";
import { beep } from "./tone.js";
import { setPausedText, soundState, soundWanted } from "./sound.js";
import { clock, escape } from "./format.js";

const REASONS = ["At the bedside, attending to the patient", "Alarm being assessed", "Clinical procedure in progress"];

export class Alarm {
  constructor(ward, slot, { canPause }) {
    Object.assign(this, { ward, slot, canPause });
    this.pause = null;
    this.covered = null;
    this.back = null;
    this.hasHigh = false;
    slot.innerHTML = `
      <p class="pause-banner" id="pause-banner" role="status" hidden></p>
      ${canPause ? `<button type="button" class="secondary" id="pause-audio" hidden>Pause alarm sound for 2 min…</button>
      <dialog id="pause-dialog" aria-labelledby="pause-title">
        <form method="dialog" id="pause-form">
          <h2 id="pause-title">Pause alarm sound for 2 minutes</h2>
          <p>Alerts keep flashing on every board. Sound comes back after 2 minutes, or at once if a new high alert arrives or a paused one gets worse.</p>
          <label class="field" for="pause-reason">Reason</label>
          <select id="pause-reason" required>${REASONS.map((r) => `<option>${escape(r)}</option>`).join("")}</select>
          <p class="error" id="pause-error" role="alert"></p>
          <div class="actions"><button type="submit" value="pause">Pause sound</button><button type="button" class="secondary" id="pause-cancel">Cancel</button></div>
        </form>
      </dialog>` : ""}`;
    const dialog = slot.querySelector("#pause-dialog");
    slot.querySelector("#pause-audio")?.addEventListener("click", () => dialog.showModal());
    slot.querySelector("#pause-cancel")?.addEventListener("click", () => dialog.close());
    slot.querySelector("#pause-form")?.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const pause = await post(`/api/wards/${encodeURIComponent(ward)}/audio-pause`, { reason: slot.querySelector("#pause-reason").value });
        dialog.close();
        this.setPause(pause, this.alerts);
      } catch (error) {
        slot.querySelector("#pause-error").textContent = error.message;
      }
    });
  }

  paused() {
    return Boolean(this.pause && new Date(this.pause.until) > new Date() && !this.back);
  }

  /** The ward's current pause (from the board), or null. */
  setPause(pause, alerts) {
    const same = pause && this.pause && pause.pausedAt === this.pause.pausedAt;
    if (!same) {
      this.pause = pause;
      this.back = null;
      this.covered = pause ? openAlerts(alerts) : null;
    }
    this.alertsChanged(alerts);
  }

  alertsChanged(alerts) {
    this.alerts = alerts;
    this.hasHigh = [...(alerts?.values() ?? [])].some((a) => a.status === "active" && !a.cleared && a.priority === "high");
    if (this.paused() && this.covered) {
      for (const alert of alerts.values()) {
        const before = this.covered.get(alert.id);
        const worse = alert.status === "active" && !alert.cleared && alert.priority === "high"
          && (!before || before.status !== "active" || rank(alert.priority) < rank(before.priority) || before.reason !== alert.reason);
        if (worse) {
          this.back = `${before ? "worse" : "new high alert"}: bed ${alert.bed}, ${alertName(alert.code)}`;
          beep();
          break;
        }
      }
    }
    this.showCountdown();
  }

  /** Every 2 s: sound while a high alert needs acknowledging and nothing paused it. */
  tick(alerts) {
    this.alerts = alerts;
    if (this.hasHigh && soundWanted() && !this.paused()) beep();
  }

  showCountdown() {
    const banner = this.slot.querySelector("#pause-banner");
    const button = this.slot.querySelector("#pause-audio");
    if (button) button.hidden = !this.hasHigh || this.paused();
    if (this.paused()) {
      const left = Math.max(0, new Date(this.pause.until) - new Date());
      const mmss = `${Math.floor(left / 60000)}:${String(Math.floor((left % 60000) / 1000)).padStart(2, "0")}`;
      banner.hidden = false;
      banner.dataset.state = "paused";
      banner.textContent = `Alarm sound paused by ${this.pause.pausedBy} at ${clock(this.pause.pausedAt)} (${mmss} left): ${this.pause.reason}`;
      setPausedText(`paused, ${mmss} left`);
    } else if (this.back && this.pause && new Date(this.pause.until) > new Date()) {
      banner.hidden = false;
      banner.dataset.state = "back";
      banner.textContent = `Alarm sound back on before the pause ended: ${this.back}`;
      setPausedText(null);
    } else {
      banner.hidden = true;
      banner.dataset.state = "";
      setPausedText(null);
    }
    document.body.dataset.sound = soundState();
  }

  stop() {
    setPausedText(null);
  }
}

const rank = (priority) => ({ high: 0, medium: 1, low: 2 })[priority] ?? 3;

function openAlerts(alerts) {
  return new Map([...(alerts?.values() ?? [])]
    .filter((a) => a.status !== "resolved")
    .map((a) => [a.id, { priority: a.priority, status: a.status, reason: a.reason }]));
}
