// The briefing: the scenario, the state of the crisis, the incidents, and the
// country's secret role sheet (only its own players ever receive it).

import {h, fill} from "../dom.js";
import {INCIDENT_KINDS, LEVEL_NAMES, MOVES, namer} from "../names.js";
import {actionButton, resultSlot} from "./act.js";
import {unchanged} from "./keyed.js";
import {CrisisMap} from "./map.js";
import {paragraphs} from "./news.js";
import {whyNot} from "./rules.js";

const maps = new WeakMap();

/** The map of the crisis kept for a container: drawn again only when what it shows changes. */
function mapFor(container, view) {
  if (!maps.has(container)) maps.set(container, new CrisisMap());
  const map = maps.get(container);
  map.update(view);
  return map.element;
}

export function renderCrisis(container, view, ctx) {
  if (unchanged(container, "crisis", [view.crisis, view.incidents, view.countries, view.NAC, view.UNSC,
    view.assistance_requests, view.collective_self_defence, view.self_defence, view.me, view.game.status,
    view.game.phase, view.game.year, ctx?.me, ctx?.readOnly, ctx?.rules])) return;
  const names = namer(view);
  const crisis = view.crisis;
  const parts = [h("h3", {}, "The crisis"), mapFor(container, view)];
  if (crisis) {
    parts.push(h("dl", {class: "facts"},
      h("dt", {}, "Escalation"), h("dd", {}, LEVEL_NAMES[crisis.level] || crisis.level,
        h("meter", {min: 0, max: crisis.levels.length - 1, value: crisis.ladder,
          "aria-label": `Escalation ${crisis.ladder} of ${crisis.levels.length - 1}`})),
      h("dt", {}, "Deterrence"), h("dd", {}, `${crisis.deterrence} of 100`,
        h("meter", {min: 0, max: 100, value: crisis.deterrence, "aria-label": `Deterrence ${crisis.deterrence} of 100`})),
      h("dt", {}, "Humanitarian toll"), h("dd", {}, String(crisis.toll)),
      crisis.aggressor ? [h("dt", {}, "Aggressor"), h("dd", {}, names.name(crisis.aggressor))] : null));
  }
  if (view.incidents.length) {
    parts.push(h("h3", {}, "Incidents"), h("ul", {class: "incidents"}, view.incidents.map(inc =>
      h("li", {}, h("strong", {}, inc.title || inc.id), ` \u2013 ${INCIDENT_KINDS[inc.kind] || inc.kind} against ` +
        `${names.name(inc.target)}${inc.attacker ? ` by ${names.name(inc.attacker)}` : ""}` +
        `${inc.in_treaty_area ? "" : " (outside the Article 6 area)"}.`,
      inc.description ? h("p", {class: "hint"}, inc.description) : null))));
  }
  const me = ctx?.me;
  if (me && ctx && !ctx.readOnly) {
    const slot = resultSlot();
    const buttons = [];
    const requests = view.assistance_requests || {};
    const collective = view.collective_self_defence || [];
    for (const inc of view.incidents) {
      // Art. 51 and Article 5 turn on the same armed attack: an incident that says it is
      // not one opens neither; one that says nothing (cyber, hybrid, space) is judged case by case.
      if (inc.amounts_to_armed_attack === false || whyNot(ctx.rules, view, "self_defence")) continue;
      const label = inc.title || inc.id;
      if (inc.target === me) {
        if (!view.self_defence.includes(inc.id)) {
          buttons.push(actionButton(ctx, `Act in self-defence against ${label} (Charter Art. 51)`,
            {kind: "self_defence", incident: inc.id}, slot));
        }
        if (!(inc.id in requests && requests[inc.id] === null)) {
          buttons.push(actionButton(ctx, `Ask every state for help against ${label} (collective self-defence)`,
            {kind: "request_assistance", incident: inc.id}, slot));
        }
      } else if (inc.attacker !== me && !collective.some(c => c.country === me && c.incident === inc.id)) {
        // Collective self-defence only at the request of the state attacked (ICJ, Nicaragua, para 199).
        const asked = view.self_defence.includes(inc.id)
          || (inc.id in requests && (requests[inc.id] === null || requests[inc.id].includes(me)));
        if (asked) {
          buttons.push(actionButton(ctx,
            `Act in collective self-defence of ${names.name(inc.target)} against ${label} (Charter Art. 51)`,
            {kind: "self_defence", incident: inc.id}, slot));
        }
      }
    }
    if (crisis?.aggressor === me && !view.me?.caretaker && !whyNot(ctx.rules, view, "aggressor_move")) {
      buttons.push(h("p", {}, "You are the aggressor: choose your move for this round."));
      for (const [move, label] of Object.entries(MOVES)) {
        buttons.push(actionButton(ctx, label, {kind: "aggressor_move", move}, slot));
      }
    }
    if (buttons.length) parts.push(h("div", {class: "controls"}, buttons), slot);
  }
  fill(container, parts);
}

export function renderBriefing(container, view) {
  const game = view.game;
  if (unchanged(container, "briefing", [game.title, game.summary, game.briefing, view.me])) return;
  const me = view.me;
  const parts = [h("h2", {}, game.title)];
  if (game.summary) parts.push(h("p", {class: "lead"}, game.summary));
  if (game.briefing) parts.push(h("details", {open: true}, h("summary", {}, "Briefing"), paragraphs(game.briefing)));
  if (me) {
    parts.push(h("h3", {}, `${me.name}`));
    if (me.bodies.length) parts.push(h("p", {}, `Sits in: ${me.bodies.join(", ")}.`));
    if (me.profile) parts.push(h("p", {}, me.profile));
    parts.push(roleSheet(me.role, me.name));
  }
  fill(container, parts);
}

/** A secret role sheet, as its country's players see it. */
export function roleSheet(role, name) {
  if (!role) return h("p", {class: "hint"}, "No secret instructions for this country.");
  const list = (title, items) => items?.length
    ? [h("h4", {}, title), h("ul", {}, items.map(i => h("li", {}, i)))] : null;
  return h("section", {class: "role-sheet", "aria-label": `Secret role sheet of ${name}`},
    h("h4", {class: "secret-flag"}, "Secret: for your team only"),
    role.summary ? paragraphs(role.summary) : null,
    list("Interests", role.interests), list("Red lines", role.red_lines),
    list("What you want in exchange", role.wants),
    list("Objectives (scored at the debrief)", role.objectives?.map(o => `${o.text} (${o.points} points)`)));
}
