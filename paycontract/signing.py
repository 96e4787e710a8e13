"""The request signature, computed from the spec's machine-readable rule (`x-signature`).

Parameters are `(name, value)` pairs exactly as they travel on the wire (after percent-decoding):
an array such as `ids` is its comma-joined string, a path parameter is `("id", value)`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Pairs = Iterable[tuple[str, str]]
# Stands for the secret wherever a string to sign is shown to a person.
MASK = "***"


@dataclass(frozen=True)
class Algorithm:
    """One `sign_type`: a hashlib digest name, keyed (HMAC) or not."""

    name: str
    hash: str
    keyed: bool


@dataclass(frozen=True)
class SignatureRule:
    """How a request is signed; built from `x-signature` by `SignatureRule.from_spec`."""

    parameter: str
    type_parameter: str
    default_type: int
    exclude: frozenset[str]
    skip_empty: bool
    pair_format: str
    separator: str
    key_suffix: str
    key: str
    algorithms: Mapping[int, Algorithm]

    @classmethod
    def from_spec(cls, rule: Mapping[str, Any]) -> SignatureRule:
        """Read the rule from a spec's `x-signature` mapping."""
        return cls(
            parameter=rule["parameter"],
            type_parameter=rule["type_parameter"],
            default_type=int(rule["default_type"]),
            exclude=frozenset(rule.get("exclude", [rule["parameter"]])),
            skip_empty=bool(rule.get("skip_empty", True)),
            pair_format=rule.get("pair_format", "{name}={value}"),
            separator=rule.get("separator", "&"),
            key_suffix=rule.get("key_suffix", "&key={key}"),
            key=rule.get("key", "app_secret"),
            algorithms={
                int(k): Algorithm(name=v["name"], hash=v["hash"], keyed=bool(v["keyed"]))
                for k, v in rule["algorithms"].items()
            },
        )

    def string_to_sign(self, params: Pairs, secret: str) -> str:
        """The canonical string: kept pairs sorted by name (ASCII), joined, then the key suffix."""
        kept = [
            (name, value)
            for name, value in params
            if name not in self.exclude and not (self.skip_empty and value == "")
        ]
        # Code-point order is UTF-8 byte order: the ASCII order the rule asks for, total for non-ASCII names.
        kept.sort()
        joined = self.separator.join(self.pair_format.format(name=n, value=v) for n, v in kept)
        return joined + self.key_suffix.format(key=secret)

    def shown(self, params: Pairs) -> str:
        """The string to sign as it may be shown to a person: the secret replaced by `MASK` (`…&key=***`)."""
        return self.string_to_sign(params, MASK)

    def algorithm(self, sign_type: str | int | None) -> Algorithm:
        """The algorithm for a `sign_type` value as sent (absent or empty means the default)."""
        if sign_type is None or sign_type == "":
            return self.algorithms[self.default_type]
        return self.algorithms[int(sign_type)]

    def sign(self, params: Pairs, secret: str, sign_type: str | int | None = None) -> str:
        """The `sign` value for these parameters: uppercase hex of the chosen algorithm."""
        message = self.string_to_sign(params, secret).encode("utf-8")
        algorithm = self.algorithm(sign_type)
        if algorithm.keyed:
            return hmac.digest(secret.encode("utf-8"), message, algorithm.hash).hex().upper()
        return hashlib.new(algorithm.hash, message).hexdigest().upper()

    def sign_pairs(self, params: Pairs, secret: str) -> str:
        """Sign pairs that may carry their own `sign_type` (taken from the pairs themselves)."""
        pairs = list(params)
        sign_type = next((v for n, v in pairs if n == self.type_parameter), None)
        return self.sign(pairs, secret, sign_type)


def wire_value(value: Any) -> str:
    """How a Python value is written on the wire: lists comma-joined, booleans lowercase."""
    if isinstance(value, (list, tuple)):
        return ",".join(wire_value(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)
