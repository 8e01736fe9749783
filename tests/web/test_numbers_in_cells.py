"""A number in a table cell of a page goes through the language's formatting (docs/i18n.md:
``formatNumber``), never ``String(n)``: a French or Spanish reader sees « 106,6 », not "106.6"
(the comparison of two games gave its realist scores in English digits)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CELL_AS_STRING = re.compile(r'h\("t[dh]",\s*\{[^{}]*\},\s*String\(')


def test_no_table_cell_shows_a_number_through_string() -> None:
    found = [f"{path.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 1}"
             for path in sorted((ROOT / "web" / "static" / "js").rglob("*.js"))
             for text in [path.read_text(encoding="utf-8")]
             for m in CELL_AS_STRING.finditer(text)]
    assert found == []
