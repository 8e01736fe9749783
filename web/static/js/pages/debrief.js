// The debrief, printable: key outcomes with their rules and precedents, three
// lenses (realist, liberal, constructivist), each a reading of this game with
// its moments linked into the replay and its scores beneath as evidence, the
// charts, and each draft's votes.

import {api} from "../api.js";
import {byId, fill, h} from "../dom.js";
import {DRAFT_STATUS, VOTES} from "../names.js";
import {chartFigure, constructivistLens, downloadCsv, keyOutcomes, liberalLens, openReview, realistLens, replayHref, reviewProblem, showProblem} from "../review.js";
import {reflectionSection} from "../ui/reflection.js";

const gameId = document.body.dataset.gameId;

async function main() {
  let opened;
  let debrief;
  try {
    opened = await openReview(gameId);
    debrief = await api("GET", `/api/games/${gameId}/debrief`, {key: opened.key || undefined});
  } catch (err) {
    return showProblem(reviewProblem(err, gameId));
  }
  const {key, summary} = opened;
  const names = new Map(summary.countries.map(c => [c.code, c.name]));
  const name = code => names.get(code) || code;
  byId("game-title").textContent = `Debrief: ${summary.title}`;
  document.title = `Debrief: ${summary.title} · Crisis Table`;
  byId("game-meta").textContent = `${summary.seq} events · ${summary.status === "ended" ? "the game has ended"
    : "the game is still being played: this is the debrief so far"} · printed ${new Date().toLocaleDateString()}`;

  const actions = [h("a", {href: `/replay/${gameId}`, class: "button-link"}, "Open the replay")];
  const print = h("button", {type: "button", class: "primary", id: "print"}, "Print the debrief");
  print.addEventListener("click", () => window.print());
  actions.push(print);
  if (summary.you.role === "instructor") {
    actions.push(h("a", {href: `/lab/${gameId}`, class: "button-link"}, "Open the causality lab"));
    actions.push(h("a", {href: `/reflection/${gameId}`, class: "button-link"}, "Read the reflections"));
    const csv = h("button", {type: "button", id: "csv-download"}, "Download the grading CSV");
    csv.addEventListener("click", () => downloadCsv(gameId, key).catch(err => showProblem(err.message)));
    actions.push(csv);
  }
  fill(byId("debrief-actions"), actions);

  const reading = lens => debrief.lenses.find(r => r.lens === lens);
  const sections = [
    ["outcomes", "Key outcomes"], ["history", "Your class and history"], ["pictures", "Pictures"], ["realist", "Realist lens"], ["liberal", "Liberal lens"],
    ["constructivist", "Constructivist lens"], ["votes", "Votes, draft by draft"],
    ["reflection-print", "Reflection"],
  ];
  const contents = byId("contents");
  fill(contents, h("h2", {class: "visually-hidden"}, "Contents"),
    h("ol", {class: "contents-list"}, sections.map(([id, label]) => h("li", {}, h("a", {href: `#${id}-heading`}, label)))));
  contents.hidden = false;

  const figures = h("div", {class: "charts"});
  const caretakers = debrief.caretakers.length;
  const reflectionSlot = h("div", {id: "reflection-slot"});
  fill(byId("debrief"),
    h("p", {class: "hint intro"}, "Three ways to read the same game. Each lens starts with its idea in plain words, then " +
      "says what its school of thought would conclude about this game and why, linking each moment it rests on to the " +
      "replay; its scores follow as evidence. " + (caretakers
      ? `${caretakers} state${caretakers === 1 ? " was" : "s were"} left to caretakers acting by a standing policy: what they did is shown apart from what the class decided.`
      : "")),
    keyOutcomes(gameId, debrief.outcomes),
    historySection(debrief.history),
    h("section", {class: "pictures", "aria-labelledby": "pictures-heading"},
      h("h2", {id: "pictures-heading"}, "Pictures"), figures,
      agreementTable(debrief.votes, name)),
    realistLens(gameId, debrief.realist, {reading: reading("realist")}),
    liberalLens(gameId, debrief.liberal, {reading: reading("liberal")}),
    constructivistLens(gameId, debrief.constructivist, reading("constructivist"), name),
    votesSection(debrief.votes, name),
    reflectionSlot);
  byId("loading").hidden = true;

  const charts = await Promise.all([
    chartFigure(gameId, "crisis", key, "The escalation ladder and deterrence over the game, by round, with the decisions that moved them"),
    chartFigure(gameId, "agreement", key, "How often Council members voted together"),
    chartFigure(gameId, "network", key, "Who talked to whom in private, and how much"),
  ]);
  figures.append(...charts);
  if (summary.you.role === "instructor" || summary.status === "ended") {
    try {
      const answers = await api("GET", `/api/games/${gameId}/reflection`, {key: key || undefined});
      fill(reflectionSlot, reflectionSection(answers, name));
    } catch (err) {
      fill(reflectionSlot, h("p", {class: "hint"}, `The reflection could not be loaded: ${err.message}`));
    }
  }
  document.body.dataset.ready = "true";
}

const VERDICTS = {agree: "agrees", part: "parts", no_counterpart: "no counterpart", not_reached: "not reached"};

/** Your class and history: each decision of the class beside the real one of the same body on
 * the same question, and the real decisions the class never reached. */
function historySection(history) {
  const source = p => p.source ? h("span", {class: "history-source"}, " Source: ",
    p.url ? h("a", {href: p.url, rel: "noopener"}, p.source) : p.source, ".") : null;
  const line = (p, linked) => h("li", {class: ["entry", "history-pair", `verdict-${p.verdict}`], "data-verdict": p.verdict},
    h("span", {class: "pts"}, VERDICTS[p.verdict] || p.verdict), " ",
    h("div", {class: "history-text"},
      linked && p.seq ? h("a", {href: replayHref(gameId, p.seq), class: "reason"}, p.sentence, h("span", {class: "seq"}, ` (event ${p.seq})`))
        : h("span", {class: "reason"}, p.sentence),
      p.proposed && (p.verdict === "not_reached" || !p.symbol) ? h("span", {class: "history-proposed"}, `What was proposed: ${p.proposed}`) : null,
      source(p)));
  const parts = [h("h2", {id: "history-heading"}, "Your class and history")];
  if (!history || !history.track) {
    parts.push(h("p", {class: "hint"}, history?.note || "This scenario has no history track."));
  } else {
    parts.push(h("p", {class: "hint"}, "Each decision your class took, set beside the real decision of the same body on the " +
      "same question, from the scenario's history track: where they agree and where they part."));
    parts.push(history.pairs.length ? h("ul", {class: "entries history-pairs"}, history.pairs.map(p => line(p, true)))
      : h("p", {class: "hint"}, "Your class took no decision to set beside history."));
    if (history.not_reached.length) {
      parts.push(h("h3", {id: "history-missed"}, "What the real crisis decided that your class never reached"),
        h("ul", {class: "entries history-missed"}, history.not_reached.map(p => line(p, false))));
    }
  }
  return h("section", {class: "history", id: "history", "aria-labelledby": "history-heading"}, parts);
}

/** A table per draft: who voted how. */
function votesSection(votes, name) {
  const drafts = votes.map(d => {
    const groups = {yes: [], no: [], abstain: []};
    for (const [code, vote] of Object.entries(d.votes)) groups[vote]?.push(code);
    const rows = [["yes", groups.yes], ["no", groups.no], ["abstain", groups.abstain], ["absent", d.absent]];
    return h("article", {class: "draft-votes"},
      h("h3", {}, h("span", {class: "symbol"}, d.draft), ` ${d.title || "(untitled)"} `,
        h("span", {class: ["badge", `status-${d.status}`]}, DRAFT_STATUS[d.status] || d.status),
        d.body !== "UNSC" ? h("span", {class: "hint"}, ` (${d.body})`) : null),
      h("table", {class: "vote-table"},
        h("caption", {class: "visually-hidden"}, `Votes on ${d.draft}`),
        h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Vote"), h("th", {scope: "col"}, "Members"))),
        h("tbody", {}, rows.map(([vote, codes]) => h("tr", {class: `vote-row vote-row-${vote}`},
          h("th", {scope: "row"}, `${vote === "absent" ? "Did not vote" : VOTES[vote]} (${codes.length})`),
          h("td", {}, codes.length ? codes.map(name).join(", ") : "\u2013"))))),
      d.explanation ? h("p", {class: ["explanation", `result-${d.status}`]}, d.explanation) : null);
  });
  return h("section", {class: "votes", "aria-labelledby": "votes-heading"},
    h("h2", {id: "votes-heading"}, "Votes, draft by draft"),
    drafts.length ? drafts : h("p", {class: "hint"}, "No draft was put to the vote."));
}

/** The agreement matrix in words, for those who would rather read than look. */
function agreementTable(votes, name) {
  const council = votes.filter(d => d.body === "UNSC");
  const members = [...new Set(council.flatMap(d => Object.keys(d.votes)))].sort();
  if (council.length < 1 || members.length < 2) return null;
  const pairs = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const [a, b] = [members[i], members[j]];
      const both = council.filter(d => a in d.votes && b in d.votes);
      if (!both.length) continue;
      const alike = both.filter(d => d.votes[a] === d.votes[b]).length;
      pairs.push({a, b, share: alike / both.length, n: both.length});
    }
  }
  pairs.sort((x, y) => x.share - y.share);
  const apart = pairs.filter(p => p.share < 1);
  if (!apart.length) {
    return h("p", {class: "hint"}, "Every member of the Council voted alike on every draft.");
  }
  return h("details", {class: "agreement-words"}, h("summary", {}, "The pairs that voted apart most often, in words"),
    h("ul", {}, apart.slice(0, 12).map(p => h("li", {},
      `${name(p.a)} and ${name(p.b)}: alike on ${Math.round(p.share * 100)}% of ${p.n} vote${p.n === 1 ? "" : "s"}`))));
}

main();
