"""Titles the engine writes, in each reader's language (issue 17): an Article 5 request
circulates under a title that is a message (``title_msg`` beside the English ``title``), which a
French and a Spanish reader read in their language; an event recorded before the message
existed still folds, with its English title. The command line's own lines read in the
language asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from game_rules.engine import new_game, step
from game_rules.events import event_from_dict, event_to_dict
from game_rules.evolve import fold
from game_rules.messages import Msg
from game_rules.scenario import load_scenario
from game_rules.state import State
from game_rules.views import view_for
from server.cli import main
from server.settings import Limits
from server.translator import translator


def nac_game(kind: str = "armed_attack") -> State:
    scenario = load_scenario({
        "id": "flank", "title": "Flank",
        "bodies": {"NAC": {"members": ["EST", "FRA", "GBR", "USA", "HUN"]}},
        "incidents": [{"id": "inc-1", "target": "EST", "attacker": "RUS", "kind": kind,
                       "in_treaty_area": True},
                      {"id": "inc-2", "target": "USA", "attacker": "RUS", "kind": "cyber",
                       "in_treaty_area": True}]})
    state, _ = step(new_game(scenario, 1), {"actor": "instructor", "kind": "start"})
    return state


def requested(state: State, incident: str = "inc-1") -> tuple[State, list[dict[str, Any]]]:
    state, events = step(state, {"actor": "EST", "kind": "request_article5",
                                 "incident": incident})
    return state, [event_to_dict(e) for e in events]


@pytest.mark.parametrize(("kind", "en", "fr", "es"), [
    ("armed_attack", "Article 5: the armed attack against Estonia",
     "Article 5 : l'attaque armée contre l'Estonie",
     "Artículo 5: el ataque armado contra Estonia"),
    ("cyber", "Article 5: the cyber incident against Estonia",
     "Article 5 : l'incident cyber contre l'Estonie",
     "Artículo 5: el incidente cibernético contra Estonia"),
])
def test_an_article5_request_is_titled_in_each_readers_language(
        kind: str, en: str, fr: str, es: str) -> None:
    state, events = requested(nac_game(kind))
    circulated = next(e for e in events if e["kind"] == "item_circulated")
    assert circulated["title"] == en
    title = json.loads(json.dumps(circulated["title_msg"]))
    assert Msg.from_json(title).english() == en
    assert translator("fr").render(title) == fr
    assert translator("es").render(title) == es
    # The view's item and its line of news carry the message.
    view = view_for(state, "FRA")
    item = view["NAC"]["items"][0]
    assert item["title"] == en and item["title_msg"] == title
    news = view["news"][-1]
    assert translator("fr").render(news["title_msg"]) == \
        f"En procédure d'approbation tacite\u00a0: «\u00a0{fr}\u00a0»"
    assert translator("es").render(news["title_msg"]).endswith(f"«{es}»")


def test_a_plural_target_takes_its_article() -> None:
    _, events = requested(nac_game(), "inc-2")
    title = next(e for e in events if e["kind"] == "item_circulated")["title_msg"]
    assert translator("fr").render(title) == "Article 5 : l'incident cyber contre les États-Unis"
    assert translator("es").render(title) == \
        "Artículo 5: el incidente cibernético contra los Estados Unidos"


def test_an_item_recorded_before_title_messages_folds_with_its_english_title() -> None:
    state = nac_game()
    _, events = requested(state)
    old = [{k: v for k, v in e.items() if k != "title_msg"} for e in events]
    assert all("title_msg" not in e for e in old)
    after = fold(state, [event_from_dict(e) for e in old])
    item = next(iter(after.items.values()))
    assert item.title == "Article 5: the armed attack against Estonia"
    assert item.title_msg is None
    view = view_for(after, "FRA")
    assert view["NAC"]["items"][0]["title_msg"] is None
    news = view["news"][-1]
    assert translator("fr").render(news["title_msg"]) == \
        ("En procédure d'approbation tacite\u00a0: «\u00a0Article 5: the armed attack against "
         "Estonia\u00a0»")
    # A title someone typed stays as typed, and the event leaves the message out.
    after, events = step(after, {"actor": "instructor", "kind": "circulate",
                                 "decision": "statement", "title": "Solidarity",
                                 "text": "We stand together."})
    assert "title_msg" not in event_to_dict(events[0])
    assert view_for(after, "FRA")["NAC"]["items"][-1]["title_msg"] is None


# The command line in the language asked.


def test_the_command_lines_own_lines_in_french_and_spanish(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"id": "flank", "title": "Flank", "date": "1982-04-03",
                                "countries": ["FRA", "USA", "EST"],
                                "translations": {"fr": {"title": "Flanc"}},
                                "options": {"veto_initiative": True}}), encoding="utf-8")
    assert main(["scenario", "validate", "--lang", "fr", str(good)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{good}\u00a0: scénario valide «\u00a0flank\u00a0» (Flanc), 3 pays"
    # A note names the scenario's day as the language writes a date.
    assert err.startswith("remarque\u00a0: options.veto_initiative\u00a0: ")
    assert "3 avril 1982" in err and "1982-04-03" not in err
    # A title with no translation into the language asked is the scenario's own, marked so.
    assert main(["scenario", "validate", "--lang", "es", str(good)]) == 0
    assert capsys.readouterr().out.strip() == \
        f"{good}: escenario válido «flank» (Flank (aún sin traducir)), 3 países"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "x", "title": "X", "countries": ["FRA", "FRA", "RUX"]}),
                   encoding="utf-8")
    assert main(["scenario", "validate", "--lang", "es", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{bad}: 2 problemas"
    # What stops a file being read, and a record's envelope.
    assert main(["replay", "--lang", "fr", str(tmp_path / "none.json")]) == 1
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'none.json'}\u00a0: fichier introuvable"
    bad.write_text('{"scenario": "sandbox", "seed": 1,}', encoding="utf-8")
    assert main(["replay", "--lang", "es", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(
        f"{bad}: línea 1, columna 34: JSON no válido: una coma de más")
    bad.write_text(json.dumps({"scenario": "nowhere", "seed": "x", "actions": {}}),
                   encoding="utf-8")
    assert main(["replay", "--lang", "es", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}: scenario: ningún escenario incluido se llama «nowhere»",
        f"{bad}: seed: la semilla es un número entero",
        f"{bad}: actions: actions es una lista"]


def test_a_codes_alias_explains_itself_in_the_readers_language() -> None:
    from game_rules.hints import country_hint_msg

    hint = country_hint_msg("FRG")
    assert hint is not None
    assert hint.english() == ('did you mean "DEU" (the Federal Republic of Germany: ISO 3166 '
                              'gives it the code of Germany)?')
    assert translator("fr").render(hint.to_json()) == (
        "vouliez-vous dire «\u00a0DEU\u00a0» (la République fédérale d'Allemagne\u00a0: "
        "l'ISO 3166 lui donne le code de l'Allemagne)\u00a0?")
    roc = country_hint_msg("ROC")
    assert roc is not None
    assert "hasta el 25 de octubre de 1971" in translator("es").render(roc.to_json())


def test_a_scenarios_translation_problems_in_french_and_spanish() -> None:
    from game_rules.errors import ScenarioError
    from tests.rules.test_translations import scenario

    with pytest.raises(ScenarioError) as caught:
        scenario({"de": {}, "fr": {"countries": {
            "FRA": {"role": {"interests": ["Seule"], "objectives": {"clam": "x"}}},
            "URS": {"name": "x"}}, "summary": " ", "injects": {"newz": {}}}})
    said = dict(caught.value.said)
    english = {place: msg.english() for place, msg in said.items()}
    assert english["translations.fr.countries.FRA.role.interests"].startswith(
        "1 text for the 2 interests of the role sheet")
    french = {place: translator("fr").render(msg.to_json()) for place, msg in said.items()}
    spanish = {place: translator("es").render(msg.to_json()) for place, msg in said.items()}
    for place, text in english.items():
        assert french[place] != text and spanish[place] != text, place
    assert french["translations.de"].startswith("langue inconnue «\u00a0de\u00a0»")
    assert spanish["translations.fr.countries.FRA.role.interests"].startswith(
        "1 texto para los 2 intereses de la ficha de rol")
    assert "fiche de rôle de FRA" in french["translations.fr.countries.FRA.role.objectives.clam"]
    assert "«SUN»" in spanish["translations.fr.countries.URS"]
    assert spanish["translations.fr.summary"].startswith("una traducción vacía")
    assert "noticia «newz»" in spanish["translations.fr.injects.newz"]


def test_a_body_given_by_a_date_the_record_does_not_cover_in_the_readers_language() -> None:
    from game_rules.errors import ScenarioError

    with pytest.raises(ScenarioError) as caught:
        load_scenario({"id": "early", "title": "Early",
                       "bodies": {"UNSC": {"as_of": "1945-06-01"}, "NAC": {"as_of": "1 May 1949"}}})
    said = dict(caught.value.said)
    unsc, nac = said["bodies.UNSC.as_of"], said["bodies.NAC.as_of"]
    assert unsc.english() == \
        "no record for 1945-06-01: the Security Council first met on 17 January 1946"
    assert translator("fr").render(unsc.to_json()) == (
        "aucune donnée pour le 1945-06-01\u00a0: le Conseil de sécurité s'est réuni pour la "
        "première fois le 17 janvier 1946")
    assert translator("es").render(nac.to_json()) == \
        '«1 May 1949» no es una fecha (AAAA-MM-DD): escríbela como AAAA-MM-DD, por ejemplo "1982-04-02"'


def test_the_double_vetos_preliminary_question_is_titled_in_each_readers_language() -> None:
    from tests.rules.rules_helpers import council_2022

    scenario = load_scenario(council_2022(options={"double_veto": True}))
    state, _ = step(new_game(scenario, 1), {"actor": "instructor", "kind": "start"})
    state, _ = step(state, {"actor": "USA", "kind": "table_draft", "title": "Refer",
                            "procedural": True, "measures": ["emergency_special_session"],
                            "draft": "S/1"})
    state, events = step(state, {"actor": "RUS", "kind": "contest_procedural", "draft": "S/1"})
    tabled = next(event_to_dict(e) for e in events if e.kind == "draft_tabled")
    assert tabled["title"] == "Whether the question in S/1 is procedural"
    assert translator("fr").render(tabled["title_msg"]) == \
        "La question de savoir si S/1 relève de la procédure"
    entry = next(d for d in view_for(state, "FRA")["UNSC"]["drafts"] if d["id"] == tabled["draft"])
    assert translator("es").render(entry["title_msg"]) == \
        "La cuestión de si S/1 es de procedimiento"
    typed = next(d for d in view_for(state, "FRA")["UNSC"]["drafts"] if d["id"] == "S/1")
    assert typed["title"] == "Refer" and typed["title_msg"] is None
    news = translator("es").render(view_for(state, "FRA")["news"][-1]["title_msg"])
    assert news.endswith("La cuestión de si S/1 es de procedimiento")


def test_the_frameworks_own_errors_carry_a_message_for_the_readers_language(
        client: TestClient) -> None:
    missing = client.get("/api/nowhere").json()["error"]
    assert missing["code"] == "not_found"
    assert translator("fr").render(missing["msg"]) == "Il n'y a rien à cette adresse."
    wrong = client.delete("/api/scenarios").json()["error"]
    assert translator("es").render(wrong["msg"]) == "Esta dirección no acepta ese método."
    invalid = client.post("/api/games", json={"scenario": "sandbox", "seed": "many"})
    assert invalid.status_code == 422
    said = invalid.json()["error"]["msg"]
    assert translator("es").render(said).startswith("seed: ")
    big = client.post("/api/join/KX7M4P", content=b" " * (Limits().body_bytes + 1),
                      headers={"content-type": "application/json"}).json()["error"]
    assert big["code"] == "body_too_large"
    assert translator("fr").render(big["msg"]).startswith("Le corps de cette requête dépasse les ")


def test_the_list_of_scenarios_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "list", "--lang", "fr"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert lines["eastern-flank"].endswith("(4 tours, 41 pays)")
    assert "Flanc" in lines["eastern-flank"] or "flanc" in lines["eastern-flank"]
    assert main(["scenario", "list", "--lang", "es"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "sesión abierta" in lines["sandbox"]
    # A title the scenario does not translate is its own, followed by "not yet translated".
    assert "Suez, October-November 1956: the veto of the allies (aún sin traducir)" \
        in lines["suez-1956"]
    assert "sin traducir" not in lines["eastern-flank"]
