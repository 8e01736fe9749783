"""A refusal that names a draft's measure names it as the drafting form does, in its reader's
language («Sanctions économiques (art. 41)»), not by its code ("sanctions"); and the engine's
names are the browser's, word for word, so that both catalogs translate them alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game_rules.measure_names import MEASURE_NAMES
from server.translator import Translator
from tests.rules.rules_helpers import Game
from tests.rules.test_flow import flank
from tests.rules.test_league import league

ROOT = Path(__file__).resolve().parents[2]


def said(err: object, lang: str) -> str:
    msg = err.msg  # type: ignore[attr-defined]
    assert msg is not None
    return Translator(lang).render(msg.to_json())


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_chapter_vi_draft_with_sanctions_names_the_measure(lang: str) -> None:
    game = Game(flank())
    game.act("instructor", "advance_phase")
    err = game.refuse("USA", "table_draft", title="T", chapter="VI", measures=["sanctions"])
    assert err.code == "measure_needs_chapter_vii"
    text = said(err, lang)
    assert "sanctions\u201d" not in text and "«sanctions»" not in text and "« sanctions »" not in text
    name = Translator(lang).gettext(MEASURE_NAMES["sanctions"])
    assert name in text


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_chapter_vii_measure_without_a_determination_names_the_one_to_add(lang: str) -> None:
    game = Game(flank())
    game.act("instructor", "advance_phase")
    err = game.refuse("USA", "table_draft", title="T", chapter="VII", measures=["sanctions"])
    assert err.code == "no_article39_determination"
    text = said(err, lang)
    assert "determine_threat" not in text
    assert Translator(lang).gettext(MEASURE_NAMES["determine_threat"]) in text


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_charter_measure_in_a_league_draft_is_named_and_the_covenants_answer_has_no_codes(
        lang: str) -> None:
    game = Game(league())
    err = game.refuse("GBR", "table_draft", body="LNC", measures=["authorize_force"])
    assert err.code == "not_a_covenant_measure"
    text = said(err, lang)
    assert Translator(lang).gettext(MEASURE_NAMES["authorize_force"]) in text
    for code in ("authorize_force", "determine_resort_to_war", "recommend_military_contributions"):
        assert code not in text


def test_the_engines_measure_names_are_the_drafting_forms() -> None:
    js = (ROOT / "web" / "static" / "js" / "names.js").read_text(encoding="utf-8")
    block = js[js.index("const MEASURES = {"):]
    block = block[:block.index("};")]
    form = {code: text.replace("\\u201c", "\u201c").replace("\\u201d", "\u201d")
            for code, text in re.findall(r'^\s+(\w+): t\("((?:[^"\\]|\\.)*)"\),?$', block, re.M)}
    assert form == MEASURE_NAMES
