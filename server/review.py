"""After the game: the timeline and the state at any event, the debrief,
exports for grading, annotations, and what-if forks.

Every game's timeline is folded once and kept (with a checkpoint every 200
events), then extended as the game goes on, so that any moment of a long
game is a few hundred ``evolve`` calls away.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from game_rules import RuleError, event_from_dict, parse_action, view_for
from game_rules.debrief import debrief, escalation_marks
from game_rules.history import compare, marks, round_starts
from game_rules.replay import Timeline
from game_rules.story import Story
from game_rules.views import redact
from server import auth, charts
from server.errors import ApiError, not_found
from server.games import Created, Games, held_moment
from server.seats import Seats
from server.spreadsheet import csv_bytes
from server.writer import Outcome

CHECKPOINT_EVERY = 200
TIMELINE_CACHE = 32
REPLAY_MESSAGES = 300
"""A replayed moment shows the newest messages its seat could read then."""

FORK_CHANGES = {
    "none": "No rule change: the same game from that moment.",
    "no_veto": "No veto in the Security Council: a permanent member's no does not block.",
    "no_nato": "No NATO: the North Atlantic Council is gone.",
    "caretaker": "A country's caretaker policy changed.",
    "aggressor_policy": "Another policy for the aggressor.",
}


@dataclass(frozen=True)
class Reviewer:
    """Who is reviewing: the instructor, or a student of a country."""

    role: str
    country: str | None = None
    history_from: int = 0
    """A student's seat that sat down late in its team reads no team or private talk from
    before it (``game_rules.views.view_for``), in any perspective."""

    def may_see(self, viewer: str, all_seeing_allowed: bool) -> bool:
        if self.role == "instructor" or all_seeing_allowed:
            return True
        return viewer in ("public", self.country)


class Review:
    def __init__(self, games: Games, seats: Seats) -> None:
        self.games = games
        self.seats = seats
        self._timelines: OrderedDict[str, Timeline] = OrderedDict()
        games.forgetting.append(self._forget)

    def _forget(self, game_id: str) -> None:
        """A deleted game's replay is not kept."""
        self._timelines.pop(game_id, None)

    # Who may look.

    async def reviewer(self, game_id: str, key: str | None, seat_token: str | None) -> Reviewer:
        if key:
            row = await self.games.game_for_key(key)
            if row is not None and (row["id"] == game_id
                                    or await self._is_fork_of(game_id, row["id"])):
                return Reviewer("instructor")
            raise ApiError(403, "bad_instructor_key", "The instructor key does not open this game.")
        if seat_token:
            seat = await self.seats.seat_for_token(seat_token)
            if seat is not None and seat["game_id"] == game_id:
                hub = await self.games.hub(game_id)
                if hub.state.status != "ended":
                    raise ApiError(403, "game_not_over",
                                   "The replay opens for students when the game has ended.")
                return Reviewer("student", seat["country"], seat.get("history_messages") or 0)
        raise ApiError(401, "reviewer_unknown", "Open the replay from your seat's browser, or "
                                                "with the instructor's key.")

    async def _is_fork_of(self, game_id: str, parent_id: str) -> bool:
        """Whether a game is a fork of ``parent_id`` made for the same teacher (one made for
        another teacher is not opened by the original's key)."""
        row = await self.games.store.game(game_id)
        return bool(row and row["forked_from"] == parent_id
                    and not orjson.loads(row["options"] or "{}").get("handed_over"))

    # The timeline.

    async def timeline(self, game_id: str) -> Timeline:
        hub = await self.games.hub(game_id)
        timeline = self._timelines.get(game_id)
        if timeline is None:
            timeline = Timeline(hub.meta.scenario, hub.meta.seed, every=CHECKPOINT_EVERY,
                                reading_level=hub.meta.reading_level)
            self._timelines[game_id] = timeline
            while len(self._timelines) > TIMELINE_CACHE:
                self._timelines.popitem(last=False)
        self._timelines.move_to_end(game_id)
        if timeline.seq < hub.seq:
            rows = await self.games.store.events(game_id, after=timeline.seq, upto=hub.seq)
            timeline.extend([event_from_dict(r.body) for r in rows])
        return timeline

    async def summary(self, game_id: str, viewer: str | None = None) -> dict[str, Any]:
        """The timeline; with ``viewer``, only the decision points that perspective saw
        (an inject addressed to some countries is marked for them alone)."""
        timeline = await self.timeline(game_id)
        meta = await self.games.meta(game_id)
        points = timeline.points
        if viewer not in (None, "instructor"):
            final = timeline.final
            points = [p for p in points
                      if redact(timeline.events[p.seq - 1], viewer, final) is not None]
        return {"game_id": game_id, "title": meta.title, "scenario": meta.scenario_id,
                "seq": timeline.seq, "status": timeline.final.status,
                "countries": [{"code": c, "name": timeline.final.name(c)}
                              for c in timeline.final.country_list],
                "viewer": viewer or "instructor",
                "points": [p.to_dict() for p in points],
                "crisis": timeline.crisis_series(),
                "history": marks(timeline.final.scenario, round_starts(timeline.events)),
                "all_seeing_replay": bool(meta.options.get("all_seeing_replay")),
                "annotations": await self.annotations(game_id)}

    async def state_view(self, game_id: str, seq: int, viewer: str,
                         reviewer: Reviewer) -> dict[str, Any]:
        meta = await self.games.meta(game_id)
        timeline = await self.timeline(game_id)
        if viewer not in ("instructor", "public") and viewer not in timeline.final.country_list:
            raise ApiError(422, "unknown_viewer", "viewer is instructor, public or a country.")
        if not reviewer.may_see(viewer, bool(meta.options.get("all_seeing_replay"))):
            raise ApiError(403, "perspective_closed",
                           "You may replay the game through your own country's eyes or the "
                           "public's; the instructor has not opened the other views.")
        seq = max(0, min(seq, timeline.seq))
        state = timeline.state_at(seq)
        return {"seq": seq, "last": timeline.seq, "viewer": viewer,
                "view": view_for(state, viewer, last_messages=REPLAY_MESSAGES,
                                 history_from=reviewer.history_from)}

    async def debrief(self, game_id: str, viewer: str = "instructor") -> dict[str, Any]:
        """The debrief as ``viewer`` may read it (``game_rules.debrief``)."""
        timeline = await self.timeline(game_id)
        data = debrief(timeline, viewer)
        data["votes"] = self._votes(timeline)
        return data

    @staticmethod
    def _votes(timeline: Timeline) -> list[dict[str, Any]]:
        state = timeline.final
        return [{"draft": d.id, "title": d.title, "body": d.body, "status": d.status,
                 "votes": dict(d.votes), "absent": list(d.absent),
                 "explanation": d.explanation}
                for d in state.drafts.values() if d.status in ("adopted", "vetoed", "failed")]

    async def chart(self, game_id: str, name: str, reviewer: Reviewer | None = None) -> str:
        """A chart as SVG. A student who may not open the all-seeing view sees in the
        message network only the private channels their country sat in."""
        timeline = await self.timeline(game_id)
        if name == "crisis":
            marks = escalation_marks(Story.of(timeline))
            return charts.crisis_chart(timeline.crisis_series(), timeline.seq,
                                       rounds=marks["rounds"], marks=marks["marks"])
        if name == "agreement":
            return charts.agreement_chart(timeline.final)
        if name == "network":
            only = None
            if reviewer is not None and reviewer.role != "instructor":
                meta = await self.games.meta(game_id)
                if not meta.options.get("all_seeing_replay"):
                    only = reviewer.country or ""
            return charts.network_chart(timeline.final, member=only)
        raise not_found("chart")

    # Grading.

    async def grading_csv(self, game_id: str) -> bytes:
        """Each action with its country, team and student, for grading: a CSV file
        (``server.spreadsheet``: no cell a spreadsheet would run as a formula)."""
        store = self.games.store
        seats = {s["id"]: s for s in await store.seats(game_id)}
        teams: dict[str, list[str]] = {}
        for seat in seats.values():
            if seat["country"] and not seat["removed"]:
                teams.setdefault(seat["country"], []).append(seat["nickname"])
        rows = []
        caretaking = caretakers_by_seq(await self.timeline(game_id))
        for row in await store.actions(game_id):
            body = row.body
            seat = seats.get(row.seat_id or "")
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
            rows.append([row.n, datetime.fromtimestamp(row.at, UTC).isoformat(timespec="seconds"),
                         country, "; ".join(teams.get(country, [])),
                         seat["nickname"] if seat else "", by, body.get("kind", ""),
                         where, choice, text, ""])
        timeline = await self.timeline(game_id)
        history = compare(timeline.final, timeline.events)
        for pair in (*history.pairs, *history.not_reached):
            what = pair.decision.key.split(":", 1)[1] if pair.decision else ""
            rows.append(["", "", "", "", "", "history", "history",
                         f"{what} / {pair.entry.id}" if what and pair.entry
                         else what or (pair.entry.id if pair.entry else ""),
                         pair.verdict, pair.sentence, ""])
        for answer in await store.reflections(game_id):
            author = seats.get(answer["seat_id"])
            country = answer["country"]
            rows.append(["", datetime.fromtimestamp(answer["answered_at"], UTC).isoformat(
                timespec="seconds"), country, "; ".join(teams.get(country, [])),
                author["nickname"] if author else "", "student", "reflection",
                f"Q{answer['question']}: {answer['question_text']}", "", answer["answer"],
                answer["comment"] or ""])
        return csv_bytes(["action", "time_utc", "country", "team", "student", "by", "kind",
                          "channel_or_item", "vote_or_response", "text", "comment"], rows)

    # Annotations.

    async def annotations(self, game_id: str) -> list[dict[str, Any]]:
        rows = await self.games.store.annotations(game_id)
        return [{"id": r["id"], "seq": r["seq"], "text": r["text"]} for r in rows]

    async def annotate(self, game_id: str, seq: int, text: str) -> dict[str, Any]:
        clean = text.strip()
        if not clean:
            raise ApiError(422, "empty_note", "A note needs some text.")
        if len(clean) > 2000:
            raise ApiError(422, "text_too_long", "A note has at most 2,000 characters.")
        timeline = await self.timeline(game_id)
        if not 0 <= seq <= timeline.seq:
            raise ApiError(422, "unknown_moment", f"The game has events 0 to {timeline.seq}.")
        note = {"id": auth.new_id(), "game_id": game_id, "seq": seq, "text": clean,
                "created_at": time.time()}
        await self.games.store.add_annotation(note)
        return {"id": note["id"], "seq": seq, "text": clean}

    async def delete_annotation(self, game_id: str, note_id: str) -> None:
        if not await self.games.store.delete_annotation(game_id, note_id):
            raise not_found("note")

    # What-if forks.

    async def fork(self, game_id: str, seq: int, change: dict[str, Any] | None,
                   for_another_teacher: bool = False) -> Created:
        """A new game that starts from the state after event ``seq`` (rounded to the end of
        the action that made it), with an optional rule change.

        A fork is its teacher's own: the original's key opens it too, and deleting the
        original deletes it. ``for_another_teacher`` makes one to give away: its copy of the
        original's actions carries none of the students' personal data (``strip_personal``:
        nicknames and every free text), the original's key does not open it, and it stays
        when the original is deleted."""
        store = self.games.store
        meta = await self.games.meta(game_id)
        row = await store.game(game_id)
        assert row is not None
        change = change or {"kind": "none"}
        kind = change.get("kind", "none")
        if kind not in FORK_CHANGES:
            raise ApiError(422, "unknown_change",
                           f"A fork's change is one of: {', '.join(FORK_CHANGES)}.")
        ref: Any = meta.scenario_id if row["scenario_shipped"] else \
            meta.scenario.model_dump(mode="json")
        label = "" if kind == "none" else f" (what if: {kind.replace('_', ' ')})"
        rows = [row for row in await store.actions(game_id) if row.first_seq <= seq]
        bodies = [strip_personal(row.body) if for_another_teacher else row.body for row in rows]
        actions = [parse_action(body) for body in bodies]
        created = await self.games.create(ref, seed=meta.seed, title=f"{meta.title}{label}"[:200],
                                          forked_from=game_id, reading_level=meta.reading_level,
                                          held=held_moment(actions))
        hub = await self.games.hub(created.game_id)
        if for_another_teacher:
            options = {k: v for k, v in hub.meta.options.items() if k != "shipped"}
            options.update(handed_over=True, personal_data_removed=True)
            await store.update_game(created.game_id, options=orjson.dumps(options).decode())
            hub.meta.options.update(options)
        outcomes = await hub.replay(actions)
        for row, outcome in zip(rows, outcomes, strict=True):
            if not outcome.ok:
                await self.games.delete(created.game_id)
                raise ApiError(500, "fork_diverged",
                               f"Action {row.n} did not replay: {outcome.message}")
        await self.games.settle_hold(hub)
        if hub.state.status == "running":  # paused at the moment: nothing past it runs
            await hub.submit(parse_action({"actor": "instructor", "kind": "pause"}))
        if kind != "none":
            rule = {"kind": "change_rules", "rule": kind, "country": change.get("country"),
                    "policy": change.get("policy")}
            try:
                outcome = await hub.submit(parse_action(
                    {"actor": "instructor", **{k: v for k, v in rule.items() if v is not None}}))
            except RuleError as err:
                outcome = Outcome(False, code=err.code, message=err.message)
            if not outcome.ok:
                await self.games.delete(created.game_id)
                raise ApiError(422, outcome.code, outcome.message)
        return created

    async def replay_as_fork(self, game_id: str, actions: list[dict[str, Any]],
                             title: str) -> Created:
        """A new game of this one's scenario and seed (a fork of it, so its instructor key
        opens it) whose log replays ``actions`` as they stand: a run of the causality lab."""
        meta = await self.games.meta(game_id)
        row = await self.games.store.game(game_id)
        assert row is not None
        ref: Any = meta.scenario_id if row["scenario_shipped"] else \
            meta.scenario.model_dump(mode="json")
        parsed = [parse_action(raw) for raw in actions]
        created = await self.games.create(ref, seed=meta.seed, title=title[:200],
                                          forked_from=game_id, reading_level=meta.reading_level,
                                          held=held_moment(parsed))
        hub = await self.games.hub(created.game_id)
        outcomes = await hub.replay(parsed)
        for index, outcome in enumerate(outcomes):
            if not outcome.ok:
                await self.games.delete(created.game_id)
                raise ApiError(500, "run_diverged",
                               f"Action {index} of the run did not replay: {outcome.message}")
        await self.games.settle_hold(hub)  # a running one stands still until resumed
        return created

    async def compare(self, a: str, b: str) -> dict[str, Any]:
        out = {}
        for name, game_id in (("a", a), ("b", b)):
            timeline = await self.timeline(game_id)
            meta = await self.games.meta(game_id)
            out[name] = {"game_id": game_id, "title": meta.title, "seq": timeline.seq,
                         "points": [p.to_dict() for p in timeline.points],
                         "crisis": timeline.crisis_series(), "debrief": debrief(timeline)}
        return out


FREE_TEXT = frozenset({"text", "title", "author", "name", "concern", "reason", "detail"})
"""The fields of actions a person types (``game_rules.actions``: Text, Title, Reason, Name)
or that name a student (``author``, the nickname the server fills in)."""
REMOVED = "(removed)"


def strip_personal(body: dict[str, Any]) -> dict[str, Any]:
    """An action without its personal data: every free text and nickname replaced (the
    clock's own actions, ``system``, are left as they are: nobody typed them).

    >>> strip_personal({"kind": "say", "actor": "EST", "channel": "public", "text": "Hi",
    ...                 "author": "Ada"})
    {'kind': 'say', 'actor': 'EST', 'channel': 'public', 'text': '(removed)', 'author': '(removed)'}
    """
    if body.get("actor") == "system":
        return body
    return {k: (REMOVED if k in FREE_TEXT and isinstance(v, str) and v else v)
            for k, v in body.items()}


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


def parse_change(data: Any) -> dict[str, Any] | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ApiError(422, "unknown_change", "A change is an object with a kind.")
    return data


__all__ = ["FORK_CHANGES", "Review", "Reviewer", "RuleError"]
