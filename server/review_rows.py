"""The rows the review keeps beside a game's log: the instructor's notes pinned to
moments (annotations) and the students' reflections after the game (personal data,
deleted with the game). Part of ``server.store.Store``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from server import db


class ReviewRows:
    engine: AsyncEngine

    # Annotations.

    async def add_annotation(self, values: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(db.annotations).values(**values))

    async def annotations(self, game_id: str) -> list[dict[str, Any]]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(db.annotations)
                                      .where(db.annotations.c.game_id == game_id)
                                      .order_by(db.annotations.c.seq, db.annotations.c.created_at))
        return [dict(r._mapping) for r in rows]

    async def delete_annotation(self, game_id: str, annotation_id: str) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(db.annotations).where(and_(
                db.annotations.c.game_id == game_id, db.annotations.c.id == annotation_id)))
        return bool(result.rowcount)

    # Reflections (students' answers after the game: personal data, deleted with the game).

    async def save_reflection(self, values: dict[str, Any]) -> dict[str, Any]:
        """Insert a student's answer, or replace their earlier answer to that question (the
        instructor's comment on it stays)."""
        table = db.reflections
        async with self.engine.begin() as conn:
            found = (await conn.execute(select(table.c.id).where(and_(
                table.c.seat_id == values["seat_id"],
                table.c.question == values["question"])))).first()
            if found is None:
                await conn.execute(insert(table).values(**values))
                answer_id = values["id"]
            else:
                answer_id = found[0]
                await conn.execute(update(table).where(table.c.id == answer_id).values(
                    answer=values["answer"], question_text=values["question_text"],
                    answered_at=values["answered_at"]))
            row = (await conn.execute(select(table).where(table.c.id == answer_id))).one()
        return dict(row._mapping)

    async def comment_reflection(self, game_id: str, answer_id: str, comment: str | None,
                                 at: float) -> dict[str, Any] | None:
        table = db.reflections
        async with self.engine.begin() as conn:
            result = await conn.execute(update(table).where(and_(
                table.c.game_id == game_id, table.c.id == answer_id)).values(
                comment=comment, commented_at=at if comment else None))
            if not result.rowcount:
                return None
            row = (await conn.execute(select(table).where(table.c.id == answer_id))).one()
        return dict(row._mapping)

    async def reflections(self, game_id: str, seat_id: str | None = None) -> list[dict[str, Any]]:
        table = db.reflections
        query = select(table).where(table.c.game_id == game_id)
        if seat_id is not None:
            query = query.where(table.c.seat_id == seat_id)
        async with self.engine.connect() as conn:
            rows = await conn.execute(query.order_by(table.c.question, table.c.answered_at))
        return [dict(r._mapping) for r in rows]
