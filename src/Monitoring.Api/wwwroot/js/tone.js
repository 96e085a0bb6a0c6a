// The audible alarm for high-priority alerts: a WebAudio tone, no sound file needed.
let context = null;

export function soundBlocked() {
  return !context || context.state !== "running";
}

export async function enableSound() {
  context ??= new AudioContext();
  // resume() waits for a user gesture where the browser requires one: do not hang on it.
  await Promise.race([context.resume(), new Promise((resolve) => setTimeout(resolve, 300))]);
}

export const beep = () => play([[0, 880], [0.25, 660], [0.5, 880]], "alarm-sounded");

/** The equipment's own fault (this screen is not live), unlike any patient alarm: two low falling notes. */
export const technicalTone = () => play([[0, 440], [0.4, 330]], "technical-tone-sounded");

function play(notes, eventName) {
  try {
    if (!context || context.state !== "running") return false;
    for (const [offset, frequency] of notes) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + offset);
      oscillator.stop(context.currentTime + offset + 0.18);
    }
    window.dispatchEvent(new CustomEvent(eventName));
    return true;
  } catch {
    return false;
  }
}
