// Channel monitor: each channel's status, circuit breaker, recent sends, error rate and
// last error (the `health` field, re-read every few seconds), and a test send
// (`testChannel`, admins) with the provider's answer.

import { gql } from "../api.js";
import { append, h, when, badge, number, percent } from "../ui.js";

const CHANNELS = `{ channels(first: 100) { edges { node { id name type status statusReason
  health { breakerState sentLastFiveMinutes failedLastFiveMinutes errorRate lastError
           lastErrorAt } } } } }`;
const TEST = `mutation Test($id: ID!, $to: String) { testChannel(id: $id, to: $to) {
  ok reason message statusCode retryAfterSeconds providerMessageId durationMs
  wouldDisableChannel } }`;
//: how often the health columns are re-read
const REFRESH_MS = 5000;

export default {
  path: "channels",
  title: "Channels",
  render(root, ctx) {
    const body = h("tbody");
    const answer = h("div", { role: "status", "aria-live": "polite" });
    append(root, h("h1", {}, "Channels"), answer,
      h("table", {}, h("thead", {}, h("tr", {}, ["Channel", "Type", "Status", "Breaker",
        "Sent (5 min)", "Failed (5 min)", "Error rate", "Last error", ""].map((t) =>
        h("th", {}, t)))), body));

    async function test(channel, button) {
      button.disabled = true;
      try {
        const { testChannel: r } = await gql(TEST, { id: channel.id, to: null });
        answer.replaceChildren(h("section", { class: "panel", "data-test-result": channel.id },
          h("h2", {}, `Test of ${channel.name}: `, badge(r.ok ? "ok" : "failed",
                                                          r.ok ? "ok" : "bad")),
          h("p", {}, r.message),
          h("p", { class: "muted" }, [r.reason ? `reason ${r.reason}` : null,
            r.statusCode ? `HTTP ${r.statusCode}` : null,
            r.durationMs !== null ? `${Math.round(r.durationMs)} ms` : null,
            r.providerMessageId ? `message id ${r.providerMessageId}` : null,
            r.wouldDisableChannel ? "a delivery would have disabled the channel" : null]
            .filter(Boolean).join(" · "))));
      } finally { button.disabled = false; }
    }

    async function load() {
      const data = await gql(CHANNELS);
      body.replaceChildren(...data.channels.edges.map(({ node: c }) => {
        const health = c.health;
        const button = ctx.can("MANAGE") ? h("button", { type: "button",
          onclick: (e) => test(c, e.target) }, `Test ${c.name}`) : null;
        return h("tr", { "data-channel": c.id }, h("td", {}, c.name),
          h("td", {}, c.type.toLowerCase()),
          h("td", {}, badge(c.status.toLowerCase(), c.status === "ACTIVE" ? "ok" : "bad"),
            c.statusReason ? h("div", { class: "muted" }, c.statusReason) : null),
          h("td", {}, health ? badge(health.breakerState.toLowerCase().replace("_", " "),
            health.breakerState === "CLOSED" ? "ok" : "bad") : "–"),
          h("td", { class: "num" }, health ? number(health.sentLastFiveMinutes) : "–"),
          h("td", { class: "num" }, health ? number(health.failedLastFiveMinutes) : "–"),
          h("td", { class: "num" }, health ? percent(health.errorRate) : "–"),
          h("td", {}, health && health.lastError ? `${health.lastError} (${when(health.lastErrorAt)})`
            : ""),
          h("td", {}, button));
      }));
    }
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  },
};
