// The console shell: login, navigation, and one module per page (pages/*.js). A page
// module exports { path, title, needs, render(root, ctx, params) } and render returns a
// cleanup function (stops its subscriptions). Add a page: write the module, list it below.

import { gql, setToken, token, onLiveState, ApiError } from "./api.js";
import { h, say } from "./ui.js";
import dashboard from "./pages/dashboard.js";
import publications from "./pages/publications.js";
import review from "./pages/review.js";
import subscribers from "./pages/subscribers.js";
import alerts from "./pages/alerts.js";
import channels from "./pages/channels.js";

const PAGES = [dashboard, publications, review, alerts, channels, subscribers];

let me = null;
let cleanup = () => {};

const ctx = {
  get me() { return me; },
  /** Whether the caller may do `ability` (READ, EDIT_CONTENT, REVIEW, MANAGE), from `me`. */
  can(ability) { return Boolean(me && me.abilities.includes(ability)); },
  go(path) { location.hash = `#/${path}`; },
};

async function loadMe() {
  const data = await gql("{ me { name role abilities } }");
  return data.me;
}

function showLogin(message = "") {
  me = null;
  cleanup(); cleanup = () => {};
  document.getElementById("page").replaceChildren();
  document.getElementById("nav").hidden = true;
  document.getElementById("who").hidden = true;
  document.getElementById("login").hidden = false;
  document.getElementById("login-error").textContent = message;
  offerDevLogin();
}

async function offerDevLogin() {
  const box = document.getElementById("dev-login");
  const response = await fetch("/console/dev-login");
  if (!response.ok) { box.hidden = true; return; }  // 404: not development
  const { roles } = await response.json();
  document.getElementById("dev-login-buttons").replaceChildren(...roles.map((role) =>
    h("button", { type: "button", "data-role": role, onclick: () => devLogin(role) },
      `Log in as ${role}`)));
  box.hidden = false;
}

async function devLogin(role) {
  const response = await fetch("/console/dev-login", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ role }) });
  if (!response.ok) { showLogin(`dev login failed: HTTP ${response.status}`); return; }
  await logIn((await response.json()).token);
}

async function logIn(value) {
  setToken(value.trim());
  try {
    me = await loadMe();
  } catch (error) {
    setToken(null);
    showLogin(error instanceof ApiError ? `${error.message} (${error.code})` : String(error));
    return;
  }
  document.getElementById("login").hidden = true;
  document.getElementById("who").hidden = false;
  document.getElementById("who-name").textContent = `${me.name} · ${me.role.toLowerCase()}`;
  renderNav();
  route();
}

function visiblePages() { return PAGES.filter((page) => !page.needs || ctx.can(page.needs)); }

function renderNav() {
  const nav = document.getElementById("nav");
  nav.replaceChildren(...visiblePages().map((page) =>
    h("a", { href: `#/${page.path}`, "data-page": page.path }, page.title)));
  nav.hidden = false;
}

function route() {
  if (!me) return;
  const [path, ...params] = (location.hash.replace(/^#\/?/, "") || "dashboard").split("/");
  const page = visiblePages().find((p) => p.path === path) || dashboard;
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.page === page.path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  cleanup();
  say("");
  const root = h("div", { class: `page page-${page.path}` });
  document.getElementById("page").replaceChildren(root);
  document.title = `${page.title} · Publishing console`;
  const stop = page.render(root, ctx, params.map(decodeURIComponent));
  cleanup = typeof stop === "function" ? stop : () => {};
}

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  logIn(document.getElementById("token").value);
});
document.getElementById("logout").addEventListener("click", () => {
  setToken(null);
  showLogin();
});
window.addEventListener("hashchange", route);
onLiveState((state) => document.body.dataset.live = state);
window.addEventListener("unhandledrejection", (event) => {
  const error = event.reason;
  if (error instanceof ApiError && error.code === "UNAUTHENTICATED") {
    setToken(null);
    showLogin(`${error.message} — log in again`);
  } else {
    say(error && error.message ? error.message : String(error), true);
  }
});

if (token()) logIn(token()); else showLogin();
