// The projector: the public picture only, large, for the back of the room.

import {byId, fill, h} from "../dom.js";
import {countdown, syncClock} from "../clock.js";
import {Connection} from "../connection.js";
import {DRAFT_STATUS, ITEM_STATUS, LEVEL_NAMES, RESPONSES, namer} from "../names.js";
import {announceEvent} from "../ui/announce.js";
import {renderAnnouncement} from "../ui/announcement.js";
import {CrisisMap} from "../ui/map.js";
import {renderNews} from "../ui/news.js";
import {renderStatus} from "../ui/status.js";
import {renderTally} from "../ui/tally.js";
import {WhosWho} from "../ui/whoswho.js";
import {formatList, formatNumber, renderMsg, t, textOf, tParts} from "../i18n.js";
import {loadTexts, msgNodes, onTexts, ownText, sceneText, textsVersion, untranslatedBadge} from "../texts.js";

const code = document.body.dataset.code;
for (const el of document.querySelectorAll(".join-host")) el.textContent = location.host;
let current = null;
const map = new CrisisMap({aspect: 1.45, words: false, labelRatio: 30});
byId("map").append(map.element);

function render(view) {
  current = view;
  const names = namer(view);
  const title = sceneText("title", textOf(view.game, "title"));
  fill(byId("game-title"), title.text, title.fallback ? [" ", untranslatedBadge()] : null);
  renderStatus(byId("status"), view, {hint: false});
  renderAnnouncement(byId("announcement"), view);
  // Before the start the room needs the code, very large; then it moves to the corner.
  const waiting = view.game.status === "setup";
  byId("join-screen").hidden = !waiting;
  document.body.classList.toggle("before-start", waiting);
  renderNews(byId("news"), view, {limit: 3});
  renderOutcome(byId("outcome"), view, names);
  renderHistory(byId("history-reveal"), view);
  renderVotes(byId("votes"), view, names);
  renderNac(byId("nac"), view, names);
  map.update(view);
}

const OUTCOMES = new Set(["draft_adopted", "draft_vetoed", "draft_failed", "decision_adopted",
  "decision_blocked", "article5_invoked"]);

/** The latest outcome as one line the back row reads: "VETOED by the Russian Federation, 13-1-1". */
export function outcomeLine(view, names) {
  const news = [...(view.news || [])].reverse().find(n => OUTCOMES.has(n.kind));
  if (!news) return null;
  const drafts = [...(view.UNSC?.drafts || []), ...(view.UNGA?.drafts || [])];
  const items = view.NAC?.items || [];
  const draft = drafts.find(d => news.title.startsWith(`${d.id} `));
  const item = items.find(i => news.title.startsWith(`${i.id} `));
  const count = d => d.tally ? `${d.tally.yes.length}-${d.tally.no.length}-${d.tally.abstain.length}` : "";
  const itemTitle = i => `${i.id} ${textOf(i, "title") || textOf(i, "decision_name")}`;
  if (news.kind === "article5_invoked" || (news.kind === "decision_adopted" && item?.decision === "article5")) {
    return {kind: "article5", big: t("ARTICLE 5 INVOKED"), small: item ? itemTitle(item) : textOf(news, "title")};
  }
  if (draft && news.kind === "draft_vetoed") {
    return {kind: "vetoed", big: t("VETOED by {countries}, {count}", {countries: names.list(draft.vetoed_by), count: count(draft)}),
      small: `${draft.id} ${textOf(draft, "title")}`};
  }
  if (draft && news.kind === "draft_adopted") {
    return {kind: "adopted", big: draft.resolution
      ? t("ADOPTED as {resolution}, {count}", {resolution: draft.resolution, count: count(draft)})
      : t("ADOPTED, {count}", {count: count(draft)}),
    small: `${draft.id} ${textOf(draft, "title")}`};
  }
  if (draft && news.kind === "draft_failed") {
    return {kind: "failed", big: t("NOT ADOPTED, {count}: {needed} votes in favour needed",
      {count: count(draft), needed: draft.tally?.needed ?? ""}), small: `${draft.id} ${textOf(draft, "title")}`};
  }
  if (item && news.kind === "decision_blocked") {
    return {kind: "blocked", big: t("BLOCKED by {countries}", {countries: names.list(item.broken_by)}), small: itemTitle(item)};
  }
  if (item && news.kind === "decision_adopted") {
    return {kind: "adopted", big: t("ADOPTED by consensus"), small: itemTitle(item)};
  }
  return {kind: "other", big: textOf(news, "title"), small: ""};
}

function renderOutcome(box, view, names) {
  const line = outcomeLine(view, names);
  box.hidden = !line;
  if (!line) return;
  const key = JSON.stringify(line);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.className = `outcome outcome-${line.kind}`;
  fill(box, h("span", {class: "outcome-big"}, line.big), line.small ? h("span", {class: "outcome-small"}, line.small) : null);
}

/** What really happened, when the instructor reveals it: the class's decision first, then
 * the real one of the same body on the same question. */
function renderHistory(box, view) {
  const shown = view.history?.shown;
  box.hidden = !shown;
  const key = shown ? `${textsVersion()} ${JSON.stringify(shown)}` : "";
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  if (!shown) return fill(box);
  const proposed = ownText(shown.entry && `history.${shown.entry}.proposed`, shown.proposed);
  const source = ownText(shown.entry && `history.${shown.entry}.source`, shown.source);
  const at = (field, i) => renderMsg(shown[`${field}_msg`]?.[i], shown[field]?.[i] ?? "");
  const real = msgNodes(shown.real_msg, shown.real);
  fill(box, h("h2", {id: "history-reveal-heading"}, t("What really happened")),
    h("div", {class: "history-yours"}, h("h3", {}, t("Your class")),
      shown.yours.length ? shown.yours.map((s, i) => [h("p", {}, at("yours", i)),
        shown.clauses?.[i] ? h("p", {class: ["history-clause", `verdict-${shown.verdicts[i]}`]}, at("clauses", i)) : null])
        : h("p", {}, t("Your class did not reach this decision."))),
    h("div", {class: "history-real"}, h("h3", {}, t("History, {when}", {when: textOf(shown, "when")})),
      h("p", {class: "history-real-words"}, real.nodes, real.fallback ? [" ", untranslatedBadge()] : null),
      shown.proposed && shown.body !== "WORLD" ? h("p", {class: "history-proposed"}, h("span", {lang: proposed.lang}, proposed.text), proposed.fallback ? [" ", untranslatedBadge()] : null) : null,
      h("p", {class: "history-source"}, tParts("Source: {source}", {source: h("span", {lang: source.lang}, source.text)}),
        source.fallback ? [" ", untranslatedBadge()] : null)));
}

function renderVotes(box, view, names) {
  const council = view.UNSC;
  box.parentElement.hidden = !council;
  if (!council) return;
  const drafts = council.drafts;
  const open = drafts.find(d => d.id === council.open_vote);
  const decided = drafts.filter(d => ["adopted", "vetoed", "failed"].includes(d.status));
  const latest = decided[decided.length - 1];
  const pending = drafts.filter(d => d.status === "tabled");
  const parts = [];
  for (const draft of [open, !open ? latest : null].filter(Boolean)) {
    parts.push(h("article", {class: ["p-draft", `draft-${draft.status}`]},
      h("h3", {}, `${draft.id} ${textOf(draft, "title") || t("(untitled)")}`, " ", h("span", {class: ["badge", `status-${draft.status}`]},
        DRAFT_STATUS[draft.status])),
      draft.tally ? renderTally(draft, council, names) : null,
      draft.explanation && draft.status !== "voting" ? h("p", {class: ["explanation", `result-${draft.status}`]},
        draft.resolution ? `${draft.resolution}. ` : "", textOf(draft, "explanation")) : null));
  }
  if (pending.length) {
    parts.push(h("p", {class: "pending"}, t("Tabled: {drafts}", {drafts: pending.map(d => `${d.id} ${textOf(d, "title")}`).join("; ")})));
  }
  // Nothing before the Council yet: the map takes its column.
  document.body.classList.toggle("council-quiet", !parts.length);
  if (!parts.length) parts.push(h("p", {class: "hint"}, t("No draft tabled yet.")));
  if (council.president) parts.push(h("p", {class: "hint"}, t("President: {country}", {country: names.name(council.president)})));
  fill(box, parts);
}

function renderNac(box, view, names) {
  const nac = view.NAC;
  const crisis = view.crisis;
  byId("p-nac").textContent = nac ? t("North Atlantic Council") : t("The crisis");
  const parts = [];
  if (crisis) {
    parts.push(h("p", {class: "crisis-line"}, h("strong", {}, LEVEL_NAMES[crisis.level] || crisis.level),
      ` · ${t("deterrence {value} of 100", {value: crisis.deterrence})}`));
  }
  if (!nac) {
    fill(box, parts);
    return;
  }
  if (nac.article5.length) parts.push(h("p", {class: "article5-invoked"}, t("Article 5 invoked")));
  // Every text, newest first, with its title and who blocked it (the latest few fit the screen).
  for (const item of [...nac.items].reverse().slice(0, 4)) {
    const title = textOf(item, "title") || textOf(item, "decision_name");
    const line = item.status === "silence"
      ? h("p", {}, tParts("Under silence: adopted in {clock} unless an ally objects.", {clock: countdown(item.deadline)}))
      : item.status === "blocked" ? h("p", {class: "blocked-by"}, t("Blocked by {countries}.", {countries: names.list(item.broken_by)}))
        : h("p", {}, t("Adopted by consensus."));
    parts.push(h("article", {class: ["p-item", `item-${item.status}`]},
      h("h3", {}, `${item.id} ${title} `, h("span", {class: ["badge", `status-${item.status}`]}, ITEM_STATUS[item.status])),
      line));
  }
  if (nac.pledges.length) {
    const counts = {};
    for (const p of nac.pledges) if (p.status !== "retracted") counts[p.response] = (counts[p.response] || 0) + 1;
    parts.push(h("p", {class: "pledge-line"}, t("Pledges: {pledges}", {pledges: formatList(Object.entries(counts).map(([k, n]) =>
      `${formatNumber(n)} ${(RESPONSES[k] || k).toLowerCase()}`))})));
  }
  if (!nac.items.length) parts.push(h("p", {class: "hint"}, t("No text before the allies yet.")));
  fill(box, parts);
}

syncClock();
let texts = null;
onTexts(() => { if (current) render(current); });
new WhosWho(document.querySelector(".projector-head"), () => current);
const conn = new Connection({
  scope: `projector:${code}`,
  hello: () => ({game: code, watch: true}),
  onWelcome: frame => {
    // The scenario's texts in the projector's language (the public ones: by the join code).
    if (!texts) texts = loadTexts(frame.game.id, {code});
    render(frame.view);
  },
  onView: view => render(view),
  onEvent: (frame, {missed}) => { if (!missed && current) announceEvent(frame, namer(current), null); },
  onFatal: ({message}) => {
    const box = byId("problem");
    box.textContent = message;
    box.hidden = false;
  },
});
conn.start();
