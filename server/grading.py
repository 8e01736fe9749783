"""The export for grading: each action with its country, team and student, the
history's verdicts and the students' reflections, as one CSV file
(``server.spreadsheet``: no cell a spreadsheet would run as a formula). Its column names
and the words it writes are in the language asked; what people typed is as typed."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from game_rules.history import compare
from game_rules.replay import Timeline
from game_rules.scenario import Scenario
from game_rules.translations import scenario_text
from server.i18n import N_, SOURCE
from server.spreadsheet import csv_bytes
from server.store import ActionRow, Store
from server.translator import Translator, translator

COLUMNS = [N_("action"), N_("time_utc"), N_("country"), N_("team"), N_("student"), N_("by"),
           N_("kind"), N_("channel_or_item"), N_("vote_or_response"), N_("text"), N_("comment")]
WHO = {"student": N_("student"), "instructor": N_("instructor"), "system": N_("system"),
       "caretaker": N_("caretaker")}
HISTORY = N_("history")
REFLECTION = N_("reflection")


def _sentence(pair: Any, tr: Translator, scenario: Scenario) -> str:
    """A history pair's sentence in ``tr``'s language (its message when the engine gives one),
    the scenario's texts in it (a real event's words) translated where the scenario has them,
    else in the scenario's language, marked as not yet translated (``Translator.marked``)."""
    msg = getattr(pair, "sentence_msg", None)
    return tr.render(msg, scenario=scenario, untranslated=tr.marked) if msg is not None \
        else str(pair.sentence)


async def grading_csv(store: Store, game_id: str, timeline: Timeline,
                      tr: Translator | None = None) -> bytes:
    """The grading export of a game whose events ``timeline`` folds, in ``tr``'s language."""
    tr = tr or translator(SOURCE)
    seats = {s["id"]: s for s in await store.seats(game_id)}
    teams: dict[str, list[str]] = {}
    for seat in seats.values():
        if seat["country"] and not seat["removed"]:
            teams.setdefault(seat["country"], []).append(seat["nickname"])
    caretaking = caretakers_by_seq(timeline)
    rows = [_action_row(row, seats.get(row.seat_id or ""), teams, caretaking, tr)
            for row in await store.actions(game_id)]
    history = compare(timeline.final, timeline.events)
    for pair in (*history.pairs, *history.not_reached):
        what = pair.decision.key.split(":", 1)[1] if pair.decision else ""
        rows.append(["", "", "", "", "", tr.gettext(HISTORY), tr.gettext(HISTORY),
                     f"{what} / {pair.entry.id}" if what and pair.entry
                     else what or (pair.entry.id if pair.entry else ""),
                     pair.verdict, _sentence(pair, tr, timeline.final.scenario), ""])
    student, reflection = tr.gettext(WHO["student"]), tr.gettext(REFLECTION)
    scenario = timeline.final.scenario
    for answer in await store.reflections(game_id):
        author = seats.get(answer["seat_id"])
        country = answer["country"]
        rows.append(["", _utc(answer["answered_at"]), country, "; ".join(teams.get(country, [])),
                     author["nickname"] if author else "", student, reflection,
                     f"Q{answer['question']}: {_question(answer['question_text'], scenario, tr)}",
                     "",
                     answer["answer"],
                     answer["comment"] or ""])
    return csv_bytes([tr.gettext(column) for column in COLUMNS], rows)


def _question(text: str, scenario: Scenario, tr: Translator) -> str:
    """A reflection question as asked, in the reader's language: the scenario's translation
    of its teacher's question (where it has none, the scenario's own, marked as not yet
    translated), or the catalog's of a default one (an instructor's own question is shown as
    written)."""
    teacher = scenario.teacher
    if teacher is not None and text in teacher.reflection:
        key = f"teacher.reflection[{list(teacher.reflection).index(text)}]"
        found = scenario_text(scenario, tr.lang, key)
        return tr.marked(found.text, found.lang) if found.fallback else found.text
    return tr.gettext(text)


def _action_row(row: ActionRow, seat: dict[str, Any] | None, teams: dict[str, list[str]],
                caretaking: Callable[[int], frozenset[str]], tr: Translator) -> list[Any]:
    body = row.body
    # A country's action from no seat is its caretaker's only if the state had its
    # caretaker then; otherwise the instructor took it for the country.
    by = ("student" if seat else "instructor" if row.seat_id == "instructor"
          else "system" if row.actor == "system"
          else "caretaker" if row.actor in caretaking(row.first_seq - 1)
          else "instructor")
    country = row.actor if row.actor not in ("instructor", "system") else ""
    where = body.get("channel") or body.get("draft") or body.get("item") or \
        body.get("incident") or body.get("candidate") or ""
    choice = body.get("vote") or body.get("response") or body.get("decision") or ""
    text = body.get("text") or body.get("reason") or body.get("title") or \
        body.get("detail") or body.get("concern") or ""
    return [row.n, _utc(row.at), country, "; ".join(teams.get(country, [])),
            seat["nickname"] if seat else "", tr.gettext(WHO[by]), body.get("kind", ""), where,
            choice, text, ""]


def _utc(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def caretakers_by_seq(timeline: Timeline) -> Callable[[int], frozenset[str]]:
    """The states with their caretakers after event ``seq``, for any seq (the caretaker set
    changes only with ``caretaker_set``, so this reads those events once)."""
    changes: list[tuple[int, frozenset[str]]] = [(0, timeline.state_at(0).caretakers)]
    current = changes[0][1]
    for seq, event in enumerate(timeline.events, start=1):
        if event.kind == "caretaker_set":
            current = current | {event.country} if event.caretaker else current - {event.country}
            changes.append((seq, current))
    seqs = [seq for seq, _ in changes]

    def at(seq: int) -> frozenset[str]:
        return changes[bisect_right(seqs, seq) - 1][1]

    return at
