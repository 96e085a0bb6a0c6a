// Live ward events: joins the ward, applies events in sequence order exactly once, and catches up
// after any reconnect or gap by asking for everything after the last applied sequence. Duplicates
// are recognised by sequence alone, so a wall screen left running for weeks holds no growing set;
// events that arrive ahead of a gap are held, at most HELD_AT_MOST of them: beyond that the screen
// reloads the ward's snapshot instead of holding more.
import { accessToken } from "./api.js";

const EVENTS = ["alertRaised", "alertChanged", "observationRecorded", "censusChanged", "audioPaused"];

export const HELD_AT_MOST = 200;

// The service pings every 5 s and answers a heartbeat every 5 s: 15 s without a word is a dead link.
const HEARTBEAT_MS = 5000;
export const SILENT_AFTER_MS = 15000;

/** The feeds running on this page (one per open view), for inspection from the console. */
export const feeds = new Set();

export class WardFeed {
  constructor(ward, { onSnapshot, onEvent, onStatus }) {
    this.ward = ward;
    this.onSnapshot = onSnapshot;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.last = null;
    this.ahead = new Map();
    this.resync = false;
    this.stopped = false;
    this.live = false;
    /** The service's time in its last heartbeat answer, and when (local clock) it came. */
    this.heardAt = null;
    this.heardLocally = 0;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/ward", { accessTokenFactory: () => accessToken() })
      // Never give up: a dashboard on the wall must come back by itself.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(5000, 250 * 2 ** context.previousRetryCount) })
      // Replays what a brief drop lost; the sequence catch-up below covers anything longer.
      .withStatefulReconnect()
      .withServerTimeout(SILENT_AFTER_MS)
      .withKeepAliveInterval(HEARTBEAT_MS)
      .build();
    for (const name of EVENTS) this.connection.on(name, (event) => this.receive({ ...event, type: event.type ?? name }));
    this.connection.onreconnecting(() => this.lost());
    this.connection.onreconnected(() => this.catchUp());
    this.connection.onclose(() => this.restart());
    feeds.add(this);
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
    const result = await this.connection.invoke("JoinWard", this.ward, catchingUp && !this.resync ? this.last : null);
    if (result.snapshot) {
      // The snapshot already reflects everything up to lastSequence; keep only what comes after.
      this.last = result.lastSequence;
      this.resync = false;
      for (const sequence of [...this.ahead.keys()]) if (sequence <= this.last) this.ahead.delete(sequence);
      this.onSnapshot(result.snapshot);
    }
    for (const event of result.events) this.receive(event);
    this.flush();
    this.heard(await this.connection.invoke("Heartbeat"));
    this.live = true;
    this.onStatus(catchingUp ? "caught-up" : "ok");
    this.keepHearing();
  }

  heard(serverTime) {
    this.heardAt = serverTime;
    this.heardLocally = Date.now();
  }

  // Asks the service for its time every few seconds. No answer within SILENT_AFTER_MS makes the screen not
  // live at once, whatever the socket believes (SignalR's own timeout then reconnects); an answer that comes
  // after all catches up with what was missed meanwhile.
  keepHearing() {
    clearInterval(this.hearing);
    let second = 0;
    this.hearing = setInterval(() => {
      if (this.stopped) return;
      if (this.live && Date.now() - this.heardLocally > SILENT_AFTER_MS) {
        this.silenced = true;
        this.lost();
      }
      second += 1;
      if (second % (HEARTBEAT_MS / 1000) !== 0 || this.connection.state !== signalR.HubConnectionState.Connected) return;
      this.connection.invoke("Heartbeat").then((at) => {
        this.heard(at);
        if (this.silenced && !this.live) this.catchUp();
        this.silenced = false;
      }, () => {});
    }, 1000);
  }

  /** Asks for what was missed; one request at a time, retried every few seconds until it succeeds. */
  async catchUp() {
    if (this.catchingUp || this.stopped) return;
    this.catchingUp = true;
    clearTimeout(this.retry);
    this.retry = null;
    try {
      await this.join(true);
      this.failures = 0;
    } catch (error) {
      this.catchUpFailed(error);
    } finally {
      this.catchingUp = false;
    }
  }

  // A failed catch-up leaves the screen not live: say so and try again rather than go quiet.
  catchUpFailed(error) {
    console.error("ward feed catch-up", error);
    this.failures = (this.failures ?? 0) + 1;
    this.live = false;
    this.onStatus("catch-up-failed");
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.stopped || this.connection.state !== signalR.HubConnectionState.Connected) return;
      this.catchUp();
    }, Math.min(10000, 1000 * 2 ** Math.min(this.failures, 4)));
  }

  receive(event) {
    if (this.last !== null && event.sequence <= this.last) return;
    if (!this.ahead.has(event.sequence) && this.ahead.size >= HELD_AT_MOST) {
      // Too far behind to keep holding: drop what is held and take the ward's snapshot on the next catch-up.
      this.ahead.clear();
      this.resync = true;
    }
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
    // Something is missing in between: ask for it rather than wait (unless a retry is already set).
    if (this.last !== null && this.ahead.size > 0 && !this.catchUpPending && !this.retry) {
      this.catchUpPending = setTimeout(() => {
        this.catchUpPending = null;
        if (this.ahead.size > 0) this.catchUp();
      }, 300);
    }
  }

  async stop() {
    this.stopped = true;
    feeds.delete(this);
    clearTimeout(this.retry);
    clearTimeout(this.catchUpPending);
    clearInterval(this.hearing);
    await this.connection.stop();
  }
}
