"""What every handler shares: the storage, the clock, the tokens, the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reference_impl.clock import Clock
from reference_impl.config import Settings
from reference_impl.guard import Admission
from reference_impl.signature import SignatureVerifier
from reference_impl.storage.base import Storage
from reference_impl.tokens import App, TokenStore


@dataclass
class ServerState:
    """The long-lived parts of a running server (one per worker process)."""

    settings: Settings
    storage: Storage
    clock: Clock
    tokens: TokenStore
    verifier: SignatureVerifier
    admission: Admission


@dataclass
class Call:
    """One validated request as a handler sees it: typed parameters, the caller's app, its address."""

    params: dict[str, Any]
    app: App | None
    client_ip: str
    state: ServerState
