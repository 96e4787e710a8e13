"""What `verify` reads from the spec: the operations by role, the signature rule, signed and sandbox-only
operations, and the domain facts (bill retention, body limit).

Nothing here knows about the reference implementation; every fact comes from `openapi.yaml`, so the suite
checks a server against the document and not against another implementation of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import jsonschema

from paycontract.errors import SpecError
from paycontract.roles import BILL, BODY_LIMIT_EXTENSION, PAY_ORDER, RETENTION_EXTENSION, ROLES, TOKEN
from paycontract.signing import SignatureRule
from paycontract.spec import Operation, Parameter, Spec

JSON_MEDIA_TYPE = "application/json"
# Every role but the sandbox's pay, which verify tests only where the spec has it.
NEEDED_ROLES = tuple(role for role in ROLES if role != PAY_ORDER)


@dataclass(frozen=True)
class Contract:
    """The spec, seen as the rules a deployment must honour."""

    spec: Spec
    rule: SignatureRule
    token_operation: Operation
    app_parameter: str
    token_header: str
    by_role: dict[str, Operation]
    bill_retention_days: int
    body_limit: int
    _validators: dict[tuple[str, str], jsonschema.Draft202012Validator] = field(default_factory=dict, repr=False)

    @classmethod
    def from_spec(cls, spec: Spec) -> Contract:
        """Read the contract out of a loaded spec; a spec lacking a role or a fact verify needs raises `SpecError`."""
        rule = SignatureRule.from_spec(spec.signature_rule)
        by_role = spec.role_operations(NEEDED_ROLES, "verify")
        token_op = by_role[TOKEN]
        if token_op.parameter(rule.key) is None:
            raise SpecError(f"{token_op.id} does not take the signing key parameter '{rule.key}'", where=str(spec.path))
        others = [p.name for p in token_op.parameters if p.required and p.name != rule.key]
        if len(others) != 1:
            raise SpecError(f"{token_op.id} must take exactly one app parameter besides '{rule.key}'")
        retention = spec.count_fact(RETENTION_EXTENSION, "verify", by_role[BILL])
        body_limit = spec.count_fact(BODY_LIMIT_EXTENSION, "verify", minimum=1)
        return cls(spec, rule, token_op, others[0], _token_header(spec), by_role, retention, body_limit)

    @property
    def secret_parameter(self) -> str:
        """The form field carrying the app secret on the token operation (the rule's key)."""
        return self.rule.key

    @property
    def base_path(self) -> str:
        """The path of the spec's server URL, e.g. `/v1`."""
        return urlsplit(self.spec.server_url).path.rstrip("/")

    @cached_property
    def by_label(self) -> dict[str, Operation]:
        """Operations keyed by schemathesis' label, `"POST /orders"`."""
        return {f"{op.method} {op.path}": op for op in self.spec.operations}

    @cached_property
    def by_id(self) -> dict[str, Operation]:
        """Operations keyed by `operationId`."""
        return {op.id: op for op in self.spec.operations}

    def resolve(self, operation: Operation | str) -> Operation:
        """`operation` itself, or the operation playing the role `operation` names (KeyError when none does)."""
        return operation if isinstance(operation, Operation) else self.by_role[operation]

    def roles_in(self, operation_ids: set[str]) -> set[str]:
        """The roles of the operations with these ids (operations without a role are left out)."""
        return {op.role for op in self.spec.operations if op.id in operation_ids and op.role is not None}

    def operation_for(self, method: str, path: str) -> Operation | None:
        """The operation behind a schemathesis case (its method and path template)."""
        return self.by_label.get(f"{method.upper()} {path}")

    @cached_property
    def sandbox_only(self) -> tuple[Operation, ...]:
        """Operations marked `x-sandbox-only`."""
        return tuple(op for op in self.spec.operations if op.sandbox_only)

    @cached_property
    def response_schemas(self) -> dict[str, dict[str, Any]]:
        """The resolved schemas of the components, for shape checks (`Order`, `Channel`, `Bill`)."""
        return self.spec.resolved.get("components", {}).get("schemas", {})

    def json_object_fields(self, op: Operation) -> tuple[Parameter, ...]:
        """String parameters that carry a JSON object (`contentMediaType` JSON with an object `contentSchema`)."""
        return tuple(
            p
            for p in op.parameters
            if p.schema.get("contentMediaType") == JSON_MEDIA_TYPE
            and (p.schema.get("contentSchema") or {}).get("type") == "object"
        )

    def is_valid(self, op: Operation, name: str, value: Any) -> bool:
        """Whether `value` (as generated, or as its wire text) satisfies the schema of parameter `name`."""
        key = (op.id, name)
        validator = self._validators.get(key)
        if validator is None:
            param = op.parameter(name)
            validator = jsonschema.Draft202012Validator(param.schema if param else {})
            self._validators[key] = validator
        if validator.is_valid(value):
            return True
        return isinstance(value, str) and _INTEGER.fullmatch(value) is not None and validator.is_valid(int(value))

    def location_of(self, op: Operation, name: str) -> str | None:
        """Where parameter `name` travels for `op` (path, query, body), or None."""
        param = op.parameter(name)
        return param.location if param else None


_INTEGER = re.compile(r"-?[0-9]+")


def _token_header(spec: Spec) -> str:
    schemes = spec.resolved.get("components", {}).get("securitySchemes", {})
    for requirement in spec.resolved.get("security") or []:
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                return str(scheme["name"])
    raise SpecError("the spec's global security must name an apiKey header scheme", where=str(spec.path))
