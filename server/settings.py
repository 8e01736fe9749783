"""Settings: every one has a default, a command-line flag where it matters,
and an environment variable (documented in docs/deploy.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from game_rules.messages import N_, Msg, Nn_, message, plural_message
from server.overload import Thresholds


class BadSetting(SystemExit):
    """A setting (an environment variable, a command-line option) the server cannot use:
    its English as the exit's text, and ``said``, the same sentence as a message, which the
    command line writes in its reader's language (``--lang``)."""

    def __init__(self, said: Msg) -> None:
        super().__init__(said.english())
        self.said = said


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise BadSetting(message(N_("{name} must be a whole number, not {value}"), name=name,
                                 value=repr(value))) from None


def _env_floats(name: str, default: tuple[float, ...]) -> tuple[float, ...]:
    """Numbers, comma-separated, as many as ``default`` has."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        numbers = tuple(float(item) for item in value.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != len(default):
        shown = ",".join(str(d) for d in default)
        raise BadSetting(plural_message(*Nn_("{name} is {count} number like {example}, not {value}",
                                             "{name} is {count} numbers like {example}, not "
                                             "{value}"),
                                        count=len(default), name=name, example=shown,
                                        value=repr(value)))
    return numbers


def _env_list(name: str) -> tuple[str, ...]:
    """A comma-separated list."""
    return tuple(item.strip() for item in os.environ.get(name, "").split(",") if item.strip())


@dataclass(frozen=True)
class Limits:
    """Sizes and rates every input is held to."""

    frame_bytes: int = 16_384
    actions_per_second: float = 10.0
    """Sustained actions per seat, whatever its connections; a burst of ``burst`` is allowed."""
    burst: int = 20
    syncs_per_second: float = 1.0
    """Fresh views (``sync``) per connection; a burst of ``sync_burst`` is allowed."""
    sync_burst: int = 5
    pings_per_second: float = 2.0
    """``ping`` frames per connection; a burst of ``ping_burst`` is allowed."""
    ping_burst: int = 10
    abuse_strikes: int = 50
    """Refused frames (size, rate, malformed) before a connection is closed."""
    nickname_chars: int = 32
    body_bytes: int = 65_536
    """An HTTP request body, except the uploads below."""
    scenario_bytes: int = 1_000_000
    """A request that carries a whole scenario (creating a game, checking or saving one)."""
    record_bytes: int = 20_000_000
    """A game record to import."""
    joins_per_minute: int = 30
    """Wrong join codes from one client address in a minute before it is slowed down."""
    joins_while_slowed: int = 30
    """Join codes looked up in a minute for an address that is slowed down (right codes
    get in, wrong ones are refused, and the rest wait for the next minute)."""
    resume_gap: int = 2_000
    """Missed events sent one by one on reconnect; a larger gap gets a fresh view."""
    overload: Thresholds = field(default_factory=Thresholds)
    """Where the overload guard refuses actions (``server.overload``)."""


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
    """Events before a game's first snapshot; later gaps grow with the game
    (``server.hub.snapshot_gap``)."""
    purge_ended_after_days: int = 0
    """0 keeps ended games; N deletes them N days after they end."""
    secure_cookies: bool = False
    trusted_proxies: tuple[str, ...] = ()
    """Addresses (or networks) of reverse proxies whose ``X-Forwarded-For`` names the
    client; from any other peer the header is ignored."""
    allowed_origins: tuple[str, ...] = ()
    """Origins besides the server's own (its ``Host``, and ``public_url``) whose pages may
    open the websocket and send requests that change something."""
    max_live_games: int = 200
    """Games held in memory by one process (about 1.4 MB each after 1,000 messages); the
    least recently used are unloaded, those nobody is connected to first, and come back
    from the store when next needed."""
    pseudo_locales: bool = False
    """Serve the pseudo-locales ``qps`` and ``qps-rtl`` (docs/i18n.md): for tests."""
    limits: Limits = field(default_factory=Limits)

    @property
    def public_base(self) -> str:
        """The address links handed out start with (the instructor's, the join page...):
        ``public_url``, or this server's own address; "" (links relative to the page) when
        it listens on every interface and no public URL is set."""
        if self.public_url:
            return self.public_url.rstrip("/")
        if self.host in ("0.0.0.0", "::", ""):
            return ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

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
            trusted_proxies=_env_list("CRISIS_TABLE_TRUSTED_PROXIES"),
            allowed_origins=tuple(o.rstrip("/") for o in _env_list("CRISIS_TABLE_ALLOWED_ORIGINS")),
            max_live_games=max(1, _env_int("CRISIS_TABLE_MAX_LIVE_GAMES", cls.max_live_games)),
            pseudo_locales=env.get("CRISIS_TABLE_PSEUDO_LOCALES", "") in ("1", "true", "yes"),
            limits=Limits(overload=_overload_from_env()),
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **clean)  # type: ignore[arg-type]


_LAG = "CRISIS_TABLE_OVERLOAD_LAG"


def _overload_from_env() -> Thresholds:
    default = Thresholds()
    low, high = _env_floats(_LAG, (default.low, default.high))
    if not 0 <= low < high:
        example = f"{default.low},{default.high}"
        raise BadSetting(message(N_("{name} is two lags in seconds, the first smaller, like "
                                    "{example}"), name=_LAG, example=example))
    (busy,) = _env_floats("CRISIS_TABLE_OVERLOAD_BUSY", (default.busy,))
    return Thresholds(low=low, high=high, busy=busy,
                      waiting=max(1, _env_int("CRISIS_TABLE_OVERLOAD_WAITING", default.waiting)))
