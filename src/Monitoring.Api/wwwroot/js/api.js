// HTTP client of the service: bearer token with silent refresh, JSON, and RFC 9457 problems turned into errors with fields.
import { signInAgain } from "./reauth.js";

const TOKEN_KEY = "monitoring.session";
// Refresh a little before the access token runs out, so that no request is sent with a dying one.
const REFRESH_MARGIN_MS = 60_000;
let refreshing = null;

function stored() {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  return raw ? JSON.parse(raw) : null;
}

function store(value) {
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(value));
  return value;
}

/** The signed-in session, while it may still be refreshed (its access token may be about to expire). */
export function session() {
  const value = stored();
  return value && value.refreshToken && new Date(value.sessionExpiresAt) > new Date() ? value : null;
}

export function signOut() {
  const value = stored();
  sessionStorage.removeItem(TOKEN_KEY);
  if (value?.accessToken) {
    // Ends the session on the service too; the page does not wait for it.
    fetch("/api/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${value.accessToken}` } }).catch(() => {});
  }
}

export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail || (status === 403 ? "This is not open to your role." : problem?.title) || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
    this.errors = problem?.errors || {};
  }
}

export async function signIn(username, password) {
  return store(await request("POST", "/api/auth/token", { username, password }, { anonymous: true }));
}

async function refresh() {
  const current = session();
  if (!current) return null;
  const response = await fetch("/api/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ refreshToken: current.refreshToken }),
  });
  if (!response.ok) return null;
  return store(await response.json());
}

/**
 * A valid access token: refreshed silently when it is about to expire; when the session has ended,
 * the user signs in again over the current screen, so that a half-typed chart is still there afterwards.
 */
export async function accessToken({ renew = false } = {}) {
  const current = session();
  if (current && !renew && new Date(current.expiresAt) - Date.now() > REFRESH_MARGIN_MS) return current.accessToken;
  refreshing ??= (async () => {
    try {
      const renewed = await refresh();
      if (renewed) return renewed.accessToken;
      const username = stored()?.username;
      if (!username) {
        location.hash = "#/login";
        throw new ProblemError(401, { title: "Please sign in." });
      }
      return (await signInAgain(username, signIn)).accessToken;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function request(method, path, body, { anonymous = false, idempotencyKey } = {}) {
  const send = async (token) => {
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  let response = await send(anonymous ? null : await accessToken());
  if (response.status === 401 && !anonymous) {
    // Ended meanwhile (signed out elsewhere, disabled, idle): renew, then send the same request once more.
    response = await send(await accessToken({ renew: true }));
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ProblemError(response.status, data);
  return data;
}

export const get = (path) => request("GET", path);
export const post = (path, body, options) => request("POST", path, body, options);
export const put = (path, body) => request("PUT", path, body);

/**
 * An admission's timeline from `since` (the whole stay without it), in time order: the service answers a page
 * at a time, so this follows each page's nextCursor to the last.
 */
export async function timeline(admissionId, { since } = {}) {
  const entries = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ limit: "1000" });
    if (since) query.set("since", since);
    if (cursor) query.set("cursor", cursor);
    const page = await get(`/api/admissions/${admissionId}/timeline?${query}`);
    for (const entry of page.entries) entries.push(entry);
    cursor = page.nextCursor;
  } while (cursor);
  return { admissionId, entries };
}
