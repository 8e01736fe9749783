"""French typography in the catalogs (issue 17): a no-break space before « : ; ! ? » » and
after « « », so that a line never begins with a colon or a closing quote (« Agresseur : la
Russie. »). Every translation of both domains is read."""

from __future__ import annotations

import re

import pytest

from server import catalogs

PLAIN_SPACE = re.compile(r" [:;!?»]|« ")


@pytest.mark.parametrize("domain", ["messages", "web"])
def test_no_plain_space_where_french_wants_a_no_break_one(domain: str) -> None:
    found = []
    for entry in catalogs.read(catalogs.po_path("fr", domain), "fr"):
        if not entry.id:
            continue
        for text in [entry.string] if isinstance(entry.string, str) else entry.string:
            if PLAIN_SPACE.search(text or ""):
                found.append(text)
    assert not found
