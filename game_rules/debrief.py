"""The debrief of a game, as JSON-ready data: three readings (realist,
liberal, constructivist) each on a paragraph about this game with the moments
that carry it, the scores beneath them as evidence, the key outcomes with their
rules and precedents, what caretakers did apart from the class, and the marks
of the escalation chart.

Each part is a pure function of the game's timeline, in its own module:
``story`` (the facts), ``outcomes``, ``scores``, ``lenses``. The debrief only
puts them together, so a section another module adds (the class's history,
say) sits beside them without touching them.
"""

from __future__ import annotations

from typing import Any

from game_rules.history import compare
from game_rules.lenses import (
    norm_counts,
    readings,
    words_and_deeds,
)
from game_rules.outcomes import key_outcomes
from game_rules.replay import Timeline
from game_rules.scores import liberal_scores, realist_scores
from game_rules.story import Shift, Story

MARKS = 12
"""The escalation chart marks at most this many of the moves that changed the world."""
MARK_DETERRENCE = 5
"""A change of deterrence at least this large is marked (every move of the ladder is)."""


def debrief(timeline: Timeline, viewer: str = "instructor") -> dict[str, Any]:
    """Every part of the debrief of a game (or of a game so far), as ``viewer``
    (instructor, public or a country) may read it: the objectives on other countries'
    secret role sheets count, but their words stay secret."""
    story = Story.of(timeline)
    realist = realist_scores(timeline, story)
    liberal = liberal_scores(timeline, story)
    gaps, matches = words_and_deeds(story)
    name = story.final.name
    return {
        "lenses": [r.to_dict() for r in readings(story, realist)],
        "realist": [s.to_dict(viewer) for s in realist],
        "liberal": liberal.to_dict(),
        "constructivist": {
            "norms": [c.to_dict(story) for c in norm_counts(story)],
            "words_and_deeds": [
                {"country": d.country, "name": name(d.country), "kept": kept,
                 "said": {"seq": w.seq, "text": w.text},
                 "did": {"seq": d.seq, "what": d.what, "what_msg": d.said.to_json()}}
                for kept, pairs in ((False, gaps), (True, matches)) for w, d in pairs],
        },
        "outcomes": [o.to_dict() for o in key_outcomes(story)],
        "played": sorted(story.played),
        "caretakers": sorted(c for c in story.final.country_list if story.is_caretaker(c)),
        "escalation": escalation_marks(story),
        "history": compare(timeline.final, timeline.events).to_dict(),
    }


def escalation_marks(story: Story) -> dict[str, Any]:
    """Where each round began, and the moves that moved the world most: every step of the
    ladder and every large change of deterrence (at most ``MARKS``, the largest)."""
    def size(shift: Shift) -> int:
        ladder = abs(shift.ladder[1] - shift.ladder[0])
        return 100 * ladder + abs(shift.deterrence[1] - shift.deterrence[0])

    moved = [s for s in story.shifts
             if s.ladder[0] != s.ladder[1]
             or abs(s.deterrence[1] - s.deterrence[0]) >= MARK_DETERRENCE]
    kept = sorted(sorted(moved, key=size, reverse=True)[:MARKS], key=lambda s: s.seq)
    return {"rounds": [{"seq": seq, "round": r} for seq, r in story.rounds],
            "marks": [{"seq": s.seq, "round": s.round, "label": s.label, "reason": s.reason,
                       "deterrence": list(s.deterrence), "ladder": list(s.ladder),
                       **({"reason_msg": s.said[0].to_json(), "label_msg": s.said[1].to_json()}
                          if s.said else {})}
                      for s in kept]}
