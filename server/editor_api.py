"""The scenario editor's API: check a scenario (from its text, as the CLI does), preview
it as any seat sees it, preview the caretakers' votes on a sample draft, and the scenario
library (save, list, open, delete) under the browser's library key."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, Field

from game_rules import library as shipped_library
from game_rules import timeline
from game_rules.council import KNOWN_MEASURES, PROCEDURAL_MEASURES, VII_ONLY
from game_rules.countries import COUNTRIES
from game_rules.engine import new_game
from game_rules.errors import ScenarioError
from game_rules.hints import plural
from game_rules.jsontext import JsonSyntaxError, read_json_text
from game_rules.messages import N_, Nn_, message, plural_message
from game_rules.preview import caretaker_votes
from game_rules.scenario import DEFAULT_READING_LEVEL, ReadingLevel, Scenario, load_scenario
from game_rules.treaty_area import PLACES
from game_rules.validator import notes_msg
from game_rules.views import view_for
from server.deps import services
from server.errors import ApiError
from server.scenario_library import ScenarioLibrary, owner_of

MAX_TEXT = 2_000_000
"""The longest scenario text the editor may send (characters)."""


def check_scenario(body: dict[str, Any]) -> dict[str, Any]:
    """Check a scenario given as an object (``scenario``) or as its JSON text (``text``):
    the syntax error with its line, column and cause; or every problem with its place;
    the notes; and, when valid, the scenario as the engine reads it (``resolved``)."""
    if "text" in body:
        text = body["text"]
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise ApiError(422, "invalid_request", "text is the scenario's JSON, at most "
                                                   "{count} characters.", count=MAX_TEXT)
        try:
            data = read_json_text(text)
        except JsonSyntaxError as err:
            place = message(N_("line {line}, column {column}"), line=err.line, column=err.column)
            return {"valid": False, "syntax": err.to_dict(), "problems": [
                {"place": place.english(), "place_msg": place.to_json(), "problem": err.message,
                 "problem_msg": err.said.to_json()}],
                "notes": [], "summary": "not valid JSON",
                "summary_msg": message(N_("Not valid JSON:")).to_json()}
    else:
        data = body.get("scenario", body)
    try:
        scenario = load_scenario(data)
    except ScenarioError as err:
        return {"valid": False, "syntax": None,
                "problems": [{"place": p, "problem": m.english(), "problem_msg": m.to_json()}
                             for p, m in err.said],
                "notes": [], "summary": plural(len(err.problems), "problem"),
                "summary_msg": plural_message(*Nn_("{count} problem:", "{count} problems:"),
                                              count=len(err.problems)).to_json()}
    countries = len(scenario.country_codes())
    return {"valid": True, "syntax": None, "problems": [], "id": scenario.id,
            "title": scenario.title,
            "notes": [{"place": p, "problem": m.english(), "problem_msg": m.to_json()}
                      for p, m in notes_msg(scenario)],
            "summary": f'valid scenario "{scenario.id}", '
                       f"{plural(countries, 'country', 'countries')}",
            "summary_msg": plural_message(*Nn_('A valid scenario "{id}", {count} country.',
                                               'A valid scenario "{id}", {count} countries.'),
                                          count=countries, id=scenario.id).to_json(),
            "not_yet_in_force": timeline.unavailable(scenario),
            "not_yet_in_force_msg": {measure: message(why).to_json()
                                     for measure, why in timeline.unavailable(scenario).items()},
            "resolved": scenario.model_dump(mode="json", exclude_none=True)}


def _scenario(data: Any) -> Scenario:
    try:
        return load_scenario(data)
    except ScenarioError as err:
        raise ApiError(422, "invalid_scenario", err.message) from None


class PreviewRequest(BaseModel):
    scenario: dict[str, Any]
    viewer: str = Field("instructor", max_length=20,
                        description="instructor, public (the projector) or a country's code")
    reading_level: ReadingLevel = DEFAULT_READING_LEVEL


class SampleDraft(BaseModel):
    scenario: dict[str, Any]
    body: Literal["UNSC", "UNGA"] = "UNSC"
    measures: list[str] = Field(default_factory=list, max_length=40)
    chapter: Literal["VI", "VII"] | None = "VI"
    procedural: bool = False


class SaveScenario(BaseModel):
    scenario: dict[str, Any]


def scenario_library(request: Request) -> ScenarioLibrary:
    return services(request).library  # type: ignore[no-any-return]


LibraryDep = Annotated[ScenarioLibrary, Depends(scenario_library)]
router = APIRouter()

@router.post("/api/scenarios/check", tags=["editor"])
async def check(body: dict[str, Any]) -> dict[str, Any]:
    """Check a scenario given as ``{"text": "<its JSON>"}`` or ``{"scenario": {...}}``."""
    return check_scenario(body)

@router.get("/api/scenarios/{scenario_id}/file", tags=["editor"])
async def shipped_file(scenario_id: str) -> dict[str, object]:
    """A shipped scenario as its file has it, to start the editor from."""
    data = shipped_library.raw(scenario_id[:80])
    if data is None:
        raise ApiError(404, "unknown_scenario", "There is no such scenario.")
    return data

@router.get("/api/editor/reference", tags=["editor"])
async def reference() -> dict[str, Any]:
    """What the editor's forms offer: countries, measures, the places of Article 6."""
    return {
        "countries": [{"code": c.code, "name": c.name, "current": c.un_member}
                      for c in sorted(COUNTRIES.values(), key=lambda c: c.name)],
        "measures": sorted(KNOWN_MEASURES), "procedural": sorted(PROCEDURAL_MEASURES),
        "chapter_vii_only": sorted(VII_ONLY),
        "places": [{"id": p.id, "label": p.label, "inside": p.inside, "why": p.why}
                   for p in PLACES],
    }

@router.post("/api/scenarios/preview", tags=["editor"])
async def preview(body: PreviewRequest) -> dict[str, Any]:
    """The scenario as a seat sees it when the game is created: ``viewer`` is
    ``instructor``, ``public`` (the projector) or a country's code."""
    scenario = _scenario(body.scenario)
    state = new_game(scenario, 0, reading_level=body.reading_level)
    if body.viewer not in ("instructor", "public") and body.viewer not in state.country_list:
        raise ApiError(422, "unknown_viewer", "viewer is instructor, public or a country of "
                                              "the scenario.")
    return {"view": view_for(state, body.viewer)}

@router.post("/api/scenarios/caretaker-votes", tags=["editor"])
async def votes(body: SampleDraft) -> list[dict[str, Any]]:
    """How each member's caretaker would vote on a sample draft."""
    scenario = _scenario(body.scenario)
    if body.body == "UNSC" and scenario.bodies.UNSC is None:
        raise ApiError(422, "no_such_body", "The scenario has no Security Council.")
    if body.body == "UNGA" and scenario.bodies.UNGA is None:
        raise ApiError(422, "no_such_body", "The scenario has no General Assembly.")
    return caretaker_votes(scenario, body.body, body.measures, body.chapter, body.procedural)

@router.get("/api/library", tags=["library"])
async def list_library(library: LibraryDep,
                       x_library_key: str | None = Header(None)) -> list[dict[str, Any]]:
    """The scenarios saved under this browser's library key."""
    return await library.list(owner_of(x_library_key))

@router.post("/api/library", status_code=201, tags=["library"])
async def save(body: SaveScenario, library: LibraryDep,
               x_library_key: str | None = Header(None)
               ) -> dict[str, Any]:
    """Save a valid scenario to this key's library (an existing id is replaced)."""
    owner = owner_of(x_library_key)
    scenario = _scenario(body.scenario)
    return await library.save(owner, scenario.id, scenario.title, body.scenario)

@router.get("/api/library/{row_id}", tags=["library"])
async def open_saved(row_id: str, library: LibraryDep,
                     x_library_key: str | None = Header(None)
                     ) -> dict[str, Any]:
    return await library.get(owner_of(x_library_key), row_id[:40])

@router.delete("/api/library/{row_id}", tags=["library"])
async def delete(row_id: str, library: LibraryDep,
                 x_library_key: str | None = Header(None)) -> dict[str, Any]:
    await library.delete(owner_of(x_library_key), row_id[:40])
    return {"ok": True}
