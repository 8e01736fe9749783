"""One game at the table, for a test module: the browsers of its people (each a
``Person``, watched for script errors and refused content) and its scripted delegates.

A module's fixture makes its table and hands it over with ``played``: the tests use it in
turn, and at the end no page may have had a problem, and every browser and delegate is
closed (also when a test, or the game played before them, failed).

    @pytest.fixture(scope="module")
    def room(browser, server, screenshots):
        yield from played(Room(browser, server, screenshots))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from playwright.sync_api import Browser, Page, expect

from tests.browser.delegates import Delegate
from tests.browser.people import Person


class Table:
    """The people and delegates of one game; ``game_id``, ``code`` and ``key`` once it is made."""

    def __init__(self, browser: Browser, server: Any) -> None:
        self.browser = browser
        self.server = server
        self.people: dict[str, Person] = {}
        self.delegates: dict[str, Delegate] = {}
        self.game_id = ""
        self.code = ""
        self.key = ""

    def create(self, **body: Any) -> None:
        """Make the game (``POST /api/games`` with ``body``) and keep its id, code and key."""
        game = self.server.api("POST", "/api/games", json=body)
        self.game_id, self.code, self.key = game["game_id"], game["code"], game["instructor_key"]

    def person(self, name: str, viewport: dict[str, int] | None = None) -> Page:
        """The page of ``name``'s browser, opened the first time it is asked for."""
        if name not in self.people:
            self.people[name] = Person(self.browser, self.server.url, name, viewport=viewport)
        return self.people[name].page

    def act(self, action: dict[str, Any], game_id: str | None = None, key: str | None = None) -> Any:
        """An action by the instructor's key, over HTTP (the instructor's own, unless it names
        an ``actor``), in this game or in ``game_id`` (a fork: with its own ``key``)."""
        return self.server.api("POST", f"/api/games/{game_id or self.game_id}/actions",
                               key=key or self.key, json={"action": {"actor": "instructor", **action}})

    def problems(self) -> list[str]:
        return [p for person in self.people.values() for p in person.problems]

    def close(self) -> None:
        for delegate in self.delegates.values():
            delegate.close()
        for person in self.people.values():
            person.close()


T = TypeVar("T", bound=Table)


def fork_and_end(page: Page, server: Any, kind: str) -> tuple[str, str]:
    """On a replay page: fork a what-if (``kind``) from its first point, then end the fork
    through the API, so that its replay can be read. Returns the comparison page's address
    and the fork's key; the replay page shows the link to the comparison."""
    page.locator("#points .point-button").first.click()   # the game's end cannot be forked
    page.locator("#fork-kind").select_option(kind)
    expect(page.locator("#fork-submit")).to_be_enabled()
    page.locator("#fork-submit").click()
    compare = page.locator("#compare-link")
    expect(compare).to_be_visible(timeout=20_000)
    href = compare.get_attribute("href") or ""
    fork = href.rsplit("/", 1)[-1]
    key = page.evaluate(f"sessionStorage.getItem('ct:key:{fork}')")
    server.api("POST", f"/api/games/{fork}/actions", key=key,
               json={"action": {"kind": "end", "actor": "instructor"}})
    return href, key


def played(table: T, before: Callable[[T], None] | None = None) -> Iterator[T]:
    """A module fixture's body: play ``before`` (what the tests find done), yield the table,
    then fail on any page's problem; close it all."""
    try:
        if before is not None:
            before(table)
        yield table
        problems = table.problems()
        assert not problems, problems
    finally:
        table.close()
