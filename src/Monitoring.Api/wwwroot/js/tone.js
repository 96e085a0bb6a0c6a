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

export function beep() {
  try {
    if (!context || context.state !== "running") return false;
    for (const [offset, frequency] of [[0, 880], [0.25, 660], [0.5, 880]]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + offset);
      oscillator.stop(context.currentTime + offset + 0.18);
    }
    window.dispatchEvent(new CustomEvent("alarm-sounded"));
    return true;
  } catch {
    return false;
  }
}
