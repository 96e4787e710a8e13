"""Signature verification: recompute `sign` over the parameters exactly as sent and compare in constant time.

The rule is the spec's (`SIGNATURE` in the generated contract), applied by `paycontract.signing`, so
the server and every client share one implementation of the canonical string.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any

from paycontract.signing import SignatureRule
from reference_impl.errors import ApiError, bad_parameter, missing_parameter

HEX = re.compile(r"[0-9A-Fa-f]{32,128}")
MASK = "***"  # stands for the secret in a debugging message


class SignatureVerifier:
    """Checks the `sign` of a request against an app's secret."""

    def __init__(self, rule: Mapping[str, Any], *, sandbox: bool = False) -> None:
        self.rule = SignatureRule.from_spec(rule)
        # Only a sandbox says which string it signed (secret masked): debugging help, never in production.
        self.sandbox = sandbox
        self.parameter = self.rule.parameter
        self.type_parameter = self.rule.type_parameter

    def verify(self, pairs: Iterable[tuple[str, str]], sent: Mapping[str, str], secret: str) -> None:
        """401 unless `sent[sign]` is the signature of `pairs` (path, query and body, as sent) with `secret`.

        `sign` and `sign_type` must already have been validated (a missing or malformed one is a 400, before
        the signature is compared); the checks here only keep a caller that forgot from comparing garbage.
        """
        signature = sent.get(self.parameter, "")
        if not signature:
            raise missing_parameter(self.parameter)
        if not HEX.fullmatch(signature):
            raise bad_parameter(self.parameter, "must be a hexadecimal signature")
        expected = self.rule.sign(pairs, secret, sent.get(self.type_parameter) or None)
        if not hmac.compare_digest(signature.upper().encode("ascii"), expected.encode("ascii")):
            raise ApiError(401, self.mismatch_message(pairs))

    def mismatch_message(self, pairs: Iterable[tuple[str, str]]) -> str:
        """The 401 message of a wrong `sign`; on the sandbox it adds the string signed, secret masked."""
        message = f"invalid {self.parameter}: it does not match the parameters as sent"
        if not self.sandbox:
            return message
        return f"{message}; the sandbox signed: {self.rule.string_to_sign(pairs, MASK)}"
