"""A scenario's texts in other languages: the format's checks, the accessor and its
fallback, and the shipped scenarios translated in full."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from game_rules import ScenarioError, library, load_scenario
from game_rules.scenario import LevelledText
from game_rules.translations import (
    country_name,
    localized_scenario,
    missing_translations,
    scenario_text,
    scenario_texts,
    text_keys,
)

BASE: dict[str, Any] = {
    "id": "tr", "title": "The Council", "summary": "A short crisis.",
    "briefing": {"basic": "Short.", "advanced": "Longer, with Art. 39."},
    "countries": [
        {"code": "FRA", "profile": "A permanent member.",
         "role": {"summary": "Lead.", "interests": ["Peace", "Allies"], "red_lines": ["No war"],
                  "objectives": [{"id": "calm", "text": "Calm by the end."}]}},
        {"code": "USA", "profile": "Another permanent member."},
        "GBR",
    ],
    "incidents": [{"id": "strike", "target": "FRA", "title": "A strike",
                   "description": "Missiles hit a base.", "location": "Brittany"}],
    "injects": [{"id": "news", "title": "Headline", "text": "Story.",
                 "effects": {"incident": {"id": "later", "target": "USA",
                                          "description": "A cyber attack."}}},
                {"id": "quiet", "title": "Nothing"}],
    "measures": [{"id": "own_measure", "name": "Reaffirm the right of self-defence"}],
}

FRENCH: dict[str, Any] = {
    "title": "Le Conseil", "briefing": {"basic": "Court.", "advanced": "Plus long, avec l'Art. 39."},
    "countries": {"FRA": {"profile": "Un membre permanent.",
                          "role": {"interests": ["La paix", "Les alliés"],
                                   "objectives": {"calm": "Le calme à la fin."}}},
                  "USA": {"name": "les États-Unis d'Amérique"}},
    "incidents": {"strike": {"description": "Des missiles frappent une base."}},
    "injects": {"news": {"title": "Titre", "incident": {"description": "Une cyberattaque."}}},
    "measures": {"own_measure": "Réaffirmer le droit de légitime défense"},
}


def scenario(translations: dict[str, Any] | None = None, **extra: Any) -> Any:
    data = copy.deepcopy(BASE)
    data["translations"] = copy.deepcopy(translations if translations is not None
                                         else {"fr": FRENCH})
    data.update(extra)
    return load_scenario(data)


def problems(translations: Any, **extra: Any) -> dict[str, str]:
    with pytest.raises(ScenarioError) as caught:
        scenario(translations, **extra)
    assert caught.value.code == "invalid_scenario"
    return dict(caught.value.problems)


def test_the_keys_are_every_public_text_in_the_order_of_the_file() -> None:
    assert text_keys(scenario()) == [
        "title", "summary", "briefing",
        "countries.FRA.profile", "countries.FRA.role.summary", "countries.FRA.role.interests[0]",
        "countries.FRA.role.interests[1]", "countries.FRA.role.red_lines[0]",
        "countries.FRA.role.objectives.calm", "countries.USA.profile",
        "incidents.strike.title", "incidents.strike.description", "incidents.strike.location",
        "injects.news.title", "injects.news.text", "injects.news.incident.description",
        "injects.quiet.title", "measures.own_measure"]


def test_a_translated_text_is_read_in_the_language_and_a_missing_one_falls_back() -> None:
    sc = scenario()
    assert scenario_text(sc, "fr", "title") == ("Le Conseil", "fr", False)
    assert scenario_text(sc, "fr", "summary") == ("A short crisis.", "en", True)
    assert scenario_text(sc, "fr", "countries.FRA.role.interests[1]").text == "Les alliés"
    assert scenario_text(sc, "fr", "countries.FRA.role.objectives.calm").text == "Le calme à la fin."
    assert scenario_text(sc, "fr", "injects.news.incident.description").text == "Une cyberattaque."
    assert scenario_text(sc, "fr", "measures.own_measure").text.startswith("Réaffirmer")
    assert scenario_text(sc, "fr", "injects.news.text") == ("Story.", "en", True)


def test_the_reading_level_and_the_languages_of_the_tag() -> None:
    sc = scenario()
    assert scenario_text(sc, "fr-CA", "briefing", "basic").text == "Court."
    assert scenario_text(sc, "fr", "briefing", "advanced").text == "Plus long, avec l'Art. 39."
    assert scenario_text(sc, "en", "briefing", "basic") == ("Short.", "en", False)
    assert scenario_text(sc, "es", "briefing", "basic") == ("Short.", "en", True)
    assert scenario_text(sc, "qps", "title").fallback


def test_a_plain_translation_of_a_text_at_two_levels_serves_both() -> None:
    sc = scenario({"es": {"briefing": "Lo mismo para todos."}})
    assert scenario_text(sc, "es", "briefing", "basic").text == "Lo mismo para todos."
    assert scenario_text(sc, "es", "briefing", "advanced").text == "Lo mismo para todos."


def test_the_missing_translations_and_every_text_at_once() -> None:
    sc = scenario()
    missing = missing_translations(sc, "fr")
    assert "summary" in missing and "title" not in missing
    assert missing_translations(sc, "en") == []
    assert missing_translations(sc, "es") == text_keys(sc)
    texts = scenario_texts(sc, "fr", "basic")
    assert list(texts) == text_keys(sc)
    assert [key for key, t in texts.items() if t.fallback] == missing


def test_an_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match=r"no text 'injects\.nope\.title'"):
        scenario_text(scenario(), "fr", "injects.nope.title")


def test_names_of_the_day_and_names_of_the_scenario() -> None:
    korea = load_scenario({"id": "k", "title": "K", "date": "1950-06-25",
                           "countries": ["CHN", "SUN", "FRA", {"code": "XAA", "name": "Ruritania"}],
                           "translations": {"fr": {"countries": {
                               "CHN": {"name": "République de Chine"},
                               "XAA": {"name": "Ruritanie"}}}}})
    assert [k for k in text_keys(korea) if k.endswith(".name")] == [
        "countries.CHN.name", "countries.SUN.name", "countries.XAA.name"]
    assert country_name(korea, "fr", "CHN") == ("République de Chine", "fr", False)
    assert country_name(korea, "fr", "SUN") == ("Union of Soviet Socialist Republics", "en", True)
    assert country_name(korea, "fr", "XAA") == ("Ruritanie", "fr", False)
    assert country_name(korea, "fr", "FRA") is None
    assert scenario_text(korea, "es", "countries.FRA.name") == ("France", "en", True)


def test_the_localized_copy_reads_like_the_scenario() -> None:
    sc = scenario()
    local, missing = localized_scenario(sc, "fr")
    assert missing == missing_translations(sc, "fr")
    assert local.title == "Le Conseil" and local.summary == "A short crisis."
    assert local.briefing == LevelledText(basic="Court.", advanced="Plus long, avec l'Art. 39.")
    fra = local.entry("FRA")
    assert fra is not None and fra.role is not None
    assert fra.role.at("advanced")["interests"] == ["La paix", "Les alliés"]
    assert fra.role.at("advanced")["objectives"][0]["text"] == "Le calme à la fin."
    assert local.incidents[0].description == "Des missiles frappent une base."
    assert local.injects[0].effects.incident is not None
    assert local.injects[0].effects.incident.description == "Une cyberattaque."
    assert local.measures[0].name == "Réaffirmer le droit de légitime défense"
    assert local.translations == {} and local.language == "en"
    assert localized_scenario(sc, "en") == (sc, [])


@pytest.mark.parametrize(("translations", "extra", "place", "words"), [
    ({"de": {}}, {}, "translations.de", 'unknown language "de"'),
    ({"french": {}}, {}, "translations.french", 'did you mean "fr"'),
    ({"fre": {}}, {}, "translations.fre", 'did you mean "fr"'),
    ({"fr-CA": {}}, {}, "translations.fr-CA", "by language, not by region"),
    ({"en": {"title": "X"}}, {}, "translations.en", "the scenario's own language"),
    ({}, {"language": "english"}, "language", 'did you mean "en"'),
    ({"fr": {"titel": "X"}}, {}, "translations.fr.titel", 'did you mean "title"'),
    ({"fr": {"countries": {"FRA": {"rol": {}}}}}, {}, "translations.fr.countries.FRA.rol",
     'did you mean "role"'),
    ({"fr": {"countries": {"FRA": {"role": {"interest": []}}}}}, {},
     "translations.fr.countries.FRA.role.interest", 'did you mean "interests"'),
    ({"fr": {"injects": {"news": {"txt": "x"}}}}, {}, "translations.fr.injects.news.txt",
     'did you mean "text"'),
    ({"fr": {"countries": {"FRX": {"name": "x"}}}}, {}, "translations.fr.countries.FRX",
     'did you mean "FRA"'),
    ({"fr": {"countries": {"URS": {"name": "x"}}}}, {}, "translations.fr.countries.URS",
     'did you mean "SUN"'),
    ({"fr": {"countries": {"FRA": {"role": {"interests": ["Seule"]}}}}}, {},
     "translations.fr.countries.FRA.role.interests", "1 text for the 2 interests"),
    ({"fr": {"countries": {"FRA": {"role": {"objectives": {"clam": "x"}}}}}}, {},
     "translations.fr.countries.FRA.role.objectives.clam", 'did you mean "calm"'),
    ({"fr": {"countries": {"USA": {"role": {"summary": "x"}}}}}, {},
     "translations.fr.countries.USA.role", "no role sheet"),
    ({"fr": {"countries": {"GBR": {"profile": "x"}}}}, {},
     "translations.fr.countries.GBR.profile", "no profile of GBR"),
    ({"fr": {"incidents": {"strik": {"title": "x"}}}}, {}, "translations.fr.incidents.strik",
     'did you mean "strike"'),
    ({"fr": {"incidents": {"later": {"title": "x"}}}}, {}, "translations.fr.incidents.later",
     "injects.news.incident"),
    ({"fr": {"injects": {"newz": {"title": "x"}}}}, {}, "translations.fr.injects.newz",
     'did you mean "news"'),
    ({"fr": {"injects": {"quiet": {"text": "x"}}}}, {}, "translations.fr.injects.quiet.text",
     "no story for this inject"),
    ({"fr": {"injects": {"quiet": {"incident": {"title": "x"}}}}}, {},
     "translations.fr.injects.quiet.incident", "makes no incident"),
    ({"fr": {"injects": {"news": {"incident": {"title": "x"}}}}}, {},
     "translations.fr.injects.news.incident.title", "the game names the incident"),
    ({"fr": {"measures": {"own_measur": "x"}}}, {}, "translations.fr.measures.own_measur",
     'did you mean "own_measure"'),
    ({"fr": {"title": " "}}, {}, "translations.fr.title", "an empty translation"),
    ({"fr": {"briefing": {"basic": "", "advanced": "x"}}}, {}, "translations.fr.briefing",
     "an empty translation"),
    ({"fr": {"summary": 3}}, {}, "translations.fr.summary", "a text is a string"),
])
def test_a_bad_translation_is_located_with_a_hint(translations: Any, extra: dict[str, Any],
                                                  place: str, words: str) -> None:
    found = problems(translations, **extra)
    assert place in found, found
    assert words in found[place], found[place]


def test_every_problem_of_the_translations_is_reported_at_once() -> None:
    found = problems({"de": {}, "fr": {"titel": "X", "injects": {"newz": {}}}})
    assert set(found) == {"translations.de", "translations.fr.titel",
                          "translations.fr.injects.newz"}


# The shipped scenarios.

TRANSLATED: tuple[str, ...] = ("sandbox", "eastern-flank", "february-2022", "korea-1950")
"""The shipped scenarios whose every public text is in French and Spanish."""


@pytest.mark.parametrize("scenario_id", TRANSLATED)
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_translated_scenario_has_every_public_text_in_french_and_spanish(
        scenario_id: str, lang: str) -> None:
    sc = library.get(scenario_id)
    assert sc is not None
    assert missing_translations(sc, lang) == []


@pytest.mark.parametrize("scenario_id", TRANSLATED)
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_translated_scenario_has_its_history_track_and_questions_in_french_and_spanish(
        scenario_id: str, lang: str) -> None:
    """The debrief's and the reflection's texts too: each history entry's proposal and source,
    each reflection question."""
    from game_rules.translations import track_keys

    sc = library.get(scenario_id)
    assert sc is not None
    texts = scenario_texts(sc, lang)
    assert [key for key in track_keys(sc) if texts[key].fallback] == []


def test_a_scenario_not_yet_translated_falls_back_and_says_so() -> None:
    others = [sc for sid, sc in library.shipped().items()
              if sid not in TRANSLATED and not sc.translations]
    assert others
    for sc in others:
        for lang in ("fr", "es"):
            assert missing_translations(sc, lang) == text_keys(sc)
            title = scenario_text(sc, lang, "title")
            assert title == (sc.title, "en", True)


GLOSSARY_WRONG: dict[str, tuple[str, ...]] = {
    "fr": ("Conseil de Sécurité", "Assemblée Générale", "Conseil Atlantique", "Traité de Washington",
           "Société des nations"),
    "es": ("Consejo de seguridad", "Asamblea general", "Consejo Atlántico", "Tratado de Washington",
           "Liga de las Naciones"),
}
"""Forms docs/i18n-glossary.md replaces with the official ones ("Conseil de sécurité",
"Consejo de Seguridad", "Conseil de l'Atlantique Nord", "Tratado del Atlántico Norte",
"Sociedad de las Naciones")."""


@pytest.mark.parametrize("scenario_id", TRANSLATED)
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_translated_scenario_names_the_institutions_as_the_glossary_does(
        scenario_id: str, lang: str) -> None:
    sc = library.get(scenario_id)
    assert sc is not None
    for level in ("basic", "advanced"):
        for key, found in scenario_texts(sc, lang, level).items():
            wrong = [form for form in GLOSSARY_WRONG[lang] if form in found.text]
            assert not wrong, (key, wrong)


# The texts of the debrief and the reflection: the history track, the reflection questions.

TRACK: dict[str, Any] = {
    "history": [{"id": "invasion", "date": "2022-02-24", "body": "WORLD", "question": "event",
                 "proposed": "A full-scale invasion begins.", "outcome": "happened",
                 "source": "A/RES/ES-11/1"}],
    "teacher": {"reflection": ["Why?", "How?"]},
}


def test_the_history_track_and_the_reflection_questions_are_translated_or_fall_back() -> None:
    from game_rules.engine import new_game
    from game_rules.texts import texts_document
    from game_rules.translations import track_keys

    sc = scenario({"fr": {**FRENCH, "history": {"invasion": {"proposed": "Une invasion commence."}},
                          "teacher": {"reflection": ["Pourquoi ?", "Comment ?"]}}}, **TRACK)
    assert track_keys(sc) == ["history.invasion.proposed", "history.invasion.source",
                              "teacher.reflection[0]", "teacher.reflection[1]"]
    assert "history.invasion.proposed" not in text_keys(sc)
    assert scenario_text(sc, "fr", "history.invasion.proposed").text == "Une invasion commence."
    assert scenario_text(sc, "fr", "history.invasion.source").fallback
    assert scenario_text(sc, "fr", "teacher.reflection[1]").text == "Comment ?"
    assert scenario_text(sc, "es", "teacher.reflection[0]") == ("Why?", "en", True)
    assert "history.invasion.proposed" not in missing_translations(sc, "es")
    texts = scenario_texts(sc, "fr")
    state = new_game(sc, 1)
    student = texts_document(state, "fr", "FRA", texts)["texts"]
    assert "teacher.reflection[0]" in student and "history.invasion.proposed" not in student
    assert "history.invasion.proposed" in texts_document(state, "fr", "instructor", texts)["texts"]
    revealed = state.model_copy(update={"history_revealed": ("invasion",)})
    assert "history.invasion.source" in texts_document(revealed, "fr", "public", texts)["texts"]
    ended = state.model_copy(update={"status": "ended"})
    assert "history.invasion.proposed" in texts_document(ended, "fr", "FRA", texts)["texts"]


def test_a_bad_translation_of_the_history_track_or_the_questions_is_located() -> None:
    found = problems({"fr": {"history": {"invasoin": {"proposed": "X"},
                                         "invasion": {"source": " "}},
                             "teacher": {"reflection": ["Pourquoi ?"]}}}, **TRACK)
    assert set(found) == {"translations.fr.history.invasoin", "translations.fr.history.invasion.source",
                          "translations.fr.teacher.reflection"}
