// Alert codes in the words a nurse uses; the code stays in data attributes for machines.
const NAMES = {
  "respiratory-depression": "Respiratory depression",
  oversedation: "Over-sedation",
  hypoxaemia: "Low oxygen saturation",
  "over-oxygenation": "Too much oxygen",
  "news2-high": "NEWS2 high: emergency response",
  "news2-medium": "NEWS2 medium: urgent response",
  "news2-single-parameter": "NEWS2: one vital sign scores 3",
  "withdrawal-severe": "Severe opioid withdrawal",
  "withdrawal-escalating": "Opioid withdrawal getting worse",
  "induction-threshold": "COWS ready for buprenorphine induction",
  "observations-overdue": "Observations overdue",
  "ciwa-medication-threshold": "CIWA-Ar: symptom-triggered dose indicated",
  "alcohol-withdrawal-severe": "Severe alcohol withdrawal",
  "buprenorphine-too-early": "Buprenorphine too early",
  "precipitated-withdrawal": "Precipitated withdrawal",
  "naloxone-given": "Naloxone given",
  "hypotension-risk": "Risk of low blood pressure",
  "agonist-during-watch": "Opioid given during the naloxone watch",
  "monitor-hypoxaemia": "Monitor: low SpO2",
  "monitor-bradypnoea": "Monitor: slow breathing",
  "monitor-apnoea": "Monitor: apnoea",
  "monitor-etco2": "Monitor: EtCO2",
  "monitor-heart-rate": "Monitor: heart rate",
  "monitor-signal-lost": "Monitor: signal lost",
  "monitor-offline": "Monitor: offline",
};

export function alertName(code) {
  if (NAMES[code]) return NAMES[code];
  const words = String(code ?? "").replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const PRIORITY_RANK = { high: 0, medium: 1, low: 2 };
export const priorityWord = { high: "High", medium: "Medium", low: "Low" };
