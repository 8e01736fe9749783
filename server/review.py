"""After the game: who may look, the timeline and the state at any event, the
debrief, the charts and the instructor's annotations. The export for grading is
``server.grading``; what-if forks are ``server.forks``.

Every game's timeline is folded once and kept (with a checkpoint every 200
events), then extended as the game goes on, so that any moment of a long
game is a few hundred ``evolve`` calls away.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

from game_rules import event_from_dict, view_for
from game_rules.debrief import debrief, escalation_marks
from game_rules.history import marks, round_starts
from game_rules.replay import Timeline
from game_rules.story import Story
from game_rules.views import redact
from server import auth, charts
from server.errors import ApiError, not_found
from server.games import Games
from server.seats import Seats
from server.translator import Translator

CHECKPOINT_EVERY = 200
TIMELINE_CACHE = 32
REPLAY_MESSAGES = 300
"""A replayed moment shows the newest messages its seat could read then."""


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
            after = timeline.seq
            rows = await self.games.store.events(game_id, after=after, upto=hub.seq)
            # Another request may have brought the same timeline on while the rows were read:
            # only what it has not added yet is added (never an event twice).
            timeline.extend([event_from_dict(r.body) for r in rows[timeline.seq - after:]])
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
        return {"game_id": game_id, "title": meta.title, "title_msg": meta.title_msg,
                "scenario": meta.scenario_id,
                "scenario_title": meta.scenario.title, "seq": timeline.seq, "status": timeline.final.status,
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
        return [{"draft": d.id, "title": d.title, "title_msg": d.title_msg, "body": d.body,
                 "status": d.status,
                 "votes": dict(d.votes), "absent": list(d.absent),
                 "explanation": d.explanation, "explanation_msg": d.explanation_msg}
                for d in state.drafts.values() if d.status in ("adopted", "vetoed", "failed")]

    async def chart(self, game_id: str, name: str, reviewer: Reviewer | None = None,
                    tr: Translator | None = None) -> str:
        """A chart as SVG, in ``tr``'s language (English without one). A student who may not
        open the all-seeing view sees in the message network only the private channels their
        country sat in."""
        timeline = await self.timeline(game_id)
        if name == "crisis":
            marks = escalation_marks(Story.of(timeline))
            return charts.crisis_chart(timeline.crisis_series(), timeline.seq,
                                       rounds=marks["rounds"], marks=marks["marks"], tr=tr)
        if name == "agreement":
            return charts.agreement_chart(timeline.final, tr=tr)
        if name == "network":
            only = None
            if reviewer is not None and reviewer.role != "instructor":
                meta = await self.games.meta(game_id)
                if not meta.options.get("all_seeing_replay"):
                    only = reviewer.country or ""
            return charts.network_chart(timeline.final, member=only, tr=tr)
        raise not_found("chart")

    async def compare(self, a: str, b: str) -> dict[str, Any]:
        """Two timelines and their debriefs side by side (a game and its fork)."""
        out = {}
        for name, game_id in (("a", a), ("b", b)):
            timeline = await self.timeline(game_id)
            meta = await self.games.meta(game_id)
            out[name] = {"game_id": game_id, "title": meta.title, "title_msg": meta.title_msg,
                         "scenario_title": meta.scenario.title, "seq": timeline.seq,
                         "points": [p.to_dict() for p in timeline.points],
                         "crisis": timeline.crisis_series(), "debrief": debrief(timeline)}
        return out

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
            raise ApiError(422, "unknown_moment", "The game has events 0 to {last}.", last=timeline.seq)
        note = {"id": auth.new_id(), "game_id": game_id, "seq": seq, "text": clean,
                "created_at": time.time()}
        await self.games.store.add_annotation(note)
        return {"id": note["id"], "seq": seq, "text": clean}

    async def delete_annotation(self, game_id: str, note_id: str) -> None:
        if not await self.games.store.delete_annotation(game_id, note_id):
            raise not_found("note")


__all__ = ["Review", "Reviewer"]
