// Words for the codes the engine uses: phases, measures, decisions, votes.

export const PHASE_NAMES = {
  setup: "Not started",
  briefing: "Briefing",
  consultations: "Consultations",
  council: "Council sessions",
  resolution: "Resolution",
  open: "Open session",
  ended: "Ended",
};

export const PHASE_HINTS = {
  setup: "The game has not started yet. Read your briefing and your role sheet.",
  briefing: "Read the news and your briefing. Talk to your team.",
  consultations: "Talk, negotiate and table drafts. Allies may request consultations (Article 4) or an Article 5 determination.",
  council: "The Council votes: the President calls the vote on each draft in order. Texts under silence reach their deadlines.",
  resolution: "The world answers: the aggressor moves. Allies may still pledge.",
  open: "One open session: any action the rules allow, at any time.",
  ended: "The game is over.",
};

export const STATUS_NAMES = {setup: "Waiting to start", running: "Running", paused: "Paused", ended: "Ended"};

const MEASURES = {
  determine_threat: "Determine a threat to the peace, breach of the peace or act of aggression (Art. 39)",
  demand_ceasefire: "Demand a ceasefire",
  demand_withdrawal: "Demand the withdrawal of forces",
  condemn: "Condemn",
  peacekeeping: "Establish a peacekeeping operation",
  refer_to_icc: "Refer the situation to the International Criminal Court (Chapter VII; Rome Statute Art. 13(b))",
  sanctions: "Economic sanctions (Art. 41)",
  arms_embargo: "Arms embargo (Art. 41)",
  tribunal: "Establish a tribunal (Art. 41)",
  authorize_force: "Authorise \u201call necessary means\u201d (Art. 42)",
  blockade: "Blockade (Art. 42)",
  no_fly_zone: "No-fly zone (Art. 42)",
  deplore: "Deplore",
  call_for_ceasefire: "Call for a ceasefire",
  call_for_negotiations: "Call for negotiations",
  humanitarian_access: "Call for humanitarian access",
  request_report: "Request a report from the Secretary-General",
  fact_finding: "Send a fact-finding mission",
  good_offices: "Offer the Secretary-General's good offices",
  regional_settlement: "Encourage settlement through a regional arrangement (Art. 52(3))",
  adopt_agenda: "Adopt the agenda",
  invite_speaker: "Invite a speaker (rules 37 and 39)",
  suspend_meeting: "Suspend the meeting",
  adjourn_meeting: "Adjourn the meeting",
  emergency_special_session: "Call an emergency special session of the General Assembly (Uniting for Peace)",
  determine_resort_to_war: "Find that a Member has resorted to war in disregard of the Covenant (Art. 16(1))",
  adopt_report: "Adopt a report with recommendations (Art. 15(4), 15(10))",
  recommend_military_contributions: "Recommend military contributions (Art. 16(2))",
  expel: "Declare a Member no longer a Member of the League (Art. 16(4))",
  refer_to_assembly: "Refer the dispute to the Assembly (Art. 15(9))",
  financial: "Financial measures (Art. 16(1))",
  import_ban: "A ban on imports from the state (Art. 16(1))",
  export_ban: "A ban on exports to the state (Art. 16(1))",
  oil: "An oil embargo (Art. 16(1))",
};

export const SANCTIONS = {
  arms_embargo: "Arms embargo",
  financial: "Financial measures",
  import_ban: "Ban on imports",
  export_ban: "Ban on exports",
  oil: "Oil embargo",
};

export const ARTICLES = {
  "11": "Article 11: any war or threat of war (unanimity, the parties' votes count)",
  "15": "Article 15: a report on the dispute (unanimity, the parties excluded)",
  "16": "Article 16: resort to war, sanctions, expulsion (the parties excluded)",
  procedural: "Procedure (Art. 5(2)): a majority of the members present",
};

// A scenario may add measures of its own (view.measures); their names come with the view.
const SCENARIO_MEASURES = new Map();

export function setScenarioMeasures(measures) {
  SCENARIO_MEASURES.clear();
  for (const m of measures || []) SCENARIO_MEASURES.set(m.id, m.name);
}

export function measureName(code) {
  return MEASURES[code] || SCENARIO_MEASURES.get(code) || code.replace(/_/g, " ");
}

export const RESPONSES = {
  diplomatic: "Diplomatic",
  economic: "Economic",
  military: "Military",
};

/** "an economic response", "a military response": the article by the first word's sound
 * (the same rule as game_rules/words.py). */
export function withArticle(phrase) {
  const word = phrase.trim().split(" ")[0] || "";
  const lower = word.toLowerCase();
  let an = /^[aeiou]/.test(lower);
  if (/^(uni|use|usa|usi|usu|uti|uto|ura|ure|uri|euro|eu|one|once|ewe|ubi)/.test(lower)) an = false;
  if (/^(hour|honest|honour|honor|heir)/.test(lower)) an = true;
  if (/^[A-Z]{2,}$/.test(word) && !["NATO", "UNICEF", "UNESCO", "OSCE"].includes(word)) an = "AEFHILMNORSX".includes(word[0]);
  return `${an ? "an" : "a"} ${phrase}`;
}

export const VOTES = {yes: "Yes", no: "No", abstain: "Abstain"};

export const DRAFT_STATUS = {
  tabled: "Tabled",
  voting: "Vote open",
  adopted: "Adopted",
  vetoed: "Vetoed",
  failed: "Not adopted",
  withdrawn: "Withdrawn",
};

export const ITEM_STATUS = {silence: "Under silence", adopted: "Adopted", blocked: "Blocked"};

export const INCIDENT_KINDS = {
  armed_attack: "armed attack",
  cyber: "cyber attack",
  hybrid: "hybrid campaign",
  space: "attack in space",
};

export const LEVEL_NAMES = {
  none: "No pressure",
  threats: "Threats",
  hybrid_pressure: "Hybrid pressure",
  limited_incursion: "Limited incursion",
  armed_attack: "Armed attack",
  occupation: "Occupation",
  spillover: "Spill-over onto an ally",
};

export const MOVES = {
  escalate: "Escalate",
  hold: "Hold",
  de_escalate: "De-escalate",
  withdraw: "Withdraw",
};

const namers = new WeakMap();  // a view's countries -> their namer

/** Country names from a view: code -> name, and the phrase a sentence uses. */
export function namer(view) {
  const countries = view?.countries;
  if (!countries) return makeNamer(view);
  if (!namers.has(countries)) namers.set(countries, makeNamer(view));
  return namers.get(countries);
}

function makeNamer(view) {
  const byCode = new Map((view?.countries || []).map(c => [c.code, c]));
  const name = code => {
    if (code === "instructor") return "Instructor";
    if (code === "system") return "The clock";
    if (code === "secretary_general") return "Secretary-General";
    return byCode.get(code)?.name || code;
  };
  // As a sentence names it ("the Russian Federation"), and at its start.
  const display = code => byCode.get(code)?.display || name(code);
  const subject = code => {
    const text = display(code);
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const list = codes => {
    const names = (codes || []).map(display);
    if (names.length <= 1) return names.join("");
    return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  };
  // The everyday name, for a chip or a label ("DR Congo", "Bahrain").
  const short = code => byCode.get(code)?.short || name(code);
  return {name, display, subject, list, short, country: code => byCode.get(code)};
}

/** "3 minutes ago"-free time of day for a message, by this browser's clock. */
export function timeOfDay(seconds) {
  if (!seconds) return "";
  clockFormat ||= new Intl.DateTimeFormat([], {hour: "2-digit", minute: "2-digit"});
  return clockFormat.format(new Date(seconds * 1000));
}

let clockFormat = null;  // made once: a formatter costs far more to make than to use
