// Live ward events: joins the ward, applies events in sequence order exactly once, and catches up
// after any reconnect or gap by asking for everything after the last applied sequence. Duplicates
// are recognised by sequence alone, so a wall screen left running for weeks holds no growing set.
import { accessToken } from "./api.js";

const EVENTS = ["alertRaised", "alertChanged", "observationRecorded", "censusChanged", "audioPaused"];

export class WardFeed {
  constructor(ward, { onSnapshot, onEvent, onStatus }) {
    this.ward = ward;
    this.onSnapshot = onSnapshot;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.last = null;
    this.ahead = new Map();
    this.stopped = false;
    this.live = false;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/ward", { accessTokenFactory: () => accessToken() })
      // Never give up: a dashboard on the wall must come back by itself.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(5000, 250 * 2 ** context.previousRetryCount) })
      // Replays what a brief drop lost; the sequence catch-up below covers anything longer.
      .withStatefulReconnect()
      .build();
    for (const name of EVENTS) this.connection.on(name, (event) => this.receive({ ...event, type: event.type ?? name }));
    this.connection.onreconnecting(() => this.lost());
    this.connection.onreconnected(() => this.join(true).catch((error) => this.catchUpFailed(error)));
    this.connection.onclose(() => this.restart());
  }

  lost() {
    this.live = false;
    this.onStatus("lost");
  }

  async start() {
    try {
      await this.connection.start();
      await this.join(this.last !== null);
    } catch (error) {
      console.error("ward feed", error);
      this.lost();
      await this.restart();
    }
  }

  async restart() {
    if (this.stopped) return;
    this.lost();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (this.stopped || this.connection.state !== signalR.HubConnectionState.Disconnected) return;
    await this.start();
  }

  async join(catchingUp) {
    const result = await this.connection.invoke("JoinWard", this.ward, catchingUp ? this.last : null);
    if (result.snapshot) {
      // The snapshot already reflects everything up to lastSequence; keep only what comes after.
      this.last = result.lastSequence;
      for (const sequence of [...this.ahead.keys()]) if (sequence <= this.last) this.ahead.delete(sequence);
      this.onSnapshot(result.snapshot);
    }
    for (const event of result.events) this.receive(event);
    this.flush();
    this.live = true;
    this.onStatus(catchingUp ? "caught-up" : "ok");
  }

  // A failed catch-up leaves the screen not live: say so and try again rather than go quiet.
  catchUpFailed(error) {
    console.error("ward feed catch-up", error);
    this.lost();
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (this.stopped || this.connection.state !== signalR.HubConnectionState.Connected) return;
      this.join(true).catch((again) => this.catchUpFailed(again));
    }, 2000);
  }

  receive(event) {
    if (this.last !== null && event.sequence <= this.last) return;
    this.ahead.set(event.sequence, event);
    this.flush();
  }

  flush() {
    while (this.last !== null && this.ahead.has(this.last + 1)) {
      const next = this.ahead.get(this.last + 1);
      this.ahead.delete(this.last + 1);
      this.last = next.sequence;
      this.onEvent(next);
    }
    // Something is missing in between: ask for it rather than wait.
    if (this.last !== null && this.ahead.size > 0 && !this.catchUpPending) {
      this.catchUpPending = setTimeout(async () => {
        this.catchUpPending = null;
        if (this.ahead.size > 0) await this.join(true).catch((error) => this.catchUpFailed(error));
      }, 300);
    }
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.catchUpPending);
    await this.connection.stop();
  }
}
