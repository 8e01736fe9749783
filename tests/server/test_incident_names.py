"""A refusal or a line of the debrief that names an incident the scenario writes names it by
its title, in each reader's language from the scenario's translations (a ``SceneText``), not
by its id ("drill-norway") nor in the scenario's English; an incident the instructor wrote
on the spot keeps the instructor's words."""

from __future__ import annotations

import pytest

from game_rules.crisis import incident_words
from game_rules.events import IncidentOccurred
from game_rules.library import shipped
from game_rules.messages import SceneText
from game_rules.replay import label_msg
from server.translator import Translator
from tests.rules.rules_helpers import Game

SANDBOX = shipped()["sandbox"]


def title(incident: str, lang: str) -> str:
    """The incident's title in the scenario's words, or its translation's."""
    if lang == "en":
        return next(i.title for i in SANDBOX.incidents if i.id == incident)
    return SANDBOX.translations[lang].incidents[incident].title or ""


def rendered(err: object, lang: str) -> str:
    msg = err.msg  # type: ignore[attr-defined]
    assert msg is not None
    return Translator(lang).render(msg.to_json(), scenario=SANDBOX)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_outside_the_treaty_area_names_the_place_in_the_readers_language(lang: str) -> None:
    game = Game(SANDBOX)
    err = game.refuse("FRA", "request_article5", incident="drill-guiana")
    assert err.code == "outside_treaty_area"
    text = rendered(err, lang)
    expected = {"fr": "L'incident (Guyane) se situe hors de la région définie à l'article 6 du Traité "
                      "de l'Atlantique Nord\u00a0: ",
                "es": "El incidente (Guayana Francesa) se sitúa fuera de la región definida en el "
                      "artículo 6 del Tratado del Atlántico Norte: ",
                "en": "The incident (French Guiana) lies outside the area of Article 6 of the North "
                      "Atlantic Treaty: "}
    assert text.startswith(expected[lang])


def test_outside_the_treaty_area_without_a_place_names_the_incident() -> None:
    data = SANDBOX.model_dump(mode="json", exclude_none=True)
    for incident in data["incidents"]:
        incident.pop("location", None)
    for lang in data["translations"].values():
        for incident in lang.get("incidents", {}).values():
            incident.pop("location", None)
    game = Game(data)
    err = game.refuse("FRA", "request_article5", incident="drill-guiana")
    assert Translator("es").render(err.msg.to_json(), scenario=game.scenario).startswith(  # type: ignore[union-attr]
        f"El incidente «{title('drill-guiana', 'es')}» se sitúa fuera")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_article5_pending_and_invoked_name_the_incident_not_its_id(lang: str) -> None:
    game = Game(SANDBOX)
    game.act("NOR", "request_article5", incident="drill-norway")
    pending = game.refuse("FRA", "request_article5", incident="drill-norway")
    assert pending.code == "already_pending"
    assert title("drill-norway", lang) in rendered(pending, lang)
    assert "drill-norway" not in rendered(pending, lang)
    item = next(iter(game.state.items))
    game.act("instructor", "silence_deadline", item=item)
    invoked = game.refuse("FRA", "request_article5", incident="drill-norway")
    assert invoked.code == "already_invoked"
    text = rendered(invoked, lang)
    assert "drill-norway" not in text
    assert text == {
        "en": "Article 5 has already been invoked for the incident "
              "\u201cPractice: armed attack on Norway\u201d.",
        "fr": f"L'article 5 a déjà été invoqué pour l'incident «\u00a0{title('drill-norway', 'fr')}\u00a0».",
        "es": "El artículo 5 ya se ha invocado para el incidente «Práctica: ataque armado contra Noruega».",
    }[lang]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_self_defence_refusals_name_the_incident(lang: str) -> None:
    game = Game(SANDBOX)
    game.act("NOR", "self_defence", incident="drill-norway")
    err = game.refuse("NOR", "self_defence", incident="drill-norway")
    assert err.code == "already_declared"
    text = rendered(err, lang)
    assert title("drill-norway", lang) in text and "drill-norway" not in text


def test_the_english_field_keeps_the_scenarios_own_title() -> None:
    game = Game(SANDBOX)
    err = game.refuse("FRA", "request_article5", incident="drill-guiana")
    assert err.message.startswith("The incident (French Guiana) lies outside")


def test_an_incident_of_the_scenario_is_named_by_its_key_one_of_the_instructor_by_its_words() -> None:
    game = Game(SANDBOX)
    words = incident_words(game.state, game.state.incidents["drill-norway"])
    assert words == SceneText("incidents.drill-norway.title", "Practice: armed attack on Norway", "en", True)
    game.act("instructor", "inject", title="Drone strike", text="A drone hits Tromsø.",
             effects={"incident": {"id": "drone", "target": "NOR", "kind": "armed_attack",
                                   "in_treaty_area": True, "title": "Drone strike on Tromsø"}})
    assert incident_words(game.state, game.state.incidents["drone"]) == "Drone strike on Tromsø"


def test_the_replays_point_for_an_incident_reads_the_scenarios_translation() -> None:
    game = Game(SANDBOX)
    event = IncidentOccurred(incident=game.state.incidents["drill-norway"])
    text = Translator("fr").render(label_msg(game.state, event).to_json(), scenario=SANDBOX)
    assert text == title("drill-norway", "fr")


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_debriefs_self_defence_names_the_incident_not_its_id(lang: str) -> None:
    from game_rules.outcomes import key_outcomes
    from game_rules.replay import Timeline
    from game_rules.story import Story

    game = Game(SANDBOX)
    game.act("NOR", "self_defence", incident="drill-norway")
    story = Story.of(Timeline(SANDBOX, 1, game.log))
    outcome = next(o for o in key_outcomes(story) if o.kind == "self_defence_declared")
    text = Translator(lang).render(outcome.said[0].to_json(), scenario=SANDBOX)
    assert "drill-norway" not in text
    assert title("drill-norway", lang) in text
