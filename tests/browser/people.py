"""People at the table: one browser context each, watched for script errors and
Content-Security-Policy refusals."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

DESKTOP = {"width": 1366, "height": 768}


class Person:
    def __init__(self, browser: Browser, base_url: str, name: str,
                 viewport: dict[str, int] | None = None) -> None:
        self.name = name
        self.context: BrowserContext = browser.new_context(viewport=viewport or DESKTOP, base_url=base_url)
        self.context.set_default_timeout(10_000)
        self.page: Page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda err: self.problems.append(f"{name}: script error: {err}"))
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.problems.append(f"{self.name}: {text}")

    def close(self) -> None:
        self.context.close()
