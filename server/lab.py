"""The causality lab over HTTP (instructor only): continuations of a game from
a moment, under the real rules and counterfactuals, side by side
(``game_rules.lab``), and any one run opened as a game of its own to replay.

The lab runs in a worker thread, one at a time per process, so that a class
waiting for 200 continuations never stops the games being played.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from game_rules import RuleError
from game_rules.lab import CHANGES, MAX_RUNS, RUNS, Change, Lab, compare
from server.deps import InstructorKey, services
from server.errors import ApiError
from server.forks import Forks, scenario_ref
from server.games import Created
from server.i18n import N_
from server.review import Review
from server.review_api import instructor

MAX_CHANGES = 4


class LabRequest(BaseModel):
    seq: int = Field(0, ge=0, description="From the moment after this event (rounded to the end "
                                          "of the action that made it).")
    changes: list[dict[str, Any]] = Field(
        default_factory=lambda: [{"kind": "no_veto"}],
        description="Counterfactuals set beside the real rules: {'kind': 'no_veto' | 'no_nato' | "
                    "'no_article5' | 'vote', 'country', 'draft', 'vote'}; at most four.")
    runs: int = Field(RUNS, ge=1, le=MAX_RUNS)
    first_seed: int = Field(1, ge=0, le=2**62)
    students: Literal["as_played", "caretakers"] = "as_played"


class LabRun(BaseModel):
    seq: int = Field(0, ge=0)
    change: dict[str, Any] | None = None
    seed: int = Field(ge=0, le=2**63 - 1)
    students: Literal["as_played", "caretakers"] = "as_played"


class LabService:
    def __init__(self, review: Review, forks: Forks) -> None:
        self.review = review
        self.forks = forks
        self.games = review.games
        self._one_at_a_time = asyncio.Semaphore(1)

    async def _lab(self, game_id: str, seq: int, students: str) -> tuple[Lab, Any]:
        meta = await self.games.meta(game_id)
        rows = await self.games.store.actions(game_id)
        moment = sum(1 for row in rows if row.first_seq <= max(seq, 0)) if seq else 0
        actions = [row.body for row in rows]
        try:
            lab = Lab(meta.scenario, meta.seed, actions, moment,
                      students="caretakers" if students == "caretakers" else "as_played",
                      reading_level=meta.reading_level)
        except RuleError as err:
            raise ApiError.refusal(422, err.code, err.message, err.to_dict().get("msg")) from None
        return lab, meta

    async def compare(self, game_id: str, body: LabRequest) -> dict[str, Any]:
        if len(body.changes) > MAX_CHANGES:
            raise ApiError(422, "too_many_changes",
                           "Set at most {count} counterfactuals beside the real rules.",
                           count=MAX_CHANGES)
        try:
            changes = [Change.parse(c) for c in body.changes]
        except RuleError as err:
            raise ApiError.refusal(422, err.code, err.message, err.to_dict().get("msg")) from None
        async with self._one_at_a_time:
            lab, _ = await self._lab(game_id, body.seq, body.students)
            try:
                data = await asyncio.to_thread(compare, lab, changes, body.runs, body.first_seed)
            except RuleError as err:
                raise ApiError.refusal(422, err.code, err.message, err.to_dict().get("msg")) from None
        data["game_id"] = game_id
        data["seq"] = body.seq
        return data

    async def open_run(self, game_id: str, body: LabRun) -> Created:
        """One continuation as a game of its own (a fork of this one), ended, to replay."""
        try:
            change = Change.parse(body.change)
        except RuleError as err:
            raise ApiError.refusal(422, err.code, err.message, err.to_dict().get("msg")) from None
        lab, meta = await self._lab(game_id, body.seq, body.students)
        try:
            record = await asyncio.to_thread(lab.record, change, body.seed, scenario_ref(meta))
        except RuleError as err:
            raise ApiError.refusal(422, err.code, err.message, err.to_dict().get("msg")) from None
        return await self.forks.replay_as_fork(game_id, record["actions"],
                                               LAB_TITLES[change.kind], seed=str(body.seed))


LAB_TITLES = {
    "none": N_("{title} (lab: the real rules, seed {seed})"),
    "no_veto": N_("{title} (lab: no veto, seed {seed})"),
    "no_nato": N_("{title} (lab: no NATO, seed {seed})"),
    "no_article5": N_("{title} (lab: no Article 5, seed {seed})"),
    "vote": N_("{title} (lab: a changed vote, seed {seed})"),
}
"""A lab run's title, by its counterfactual (``game_rules.lab.CHANGES``), from the game's."""


def lab_service(request: Request) -> LabService:
    return services(request).lab  # type: ignore[no-any-return]


LabDep = Annotated[LabService, Depends(lab_service)]
router = APIRouter(tags=["review"])


@router.get("/api/lab-changes")
async def lab_changes() -> dict[str, Any]:
    """The counterfactuals the lab sets beside the real rules, and what it assumes."""
    from game_rules.lab import ASSUMPTIONS, assumptions_msg, changes_msg

    return {"changes": CHANGES, "assumptions": list(ASSUMPTIONS), "runs": RUNS,
            "max_runs": MAX_RUNS, "changes_msg": changes_msg(),
            "assumptions_msg": assumptions_msg()}


@router.post("/api/games/{game_id}/lab")
async def run_lab(game_id: str, body: LabRequest, lab: LabDep,
                  key: InstructorKey) -> dict[str, Any]:
    """Continuations from a moment under the real rules and each counterfactual, over the
    same seeds: the distributions side by side, each run's seed and summary, and what
    the model assumes."""
    await instructor(game_id, lab.review, key)
    return await lab.compare(game_id, body)


@router.post("/api/games/{game_id}/lab/open", status_code=201)
async def open_run(game_id: str, body: LabRun, lab: LabDep,
                   key: InstructorKey) -> dict[str, Any]:
    """One continuation, rebuilt from its seed, as a game to open in the replay."""
    await instructor(game_id, lab.review, key)
    created = await lab.open_run(game_id, body)
    base = lab.review.games.settings.public_base  # never the request's Host header
    return {"game_id": created.game_id, "instructor_key": created.instructor_key,
            "replay_url": f"{base}/replay/{created.game_id}"}
