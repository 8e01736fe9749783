// The scenario editor: forms over one scenario object (`doc`), checked by the server's
// validator as you type (the same checks as `crisis-table scenario validate`), previewed
// as a student, the instructor and the projector, downloaded, uploaded, and saved to this
// browser's library so that /new lists it.

import {api} from "../api.js";
import {byId, field, fill, h, setOptions, uid} from "../dom.js";
import {library, libraryLink} from "../library.js";
import {INCIDENT_KINDS, LEVEL_NAMES, measureName} from "../names.js";
import {countryName, formatList, renderMsg, t, textOf as textOfMsg} from "../i18n.js";

const forms = byId("forms");
const summary = byId("check-summary");
const problemList = byId("check-problems");
const startStatus = byId("start-status");

let doc = null;
let ref = {countries: [], measures: [], places: [], procedural: [], chapter_vii_only: []};
let resolved = null;
let checkTimer = null;
let checkSeq = 0;
let refreshers = new Set();
let notYet = {};
const VOTES = ["", "yes", "no", "abstain"];
const DECISIONS = {statement: t("a statement"), article5: t("an Article 5 determination"),
  operation: t("an operation"), invite: t("an invitation to join")};

// ---------------------------------------------------------------- starting points

function blankScenario(day) {
  const year = Number(day.slice(0, 4));
  return {
    id: `crisis-${year}`, title: t("A crisis of {year}", {year: String(year)}), year, date: day,
    summary: "", briefing: "", rounds: 2,
    countries: [],
    bodies: {UNSC: {as_of: day}, NAC: {as_of: day}},
    incidents: [], injects: [],
  };
}

async function loadReference() {
  try {
    ref = await api("GET", "/api/editor/reference");
  } catch (err) {
    startStatus.textContent = err.message;
  }
  const list = h("datalist", {id: "country-codes"},
    ref.countries.map(c => h("option", {value: c.code}, `${c.code} \u2013 ${c.name}`)));
  document.body.append(list);
  try {
    const shipped = await api("GET", "/api/scenarios");
    setOptions(byId("shipped"), shipped.map(s => ({value: s.id, label: s.title})));
  } catch (err) {
    startStatus.textContent = err.message;
  }
  await loadSaved();
}

async function loadSaved() {
  try {
    const saved = await library("GET");
    setOptions(byId("saved"), saved.length
      ? saved.map(s => ({value: s.id, label: `${s.title} (${s.scenario_id})`}))
      : [{value: "", label: t("Nothing saved yet"), disabled: true}]);
  } catch (err) {
    setOptions(byId("saved"), [{value: "", label: err.message, disabled: true}]);
  }
}

function open(data, how) {
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    startStatus.textContent = t("A scenario is a JSON object.");
    return;
  }
  doc = data;
  for (const list of ["countries", "incidents", "injects"]) {
    if (!Array.isArray(doc[list])) doc[list] = [];
  }
  doc.countries = doc.countries.map(c => typeof c === "string" ? {code: c} : c);
  if (!doc.bodies || typeof doc.bodies !== "object") doc.bodies = {};
  startStatus.textContent = how;
  render();
  forms.hidden = false;
  forms.querySelector("h2")?.focus();
}

byId("start-blank").addEventListener("click", () => {
  const day = byId("blank-date").value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    startStatus.textContent = t("Give the date of the crisis first.");
    byId("blank-date").focus();
    return;
  }
  open(blankScenario(day), t("A blank scenario of {day}: its bodies are those of that day.", {day}));
});

byId("start-shipped").addEventListener("click", async () => {
  const id = byId("shipped").value;
  try {
    const data = await api("GET", `/api/scenarios/${encodeURIComponent(id)}/file`);
    open(data, t("The shipped scenario \u201c{title}\u201d: save it under a new id to keep your changes.", {title: data.title}));
  } catch (err) {
    startStatus.textContent = err.message;
  }
});

byId("start-saved").addEventListener("click", async () => {
  const id = byId("saved").value;
  if (!id) return;
  try {
    const saved = await library("GET", `/${encodeURIComponent(id)}`);
    open(saved.scenario, t("Your scenario \u201c{title}\u201d.", {title: saved.title}));
  } catch (err) {
    startStatus.textContent = err.message;
  }
});

byId("upload").addEventListener("change", async event => {
  const file = event.target.files[0];
  if (!file) return;
  const text = await file.text();
  const answer = await api("POST", "/api/scenarios/check", {body: {text}});
  if (answer.syntax) {
    startStatus.textContent = t("{file} is not valid JSON: line {line}, column {column}: {reason}",
      {file: file.name, line: answer.syntax.line, column: answer.syntax.column, reason: renderMsg(answer.syntax.msg, answer.syntax.message)});
    showCheck(answer);
    return;
  }
  open(JSON.parse(text), t("{file}, uploaded.", {file: file.name}));
});

// ---------------------------------------------------------------- small controls

function text(label, get, set, {multiline = false, hint = null, rows = 3, type = "text"} = {}) {
  const control = multiline ? h("textarea", {rows}) : h("input", {type, autocomplete: "off"});
  control.value = get() ?? "";
  control.addEventListener("input", () => { set(control.value); changed(); });
  return field(label, control, hint);
}

function lines(label, get, set, hint) {
  const control = h("textarea", {rows: 3});
  control.value = (get() || []).map(t => typeof t === "string" ? t : t.advanced).join("\n");
  control.addEventListener("input", () => {
    set(control.value.split("\n").map(s => s.trim()).filter(Boolean));
    changed();
  });
  return field(label, control, hint || t("One per line."));
}

function choose(label, options, get, set, hint) {
  const control = h("select", {});
  setOptions(control, options);
  control.value = get() ?? "";
  control.addEventListener("change", () => { set(control.value); changed(); });
  return field(label, control, hint);
}

function check(label, get, set) {
  const box = h("input", {type: "checkbox", checked: !!get()});
  box.addEventListener("change", () => { set(box.checked); changed(); });
  return h("label", {class: "choice"}, box, " ", label);
}

function codeInput(label, get, set, hint) {
  const control = h("input", {list: "country-codes", autocomplete: "off", class: "short"});
  control.value = get() ?? "";
  control.addEventListener("input", () => { set(control.value.trim().toUpperCase() || undefined); changed(); });
  return field(label, control, hint);
}

function countryOptions(empty = "\u2014") {
  return [{value: "", label: empty}, ...doc.countries.map(c => ({value: c.code, label: `${c.code} ${c.name || nameOf(c.code)}`}))];
}

function nameOf(code) {
  return ref.countries.find(c => c.code === code)?.name || code;
}

function section(id, title, ...children) {
  return h("section", {class: "card", id, "aria-labelledby": `${id}-h`},
    h("h2", {id: `${id}-h`, tabindex: "-1"}, title), children);
}

function setOrDelete(obj, key, value) {
  if (value === undefined || value === "" || value === null) delete obj[key];
  else obj[key] = value;
}

// ---------------------------------------------------------------- the forms

function render() {
  refreshers = new Set();
  fill(forms,
    renderCrisis(), renderBodies(), renderCountries(), renderIncidents(), renderInjects(),
    renderAggressor(), renderCaretakerPreview(), renderPreview(), renderFile());
  changed(true);
}

function renderCrisis() {
  return section("crisis", t("The crisis"),
    text(t("Id"), () => doc.id, v => { doc.id = v; }, {hint: t("Lower case letters, digits and dashes: the file's name.")}),
    text(t("Title"), () => doc.title, v => { doc.title = v; }),
    text(t("Date (YYYY-MM-DD)"), () => doc.date, v => {
      setOrDelete(doc, "date", v);
      if (/^\d{4}-/.test(v)) doc.year = Number(v.slice(0, 4));
    }, {hint: t("The day the story starts. Names of states and the rules that existed follow it.")}),
    text(t("Rounds"), () => doc.rounds, v => { doc.rounds = Number(v) || 0; }, {type: "number", hint: t("0: one open session; otherwise rounds of four phases.")}),
    text(t("Summary"), () => textOf(doc.summary), v => { doc.summary = v; }, {multiline: true, rows: 2}),
    text(t("Briefing (every player reads it)"), () => textOf(doc.briefing), v => { doc.briefing = v; }, {multiline: true, rows: 6, hint: t("Paragraphs separated by a blank line.")}));
}

function textOf(value) {
  return typeof value === "string" || value === undefined ? value : value.advanced;
}

function renderBodies() {
  const slot = h("div", {id: "bodies-resolved", "aria-live": "polite"});
  const rows = [["UNSC", t("The Security Council")], ["NAC", t("The North Atlantic Council")], ["LNC", t("The Council of the League of Nations")]].map(([key, label]) => {
    const body = doc.bodies[key];
    const byDate = body && "as_of" in body;
    const box = h("input", {type: "checkbox", checked: !!body, id: uid("body")});
    const date = h("input", {class: "short", autocomplete: "off", placeholder: t("YYYY-MM-DD"), value: (body && body.as_of) || doc.date || "", "aria-label": t("{body}: as of", {body: label})});
    date.disabled = !byDate && !!body;
    box.addEventListener("change", () => {
      if (box.checked) doc.bodies[key] = {as_of: date.value || doc.date};
      else delete doc.bodies[key];
      date.disabled = !box.checked;
      changed();
    });
    date.addEventListener("input", () => {
      if (doc.bodies[key]) { doc.bodies[key] = {...doc.bodies[key], as_of: date.value}; changed(); }
    });
    const parts = [h("label", {class: "choice", for: box.id}, box, " ", t("{body}, as of", {body: label}), " "), date];
    if (body && !byDate) parts.push(h("span", {class: "hint"}, ` ${t("(members listed in the file)")}`));
    return h("div", {class: "inline-form body-row"}, parts);
  });
  const invited = doc.bodies.UNSC ? field(t("Invited to the Security Council without a vote (rule 37), codes separated by spaces"),
    Object.assign(h("input", {autocomplete: "off"}), {value: (doc.bodies.UNSC.invited || []).join(" ")})) : null;
  invited?.querySelector("input").addEventListener("input", event => {
    const codes = event.target.value.toUpperCase().split(/[\s,]+/).filter(Boolean);
    if (codes.length) doc.bodies.UNSC.invited = codes; else delete doc.bodies.UNSC.invited;
    changed();
  });
  return section("bodies", t("Bodies"), h("p", {class: "hint"}, t("A body given by date has the members, threshold and president of that day from the record; the check below shows them.")), rows, invited, slot);
}

function showResolved() {
  const slot = byId("bodies-resolved");
  if (!slot) return;
  if (!resolved) { fill(slot); return; }
  const b = resolved.bodies || {};
  const items = [];
  if (b.UNSC) {
    const council = {members: b.UNSC.permanent.length + (b.UNSC.elected || []).length, threshold: b.UNSC.threshold ?? t("three fifths"),
      permanent: b.UNSC.permanent.join(", "), elected: (b.UNSC.elected || []).join(", ")};
    items.push(h("li", {}, b.UNSC.president
      ? t("Security Council ({members} members, {threshold} votes to adopt): permanent {permanent}; elected {elected}; president {president}", {...council, president: b.UNSC.president})
      : t("Security Council ({members} members, {threshold} votes to adopt): permanent {permanent}; elected {elected}", council)));
  }
  if (b.NAC) items.push(h("li", {}, t("North Atlantic Council ({count} allies): {members}", {count: b.NAC.members.length, members: b.NAC.members.join(", ")})));
  if (b.LNC) items.push(h("li", {}, t("League Council: permanent {permanent}; elected {elected}", {permanent: b.LNC.permanent.join(", "), elected: b.LNC.elected.join(", ")})));
  fill(slot, items.length ? h("ul", {}, items) : null);
}

function renderCountries() {
  const add = h("input", {list: "country-codes", autocomplete: "off", class: "short", id: uid("add")});
  const addButton = h("button", {type: "button"}, t("Add the country"));
  addButton.addEventListener("click", () => {
    const code = add.value.trim().toUpperCase();
    if (!code) return;
    if (!doc.countries.some(c => c.code === code)) doc.countries.push({code, profile: ""});
    rerender("countries");
  });
  return section("countries", t("Countries, profiles, role sheets and caretakers"),
    h("p", {class: "hint"}, t("A state named in a body takes part even if it is not listed; list the states you mean to be played, with a public profile.")),
    h("div", {class: "inline-form"}, field(t("Country code"), add, t("For example ARG, or a fictional state XAA-XZZ.")), addButton),
    doc.countries.map((c, i) => renderCountry(c, i)));
}

function renderCountry(c, i) {
  c.caretaker ||= undefined;
  const role = () => (c.role ||= {});
  const vote = () => ((c.caretaker ||= {}).vote ||= {});
  const silence = () => ((c.caretaker ||= {}).silence ||= {});
  const remove = h("button", {type: "button", class: "small danger"}, t("Remove {name}", {name: c.code}));
  remove.addEventListener("click", () => { doc.countries.splice(i, 1); rerender("countries"); });
  const measureRows = ref.measures.map(m => {
    const current = ["yes_if", "no_if", "abstain_if"].find(k => (c.caretaker?.vote?.[k] || []).includes(m));
    const select = h("select", {"aria-label": t("{code}: on a draft carrying \u201c{measure}\u201d", {code: c.code, measure: measureName(m)})});
    setOptions(select, VOTES.map(v => ({value: v, label: v ? `votes ${v}` : "\u2014"})));
    select.value = current ? current.replace("_if", "") : "";
    select.addEventListener("change", () => {
      const v = vote();
      for (const k of ["yes_if", "no_if", "abstain_if"]) {
        v[k] = (v[k] || []).filter(x => x !== m);
        if (!v[k].length) delete v[k];
      }
      if (select.value) (v[`${select.value}_if`] ||= []).push(m);
      changed();
    });
    return h("tr", {}, h("th", {scope: "row"}, measureName(m)), h("td", {}, select));
  });
  return h("details", {class: "card country", "data-code": c.code},
    h("summary", {}, `${c.code} \u2013 ${c.name || nameOf(c.code)}`),
    text(t("Name (leave empty for the name of the day)"), () => c.name, v => setOrDelete(c, "name", v || undefined)),
    text(t("Public profile: every player and the projector see it"), () => textOf(c.profile), v => { c.profile = v; }, {multiline: true}),
    check(t("Playable by students (otherwise a caretaker keeps the seat)"), () => c.playable !== false, v => setOrDelete(c, "playable", v ? undefined : false)),
    h("fieldset", {class: "field"}, h("legend", {}, t("Secret role sheet")),
      text(t("Who you are and what your capital wants"), () => textOf(c.role?.summary), v => { role().summary = v; }, {multiline: true}),
      lines(t("Interests"), () => c.role?.interests, v => { role().interests = v; }),
      lines(t("Red lines"), () => c.role?.red_lines, v => { role().red_lines = v; }),
      lines(t("Wants in exchange"), () => c.role?.wants, v => { role().wants = v; }),
      lines(t("Objectives (judged by the instructor)"), () => (c.role?.objectives || []).map(o => o.text), v => {
        role().objectives = v.map((t, k) => ({id: `${c.code.toLowerCase()}-${k + 1}`, text: t}));
      })),
    h("fieldset", {class: "field"}, h("legend", {}, t("Caretaker: what it does when no one plays it")),
      choose(t("Otherwise it votes"), [["abstain", "abstain"], ["yes", "yes"], ["no", "no"], ["absent", t("stays away (absent)")]].map(([value, label]) => ({value, label})),
        () => c.caretaker?.vote?.default || "abstain", v => { vote().default = v; }),
      choose(t("Or it votes as"), countryOptions(t("no one in particular")), () => c.caretaker?.vote?.follow || "", v => setOrDelete(vote(), "follow", v)),
      h("details", {}, h("summary", {}, t("On a draft carrying a measure\u2026")),
        h("table", {class: "measure-policy"}, h("tbody", {}, measureRows))),
      h("fieldset", {class: "field"}, h("legend", {}, t("Breaks silence in the North Atlantic Council on")),
        Object.entries(DECISIONS).map(([d, label]) => check(label, () => (c.caretaker?.silence?.break_on || []).includes(d), on => {
          const s = silence();
          s.break_on = (s.break_on || []).filter(x => x !== d);
          if (on) s.break_on.push(d);
        }))),
      choose(t("Pledges after Article 5"), ["none", "diplomatic", "economic", "military"].map(v => ({value: v, label: v})),
        () => c.caretaker?.pledge || "none", v => { (c.caretaker ||= {}).pledge = v; })),
    remove);
}

function renderIncidents() {
  const add = h("button", {type: "button"}, t("Add an incident"));
  add.addEventListener("click", () => {
    doc.incidents.push({id: `incident-${doc.incidents.length + 1}`, target: doc.countries[0]?.code || "", kind: "armed_attack", in_treaty_area: true});
    rerender("incidents");
  });
  return section("incidents", t("Incidents"), doc.incidents.map((inc, i) => {
    const answer = h("p", {class: "hint", "aria-live": "polite"});
    const where = h("select", {});
    setOptions(where, [{value: "", label: t("Choose where it happened\u2026")}, ...ref.places.map(p => ({value: p.id, label: p.label}))]);
    where.addEventListener("change", () => {
      const place = ref.places.find(p => p.id === where.value);
      if (!place) return;
      inc.in_treaty_area = place.inside;
      if (!inc.location && !["ally_europe", "ally_north_america", "forces_in_area", "elsewhere"].includes(place.id)) inc.location = place.label;
      answer.textContent = place.inside ? t("Inside the Article 6 area: {why}.", {why: place.why})
        : t("Outside the Article 6 area: {why}.", {why: place.why});
      changed();
    });
    answer.textContent = inc.in_treaty_area === false ? t("Outside the Article 6 area: an Article 5 request is refused.") : t("Inside the Article 6 area.");
    const remove = h("button", {type: "button", class: "small danger"}, t("Remove {name}", {name: inc.id}));
    remove.addEventListener("click", () => { doc.incidents.splice(i, 1); rerender("incidents"); });
    return h("fieldset", {class: "field incident"}, h("legend", {}, inc.id),
      text(t("Id"), () => inc.id, v => { inc.id = v; }),
      text(t("Headline"), () => inc.title, v => { inc.title = v; }),
      codeInput(t("Target (the state attacked)"), () => inc.target, v => { inc.target = v; }),
      codeInput(t("Attacker"), () => inc.attacker, v => setOrDelete(inc, "attacker", v)),
      choose(t("Kind"), Object.entries(INCIDENT_KINDS).map(([value, label]) => ({value, label})), () => inc.kind || "armed_attack", v => { inc.kind = v; }),
      field(t("Where is it?"), where), answer,
      text(t("Location (named in an Article 5 refusal)"), () => inc.location, v => setOrDelete(inc, "location", v)),
      text(t("What happened"), () => textOf(inc.description), v => { inc.description = v; }, {multiline: true}),
      remove);
  }), add);
}

function renderInjects() {
  const rounds = Math.max(0, Number(doc.rounds) || 0);
  const lanes = [];
  for (let r = 1; r <= rounds; r += 1) lanes.push([t("Round {round}", {round: r}), inj => inj.round === r && !inj.when && inj.auto !== false]);
  lanes.push([t("When a condition holds"), inj => !!inj.when && inj.auto !== false]);
  lanes.push([t("Released by the instructor"), inj => inj.auto === false]);
  lanes.push([t("Not yet placed"), inj => inj.auto !== false && !inj.when && !(inj.round >= 1 && inj.round <= rounds)]);
  const editor = h("div", {id: "inject-form"});
  const timeline = h("ol", {class: "timeline", "aria-label": t("The injects on a timeline")}, lanes.map(([label, test]) =>
    h("li", {class: "lane"}, h("h3", {}, label), h("ul", {}, doc.injects.filter(test).map(inj => {
      const button = h("button", {type: "button", class: "chip"}, inj.title || inj.id);
      button.addEventListener("click", () => editInject(inj, editor));
      return h("li", {}, button);
    })))));
  const add = h("button", {type: "button"}, t("Add an inject"));
  add.addEventListener("click", () => {
    const inj = {id: `inject-${doc.injects.length + 1}`, title: t("News"), text: "", round: 1};
    doc.injects.push(inj);
    rerender("injects");
    editInject(inj, byId("inject-form"));
  });
  return section("injects", t("Injects on a timeline"), h("p", {class: "hint"}, t("News arrives at a round's briefing, when a condition holds, or when you release it by hand.")), timeline, add, editor);
}

function editInject(inj, slot) {
  const when = () => (inj.when ||= {});
  const remove = h("button", {type: "button", class: "small danger"}, t("Remove {name}", {name: inj.id}));
  remove.addEventListener("click", () => { doc.injects.splice(doc.injects.indexOf(inj), 1); rerender("injects"); });
  const done = h("button", {type: "button", class: "small"}, t("Place it on the timeline"));
  done.addEventListener("click", () => rerender("injects"));
  fill(slot, h("fieldset", {class: "field"}, h("legend", {}, `Inject ${inj.id}`),
    text(t("Id"), () => inj.id, v => { inj.id = v; }),
    text(t("Headline"), () => inj.title, v => { inj.title = v; }),
    text(t("The story"), () => textOf(inj.text), v => { inj.text = v; }, {multiline: true}),
    text(t("Round"), () => inj.round, v => setOrDelete(inj, "round", Number(v) || undefined), {type: "number"}),
    check(t("Released by the instructor only"), () => inj.auto === false, v => setOrDelete(inj, "auto", v ? false : undefined)),
    h("fieldset", {class: "field"}, h("legend", {}, t("Fires when (all that are set hold)")),
      choose(t("The ladder reaches at least"), [{value: "", label: "\u2014"}, ...Object.entries(LEVEL_NAMES).map(([value, label]) => ({value, label}))],
        () => inj.when?.ladder_at_least || "", v => { setOrDelete(when(), "ladder_at_least", v); tidyWhen(inj); }),
      text(t("Vetoes at least"), () => inj.when?.vetoes_at_least, v => { setOrDelete(when(), "vetoes_at_least", Number(v) || undefined); tidyWhen(inj); }, {type: "number"}),
      choose(t("A Council resolution carrying"), [{value: "", label: "\u2014"}, ...ref.measures.map(m => ({value: m, label: measureName(m)}))],
        () => inj.when?.adopted_measure || "", v => { setOrDelete(when(), "adopted_measure", v); tidyWhen(inj); }),
      choose(t("Article 5 invoked"), [{value: "", label: "\u2014"}, {value: "true", label: "yes"}, {value: "false", label: t("not yet")}],
        () => inj.when?.article5_invoked === undefined ? "" : String(inj.when.article5_invoked),
        v => { setOrDelete(when(), "article5_invoked", v === "" ? undefined : v === "true"); tidyWhen(inj); })),
    h("div", {class: "actions"}, done, remove)));
  slot.querySelector("input")?.focus();
}

function tidyWhen(inj) {
  if (inj.when && !Object.keys(inj.when).length) delete inj.when;
}

function renderAggressor() {
  const ag = () => (doc.aggressor ||= {country: ""});
  const policy = () => (ag().policy ||= {escalate: 0.45, hold: 0.3, de_escalate: 0.2, withdraw: 0.05});
  const sum = h("p", {class: "hint", "aria-live": "polite"});
  const showSum = () => {
    const p = doc.aggressor?.policy;
    if (!p) { sum.textContent = ""; return; }
    const total = ["escalate", "hold", "de_escalate", "withdraw"].reduce((t, k) => t + (Number(p[k]) || 0), 0);
    const odds = Number(total.toFixed(4));
    sum.textContent = Math.abs(total - 1) < 1e-6 ? t("The odds add up to 1.") : t("The odds add up to {total}, not 1.", {total: odds});
  };
  showSum();
  const moves = {escalate: t("Odds: escalate"), hold: t("Odds: hold"), de_escalate: t("Odds: de-escalate"),
    withdraw: t("Odds: withdraw")};
  const odds = ["escalate", "hold", "de_escalate", "withdraw"].map(k => text(moves[k],
    () => doc.aggressor?.policy?.[k], v => { policy()[k] = Number(v); showSum(); }, {type: "number"}));
  return section("aggressor", t("The aggressor"),
    codeInput(t("The aggressor (leave empty for none)"), () => doc.aggressor?.country, v => {
      if (v) ag().country = v; else delete doc.aggressor;
    }),
    codeInput(t("Its target"), () => doc.aggressor?.target, v => setOrDelete(ag(), "target", v)),
    check(t("The target is inside the Article 6 area"), () => doc.aggressor?.target_in_treaty_area, v => { ag().target_in_treaty_area = v; }),
    h("div", {class: "inline-form"}, odds), sum);
}

function renderCaretakerPreview() {
  const chapter = h("select", {"aria-label": t("Chapter of the sample draft")});
  setOptions(chapter, [{value: "VI", label: t("Chapter VI")}, {value: "VII", label: t("Chapter VII")}]);
  const boxes = ref.measures.filter(m => !ref.procedural.includes(m)).map(m =>
    h("label", {class: "choice"}, h("input", {type: "checkbox", value: m}), " ", measureName(m)));
  refreshers.add(() => {
    for (const label of boxes) {
      const box = label.querySelector("input");
      const why = notYet[box.value];
      box.disabled = Boolean(why);
      if (why) box.checked = false;
      label.title = why || "";
    }
  });
  const out = h("div", {"aria-live": "polite"});
  const go = h("button", {type: "button"}, t("How would the caretakers vote?"));
  go.addEventListener("click", async () => {
    const measures = boxes.map(b => b.querySelector("input")).filter(b => b.checked).map(b => b.value);
    try {
      const votes = await api("POST", "/api/scenarios/caretaker-votes", {body: {scenario: doc, body: "UNSC", measures, chapter: chapter.value}});
      const count = v => votes.filter(x => x.vote === v).length;
      const away = votes.filter(x => !x.vote).length;
      fill(out, h("p", {}, t("If no one played: {yes} yes, {no} no, {abstain} abstaining, {away} away.", {yes: count("yes"), no: count("no"), abstain: count("abstain"), away})),
        h("table", {class: "caretaker-votes"}, h("thead", {}, h("tr", {}, h("th", {scope: "col"}, t("Member")), h("th", {scope: "col"}, t("Vote")), h("th", {scope: "col"}, t("Because")))),
          h("tbody", {}, votes.map(v => h("tr", {}, h("td", {}, `${v.code} ${v.name}`), h("td", {}, v.vote || "away"), h("td", {}, v.because))))));
    } catch (err) {
      fill(out, h("p", {class: "error", role: "alert"}, err.message));
    }
  });
  return section("caretaker-preview", t("Caretakers on a sample draft"),
    h("p", {class: "hint"}, t("A draft in the Security Council: how each member would vote if no one played it.")),
    field(t("Chapter"), chapter), h("fieldset", {class: "field"}, h("legend", {}, t("Measures of the draft")), h("div", {class: "choices measures"}, boxes)), go, out);
}

function renderPreview() {
  const who = h("select", {});
  const refreshWho = () => setOptions(who, [{value: "instructor", label: t("The instructor")}, {value: "public", label: t("The projector")},
    ...doc.countries.map(c => ({value: c.code, label: t("A student playing {code}", {code: c.code})}))]);
  refreshWho();
  refreshers.add(refreshWho);
  const out = h("div", {class: "preview", "aria-live": "polite"});
  const go = h("button", {type: "button"}, t("Preview"));
  go.addEventListener("click", async () => {
    try {
      const {view} = await api("POST", "/api/scenarios/preview", {body: {scenario: doc, viewer: who.value}});
      fill(out, previewOf(view));
    } catch (err) {
      fill(out, h("p", {class: "error", role: "alert"}, err.message));
    }
  });
  return section("preview", t("Preview"), h("div", {class: "inline-form"}, field(t("See it as"), who), go), out);
}

function previewOf(view) {
  const parts = [h("h3", {}, view.game.title), h("p", {class: "hint"}, view.game.date || view.game.year || "")];
  for (const para of (view.game.briefing || "").split("\n\n").filter(Boolean)) parts.push(h("p", {}, para));
  if (view.me?.role) {
    const role = view.me.role;
    parts.push(h("h4", {}, t("Your secret role sheet ({country})", {country: {country: view.viewer}})),
      h("p", {}, role.summary || ""),
      role.interests?.length ? h("ul", {}, role.interests.map(text => h("li", {}, text))) : null);
  }
  parts.push(h("h4", {}, t("Who's who")), h("dl", {class: "whos-who"}, view.countries.flatMap(c => [
    h("dt", {}, `${c.name}${c.bodies.length ? ` (${c.bodies.join(", ")})` : ""}`),
    h("dd", {}, c.profile || t("No public profile."))])));
  if (view.instructor) {
    parts.push(h("h4", {}, t("Seats that start with a caretaker")),
      h("p", {}, formatList(view.instructor.caretakers.map(code => countryName(code))) || t("none")));
    for (const [code, role] of Object.entries(view.instructor.roles || {})) {
      parts.push(h("p", {}, h("strong", {}, t("{country}'s role sheet:", {country: {country: code}})), " ", role.summary || ""));
    }
  }
  if (view.viewer === "instructor" && doc.injects.length) {
    const when = i => i.auto === false ? t("by hand") : i.when ? t("on a condition")
      : t("round {round}", {round: i.round ?? "?"});
    parts.push(h("h4", {}, t("Injects")), h("ul", {}, doc.injects.map(i => h("li", {}, t("{title} ({when})", {title: i.title, when: when(i)})))));
  }
  return parts;
}

function renderFile() {
  const area = h("textarea", {rows: 14, class: "json", spellcheck: "false"});
  area.value = JSON.stringify(doc, null, 2);
  const apply = h("button", {type: "button"}, t("Apply the text"));
  const status = h("p", {class: "form-status", role: "status"});
  apply.addEventListener("click", async () => {
    const answer = await api("POST", "/api/scenarios/check", {body: {text: area.value}});
    if (answer.syntax) {
      status.textContent = t("Line {line}, column {column}: {reason}",
        {line: answer.syntax.line, column: answer.syntax.column, reason: renderMsg(answer.syntax.msg, answer.syntax.message)});
      showCheck(answer);
      return;
    }
    doc = JSON.parse(area.value);
    open(doc, t("The text is applied."));
  });
  const download = h("button", {type: "button"}, t("Download the JSON"));
  download.addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], {type: "application/json"});
    const link = h("a", {href: URL.createObjectURL(blob), download: `${doc.id || "scenario"}.json`});
    document.body.append(link);
    link.click();
    link.remove();
  });
  const save = h("button", {type: "button", class: "primary"}, t("Save to my library"));
  save.addEventListener("click", async () => {
    try {
      const saved = await library("POST", "", {scenario: doc});
      status.textContent = t("Saved \u201c{title}\u201d. It is listed on Create a game in this browser.", {title: saved.title});
      await loadSaved();
    } catch (err) {
      status.textContent = err.message;
    }
  });
  const linkButton = h("button", {type: "button", class: "link-button"}, t("Show the link to this library (for another computer)"));
  const linkSlot = h("p", {class: "hint"});
  linkButton.addEventListener("click", () => {
    linkSlot.textContent = t("{link} \u2014 keep it to yourself: whoever holds it sees your saved scenarios.", {link: libraryLink()});
  });
  // The text follows the forms until the teacher edits it; "Apply the text" takes it back.
  area.addEventListener("input", () => { area.dataset.edited = "yes"; });
  refreshers.add(() => { if (!area.dataset.edited) area.value = JSON.stringify(doc, null, 2); });
  return section("file", t("The file"), field(t("The scenario as JSON (edit, then apply)"), area),
    h("div", {class: "actions"}, apply, download, save, h("a", {class: "button-link", href: "/new"}, t("Create a game"))), status, linkButton, linkSlot);
}

function rerender(id) {
  const builders = {countries: renderCountries, incidents: renderIncidents, injects: renderInjects};
  const old = byId(id);
  const open = [...(old?.querySelectorAll("details[open]") || [])].map(d => d.dataset.code);
  const fresh = builders[id]();
  old.replaceWith(fresh);
  for (const code of open) fresh.querySelector(`details[data-code="${CSS.escape(code || "")}"]`)?.setAttribute("open", "");
  fresh.querySelector("h2").focus();
  changed();
}

// ---------------------------------------------------------------- checking as you type

function changed(now = false) {
  for (const refresh of refreshers) refresh();
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, now ? 0 : 400);
}

async function runCheck() {
  if (!doc) return;
  const seq = ++checkSeq;
  try {
    const answer = await api("POST", "/api/scenarios/check", {body: {scenario: doc}});
    if (seq !== checkSeq) return;
    showCheck(answer);
  } catch (err) {
    summary.textContent = err.message;
  }
}

function showCheck(answer) {
  resolved = answer.resolved || null;
  if (answer.valid) {
    notYet = Object.fromEntries(Object.entries(answer.not_yet_in_force || {}).map(([measure, why]) =>
      [measure, renderMsg(answer.not_yet_in_force_msg?.[measure], why)]));
  }
  for (const refresh of refreshers) refresh();
  const english = answer.valid ? `A ${answer.summary}.` : `${answer.summary}:`;
  summary.textContent = renderMsg(answer.summary_msg, english);
  summary.className = answer.valid ? "ok" : "error";
  fill(problemList, [...answer.problems, ...answer.notes.map(n => ({...n, note: true}))].map(p =>
    h("li", {class: p.note ? "note" : ""}, p.note ? `${t("Note:")} ` : "", h("code", {}, textOfMsg(p, "place") || t("(the file)")),
      t(": {problem}", {problem: textOfMsg(p, "problem")}))));
  showResolved();
}

// The scenario being written outlives a change of the page's language: kept in this tab
// (sessionStorage) as the page goes, opened again once it has loaded.
const KEPT = "ct:editor-doc";
document.addEventListener("ct:language-chosen", () => {
  if (doc) sessionStorage.setItem(KEPT, JSON.stringify(doc));
});

loadReference().then(() => {
  const kept = sessionStorage.getItem(KEPT);
  sessionStorage.removeItem(KEPT);
  if (!kept || doc) return;
  try {
    open(JSON.parse(kept), t("Your scenario as it was before the page changed language."));
  } catch (ignored) {
    // A kept copy that cannot be read is dropped: the page starts as usual.
  }
});
