"""Rule-table rows about a request's parameters, its token, its signature and the order of checks."""

from __future__ import annotations

from tests.verify.rule_types import Rule

DESIGN_SIGNATURE = "DESIGN.md § Decisions: Signature"
DESIGN_TOKEN = "DESIGN.md § Decisions: Token"

REQUEST_ROWS: list[Rule] = [
    Rule(
        "token-required",
        "a signed operation without a valid token is 401",
        DESIGN_TOKEN,
        "auth_conformance",
        "ignored-token",
    ),
    Rule(
        "token-expires",
        "a token past its announced lifetime is 401",
        DESIGN_TOKEN,
        "auth_conformance",
        "accepts-expired-token",
    ),
    Rule(
        "sign-checked",
        "a wrong sign, or a parameter changed after signing, is 401",
        DESIGN_SIGNATURE,
        "auth_conformance",
        "unchecked-signature",
    ),
    Rule(
        "invalid-input-refused",
        "a parameter outside its schema is 400",
        "openapi.yaml#/components/responses/BadRequest",
        "negative_data_rejection",
        "accepts-invalid-input",
    ),
]

REQUEST_ROWS.append(
    Rule(
        "sign-accepted",
        "a request signed by the rule, with either algorithm, is not refused",
        "openapi.yaml#/x-signature",
        "acceptance_conformance",
        "refuses-md5-signatures",
    )
)
