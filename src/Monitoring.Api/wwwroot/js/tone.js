// The audible alarm for high-priority alerts: a WebAudio tone, no sound file needed.
let context = null;

export function soundBlocked() {
  return !context || context.state !== "running";
}

export async function enableSound() {
  context ??= new AudioContext();
  await context.resume();
}

export function beep() {
  try {
    context ??= new AudioContext();
    if (context.state !== "running") return false;
    for (const [offset, frequency] of [[0, 880], [0.25, 660], [0.5, 880]]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + offset);
      oscillator.stop(context.currentTime + offset + 0.18);
    }
    return true;
  } catch {
    return false;
  }
}
