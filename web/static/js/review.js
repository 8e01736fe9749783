// What the review pages share: who is looking (the instructor's key, or the
// student's seat cookie), the charts, the grading CSV, and the two lenses.

import {ApiError, api} from "./api.js";
import {byId, h} from "./dom.js";
import {instructorKey} from "./keys.js";
import {countryName, formatList, formatNumber, renderMsg, renderParts, t, textOf, tParts} from "./i18n.js";
import {msgNodes, withTexts} from "./texts.js";

export {instructorKey} from "./keys.js";

/** GET the timeline as whoever this browser is: with the key if it has one
 * that opens the game, else with the seat cookie. -> {summary, key} */
export async function openReview(gameId, query = "") {
  const key = instructorKey(gameId);
  if (key) {
    try {
      return {key, summary: await api("GET", `/api/games/${gameId}/review${query}`, {key})};
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "bad_instructor_key") throw err;
    }
  }
  return {key: null, summary: await api("GET", `/api/games/${gameId}/review${query}`)};
}

/** Words for a refusal of the review API. */
export function reviewProblem(err, gameId) {
  if (err.code === "game_not_over") return t("The replay opens for students when the game has ended. Come back after the last round.");
  if (err.code === "reviewer_unknown") {
    return t("This browser holds neither a seat in this game nor its instructor key. Open the replay from the browser you played in, or from the instructor's panel.");
  }
  if (err.code === "unknown_game") return t("There is no such game.");
  return err.message || t("The review of game {game} could not be opened.", {game: gameId});
}

/** A chart from the server as an <img> (a data: URL, so the instructor's key can
 * fetch it; an SVG in an <img> runs nothing). */
export async function chartFigure(gameId, name, key, caption) {
  const headers = {accept: "image/svg+xml"};
  if (key) headers.authorization = `Bearer ${key}`;
  const figure = h("figure", {class: `chart chart-${name}`});
  try {
    const response = await fetch(`/api/games/${gameId}/charts/${name}.svg?lang=${encodeURIComponent(document.documentElement.lang)}`,
      {headers, credentials: "same-origin"});
    if (!response.ok) throw new Error(t("The server answered {status}.", {status: String(response.status)}));
    const text = await response.text();
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const title = doc.querySelector("svg > title")?.textContent || caption;
    const desc = doc.querySelector("svg > desc")?.textContent || "";
    figure.append(h("img", {src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`,
      alt: `${title}. ${desc}`, "data-chart": name}),
    h("figcaption", {}, h("strong", {}, caption || title), desc ? ` ${desc}` : ""));
  } catch (err) {
    figure.append(h("p", {class: "error"}, t("The chart \u201c{caption}\u201d could not be loaded: {reason}", {caption, reason: err.message})));
  }
  return figure;
}

/** Download the grading CSV with the instructor's key. */
export async function downloadCsv(gameId, key) {
  const response = await fetch(`/api/games/${gameId}/export.csv?lang=${encodeURIComponent(document.documentElement.lang)}`,
    {headers: {authorization: `Bearer ${key}`}});
  if (!response.ok) throw new ApiError(response.status, "csv", t("The CSV could not be downloaded."));
  const blob = await response.blob();
  const link = h("a", {href: URL.createObjectURL(blob), download: `crisis-table-${gameId}.csv`});
  document.body.append(link);
  link.click();
  link.remove();
}

export function replayHref(gameId, seq) {
  return `/replay/${encodeURIComponent(gameId)}?seq=${seq}`;
}

/** "+5", "−10", "0" */
export function signed(points) {
  const n = Math.round(points * 10) / 10;
  return n > 0 ? `+${formatNumber(n)}` : n < 0 ? `\u2212${formatNumber(-n)}` : formatNumber(0);
}

/** One reason a score moved, its points, and a link to the moment. ``sign`` -1 for an
 * account the total subtracts (cost), so that every number reads as it counts. */
function entry(gameId, e, sign = 1) {
  const points = sign * e.points;
  // The scenario's texts in it (an objective's words, an incident's title) marked with their
  // language where they are not yet translated.
  const reason = e.reason_msg ? msgNodes(e.reason_keys ? withTexts(e.reason_msg, e.reason_keys) : e.reason_msg,
    e.reason).nodes : textOf(e, "reason");
  return h("li", {class: ["entry", points > 0 ? "gain" : points < 0 ? "loss" : ""]},
    h("span", {class: "pts"}, signed(points)), " ",
    e.seq !== null && e.seq !== undefined
      ? h("a", {href: replayHref(gameId, e.seq), class: "reason"}, reason, h("span", {class: "seq"}, ` ${eventNo(e.seq)}`))
      : h("span", {class: "reason"}, reason));
}

function eventNo(seq) {
  return t("(event {seq})", {seq});
}

function account(gameId, title, acc, {extra = "", sign = 1, note = ""} = {}) {
  return h("div", {class: ["account", acc.entries.length ? "" : "empty"]},
    h("h4", {}, `${t("{account}:", {account: title})} ${signed(sign * acc.total)}${extra}`),
    note ? h("p", {class: "hint"}, note) : null,
    acc.entries.length ? h("ul", {class: "entries"}, acc.entries.map(e => entry(gameId, e, sign)))
      : h("p", {class: "hint"}, t("Nothing moved it.")));
}

export const LIBERAL_ACCOUNTS = [
  ["aggression", t("The norm against aggression")],
  ["collective_action", t("Collective action")],
  ["pledges", t("Pledges honoured")],
  ["credibility", t("Credibility")],
];

/** A lens's reading of this game: the school's idea in plain words, then the paragraph
 * with each moment that carries it linked into the replay, then the verdict. */
export function lensReading(gameId, reading) {
  const pieces = reading.text_msg ? renderParts(reading.text_msg) : reading.reading;
  const parts = pieces.map(p => p.seq
    ? h("a", {href: replayHref(gameId, p.seq), class: "moment"}, p.text, h("span", {class: "seq"}, ` ${eventNo(p.seq)}`))
    : p.text);
  return h("div", {class: "reading"},
    h("p", {class: "idea"}, h("strong", {}, t("The idea.")), " ", textOf(reading, "idea")),
    h("p", {class: "this-game"}, h("strong", {}, t("In this game.")), " ", parts),
    h("p", {class: "verdict"}, h("strong", {}, t("In a few words:")), " ", textOf(reading, "verdict")));
}

function lensSection(id, reading, headingLevel, evidence, gameId) {
  return h("section", {class: ["lens", `lens-${reading.lens}`], "aria-labelledby": `${id}-heading`},
    h(headingLevel, {id: `${id}-heading`}, textOf(reading, "title")),
    lensReading(gameId, reading),
    h("div", {class: "evidence"}, evidence));
}

/** The liberal lens: did the institutions work? The reading, then the accounts. */
export function liberalLens(gameId, liberal, {headingLevel = "h2", id = "liberal", reading = null} = {}) {
  const evidence = [
    h("p", {class: "lens-total"}, t("The evidence: institutions' score"), " ", h("strong", {}, signed(liberal.total))),
    h("div", {class: "accounts"}, LIBERAL_ACCOUNTS.map(([k, title]) => account(gameId, title, liberal[k]))),
    liberal.caretakers && liberal.caretakers.entries.length
      ? h("details", {class: "caretaker-acts", open: true}, h("summary", {}, t("What caretaker states did by their standing policy (not counted)")),
        h("ul", {class: "entries compact"}, liberal.caretakers.entries.map(e => entry(gameId, e))))
      : null,
  ];
  if (reading) return lensSection(id, reading, headingLevel, evidence, gameId);
  return h("section", {class: "lens lens-liberal", "aria-labelledby": `${id}-heading`},
    h(headingLevel, {id: `${id}-heading`}, t("Liberal lens: did the institutions work?")), evidence);
}

function scoreRow(s, link) {
  return h("tr", {},
    h("th", {scope: "row"}, link ? h("a", {href: `#score-${s.country}`}, stateName(s)) : stateName(s)),
    h("td", {}, signed(s.security.total)), h("td", {}, signed(-s.cost.total)),
    h("td", {}, signed(s.autonomy.total)), h("td", {}, signed(s.objectives.total)),
    h("td", {class: "total"}, formatNumber(s.total)));
}

function stateName(s) {
  return countryName(s.country, null, s.name);
}

/** A state that invoked a norm (``{code, name}``; a bare code in an older record), named in
 * the page's language. */
function normState(s) {
  return typeof s === "string" ? countryName(s) : countryName(s.code, null, s.name);
}

function scoreTable(caption, rows, link) {
  return h("div", {class: "table-scroll"}, h("table", {class: "scores"},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, [t("State"), t("Security"), t("Cost"), t("Autonomy"), t("Objectives"), t("Total")].map(label =>
      h("th", {scope: "col"}, label)))),
    h("tbody", {}, rows.map(s => scoreRow(s, link)))));
}

/** The realist lens: the reading, then a table of the states the class played, each
 * one's accounts, and the caretaker states in one compact table. */
export function realistLens(gameId, realist, {headingLevel = "h2", id = "realist", details = true, reading = null} = {}) {
  const sorted = [...realist].sort((a, b) => b.total - a.total);
  const played = sorted.filter(s => !s.caretaker);
  const caretakers = sorted.filter(s => s.caretaker);
  const evidence = [
    h("p", {class: "hint"}, t("The evidence: total = security weight \u00d7 (50 + security) \u2212 cost weight \u00d7 cost + " +
      "autonomy weight \u00d7 autonomy + objectives. The weights come from each state's role sheet (1 by default).")),
    scoreTable(t("The states the class played, on their own interests, highest first"), played.length ? played : sorted, details),
  ];
  if (details) {
    const moved = played.filter(s => ["security", "cost", "autonomy", "objectives"].some(k => s[k].entries.length));
    evidence.push(h("div", {class: "country-scores"}, moved.map(s => h("article", {class: "country-score", id: `score-${s.country}`},
      h("h3", {}, t("{label}: {value}", {label: stateName(s), value: s.total})),
      h("div", {class: "accounts"},
        account(gameId, t("Security"), s.security, {extra: ` ${t("(from a base of {base})", {base: s.security.base})}`}),
        account(gameId, t("Cost"), s.cost, {sign: -1}), account(gameId, t("Autonomy"), s.autonomy),
        account(gameId, t("Objectives"), s.objectives))))));
  }
  if (caretakers.length && played.length) {
    evidence.push(scoreTable(t("The {count} caretaker states nobody played, acting by their standing policy", {count: caretakers.length}), caretakers, false));
  }
  if (reading) return lensSection(id, reading, headingLevel, evidence, gameId);
  return h("section", {class: "lens lens-realist", "aria-labelledby": `${id}-heading`},
    h(headingLevel, {id: `${id}-heading`}, t("Realist lens: each state on its own interests")), evidence);
}

/** The constructivist lens: the reading, then the norms invoked and words set beside deeds. */
export function constructivistLens(gameId, data, reading, name, {headingLevel = "h2", id = "constructivist"} = {}) {
  const norms = h("div", {class: "table-scroll"}, h("table", {class: "scores norms"},
    h("caption", {}, t("The evidence: norms the states invoked openly (in public, in the councils, in drafts, reasons and pledges)")),
    h("thead", {}, h("tr", {}, [t("Norm"), t("Times"), t("States"), t("First")].map(label => h("th", {scope: "col"}, label)))),
    h("tbody", {}, data.norms.map(n => h("tr", {},
      h("th", {scope: "row"}, textOf(n, "name")), h("td", {}, formatNumber(n.said)),
      h("td", {}, formatList(n.states.map(normState)) || "\u2013"),
      h("td", {}, n.first ? h("a", {href: replayHref(gameId, n.first.seq)}, `${name(n.first.country)} ${eventNo(n.first.seq)}`) : "\u2013"))))));
  const pairs = data.words_and_deeds;
  const list = pairs.length ? h("ul", {class: "entries words-deeds"}, pairs.map(p => h("li", {class: ["entry", p.kept ? "gain" : "loss"]},
    h("span", {class: "pts"}, p.kept ? t("kept") : t("apart")), " ",
    h("span", {class: "reason"}, tParts("{country} said {words}, then {deed}", {country: {country: p.country, name: p.name},
      words: h("a", {href: replayHref(gameId, p.said.seq)}, `\u201c${p.said.text}\u201d`, h("span", {class: "seq"}, ` ${eventNo(p.said.seq)}`)),
      deed: h("a", {href: replayHref(gameId, p.did.seq)}, textOf(p.did, "what"), h("span", {class: "seq"}, ` ${eventNo(p.did.seq)}`))})))))
    : h("p", {class: "hint"}, t("No state of the class both invoked a norm and later acted for or against it."));
  return lensSection(id, reading, headingLevel, [norms, h("h3", {}, t("Words and deeds")), list], gameId);
}

/** Key outcomes, each with the rule that decided it and a real precedent. */
export function keyOutcomes(gameId, outcomes, {headingLevel = "h2", id = "outcomes"} = {}) {
  return h("section", {class: "outcomes", "aria-labelledby": `${id}-heading`},
    h(headingLevel, {id: `${id}-heading`}, t("Key outcomes, the rules that decided them, and real precedents")),
    outcomes.length ? h("ol", {class: "outcome-list"}, outcomes.map(o => h("li", {class: ["outcome", `outcome-${o.kind}`]},
      h("h3", {}, h("a", {href: replayHref(gameId, o.seq)}, textOf(o, "title")), h("span", {class: "seq"}, ` ${eventNo(o.seq)}`)),
      (o.details || []).length ? h("ul", {class: "outcome-details"}, o.details.map(d => h("li", {},
        d.seq ? h("a", {href: replayHref(gameId, d.seq)}, textOf(d, "text")) : textOf(d, "text")))) : null,
      h("dl", {class: "facts"}, h("dt", {}, t("Rule")), h("dd", {}, textOf(o, "rule")),
        o.precedent ? [h("dt", {}, t("Precedent")), h("dd", {}, textOf(o, "precedent"))] : null))))
      : h("p", {class: "hint"}, t("No vote, no attack, no decision of the allies: no key outcome to set beside history.")));
}

/** Show a review page's problem banner in place of its loading line. */
export function showProblem(message) {
  const box = byId("problem");
  box.textContent = message;
  box.hidden = false;
  byId("loading").hidden = true;
}
