"""Settings: every one has a default, a command-line flag where it matters,
and an environment variable (documented in docs/deploy.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


@dataclass(frozen=True)
class Limits:
    """Sizes and rates every input is held to."""

    frame_bytes: int = 16_384
    actions_per_second: float = 10.0
    """Sustained actions per connection; a burst of ``burst`` is allowed."""
    burst: int = 20
    abuse_strikes: int = 50
    """Refused frames (size, rate, malformed) before a connection is closed."""
    nickname_chars: int = 32
    scenario_bytes: int = 1_000_000
    record_bytes: int = 20_000_000
    joins_per_minute: int = 30
    """Join attempts per client address per minute (join-code guessing)."""
    resume_gap: int = 2_000
    """Missed events sent one by one on reconnect; a larger gap gets a fresh view."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = ""
    data_dir: Path = Path("data")
    bus_url: str = "memory://"
    public_url: str = ""
    commit_interval: float = 0.002
    """How long the writer waits to gather more appends into one commit (seconds)."""
    snapshot_every: int = 500
    purge_ended_after_days: int = 0
    """0 keeps ended games; N deletes them N days after they end."""
    secure_cookies: bool = False
    limits: Limits = field(default_factory=Limits)

    @property
    def database(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'crisis-table.db').as_posix()}"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        base = cls(
            host=env.get("CRISIS_TABLE_HOST", cls.host),
            port=_env_int("CRISIS_TABLE_PORT", cls.port),
            database_url=env.get("CRISIS_TABLE_DATABASE", ""),
            data_dir=Path(env.get("CRISIS_TABLE_DATA_DIR", "data")),
            bus_url=env.get("CRISIS_TABLE_BUS", "memory://"),
            public_url=env.get("CRISIS_TABLE_PUBLIC_URL", ""),
            purge_ended_after_days=_env_int("CRISIS_TABLE_PURGE_AFTER_DAYS", 0),
            secure_cookies=env.get("CRISIS_TABLE_SECURE_COOKIES", "") in ("1", "true", "yes"),
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **clean)  # type: ignore[arg-type]
