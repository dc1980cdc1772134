// Live analytics: the `metrics` query (rollups) as cards and a chart, refreshed whenever
// the `metricsUpdated` subscription ticks; filters; CSV/JSON export via /exports/metrics.

import uPlot from "../../vendor/uplot@1.6.32/uPlot.esm.js";
import { gql, subscribe, download } from "../api.js";
import { append, h, number, percent, select, say, COUNTS } from "../ui.js";

const SERIES = [
  ["sent", "Sends", "#0b5fff"], ["delivered", "Deliveries", "#116329"],
  ["opens", "Opens", "#8a3ffc"], ["clicks", "Clicks", "#d12771"],
  ["bounces", "Bounces", "#b3261e"], ["complaints", "Complaints", "#7a4b00"],
  ["unsubscribes", "Unsubscribes", "#4a5160"],
];
const PERIODS = [["1h", "Last hour", 3600], ["24h", "Last 24 hours", 86400],
                 ["7d", "Last 7 days", 7 * 86400], ["30d", "Last 30 days", 30 * 86400]];
const STEP = { MINUTE: 60, HOUR: 3600, DAY: 86400 };
const DEFAULT_GRANULARITY = { "1h": "MINUTE", "24h": "HOUR", "7d": "HOUR", "30d": "DAY" };

const METRICS = `query Metrics($from: DateTime!, $to: DateTime!, $granularity: MetricGranularity!,
    $publicationId: ID, $channelId: ID, $topicId: ID) {
  metrics(from: $from, to: $to, granularity: $granularity, publicationId: $publicationId,
          channelId: $channelId, topicId: $topicId) {
    totals { ${SERIES.map(([key]) => key).join(" ")} uniqueOpens uniqueClicks }
    rates { deliveryRate openRate clickRate bounceRate complaintRate unsubscribeRate }
    points { bucket counters { ${SERIES.map(([key]) => key).join(" ")} } }
  }
}`;
const OPTIONS = `{
  publications(first: 100) { edges { node { id title } } }
  channels(first: 100) { edges { node { id name } } }
  topics(first: 100) { edges { node { id name } } }
}`;
const TICKS = `subscription { metricsUpdated { at deliveries { ${COUNTS} } } }`;

export default {
  path: "dashboard",
  title: "Analytics",
  // #/dashboard/<period> (1h, 24h, 7d, 30d) opens on that period
  render(root, ctx, [period]) {
    const initial = PERIODS.some(([key]) => key === period) ? period : "24h";
    const filter = { period: initial, granularity: DEFAULT_GRANULARITY[initial], publicationId: "", channelId: "",
                     topicId: "" };
    const cards = h("div", { class: "cards", "aria-label": "Totals" });
    const live = h("div", { class: "cards", "aria-label": "Deliveries now" });
    const chartBox = h("div", { class: "chart", role: "img",
                                "aria-label": "Sends, deliveries and engagement over time" });
    const filters = h("div", { class: "filters" });
    const stamp = h("p", { class: "live", "aria-live": "off" }, "waiting for live updates…");
    append(root, h("h1", {}, "Analytics"), filters,
      h("div", { class: "buttons" },
        h("button", { type: "button", onclick: () => exportAs("csv") }, "Export CSV"),
        h("button", { type: "button", onclick: () => exportAs("json") }, "Export JSON")),
      cards, chartBox, h("h2", {}, "Deliveries now"), live, stamp);
    root.dataset.updates = "0";
    let chart = null;
    let stopped = false;

    function range() {
      const seconds = PERIODS.find(([key]) => key === filter.period)[2];
      const step = STEP[filter.granularity];
      const end = Math.ceil(Date.now() / 1000 / step) * step + step;
      const start = Math.floor((Date.now() / 1000 - seconds) / step) * step;
      return { from: new Date(start * 1000).toISOString(), to: new Date(end * 1000).toISOString() };
    }

    function variables() {
      const { from, to } = range();
      return { from, to, granularity: filter.granularity,
               publicationId: filter.publicationId || null, channelId: filter.channelId || null,
               topicId: filter.topicId || null };
    }

    async function exportAs(format) {
      const v = variables();
      const name = await download("/exports/metrics", { ...v, granularity:
        v.granularity.toLowerCase(), format });
      say(`downloaded ${name}`);
    }

    function drawCards(report) {
      cards.replaceChildren(...SERIES.map(([key, label]) =>
        h("div", { class: "card", "data-metric": key },
          h("div", { class: "label" }, label),
          h("div", { class: "value" }, number(report.totals[key])))),
        h("div", { class: "card" }, h("div", { class: "label" }, "Open rate"),
          h("div", { class: "value" }, percent(report.rates && report.rates.openRate))),
        h("div", { class: "card" }, h("div", { class: "label" }, "Click rate"),
          h("div", { class: "value" }, percent(report.rates && report.rates.clickRate))));
    }

    function drawChart(report, range) {
      // every bucket of the range, empty ones as 0 (the API returns buckets with data)
      const step = STEP[filter.granularity];
      const counters = new Map(report.points.map((p) => [Date.parse(p.bucket) / 1000,
                                                         p.counters]));
      const buckets = new Set(counters.keys());
      for (let t = Date.parse(range.from) / 1000; t < Date.parse(range.to) / 1000; t += step) {
        buckets.add(t);
      }
      const xs = [...buckets].sort((a, b) => a - b);
      const data = [xs, ...SERIES.map(([key]) => xs.map((t) =>
        (counters.has(t) ? counters.get(t)[key] : 0)))];
      // what the chart shows, for tests and scripts that read the page
      chartBox.dataset.points = String(xs.length);
      chartBox.dataset.sent = String(data[1].reduce((sum, value) => sum + value, 0));
      if (chart && chart.series.length === SERIES.length + 1) { chart.setData(data); return; }
      const width = Math.max(320, chartBox.clientWidth || 800);
      chart = new uPlot({ width, height: 300, series: [{},
        ...SERIES.map(([, label, stroke]) => ({ label, stroke, width: 2 }))],
        axes: [{}, { size: 60 }], scales: { x: { time: true } } }, data, chartBox);
    }

    let loading = null;
    let again = false;
    async function refresh() {
      if (loading) { again = true; return loading; }
      loading = (async () => {
        do {
          again = false;
          const range = variables();
          const data = await gql(METRICS, range);
          if (stopped) return;
          drawCards(data.metrics);
          drawChart(data.metrics, range);
          root.dataset.updates = String(Number(root.dataset.updates) + 1);
        } while (again && !stopped);
      })();
      try { await loading; } finally { loading = null; }
    }

    function drawFilters(options) {
      const choices = (edges, label) => [["", `All ${label}`],
        ...edges.map(({ node }) => [node.id, node.title || node.name])];
      const change = (key) => (event) => {
        filter[key] = event.target.value;
        if (key === "period") {
          filter.granularity = DEFAULT_GRANULARITY[filter.period];
          document.getElementById("f-granularity").value = filter.granularity;
        }
        if (chart) { chart.destroy(); chart = null; }
        refresh();
      };
      filters.replaceChildren(
        select("f-period", "Period", PERIODS.map(([k, label]) => [k, label]), filter.period,
               change("period")),
        select("f-granularity", "Per", [["MINUTE", "minute"], ["HOUR", "hour"], ["DAY", "day"]],
               filter.granularity, change("granularity")),
        select("f-publication", "Publication", choices(options.publications.edges,
               "publications"), "", change("publicationId")),
        select("f-channel", "Channel", choices(options.channels.edges, "channels"), "",
               change("channelId")),
        select("f-topic", "Topic", choices(options.topics.edges, "topics"), "",
               change("topicId")));
    }

    gql(OPTIONS).then((options) => { if (!stopped) drawFilters(options); });
    refresh();
    const stop = subscribe(TICKS, {}, (data) => {
      const tick = data.metricsUpdated;
      live.replaceChildren(...["queued", "sending", "sent", "delivered", "failed", "dead"]
        .map((key) => h("div", { class: "card", "data-live": key },
          h("div", { class: "label" }, key), h("div", { class: "value" },
            number(tick.deliveries[key])))));
      stamp.textContent = `live · last update ${new Date(tick.at).toLocaleTimeString("en-GB")}`;
      stamp.dataset.ticks = String(Number(stamp.dataset.ticks || 0) + 1);
      refresh();
    }, (error) => say(`live updates stopped: ${error.message}`, true));
    return () => { stopped = true; stop(); if (chart) chart.destroy(); };
  },
};
