// HTTP client of the service: bearer token, JSON, and RFC 9457 problems turned into errors with fields.
const TOKEN_KEY = "monitoring.session";

export function session() {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  if (!raw) return null;
  const value = JSON.parse(raw);
  return new Date(value.expiresAt) > new Date() ? value : null;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
    this.errors = problem?.errors || {};
  }
}

export async function signIn(username, password) {
  const value = await request("POST", "/api/auth/token", { username, password }, { anonymous: true });
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(value));
  return value;
}

export async function request(method, path, body, { anonymous = false, idempotencyKey } = {}) {
  const headers = { Accept: "application/json" };
  if (!anonymous) {
    const current = session();
    if (!current) {
      location.hash = "#/login";
      throw new ProblemError(401, { title: "Please sign in." });
    }
    headers.Authorization = `Bearer ${current.accessToken}`;
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && !anonymous) {
      signOut();
      location.hash = "#/login";
    }
    throw new ProblemError(response.status, data);
  }
  return data;
}

export const get = (path) => request("GET", path);
export const post = (path, body, options) => request("POST", path, body, options);
export const put = (path, body) => request("PUT", path, body);
