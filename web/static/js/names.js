// Words for the codes the engine uses: phases, measures, decisions, votes.

import {countryName, formatList, formatTime, lang, t} from "./i18n.js";
import {sceneText} from "./texts.js";

export const PHASE_NAMES = {
  setup: t("Not started"),
  briefing: t("Briefing"),
  consultations: t("Consultations"),
  council: t("Council sessions"),
  resolution: t("Resolution"),
  open: t("Open session"),
  ended: t("Ended"),
};

export const PHASE_HINTS = {
  setup: t("The game has not started yet. Read your briefing and your role sheet."),
  briefing: t("Read the news and your briefing. Talk to your team."),
  consultations: t("Talk, negotiate and table drafts. Allies may request consultations (Article 4) or an Article 5 determination."),
  council: t("The Council votes: the President calls the vote on each draft in order. Texts under silence reach their deadlines."),
  resolution: t("The world answers: the aggressor moves. Allies may still pledge."),
  open: t("One open session: any action the rules allow, at any time."),
  ended: t("The game is over."),
};

/** The phases' hints in a game without the North Atlantic Council: no allies, no silence. */
export const PHASE_HINTS_WITHOUT_ALLIANCE = {
  consultations: t("Talk, negotiate and table drafts."),
  council: t("The Council votes: the President calls the vote on each draft in order."),
  resolution: t("The world answers: the aggressor moves."),
};

export const STATUS_NAMES = {setup: t("Waiting to start"), running: t("Running"), paused: t("Paused"), ended: t("Ended")};

const MEASURES = {
  determine_threat: t("Determine a threat to the peace, breach of the peace or act of aggression (Art. 39)"),
  demand_ceasefire: t("Demand a ceasefire"),
  demand_withdrawal: t("Demand the withdrawal of forces"),
  condemn: t("Condemn"),
  peacekeeping: t("Establish a peacekeeping operation"),
  refer_to_icc: t("Refer the situation to the International Criminal Court (Chapter VII; Rome Statute Art. 13(b))"),
  sanctions: t("Economic sanctions (Art. 41)"),
  arms_embargo: t("Arms embargo (Art. 41)"),
  tribunal: t("Establish a tribunal (Art. 41)"),
  authorize_force: t("Authorise \u201call necessary means\u201d (Art. 42)"),
  blockade: t("Blockade (Art. 42)"),
  no_fly_zone: t("No-fly zone (Art. 42)"),
  deplore: t("Deplore"),
  call_for_ceasefire: t("Call for a ceasefire"),
  call_for_negotiations: t("Call for negotiations"),
  humanitarian_access: t("Call for humanitarian access"),
  request_report: t("Request a report from the Secretary-General"),
  fact_finding: t("Send a fact-finding mission"),
  good_offices: t("Offer the Secretary-General's good offices"),
  regional_settlement: t("Encourage settlement through a regional arrangement (Art. 52(3))"),
  adopt_agenda: t("Adopt the agenda"),
  invite_speaker: t("Invite a speaker (rules 37 and 39)"),
  suspend_meeting: t("Suspend the meeting"),
  adjourn_meeting: t("Adjourn the meeting"),
  emergency_special_session: t("Call an emergency special session of the General Assembly (Uniting for Peace)"),
  determine_resort_to_war: t("Find that a Member has resorted to war in disregard of the Covenant (Art. 16(1))"),
  adopt_report: t("Adopt a report with recommendations (Art. 15(4), 15(10))"),
  recommend_military_contributions: t("Recommend military contributions (Art. 16(2))"),
  expel: t("Declare a Member no longer a Member of the League (Art. 16(4))"),
  refer_to_assembly: t("Refer the dispute to the Assembly (Art. 15(9))"),
  financial: t("Financial measures (Art. 16(1))"),
  import_ban: t("A ban on imports from the state (Art. 16(1))"),
  export_ban: t("A ban on exports to the state (Art. 16(1))"),
  oil: t("An oil embargo (Art. 16(1))"),
};

export const SANCTIONS = {
  arms_embargo: t("Arms embargo"),
  financial: t("Financial measures"),
  import_ban: t("Ban on imports"),
  export_ban: t("Ban on exports"),
  oil: t("Oil embargo"),
};

export const ARTICLES = {
  "11": t("Article 11: any war or threat of war (unanimity, the parties' votes count)"),
  "15": t("Article 15: a report on the dispute (unanimity, the parties excluded)"),
  "16": t("Article 16: resort to war, sanctions, expulsion (the parties excluded)"),
  procedural: t("Procedure (Art. 5(2)): a majority of the members present"),
};

// A scenario may add measures of its own (view.measures); their names come with the view.
const SCENARIO_MEASURES = new Map();

/** The scenario's own measures (the view's ``measures``), named in the page's language where
 * the game's texts document translates them. */
export function setScenarioMeasures(measures) {
  SCENARIO_MEASURES.clear();
  for (const m of measures || []) SCENARIO_MEASURES.set(m.id, sceneText(`measures.${m.id}`, m.name).text);
}

export function measureName(code) {
  return MEASURES[code] || SCENARIO_MEASURES.get(code) || code.replace(/_/g, " ");
}

export const RESPONSES = {
  diplomatic: t("Diplomatic"),
  economic: t("Economic"),
  military: t("Military"),
};

export const VOTES = {yes: t("Yes"), no: t("No"), abstain: t("Abstain")};

export const DRAFT_STATUS = {
  tabled: t("Tabled"),
  voting: t("Vote open"),
  adopted: t("Adopted"),
  vetoed: t("Vetoed"),
  failed: t("Not adopted"),
  withdrawn: t("Withdrawn"),
};

export const ITEM_STATUS = {silence: t("Under silence"), adopted: t("Adopted"), blocked: t("Blocked")};

export const INCIDENT_KINDS = {
  armed_attack: t("armed attack"),
  cyber: t("cyber attack"),
  hybrid: t("hybrid campaign"),
  space: t("attack in space"),
};

export const LEVEL_NAMES = {
  none: t("No pressure"),
  threats: t("Threats"),
  hybrid_pressure: t("Hybrid pressure"),
  limited_incursion: t("Limited incursion"),
  armed_attack: t("Armed attack"),
  occupation: t("Occupation"),
  spillover: t("Spill-over onto an ally"),
};

export const MOVES = {
  escalate: t("Escalate"),
  hold: t("Hold"),
  de_escalate: t("De-escalate"),
  withdraw: t("Withdraw"),
};

const namers = new WeakMap();  // a view's countries -> their namer

/** Country names from a view: code -> name, and the phrase a sentence uses; in another
 * language than English, the game's own name in it or CLDR's (i18n.js). */
export function namer(view) {
  const countries = view?.countries;
  if (!countries) return makeNamer(view);
  if (!namers.has(countries)) namers.set(countries, makeNamer(view));
  return namers.get(countries);
}

function makeNamer(view) {
  const byCode = new Map((view?.countries || []).map(c => [c.code, c]));
  const english = code => byCode.get(code)?.name || code;
  const name = code => {
    if (code === "instructor") return t("Instructor");
    if (code === "system") return t("The clock");
    if (code === "secretary_general") return t("Secretary-General");
    return countryName(code, null, english(code));
  };
  // As a sentence names it ("the Russian Federation"), and at its start.
  const display = code => byCode.has(code)
    ? countryName(code, null, byCode.get(code).display || english(code)) : name(code);
  const subject = code => {
    const text = display(code);
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  // Countries as one parameter of a sentence: a list in the language, to which a translation
  // may give articles ({countries@def}) and agreement ({countries@agree:s=a|p=ont}).
  const list = codes => ({countries: (codes || []).map(param)});
  // The everyday name, for a chip or a label ("DR Congo", "Bahrain").
  const short = code => byCode.has(code)
    ? countryName(code, null, byCode.get(code).short || english(code)) : name(code);
  // A country as a parameter of a sentence (t("{country} vetoed", {country: param(code)})):
  // a translation may give it its article ({country@def}).
  const param = code => byCode.has(code) ? {country: code, name: byCode.get(code).display || english(code)}
    : name(code);
  return {name, display, subject, list, short, param, country: code => byCode.get(code)};
}

/** "3 minutes ago"-free time of day for a message, by this browser's clock. */
export function timeOfDay(seconds) {
  if (!seconds) return "";
  const date = new Date(seconds * 1000);
  if (lang !== "en") return formatTime(date);
  return prepareTimeOfDay().format(date);
}

let clockFormat = null;  // made once: a formatter costs far more to make than to use

/** Make the formatter of timeOfDay now (the first costs tens of milliseconds on a slow
 * computer: its locale data are loaded): a page calls it while it waits for the network. */
export function prepareTimeOfDay() {
  clockFormat ||= new Intl.DateTimeFormat([], {hour: "2-digit", minute: "2-digit"});
  return clockFormat;
}

export const BODY_NAMES = {
  UNSC: t("Security Council"),
  UNGA: t("General Assembly"),
  NAC: t("North Atlantic Council"),
  LNC: t("Council of the League of Nations"),
  LNA: t("Assembly of the League of Nations"),
};

/** A body by its code ("UNSC" -> "Security Council"). */
export function bodyName(code) {
  return BODY_NAMES[code] || code;
}

/** The short names of the bodies a country sits in, as a view lists them. */
export const BODY_ABBREVIATIONS = {
  UNSC: t("UNSC"),
  "UNSC (without a vote)": t("UNSC (without a vote)"),
  UNGA: t("UNGA"),
  NAC: t("NAC"),
  LNC: t("LNC"),
  LNA: t("LNA"),
};
