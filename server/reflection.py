"""Reflection after the game: each student answers a few questions on their
review page, beside their own country's replay; the instructor reads every
answer beside that student's moves, comments, and finds the answers in the
grading CSV and the printed debrief.

The questions come from the scenario's teacher's brief (``teacher.reflection``),
or a default set when it has none; the instructor may edit them for the game
(kept in the game's options). Answers are the students' personal data, like
their messages: they live in the game's database rows (``reflections``) and go
with the game when it is deleted or purged.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from game_rules.messages import message
from server import auth
from server.deps import InstructorKey, SeatToken, services
from server.errors import ApiError, not_found
from server.games import Games
from server.i18n import N_
from server.review import Review
from server.review_api import instructor

MAX_QUESTIONS = 8
QUESTION_CHARS = 500
ANSWER_CHARS = 4000
COMMENT_CHARS = 2000

DEFAULT_QUESTIONS = [
    N_("What did your country want from this crisis, and how much of it did it get?"),
    N_("Which rule decided the outcome that mattered most to your country (a veto, consensus, "
       "Article 5)? What would have happened without it?"),
    N_("Would a realist or a liberal explain your country's choices better? Give one moment of "
       "the game as evidence."),
    N_("How could we know whether an institution in this game made a difference?"),
]
"""Asked when the scenario's teacher's brief proposes none (in English, the catalog's msgids:
a page shows them in its viewer's language)."""


class Questions(BaseModel):
    questions: list[str] = Field(min_length=1, max_length=MAX_QUESTIONS)


class Text(BaseModel):
    text: str = Field(max_length=ANSWER_CHARS)


class Reflections:
    def __init__(self, review: Review) -> None:
        self.review = review
        self.games: Games = review.games
        self.seats = review.seats

    # The questions.

    async def questions(self, game_id: str) -> list[str]:
        return (await self.asked(game_id))[0]

    async def asked(self, game_id: str) -> tuple[list[str], str]:
        """The questions and where they come from: ``default`` (the catalog's, shown in the
        reader's language), ``scenario`` (the teacher's brief's, in the scenario's language)
        or ``game`` (the instructor's own for this game)."""
        meta = await self.games.meta(game_id)
        teacher = meta.scenario.teacher
        proposed = list(teacher.reflection) if teacher is not None and teacher.reflection else []
        chosen = meta.options.get("reflection")
        if isinstance(chosen, list) and chosen:
            mine = [str(q) for q in chosen]
            return mine, ("scenario" if mine == proposed else
                          "default" if mine == DEFAULT_QUESTIONS else "game")
        if proposed:
            return proposed, "scenario"
        return list(DEFAULT_QUESTIONS), "default"

    async def listed(self, game_id: str) -> dict[str, Any]:
        """``{questions, questions_from}`` as the pages read them (``asked``)."""
        questions, origin = await self.asked(game_id)
        return {"questions": questions, "questions_from": origin}

    async def set_questions(self, game_id: str, questions: list[str]) -> list[str]:
        clean = [" ".join(q.split()) for q in questions]
        if any(not q for q in clean):
            raise ApiError(422, "empty_question", "A question needs some words.")
        if any(len(q) > QUESTION_CHARS for q in clean):
            raise ApiError(422, "text_too_long",
                           "A question has at most {count} characters.",
                           count=QUESTION_CHARS)
        meta = await self.games.meta(game_id)
        options = {k: v for k, v in meta.options.items() if k != "shipped"}
        options["reflection"] = clean
        await self.games.store.update_game(game_id, options=orjson.dumps(options).decode())
        hub = self.games.hubs.get(game_id)
        if hub is not None:
            hub.meta.options["reflection"] = clean
        return clean

    # Answers.

    async def seat(self, game_id: str, request: Request, token: str | None) -> dict[str, Any]:
        """The student's seat in this game (from the seat cookie or X-Seat-Token)."""
        row = await self.games.store.game(game_id)
        if row is None:
            raise ApiError(404, "unknown_game", "There is no such game.")
        token = token or request.cookies.get(f"ct_seat_{row['code']}")
        seat = await self.seats.seat_for_token(token) if token else None
        if seat is None or seat["game_id"] != game_id or not seat["country"]:
            raise ApiError(401, "reviewer_unknown", "Answer from your seat's browser.")
        return seat

    async def answer(self, game_id: str, seat: dict[str, Any], question: int,
                     text: str) -> dict[str, Any]:
        hub = await self.games.hub(game_id)
        if hub.state.status != "ended":
            raise ApiError(409, "game_not_over", "The reflection opens when the game has ended.")
        questions = await self.questions(game_id)
        if not 1 <= question <= len(questions):
            raise ApiError(422, "unknown_question",
                           "This game has questions 1 to {count}.",
                           count=len(questions))
        clean = text.strip()
        if not clean:
            raise ApiError(422, "empty_answer", "An answer needs some words.")
        row = await self.games.store.save_reflection({
            "id": auth.new_id(), "game_id": game_id, "seat_id": seat["id"],
            "country": seat["country"], "question": question,
            "question_text": questions[question - 1], "answer": clean,
            "answered_at": time.time()})
        return _answer(row)

    async def comment(self, game_id: str, answer_id: str, text: str) -> dict[str, Any]:
        if len(text) > COMMENT_CHARS:
            raise ApiError(422, "text_too_long", "A comment has at most {count} characters.",
                           count=COMMENT_CHARS)
        row = await self.games.store.comment_reflection(game_id, answer_id, text.strip() or None,
                                                        time.time())
        if row is None:
            raise not_found("answer")
        return _answer(row)

    # Reading.

    async def for_student(self, game_id: str, seat: dict[str, Any]) -> dict[str, Any]:
        rows = await self.games.store.reflections(game_id, seat_id=seat["id"])
        hub = await self.games.hub(game_id)
        return {**await self.listed(game_id), "open": hub.state.status == "ended",
                "you": {"nickname": seat["nickname"], "country": seat["country"]},
                "answers": [_answer(r) for r in rows]}

    async def for_instructor(self, game_id: str) -> dict[str, Any]:
        """Every student with their answers and their moves (each linked to its moment)."""
        store = self.games.store
        seats = [s for s in await store.seats(game_id) if s["country"] and s["role"] == "student"]
        answers: dict[str, list[dict[str, Any]]] = {}
        for row in await store.reflections(game_id):
            answers.setdefault(row["seat_id"], []).append(_answer(row))
        seat_ids = {s["id"] for s in seats}
        moves: dict[str, list[dict[str, Any]]] = {}
        for action in await store.actions(game_id):
            if action.seat_id in seat_ids:
                moves.setdefault(action.seat_id or "", []).append(_move(action.body,
                                                                        action.last_seq))
        hub = await self.games.hub(game_id)
        return {**await self.listed(game_id), "open": hub.state.status == "ended",
                "students": [{"seat_id": s["id"], "nickname": s["nickname"],
                              "country": s["country"], "removed": s["removed"],
                              "answers": answers.get(s["id"], []),
                              "moves": moves.get(s["id"], [])}
                             for s in sorted(seats, key=lambda s: (s["country"], s["nickname"]))]}


def _answer(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "question": row["question"], "question_text": row["question_text"],
            "answer": row["answer"], "answered_at": row["answered_at"],
            "comment": row["comment"], "commented_at": row["commented_at"]}


MOVES: dict[str, str] = {
    "open_channel": N_("Opened a private channel"),
    "table_draft": N_("Tabled {where}"),
    "withdraw_draft": N_("Withdrew {where}"),
    "request_vote": N_("Asked for a vote on {where}"),
    "contest_procedural": N_("Contested that the vote on {where} is procedural"),
    "request_consultations": N_("Requested consultations under Article 4"),
    "request_article5": N_("Requested a determination under Article 5 ({where})"),
    "circulate": N_("Put {where} under the silence procedure"),
    "break_silence": N_("Broke silence on {where}"),
    "retract_pledge": N_("Withdrew a pledge"),
    "request_membership": N_("Applied for membership"),
    "ratify": N_("Ratified an accession"),
    "notify_withdrawal": N_("Gave notice of withdrawal"),
    "apply_sanctions": N_("Applied sanctions"),
    "lift_sanctions": N_("Lifted sanctions"),
    "deposit_accession": N_("Deposited its instrument of accession"),
    "request_emergency_session": N_("Asked for an emergency special session of the General Assembly"),
    "self_defence": N_("Acted in self-defence (Art. 51)"),
    "request_assistance": N_("Asked for assistance"),
}
"""A student's move in a few words, by its kind (``{where}``: the draft's or item's symbol)."""
MOVE_CHOICES: dict[tuple[str, str], str] = {
    ("vote", "yes"): N_("Voted yes on {where}"),
    ("vote", "no"): N_("Voted no on {where}"),
    ("vote", "abstain"): N_("Abstained on {where}"),
    ("pledge", "diplomatic"): N_("Pledged a diplomatic response"),
    ("pledge", "economic"): N_("Pledged an economic response"),
    ("pledge", "military"): N_("Pledged a military response"),
    ("say", "public"): N_("Spoke to the whole class"),
    ("table_draft", ""): N_("Tabled a draft"),
    ("request_article5", ""): N_("Requested a determination under Article 5"),
    ("circulate", ""): N_("Put a text under the silence procedure"),
}
"""The moves said by their choice too (a vote, a pledge, a message to the whole class), and
those that may have no symbol of their own (a draft, an item, numbered by the engine)."""


def _move(body: dict[str, Any], seq: int) -> dict[str, Any]:
    """A student's action in a few words (``text_msg``, in each reader's language; ``text``
    in English), with the moment it made."""
    kind = str(body.get("kind", ""))
    where = body.get("draft") or body.get("item") or body.get("channel") or ""
    choice = str(body.get("vote") or body.get("response") or
                 (where if kind == "say" else "" if not where else "-"))
    text = body.get("text") or body.get("reason") or body.get("title") or body.get("detail") or \
        body.get("concern") or ""
    template = MOVE_CHOICES.get((kind, choice)) or MOVES.get(kind)
    if template is not None:
        said = message(template, where=str(where)) if "{where}" in template else message(template)
    elif kind == "say":
        said = message(N_("Wrote in the channel {where}"), where=str(where))
    else:
        said = message(N_("Acted ({kind})"), kind=kind)
    if text:
        said = message(N_("{move}: {text}"), move=said, text=str(text)[:160])
    return {"seq": seq, "kind": kind, "text": said.english(), "text_msg": said.to_json()}


def reflections_of(request: Request) -> Reflections:
    return services(request).reflections  # type: ignore[no-any-return]


ReflectionsDep = Annotated[Reflections, Depends(reflections_of)]
router = APIRouter(tags=["review"])


@router.get("/api/games/{game_id}/reflection")
async def read(game_id: str, request: Request, reflections: ReflectionsDep,
               key: InstructorKey, token: SeatToken) -> dict[str, Any]:
    """The instructor: the questions and every student's answers beside their moves. A
    student: the questions and their own answers, with the instructor's comments."""
    if key:
        await instructor(game_id, reflections.review, key)
        return await reflections.for_instructor(game_id)
    seat = await reflections.seat(game_id, request, token)
    return await reflections.for_student(game_id, seat)


@router.put("/api/games/{game_id}/reflection/questions")
async def set_questions(game_id: str, body: Questions, reflections: ReflectionsDep,
                        key: InstructorKey) -> dict[str, Any]:
    """The instructor edits the questions for this game (one to eight)."""
    await instructor(game_id, reflections.review, key)
    await reflections.set_questions(game_id, body.questions)
    return await reflections.listed(game_id)


@router.put("/api/games/{game_id}/reflection/answers/{question}")
async def answer(game_id: str, question: int, body: Text, request: Request,
                 reflections: ReflectionsDep, token: SeatToken) -> dict[str, Any]:
    """A student answers question ``question`` (from 1), once the game has ended; again
    to change the answer."""
    seat = await reflections.seat(game_id, request, token)
    return await reflections.answer(game_id, seat, question, body.text)


@router.put("/api/games/{game_id}/reflection/answers/{answer_id}/comment")
async def comment(game_id: str, answer_id: str, body: Text, reflections: ReflectionsDep,
                  key: InstructorKey) -> dict[str, Any]:
    """The instructor comments on an answer (an empty text removes the comment)."""
    await instructor(game_id, reflections.review, key)
    return await reflections.comment(game_id, answer_id, body.text)
