"""The engine's sentences in French and Spanish: every message id the engine marks is
translated in both catalogs, with the placeholders of its English, and a recorded game
replayed renders its refusals and explanations in each language with the official names
of the bodies and articles (docs/i18n-glossary.md)."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from game_rules.engine import new_game, step
from game_rules.errors import RuleError
from game_rules.events import event_to_dict
from game_rules.library import get
from game_rules.messages import Msg, engine_templates
from game_rules.scenario import load_scenario
from server.translator import translator

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("fr", "es")


def catalog(lang: str) -> Any:
    with open(ROOT / "server" / "locale" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def names(template: str) -> set[str]:
    return {n.split("@", 1)[0] for _, n, _, _ in string.Formatter().parse(template) if n}


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_of_the_engine_is_translated(lang: str) -> None:
    cat = catalog(lang)
    missing, wrong = [], []
    for msgid, plural in engine_templates().items():
        entry = cat.get(msgid)
        if entry is None or entry.fuzzy:
            missing.append(msgid)
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if plural is not None and not isinstance(entry.string, tuple):
            wrong.append(f"{msgid!r}: not a plural entry")
        if not all(forms):
            missing.append(msgid)
        allowed = names(msgid) | (names(plural) | {"count"} if plural else set())
        for form in forms:
            if names(form) - allowed:
                wrong.append(f"{msgid!r}: {sorted(names(form) - allowed)}")
    assert missing == []
    assert wrong == []


def refusal(state: Any, action: dict[str, Any]) -> Msg:
    with pytest.raises(RuleError) as caught:
        step(state, action)
    assert caught.value.msg is not None
    return caught.value.msg


def test_a_recorded_game_replays_its_refusals_and_explanations_in_french_and_spanish() -> None:
    scenario = load_scenario({
        "id": "flank", "title": "Flank",
        "bodies": {"UNSC": {"permanent": ["CHN", "FRA", "GBR", "RUS", "USA"],
                            "elected": ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX",
                                        "NOR", "ARE"]},
                   "NAC": {"members": ["EST", "FRA", "GBR", "USA", "HUN"]}},
        "incidents": [{"id": "inc-1", "target": "EST", "attacker": "RUS",
                       "kind": "armed_attack", "in_treaty_area": True}]})
    state, _ = step(new_game(scenario, 1), {"actor": "instructor", "kind": "start"})
    said: list[Msg] = []
    record: list[dict[str, Any]] = []

    def act(action: dict[str, Any]) -> None:
        nonlocal state
        state, events = step(state, action)
        record.extend(event_to_dict(e) for e in events)

    act({"actor": "USA", "kind": "table_draft", "body": "UNSC", "title": "Aggression",
         "chapter": "VII", "measures": ["determine_threat", "sanctions"], "draft": "S/1"})
    act({"actor": "instructor", "kind": "call_vote", "draft": "S/1"})
    for member in state.scenario.bodies.UNSC.permanent + state.scenario.bodies.UNSC.elected:
        if state.open_votes:
            act({"actor": member, "kind": "vote", "draft": "S/1",
                 "vote": "no" if member == "RUS" else "yes"})
    said.append(refusal(state, {"actor": "RUS", "kind": "vote", "draft": "S/1",
                                "vote": "yes"}))
    said.append(refusal(state, {"actor": "RUS", "kind": "request_article5",
                                "incident": "inc-1"}))
    said.append(refusal(state, {"actor": "EST", "kind": "table_draft", "body": "UNSC",
                                "title": "Help"}))
    act({"actor": "EST", "kind": "request_article5", "incident": "inc-1"})
    item = next(iter(state.items))
    act({"actor": "HUN", "kind": "break_silence", "item": item, "reason": "Not now."})
    # The record is language-neutral: its events read back and explain themselves.
    explained = [Msg.from_json(e["explanation_msg"]) for e in json.loads(json.dumps(record))
                 if "explanation_msg" in e]
    assert [m.english() for m in explained] == [e["explanation"] for e in record
                                                if "explanation_msg" in e]
    said += explained

    fr = [translator("fr").render(m.to_json()) for m in said]
    es = [translator("es").render(m.to_json()) for m in said]
    english = [m.english() for m in said]
    for text in (*fr, *es):
        assert text not in english
    french, spanish = " ".join(fr), " ".join(es)
    assert "l'article 5 du Traité de l'Atlantique Nord" in french
    assert "el artículo 5 del Tratado del Atlántico Norte" in spanish
    assert "Article 27, paragraphe 3, de la Charte" in french
    assert "Artículo 27, párrafo 3, de la Carta" in spanish
    assert "Conseil de l'Atlantique Nord" in french and "Consejo del Atlántico Norte" in spanish
    assert "Conseil de sécurité" in french and "Consejo de Seguridad" in spanish


def test_a_shipped_scenario_refuses_in_each_language() -> None:
    state, _ = step(new_game(get("eastern-flank"), 1),  # type: ignore[arg-type]
                    {"actor": "instructor", "kind": "start"})
    msg = refusal(state, {"actor": "instructor", "kind": "start"})
    assert translator("fr").render(msg.to_json()) == "La partie a déjà commencé."
    assert translator("es").render(msg.to_json()) == "La partida ya ha empezado."
