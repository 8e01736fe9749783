// The news feed: injects and outcomes, newest first.

import {h} from "../dom.js";
import {patchList} from "./keyed.js";

const OUTCOME = new Set(["draft_adopted", "draft_vetoed", "draft_failed", "decision_adopted",
  "decision_blocked", "article5_invoked"]);

export function renderNews(list, view, {limit = 0} = {}) {
  let items = [...(view.news || [])].reverse();
  if (limit) items = items.slice(0, limit);
  patchList(list, items, n => n.index, item => newsItem(item));
}

function newsItem(item) {
  const kind = OUTCOME.has(item.kind) ? "outcome" : item.kind === "inject" ? "inject" : "event";
  return h("li", {class: `news news-${kind} news-kind-${item.kind}`},
    h("p", {class: "news-title"}, item.round ? h("span", {class: "news-round"}, `Round ${item.round}`) : null,
      " ", h("strong", {}, item.title.charAt(0).toUpperCase() + item.title.slice(1)),
      item.audience ? h("span", {class: "badge"}, `only for ${item.audience.join(", ")}`) : null),
    item.text ? paragraphs(item.text, "news-text") : null);
}

/** Text with blank lines as paragraphs (never as HTML). */
export function paragraphs(text, className = "") {
  return h("div", {class: className}, text.split(/\n{2,}/).map(p => h("p", {}, p)));
}
