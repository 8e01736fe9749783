// The briefing: the scenario, the state of the crisis, the incidents, and the
// country's secret role sheet (only its own players ever receive it).

import {h, fill} from "../dom.js";
import {BODY_ABBREVIATIONS, INCIDENT_KINDS, LEVEL_NAMES, MOVES, namer} from "../names.js";
import {countryName, formatList, formatNumber, t, textOf, tn, tParts} from "../i18n.js";
import {actionButton, resultSlot} from "./act.js";
import {unchanged} from "./keyed.js";
import {CrisisMap} from "./map.js";
import {paragraphs} from "./news.js";
import {whyNot} from "./rules.js";
import {reader, textsVersion} from "../texts.js";

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
    view.game.phase, view.game.year, ctx?.me, ctx?.readOnly, ctx?.rules, textsVersion()])) return;
  const names = namer(view);
  const read = reader();
  const crisis = view.crisis;
  const parts = [h("h3", {}, t("The crisis")), mapFor(container, view)];
  if (crisis) {
    parts.push(h("dl", {class: "facts"},
      h("dt", {}, t("Escalation")), h("dd", {}, LEVEL_NAMES[crisis.level] || crisis.level,
        h("meter", {min: 0, max: crisis.levels.length - 1, value: crisis.ladder,
          "aria-label": t("Escalation {level} of {top}", {level: crisis.ladder, top: crisis.levels.length - 1})})),
      h("dt", {}, t("Deterrence")), h("dd", {}, t("{value} of 100", {value: crisis.deterrence}),
        h("meter", {min: 0, max: 100, value: crisis.deterrence, "aria-label": t("Deterrence {value} of 100", {value: crisis.deterrence})})),
      h("dt", {}, t("Humanitarian toll")), h("dd", {}, formatNumber(crisis.toll)),
      crisis.aggressor ? [h("dt", {}, t("Aggressor")), h("dd", {}, names.name(crisis.aggressor))] : null));
  }
  if (view.incidents.length) {
    parts.push(h("h3", {}, t("Incidents")), h("ul", {class: "incidents"}, view.incidents.map(inc => {
      const what = {kind: INCIDENT_KINDS[inc.kind] || inc.kind, target: names.param(inc.target),
        attacker: inc.attacker ? names.param(inc.attacker) : ""};
      // The Article 6 area is the North Atlantic Treaty's: a game without its Council says nothing of it.
      const inside = inc.in_treaty_area || !view.NAC;
      const line = inc.attacker
        ? (inside ? t("{kind} against {target} by {attacker}.", what)
          : t("{kind} against {target} by {attacker} (outside the Article 6 area).", what))
        : (inside ? t("{kind} against {target}.", what)
          : t("{kind} against {target} (outside the Article 6 area).", what));
      return h("li", {}, h("strong", {}, read.item(inc, "title") || inc.id), ` \u2013 ${line}`,
        inc.description ? h("p", {class: "hint"}, read.item(inc, "description")) : null);
    })), read.note());
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
      const label = read.item(inc, "title") || inc.id;
      if (inc.target === me) {
        if (!view.self_defence.includes(inc.id)) {
          buttons.push(actionButton(ctx, t("Act in self-defence against {incident} (Charter Art. 51)", {incident: label}),
            {kind: "self_defence", incident: inc.id}, slot));
        }
        if (!(inc.id in requests && requests[inc.id] === null)) {
          buttons.push(actionButton(ctx, t("Ask every state for help against {incident} (collective self-defence)", {incident: label}),
            {kind: "request_assistance", incident: inc.id}, slot));
        }
      } else if (inc.attacker !== me && !collective.some(c => c.country === me && c.incident === inc.id)) {
        // Collective self-defence only at the request of the state attacked (ICJ, Nicaragua, para 199).
        const asked = view.self_defence.includes(inc.id)
          || (inc.id in requests && (requests[inc.id] === null || requests[inc.id].includes(me)));
        if (asked) {
          buttons.push(actionButton(ctx,
            t("Act in collective self-defence of {country} against {incident} (Charter Art. 51)",
              {country: names.param(inc.target), incident: label}),
            {kind: "self_defence", incident: inc.id}, slot));
        }
      }
    }
    if (crisis?.aggressor === me && !view.me?.caretaker && !whyNot(ctx.rules, view, "aggressor_move")) {
      buttons.push(h("p", {}, t("You are the aggressor: choose your move for this round.")));
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
  if (unchanged(container, "briefing", [game.title, game.summary, game.briefing, view.me, textsVersion()])) return;
  const me = view.me;
  const read = reader();
  // Each text of the scenario marked with its language where it is not yet translated.
  const title = read.marked("title", textOf(game, "title"));
  const parts = [h("h2", {lang: title.lang}, title.text)];
  if (game.summary) {
    const summary = read.marked("summary", textOf(game, "summary"));
    parts.push(h("p", {class: "lead", lang: summary.lang}, summary.text));
  }
  if (game.briefing) {
    const briefing = read.marked("briefing", textOf(game, "briefing"));
    parts.push(h("details", {open: true}, h("summary", {}, t("Briefing")), paragraphs(briefing.text, "", briefing.lang)));
  }
  if (me) {
    parts.push(h("h3", {}, countryName(me.country, null, me.name)));
    if (me.bodies.length) parts.push(h("p", {}, t("Sits in: {bodies}.", {bodies: formatList(me.bodies.map(b => BODY_ABBREVIATIONS[b] || b))})));
    if (me.profile) {
      const profile = read.marked(`countries.${me.country}.profile`, textOf(me, "profile"));
      parts.push(h("p", {lang: profile.lang}, profile.text));
    }
    parts.push(roleSheet(me.role, countryName(me.country, null, me.name), me.country, read));
  }
  parts.splice(1, 0, read.note());
  fill(container, parts);
}

/** A secret role sheet, as its country's players see it (``code``: the country, whose
 * role sheet's texts the page's language has by key; ``read``: the rendering's reader, which
 * says whether one is not yet translated; without one, the sheet says it itself). */
export function roleSheet(role, name, code, read) {
  if (!role) return h("p", {class: "hint"}, t("No secret instructions for this country."));
  const own = read || reader();
  const key = field => `countries.${code}.role.${field}`;
  const marked = (field, original, tag, attrs = {}) => {
    const found = own.marked(key(field), original);
    return h(tag, {...attrs, lang: found.lang}, found.text);
  };
  const list = (title, field, items) => items?.length
    ? [h("h4", {}, title), h("ul", {}, items.map((item, i) => marked(`${field}[${i}]`, item, "li")))] : null;
  const summary = role.summary ? own.marked(key("summary"), textOf(role, "summary")) : null;
  const sheet = h("section", {class: "role-sheet", "aria-label": t("Secret role sheet of {country}", {country: name})},
    h("h4", {class: "secret-flag"}, t("Secret: for your team only")),
    summary ? paragraphs(summary.text, "", summary.lang) : null,
    list(t("Interests"), "interests", role.interests), list(t("Red lines"), "red_lines", role.red_lines),
    list(t("What you want in exchange"), "wants", role.wants),
    role.objectives?.length ? [h("h4", {}, t("Objectives (scored at the debrief)")), h("ul", {}, role.objectives.map(o => {
      // tParts takes the counted sentence with {text} still in it, to put the marked text there.
      const counted = tn("{text} ({count} point)", "{text} ({count} points)", o.points, {text: "{text}"});
      return h("li", {}, tParts(counted, {text: marked(`objectives.${o.id}`, textOf(o, "text"), "span")}));
    }))] : null);
  if (!read && own.fallback) sheet.append(own.note());
  return sheet;
}
