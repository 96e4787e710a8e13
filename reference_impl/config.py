"""Server settings, from command-line flags and `PAYCONTRACT_*` environment variables (flags win).

Every setting has one environment variable; a bad value is one clear line naming the variable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from paycontract.errors import UserError
from paycontract.sandbox import DemoChannel, bundled_sandbox_data
from reference_impl.contract import BILL_RETENTION_DAYS, BODY_LIMIT, TOKEN_LIFETIME


@dataclass(frozen=True)
class AppCredentials:
    """One merchant app the server knows: its id, its merchant's id and its secret."""

    app_id: int
    merchant_id: int
    secret: str


# The spec publishes the demo data (`info.x-sandbox`); the server seeds exactly that.
DEMO_APPS = tuple(AppCredentials(a.app_id, a.merchant_id, a.app_secret) for a in bundled_sandbox_data().apps)
DEMO_CHANNELS: tuple[DemoChannel, ...] = bundled_sandbox_data().channels


@dataclass(frozen=True)
class Settings:
    """Everything the server can be configured with."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    data_dir: str = "data"
    db: str = ""
    apps: tuple[AppCredentials, ...] = DEMO_APPS
    # The spec's `x-token-lifetime`, `x-body-limit` and `x-retention-days`, through the generated contract layer.
    token_ttl: int = TOKEN_LIFETIME
    rate_limit: float = 0.0
    rate_burst: int = 0
    maintenance: bool = False
    maintenance_retry_after: int = 60
    body_limit: int = BODY_LIMIT
    bill_retention_days: int = BILL_RETENTION_DAYS
    now: str = ""
    sandbox: bool = True
    access_log: bool = False
    contract: str = ""

    @property
    def db_path(self) -> str:
        """The SQLite database: `db` if set, else `paycontract.sqlite3` in the data directory.

        A `postgresql://` URL in `db` is used as it is (see `reference_impl.storage`)."""
        return self.db or str(Path(self.data_dir) / "paycontract.sqlite3")

    def to_json(self) -> str:
        """Serialised for worker processes (which rebuild the settings with `from_json`)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """Undo `to_json`."""
        raw = json.loads(text)
        raw["apps"] = tuple(AppCredentials(**app) for app in raw["apps"])
        return cls(**raw)


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise ValueError
    return value


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError


def parse_apps(text: str) -> tuple[AppCredentials, ...]:
    """`APP_ID:MERCHANT_ID:SECRET[,…]` → the apps; a malformed entry raises ValueError."""
    apps = []
    for entry in filter(None, (part.strip() for part in text.split(","))):
        app_id, merchant_id, secret = entry.split(":", 2)
        if not secret:
            raise ValueError
        apps.append(AppCredentials(_positive_int(app_id), _positive_int(merchant_id), secret))
    if not apps or len({app.app_id for app in apps}) != len(apps):
        raise ValueError
    return tuple(apps)


# Setting name → (environment variable, parser, what a valid value looks like).
ENVIRONMENT: dict[str, tuple[str, Callable[[str], Any], str]] = {
    "host": ("PAYCONTRACT_HOST", str, "a host name or address"),
    "port": ("PAYCONTRACT_PORT", _non_negative_int, "a port number"),
    "workers": ("PAYCONTRACT_WORKERS", _positive_int, "a positive integer"),
    "data_dir": ("PAYCONTRACT_DATA_DIR", str, "a folder"),
    "db": ("PAYCONTRACT_DB", str, "a SQLite file path, :memory: or a postgresql:// URL"),
    "apps": ("PAYCONTRACT_APPS", parse_apps, "APP_ID:MERCHANT_ID:SECRET[,APP_ID:MERCHANT_ID:SECRET…]"),
    "token_ttl": ("PAYCONTRACT_TOKEN_TTL", _positive_int, "seconds, a positive integer"),
    "rate_limit": ("PAYCONTRACT_RATE_LIMIT", _non_negative_float, "requests per second per client, 0 = off"),
    "rate_burst": ("PAYCONTRACT_RATE_BURST", _non_negative_int, "a non-negative integer"),
    "maintenance": ("PAYCONTRACT_MAINTENANCE", _boolean, "1 or 0"),
    "maintenance_retry_after": ("PAYCONTRACT_MAINTENANCE_RETRY_AFTER", _non_negative_int, "seconds"),
    "body_limit": ("PAYCONTRACT_BODY_LIMIT", _positive_int, "bytes, a positive integer"),
    "bill_retention_days": ("PAYCONTRACT_BILL_RETENTION_DAYS", _non_negative_int, "days"),
    "now": ("PAYCONTRACT_NOW", str, "YYYY-MM-DD HH:MM:SS (UTC+8)"),
    "sandbox": ("PAYCONTRACT_SANDBOX", _boolean, "1 or 0"),
    "access_log": ("PAYCONTRACT_ACCESS_LOG", _boolean, "1 or 0"),
    "contract": ("PAYCONTRACT_CONTRACT", str, "a generated contract module file"),
}


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from the environment, then `overrides` (flags; None means not given)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, (variable, parse, expected) in ENVIRONMENT.items():
        if variable not in environ:
            continue
        try:
            values[name] = parse(environ[variable])
        except (ValueError, TypeError):
            raise UserError(f"{variable}={environ[variable]!r}: expected {expected}") from None
    known = {f.name for f in fields(Settings)}
    values.update({k: v for k, v in overrides.items() if v is not None and k in known})
    settings = Settings(**values)
    validate(settings)
    return settings


# Numeric settings given as flags are checked here (environment values are checked by their parsers).
MINIMUMS = {"workers": 1, "token_ttl": 1, "body_limit": 1, "bill_retention_days": 0, "rate_limit": 0}


def validate(settings: Settings) -> None:
    """Reject values and combinations that cannot work, with one line each."""
    for name, minimum in MINIMUMS.items():
        if getattr(settings, name) < minimum:
            flag = "--" + name.replace("_", "-")
            raise UserError(f"{flag} {getattr(settings, name)}: must be at least {minimum}")
    if settings.workers > 1 and settings.db_path == ":memory:":
        raise UserError("--db :memory: cannot be shared by several workers; use a file or --workers 1")
    if settings.now:
        from reference_impl.clock import parse_pinned

        try:
            parse_pinned(settings.now)
        except ValueError:
            raise UserError(f"PAYCONTRACT_NOW={settings.now!r}: expected YYYY-MM-DD HH:MM:SS (UTC+8)") from None
    if not 0 <= settings.port <= 65535:
        raise UserError(f"port {settings.port}: expected 0..65535")
