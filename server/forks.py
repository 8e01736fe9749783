"""What-if forks: a new game that starts from a moment of another, with an
optional rule change, and the lab's runs opened as games of their own.

A fork replays the original's actions up to that moment into a new game of
the same scenario and seed (``Games.create`` with ``forked_from``), held there
(``server.writer``) and paused, so that nothing past the moment runs until the
instructor resumes it.
"""

from __future__ import annotations

from typing import Any

import orjson

from game_rules import RuleError, parse_action
from game_rules.messages import Msg, Param, message
from server.decide import Outcome
from server.errors import ApiError
from server.games import Created, Games
from server.held import held_moment, settle_hold
from server.i18n import N_
from server.replica import GameMeta

FORK_CHANGES = {
    "none": N_("No rule change: the same game from that moment."),
    "no_veto": N_("No veto in the Security Council: a permanent member's no does not block."),
    "no_nato": N_("No NATO: the North Atlantic Council is gone."),
    "caretaker": N_("A country's caretaker policy changed."),
    "aggressor_policy": N_("Another policy for the aggressor."),
}
"""The what-ifs a fork can make, in English (the catalog's msgids: a page shows them in its
viewer's language)."""
FORK_TITLES = {
    "no_veto": N_("{title} (what if: no veto)"),
    "no_nato": N_("{title} (what if: no NATO)"),
    "caretaker": N_("{title} (what if: another caretaker policy)"),
    "aggressor_policy": N_("{title} (what if: another policy for the aggressor)"),
}
"""A fork's title, by its change, from the original's (``{title}``); a fork with no change
keeps the original's title."""
FREE_TEXT = frozenset({"text", "title", "author", "name", "concern", "reason", "detail"})
"""The fields of actions a person types (``game_rules.actions``: Text, Title, Reason, Name)
or that name a student (``author``, the nickname the server fills in)."""
REMOVED = "(removed)"


class Forks:
    """Games made from other games: what-if forks and the lab's runs."""

    def __init__(self, games: Games) -> None:
        self.games = games

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
        change = change or {"kind": "none"}
        kind = change.get("kind", "none")
        if kind not in FORK_CHANGES:
            raise ApiError(422, "unknown_change", "A fork's change is one of: {changes}.",
                           changes=", ".join(FORK_CHANGES))
        title = fork_title(meta, FORK_TITLES.get(kind))
        rows = [row for row in await store.actions(game_id) if row.first_seq <= seq]
        bodies = [strip_personal(row.body) if for_another_teacher else row.body for row in rows]
        actions = [parse_action(body) for body in bodies]
        created = await self.games.create(scenario_ref(meta), seed=meta.seed,
                                          title=title.english()[:200] if title else meta.title,
                                          forked_from=game_id, reading_level=meta.reading_level,
                                          held=held_moment(actions), title_msg=title)
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
                raise ApiError(500, "fork_diverged", "Action {n} did not replay: {reason}",
                               n=row.n, reason=outcome.message)
        await settle_hold(self.games, hub)
        if hub.state.status == "running":  # paused at the moment: nothing past it runs
            await hub.submit(parse_action({"actor": "instructor", "kind": "pause"}))
        if kind != "none":
            rule = {"kind": "change_rules", "rule": kind, "country": change.get("country"),
                    "policy": change.get("policy")}
            try:
                outcome = await hub.submit(parse_action(
                    {"actor": "instructor", **{k: v for k, v in rule.items() if v is not None}}))
            except RuleError as err:
                outcome = Outcome.refused(err)
            if not outcome.ok:
                await self.games.delete(created.game_id)
                raise ApiError(422, outcome.code, outcome.message)
        return created

    async def replay_as_fork(self, game_id: str, actions: list[dict[str, Any]],
                             label: str, **params: Param) -> Created:
        """A new game of this one's scenario and seed (a fork of it, so its instructor key
        opens it) whose log replays ``actions`` as they stand: a run of the causality lab,
        titled by ``label`` (a template with the original's ``{title}`` and ``params``)."""
        meta = await self.games.meta(game_id)
        parsed = [parse_action(raw) for raw in actions]
        title = fork_title(meta, label, **params)
        assert title is not None
        created = await self.games.create(scenario_ref(meta), seed=meta.seed,
                                          title=title.english()[:200],
                                          forked_from=game_id, reading_level=meta.reading_level,
                                          held=held_moment(parsed), title_msg=title)
        hub = await self.games.hub(created.game_id)
        outcomes = await hub.replay(parsed)
        for index, outcome in enumerate(outcomes):
            if not outcome.ok:
                await self.games.delete(created.game_id)
                raise ApiError(500, "run_diverged", "Action {n} of the run did not replay: {reason}",
                               n=index, reason=outcome.message)
        await settle_hold(self.games, hub)  # a running one stands still until resumed
        return created


def fork_title(meta: GameMeta, label: str | None, **params: Param) -> Msg | None:
    """The title of a game made from ``meta``'s as a message (``label``: its template, the
    original's title its ``{title}``, itself a message when the server wrote it); None when
    ``label`` is."""
    if label is None:
        return None
    original = meta.title_msg
    return message(label, title=Msg.from_json(original) if original else meta.title, **params)


def scenario_ref(meta: GameMeta) -> Any:
    """How a new game names this game's scenario: a shipped one by its id, an uploaded one
    as the object itself."""
    return meta.scenario_id if meta.options.get("shipped") else \
        meta.scenario.model_dump(mode="json")


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
