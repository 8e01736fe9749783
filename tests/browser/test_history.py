"""The ten historical crises, each played to the end by the instructor alone (every seat a
caretaker), in real Chromium: the class's first decision is the track's first vote in the
Council (or the League's), driven through the API as the instructor's controls would send it;
then the instructor's panel, the replay and the debrief are loaded in the browser with no
script error, the replay marks the real dates, and the debrief sets the class beside history.
For one crisis the instructor reveals what really happened and the projector shows it.

Bounded: about ten seconds a crisis on the development machines (the API drives the game;
only the review pages are loaded in the browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from game_rules.council import KNOWN_MEASURES, VII_ONLY
from game_rules.league import ARTICLE15_MEASURES, ARTICLE16_MEASURES, LEAGUE_ONLY_MEASURES
from game_rules.library import shipped
from game_rules.scenario import HistoryEntry, Scenario
from tests.browser.axe import serious_violations
from tests.browser.people import Person

expect.set_options(timeout=10_000)

CRISES = ("manchuria-1931", "abyssinia-1935", "korea-1950", "suez-1956", "kuwait-1990",
          "kosovo-1999", "september-2001", "libya-2011", "syria-2011", "gaza-2023")


class Instructor:
    """One game of a shipped crisis, driven through the instructor's API."""

    def __init__(self, server: Any, scenario_id: str) -> None:
        self.server = server
        self.scenario: Scenario = shipped()[scenario_id]
        game = server.api("POST", "/api/games", json={"scenario": scenario_id, "seed": 3})
        self.game_id: str = game["game_id"]
        self.code: str = game["code"]
        self.key: str = game["instructor_key"]

    def act(self, action: dict[str, Any]) -> bool:
        """Send an action; True if the engine took it (a refusal is an answer, not a failure)."""
        response = httpx.post(f"{self.server.url}/api/games/{self.game_id}/actions",
                              json={"action": action}, timeout=10, trust_env=False,
                              headers={"Authorization": f"Bearer {self.key}"})
        assert response.status_code < 500, response.text
        return response.status_code == 200

    def view(self) -> dict[str, Any]:
        state = self.server.api("GET", f"/api/games/{self.game_id}/review/state?seq=999999"
                                       "&viewer=instructor", key=self.key)
        return dict(state["view"])

    def phase(self) -> str:
        return str(self.view()["game"]["phase"])

    def advance_to(self, phase: str) -> None:
        for _ in range(8):
            if self.phase() == phase:
                return
            assert self.act({"kind": "advance_phase"})
        raise AssertionError(f"never reached {phase}")

    def play(self) -> None:
        """Start, table the track's first Council or League vote as the class's, put it to the
        vote (the caretakers vote), then play every round to the end."""
        assert self.act({"kind": "start"})
        entry = first_vote(self.scenario)
        if entry is not None:
            self.advance_to("consultations")
            if self.act(draft_for(self.scenario, entry)):
                self.advance_to("council")
                self.act({"kind": "call_vote", "draft": "CLASS/1"})
        for _ in range(40):
            if not self.act({"kind": "advance_phase"}):
                break
        assert self.act({"kind": "end"})


def first_vote(scenario: Scenario) -> HistoryEntry | None:
    """The first real vote of the Security Council or the League that the engine's measures
    can say."""
    return next((e for e in scenario.history if e.body in ("UNSC", "LNC", "LNA")
                 and any(m in KNOWN_MEASURES | LEAGUE_ONLY_MEASURES for m in e.measures)), None)


def draft_for(scenario: Scenario, entry: HistoryEntry) -> dict[str, Any]:
    """The real text as a draft of the class: the same body and measures."""
    measures = [m for m in entry.measures if m in KNOWN_MEASURES | LEAGUE_ONLY_MEASURES]
    draft: dict[str, Any] = {"kind": "table_draft", "draft": "CLASS/1", "body": entry.body,
                             "title": f"As on {entry.date}"}
    if entry.body == "UNSC":
        council = scenario.bodies.UNSC
        assert council is not None
        draft["actor"] = "USA" if "USA" in council.permanent else council.permanent[0]
        if any(m in VII_ONLY for m in measures):
            draft["chapter"] = "VII"
            if "determine_threat" not in measures:
                measures = ["determine_threat", *measures]
        else:
            draft["chapter"] = "VI"
    else:
        draft["actor"] = "GBR"
        aggressor = scenario.aggressor
        assert aggressor is not None
        parties = [aggressor.country, *([aggressor.target] if aggressor.target else [])]
        draft["parties"] = parties
        if any(m in ARTICLE16_MEASURES for m in measures):
            draft.update(article="16", against=aggressor.country)
        else:
            draft["article"] = "15" if any(m in ARTICLE15_MEASURES for m in measures) else "11"
    draft["measures"] = measures
    return draft


@pytest.fixture(scope="module")
def instructor_browser(browser: Browser, server: Any) -> Iterator[Person]:
    person = Person(browser, server.url, "instructor")
    try:
        yield person
    finally:
        person.close()


@pytest.mark.parametrize("scenario_id", CRISES)
def test_each_crisis_is_played_to_the_end_and_set_beside_history(
        scenario_id: str, server: Any, instructor_browser: Person) -> None:
    game = Instructor(server, scenario_id)
    game.play()
    page = instructor_browser.page
    page.goto(f"/instructor/{game.game_id}#key={game.key}")
    expect(page.locator("#status .status-line[data-status='ended']")).to_be_attached()

    page.goto(f"/replay/{game.game_id}")
    expect(page.locator("#history-card")).to_be_visible()
    expect(page.locator("#history-card .history-date")).to_have_count(len(game.scenario.history))
    reached = [m for m in server.api("GET", f"/api/games/{game.game_id}/review",
                                     key=game.key)["history"] if m["seq"] is not None]
    expect(page.locator("#track .history-mark")).to_have_count(len(reached))

    page.goto(f"/debrief/{game.game_id}")
    section = page.locator("section#history")
    expect(section.get_by_role("heading", name="Your class and history")).to_be_visible()
    debrief = server.api("GET", f"/api/games/{game.game_id}/debrief", key=game.key)["history"]
    assert debrief["track"] is True
    sentences = [p["sentence"] for p in debrief["pairs"] + debrief["not_reached"]]
    assert sentences, scenario_id
    expect(section.locator(".history-pair")).to_have_count(len(sentences))
    for sentence in sentences:
        expect(section).to_contain_text(sentence)
    if first_vote(game.scenario) is not None:
        assert debrief["pairs"], f"{scenario_id}: the class's draft was not set beside history"
    assert not instructor_browser.problems, instructor_browser.problems


def test_the_debrief_and_the_replay_with_history_are_accessible(
        server: Any, instructor_browser: Person) -> None:
    game = Instructor(server, "kuwait-1990")
    game.play()
    page = instructor_browser.page
    page.goto(f"/debrief/{game.game_id}#key={game.key}")
    expect(page.locator("section#history .history-pair").first).to_be_visible()
    expect(page.locator("body[data-ready='true']")).to_be_attached()
    assert not serious_violations(page)
    page.goto(f"/replay/{game.game_id}")
    expect(page.locator("#history-card .history-date").first).to_be_visible()
    assert not serious_violations(page)


def test_the_instructor_reveals_history_and_the_projector_shows_it_after_the_class(
        browser: Browser, server: Any, instructor_browser: Person) -> None:
    game = Instructor(server, "korea-1950")
    game.play()
    page = instructor_browser.page
    page.goto(f"/instructor/{game.game_id}#key={game.key}")
    projector = Person(browser, server.url, "projector", viewport={"width": 1920, "height": 1080})
    try:
        projector.page.goto(f"/projector/{game.code}")
        expect(projector.page.locator("#history-reveal")).to_be_hidden()
        page.get_by_role("tab", name="History").click()
        page.get_by_role("button", name=re.compile(
            r"^Show on the projector\s*: 25 June 1950, The real Council adopted resolution 82")).click()
        shown = projector.page.locator("#history-reveal")
        expect(shown).to_be_visible()
        state = game.view()
        debrief = server.api("GET", f"/api/games/{game.game_id}/debrief", key=game.key)
        paired = any(p["entry"] == "res-82" for p in debrief["history"]["pairs"])
        expect(shown.locator(".history-real")).to_contain_text(
            "The real Council adopted resolution 82 on 25 June 1950, 9-0-1")
        expect(shown.locator(".history-yours")).to_contain_text(
            "Your Council" if paired else "did not reach")
        assert state["history"]["shown"]["entry"] == "res-82"
        yours = shown.locator(".history-yours").bounding_box()
        real = shown.locator(".history-real").bounding_box()
        assert yours is not None and real is not None and yours["x"] < real["x"]
        assert not serious_violations(projector.page)
        assert not serious_violations(page)
        page.get_by_role("button", name="Take it off the projector").click()
        expect(shown).to_be_hidden()
        assert not projector.problems and not instructor_browser.problems, (
            projector.problems, instructor_browser.problems)
    finally:
        projector.close()
