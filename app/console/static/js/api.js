// The console's only way to the service: the public GraphQL API over HTTP, its
// subscriptions over one graphql-transport-ws websocket, and the export endpoints.
// Everything goes to this page's own origin.

const TOKEN_KEY = "publishing.console.token";

export function token() { return sessionStorage.getItem(TOKEN_KEY); }
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
  socket.close();
}

/** An API error: `code` is extensions.code, `field` the offending input field. */
export class ApiError extends Error {
  constructor(message, code, field) { super(message); this.code = code; this.field = field; }
}

function firstError(errors) {
  const error = errors[0];
  const ext = error.extensions || {};
  return new ApiError(error.message, ext.code || "ERROR", ext.field);
}

/** Run a query or mutation; resolves to `data`, rejects with ApiError. */
export async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json",
               ...(token() ? { Authorization: `Bearer ${token()}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  let payload;
  try { payload = await response.json(); } catch {
    throw new ApiError(`HTTP ${response.status}`, "HTTP_ERROR");
  }
  if (payload.errors && payload.errors.length) throw firstError(payload.errors);
  return payload.data;
}

/** Download an export (needs the bearer header, so not a plain link). */
export async function download(path, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const response = await fetch(`${path}?${query}`, {
    headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try { message = (await response.json()).error.message; } catch { /* not JSON */ }
    throw new ApiError(message, "EXPORT_FAILED");
  }
  const disposition = response.headers.get("content-disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "export";
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

// graphql-transport-ws: one socket for every live panel, reopened with backoff; each
// subscription is started again after a reconnect (the server sends a fresh snapshot).
class Socket {
  constructor() { this.subs = new Map(); this.next = 1; this.ws = null; this.ready = false;
                  this.retry = 0; this.listeners = new Set(); }

  onState(listener) { this.listeners.add(listener); return () => this.listeners.delete(listener); }
  emit(state) { for (const listener of this.listeners) listener(state); }

  open() {
    if (this.ws) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/graphql`, "graphql-transport-ws");
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: "connection_init",
                                               payload: { Authorization: `Bearer ${token()}` } }));
    ws.onmessage = (event) => this.receive(JSON.parse(event.data));
    ws.onclose = () => {
      const wanted = this.ws === ws && this.subs.size > 0;
      this.ws = null; this.ready = false; this.emit("closed");
      if (wanted) {
        const delay = Math.min(10_000, 500 * 2 ** this.retry++);
        setTimeout(() => { if (this.subs.size && !this.ws) this.open(); }, delay);
      }
    };
  }

  receive(message) {
    if (message.type === "connection_ack") {
      this.ready = true; this.retry = 0; this.emit("open");
      for (const [id, sub] of this.subs) this.start(id, sub);
    } else if (message.type === "ping") {
      this.ws.send(JSON.stringify({ type: "pong" }));
    } else if (message.type === "next") {
      const sub = this.subs.get(message.id);
      if (!sub) return;
      if (message.payload.errors) sub.onError(firstError(message.payload.errors));
      else sub.onNext(message.payload.data);
    } else if (message.type === "error") {
      const sub = this.subs.get(message.id);
      if (sub) { this.subs.delete(message.id); sub.onError(firstError(message.payload)); }
    } else if (message.type === "complete") {
      this.subs.delete(message.id);
    }
  }

  start(id, sub) {
    this.ws.send(JSON.stringify({ id, type: "subscribe",
                                  payload: { query: sub.query, variables: sub.variables } }));
  }

  subscribe(query, variables, onNext, onError = () => {}) {
    const id = String(this.next++);
    const sub = { query, variables, onNext, onError };
    this.subs.set(id, sub);
    if (this.ready) this.start(id, sub); else this.open();
    return () => {
      if (!this.subs.delete(id)) return;
      if (this.ready) this.ws.send(JSON.stringify({ id, type: "complete" }));
    };
  }

  close() {
    this.subs.clear();
    if (this.ws) { const ws = this.ws; this.ws = null; this.ready = false; ws.close(); }
  }
}

const socket = new Socket();

/** Start a subscription; returns the function that stops it. */
export function subscribe(query, variables, onNext, onError) {
  return socket.subscribe(query, variables, onNext, onError);
}
export function onLiveState(listener) { return socket.onState(listener); }
