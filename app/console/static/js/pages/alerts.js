// Alerts: raise one (editors and admins) and watch any alert's per-channel status live
// (`alertStatus`). The API has no list of alerts, so the page watches the alerts raised
// here and any id pasted in (kept in the address: #/alerts/<id>).

import { gql, subscribe } from "../api.js";
import { append, h, when, badge, number, say } from "../ui.js";

const FIELDS = `id publicationId status deadlineAt deadlineMissed firstDeliveredAt completedAt
  channels { channelId name type status delivered failed pending error }`;
const CREATE = `mutation Raise($input: CreateAlertInput!) { createAlert(input: $input) { ${FIELDS} } }`;
const STATUS = `subscription Status($id: ID!) { alertStatus(id: $id) { ${FIELDS} } }`;
const OPTIONS = `{ channels(first: 100) { edges { node { id name type } } }
                   topics(first: 100) { edges { node { id name } } } }`;

export default {
  path: "alerts",
  title: "Alerts",
  render(root, ctx, [initial]) {
    const stops = [];
    const watched = h("div");
    const idInput = h("input", { id: "a-id", placeholder: "Alert id" });
    append(root, h("h1", {}, "Alerts"),
      h("form", { class: "filters", onsubmit: (e) => { e.preventDefault();
        if (idInput.value.trim()) watch(idInput.value.trim()); } },
        h("label", { for: "a-id" }, "Watch an alert", idInput),
        h("button", { type: "submit" }, "Watch")));

    if (ctx.can("EDIT_CONTENT")) {
      const title = h("input", { id: "a-title", required: true });
      const severity = h("select", { id: "a-severity" },
        ["HIGH", "CRITICAL"].map((s) => h("option", { value: s }, s.toLowerCase())));
      const channels = h("select", { id: "a-channels", multiple: true, size: 4 });
      const topics = h("select", { id: "a-topics", multiple: true, size: 4 });
      gql(OPTIONS).then((data) => {
        channels.replaceChildren(...data.channels.edges.map(({ node }) =>
          h("option", { value: node.id }, `${node.name} (${node.type.toLowerCase()})`)));
        topics.replaceChildren(...data.topics.edges.map(({ node }) =>
          h("option", { value: node.id }, node.name)));
      });
      const chosen = (control) => [...control.selectedOptions].map((o) => o.value);
      append(root, h("form", { class: "panel", "aria-label": "Raise an alert", onsubmit: async (e) => {
        e.preventDefault();
        try {
          const { createAlert } = await gql(CREATE, { input: { title: title.value,
            severity: severity.value, channelIds: chosen(channels), topicIds: chosen(topics) } });
          watch(createAlert.id);
        } catch (error) {
          say(`alert not raised: ${error.message}${error.field ? ` (${error.field})` : ""}`, true);
        }
      } }, h("h2", {}, "Raise an alert"),
        h("div", { class: "filters" }, h("label", { for: "a-title" }, "Title", title),
          h("label", { for: "a-severity" }, "Severity", severity),
          h("label", { for: "a-topics" }, "Topics", topics),
          h("label", { for: "a-channels" }, "Channels", channels)),
        h("button", { type: "submit", class: "primary" }, "Raise alert")));
    }
    append(root, watched);

    function watch(id) {
      const box = h("section", { class: "panel", "data-alert": id }, h("p", {}, `Alert ${id}…`));
      watched.prepend(box);
      stops.push(subscribe(STATUS, { id }, ({ alertStatus: a }) => {
        box.replaceChildren(h("h2", {}, `Alert ${a.id} `, badge(a.status)),
          h("p", {}, `Deadline ${when(a.deadlineAt)}${a.deadlineMissed ? " (missed)" : ""} · first `
            + `delivered ${when(a.firstDeliveredAt)} · completed ${when(a.completedAt)} · `,
            h("a", { href: `#/publications/${encodeURIComponent(a.publicationId)}` }, "publication")),
          h("table", {}, h("thead", {}, h("tr", {}, ["Channel", "Type", "Status", "Delivered",
            "Failed", "Pending", "Error"].map((t) => h("th", {}, t)))),
            h("tbody", {}, a.channels.map((c) => h("tr", {}, h("td", {}, c.name),
              h("td", {}, c.type.toLowerCase()), h("td", {}, badge(c.status)),
              h("td", { class: "num" }, number(c.delivered)),
              h("td", { class: "num" }, number(c.failed)),
              h("td", { class: "num" }, number(c.pending)), h("td", {}, c.error || ""))))));
      }, (error) => box.replaceChildren(h("p", { class: "error" }, error.message))));
    }
    if (initial) watch(initial);
    return () => stops.forEach((stop) => stop());
  },
};
