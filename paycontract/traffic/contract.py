"""What the traffic checks read from the spec: operations matched by path and known by role (`x-role`),
response schemas, the signature rule, the token header. A spec that lacks one of them is a `SpecError` (one
line, exit 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema

from paycontract.errors import SpecError
from paycontract.roles import BILL, RETENTION_EXTENSION, ROLES
from paycontract.signing import SignatureRule
from paycontract.spec import Operation, Spec

JSON = "application/json"
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class Route:
    """An operation matched by a request: the operation and its path parameters (percent-decoded)."""

    operation: Operation
    path_params: tuple[tuple[str, str], ...]


@dataclass
class TrafficContract:
    """The spec as the rules each exchange is held to."""

    spec: Spec
    rule: SignatureRule
    token_header: str
    base_path: str
    by_role: dict[str, Operation]
    bill_retention_days: int
    _validators: dict[tuple[str, ...], jsonschema.Draft202012Validator] = field(default_factory=dict, repr=False)

    @classmethod
    def from_spec(cls, spec: Spec, needed_by: str = "the traffic checks") -> TrafficContract:
        """Read the rules out of a loaded spec; a missing piece raises `SpecError` saying `needed_by` needs it."""
        if not spec.signature_rule:
            message = f"the spec has no x-signature, the signing rule; {needed_by} needs it"
            raise SpecError(message, where=str(spec.path))
        by_role = spec.role_operations(ROLES, needed_by)
        retention = spec.count_fact(RETENTION_EXTENSION, needed_by, by_role[BILL])
        base = urlsplit(spec.server_url).path.rstrip("/")
        return cls(spec, SignatureRule.from_spec(spec.signature_rule), _token_header(spec), base, by_role, retention)

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], str, list[Operation]]]:
        table: dict[str, list[Operation]] = {}
        for op in self.spec.operations:
            table.setdefault(op.path, []).append(op)
        compiled = []
        for template, ops in table.items():
            regex = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.base_path + template))
            compiled.append((re.compile(regex + "$"), template, ops))
        return compiled

    def route(self, method: str, path: str) -> Route | None:
        """The operation for a method and a raw path (under the base path), or None."""
        for regex, _template, ops in self._patterns:
            match = regex.match(path)
            if match:
                op = next((o for o in ops if o.method == method.upper()), None)
                if op is None:
                    return None
                params = tuple((name, unquote(value)) for name, value in match.groupdict().items())
                return Route(op, params)
        return None

    def path_known(self, path: str) -> bool:
        """Whether some operation has this path (whatever the method)."""
        return any(regex.match(path) for regex, _t, _o in self._patterns)

    def response_validator(self, op: Operation, status: int) -> jsonschema.Draft202012Validator | None:
        """The JSON schema validator of `op`'s response `status` (or `default`), or None if undeclared."""
        key = (op.id, str(status))
        if key not in self._validators:
            response = op.responses.get(str(status)) or op.responses.get("default")
            schema = ((response or {}).get("content") or {}).get(JSON, {}).get("schema")
            self._validators[key] = jsonschema.Draft202012Validator(schema) if schema is not None else None
        return self._validators[key]

    def parameter_valid(self, op: Operation, name: str, value: str) -> bool:
        """Whether a parameter's wire text satisfies its schema (integers as numbers, arrays comma-split)."""
        param = op.parameter(name)
        if param is None:
            return True
        key = (op.id, "param", name)
        if key not in self._validators:
            self._validators[key] = jsonschema.Draft202012Validator(param.schema)
        return self._validators[key].is_valid(_typed(param.schema, value))


def _typed(schema: dict[str, Any], value: str) -> Any:
    kind = schema.get("type")
    if kind == "array":
        return [_typed(schema.get("items") or {}, part) for part in value.split(",")]
    if kind == "integer" and _INTEGER.fullmatch(value):
        return int(value)
    return value


def _token_header(spec: Spec) -> str:
    """The header of the apiKey scheme the spec's global security names (lowercase)."""
    schemes = spec.resolved.get("components", {}).get("securitySchemes", {})
    named = (schemes.get(name, {}) for requirement in spec.resolved.get("security") or [] for name in requirement)
    header = next((s["name"] for s in named if s.get("type") == "apiKey" and s.get("in") == "header"), None)
    if header is None:
        raise SpecError("the spec's global security must name an apiKey header scheme", where=str(spec.path))
    return str(header).lower()
