"""One name in each language for what the allies ask under Article 5, whoever writes the
sentence (the pages or the engine): French « un constat au titre de l'article 5 », as the
engine's refusals and explanations say it (« Adopté : aucun Allié n'a rompu le silence sur le
constat au titre de l'article 5 »), never « une décision au titre de l'article 5 » on the same
page; Spanish «la determinación en virtud del artículo 5»."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"fr": ("constat", "décision au titre de l'article 5"),
         "es": ("determinación", "decisión en virtud del artículo 5")}


@pytest.mark.parametrize("lang", sorted(NAMES))
def test_an_article5_determination_has_one_name(lang: str) -> None:
    name, other = NAMES[lang]
    said = []
    for domain in ("messages", "web"):
        with (ROOT / "server" / "locale" / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
            for m in read_po(f):
                ids = m.id if isinstance(m.id, tuple) else (m.id,)
                if m.id and any("Article 5 determination" in i for i in ids):
                    strings = m.string if isinstance(m.string, tuple) else (m.string,)
                    said += [s for s in strings if name not in s.replace("\n", "")
                             and "article 5" in s.lower()]
                texts = m.string if isinstance(m.string, tuple) else (m.string,)
                said += [s for s in texts if other in s.lower()]
    assert said == []
