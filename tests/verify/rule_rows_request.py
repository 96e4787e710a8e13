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

# --- Protocol statuses and the order of checks (DESIGN.md § What the contract leaves to each server) ----------

LEFT_TO_SERVERS = "DESIGN.md § What the contract leaves to each server"
ORDER = f"{LEFT_TO_SERVERS}: order of checks"
RESPONSES = "openapi.yaml#/components/responses"

PROTOCOL_ROWS: list[Rule] = [
    Rule(
        "unknown-path-404",
        "an unknown path is 404 with the error envelope",
        f"{RESPONSES}/NotFound",
        "protocol_conformance",
        "unknown-path-html",
    ),
    Rule(
        "wrong-method-405",
        "a method the path does not take is 405",
        f"{RESPONSES}/MethodNotAllowed",
        "protocol_conformance",
        "wrong-method-404",
    ),
    Rule(
        "accept-406",
        "an Accept header that excludes JSON is 406, on every operation",
        f"{RESPONSES}/NotAcceptable",
        "protocol_conformance",
        "ignores-accept",
    ),
    Rule(
        "body-limit-413",
        "a body over 1 MiB is 413",
        f"{RESPONSES}/PayloadTooLarge",
        "protocol_conformance",
        "no-body-limit",
    ),
    Rule(
        "order-path-before-accept",
        "an unknown path or a wrong method is answered before Accept (404, 405 before 406)",
        ORDER,
        "protocol_conformance",
        "accept-before-routing",
    ),
    Rule(
        "missing-sign-400",
        "a missing or empty sign is a missing parameter: 400, not 401",
        f"{LEFT_TO_SERVERS}: missing or empty sign",
        "refusal_conformance",
        "missing-sign-401",
    ),
    Rule(
        "repeated-parameter-400",
        "a parameter given twice is 400",
        f"{LEFT_TO_SERVERS}: a parameter given twice",
        "refusal_conformance",
        "accepts-duplicates",
    ),
    Rule(
        "order-token-before-sign",
        "a bad token is 401 before a missing sign is 400",
        ORDER,
        "refusal_conformance",
        "signature-before-token",
    ),
    Rule(
        "order-token-before-repeated",
        "a bad token is 401 before a repeated parameter is 400",
        ORDER,
        "refusal_conformance",
        "duplicates-before-token",
    ),
    Rule(
        "order-403-before-parameters",
        "another app's token is 403 before a bad parameter is 400",
        ORDER,
        "refusal_conformance",
        "params-before-403",
    ),
    Rule(
        "order-signature-before-parameters",
        "a wrong signature is 401 before a bad parameter is 400",
        ORDER,
        "refusal_conformance",
        "params-before-signature",
    ),
    Rule(
        "order-parameters-before-state",
        "an invalid path id is 400 before an unknown resource is 404",
        ORDER,
        "refusal_conformance",
        "resource-before-params",
    ),
]
REQUEST_ROWS += PROTOCOL_ROWS
REQUEST_ROWS.append(
    Rule(
        "sign-accepted",
        "a request signed by the rule, with either algorithm, is not refused",
        "openapi.yaml#/x-signature",
        "acceptance_conformance",
        "refuses-md5-signatures",
    )
)

# --- Names, the signature's coverage and another app's token ---------------------------------------------------

REQUEST_ROWS += [
    Rule(
        "unknown-names-ignored",
        "an undeclared parameter with a name of 1–64 of A–Z a–z 0–9 _ is signed and otherwise ignored",
        f"{LEFT_TO_SERVERS}: unknown parameters",
        "acceptance_conformance",
        "refuses-unknown-names",
    ),
    Rule(
        "sign-type-md5", "sign_type 1 is MD5 and is accepted", DESIGN_SIGNATURE, "acceptance_conformance", "md5-refused"
    ),
    Rule(
        "sign-covers-path-id",
        "a path parameter is signed as id=<value>, sorted with the rest",
        "DESIGN.md § Finer points: Ids",
        "acceptance_conformance",
        "path-id-unsigned",
    ),
    Rule(
        "sign-skips-empty",
        "a parameter with an empty value is left out of the signature",
        DESIGN_SIGNATURE,
        "acceptance_conformance",
        "empty-values-signed",
    ),
    Rule(
        "other-apps-token-403",
        "a token of another app than app_id is 403",
        "openapi.yaml#/components/responses/Forbidden",
        "auth_conformance",
        "other-apps-token-401",
    ),
    Rule(
        "order-accept-before-body",
        "an Accept that excludes JSON is 406 before a body over 1 MiB is 413",
        ORDER,
        "protocol_conformance",
        "body-limit-before-accept",
    ),
    Rule(
        "order-body-before-token",
        "a body over 1 MiB is 413 before a missing token is 401",
        ORDER,
        "protocol_conformance",
        "token-before-body-limit",
    ),
    Rule(
        "order-accept-before-token",
        "an Accept that excludes JSON is 406 before a missing token is 401",
        ORDER,
        "protocol_conformance",
        "token-before-accept",
    ),
    Rule(
        "order-app-id-before-403",
        "a malformed app_id is 400 before another app's token is 403",
        ORDER,
        "refusal_conformance",
        "bad-app-id-403",
    ),
    Rule(
        "token-secret-checked",
        "POST /token with a wrong app_secret is 401",
        DESIGN_TOKEN,
        "auth_conformance",
        "token-any-secret",
    ),
    Rule(
        "sign-type-default-2",
        "an absent sign_type means 2 (HMAC-SHA256)",
        DESIGN_SIGNATURE,
        "acceptance_conformance",
        "sign-type-default-md5",
    ),
]
REQUEST_ROWS.append(
    Rule(
        "repeated-across-places-400",
        "a parameter given in two places (a path id again beside the sign, a sign in both body and query) is 400",
        f"{LEFT_TO_SERVERS}: a parameter given twice",
        "refusal_conformance",
        "accepts-duplicates-across-places",
    )
)
REQUEST_ROWS += [
    Rule(
        "malformed-sign-400",
        "a sign that is not 32–64 hex digits is 400 (a malformed parameter), not 401",
        f"{LEFT_TO_SERVERS}: a malformed sign or sign_type",
        "refusal_conformance",
        "malformed-sign-401",
    ),
    Rule(
        "bad-sign-type-400",
        "a sign_type outside the enum is 400, before the signature is compared (401)",
        f"{LEFT_TO_SERVERS}: a malformed sign or sign_type",
        "refusal_conformance",
        "bad-sign-type-401",
    ),
    Rule(
        "missing-app-id-400",
        "a request without app_id is 400 (a missing parameter), not 401",
        f"{LEFT_TO_SERVERS}: missing or empty app_id",
        "refusal_conformance",
        "missing-app-id-401",
    ),
    Rule(
        "empty-app-id-400",
        "a request with an empty app_id is 400 (an empty value is a missing one), not 401 or 403",
        f"{LEFT_TO_SERVERS}: missing or empty app_id",
        "refusal_conformance",
        "empty-app-id-403",
    ),
    Rule(
        "body-utf8-form",
        "a form body whose bytes are not UTF-8 is 400 (or 401), never read with replaced characters and taken",
        "openapi.yaml#/info/x-general-rules/0/text",
        "refusal_conformance",
        "bad-bytes-replaced",
    ),
]
