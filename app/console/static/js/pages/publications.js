// Publications: the list with live progress (`publicationProgress`), and a detail view
// with per-channel counts (the metrics query per channel), experiment read-outs
// (`experimentResults`), the analysis scores and the quality checks.

import { gql, subscribe } from "../api.js";
import { append, h, number, percent, when, badge, select, progress, COUNTS } from "../ui.js";

const LIST = `query List($filter: PublicationFilter) {
  publications(first: 50, filter: $filter) { edges { node {
    id title status priority publishAt publishedAt deliveryCounts { ${COUNTS} } } } }
}`;
const PROGRESS = `subscription Progress($id: ID!) {
  publicationProgress(id: $id) { publicationId status counts { ${COUNTS} } at }
}`;
const DETAIL = `query Detail($id: ID!) {
  publication(id: $id) {
    id title summary status priority createdAt submittedAt approvedAt publishedAt reviewNote
    failureReason topics { id name } channels { id name type }
    deliveryCounts { ${COUNTS} }
    checks { kind passed severity message }
    analysis { quality source model analyzedAt keywords subScores { aspect score reason } }
  }
  experiments(first: 10, filter: { publicationId: $id }) { edges { node { id name status metric } } }
}`;
const RESULTS = `subscription Results($id: ID!) {
  experimentResults(id: $id) { experimentId status at results { decision winner reason
    variants { name exposures conversions rate isControl relativeDifference adjustedPValue } } }
}`;
const FINAL = new Set(["PUBLISHED", "FAILED", "CANCELED"]);
const STATUSES = ["", "DRAFT", "IN_REVIEW", "APPROVED", "SCHEDULED", "PUBLISHING", "PUBLISHED",
                  "FAILED", "CANCELED"];

/** The checks and analysis of a publication (shared with the review queue). */
export function qualityPanel(publication) {
  const analysis = publication.analysis;
  return h("div", { class: "grid2" },
    h("section", { class: "panel", "aria-label": "Quality checks" }, h("h3", {}, "Checks"),
      publication.checks.length ? h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Check"), h("th", {}, "Result"),
          h("th", {}, "Severity"), h("th", {}, "Message"))),
        h("tbody", {}, publication.checks.map((check) => h("tr", {},
          h("td", {}, check.kind), h("td", {}, badge(check.passed ? "passed" : "failed",
            check.passed ? "ok" : "bad")), h("td", {}, check.severity),
          h("td", {}, check.message)))))
        : h("p", { class: "muted" }, "No checks yet (they run at submit).")),
    h("section", { class: "panel", "aria-label": "Analysis" }, h("h3", {}, "Analysis"),
      analysis ? [
        h("p", {}, "Quality ", h("strong", { "data-quality": "" }, percent(analysis.quality)),
          ` (${analysis.source.toLowerCase()}, ${analysis.model})`),
        h("table", {}, h("tbody", {}, analysis.subScores.map((s) => h("tr", {},
          h("td", {}, s.aspect), h("td", { class: "num" }, s.score.toFixed(2)),
          h("td", {}, s.reason))))),
        h("p", { class: "muted" }, `Keywords: ${analysis.keywords.join(", ") || "–"}`),
      ] : h("p", { class: "muted" }, "Not analyzed yet.")));
}

function list(root, ctx) {
  const filter = { status: "" };
  const body = h("tbody");
  const stops = new Map();
  append(root, h("h1", {}, "Publications"),
    h("div", { class: "filters" }, select("p-status", "Status",
      STATUSES.map((s) => [s, s ? s.toLowerCase().replace("_", " ") : "any"]), "",
      (event) => { filter.status = event.target.value; load(); })),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Title"), h("th", {}, "Status"),
      h("th", {}, "Priority"), h("th", {}, "Progress"), h("th", {}, "Published"))), body));

  function stopAll() { for (const stop of stops.values()) stop(); stops.clear(); }

  async function load() {
    const data = await gql(LIST, { filter: filter.status ? { status: filter.status } : null });
    stopAll();
    body.replaceChildren(...data.publications.edges.map(({ node }) => {
      const status = h("td", { "data-status": "" }, badge(node.status));
      const counts = h("td", { "data-progress": "" }, progress(node.deliveryCounts));
      const row = h("tr", { "data-id": node.id },
        h("td", {}, h("a", { href: `#/publications/${encodeURIComponent(node.id)}` }, node.title)),
        status, h("td", {}, node.priority.toLowerCase()), counts,
        h("td", {}, when(node.publishedAt)));
      if (!FINAL.has(node.status)) {
        stops.set(node.id, subscribe(PROGRESS, { id: node.id }, ({ publicationProgress: p }) => {
          status.replaceChildren(badge(p.status));
          counts.replaceChildren(progress(p.counts));
        }));
      }
      return row;
    }));
  }
  load();
  return stopAll;
}

function detail(root, ctx, id) {
  const stops = [];
  const counts = h("div");
  const channelCounts = h("tbody");
  const experiments = h("div");
  append(root, h("p", {}, h("a", { href: "#/publications" }, "← All publications")));

  async function load() {
    const data = await gql(DETAIL, { id });
    const p = data.publication;
    if (!p) { append(root, h("p", { class: "error" }, "No such publication.")); return; }
    const status = h("span", { "data-status": "" }, badge(p.status));
    counts.replaceChildren(progress(p.deliveryCounts));
    append(root, h("h1", {}, p.title), h("p", {}, status, " ", p.priority.toLowerCase(),
      " · topics: ", p.topics.map((t) => t.name).join(", ") || "–"),
      h("p", { class: "muted" }, p.summary),
      p.failureReason ? h("p", { class: "error" }, p.failureReason) : null,
      p.reviewNote ? h("p", {}, `Review note: ${p.reviewNote}`) : null,
      h("h2", {}, "Deliveries"), counts,
      h("h2", {}, "Per channel"),
      h("table", {}, h("thead", {}, h("tr", {}, ["Channel", "Type", "Sent", "Delivered",
        "Failed", "Opens", "Clicks", "Bounces", "Unsubscribes"].map((t) => h("th", {}, t)))),
        channelCounts),
      h("h2", {}, "Experiments"), experiments,
      h("h2", {}, "Quality"), qualityPanel(p));
    stops.push(subscribe(PROGRESS, { id }, ({ publicationProgress: live }) => {
      status.replaceChildren(badge(live.status));
      counts.replaceChildren(progress(live.counts));
      loadChannelCounts(p);
    }));
    loadChannelCounts(p);
    for (const { node } of data.experiments.edges) watchExperiment(node);
    if (!data.experiments.edges.length) append(experiments, h("p", { class: "muted" }, "None."));
  }

  let busy = false;
  async function loadChannelCounts(p) {
    if (busy || !p.channels.length) return;
    busy = true;
    const to = new Date(Date.now() + 86400_000).toISOString();
    const from = new Date(Date.parse(p.createdAt) - 86400_000).toISOString();
    const fields = "sent delivered failed opens clicks bounces unsubscribes";
    const query = `query PerChannel($id: ID!, $from: DateTime!, $to: DateTime!) {
      ${p.channels.map((c, i) => `c${i}: metrics(from: $from, to: $to, granularity: DAY,
        publicationId: $id, channelId: "${c.id}") { totals { ${fields} } }`).join("\n")} }`;
    try {
      const data = await gql(query, { id, from, to });
      channelCounts.replaceChildren(...p.channels.map((c, i) => h("tr", { "data-channel": c.id },
        h("td", {}, c.name), h("td", {}, c.type.toLowerCase()),
        fields.split(" ").map((f) => h("td", { class: "num" }, number(data[`c${i}`].totals[f]))))));
    } finally { busy = false; }
  }

  function watchExperiment(experiment) {
    const box = h("section", { class: "panel" }, h("h3", {}, experiment.name), h("p", {}, "…"));
    append(experiments, box);
    stops.push(subscribe(RESULTS, { id: experiment.id }, ({ experimentResults: r }) => {
      box.replaceChildren(h("h3", {}, `${experiment.name} `, badge(r.status)),
        h("p", {}, `${r.results.decision.toLowerCase().replaceAll("_", " ")}`,
          r.results.winner ? ` · winner ${r.results.winner}` : "", ` — ${r.results.reason}`),
        h("table", {}, h("thead", {}, h("tr", {}, ["Variant", "Exposures", "Conversions",
          "Rate", "vs control", "adj. p"].map((t) => h("th", {}, t)))),
          h("tbody", {}, r.results.variants.map((v) => h("tr", {},
            h("td", {}, v.name + (v.isControl ? " (control)" : "")),
            h("td", { class: "num" }, number(v.exposures)),
            h("td", { class: "num" }, number(v.conversions)),
            h("td", { class: "num" }, percent(v.rate)),
            h("td", { class: "num" }, percent(v.relativeDifference)),
            h("td", { class: "num" }, v.adjustedPValue === null ? "–"
              : v.adjustedPValue.toFixed(3)))))));
    }));
  }

  load();
  return () => stops.forEach((stop) => stop());
}

export default {
  path: "publications",
  title: "Publications",
  render(root, ctx, [id]) { return id ? detail(root, ctx, id) : list(root, ctx); },
};
