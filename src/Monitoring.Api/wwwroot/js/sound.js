// The alarm's sound state, kept across reloads and shown in the header at all times: on, off,
// blocked by the browser until someone presses the button, or paused for the ward.
import { enableSound, soundBlocked } from "./tone.js";

const KEY = "monitoring.sound";
const button = () => document.getElementById("sound");
let pausedText = null;

export const soundWanted = () => localStorage.getItem(KEY) !== "off";

export function soundState() {
  if (!soundWanted()) return "off";
  if (soundBlocked()) return "blocked";
  return pausedText ? "paused" : "on";
}

export function showSoundState() {
  const state = soundState();
  const b = button();
  if (!b) return;
  b.className = state === "on" ? "sound-on" : state === "paused" ? "sound-paused" : "sound-off";
  b.dataset.state = state;
  const [label, rest] = {
    on: ["Alarm sound", "on"],
    off: ["Alarm sound", "off: press to turn on"],
    blocked: ["Alarm sound", "blocked: press to turn on"],
    paused: ["Alarm sound", pausedText],
  }[state];
  b.innerHTML = `<span class="long">${label}</span> <span class="short">Sound</span> ${rest}`;
}

/** Text such as "paused 1:45 left", or null when the ward's audio is not paused. */
export function setPausedText(text) {
  pausedText = text;
  showSoundState();
}

export async function initSound() {
  if (soundWanted()) await enableSound().catch(() => {});
  showSoundState();
  button()?.addEventListener("click", async () => {
    if (soundState() === "on") {
      localStorage.setItem(KEY, "off");
    } else {
      localStorage.setItem(KEY, "on");
      await enableSound().catch(() => {});
    }
    showSoundState();
  });
  // A browser that blocked sound at load allows it after the first touch anywhere on the page.
  document.addEventListener("pointerdown", async () => {
    if (soundWanted() && soundBlocked()) {
      await enableSound().catch(() => {});
      showSoundState();
    }
  }, { capture: true });
}
