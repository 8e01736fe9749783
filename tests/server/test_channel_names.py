"""A channel's name in the reader's language (issue 17): events keep no language, so a private
channel opened without a name is stored without one and each reader names it by its members;
a refusal names a body's or a team's channel from the catalogs."""

from __future__ import annotations

import pytest

from server.translator import translator
from tests.rules.rules_helpers import Game
from tests.rules.test_talk import SCENARIO
from tests.web.test_korea_wording import render_in_node


def test_a_channel_opened_without_a_name_is_stored_without_one() -> None:
    g = Game(SCENARIO)
    opened = g.act("FRA", "open_channel", members=["DEU"])[0]
    assert opened.name == "" and opened.members == ["FRA", "DEU"]
    named = g.act("FRA", "open_channel", members=["GBR"], name="Entente")[0]
    assert named.name == "Entente"


@pytest.mark.parametrize(("lang", "private", "body", "team", "named"), [
    ("en", "The United Kingdom does not sit in the channel France and Germany.",
     "Germany does not sit in the channel Security Council.",
     "The United Kingdom does not sit in the channel Team France.",
     "Germany does not sit in the channel Entente."),
    ("fr", "Le Royaume-Uni ne siège pas dans le canal France et Allemagne.",
     "L'Allemagne ne siège pas dans le canal Conseil de sécurité.",
     "Le Royaume-Uni ne siège pas dans le canal Équipe : France.",
     "L'Allemagne ne siège pas dans le canal Entente."),
    ("es", "El Reino Unido no participa en el canal Francia y Alemania.",
     "Alemania no participa en el canal Consejo de Seguridad.",
     "El Reino Unido no participa en el canal Equipo de Francia.",
     "Alemania no participa en el canal Entente."),
])
def test_a_refusal_names_the_channel_in_the_readers_language(
        lang: str, private: str, body: str, team: str, named: str) -> None:
    g = Game(SCENARIO)
    channel = g.act("FRA", "open_channel", members=["DEU"])[0].channel
    entente = g.act("FRA", "open_channel", members=["GBR"], name="Entente")[0].channel
    render = translator(lang).render
    shown = [render(g.refuse(who, "say", channel=where, text="?").msg)
             for who, where in [("GBR", channel), ("DEU", "UNSC"), ("GBR", "team:FRA"),
                                ("DEU", entente)]]
    assert [s.replace("\xa0", " ").replace("\u202f", " ") for s in shown] == [
        private, body, team, named]


def test_a_page_names_a_private_channel_by_its_members() -> None:
    members = {"countries": [{"country": "FRA", "name": "France"},
                             {"country": "DEU", "name": "Germany"}]}
    msg = {"id": "{name} (private)", "params": {"name": members}}
    assert render_in_node("fr", [msg]) == ["France et Allemagne (privé)"]
    assert render_in_node("es", [msg]) == ["Francia y Alemania (privado)"]
