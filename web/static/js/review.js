// What the review pages share: who is looking (the instructor's key, or the
// student's seat cookie), the charts, the grading CSV, and the two lenses.

import {ApiError, api} from "./api.js";
import {byId, h} from "./dom.js";

/** The instructor key for a game: from the URL fragment (#key=..., then gone
 * from the address bar) or from this browser's localStorage. */
export function instructorKey(gameId) {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
  if (fromHash) {
    localStorage.setItem(`ct:key:${gameId}`, fromHash);
    history.replaceState(null, "", location.pathname + location.search);
  }
  return fromHash || localStorage.getItem(`ct:key:${gameId}`);
}

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
  if (err.code === "game_not_over") return "The replay opens for students when the game has ended. Come back after the last round.";
  if (err.code === "reviewer_unknown") {
    return "This browser holds neither a seat in this game nor its instructor key. Open the replay from the browser you played in, or from the instructor's panel.";
  }
  if (err.code === "unknown_game") return "There is no such game.";
  return err.message || `The review of game ${gameId} could not be opened.`;
}

/** A chart from the server as an <img> (a data: URL, so the instructor's key can
 * fetch it; an SVG in an <img> runs nothing). */
export async function chartFigure(gameId, name, key, caption) {
  const headers = {accept: "image/svg+xml"};
  if (key) headers.authorization = `Bearer ${key}`;
  const figure = h("figure", {class: `chart chart-${name}`});
  try {
    const response = await fetch(`/api/games/${gameId}/charts/${name}.svg`, {headers, credentials: "same-origin"});
    if (!response.ok) throw new Error(`The server answered ${response.status}.`);
    const text = await response.text();
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const title = doc.querySelector("svg > title")?.textContent || caption;
    const desc = doc.querySelector("svg > desc")?.textContent || "";
    figure.append(h("img", {src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`,
      alt: `${title}. ${desc}`, "data-chart": name}),
    h("figcaption", {}, h("strong", {}, caption || title), desc ? ` ${desc}` : ""));
  } catch (err) {
    figure.append(h("p", {class: "error"}, `The chart “${caption}” could not be loaded: ${err.message}`));
  }
  return figure;
}

/** Download the grading CSV with the instructor's key. */
export async function downloadCsv(gameId, key) {
  const response = await fetch(`/api/games/${gameId}/export.csv`, {headers: {authorization: `Bearer ${key}`}});
  if (!response.ok) throw new ApiError(response.status, "csv", "The CSV could not be downloaded.");
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
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : "0";
}

/** One reason a score moved, its points, and a link to the moment. */
function entry(gameId, e) {
  return h("li", {class: ["entry", e.points > 0 ? "gain" : e.points < 0 ? "loss" : ""]},
    h("span", {class: "pts"}, signed(e.points)), " ",
    e.seq !== null && e.seq !== undefined
      ? h("a", {href: replayHref(gameId, e.seq), class: "reason"}, e.reason, h("span", {class: "seq"}, ` (event ${e.seq})`))
      : h("span", {class: "reason"}, e.reason));
}

function account(gameId, title, acc, extra = "") {
  return h("div", {class: "account"},
    h("h4", {}, `${title}: ${signed(acc.total)}${extra}`),
    acc.entries.length ? h("ul", {class: "entries"}, acc.entries.map(e => entry(gameId, e)))
      : h("p", {class: "hint"}, "Nothing moved it."));
}

export const LIBERAL_ACCOUNTS = [
  ["aggression", "The norm against aggression"],
  ["collective_action", "Collective action"],
  ["pledges", "Pledges honoured"],
  ["credibility", "Credibility"],
];

/** The liberal / constructivist lens: did the institutions work? */
export function liberalLens(gameId, liberal, {headingLevel = "h2", id = "liberal"} = {}) {
  return h("section", {class: "lens lens-liberal", "aria-labelledby": `${id}-heading`},
    h(headingLevel, {id: `${id}-heading`}, "Liberal lens: did the institutions work?"),
    h("p", {class: "lens-total"}, "Total: ", h("strong", {}, signed(liberal.total))),
    h("p", {class: "hint"}, "The norm against aggression upheld, collective action taken, pledges honoured, " +
      "credibility lost to vetoes and broken silence. Each line links to the moment that made it."),
    h("div", {class: "accounts"}, LIBERAL_ACCOUNTS.map(([k, title]) => account(gameId, title, liberal[k]))));
}

/** The realist lens: a table of totals, then each state's accounts. */
export function realistLens(gameId, realist, {headingLevel = "h2", id = "realist", details = true} = {}) {
  const sorted = [...realist].sort((a, b) => b.total - a.total);
  const table = h("table", {class: "scores"},
    h("caption", {}, "Each state's score on its own interests, highest first"),
    h("thead", {}, h("tr", {}, ["State", "Security", "Cost", "Autonomy", "Objectives", "Total"].map(t =>
      h("th", {scope: "col"}, t)))),
    h("tbody", {}, sorted.map(s => h("tr", {},
      h("th", {scope: "row"}, details ? h("a", {href: `#score-${s.country}`}, s.name) : s.name),
      h("td", {}, signed(s.security.total)), h("td", {}, signed(-s.cost.total)),
      h("td", {}, signed(s.autonomy.total)), h("td", {}, signed(s.objectives.total)),
      h("td", {class: "total"}, String(s.total))))));
  const parts = [
    h(headingLevel, {id: `${id}-heading`}, "Realist lens: each state on its own interests"),
    h("p", {class: "hint"}, "Total = security weight \u00d7 (50 + security) \u2212 cost weight \u00d7 cost + " +
      "autonomy weight \u00d7 autonomy + objectives. The weights come from each state's role sheet (1 by default)."),
    h("div", {class: "table-scroll"}, table),
  ];
  if (details) {
    const moved = sorted.filter(s => ["security", "cost", "autonomy", "objectives"].some(k => s[k].entries.length));
    parts.push(h("div", {class: "country-scores"}, moved.map(s => h("article", {class: "country-score", id: `score-${s.country}`},
      h("h3", {}, `${s.name}: ${s.total}`),
      h("div", {class: "accounts"},
        account(gameId, "Security", s.security, ` (from a base of ${s.security.base})`),
        account(gameId, "Cost", s.cost), account(gameId, "Autonomy", s.autonomy),
        account(gameId, "Objectives", s.objectives))))));
  }
  return h("section", {class: "lens lens-realist", "aria-labelledby": `${id}-heading`}, parts);
}

/** Key outcomes, each with the rule that decided it and a real precedent. */
export function keyOutcomes(gameId, outcomes, {headingLevel = "h2", id = "outcomes"} = {}) {
  return h("section", {class: "outcomes", "aria-labelledby": `${id}-heading`},
    h(headingLevel, {id: `${id}-heading`}, "Key outcomes, the rules that decided them, and real precedents"),
    outcomes.length ? h("ol", {class: "outcome-list"}, outcomes.map(o => h("li", {class: "outcome"},
      h("h3", {}, h("a", {href: replayHref(gameId, o.seq)}, o.title), h("span", {class: "seq"}, ` (event ${o.seq})`)),
      h("dl", {class: "facts"}, h("dt", {}, "Rule"), h("dd", {}, o.rule),
        h("dt", {}, "Precedent"), h("dd", {}, o.precedent)))))
      : h("p", {class: "hint"}, "No veto, no Article 5, no broken silence: no key outcome to set beside history."));
}

/** Show a review page's problem banner in place of its loading line. */
export function showProblem(message) {
  const box = byId("problem");
  box.textContent = message;
  box.hidden = false;
  byId("loading").hidden = true;
}
