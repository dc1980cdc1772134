// Small DOM helpers shared by the pages (no framework: text goes in as text nodes).

/** h("button", {class: "primary", onclick}, "Approve") */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** node.append without the DOM's habit of writing null and undefined as text. */
export function append(node, ...children) {
  node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined
                                                           && child !== false));
  return node;
}

export function number(value) {
  return value === null || value === undefined ? "–" : Number(value).toLocaleString("en");
}

export function percent(value) {
  return value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)} %`;
}

export function when(value) {
  return value ? new Date(value).toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC" : "–";
}

export function badge(text, kind = text) { return h("span", { class: `badge ${kind}` }, text); }

/** A labelled select; options: [[value, label], …]. */
export function select(id, label, options, value, onchange) {
  const control = h("select", { id, onchange },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  return h("label", { for: id }, label, control);
}

/** Say something in the status line (role=status, read by screen readers). */
export function say(text, isError = false) {
  const line = document.getElementById("status");
  line.textContent = text;
  line.classList.toggle("error", isError);
}

/** A delivery-counts progress bar: done (sent + delivered + failed + dead + suppressed +
 * skipped) over total. */
export function progress(counts) {
  const done = counts.sent + counts.delivered + counts.failed + counts.dead +
    counts.suppressed + counts.skipped;
  const share = counts.total ? Math.round((100 * done) / counts.total) : 0;
  return h("span", {},
    h("span", { class: "progress", role: "progressbar", "aria-valuemin": 0,
                "aria-valuemax": 100, "aria-valuenow": share,
                "aria-label": "delivery progress" },
      h("span", { style: `width:${share}%` })),
    ` ${number(done)} / ${number(counts.total)}`);
}

export const COUNTS = "pending queued sending sent delivered failed dead suppressed skipped held total";
