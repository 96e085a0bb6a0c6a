// NEWS2 (RCP 2017) scored from the table the server serves, so the form shows each parameter's score while
// it is typed with the server's own bands. The server's score is the one that is stored.
const inRange = (ranges, value) => ranges.find((r) => value >= r.from && value <= r.to)?.score;

function parameterScore(table, name, value, scale, onOxygen) {
  switch (name) {
    case "spo2":
      return inRange(table.spo2[scale === 2 ? (onOxygen ? "2-oxygen" : "2-air") : "1"], value);
    case "onOxygen":
      return table.onOxygen[String(value)];
    case "consciousness":
      return table.consciousness[value];
    case "temperatureC": {
      const factor = 10 ** table.temperatureDecimals;
      return inRange(table.parameters.temperatureC, Math.sign(value) * Math.round(Math.abs(value) * factor) / factor);
    }
    default:
      return inRange(table.parameters[name], value);
  }
}

export const names = ["respiratoryRate", "spo2", "onOxygen", "systolicBp", "heartRate", "consciousness", "temperatureC"];

export function band(table, total, anyThree) {
  const reached = table.bands.find((b) => total >= b.from);
  if (reached) return reached.name;
  return anyThree ? table.anySingleParameterThree : "low";
}

/** Scores what is present; a total only when all seven parameters are. */
export function score(table, values, scale) {
  const scores = {};
  for (const name of names) {
    const value = values[name];
    if (value === null || value === undefined || value === "" || Number.isNaN(value)) continue;
    // Scale 2 scores a high saturation by whether oxygen is given (where the served table's two columns differ): unknown oxygen, unknown score.
    if (name === "spo2" && scale === 2 && (values.onOxygen === null || values.onOxygen === undefined)
      && inRange(table.spo2["2-air"], value) !== inRange(table.spo2["2-oxygen"], value)) continue;
    const scored = parameterScore(table, name, value, scale, values.onOxygen);
    if (scored !== undefined) scores[name] = scored;
  }
  const complete = names.every((name) => name in scores);
  const total = complete ? Object.values(scores).reduce((a, b) => a + b, 0) : null;
  return { scores, total, band: total === null ? null : band(table, total, Object.values(scores).includes(3)) };
}
