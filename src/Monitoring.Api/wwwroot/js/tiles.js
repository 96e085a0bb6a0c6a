// Bed tiles, sickest first: ordered by the highest open alert, then NEWS2, then bed. Each tile names
// its top alert in words and shows the signs of opioid toxicity (RR, SpO2, POSS) beside the scores.
import { app } from "./app.js";
import { alertName, byUrgency, PRIORITY_RANK, priorityWord } from "./alert-names.js";
import { lastDoseLine, watchLine } from "./doses.js";
import { bandLabel, clock, duration, escape, severityLabel } from "./format.js";
import { sparkline } from "./sparkline.js";

/** Open alerts of one admission, worst first (an unacknowledged alert before an acknowledged one). */
export function alertsOf(alerts, admissionId) {
  return [...alerts.values()]
    .filter((a) => a.admissionId === admissionId && a.status !== "resolved")
    .sort(byUrgency);
}

export function byAcuity(beds, alerts) {
  const rank = (bed) => {
    if (!bed.admissionId) return [9, 0, 0];
    const top = alertsOf(alerts, bed.admissionId)[0];
    return [top ? PRIORITY_RANK[top.priority] : 3, top?.status === "acknowledged" ? 1 : 0, -(bed.news2?.total ?? -1)];
  };
  return beds
    .map((bed, position) => ({ bed, position, rank: rank(bed) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2] || a.position - b.position)
    .map((x) => x.bed);
}

const figure = (label, value, key, { flag = false, extra = "" } = {}) =>
  `<div><dt>${label}</dt><dd class="${flag ? "flag" : ""}" data-${key}>${value ?? "–"}</dd>${extra}</div>`;

export function tile(bed, { now, alerts, trends, maxima, wall, notLiveSince, watches, alertSlot = false }) {
  const stale = notLiveSince ? `<p class="stale">Not live since ${escape(clock(notLiveSince))}</p>` : "";
  if (!bed.admissionId) {
    const admit = !wall && app.can("nurse", "physician")
      ? `<div class="actions"><a href="#/ward/${encodeURIComponent(app.ward)}/admit/${encodeURIComponent(bed.bed)}" aria-label="Admit to bed ${escape(bed.bed)}">Admit</a></div>` : "";
    return `<article class="tile empty" aria-label="Bed ${escape(bed.bed)}, empty" data-bed="${escape(bed.bed)}"><div class="tile-head"><span class="bed">${escape(bed.bed)}</span><span class="meta">Empty bed</span></div>${stale}${admit}</article>`;
  }
  const open = alertsOf(alerts, bed.admissionId);
  const top = open[0];
  const news2 = bed.news2;
  const cows = bed.cows;
  // One withdrawal figure per scale the patient is assessed on (COWS, CIWA-Ar, ...); older services send only COWS.
  const scaleKinds = (bed.due ?? []).filter((d) => d.kind !== "vitals").map((d) => [d.kind, d.name]);
  for (const a of bed.assessments ?? []) if (!scaleKinds.some(([k]) => k === a.kind)) scaleKinds.push([a.kind, a.scale]);
  if (!bed.assessments && cows) scaleKinds.push(["cows", "COWS"]);
  const latestOf = (kind) => (bed.assessments ?? []).find((a) => a.kind === kind) ?? (kind === "cows" && cows ? { total: cows.total, severity: cows.severity } : null);
  const v = bed.vitals ?? {};
  const poss = v.sedation ?? null;
  const flags = v.flags ?? {};
  const topLine = top
    ? `<p class="top-alert priority-${top.priority}" data-top-alert="${escape(top.code)}">${priorityWord[top.priority]}: ${escape(alertName(top.code))}${top.status === "acknowledged" ? " (acknowledged)" : ""}${open.length > 1 ? ` <span class="more" data-more>+${open.length - 1} more</span>` : ""}</p>`
    : "";
  const schedule = bed.due?.length ? bed.due.map((d) => [d.kind === "vitals" ? "Vitals" : d.name, d.at, d.overdueAt])
    : [bed.nextVitalsDue && ["Vitals", bed.nextVitalsDue], bed.nextCowsDue && ["COWS", bed.nextCowsDue]];
  // Overdue from the moment the service says (due time plus the ward's grace), as on the census and in the
  // overdue alert; in the grace the round is due now, not yet overdue.
  const due = schedule
    .filter(Boolean)
    .map(([what, at, overdueAt]) => {
      const ms = new Date(at).getTime() - now;
      if (ms >= 0) return `<div class="due">${what} due ${clock(at)} <span class="meta">(in ${duration(ms)})</span></div>`;
      return now >= new Date(overdueAt ?? at).getTime()
        ? `<div class="due overdue" data-overdue>${what} overdue by ${duration(ms)} <span class="meta">(due ${clock(at)})</span></div>`
        : `<div class="due due-now" data-due-now>${what} due now <span class="meta">(since ${clock(at)})</span></div>`;
    })
    .join("");
  const clinician = app.can("nurse", "physician");
  const links = wall ? "" : [
    app.can("nurse") ? `<a href="#/admission/${bed.admissionId}/vitals" aria-label="Chart vitals, bed ${escape(bed.bed)}">Chart vitals</a>` : "",
    ...scaleKinds.map(([kind, name]) => (app.can("nurse") ? `<a href="#/admission/${bed.admissionId}/${encodeURIComponent(kind)}" aria-label="Chart ${escape(name)}, bed ${escape(bed.bed)}">Chart ${escape(name)}</a>` : "")),
    clinician ? `<a href="#/admission/${bed.admissionId}/dose" aria-label="Chart dose, bed ${escape(bed.bed)}">Chart dose</a>` : "",
    clinician ? `<a href="#/admission/${bed.admissionId}" aria-label="Patient page, bed ${escape(bed.bed)}">Patient</a>` : "",
  ].join("");
  const trend = clinician && !wall ? `<div class="spark" data-trend="${bed.admissionId}">${trends.get(bed.admissionId) ? sparkline(trends.get(bed.admissionId).entries, maxima) : ""}</div>` : "";
  const acuity = top ? `acuity-${top.priority}` : "";
  return `
    <article class="tile ${acuity}" aria-label="Bed ${escape(bed.bed)}, ${escape(bed.patient)}${top ? `, ${priorityWord[top.priority]} alert: ${escape(alertName(top.code))}` : ""}" data-bed="${escape(bed.bed)}" data-admission="${bed.admissionId}">
      <div class="tile-head"><span class="bed">${escape(bed.bed)}</span> <span class="patient">${escape(bed.patient)} <span class="meta">${bed.ageYears ?? ""} y</span></span></div>
      ${topLine}${stale}
      ${alertSlot && open.length ? `<ol class="tile-alerts" data-alert-slot="${bed.admissionId}" aria-label="Open alerts, bed ${escape(bed.bed)}"></ol>` : ""}
      <dl class="figures">
        ${figure("NEWS2", news2?.total, "news2", { flag: news2?.band === "medium" || news2?.band === "high", extra: (news2?.band ? `<dd class="band">${bandLabel[news2.band]}</dd>` : news2 ? `<dd class="band">not computed</dd>` : "") + (news2?.newerPartialAt ? `<dd class="band" data-newer-partial>partial set ${clock(news2.newerPartialAt)}</dd>` : "") })}
        ${figure("RR<span class=\"unit\"> /min</span>", v.respiratoryRate, "rr", { flag: flags.respiratoryRate === 3 })}
        ${figure("SpO2<span class=\"unit\"> %</span>", v.spo2 == null ? null : `${v.spo2}${v.onOxygen ? "<abbr title=\"on oxygen\">O₂</abbr>" : ""}`, "spo2", { flag: flags.spo2 === 3, extra: v.spo2Scale === 2 ? `<dd class="band" data-spo2-scale>${escape(v.spo2ScaleName)}</dd>` : "" })}
        ${figure("POSS", poss, "poss", { flag: flags.sedation === 3 })}
        ${scaleKinds.map(([kind, name]) => {
          const latest = latestOf(kind);
          return `<div><dt>${escape(name)}</dt><dd class="${latest?.flagged ? "flag" : ""}" data-score="${escape(kind)}"${kind === "cows" ? " data-cows" : ""}>${latest?.total ?? "–"}</dd>${latest ? `<dd class="band">${escape(severityLabel[latest.severity] ?? latest.severity)}</dd>` : ""}</div>`;
        }).join("")}
      </dl>
      ${due}
      ${wall ? watchLine(bed, watches?.get(bed.admissionId) ?? []) : lastDoseLine(bed)}
      ${trend}
      ${links ? `<div class="actions">${links}</div>` : ""}
    </article>`;
}
