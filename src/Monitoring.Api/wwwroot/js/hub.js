// Live ward events: joins the ward, applies events in sequence order exactly once, and catches up
// after any reconnect or gap by asking for everything after the last applied sequence.
import { accessToken } from "./api.js";

const EVENTS = ["alertRaised", "alertChanged", "observationRecorded", "censusChanged"];

export class WardFeed {
  constructor(ward, { onSnapshot, onEvent, onStatus }) {
    this.ward = ward;
    this.onSnapshot = onSnapshot;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.last = null;
    this.seen = new Set();
    this.ahead = new Map();
    this.stopped = false;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/ward", { accessTokenFactory: () => accessToken() })
      // Never give up: a dashboard on the wall must come back by itself.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(5000, 250 * 2 ** context.previousRetryCount) })
      // Replays what a brief drop lost; the sequence catch-up below covers anything longer.
      .withStatefulReconnect()
      .build();
    for (const name of EVENTS) this.connection.on(name, (event) => this.receive(event));
    this.connection.onreconnecting(() => this.onStatus("lost"));
    this.connection.onreconnected(() => this.join(true));
    this.connection.onclose(() => this.restart());
  }

  async start() {
    try {
      await this.connection.start();
      await this.join(this.last !== null);
    } catch (error) {
      console.error("ward feed", error);
      this.onStatus("lost");
      await this.restart();
    }
  }

  async restart() {
    if (this.stopped) return;
    this.onStatus("lost");
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
    if (catchingUp) this.onStatus("caught-up");
  }

  receive(event) {
    if (this.seen.has(event.id) || (this.last !== null && event.sequence <= this.last)) return;
    this.ahead.set(event.sequence, event);
    this.flush();
  }

  flush() {
    while (this.last !== null && this.ahead.has(this.last + 1)) {
      const next = this.ahead.get(this.last + 1);
      this.ahead.delete(this.last + 1);
      this.seen.add(next.id);
      this.last = next.sequence;
      this.onEvent(next);
    }
    // Something is missing in between: ask for it rather than wait.
    if (this.last !== null && this.ahead.size > 0 && !this.catchUpPending) {
      this.catchUpPending = setTimeout(async () => {
        this.catchUpPending = null;
        if (this.ahead.size > 0) await this.join(true).catch(() => {});
      }, 300);
    }
  }

  async stop() {
    this.stopped = true;
    await this.connection.stop();
  }
}
