// COWS items with the words of the published scale (Wesson & Ling 2003), and its severity bands.
export const items = [
  ["restingPulseRate", "Resting pulse rate", { 0: "80 or below", 1: "81-100", 2: "101-120", 4: "greater than 120" }],
  ["sweating", "Sweating (past ½ h)", { 0: "no report of chills or flushing", 1: "subjective report of chills or flushing", 2: "flushed or observable moistness on face", 3: "beads of sweat on brow or face", 4: "sweat streaming off face" }],
  ["restlessness", "Restlessness", { 0: "able to sit still", 1: "reports difficulty sitting still, but is able to do so", 3: "frequent shifting or extraneous movements of legs/arms", 5: "unable to sit still for more than a few seconds" }],
  ["pupilSize", "Pupil size", { 0: "pinned or normal size for room light", 1: "possibly larger than normal", 2: "moderately dilated", 5: "so dilated that only the rim of the iris is visible" }],
  ["boneJointAches", "Bone or joint aches", { 0: "not present", 1: "mild diffuse discomfort", 2: "reports severe diffuse aching of joints/muscles", 4: "rubbing joints or muscles, unable to sit still because of discomfort" }],
  ["runnyNoseTearing", "Runny nose or tearing", { 0: "not present", 1: "nasal stuffiness or unusually moist eyes", 2: "nose running or tearing", 4: "nose constantly running or tears streaming down cheeks" }],
  ["giUpset", "GI upset (past ½ h)", { 0: "no GI symptoms", 1: "stomach cramps", 2: "nausea or loose stool", 3: "vomiting or diarrhoea", 5: "multiple episodes of diarrhoea or vomiting" }],
  ["tremor", "Tremor (outstretched hands)", { 0: "no tremor", 1: "tremor can be felt, but not observed", 2: "slight tremor observable", 4: "gross tremor or muscle twitching" }],
  ["yawning", "Yawning", { 0: "no yawning", 1: "yawning once or twice during assessment", 2: "yawning three or more times during assessment", 4: "yawning several times/minute" }],
  ["anxietyIrritability", "Anxiety or irritability", { 0: "none", 1: "reports increasing irritability or anxiousness", 2: "obviously irritable or anxious", 4: "so irritable or anxious that participation in the assessment is difficult" }],
  ["goosefleshSkin", "Gooseflesh skin", { 0: "skin is smooth", 3: "piloerection can be felt or hairs standing up on arms", 5: "prominent piloerection" }],
];

export function severity(total) {
  if (total <= 4) return "none";
  if (total <= 12) return "mild";
  if (total <= 24) return "moderate";
  if (total <= 36) return "moderately-severe";
  return "severe";
}

export function pulseScore(bpm) {
  if (bpm <= 80) return 0;
  if (bpm <= 100) return 1;
  if (bpm <= 120) return 2;
  return 4;
}
