// The causality lab (instructor): from a moment of the game, play the rest many
// times under the real rules and under a counterfactual, and set the
// distributions side by side; any run opens in the replay.

import {api} from "../api.js";
import {byId, fill, h} from "../dom.js";
import {keepKey} from "../keys.js";
import {LEVEL_NAMES, PHASE_NAMES} from "../names.js";
import {openReview, replayHref, reviewProblem, showProblem} from "../review.js";
import {countryName, formatNumber, formatPercent, renderMsg, t, textOf} from "../i18n.js";
import {gameTitle, loadTexts, titledNodes} from "../texts.js";

const gameId = document.body.dataset.gameId;
const OUTCOME_NAMES = {escalated: t("Escalated"), held: t("Held"), stepped_back: t("Stepped back"), withdrew: t("Withdrew")};
const ARM_NAMES = {none: t("The real rules"), no_veto: t("No veto"), no_nato: t("No NATO"),
  no_article5: t("No Article 5"), vote: t("A vote changed")};
const VOTE_WORDS = {yes: t("yes"), no: t("no"), abstain: t("abstain")};
const SVG = "http://www.w3.org/2000/svg";

let key = null;

async function main() {
  byId("print").addEventListener("click", () => window.print());
  let opened;
  let info;
  let debrief;
  try {
    opened = await openReview(gameId);
    if (opened.summary.you.role !== "instructor") {
      return showProblem(t("The causality lab is for the instructor: open it with the game's instructor key."));
    }
    key = opened.key;
    [info, debrief] = await Promise.all([
      api("GET", "/api/lab-changes"),
      api("GET", `/api/games/${gameId}/debrief`, {key}),
    ]);
  } catch (err) {
    return showProblem(reviewProblem(err, gameId));
  }
  const {summary} = opened;
  await loadTexts(gameId, {key});
  const found = gameTitle(summary.title, summary.title_msg);
  const title = found.text;
  byId("game-title").replaceChildren(...titledNodes(t("Causality lab: {title}", {title: "{title}"}), found));
  document.title = `${t("Causality lab: {title}", {title})} · Crisis Table`;
  fill(byId("lab-links"), h("a", {href: `/replay/${gameId}`}, t("Replay")), " · ",
    h("a", {href: `/debrief/${gameId}`}, t("Debrief")));
  fill(byId("assumptions"), info.assumptions.map((a, i) => h("li", {}, renderMsg(info.assumptions_msg?.[i], a))));
  buildForm(summary, info, debrief);
  byId("loading").hidden = true;
  document.body.dataset.ready = "true";
}

function buildForm(summary, info, debrief) {
  const names = new Map(summary.countries.map(c => [c.code, countryName(c.code, null, c.name)]));
  const moment = byId("lab-moment");
  const wanted = Number(new URLSearchParams(location.search).get("seq") || 0);
  const points = summary.points.filter(p => p.kind !== "game_ended" && p.family !== "phase" || p.kind === "phase_started");
  const options = [h("option", {value: "0"}, t("the start of the game (event 0)")),
    ...points.map(p => h("option", {value: String(p.seq)},
      t("Round {round}: {label} (event {seq})", {round: p.round, label: textOf(p, "label"), seq: p.seq})))];
  fill(moment, options);
  const best = [...points].reverse().find(p => p.seq <= wanted);
  moment.value = best ? String(best.seq) : "0";

  const changes = byId("lab-changes");
  const kinds = Object.keys(info.changes).filter(k => k !== "none");
  fill(changes, kinds.map(kind => h("label", {class: "check"},
    h("input", {type: "checkbox", name: "change", value: kind, checked: kind === "no_veto" || kind === "no_nato"}),
    " ", ARM_NAMES[kind] || renderMsg(info.changes_msg?.[kind], info.changes[kind]))));

  const votes = debrief.votes.filter(d => d.body === "UNSC" && Object.keys(d.votes).length);
  const voteBox = byId("lab-vote");
  const draft = h("select", {id: "lab-vote-draft"}, votes.map(d => h("option", {value: d.draft}, `${d.draft} ${textOf(d, "title")}`)));
  const country = h("select", {id: "lab-vote-country"});
  const choice = h("select", {id: "lab-vote-choice"}, ["yes", "no", "abstain"].map(v => h("option", {value: v}, VOTE_WORDS[v])));
  const fillCountries = () => {
    const d = votes.find(v => v.draft === draft.value);
    fill(country, Object.entries(d ? d.votes : {}).map(([code, vote]) =>
      h("option", {value: code}, t("{country} (voted {vote})", {country: names.get(code) || code, vote: VOTE_WORDS[vote] || vote}))));
  };
  draft.addEventListener("change", fillCountries);
  fillCountries();
  fill(voteBox, votes.length
    ? [h("div", {class: "field"}, h("label", {for: "lab-vote-draft"}, t("The draft")), draft),
      h("div", {class: "field"}, h("label", {for: "lab-vote-country"}, t("The state")), country),
      h("div", {class: "field"}, h("label", {for: "lab-vote-choice"}, t("Votes instead")), choice)]
    : h("p", {class: "hint"}, t("No draft was put to the vote in this game.")));
  changes.addEventListener("change", () => {
    voteBox.hidden = !changes.querySelector("input[value=vote]").checked;
  });

  const form = byId("lab-form");
  form.hidden = false;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const picked = [...changes.querySelectorAll("input[name=change]:checked")].map(i => i.value);
    const body = {
      seq: Number(moment.value),
      runs: Number(byId("lab-runs").value) || info.runs,
      students: form.querySelector("input[name=students]:checked").value,
      changes: picked.map(kind => kind === "vote"
        ? {kind, draft: draft.value, country: country.value, vote: choice.value} : {kind}),
    };
    const status = byId("lab-status");
    const button = byId("lab-run");
    button.disabled = true;
    status.textContent = t("Playing {count} continuations…", {count: body.runs * (picked.length + 1)});
    try {
      const data = await api("POST", `/api/games/${gameId}/lab`, {body, key});
      status.textContent = t("Done: {runs} continuations for each of {arms} sets of rules, seeds {first} to {last}.",
        {runs: body.runs, arms: data.arms.length, first: String(data.seeds.first), last: String(data.seeds.last)});
      fill(byId("lab-results"), results(data, names));
    } catch (err) {
      status.textContent = "";
      showProblem(err.message);
    } finally {
      button.disabled = false;
    }
  });
}

function armName(arm, names) {
  const c = arm.change;
  if (c.kind === "vote") return t("{country} votes {vote} on {draft}", {country: names.get(c.country) || c.country, vote: VOTE_WORDS[c.vote] || c.vote, draft: c.draft});
  return ARM_NAMES[c.kind] || c.kind;
}

/** A grouped bar chart as SVG (built node by node: no markup from strings). */
function bars(title, categories, arms, values) {
  const width = 640;
  const rowH = 18 * arms.length + 10;
  const left = 130;
  const height = rowH * categories.length + 30;
  const max = Math.max(1, ...arms.flatMap((_, i) => categories.map(c => values(i, c.key))));
  const el = (tag, attrs, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "font-family": "sans-serif", "font-size": 12});
  svg.append(el("title", {}, title));
  categories.forEach((category, row) => {
    const y0 = 10 + row * rowH;
    svg.append(el("text", {x: left - 6, y: y0 + rowH / 2, "text-anchor": "end", fill: "#222"}, category.label));
    arms.forEach((arm, i) => {
      const value = values(i, category.key);
      const w = (width - left - 60) * value / max;
      svg.append(el("rect", {x: left, y: y0 + i * 18, width: Math.max(w, 1), height: 14, class: `arm-bar arm-${i}`}));
      svg.append(el("text", {x: left + Math.max(w, 1) + 4, y: y0 + i * 18 + 11, fill: "#222"}, String(value)));
    });
  });
  return svg;
}

function table(caption, head, rows) {
  return h("div", {class: "table-scroll"}, h("table", {class: "scores"},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, head.map(label => h("th", {scope: "col"}, label)))),
    h("tbody", {}, rows.map(([label, ...cells]) => h("tr", {}, h("th", {scope: "row"}, label), cells.map(c => h("td", {}, typeof c === "number" ? formatNumber(c) : String(c))))))));
}

function results(data, names) {
  const arms = data.arms;
  const labels = arms.map(a => armName(a, names));
  const legend = h("ul", {class: "arm-legend"}, labels.map((l, i) => h("li", {class: `arm-key arm-key-${i}`}, l)));
  const m = data.moment;
  const from = m.phase === "setup" ? t("From the start of the game")
    : t("From round {round}, {phase}", {round: m.round, phase: PHASE_NAMES[m.phase] || m.phase});
  const outcomeKeys = Object.keys(OUTCOME_NAMES).map(k => ({key: k, label: OUTCOME_NAMES[k]}));
  const levelKeys = Object.keys(arms[0].levels).map(k => ({key: k, label: LEVEL_NAMES[k] || k}));
  return [
    h("section", {class: "card", "aria-labelledby": "lab-out-heading"},
      h("h2", {id: "lab-out-heading"}, t("How the aggressor ended")),
      h("p", {class: "hint"}, t("{from} (the ladder at {level}, deterrence {deterrence}): each bar counts the continuations in " +
        "which the aggressor ended higher on the ladder, where it was, lower, or withdrew.", {
        from, level: LEVEL_NAMES[m.level] || m.level, deterrence: m.deterrence})),
      legend,
      h("figure", {class: "lab-chart"}, bars(t("How the aggressor ended, by set of rules"), outcomeKeys, arms, (i, k) => arms[i].outcomes[k])),
      table(t("How the aggressor ended (continuations)"), ["", ...labels],
        outcomeKeys.map(o => [o.label, ...arms.map(a => a.outcomes[o.key])]))),
    h("section", {class: "card", "aria-labelledby": "lab-level-heading"},
      h("h2", {id: "lab-level-heading"}, t("Where the ladder ended")),
      h("figure", {class: "lab-chart"}, bars(t("The final rung of the ladder, by set of rules"), levelKeys, arms, (i, k) => arms[i].levels[k]))),
    h("section", {class: "card", "aria-labelledby": "lab-toll-heading"},
      h("h2", {id: "lab-toll-heading"}, t("The humanitarian toll and what the institutions decided")),
      table(t("The toll at the end"), ["", ...labels], [
        [t("Mean"), ...arms.map(a => a.toll.mean)], [t("Median"), ...arms.map(a => a.toll.median)],
        [t("1 run in 10 below"), ...arms.map(a => a.toll.p10)], [t("1 run in 10 above"), ...arms.map(a => a.toll.p90)],
        [t("Lowest – highest"), ...arms.map(a => `${formatNumber(a.toll.min)} – ${formatNumber(a.toll.max)}`)]]),
      table(t("What the institutions decided after the moment"), ["", ...labels], [
        [t("Resolutions adopted (mean)"), ...arms.map(a => a.decisions.resolutions)],
        [t("Runs with a veto"), ...arms.map(a => pct(a.decisions.with_veto))],
        [t("Runs with Article 5 invoked"), ...arms.map(a => pct(a.decisions.article5))],
        [t("Runs with a text of the allies blocked"), ...arms.map(a => pct(a.decisions.with_block))],
        [t("Deterrence at the end (mean)"), ...arms.map(a => a.deterrence)]])),
    h("section", {class: "card no-print", "aria-labelledby": "lab-runs-heading"},
      h("h2", {id: "lab-runs-heading"}, t("Open a run in the replay")),
      h("p", {class: "hint"}, t("Every run is rebuilt from its seed: open one to watch it move by move.")),
      h("div", {class: "lab-run-lists"}, arms.map((arm, i) => h("div", {},
        h("h3", {}, labels[i]),
        h("ol", {class: "lab-runs"}, arm.runs_detail.slice(0, 8).map(run => h("li", {},
          t("Seed {seed}: {outcome}, {level}, toll {toll}", {seed: String(run.seed),
            outcome: (OUTCOME_NAMES[run.outcome] || run.outcome).toLowerCase(), level: LEVEL_NAMES[run.level] || run.level,
            toll: run.toll}), " ",
          openButton(data, arm, run)))))))),
  ];
}

function pct(share) {
  return formatPercent(share);
}

function openButton(data, arm, run) {
  const button = h("button", {type: "button", class: "small"}, t("Open in the replay"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const opened = await api("POST", `/api/games/${gameId}/lab/open`, {key, body: {
        seq: data.seq, change: arm.change, seed: run.seed, students: data.students}});
      keepKey(opened.game_id, opened.instructor_key);
      button.replaceWith(h("a", {href: replayHref(opened.game_id, 0)}, t("Seed {seed}: open the replay", {seed: String(run.seed)})));
    } catch (err) {
      button.disabled = false;
      showProblem(err.message);
    }
  });
  return button;
}

main();
