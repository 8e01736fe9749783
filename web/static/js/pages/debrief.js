// The debrief, printable: key outcomes with their rules and precedents, three
// lenses (realist, liberal, constructivist), each a reading of this game with
// its moments linked into the replay and its scores beneath as evidence, the
// charts, and each draft's votes.

import {api} from "../api.js";
import {byId, fill, h} from "../dom.js";
import {BODY_ABBREVIATIONS, DRAFT_STATUS, VOTES} from "../names.js";
import {chartFigure, constructivistLens, downloadCsv, keyOutcomes, liberalLens, openReview, realistLens, replayHref, reviewProblem, showProblem} from "../review.js";
import {reflectionSection} from "../ui/reflection.js";
import {countryName, formatDate, formatList, formatNumber, formatPercent, t, textOf, tn, tParts} from "../i18n.js";
import {gameTitle, loadTexts, reader, titledNodes} from "../texts.js";

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
  // The debrief reads the scenario's texts in its page's language, as the replay does (every
  // role sheet's objectives for an all-seeing reader).
  await loadTexts(gameId, {key: key || undefined,
    viewer: summary.all_seeing_replay && summary.you.role !== "instructor" ? "instructor" : undefined});
  // Countries by the scenario's names in this language, once its texts are read ("Yougoslavie",
  // "Union des Républiques socialistes soviétiques": names CLDR does not know).
  const names = new Map(summary.countries.map(c => [c.code, countryName(c.code, null, c.name)]));
  const name = code => names.get(code) || code;
  const found = gameTitle(summary.title, summary.title_msg);
  const title = found.text;
  byId("game-title").replaceChildren(...titledNodes(t("Debrief: {title}", {title: "{title}"}), found));
  document.title = `${t("Debrief: {title}", {title})} · Crisis Table`;
  byId("game-meta").textContent = [tn("{count} event", "{count} events", summary.seq),
    summary.status === "ended" ? t("the game has ended") : t("the game is still being played: this is the debrief so far"),
    t("printed {date}", {date: formatDate(new Date().toISOString())})].join(" · ");

  const actions = [h("a", {href: `/replay/${gameId}`, class: "button-link"}, t("Open the replay"))];
  const print = h("button", {type: "button", class: "primary", id: "print"}, t("Print the debrief"));
  print.addEventListener("click", () => window.print());
  actions.push(print);
  if (summary.you.role === "instructor") {
    actions.push(h("a", {href: `/lab/${gameId}`, class: "button-link"}, t("Open the causality lab")));
    actions.push(h("a", {href: `/reflection/${gameId}`, class: "button-link"}, t("Read the reflections")));
    const csv = h("button", {type: "button", id: "csv-download"}, t("Download the grading CSV"));
    csv.addEventListener("click", () => downloadCsv(gameId, key).catch(err => showProblem(err.message)));
    actions.push(csv);
  }
  fill(byId("debrief-actions"), actions);

  const reading = lens => debrief.lenses.find(r => r.lens === lens);
  const sections = [
    ["outcomes", t("Key outcomes")], ["history", t("Your class and history")], ["pictures", t("Pictures")],
    ["realist", t("Realist lens")], ["liberal", t("Liberal lens")],
    ["constructivist", t("Constructivist lens")], ["votes", t("Votes, draft by draft")],
    ["reflection-print", t("Reflection")],
  ];
  const contents = byId("contents");
  fill(contents, h("h2", {class: "visually-hidden"}, t("Contents")),
    h("ol", {class: "contents-list"}, sections.map(([id, label]) => h("li", {}, h("a", {href: `#${id}-heading`}, label)))));
  contents.hidden = false;

  const figures = h("div", {class: "charts"});
  const caretakers = debrief.caretakers.length;
  const reflectionSlot = h("div", {id: "reflection-slot"});
  fill(byId("debrief"),
    h("p", {class: "hint intro"}, t("Three ways to read the same game. Each lens starts with its idea in plain words, then " +
      "says what its school of thought would conclude about this game and why, linking each moment it rests on to the " +
      "replay; its scores follow as evidence."), caretakers ? " " : "", caretakers
      ? tn("{count} state was left to caretakers acting by a standing policy: what they did is shown apart from what the class decided.",
        "{count} states were left to caretakers acting by a standing policy: what they did is shown apart from what the class decided.",
        caretakers) : ""),
    keyOutcomes(gameId, debrief.outcomes),
    historySection(debrief.history),
    h("section", {class: "pictures", "aria-labelledby": "pictures-heading"},
      h("h2", {id: "pictures-heading"}, t("Pictures")), figures,
      agreementTable(debrief.votes, name)),
    realistLens(gameId, debrief.realist, {reading: reading("realist")}),
    liberalLens(gameId, debrief.liberal, {reading: reading("liberal")}),
    constructivistLens(gameId, debrief.constructivist, reading("constructivist"), name),
    votesSection(debrief.votes, name),
    reflectionSlot);
  byId("loading").hidden = true;

  const charts = await Promise.all([
    chartFigure(gameId, "crisis", key, t("The escalation ladder and deterrence over the game, by round, with the decisions that moved them")),
    chartFigure(gameId, "agreement", key, t("How often Council members voted together")),
    chartFigure(gameId, "network", key, t("Who talked to whom in private, and how much")),
  ]);
  figures.append(...charts);
  if (summary.you.role === "instructor" || summary.status === "ended") {
    try {
      const answers = await api("GET", `/api/games/${gameId}/reflection`, {key: key || undefined});
      fill(reflectionSlot, reflectionSection(answers, name));
    } catch (err) {
      fill(reflectionSlot, h("p", {class: "hint"}, t("The reflection could not be loaded: {reason}", {reason: err.message})));
    }
  }
  document.body.dataset.ready = "true";
}

const VERDICTS = {agree: t("agrees"), part: t("parts"), no_counterpart: t("no counterpart"), not_reached: t("not reached")};

/** Your class and history: each decision of the class beside the real one of the same body on
 * the same question, and the real decisions the class never reached. */
function historySection(history) {
  const read = reader();
  const source = p => p.source ? h("span", {class: "history-source"}, " ", t("Source:"), " ",
    p.url ? read.own(p.entry && `history.${p.entry}.source`, p.source, "a", {href: p.url, rel: "noopener"})
      : read.own(p.entry && `history.${p.entry}.source`, p.source), ".") : null;
  const line = (p, linked) => h("li", {class: ["entry", "history-pair", `verdict-${p.verdict}`], "data-verdict": p.verdict},
    h("span", {class: "pts"}, VERDICTS[p.verdict] || p.verdict), " ",
    h("div", {class: "history-text"},
      linked && p.seq ? h("a", {href: replayHref(gameId, p.seq), class: "reason"}, read.field(p, "sentence"),
        h("span", {class: "seq"}, ` ${t("(event {seq})", {seq: p.seq})}`))
        : h("span", {class: "reason"}, read.field(p, "sentence")),
      // An event of the world says its own words in its sentence.
      p.proposed && p.body !== "WORLD" && (p.verdict === "not_reached" || !p.symbol) ? h("span", {class: "history-proposed"},
        tParts("What was proposed: {text}", {text: read.own(p.entry && `history.${p.entry}.proposed`, p.proposed)})) : null,
      source(p)));
  const parts = [h("h2", {id: "history-heading"}, t("Your class and history"))];
  if (!history || !history.track) {
    parts.push(h("p", {class: "hint"}, (history?.note ? textOf(history, "note") : t("This scenario has no history track."))));
  } else {
    parts.push(h("p", {class: "hint"}, t("Each decision your class took, set beside the real decision of the same body on the " +
      "same question, from the scenario's history track: where they agree and where they part.")));
    parts.push(history.pairs.length ? h("ul", {class: "entries history-pairs"}, history.pairs.map(p => line(p, true)))
      : h("p", {class: "hint"}, t("Your class took no decision to set beside history.")));
    if (history.not_reached.length) {
      parts.push(h("h3", {id: "history-missed"}, t("What the real crisis decided that your class never reached")),
        h("ul", {class: "entries history-missed"}, history.not_reached.map(p => line(p, false))));
    }
    parts.push(read.note());
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
      h("h3", {}, h("span", {class: "symbol"}, d.draft), ` ${textOf(d, "title") || t("(untitled)")} `,
        h("span", {class: ["badge", `status-${d.status}`]}, DRAFT_STATUS[d.status] || d.status),
        d.body !== "UNSC" ? h("span", {class: "hint"}, ` (${BODY_ABBREVIATIONS[d.body] || d.body})`) : null),
      h("table", {class: "vote-table"},
        h("caption", {class: "visually-hidden"}, t("Votes on {draft}", {draft: d.draft})),
        h("thead", {}, h("tr", {}, h("th", {scope: "col"}, t("Vote")), h("th", {scope: "col"}, t("Members")))),
        h("tbody", {}, rows.map(([vote, codes]) => h("tr", {class: `vote-row vote-row-${vote}`},
          h("th", {scope: "row"}, `${vote === "absent" ? t("Did not vote") : VOTES[vote]} (${formatNumber(codes.length)})`),
          h("td", {}, codes.length ? formatList(codes.map(name)) : "\u2013"))))),
      d.explanation ? h("p", {class: ["explanation", `result-${d.status}`]}, textOf(d, "explanation")) : null);
  });
  return h("section", {class: "votes", "aria-labelledby": "votes-heading"},
    h("h2", {id: "votes-heading"}, t("Votes, draft by draft")),
    drafts.length ? drafts : h("p", {class: "hint"}, t("No draft was put to the vote.")));
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
    return h("p", {class: "hint"}, t("Every member of the Council voted alike on every draft."));
  }
  return h("details", {class: "agreement-words"}, h("summary", {}, t("The pairs that voted apart most often, in words")),
    h("ul", {}, apart.slice(0, 12).map(p => h("li", {},
      tn("{a} and {b}: alike on {share} of {count} vote", "{a} and {b}: alike on {share} of {count} votes", p.n,
        {a: name(p.a), b: name(p.b), share: formatPercent(p.share)})))));
}

main();
