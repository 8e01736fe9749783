// The replay: the whole game on a timeline, any moment of it through the eyes
// the reviewer may open. The instructor also pins notes, opens the all-seeing
// view to the class, and forks a what-if from any moment.
//
// Nothing here decides what a perspective shows: the server sends the view of
// that moment for that perspective (and refuses one the reviewer may not open);
// the page renders it with the table's read-only parts.

import {ApiError, api} from "../api.js";
import {byId, field, fill, h, setOptions, svg, uid} from "../dom.js";
import {forgetKeyButton, keepKey, withKey} from "../keys.js";
import {announce, alertNow} from "../live.js";
import {MOVES, setScenarioMeasures} from "../names.js";
import {renderBriefing, renderCrisis, roleSheet} from "../ui/briefing.js";
import {Channels} from "../ui/channels.js";
import {Council} from "../ui/council.js";
import {LeagueMember} from "../ui/league.js";
import {NorthAtlanticCouncil} from "../ui/nac.js";
import {renderNews} from "../ui/news.js";
import {loadRules} from "../ui/rules.js";
import {renderStatus} from "../ui/status.js";
import {Tabs} from "../ui/tabs.js";
import {downloadCsv, openReview, reviewProblem, showProblem} from "../review.js";
import {studentReflection} from "../ui/reflection.js";
import {countryName, t, textOf} from "../i18n.js";
import {gameTitle, itemText, loadTexts, onTexts, reader, textsVersion, titledNodes, untranslatedBadge} from "../texts.js";

const gameId = document.body.dataset.gameId;

const FAMILIES = {
  vote: t("Votes"), veto: t("Vetoes"), silence: t("Silence broken"), article5: t("Article 5"), nac: t("North Atlantic Council"),
  inject: t("News and incidents"), aggressor: t("The aggressor's moves"), article51: t("Self-defence"), pledge: t("Pledges"),
  phase: t("Rounds and phases"),
};

const FILTERS = [
  {value: "all", label: t("Every decision point and note")},
  {value: "decisions", label: t("Decisions only (no phases, no pledges)")},
  {value: "council", label: t("The Security Council: votes and vetoes")},
  {value: "nato", label: t("NATO: silence, Article 4 and 5, pledges")},
  {value: "world", label: t("News, incidents and the aggressor")},
  {value: "notes", label: t("The instructor's notes")},
];
const FILTER_FAMILIES = {
  decisions: f => !["phase", "pledge"].includes(f),
  council: f => ["vote", "veto"].includes(f),
  nato: f => ["silence", "article5", "nac", "pledge"].includes(f),
  world: f => ["inject", "aggressor", "article51"].includes(f),
  notes: () => false,
};

const CARETAKER_VOTES = {
  abstain: t("Abstains on every draft (the default)"), yes: t("Votes yes on every draft"), no: t("Votes no on every draft"),
  absent: t("Does not vote"), follow: t("Votes as another country votes"),
};
const CARETAKER_SILENCE = {
  keep: t("Keeps silence (the default)"), article5: t("Breaks silence on Article 5 determinations"),
  all: t("Breaks silence on every text"),
};
const AGGRESSOR_PRESETS = {
  hawk: {label: t("A hawk: escalates often, hardly deterred"),
    policy: {escalate: 0.7, hold: 0.2, de_escalate: 0.08, withdraw: 0.02, sensitivity: 0.5}},
  cautious: {label: t("Cautious: holds, easily deterred"),
    policy: {escalate: 0.2, hold: 0.5, de_escalate: 0.25, withdraw: 0.05, sensitivity: 2}},
  retreat: {label: t("Looking for a way out: ready to withdraw"),
    policy: {escalate: 0.1, hold: 0.3, de_escalate: 0.3, withdraw: 0.3, sensitivity: 1.5}},
  custom: {label: t("Odds of my own"),
    policy: {escalate: 0.45, hold: 0.3, de_escalate: 0.2, withdraw: 0.05, sensitivity: 1}},
};

const r = {
  key: null, summary: null, you: null, viewer: "public", seq: 0, max: 0,
  notes: [], view: null, rules: null, inflight: null, timer: null, filter: "all",
};

async function main() {
  const params = new URLSearchParams(location.search);
  let opened;
  try {
    opened = await openReview(gameId);
  } catch (err) {
    return showProblem(reviewProblem(err, gameId));
  }
  r.key = opened.key;
  r.you = opened.summary.you;
  r.rules = await loadRules();
  const wanted = params.get("viewer");
  r.viewer = defaultViewer(opened.summary);
  if (wanted && perspectives(opened.summary).some(p => p.value === wanted)) r.viewer = wanted;
  r.summary = opened.summary;
  if (r.summary.viewer !== r.viewer) await refreshSummary();
  // The scenario's texts in this page's language: every role sheet's for an all-seeing
  // reviewer, else the reviewer's own country's.
  const allSeeing = r.you.role === "instructor" || r.summary.all_seeing_replay;
  await loadTexts(gameId, {key: r.key || undefined, viewer: allSeeing ? "instructor" : undefined});
  onTexts(() => {
    if (r.view) render(r.view);
    if (r.view && byId("now-line").textContent) showMoment();
  });
  const seq = Number(params.get("seq"));
  r.seq = params.has("seq") && Number.isFinite(seq) ? clamp(seq) : r.summary.seq;

  byId("loading").hidden = true;
  byId("scrubber").hidden = false;
  byId("replay-layout").hidden = false;
  const found = gameTitle(r.summary.title, r.summary.title_msg);
  const title = found.text;
  byId("game-title").replaceChildren(...titledNodes(t("Replay: {title}", {title: "{title}"}), found));
  document.title = `${t("Replay: {title}", {title})} · Crisis Table`;
  buildLinks();
  buildScrubber();
  buildStatePanel();
  if (r.you.role === "instructor") buildTools();
  else if (r.summary.status === "ended") studentReflection(gameId, byId("reflection"));
  setOptions(byId("points-filter"), FILTERS);
  byId("points-filter").addEventListener("change", () => { r.filter = byId("points-filter").value; renderPoints(); });
  applySummary();
  go(r.seq, {announceIt: false});
  setInterval(poll, r.summary.status === "ended" ? 30_000 : 10_000);
}

function headers() {
  const out = {accept: "application/json"};
  if (r.key) out.authorization = `Bearer ${r.key}`;
  return out;
}

function call(method, path, body) {
  return api(method, path, {key: r.key || undefined, body});
}

function clamp(seq) {
  return Math.max(0, Math.min(Math.round(seq), r.summary?.seq ?? 0));
}

function defaultViewer(summary) {
  if (summary.you.role === "instructor") return "instructor";
  return summary.you.country || "public";
}

/** The perspectives this reviewer may open, and only those. */
function perspectives(summary) {
  const you = summary.you;
  const all = you.role === "instructor" || summary.all_seeing_replay;
  const out = [];
  if (all) out.push({value: "instructor", label: t("All-seeing: every seat, every secret")});
  out.push({value: "public", label: t("The public: what the projector showed")});
  for (const c of summary.countries) {
    if (all || c.code === you.country) {
      const name = countryName(c.code, null, c.name);
      out.push({value: c.code, label: c.code === you.country ? t("{country} (your country)", {country: name}) : name});
    }
  }
  return out;
}

async function refreshSummary() {
  const summary = await call("GET", `/api/games/${gameId}/review?viewer=${encodeURIComponent(r.viewer)}`);
  r.summary = summary;
  r.you = summary.you;
  return summary;
}

function applySummary() {
  const s = r.summary;
  r.max = s.seq;
  r.notes = s.annotations || [];
  const slider = byId("moment");
  slider.max = String(s.seq);
  setOptions(byId("perspective"), perspectives(s));
  byId("perspective").value = r.viewer;
  const hint = r.you.role === "instructor"
    ? (s.all_seeing_replay
      ? t("You see every perspective. Students see their own country's and the public's, and, as you allowed, every other.")
      : t("You see every perspective. Students see their own country's and the public's unless you open the all-seeing view."))
    : s.all_seeing_replay ? t("Your teacher opened every perspective: look through any country's eyes.")
      : t("You see the game through your own country's eyes or the public's; your teacher can open the others.");
  byId("perspective-hint").textContent = hint;
  const live = byId("live-hint");
  live.hidden = s.status === "ended";
  live.textContent = s.status === "ended" ? "" : t("The game is still being played: the timeline grows as it goes. " +
    "At the end of the timeline, the replay follows the game.");
  if (r.allSeeing) r.allSeeing.checked = Boolean(s.all_seeing_replay);
  renderTrack();
  renderPoints();
  renderHistory();
}

async function poll() {
  if (document.visibilityState !== "visible") return;
  const atEnd = r.seq === r.max;
  const viewerBefore = r.viewer;
  const before = JSON.stringify([r.summary.seq, r.summary.all_seeing_replay, r.summary.annotations, r.summary.points.length]);
  try {
    await refreshSummary();
  } catch (err) {
    if (err.code === "perspective_closed") {
      // The instructor closed the all-seeing view again: back to the reviewer's own eyes.
      r.viewer = defaultViewer({you: r.you});
      await refreshSummary().catch(() => null);
    } else {
      return;
    }
  }
  const after = JSON.stringify([r.summary.seq, r.summary.all_seeing_replay, r.summary.annotations, r.summary.points.length]);
  if (before === after && r.viewer === viewerBefore) return;
  if (r.viewer !== viewerBefore) {
    rebuildStatePanel();
    announce(t("The instructor closed the other perspectives: back to your own country's eyes."));
  }
  applySummary();
  go(atEnd ? r.summary.seq : r.seq, {announceIt: false, force: true});
}

// Links: the debrief, the CSV, the instructor's panel.

function buildLinks() {
  const links = [h("a", {href: `/debrief/${gameId}`}, t("Debrief: the two lenses, charts and votes"))];
  if (r.you.role === "instructor") {
    links.push(" · ", h("a", {href: `/instructor/${gameId}`}, t("Instructor panel")), " ",
      forgetKeyButton(gameId, {onForget: () => location.replace(location.pathname)}));
    const csv = h("button", {type: "button", class: "link-button", id: "csv-download"}, t("Download the grading CSV"));
    csv.addEventListener("click", async () => {
      try {
        await downloadCsv(gameId, r.key);
      } catch (err) {
        showProblem(err.message);
      }
    });
    links.push(" · ", csv);
  }
  fill(byId("review-links"), links);
}

// The scrubber: a range input, a drawn track, steppers.

function buildScrubber() {
  const slider = byId("moment");
  slider.addEventListener("input", () => {
    clearTimeout(r.timer);
    const seq = Number(slider.value);
    r.timer = setTimeout(() => go(seq, {fromSlider: true}), 80);
  });
  const perspective = byId("perspective");
  perspective.addEventListener("change", async () => {
    r.viewer = perspective.value;
    try {
      await refreshSummary();
    } catch (err) {
      showProblem(err.message);
      return;
    }
    rebuildStatePanel();
    applySummary();
    go(r.seq, {force: true, announceIt: false});
    announce(t("Now through the eyes of {viewer}.", {viewer: perspective.selectedOptions[0]?.textContent || r.viewer}));
  });
  const step = (label, aria, target) => {
    const button = h("button", {type: "button", class: "small", "aria-label": aria}, label);
    button.addEventListener("click", () => go(target()));
    return button;
  };
  fill(byId("steppers"),
    step(t("\u00ab Start"), t("Go to the start of the game"), () => 0),
    step(t("\u25c0 Decision"), t("Previous decision point"), () => {
      const prev = [...visiblePoints()].reverse().find(p => p.seq < r.seq);
      return prev ? prev.seq : 0;
    }),
    step(t("\u25c1 Event"), t("One event back"), () => r.seq - 1),
    step(t("Event \u25b7"), t("One event forward"), () => r.seq + 1),
    step(t("Decision \u25b6"), t("Next decision point"), () => {
      const next = visiblePoints().find(p => p.seq > r.seq);
      return next ? next.seq : r.max;
    }),
    step(t("End \u00bb"), t("Go to the end"), () => r.max));
}

function visiblePoints() {
  const test = FILTER_FAMILIES[r.filter];
  return r.summary.points.filter(p => !test || test(p.family));
}

function renderTrack() {
  const width = 1000;
  const x = seq => (r.max ? (seq / r.max) * width : 0).toFixed(1);
  const marks = r.summary.points.map(p => svg("line", {x1: x(p.seq), x2: x(p.seq), y1: 6, y2: 34,
    class: `tick fam-${p.family}`}, svg("title", {}, `${itemText(p, "label").text} ${t("(event {seq})", {seq: p.seq})}`)));
  const pins = r.notes.map(n => svg("line", {x1: x(n.seq), x2: x(n.seq), y1: 0, y2: 40, class: "pin"},
    svg("title", {}, t("Note: {text}", {text: n.text}))));
  // The history track's real dates, each at the start of the round that stands for it.
  const real = (r.summary.history || []).filter(m => m.seq !== null && m.seq !== undefined);
  const history = real.map(m => svg("polygon", {points: `${x(m.seq)},0 ${Number(x(m.seq)) - 6},9 ${Number(x(m.seq)) + 6},9`,
    class: "history-mark", "data-entry": m.entry}, svg("title", {}, t("{label}: {value}", {label: textOf(m, "when"), value: textOf(m, "label")}))));
  r.cursor = svg("line", {x1: x(r.seq), x2: x(r.seq), y1: 0, y2: 40, class: "cursor"});
  const drawing = svg("svg", {viewBox: `0 0 ${width} 40`, preserveAspectRatio: "none", class: "track",
    "aria-hidden": "true", focusable: "false"},
  svg("rect", {x: 0, y: 18, width, height: 4, class: "track-line"}), marks, history, pins, r.cursor);
  drawing.addEventListener("click", event => {
    const box = drawing.getBoundingClientRect();
    go(Math.round(((event.clientX - box.left) / box.width) * r.max));
  });
  const families = [...new Set(r.summary.points.map(p => p.family))];
  const legend = h("ul", {class: "legend", "aria-label": t("The colours of the track")},
    families.map(f => h("li", {}, h("span", {class: `swatch fam-${f}`, "aria-hidden": "true"}), FAMILIES[f] || f)),
    r.notes.length ? h("li", {}, h("span", {class: "swatch pin-swatch", "aria-hidden": "true"}), t("Notes")) : null,
    real.length ? h("li", {}, h("span", {class: "swatch history-swatch", "aria-hidden": "true"}), t("Real dates (what really happened)")) : null);
  fill(byId("track"), drawing, legend);
}

/** What really happened: the history track's real dates, each a way to the round that
 * stands for it in this game (or listed by its date only). */
function renderHistory() {
  const card = byId("history-card");
  const track = r.summary.history || [];
  card.hidden = !track.length;
  if (!track.length) return;
  const key = `${textsVersion()} ${JSON.stringify(track.map(m => [m.entry, m.seq]))}`;
  if (card.dataset.key === key) return;
  card.dataset.key = key;
  const read = reader();
  const dates = h("ol", {class: "history-dates"}, track.map(m => {
    const jump = m.seq !== null && m.seq !== undefined
      ? h("button", {type: "button", class: "point-button", "data-seq": String(m.seq)},
        h("span", {class: "point-when"}, t("{when} · round {round}", {when: textOf(m, "when"), round: m.round})),
        h("span", {class: "point-label"}, read.field(m, "label")))
      : null;
    jump?.addEventListener("click", () => go(m.seq));
    return h("li", {class: "history-date", "data-entry": m.entry}, jump ||
      h("p", {}, h("span", {class: "point-when"}, m.round ? t("{when} · round {round} (not reached)", {when: textOf(m, "when"), round: m.round}) : textOf(m, "when")), " ",
        h("span", {class: "point-label"}, read.field(m, "label"))));
  }));
  fill(card, h("h2", {id: "history-heading"}, t("What really happened")),
    h("p", {class: "hint"}, t("The real dates of the crisis, on the timeline as ▲ at the round that stands for them.")),
    dates, read.note());
}

function moveCursor() {
  if (!r.cursor) return;
  const x = (r.max ? (r.seq / r.max) * 1000 : 0).toFixed(1);
  r.cursor.setAttribute("x1", x);
  r.cursor.setAttribute("x2", x);
}

// The list of decision points (and notes), each a way to jump there.

function renderPoints() {
  const list = byId("points");
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.seq : null;
  const notesAt = new Map();
  for (const n of r.notes) notesAt.set(n.seq, [...(notesAt.get(n.seq) || []), n]);
  const items = [];
  if (r.filter !== "notes") {
    for (const p of visiblePoints()) items.push({seq: p.seq, point: p});
  }
  for (const n of r.notes) {
    if (r.filter === "notes" || !items.some(i => i.seq === n.seq)) items.push({seq: n.seq, point: null});
  }
  items.sort((a, b) => a.seq - b.seq);
  const seen = new Set();
  const out = [];
  for (const item of items) {
    const id = `${item.seq}:${item.point?.kind || "note"}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const p = item.point;
    const button = h("button", {type: "button", class: "point-button", "data-seq": String(item.seq)},
      h("span", {class: "point-when"}, p ? t("Round {round} · event {seq}", {round: p.round, seq: item.seq}) : t("Event {seq}", {seq: item.seq})),
      h("span", {class: "point-label"}, p ? itemText(p, "label").text : t("A note from the instructor")),
      p ? h("span", {class: `badge fam-badge fam-${p.family}`}, FAMILIES[p.family] || p.family) : null);
    button.addEventListener("click", () => go(item.seq));
    const notes = notesAt.get(item.seq) || [];
    out.push(h("li", {class: ["point", p ? `fam-${p.family}` : "point-note"], "data-seq": String(item.seq)}, button,
      notes.map(n => noteBox(n, {compact: true}))));
  }
  if (!out.length) out.push(h("li", {class: "hint"}, t("Nothing of this kind in this game.")));
  fill(list, out);
  if (focused !== null && focused !== undefined) list.querySelector(`.point-button[data-seq="${focused}"]`)?.focus();
  markCurrentPoint();
}

function markCurrentPoint() {
  const list = byId("points");
  let current = null;
  for (const li of list.querySelectorAll("li[data-seq]")) {
    const button = li.querySelector(".point-button");
    const here = Number(li.dataset.seq) <= r.seq;
    if (here) current = li;
    button.removeAttribute("aria-current");
    li.classList.remove("current");
  }
  if (current) {
    current.classList.add("current");
    current.querySelector(".point-button").setAttribute("aria-current", "step");
    // Keep it in view inside the list, without scrolling the page.
    if (list.scrollHeight > list.clientHeight + 4) {
      const top = current.offsetTop - list.offsetTop;
      if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - 40) list.scrollTop = Math.max(0, top - 60);
    }
  }
}

function noteBox(note, {compact = false} = {}) {
  const parts = [h("span", {class: "note-flag"}, compact ? t("Note:") + " " : `${t("Note from the instructor at event {seq}:", {seq: note.seq})} `),
    h("span", {class: "note-text"}, note.text)];
  if (r.you.role === "instructor" && !compact) {
    const del = h("button", {type: "button", class: "small danger", "aria-label": t("Delete the note \u201c{text}\u201d", {text: note.text.slice(0, 40)})},
      t("Delete"));
    del.addEventListener("click", async () => {
      try {
        await call("DELETE", `/api/games/${gameId}/annotations/${note.id}`);
        r.notes = r.notes.filter(n => n.id !== note.id);
        r.summary.annotations = r.notes;
        renderTrack();
        renderPoints();
        renderNotesHere();
        announce(t("Note deleted."));
      } catch (err) {
        alertNow(err.message);
        showProblem(err.message);
      }
    });
    parts.push(" ", del);
  }
  return h("p", {class: ["note", compact ? "note-compact" : ""]}, parts);
}

function renderNotesHere() {
  const here = r.notes.filter(n => n.seq === r.seq);
  fill(byId("notes-here"), here.map(n => noteBox(n)));
}

// Moving through time.

function go(seq, {fromSlider = false, announceIt = true, force = false} = {}) {
  const target = clamp(seq);
  if (target === r.seq && !force && r.view) return;
  r.seq = target;
  const slider = byId("moment");
  if (!fromSlider) slider.value = String(target);
  slider.setAttribute("aria-valuetext", describeMoment().text);
  byId("now-line").textContent = "";
  moveCursor();
  markCurrentPoint();
  renderNotesHere();
  updateForkNote();
  const url = new URL(location.href);
  url.searchParams.set("seq", String(target));
  url.searchParams.set("viewer", r.viewer);
  history.replaceState(null, "", url.pathname + url.search);
  load(announceIt);
}

/** The moment shown, in words: ``{text, fallback}``, the label of its decision point a text
 * of the scenario in the page's language (``fallback``: not yet translated). */
function describeMoment() {
  const exact = r.summary.points.find(p => p.seq === r.seq);
  const last = [...r.summary.points].reverse().find(p => p.seq <= r.seq);
  const where = r.seq === 0 ? t("Before the first event") : t("After event {seq} of {max}", {seq: r.seq, max: r.max});
  if (exact) {
    const label = itemText(exact, "label");
    return {text: t("{label}: {value}", {label: where, value: label.text}), fallback: label.fallback};
  }
  if (last) {
    const label = itemText(last, "label");
    return {text: `${where}. ${t("Last decision point: {label} (event {seq})", {label: label.text, seq: last.seq})}`,
      fallback: label.fallback};
  }
  return {text: where, fallback: false};
}

/** The line under the timeline: the moment shown, marked where its label is not yet
 * translated. */
function showMoment() {
  const here = describeMoment();
  fill(byId("now-line"), here.text, here.fallback ? [" ", untranslatedBadge()] : []);
}

async function load(announceIt) {
  r.inflight?.abort();
  const controller = new AbortController();
  r.inflight = controller;
  const seq = r.seq;
  const viewer = r.viewer;
  const workspace = byId("replay-layout");
  workspace.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(`/api/games/${gameId}/review/state?seq=${seq}&viewer=${encodeURIComponent(viewer)}`,
      {headers: headers(), credentials: "same-origin", signal: controller.signal});
    const data = await response.json();
    if (controller !== r.inflight) return;
    if (!response.ok) throw new ApiError(response.status, data?.error?.code, data?.error?.message || t("The moment could not be loaded."));
    render(data.view);
    byId("problem").hidden = true;
    showMoment();
    if (announceIt && r.notes.some(n => n.seq === seq)) announce(t("There is a note from the instructor at this moment."));
  } catch (err) {
    if (err.name === "AbortError") return;
    showProblem(err.message);
  } finally {
    if (controller === r.inflight) workspace.removeAttribute("aria-busy");
  }
}

// The state at that moment, with the table's read-only parts.

let parts = null;

function buildStatePanel() {
  r.tabs = new Tabs(byId("tabs"), [
    {id: "crisis", label: t("Briefing and crisis"), panel: byId("panel-crisis")},
    {id: "unsc", label: t("Security Council"), panel: byId("panel-unsc")},
    {id: "nac", label: t("NATO Council"), panel: byId("panel-nac")},
    {id: "unga", label: t("General Assembly"), panel: byId("panel-unga")},
    {id: "lnc", label: t("League Council"), panel: byId("panel-lnc")},
    {id: "lna", label: t("League Assembly"), panel: byId("panel-lna")},
    {id: "messages", label: t("Messages"), panel: byId("panel-messages")},
    {id: "news", label: t("News"), panel: byId("panel-news")},
  ], {storageKey: `ct:rtab:${gameId}`});
  rebuildStatePanel();
}

/** Fresh components for each perspective, so nothing drawn for one stays for another. */
function rebuildStatePanel() {
  const ctx = {rules: r.rules, me: null, isInstructor: false, readOnly: true, view: null,
    act: async () => ({ok: false, message: t("This is a replay: nothing can be changed.")}), online: () => false};
  for (const id of ["panel-unsc", "panel-nac", "panel-unga", "panel-lnc", "r-lna", "r-league",
    "panel-messages"]) byId(id).replaceChildren();
  for (const id of ["r-briefing", "r-crisis", "r-roles", "news", "notes-here"]) byId(id).replaceChildren();
  r.view = null;
  const channels = new Channels(byId("panel-messages"), ctx, {readKey: `ct:replay:${gameId}:${r.viewer}`});
  channels.setVisible(true);
  parts = {
    ctx,
    council: new Council(byId("panel-unsc"), ctx, "UNSC"),
    nac: new NorthAtlanticCouncil(byId("panel-nac"), ctx),
    assembly: new Council(byId("panel-unga"), ctx, "UNGA"),
    leagueCouncil: new Council(byId("panel-lnc"), ctx, "LNC"),
    leagueAssembly: new Council(byId("r-lna"), ctx, "LNA"),
    leagueMember: new LeagueMember(byId("r-league"), ctx),
    channels,
  };
}

function render(view) {
  const ctx = parts.ctx;
  r.view = view;
  ctx.view = view;
  setScenarioMeasures(view.measures);
  ctx.me = view.me?.country || null;
  renderStatus(byId("status"), view, {hint: false, frozen: true});
  renderBriefing(byId("r-briefing"), view);
  renderCrisis(byId("r-crisis"), view, ctx);
  const roles = view.instructor?.roles || null;
  fill(byId("r-roles"), roles ? [h("h3", {}, t("Every role sheet (all-seeing)")),
    Object.entries(roles).map(([code, role]) => {
      const name = countryName(code, null, view.countries.find(c => c.code === code)?.name || code);
      return h("details", {class: "card"}, h("summary", {}, name), roleSheet(role, name, code));
    })] : null);
  r.tabs.show("unsc", Boolean(view.UNSC));
  r.tabs.show("nac", Boolean(view.NAC));
  r.tabs.show("unga", Boolean(view.UNGA));
  if (view.UNSC) parts.council.update(view);
  if (view.NAC) parts.nac.update(view);
  if (view.UNGA) parts.assembly.update(view);
  r.tabs.show("lnc", Boolean(view.LNC));
  r.tabs.show("lna", Boolean(view.LNA || view.LEAGUE));
  if (view.LNC) parts.leagueCouncil.update(view);
  if (view.LNA) parts.leagueAssembly.update(view);
  parts.leagueMember.update(view);
  parts.channels.update(view);
  const more = view.messages_total - view.messages.length;
  byId("panel-messages").dataset.more = more > 0 ? String(more) : "";
  renderNews(byId("news"), view);
  updateForkNote();
}

// The instructor's tools: notes, the all-seeing switch, forks.

function buildTools() {
  const tools = byId("tools");
  tools.hidden = false;
  const noteText = h("textarea", {rows: 3, maxlength: 2000, id: "note-text"});
  const noteLabel = h("label", {for: "note-text"}, t("A note at this moment"));
  const noteStatus = h("p", {class: "form-status", role: "status"});
  const noteForm = h("form", {class: "note-form"}, noteLabel, noteText,
    h("p", {class: "hint"}, t("Students see it in their replay, pinned to this moment.")),
    h("button", {type: "submit", class: "primary"}, t("Pin the note here")), noteStatus);
  r.noteLabel = noteLabel;
  noteForm.addEventListener("submit", async event => {
    event.preventDefault();
    const text = noteText.value.trim();
    if (!text) {
      noteStatus.textContent = t("Write the note first.");
      return;
    }
    try {
      const note = await call("POST", `/api/games/${gameId}/annotations`, {seq: r.seq, text});
      r.notes = [...r.notes, note];
      r.summary.annotations = r.notes;
      noteText.value = "";
      noteStatus.textContent = t("Pinned at event {seq}.", {seq: note.seq});
      renderTrack();
      renderPoints();
      renderNotesHere();
    } catch (err) {
      noteStatus.textContent = err.message;
      alertNow(err.message);
    }
  });

  const allSeeing = h("input", {type: "checkbox", id: "all-seeing", checked: Boolean(r.summary.all_seeing_replay)});
  r.allSeeing = allSeeing;
  const seeingStatus = h("p", {class: "form-status", role: "status"});
  allSeeing.addEventListener("change", async () => {
    allSeeing.disabled = true;
    try {
      const answer = await call("PATCH", `/api/games/${gameId}/options`, {all_seeing_replay: allSeeing.checked});
      r.summary.all_seeing_replay = answer.all_seeing_replay;
      seeingStatus.textContent = answer.all_seeing_replay
        ? t("Students may now replay through every country's eyes and the all-seeing view.")
        : t("Students now replay through their own country's eyes and the public's only.");
      applySummary();
    } catch (err) {
      allSeeing.checked = !allSeeing.checked;
      seeingStatus.textContent = err.message;
    } finally {
      allSeeing.disabled = false;
    }
  });

  fill(tools, h("h2", {id: "tools-heading"}, t("Instructor")),
    noteForm,
    h("h3", {}, t("What students may open")),
    h("label", {class: "choice"}, allSeeing, " ", t("Students may open the all-seeing view")),
    h("p", {class: "hint"}, t("Off: each student replays through their own country's eyes and the public's. " +
      "On: every secret sheet and private channel of the game, to every student.")),
    seeingStatus,
    forkForm(),
    labLink());
}

/** The causality lab from this moment: many continuations, the real rules beside a change. */
function labLink() {
  const link = h("a", {href: `/lab/${gameId}?seq=${r.seq}`, id: "lab-link", class: "button-link"},
    t("Causality lab from here"));
  link.addEventListener("click", () => { link.href = `/lab/${gameId}?seq=${r.seq}`; });
  return h("div", {class: "lab-from-here"}, h("h3", {}, t("How would we know?")),
    h("p", {class: "hint"}, t("Play the rest of the game 200 times from this moment, under the real rules and " +
      "under a change (no veto, no NATO, no Article 5, a vote changed), and compare what happens.")), link,
    h("h3", {}, t("After the game")),
    h("p", {}, h("a", {href: `/reflection/${gameId}`, class: "button-link"}, t("Read the students' reflections"))));
}

function forkForm() {
  const kind = h("select", {id: "fork-kind"});
  const details = h("div", {class: "fork-details"});
  const note = h("p", {class: "hint", id: "fork-note"});
  const status = h("p", {class: "form-status", role: "status"});
  const result = h("div", {class: "fork-result", "aria-live": "polite"});
  const submit = h("button", {type: "submit", class: "primary", id: "fork-submit"}, t("Fork from here"));
  const late = h("div", {class: "warning fork-late", role: "status", hidden: true});
  const form = h("form", {class: "fork-form", "aria-labelledby": "fork-heading"},
    h("h3", {id: "fork-heading"}, t("What if? Fork from here")),
    h("p", {class: "hint"}, t("A new game starts from this moment, paused, with the same history. " +
      "Change one rule, play it forward with the class, then compare the two.")),
    field(t("The change"), kind), details, note, late, submit, status, result);
  r.fork = {kind, note, submit, details, late};

  const countries = r.summary.countries;
  const country = h("select", {id: uid("fork-country")});
  setOptions(country, countries.map(c => ({value: c.code, label: c.name})));
  const vote = h("select", {});
  setOptions(vote, Object.entries(CARETAKER_VOTES).map(([value, label]) => ({value, label})));
  const leader = h("select", {});
  setOptions(leader, countries.map(c => ({value: c.code, label: c.name})));
  const leaderField = field(t("Votes as"), leader);
  const silence = h("select", {});
  setOptions(silence, Object.entries(CARETAKER_SILENCE).map(([value, label]) => ({value, label})));
  const pledge = h("select", {});
  setOptions(pledge, [{value: "none", label: t("Pledges nothing (the default)")},
    {value: "diplomatic", label: t("A diplomatic response")}, {value: "economic", label: t("An economic response")},
    {value: "military", label: t("A military response")}]);
  const caretaker = h("div", {class: "fork-caretaker"},
    field(t("Country"), country, t("How this country acts whenever nobody plays it.")),
    field(t("In a vote"), vote), leaderField, field(t("Under the silence procedure"), silence),
    field(t("After Article 5"), pledge));
  const preset = h("select", {});
  setOptions(preset, Object.entries(AGGRESSOR_PRESETS).map(([value, p]) => ({value, label: p.label})));
  const numbers = {};
  const numberFields = h("div", {class: "odds"}, ["escalate", "hold", "de_escalate", "withdraw", "sensitivity"].map(name => {
    numbers[name] = h("input", {type: "number", min: 0, max: name === "sensitivity" ? 5 : 100, step: 0.05,
      class: "short", value: AGGRESSOR_PRESETS.custom.policy[name]});
    return field(name === "sensitivity" ? t("Sensitivity to deterrence (0-5)") : t("Odds: {move}", {move: MOVES[name] || name}), numbers[name]);
  }));
  const aggressor = h("div", {class: "fork-aggressor"}, field(t("The aggressor's policy"), preset,
    t("Its odds of escalating, holding, de-escalating or withdrawing each round; deterrence shifts them.")), numberFields);
  const sync = () => {
    leaderField.hidden = vote.value !== "follow";
    numberFields.hidden = preset.value !== "custom";
    fill(details, kind.value === "caretaker" ? caretaker : kind.value === "aggressor_policy" ? aggressor : null);
    updateForkNote();
  };
  for (const el of [kind, vote, preset]) el.addEventListener("change", sync);

  api("GET", "/api/fork-changes").then(changes => {
    setOptions(kind, Object.entries(changes).map(([value, label]) => ({value, label: t(label)})));
    kind.value = "none";
    sync();
  }).catch(err => { note.textContent = err.message; });

  const policy = () => {
    if (kind.value === "caretaker") {
      const p = {vote: {default: vote.value === "follow" ? "abstain" : vote.value}};
      if (vote.value === "follow") p.vote.follow = leader.value;
      if (silence.value === "article5") p.silence = {break_on: ["article5"]};
      if (silence.value === "all") p.silence = {break_on: ["statement", "article5", "operation", "invite"]};
      p.pledge = pledge.value;
      return p;
    }
    if (preset.value !== "custom") return AGGRESSOR_PRESETS[preset.value].policy;
    return Object.fromEntries(Object.entries(numbers).map(([k, input]) => [k, Number(input.value) || 0]));
  };

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const change = {kind: kind.value || "none"};
    if (change.kind === "caretaker") change.country = country.value;
    if (change.kind === "caretaker" || change.kind === "aggressor_policy") change.policy = policy();
    submit.disabled = true;
    status.textContent = t("Forking: the new game replays the history up to this moment…");
    result.replaceChildren();
    try {
      const fork = await call("POST", `/api/games/${gameId}/fork`, {seq: r.seq, change});
      keepKey(fork.game_id, fork.instructor_key);
      status.textContent = "";
      fill(result, h("p", {class: "ok"}, t("A new game (code {code}) starts after event {seq}, paused.", {code: fork.code, seq: r.seq})),
        h("ul", {class: "fork-links"},
          h("li", {}, h("a", {href: withKey(`/instructor/${fork.game_id}`, fork.instructor_key), target: "_blank", rel: "noopener"},
            t("Open the new game's instructor panel")), " ", t("(resume it there; students join with the new code)")),
          h("li", {}, h("a", {href: `/compare/${gameId}/${fork.game_id}`, id: "compare-link"},
            t("Compare the two games side by side"))),
          h("li", {}, h("a", {href: `/replay/${fork.game_id}`}, t("Replay the new game")))));
      announce(t("Forked: a new game, code {code}.", {code: fork.code}));
    } catch (err) {
      status.textContent = err.message;
      alertNow(err.message);
    } finally {
      updateForkNote();
    }
  });
  return form;
}

/** Say what a fork from this moment would be, and offer only the changes this game allows. */
function updateForkNote() {
  const fork = r.fork;
  if (!fork) return;
  const view = r.view;
  const ended = view?.game.status === "ended";
  const applies = {
    no_veto: Boolean(view?.UNSC), no_nato: Boolean(view?.NAC), aggressor_policy: Boolean(view?.crisis?.aggressor),
  };
  for (const option of fork.kind.options) {
    option.disabled = option.value in applies && !applies[option.value];
  }
  if (fork.kind.selectedOptions[0]?.disabled) fork.kind.value = "none";
  fork.submit.disabled = ended || !view;
  fork.submit.textContent = t("Fork from here (after event {seq})", {seq: r.seq});
  fork.note.textContent = ended ? t("The game has ended at this moment: step back before the end to fork.")
    : t("Forks start after the whole action that made this event (a vote that closed a ballot forks after the result).");
  if (r.noteLabel) r.noteLabel.textContent = t("A note at this moment (event {seq})", {seq: r.seq});
  const late = lateFork(fork.kind.value);
  fork.late.hidden = !late;
  if (late) {
    fill(fork.late, h("p", {}, late.text), h("button", {type: "button", class: "small", onclick: () => go(late.seq)},
      t("Go to the moment before it (event {seq})", {seq: late.seq})));
  }
}

/** A change that comes too late: the decision it would change already happened before this moment. */
function lateFork(kind) {
  const points = r.summary.points.filter(p => p.seq <= r.seq);
  if (kind === "no_veto") {
    const veto = points.filter(p => p.kind === "draft_vetoed").pop();
    const draft = veto?.label.split(" ")[0];
    const called = draft && points.filter(p => p.kind === "vote_called" && p.label.startsWith(`${draft} `)).pop();
    if (called) {
      return {seq: called.seq, text: t("{draft} was already vetoed at this moment: a fork from here keeps that veto. " +
        "Fork from the moment its vote was called, before anyone voted.", {draft})};
    }
  }
  if (kind === "no_nato") {
    const first = points.find(p => ["silence", "nac", "article5", "pledge"].includes(p.family));
    if (first && first.seq > 0) {
      return {seq: first.seq - 1, text: t("The allies had already acted at this moment: a fork from here keeps what " +
        "they decided. Fork from just before their first step.")};
    }
  }
  return null;
}

main();
