"""A small signed client for the payment API, for tests and benchmarks against any deployment.

It fetches a token, signs requests with `paycontract.signing` (the spec's own rule) and encodes
parameters the way the API expects: a query string for GET/DELETE, a URL-encoded form for POST.
It never imports `reference_impl`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from paycontract.paths import default_spec_path
from paycontract.signing import SignatureRule, wire_value
from paycontract.spec import load_spec

Params = Mapping[str, Any] | Sequence[tuple[str, Any]]
FORM = "application/x-www-form-urlencoded"
BODY_METHODS = ("POST", "PUT", "PATCH")


@cache
def signature_rule() -> SignatureRule:
    """The project spec's signature rule."""
    return SignatureRule.from_spec(load_spec(default_spec_path()).signature_rule)


def wire_pairs(params: Params) -> list[tuple[str, str]]:
    """Parameters as (name, wire string) pairs; None values are left out, lists comma-joined."""
    items = params.items() if isinstance(params, Mapping) else params
    return [(str(name), wire_value(value)) for name, value in items if value is not None]


def sign_pairs(pairs: Iterable[tuple[str, str]], secret: str) -> str:
    """The `sign` of these wire pairs (their own `sign_type`, if any, picks the algorithm)."""
    return signature_rule().sign_pairs(list(pairs), secret)


@dataclass(frozen=True)
class PreparedRequest:
    """A request ready to be sent by any HTTP client."""

    method: str
    url: str
    headers: dict[str, str]
    content: bytes | None

    def send(self, client: httpx.Client) -> httpx.Response:
        """Send with a synchronous httpx client."""
        return client.request(self.method, self.url, headers=self.headers, content=self.content)

    async def send_async(self, client: httpx.AsyncClient) -> httpx.Response:
        """Send with an asynchronous httpx client."""
        return await client.request(self.method, self.url, headers=self.headers, content=self.content)


def prepare(
    base_url: str,
    method: str,
    path: str,
    params: Params = (),
    *,
    secret: str | None = None,
    token: str | None = None,
    path_params: Mapping[str, str] | None = None,
    sign: bool = True,
    headers: Mapping[str, str] | None = None,
    in_query: bool | None = None,
) -> PreparedRequest:
    """Build a signed request: `path` may hold `{name}` placeholders filled (and signed) from `path_params`.

    Parameters go in the query string for GET/DELETE and in a form body otherwise (`in_query` forces it).
    """
    method = method.upper()
    pairs = wire_pairs(params)
    path_pairs = [(name, str(value)) for name, value in (path_params or {}).items()]
    if sign and secret is not None:
        pairs.append(("sign", sign_pairs([*path_pairs, *pairs], secret)))
    for name, value in path_pairs:
        path = path.replace("{" + name + "}", quote(value, safe=""))
    all_headers = dict(headers or {})
    if token is not None:
        all_headers.setdefault("access_token", token)
    encoded = urlencode(pairs)
    query = in_query if in_query is not None else method not in BODY_METHODS
    url = base_url.rstrip("/") + path
    if query:
        return PreparedRequest(method, url + ("?" + encoded if encoded else ""), all_headers, None)
    all_headers.setdefault("content-type", FORM)
    return PreparedRequest(method, url, all_headers, encoded.encode("utf-8"))


@dataclass
class SignedClient:
    """One app's view of a deployment: token fetched on first use, every request signed."""

    base_url: str
    app_id: int
    app_secret: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0))
    _token: str | None = None

    def fetch_token(self) -> httpx.Response:
        """`POST /token` with this app's credentials (unsigned, as the spec says)."""
        data = {"app_id": self.app_id, "app_secret": self.app_secret}
        return prepare(self.base_url, "POST", "/token", data, sign=False).send(self.http)

    @property
    def token(self) -> str:
        """A valid access token (fetched once)."""
        if self._token is None:
            response = self.fetch_token()
            response.raise_for_status()
            self._token = response.json()["data"]["access_token"]
        return self._token

    def prepare(self, method: str, path: str, params: Params = (), **kwargs: Any) -> PreparedRequest:
        """A signed request of this app (`app_id` is added unless given); see `prepare`."""
        pairs = wire_pairs(params)
        if not any(name == "app_id" for name, _ in pairs) and kwargs.pop("add_app_id", True):
            pairs.insert(0, ("app_id", str(self.app_id)))
        kwargs.setdefault("token", self.token)
        kwargs.setdefault("secret", self.app_secret)
        return prepare(self.base_url, method, path, pairs, **kwargs)

    def call(self, method: str, path: str, params: Params = (), **kwargs: Any) -> httpx.Response:
        """Send a signed request and return the response."""
        return self.prepare(method, path, params, **kwargs).send(self.http)

    def ok(self, method: str, path: str, params: Params = (), **kwargs: Any) -> Any:
        """Send a signed request that must succeed; return its envelope."""
        response = self.call(method, path, params, **kwargs)
        assert response.status_code == 200, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self.http.close()

    def __enter__(self) -> SignedClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
