"""Access tokens: fetched from the spec's token operation, cached, refreshed before expiry or when the server
says a token expired. One `TokenProvider` per app identity, shared by every worker thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from paycontract.verify.contract import Contract
from paycontract.verify.options import Credentials


# Refresh this long before the announced expiry, so a token never reaches the server after its last second:
# a tenth of the lifetime, and for short lifetimes up to two seconds (but never more than a quarter of it).
def refresh_margin(lifetime: float) -> float:
    """Seconds before a token's announced expiry at which it is replaced."""
    return max(lifetime * 0.1, min(2.0, lifetime * 0.25))


class AuthFailure(Exception):
    """The token operation did not hand out a token; the message is one line."""


# Pauses between attempts at the token request (then one last attempt): about 2 s before giving up.
TOKEN_RETRY_PAUSES = (0.2, 0.5, 1.2)


class Unreachable(AuthFailure):
    """The token operation could not be reached at all (refused, timed out, unknown host)."""


@dataclass(frozen=True)
class Grant:
    """A token, when it was asked for and received (monotonic clock), and its announced lifetime."""

    token: str
    issued_at: float
    expires_in: float
    received_at: float

    @property
    def expired_by(self) -> float:
        """The monotonic time by which the server must call this token expired (it was issued before this)."""
        return self.received_at + self.expires_in


class TokenProvider:
    """Fetch, cache and refresh the access token of one app."""

    def __init__(
        self,
        contract: Contract,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.contract = contract
        self.base_url = base_url
        self.credentials = credentials
        self.timeout = timeout
        self.clock = clock
        self.fetches = 0
        self.first: Grant | None = None
        # Transport errors a later attempt got past: a flaky server is a finding, not an unreachable one.
        self.transient_errors: list[str] = []
        self._grant: Grant | None = None
        # Every grant of the run by token, so a 401 can be matched with the lifetime it was announced with.
        self._grants: dict[str, Grant] = {}
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """The token operation's URL."""
        return self.base_url + self.contract.token_operation.path

    def form(self) -> dict[str, str]:
        """The token operation's form body for these credentials."""
        return {
            self.contract.app_parameter: str(self.credentials.app_id),
            self.contract.secret_parameter: self.credentials.app_secret,
        }

    def token(self) -> str:
        """The current token, fetching a new one when there is none or it is close to its expiry."""
        with self._lock:
            grant = self._grant
            if grant is None or self.clock() >= grant.issued_at + grant.expires_in - refresh_margin(grant.expires_in):
                grant = self._grant = self.fetch()
            return grant.token

    def grant(self) -> Grant | None:
        """The cached grant, if any (for reports and the expiry check)."""
        return self._grant

    def invalidate(self, token: str) -> None:
        """Drop `token` if it is still the cached one, so the next request fetches a fresh one."""
        with self._lock:
            if self._grant is not None and self._grant.token == token:
                self._grant = None

    def may_have_lapsed(self, token: str) -> bool:
        """Whether `token` is one of this app's whose announced lifetime may be over by now (the server issued
        it after it was asked for, so it may have expired as early as `issued_at + expires_in`)."""
        grant = self._grants.get(token)
        return grant is not None and self.clock() >= grant.issued_at + grant.expires_in

    def fetch(self) -> Grant:
        """Ask the token operation for a new token; `AuthFailure` says in one line why that failed."""
        self.fetches += 1
        started = self.clock()
        response = self._post_with_retries()
        try:
            body = response.json()
            data = body["data"]
            token, expires_in = data["access_token"], data["expires_in"]
        except (ValueError, KeyError, TypeError):
            raise AuthFailure(
                f"POST {self.url} as app {self.credentials.app_id} answered {response.status_code} "
                f"without a token: {response.text[:200]!r}"
            ) from None
        if response.status_code != 200 or not isinstance(token, str) or not token:
            raise AuthFailure(
                f"POST {self.url} as app {self.credentials.app_id} answered {response.status_code}: "
                f"{response.text[:200]!r}"
            )
        lifetime = expires_in if isinstance(expires_in, int) and expires_in > 0 else 60
        grant = Grant(token, started, float(lifetime), self.clock())
        self._grants[token] = grant
        if self.first is None:
            # Kept past its refresh: once its lifetime is over it is the run's known expired token.
            self.first = grant
        return grant

    def _post_with_retries(self) -> httpx.Response:
        """POST the token form; a transport error is retried, and `Unreachable` only when every attempt failed."""
        errors: list[str] = []
        for pause in (*TOKEN_RETRY_PAUSES, None):
            try:
                response = httpx.post(self.url, data=self.form(), timeout=self.timeout)
            except httpx.HTTPError as exc:
                errors.append(describe_transport_error(exc))
                if pause is None:
                    raise Unreachable(f"POST {self.url}: {errors[-1]} ({len(errors)} attempts)") from None
                time.sleep(pause)
                continue
            self.transient_errors.extend(errors)
            return response
        raise AssertionError("unreachable")  # the loop returns or raises


def says_expired(status: int, tokens: TokenProvider, token: str | None) -> bool:
    """Whether a response refuses a token because it expired: a 401 to a token of the run whose announced
    lifetime may be over. Decided by status and the run's own clock; a `message` is each server's own text,
    in any language, and is not read."""
    return status == 401 and token is not None and tokens.may_have_lapsed(token)


def describe_transport_error(exc: BaseException) -> str:
    """A one-line, human description of a network error (refused, timed out, reset)."""
    text = f"{type(exc).__name__}: {exc}".lower()
    for needle, what in (
        ("refused", "connection refused"),
        ("timed out", "timed out"),
        ("timeout", "timed out"),
        ("reset", "connection reset by the server"),
        ("remotedisconnected", "the server closed the connection without answering"),
        ("remote end closed", "the server closed the connection without answering"),
        ("incomplete", "the response was cut off"),
        ("without sending complete", "the response was cut off"),
        ("chunked", "the response was cut off"),
        ("name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
    ):
        if needle in text:
            return what
    return f"{type(exc).__name__}: {str(exc)[:200]}"
