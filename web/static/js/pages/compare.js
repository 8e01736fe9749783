// A game and its what-if fork side by side: the timelines from where they part,
// the crisis charts, and both lenses, with what changed between them first.

import {api} from "../api.js";
import {byId, fill, h} from "../dom.js";
import {LIBERAL_ACCOUNTS, chartFigure, instructorKey, liberalLens, realistLens, replayHref, showProblem, signed} from "../review.js";
import {countryName, formatNumber, t, textOf, tn} from "../i18n.js";
import {gameTitle, itemText, loadTexts} from "../texts.js";

const a = document.body.dataset.gameA;
const b = document.body.dataset.gameB;

async function main() {
  byId("print").addEventListener("click", () => window.print());
  const key = instructorKey(a) || instructorKey(b);
  if (!key) {
    return showProblem(t("This browser does not hold the instructor key of these games. Open the comparison from the " +
      "instructor's replay, where the fork was made."));
  }
  let data;
  try {
    data = await api("GET", `/api/games/${a}/compare/${b}`, {key});
  } catch (err) {
    return showProblem(err.code === "bad_instructor_key"
      ? t("The instructor key in this browser opens only one of these games: open the comparison from the original game's replay.")
      : err.message);
  }
  // The two games play one scenario: its texts in this page's language, read from the game
  // whose key this browser holds.
  await loadTexts(instructorKey(a) ? a : b, {key});
  byId("loading").hidden = true;
  const titleA = gameTitle(data.a.title, data.a.title_msg).text;
  byId("compare-title").textContent = t("{a} and {b}", {a: titleA, b: gameTitle(data.b.title, data.b.title_msg).text});
  document.title = `${t("Compare: {title}", {title: titleA})} · Crisis Table`;

  const shared = sharedPoints(data.a.points, data.b.points);
  const partAt = shared.length ? shared[shared.length - 1].seq : 0;
  byId("compare-meta").textContent = shared.length
    ? tn("Both games share their first decision point, up to event {seq}; then they part.",
      "Both games share their first {count} decision points, up to event {seq}; then they part.", shared.length, {seq: partAt})
    : t("The two games have no decision point in common.");
  if (!data.b.points.slice(shared.length).some(p => p.kind !== "rules_changed")) {
    // An unplayed fork has nothing of its own yet: no empty tables and charts, one clear sentence.
    fill(byId("sides"), h("p", {class: "notice unplayed"}, t("The what-if has not been played yet: nothing has happened " +
      "in it since the two games parted. Open its instructor panel, resume it and play it forward with the class; " +
      "the comparison appears here then.")));
    document.body.dataset.ready = "true";
    return;
  }
  renderDifferences(data);
  const sides = await Promise.all([side("a", data.a, shared.length, key, t("The game as played")),
    side("b", data.b, shared.length, key, t("The what-if"))]);
  fill(byId("sides"), sides);
  document.body.dataset.ready = "true";
}

function sharedPoints(pa, pb) {
  const out = [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x.seq !== y.seq || x.kind !== y.kind || x.label !== y.label) break;
    out.push(x);
  }
  return out;
}

function renderDifferences(data) {
  const la = data.a.debrief.liberal;
  const lb = data.b.debrief.liberal;
  const rows = [[t("Liberal lens, in all"), la.total, lb.total],
    ...LIBERAL_ACCOUNTS.map(([k, label]) => [label, la[k].total, lb[k].total])];
  const ra = new Map(data.a.debrief.realist.map(s => [s.country, s]));
  const moved = data.b.debrief.realist
    .map(s => ({name: countryName(s.country, null, s.name), before: ra.get(s.country)?.total ?? 0, after: s.total}))
    .filter(s => s.before !== s.after)
    .sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before)).slice(0, 8);
  const box = byId("differences");
  const readings = (data.a.debrief.lenses || []).map(ra => {
    const rb = (data.b.debrief.lenses || []).find(x => x.lens === ra.lens);
    return [textOf(ra, "title"), textOf(ra, "verdict"), rb ? textOf(rb, "verdict") : "\u2013"];
  });
  fill(box, h("h2", {id: "differences-heading"}, t("What changed")),
    readings.length ? h("div", {class: "table-scroll"}, h("table", {class: "scores"},
      h("caption", {}, t("The three lenses, in a few words")),
      h("thead", {}, h("tr", {}, h("th", {scope: "col"}, t("Lens")), h("th", {scope: "col"}, t("As played")),
        h("th", {scope: "col"}, t("What-if")))),
      h("tbody", {}, readings.map(([title, x, y]) => h("tr", {class: x !== y ? "changed" : ""},
        h("th", {scope: "row"}, title), h("td", {}, x), h("td", {}, y)))))) : null,
    h("div", {class: "table-scroll"}, h("table", {class: "scores"},
      h("caption", {}, t("The liberal lens: did the institutions work?")),
      h("thead", {}, h("tr", {}, h("th", {scope: "col"}, t("Account")), h("th", {scope: "col"}, t("As played")),
        h("th", {scope: "col"}, t("What-if")), h("th", {scope: "col"}, t("Change")))),
      h("tbody", {}, rows.map(([label, x, y]) => h("tr", {class: x !== y ? "changed" : ""},
        h("th", {scope: "row"}, label), h("td", {}, signed(x)), h("td", {}, signed(y)), h("td", {}, signed(y - x))))))),
    moved.length ? h("div", {class: "table-scroll"}, h("table", {class: "scores"},
      h("caption", {}, t("The realist lens: the states whose score moved most")),
      h("thead", {}, h("tr", {}, h("th", {scope: "col"}, t("State")), h("th", {scope: "col"}, t("As played")),
        h("th", {scope: "col"}, t("What-if")), h("th", {scope: "col"}, t("Change")))),
      h("tbody", {}, moved.map(s => h("tr", {}, h("th", {scope: "row"}, s.name), h("td", {}, formatNumber(s.before)),
        h("td", {}, formatNumber(s.after)), h("td", {}, signed(s.after - s.before)))))))
      : h("p", {class: "hint"}, t("No state's realist score moved.")));
  box.hidden = false;
}

async function side(name, game, sharedCount, key, role) {
  const later = game.points.slice(sharedCount);
  const chart = await chartFigure(game.game_id, "crisis", key, t("Escalation and deterrence"));
  return h("section", {class: ["side", `side-${name}`], "aria-labelledby": `side-${name}-heading`},
    h("p", {class: "side-role"}, role),
    h("h2", {id: `side-${name}-heading`}, h("a", {href: `/replay/${game.game_id}`}, gameTitle(game.title, game.title_msg).text)),
    h("p", {class: "hint"}, tn("{count} event.", "{count} events.", game.seq)),
    h("h3", {}, t("The timeline after they part")),
    later.length ? h("ol", {class: "points compare-points"}, later.map(p => h("li", {class: ["point", `fam-${p.family}`]},
      h("a", {href: replayHref(game.game_id, p.seq)}, h("span", {class: "point-when"}, t("Round {round} · event {seq}", {round: p.round, seq: p.seq})),
        " ", h("span", {class: "point-label"}, itemText(p, "label").text)))))
      : h("p", {class: "hint"}, t("No decision point after the fork yet: play the what-if forward.")),
    chart,
    liberalLens(game.game_id, game.debrief.liberal, {headingLevel: "h3", id: `${name}-liberal`}),
    realistLens(game.game_id, game.debrief.realist, {headingLevel: "h3", id: `${name}-realist`, details: false}));
}

main();
