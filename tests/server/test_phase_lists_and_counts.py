"""A refusal out of phase lists the phases as a sentence lists things, with the names the page
gives them ("consultations and council sessions", « Consultations et Séances du Conseil »), and
the counts of a vote agree with their number (« 1 non-votant », « 2 non-votants »), on the
server and in the browser's vote bar."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from game_rules.messages import Nn_, plural_message
from server.browser_catalog import browser_catalog
from server.translator import Translator
from tests.rules.rules_helpers import Game
from tests.rules.test_flow import at_phase, flank

ROOT = Path(__file__).resolve().parents[2]

REFUSALS = {
    "en": "Not in the resolution phase: request consultations under Article 4 belongs to the "
          "consultations and council sessions phases.",
    "fr": "Pas pendant la phase Résolution\u00a0: «\u00a0demander des consultations au titre de "
          "l'article 4\u00a0» appartient aux phases Consultations et Séances du Conseil.",
    "es": "No en la fase Resolución: «pedir consultas en virtud del artículo 4» pertenece "
          "a las fases Consultas y Sesiones del Consejo.",
}


@pytest.mark.parametrize("lang", sorted(REFUSALS))
def test_a_refusal_out_of_phase_lists_the_phases_as_the_page_names_them(lang: str) -> None:
    game = Game(flank())
    at_phase(game, "resolution")
    err = game.refuse("EST", "request_consultations")
    assert err.code == "wrong_phase" and err.msg is not None
    assert Translator(lang).render(err.msg.to_json()) == REFUSALS[lang]


def test_a_refusal_names_one_phase_in_the_singular() -> None:
    game = Game(flank())
    at_phase(game, "consultations")
    err = game.refuse("instructor", "call_vote", draft="S/2026/1")
    assert err.msg is not None
    assert Translator("fr").render(err.msg.to_json()).endswith(
        "appartient à la phase Séances du Conseil.")
    assert err.message.endswith("belongs to the council sessions phase.")


NOT_VOTING = {("en", 1): "7 in favour, 1 not voting", ("en", 2): "7 in favour, 2 not voting",
              ("fr", 1): "7 in favour, 1 non-votant", ("fr", 2): "7 in favour, 2 non-votants",
              ("es", 1): "7 in favour, 1 sin votar", ("es", 2): "7 in favour, 2 sin votar"}


@pytest.mark.parametrize(("lang", "n"), sorted(NOT_VOTING))
def test_members_not_voting_agree_with_their_number(lang: str, n: int) -> None:
    msg = plural_message(*Nn_("{counts}, {count} not voting", "{counts}, {count} not voting"),
                         count=n, counts="7 in favour")
    assert Translator(lang).render(msg.to_json()) == NOT_VOTING[(lang, n)]


TALLY = {"en": ["1 abstention", "2 abstentions", "1 not voted", "2 not voted"],
         "fr": ["1 abstention", "2 abstentions", "1 non-votant", "2 non-votants"],
         "es": ["1 abstención", "2 abstenciones", "1 sin votar", "2 sin votar"]}

SCRIPT = """
import {readFileSync} from "node:fs";
import {pathToFileURL} from "node:url";
const input = JSON.parse(readFileSync(0, "utf8"));
globalThis.document = {documentElement: {dataset: {i18n: "/i18n/catalog.json"}, lang: input.catalog.lang},
  querySelectorAll: () => []};
globalThis.fetch = async () => ({ok: true, json: async () => input.catalog});
const i18n = await import(pathToFileURL(process.argv[2]).href);
await i18n.ready?.();
process.stdout.write(JSON.stringify([1, 2].map(n => i18n.tn("{count} abstention", "{count} abstentions", n))
  .concat([1, 2].map(n => i18n.tn("{count} not voted", "{count} not voted", n)))));
"""


@pytest.mark.parametrize("lang", sorted(TALLY))
def test_the_vote_bar_counts_agree_with_their_number(lang: str, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = (ROOT / "web/static/js/ui/votebar.js").read_text()
    assert 'tn("{count} abstention", "{count} abstentions"' in source
    assert 'tn("{count} not voted", "{count} not voted"' in source
    script = tmp_path / "tally.mjs"
    script.write_text(SCRIPT)
    done = subprocess.run([node, str(script), str(ROOT / "web/static/js/i18n.js")],
                          input=json.dumps({"catalog": browser_catalog(lang)}),
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == TALLY[lang]
