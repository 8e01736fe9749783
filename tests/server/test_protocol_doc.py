"""docs/protocol.md is generated from the frame models; it must not go stale."""

from __future__ import annotations

from pathlib import Path

from server.protocol_doc import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def test_protocol_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/protocol.md is stale: run `.venv/bin/python -m server.protocol_doc > docs/protocol.md`")
