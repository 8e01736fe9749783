"""The measures of a draft as the pages name them ("Economic sanctions (Art. 41)"), for the
engine's sentences that name a measure: a refusal says the measure's name in its reader's
language, not its code ("sanctions"). The same English as the browser's names
(web/static/js/names.js), so that both catalogs translate them alike."""

from __future__ import annotations

from game_rules.messages import N_, Msg, message

MEASURE_NAMES: dict[str, str] = {
    "determine_threat": N_("Determine a threat to the peace, breach of the peace or act "
                           "of aggression (Art. 39)"),
    "demand_ceasefire": N_("Demand a ceasefire"),
    "demand_withdrawal": N_("Demand the withdrawal of forces"),
    "condemn": N_("Condemn"),
    "peacekeeping": N_("Establish a peacekeeping operation"),
    "refer_to_icc": N_("Refer the situation to the International Criminal Court "
                       "(Chapter VII; Rome Statute Art. 13(b))"),
    "sanctions": N_("Economic sanctions (Art. 41)"),
    "arms_embargo": N_("Arms embargo (Art. 41)"),
    "tribunal": N_("Establish a tribunal (Art. 41)"),
    "authorize_force": N_("Authorise \u201call necessary means\u201d (Art. 42)"),
    "blockade": N_("Blockade (Art. 42)"),
    "no_fly_zone": N_("No-fly zone (Art. 42)"),
    "deplore": N_("Deplore"),
    "call_for_ceasefire": N_("Call for a ceasefire"),
    "call_for_negotiations": N_("Call for negotiations"),
    "humanitarian_access": N_("Call for humanitarian access"),
    "request_report": N_("Request a report from the Secretary-General"),
    "fact_finding": N_("Send a fact-finding mission"),
    "good_offices": N_("Offer the Secretary-General's good offices"),
    "regional_settlement": N_("Encourage settlement through a regional arrangement (Art. 52(3))"),
    "adopt_agenda": N_("Adopt the agenda"),
    "invite_speaker": N_("Invite a speaker (rules 37 and 39)"),
    "suspend_meeting": N_("Suspend the meeting"),
    "adjourn_meeting": N_("Adjourn the meeting"),
    "emergency_special_session": N_("Call an emergency special session of the General Assembly "
                                    "(Uniting for Peace)"),
    "determine_resort_to_war": N_("Find that a Member has resorted to war in disregard of the "
                                  "Covenant (Art. 16(1))"),
    "adopt_report": N_("Adopt a report with recommendations (Art. 15(4), 15(10))"),
    "recommend_military_contributions": N_("Recommend military contributions (Art. 16(2))"),
    "expel": N_("Declare a Member no longer a Member of the League (Art. 16(4))"),
    "refer_to_assembly": N_("Refer the dispute to the Assembly (Art. 15(9))"),
    "financial": N_("Financial measures (Art. 16(1))"),
    "import_ban": N_("A ban on imports from the state (Art. 16(1))"),
    "export_ban": N_("A ban on exports to the state (Art. 16(1))"),
    "oil": N_("An oil embargo (Art. 16(1))"),
}


def measure_msg(code: str) -> Msg | str:
    """A measure as a sentence names it; a code no name is known for, as it is."""
    name = MEASURE_NAMES.get(code)
    return message(name) if name is not None else code
