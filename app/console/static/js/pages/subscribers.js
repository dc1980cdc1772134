// Subscribers: search by email prefix, a detail view with preferences and profile, and
// (editors and admins) editing the topic/channel preferences with updateSubscriberPreferences.

import { gql, subscribe, token } from "../api.js";
import { append, h, when, badge, say } from "../ui.js";

const SEARCH = `query Search($filter: SubscriberFilter) {
  subscribers(first: 50, filter: $filter) { edges { node {
    id email name status timezone createdAt } } }
}`;
const DETAIL = `query Subscriber($id: ID!) {
  subscriber(id: $id) { id email externalId name status timezone locale dailyCap createdAt
    consentGivenAt consentWithdrawnAt attributes
    preferences { frequency topic { id name } channel { id name } } }
  topics(first: 100) { edges { node { id name } } }
  channels(first: 100) { edges { node { id name type } } }
}`;
const SAVE = `mutation Save($input: UpdateSubscriberPreferencesInput!) {
  updateSubscriberPreferences(input: $input) {
    id preferences { frequency topic { id name } channel { id name } } }
}`;
const FREQUENCIES = ["IMMEDIATE", "DAILY", "WEEKLY", "NEVER"];
const ENGAGEMENT = `query Engagement($id: ID!) { subscriberEngagement(id: $id, first: 20) {
  lastOpenAt lastClickAt byTopic { topicId opens clicks lastEngagedAt }
  recent { type occurredAt publicationId isMachine url } } }`;
const UNSUBSCRIBE = `mutation Unsubscribe($input: UnsubscribeInput!) {
  unsubscribe(input: $input) { id status } }`;

/** Recent engagement (opens, clicks, bounces, …) and the per-topic summary. */
function engagementPanel(id, topics) {
  const box = h("section", { class: "panel", "aria-label": "Engagement" },
    h("h2", {}, "Engagement"), h("p", { class: "muted" }, "…"));
  const topicName = (topicId) => (topics.find((t) => t.id === topicId) || {}).name || topicId;
  gql(ENGAGEMENT, { id }).then(({ subscriberEngagement: e }) => {
    box.replaceChildren(h("h2", {}, "Engagement"),
      h("p", {}, `Last open ${when(e.lastOpenAt)} · last click ${when(e.lastClickAt)}`),
      e.byTopic.length ? h("table", {}, h("thead", {}, h("tr", {}, ["Topic", "Opens", "Clicks",
        "Last"].map((t) => h("th", {}, t)))), h("tbody", {}, e.byTopic.map((t) => h("tr", {},
        h("td", {}, topicName(t.topicId)), h("td", { class: "num" }, t.opens),
        h("td", { class: "num" }, t.clicks), h("td", {}, when(t.lastEngagedAt)))))) : null,
      e.recent.length ? h("table", {}, h("thead", {}, h("tr", {}, ["When", "Event",
        "Publication", "URL"].map((t) => h("th", {}, t)))), h("tbody", {}, e.recent.map((r) =>
        h("tr", {}, h("td", {}, when(r.occurredAt)),
          h("td", {}, r.type.toLowerCase() + (r.isMachine ? " (machine)" : "")),
          h("td", {}, r.publicationId ? h("a", { href:
            `#/publications/${encodeURIComponent(r.publicationId)}` }, "open") : "–"),
          h("td", {}, r.url || "")))))
        : h("p", { class: "muted" }, "No engagement recorded."));
  });
  return box;
}
const JOBS = `{ importJobs(first: 20) { edges { node { id createdBy status } } } }`;
const PROGRESS = `subscription Progress($id: ID!) { importProgress(id: $id) {
  id status rowsSeen rowsImported rowsUnchanged rowsFailed } }`;

/** Upload a CSV/NDJSON file to POST /imports/subscribers; while the request runs, find
 * the new job (importJobs) and show its live counts (importProgress). */
function importPanel(ctx) {
  const file = h("input", { id: "i-file", type: "file", accept: ".csv,.ndjson,.jsonl,.json" });
  const out = h("div", { role: "status", "aria-live": "polite", "data-import": "" });
  const counts = (job) => `${job.status.toLowerCase()}: ${job.rowsSeen} rows seen, `
    + `${job.rowsImported} imported, ${job.rowsUnchanged} unchanged, ${job.rowsFailed} failed`;
  async function upload(event) {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return;
    const known = new Set((await gql(JOBS)).importJobs.edges.map((e) => e.node.id));
    const live = h("p", { "data-import-live": "" }, "uploading…");
    out.replaceChildren(live);
    let stop = () => {};
    let finding = true;
    (async () => {  // the job appears as soon as the server starts reading the file
      while (finding) {
        const job = (await gql(JOBS)).importJobs.edges.map((e) => e.node)
          .find((j) => !known.has(j.id) && j.createdBy === ctx.me.name);
        if (job && finding) {
          stop = subscribe(PROGRESS, { id: job.id }, ({ importProgress: p }) => {
            live.textContent = counts(p);
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const csv = /\.csv$/i.test(chosen.name);
    try {
      const response = await fetch("/imports/subscribers", { method: "POST", body: chosen,
        headers: { Authorization: `Bearer ${token()}`,
                   "Content-Type": csv ? "text/csv" : "application/x-ndjson" } });
      const body = await response.json();
      const job = body.job || (body.rowsSeen !== undefined ? body : null);
      out.replaceChildren(h("p", {}, response.ok ? "Import finished." : `Import refused: ${
        body.error.message}${body.error.field ? ` (${body.error.field})` : ""}`),
        job ? h("p", { "data-import-result": "" }, counts(job)) : null,
        job && job.errors.length ? h("ul", {}, job.errors.slice(0, 20).map((e) =>
          h("li", {}, `row ${e.row}, ${e.field}: ${e.reason}`))) : null);
    } finally {
      finding = false;
      stop();
    }
  }
  return h("form", { class: "panel", "aria-label": "Import subscribers", onsubmit: upload },
    h("h2", {}, "Import subscribers"),
    h("label", { for: "i-file" }, "CSV or NDJSON file (the shape GET /exports/subscribers writes)"),
    file, " ", h("button", { type: "submit" }, "Upload"), out);
}

function search(root, ctx) {
  const input = h("input", { id: "s-email", type: "search", placeholder: "reader@" });
  const body = h("tbody");
  async function run(event) {
    if (event) event.preventDefault();
    const prefix = input.value.trim();
    const data = await gql(SEARCH, { filter: prefix ? { emailPrefix: prefix } : null });
    body.replaceChildren(...data.subscribers.edges.map(({ node }) => h("tr", { "data-id": node.id },
      h("td", {}, h("a", { href: `#/subscribers/${encodeURIComponent(node.id)}` },
        node.email || node.name || node.id)),
      h("td", {}, node.name), h("td", {}, badge(node.status.toLowerCase())),
      h("td", {}, node.timezone), h("td", {}, when(node.createdAt)))));
    if (!data.subscribers.edges.length) {
      append(body, h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No subscriber matches.")));
    }
  }
  append(root, h("h1", {}, "Subscribers"),
    h("form", { class: "filters", role: "search", onsubmit: run },
      h("label", { for: "s-email" }, "Email starts with", input),
      h("button", { type: "submit" }, "Search")),
    h("table", {}, h("thead", {}, h("tr", {}, ["Email", "Name", "Status", "Time zone",
      "Created"].map((t) => h("th", {}, t)))), body),
    ctx.can("EDIT_CONTENT") ? importPanel(ctx) : null);
  run();
}

function detail(root, ctx, id) {
  append(root, h("p", {}, h("a", { href: "#/subscribers" }, "← All subscribers")));
  const prefsBox = h("section", { class: "panel", "aria-label": "Preferences" });

  function drawPreferences(subscriber, topics, channels) {
    const editable = ctx.can("EDIT_CONTENT");
    let rows = subscriber.preferences.map((p) => ({ topicId: p.topic.id, channelId: p.channel.id,
                                                    frequency: p.frequency }));
    const name = (list, value) => (list.find((item) => item.id === value) || {}).name || value;
    const body = h("tbody");
    function draw() {
      body.replaceChildren(...rows.map((row, index) => h("tr", { "data-pref": index },
        h("td", {}, name(topics, row.topicId)), h("td", {}, name(channels, row.channelId)),
        h("td", {}, editable ? h("select", { "aria-label": "Frequency", onchange: (e) => {
          row.frequency = e.target.value; } }, FREQUENCIES.map((f) =>
          h("option", { value: f, selected: f === row.frequency }, f.toLowerCase())))
          : row.frequency.toLowerCase()),
        editable ? h("td", {}, h("button", { type: "button", onclick: () => {
          rows.splice(index, 1); draw(); } }, "Remove")) : null)));
    }
    draw();
    const topicSelect = h("select", { id: "add-topic" },
      topics.map((t) => h("option", { value: t.id }, t.name)));
    const channelSelect = h("select", { id: "add-channel" },
      channels.map((c) => h("option", { value: c.id }, c.name)));
    async function save() {
      try {
        const data = await gql(SAVE, { input: { id, preferences: rows } });
        rows = data.updateSubscriberPreferences.preferences.map((p) => ({
          topicId: p.topic.id, channelId: p.channel.id, frequency: p.frequency }));
        draw();
        say("preferences saved");
      } catch (error) {
        say(`not saved: ${error.message}${error.field ? ` (${error.field})` : ""}`, true);
      }
    }
    prefsBox.replaceChildren(h("h2", {}, "Preferences"),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Topic"), h("th", {}, "Channel"),
        h("th", {}, "Frequency"), editable ? h("th", {}, "") : null)), body),
      editable ? h("div", { class: "filters" },
        h("label", { for: "add-topic" }, "Topic", topicSelect),
        h("label", { for: "add-channel" }, "Channel", channelSelect),
        h("button", { type: "button", onclick: () => {
          if (!rows.some((r) => r.topicId === topicSelect.value
                               && r.channelId === channelSelect.value)) {
            rows.push({ topicId: topicSelect.value, channelId: channelSelect.value,
                        frequency: "IMMEDIATE" });
            draw();
          }
        } }, "Add"),
        h("button", { type: "button", class: "primary", onclick: save }, "Save preferences"))
        : null);
  }

  gql(DETAIL, { id }).then((data) => {
    const s = data.subscriber;
    if (!s) { append(root, h("p", { class: "error" }, "No such subscriber.")); return; }
    const status = h("span", { "data-status": "" }, badge(s.status.toLowerCase()));
    const unsubscribe = ctx.can("EDIT_CONTENT") && s.status === "ACTIVE"
      ? h("button", { type: "button", class: "danger", onclick: async (event) => {
        if (!confirm(`Unsubscribe ${s.email || s.name} from everything?`)) return;
        const { unsubscribe: done } = await gql(UNSUBSCRIBE, { input: { id } });
        status.replaceChildren(badge(done.status.toLowerCase()));
        event.target.remove();
        say("unsubscribed");
      } }, "Unsubscribe from everything") : null;
    append(root, h("h1", {}, s.email || s.name), h("p", {}, status,
      ` ${s.name} · ${s.timezone} · ${s.locale} · daily cap ${s.dailyCap ?? "none"}`),
      h("p", { class: "muted" }, `Created ${when(s.createdAt)} · consent ${when(s.consentGivenAt)}`),
      unsubscribe, prefsBox, engagementPanel(id, data.topics.edges.map((e) => e.node)),
      h("section", { class: "panel" }, h("h2", {}, "Attributes"),
        h("pre", {}, JSON.stringify(s.attributes, null, 2))));
    drawPreferences(s, data.topics.edges.map((e) => e.node), data.channels.edges.map((e) => e.node));
  });
}

export default {
  path: "subscribers",
  title: "Subscribers",
  render(root, ctx, [id]) { id ? detail(root, ctx, id) : search(root, ctx); },
};
