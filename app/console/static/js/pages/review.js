// Review queue: publications IN_REVIEW with their quality score and checks; approve or
// reject with a note (reviewers and admins only); a preview per channel (`channelPreview`).

import { gql } from "../api.js";
import { append, h, when, badge, percent, say } from "../ui.js";
import { qualityPanel } from "./publications.js";

const QUEUE = `{
  publications(first: 50, filter: { status: IN_REVIEW }) { edges { node {
    id title summary priority submittedAt channels { id name type }
    checks { kind passed severity message }
    analysis { quality source model analyzedAt keywords subScores { aspect score reason } } } } }
}`;
const PREVIEW = `query Preview($publicationId: ID!, $channelId: ID!) {
  channelPreview(publicationId: $publicationId, channelId: $channelId) {
    channelType subject html text body warnings }
}`;
const DECIDE = (verb) => `mutation Decide($input: ReviewInput!) {
  ${verb}Publication(input: $input) { id status reviewNote } }`;

/** The email HTML with its images left unloaded (like a mail client that blocks remote
 * images): a preview must not fire the open pixel, nor reach another host. */
function withoutImages(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  let blocked = 0;
  for (const img of doc.querySelectorAll("img[src]")) {
    if (img.getAttribute("src").startsWith("data:")) continue;
    img.dataset.src = img.getAttribute("src");
    img.removeAttribute("src");
    blocked += 1;
  }
  return { html: `<!doctype html>${doc.documentElement.outerHTML}`, blocked };
}

function previewBox(publication) {
  const box = h("div", { class: "preview-box" });
  const buttons = publication.channels.map((channel) => h("button", { type: "button",
    "data-preview": channel.id, onclick: () => show(channel) }, `Preview ${channel.name}`));
  async function show(channel) {
    const { channelPreview: p } = await gql(PREVIEW, { publicationId: publication.id,
                                                       channelId: channel.id });
    const html = p.html ? withoutImages(p.html) : null;
    const notes = [...p.warnings];
    if (html && html.blocked) notes.push(`${html.blocked} image(s) not loaded in this preview `
      + "(remote images and the open pixel are not fetched)");
    box.replaceChildren(h("h4", {}, `${channel.name} (${p.channelType.toLowerCase()})`),
      p.subject ? h("p", {}, `Subject: ${p.subject}`) : null,
      notes.length ? h("ul", {}, notes.map((w) => h("li", {}, w))) : null,
      // sandboxed: no scripts, no same-origin access; the page's CSP still applies
      html ? h("iframe", { class: "preview", sandbox: "", title: `${channel.name} preview`,
                           srcdoc: html.html })
        : h("pre", {}, p.body ? JSON.stringify(p.body, null, 2) : (p.text || "")));
  }
  return h("div", {}, h("div", { class: "buttons" }, buttons), box);
}

export default {
  path: "review",
  title: "Review queue",
  render(root, ctx) {
    const list = h("div");
    append(root, h("h1", {}, "Review queue"), list);
    let stopped = false;

    async function decide(publication, verb, note, item) {
      try {
        await gql(DECIDE(verb), { input: { id: publication.id, note: note || null } });
      } catch (error) {
        say(`${publication.title}: ${error.message} (${error.code})`, true);
        return;
      }
      item.remove();
      say(`${publication.title}: ${verb === "approve" ? "approved" : "rejected"}`);
      if (!list.querySelector("article")) load();
    }

    async function load() {
      const data = await gql(QUEUE);
      if (stopped) return;
      const edges = data.publications.edges;
      if (!edges.length) {
        list.replaceChildren(h("p", { class: "muted", "data-empty": "" },
          "Nothing is waiting for review."));
        return;
      }
      list.replaceChildren(...edges.map(({ node: p }) => {
        const noteId = `note-${p.id}`;
        const note = h("textarea", { id: noteId, rows: 2 });
        const item = h("article", { class: "panel", "data-id": p.id, "aria-label": p.title });
        append(item, h("h2", {}, p.title, " ", badge(p.priority.toLowerCase())),
          h("p", { class: "muted" }, `Submitted ${when(p.submittedAt)} · quality `,
            h("strong", {}, p.analysis ? percent(p.analysis.quality) : "–")),
          h("p", {}, p.summary), qualityPanel(p), previewBox(p),
          ctx.can("REVIEW") ? h("div", {},
            h("label", { for: noteId }, "Note (optional for approve, sent back with a reject)"),
            note,
            h("div", { class: "buttons" },
              h("button", { type: "button", class: "primary",
                            onclick: () => decide(p, "approve", note.value, item) }, "Approve"),
              h("button", { type: "button", class: "danger",
                            onclick: () => decide(p, "reject", note.value, item) }, "Reject")))
            : h("p", { class: "muted" }, "Approving needs the reviewer or admin role."));
        return item;
      }));
    }
    load();
    return () => { stopped = true; };
  },
};
