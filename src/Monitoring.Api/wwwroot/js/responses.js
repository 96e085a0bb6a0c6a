// Escalation responses: what was done about an alert, recorded in two taps ("Record response…", then the action).
import { post } from "./api.js";
import { clock, escape } from "./format.js";

export const RESPONSE_ACTIONS = [
  ["called-physician", "Called physician"],
  ["called-rapid-response", "Called rapid response"],
  ["reviewed-at-bedside", "Reviewed at bedside"],
  ["naloxone-given", "Naloxone given"],
  ["transferred-higher-care", "Transferred to higher care"],
  ["observations-increased", "Observations increased"],
];

const label = (action) => RESPONSE_ACTIONS.find(([name]) => name === action)?.[1] ?? action;

/** "Called physician 10:02 (jo); Naloxone given 10:05 (sam)", or "" when nothing was recorded. */
export function responseSummary(alert) {
  return (alert.responses ?? []).map((r) => `${label(r.action)} ${clock(r.at)} (${r.recordedBy})${r.note ? `: ${r.note}` : ""}`).join("; ");
}

/** The opener and its row of actions; `where` names the alert for screen readers. */
export function responseControls(where) {
  return `<button type="button" class="secondary" data-respond-open aria-expanded="false">Record response…</button>
    <div class="actions respond-row" role="group" aria-label="Response to ${escape(where)}" hidden>
      ${RESPONSE_ACTIONS.map(([action, text]) => `<button type="button" data-respond="${action}">${escape(text)}</button>`).join("")}
    </div>`;
}

/**
 * Handles a click inside `container` if it was on the response controls: the opener shows the actions, an action
 * records the response and hands the changed alert to `done`. Answers whether the click was one of these.
 */
export async function respondClick(event, container, alertId, done, error) {
  const opener = event.target.closest("button[data-respond-open]");
  const row = container.querySelector(".respond-row");
  if (opener) {
    row.hidden = !row.hidden;
    opener.setAttribute("aria-expanded", String(!row.hidden));
    if (!row.hidden) row.querySelector("button")?.focus();
    return true;
  }
  const button = event.target.closest("button[data-respond]");
  if (!button) return false;
  button.disabled = true;
  try {
    const alert = await post(`/api/alerts/${alertId}/responses`, { action: button.dataset.respond });
    row.hidden = true;
    container.querySelector("button[data-respond-open]")?.setAttribute("aria-expanded", "false");
    if (error) error.textContent = "";
    done(alert);
  } catch (failure) {
    if (error) error.textContent = failure.message;
  } finally {
    button.disabled = false;
  }
  return true;
}
