// The news feed: injects and outcomes, newest first. A long feed shows its newest
// WINDOW items; a button after the list shows more.

import {h} from "../dom.js";
import {patchList} from "./keyed.js";
import {t} from "../i18n.js";
import {namer} from "../names.js";
import {itemText, textsVersion, untranslatedBadge} from "../texts.js";

const WINDOW = 30;
const feeds = new WeakMap();  // list -> {shown, news, more}

const OUTCOME = new Set(["draft_adopted", "draft_vetoed", "draft_failed", "decision_adopted",
  "decision_blocked", "article5_invoked"]);

export function renderNews(list, view, {limit = 0} = {}) {
  const news = view.news || [];
  const feed = feeds.get(list) || newFeed(list, limit);
  if (feed.news === news && feed.version === textsVersion()) return;
  feed.news = news;
  feed.version = textsVersion();
  if (view.countries) feed.names = namer(view);
  const names = feed.names || namer(view);
  const count = limit || feed.shown;
  const items = news.slice(-count).reverse();
  patchList(list, items, n => n.index, item => newsItem(item, names), item => [item, feed.version]);
  if (feed.more) feed.more.hidden = news.length <= count;
}

function newFeed(list, limit) {
  const feed = {shown: WINDOW, news: null, more: null, version: null, names: null};
  feeds.set(list, feed);
  if (!limit) {
    const button = h("button", {type: "button", class: "link-button"}, t("Show older news"));
    feed.more = h("p", {class: "older-news", hidden: true}, button);
    const showMore = () => {
      const news = feed.news;
      feed.shown += WINDOW;
      feed.news = null;
      renderNews(list, {news});
    };
    button.addEventListener("click", showMore);
    list.after(feed.more);
  }
  return feed;
}

function newsItem(item, names) {
  const kind = OUTCOME.has(item.kind) ? "outcome" : item.kind === "inject" ? "inject" : "event";
  const title = itemText(item, "title");
  const text = itemText(item, "text");
  return h("li", {class: `news news-${kind} news-kind-${item.kind}`},
    h("p", {class: "news-title"}, item.round ? h("span", {class: "news-round"}, t("Round {round}", {round: item.round})) : null,
      " ", h("strong", {lang: title.fallback ? title.lang : null}, capital(title.text)),
      item.audience ? h("span", {class: "badge"}, t("only for {countries}", {countries: names.list(item.audience)})) : null,
      title.fallback || (item.text && text.fallback) ? [" ", untranslatedBadge()] : null),
    item.text ? paragraphs(text.text, "news-text", text.fallback ? text.lang : null) : null);
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Text with blank lines as paragraphs (never as HTML). */
export function paragraphs(text, className = "", lang = null) {
  return h("div", {class: className, lang}, text.split(/\n{2,}/).map(p => h("p", {}, p)));
}
