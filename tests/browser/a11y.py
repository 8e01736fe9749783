"""Accessibility: axe-core (shipped inside the axe-playwright-python package) run on a
page; the serious and critical violations, each with the elements it found."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page


def serious_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results: Any = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [str(node.get("target")) for node in violation.get("nodes", [])][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return found
