// The causality lab (instructor): from a moment of the game, play the rest many
// times under the real rules and under a counterfactual, and set the
// distributions side by side; any run opens in the replay.

import {api} from "../api.js";
import {byId, fill, h} from "../dom.js";
import {keepKey} from "../keys.js";
import {LEVEL_NAMES} from "../names.js";
import {openReview, replayHref, reviewProblem, showProblem} from "../review.js";

const gameId = document.body.dataset.gameId;
const OUTCOME_NAMES = {escalated: "Escalated", held: "Held", stepped_back: "Stepped back", withdrew: "Withdrew"};
const ARM_NAMES = {none: "The real rules", no_veto: "No veto", no_nato: "No NATO",
  no_article5: "No Article 5", vote: "A vote changed"};
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
      return showProblem("The causality lab is for the instructor: open it with the game's instructor key.");
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
  byId("game-title").textContent = `Causality lab: ${summary.title}`;
  document.title = `Causality lab: ${summary.title} · Crisis Table`;
  fill(byId("lab-links"), h("a", {href: `/replay/${gameId}`}, "Replay"), " · ", h("a", {href: `/debrief/${gameId}`}, "Debrief"));
  fill(byId("assumptions"), info.assumptions.map(a => h("li", {}, a)));
  buildForm(summary, info, debrief);
  byId("loading").hidden = true;
  document.body.dataset.ready = "true";
}

function buildForm(summary, info, debrief) {
  const names = new Map(summary.countries.map(c => [c.code, c.name]));
  const moment = byId("lab-moment");
  const wanted = Number(new URLSearchParams(location.search).get("seq") || 0);
  const points = summary.points.filter(p => p.kind !== "game_ended" && p.family !== "phase" || p.kind === "phase_started");
  const options = [h("option", {value: "0"}, "the start of the game (event 0)"),
    ...points.map(p => h("option", {value: String(p.seq)}, `Round ${p.round}: ${p.label} (event ${p.seq})`))];
  fill(moment, options);
  const best = [...points].reverse().find(p => p.seq <= wanted);
  moment.value = best ? String(best.seq) : "0";

  const changes = byId("lab-changes");
  const kinds = Object.keys(info.changes).filter(k => k !== "none");
  fill(changes, kinds.map(kind => h("label", {class: "check"},
    h("input", {type: "checkbox", name: "change", value: kind, checked: kind === "no_veto" || kind === "no_nato"}),
    " ", info.changes[kind])));

  const votes = debrief.votes.filter(d => d.body === "UNSC" && Object.keys(d.votes).length);
  const voteBox = byId("lab-vote");
  const draft = h("select", {id: "lab-vote-draft"}, votes.map(d => h("option", {value: d.draft}, `${d.draft} ${d.title || ""}`)));
  const country = h("select", {id: "lab-vote-country"});
  const choice = h("select", {id: "lab-vote-choice"}, ["yes", "no", "abstain"].map(v => h("option", {value: v}, v)));
  const fillCountries = () => {
    const d = votes.find(v => v.draft === draft.value);
    fill(country, Object.entries(d ? d.votes : {}).map(([code, vote]) =>
      h("option", {value: code}, `${names.get(code) || code} (voted ${vote})`)));
  };
  draft.addEventListener("change", fillCountries);
  fillCountries();
  fill(voteBox, votes.length
    ? [h("div", {class: "field"}, h("label", {for: "lab-vote-draft"}, "The draft"), draft),
      h("div", {class: "field"}, h("label", {for: "lab-vote-country"}, "The state"), country),
      h("div", {class: "field"}, h("label", {for: "lab-vote-choice"}, "Votes instead"), choice)]
    : h("p", {class: "hint"}, "No draft was put to the vote in this game."));
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
    status.textContent = `Playing ${body.runs * (picked.length + 1)} continuations…`;
    try {
      const data = await api("POST", `/api/games/${gameId}/lab`, {body, key});
      status.textContent = `Done: ${body.runs} continuations for each of ${data.arms.length} sets of rules, seeds ${data.seeds.first} to ${data.seeds.last}.`;
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
  if (c.kind === "vote") return `${names.get(c.country) || c.country} votes ${c.vote} on ${c.draft}`;
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
    h("thead", {}, h("tr", {}, head.map(t => h("th", {scope: "col"}, t)))),
    h("tbody", {}, rows.map(([label, ...cells]) => h("tr", {}, h("th", {scope: "row"}, label), cells.map(c => h("td", {}, String(c))))))));
}

function results(data, names) {
  const arms = data.arms;
  const labels = arms.map(a => armName(a, names));
  const legend = h("ul", {class: "arm-legend"}, labels.map((l, i) => h("li", {class: `arm-key arm-key-${i}`}, l)));
  const m = data.moment;
  const outcomeKeys = Object.keys(OUTCOME_NAMES).map(k => ({key: k, label: OUTCOME_NAMES[k]}));
  const levelKeys = Object.keys(arms[0].levels).map(k => ({key: k, label: LEVEL_NAMES[k] || k}));
  return [
    h("section", {class: "card", "aria-labelledby": "lab-out-heading"},
      h("h2", {id: "lab-out-heading"}, "How the aggressor ended"),
      h("p", {class: "hint"}, `${m.phase === "setup" ? "From the start of the game" : `From round ${m.round}, ${m.phase}`} ` +
        `(the ladder at ${LEVEL_NAMES[m.level] || m.level}, deterrence ${m.deterrence}): ` +
        "each bar counts the continuations in which the aggressor ended higher on the ladder, where it was, lower, or withdrew."),
      legend,
      h("figure", {class: "lab-chart"}, bars("How the aggressor ended, by set of rules", outcomeKeys, arms, (i, k) => arms[i].outcomes[k])),
      table("How the aggressor ended (continuations)", ["", ...labels],
        outcomeKeys.map(o => [o.label, ...arms.map(a => a.outcomes[o.key])]))),
    h("section", {class: "card", "aria-labelledby": "lab-level-heading"},
      h("h2", {id: "lab-level-heading"}, "Where the ladder ended"),
      h("figure", {class: "lab-chart"}, bars("The final rung of the ladder, by set of rules", levelKeys, arms, (i, k) => arms[i].levels[k]))),
    h("section", {class: "card", "aria-labelledby": "lab-toll-heading"},
      h("h2", {id: "lab-toll-heading"}, "The humanitarian toll and what the institutions decided"),
      table("The toll at the end", ["", ...labels], [
        ["Mean", ...arms.map(a => a.toll.mean)], ["Median", ...arms.map(a => a.toll.median)],
        ["1 run in 10 below", ...arms.map(a => a.toll.p10)], ["1 run in 10 above", ...arms.map(a => a.toll.p90)],
        ["Lowest – highest", ...arms.map(a => `${a.toll.min} – ${a.toll.max}`)]]),
      table("What the institutions decided after the moment", ["", ...labels], [
        ["Resolutions adopted (mean)", ...arms.map(a => a.decisions.resolutions)],
        ["Runs with a veto", ...arms.map(a => pct(a.decisions.with_veto))],
        ["Runs with Article 5 invoked", ...arms.map(a => pct(a.decisions.article5))],
        ["Runs with a text of the allies blocked", ...arms.map(a => pct(a.decisions.with_block))],
        ["Deterrence at the end (mean)", ...arms.map(a => a.deterrence)]])),
    h("section", {class: "card no-print", "aria-labelledby": "lab-runs-heading"},
      h("h2", {id: "lab-runs-heading"}, "Open a run in the replay"),
      h("p", {class: "hint"}, "Every run is rebuilt from its seed: open one to watch it move by move."),
      h("div", {class: "lab-run-lists"}, arms.map((arm, i) => h("div", {},
        h("h3", {}, labels[i]),
        h("ol", {class: "lab-runs"}, arm.runs_detail.slice(0, 8).map(run => h("li", {},
          `Seed ${run.seed}: ${(OUTCOME_NAMES[run.outcome] || run.outcome).toLowerCase()}, ${LEVEL_NAMES[run.level] || run.level}, toll ${run.toll} `,
          openButton(data, arm, run)))))))),
  ];
}

function pct(share) {
  return `${Math.round(share * 100)}%`;
}

function openButton(data, arm, run) {
  const button = h("button", {type: "button", class: "small"}, "Open in the replay");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const opened = await api("POST", `/api/games/${gameId}/lab/open`, {key, body: {
        seq: data.seq, change: arm.change, seed: run.seed, students: data.students}});
      keepKey(opened.game_id, opened.instructor_key);
      button.replaceWith(h("a", {href: replayHref(opened.game_id, 0)}, `Seed ${run.seed}: open the replay`));
    } catch (err) {
      button.disabled = false;
      showProblem(err.message);
    }
  });
  return button;
}

main();
