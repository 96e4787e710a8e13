"""The `contract` target: the reference server's route table and parameter rules, as plain data.

`build_context` reads the spec into plain dicts (one per operation, one per parameter, only the
schema keywords the server enforces); the template writes them out as a readable Python module.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from paycontract.facts import domain_facts
from paycontract.spec import Operation, Parameter, Spec

OUTPUT = "reference_impl/contract.py"
TEMPLATE = "contract/contract.py.j2"

# Schema keywords the server enforces, in the order they are written out.
RULE_KEYWORDS = (
    "type",
    "format",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "default",
    "contentMediaType",
)
SIGNATURE_KEYS = (
    "parameter",
    "type_parameter",
    "default_type",
    "sources",
    "exclude",
    "skip_empty",
    "sort",
    "pair_format",
    "separator",
    "array_format",
    "key_suffix",
    "key",
    "encoding",
    "output",
    "algorithms",
)


def schema_rules(schema: dict[str, Any]) -> dict[str, Any]:
    """The enforceable part of a parameter schema: the keywords above, `items`, and the content schema's type."""
    rules = {key: schema[key] for key in RULE_KEYWORDS if key in schema}
    if isinstance(schema.get("items"), dict):
        rules["items"] = schema_rules(schema["items"])
    content_schema = schema.get("contentSchema")
    if isinstance(content_schema, dict) and "type" in content_schema:
        rules["contentType"] = content_schema["type"]
    return rules


def parameter_rules(parameter: Parameter) -> dict[str, Any]:
    """One parameter as the server checks it: name, location, required, then its schema rules."""
    return {
        "name": parameter.name,
        "in": parameter.location,
        "required": parameter.required,
        **schema_rules(parameter.schema),
    }


def auth_header(spec: Spec, operation: Operation) -> str | None:
    """The header that carries the token for this operation, or None when it needs no token."""
    requirements = operation.raw.get("security", spec.resolved.get("security", []))
    schemes = spec.resolved.get("components", {}).get("securitySchemes", {})
    for requirement in requirements or []:
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                return str(scheme["name"])
    return None


def operation_context(spec: Spec, operation: Operation) -> dict[str, Any]:
    """One operation as plain data: how it is routed, authenticated, signed, and what it accepts."""
    return {
        "operation_id": operation.id,
        "role": operation.role,
        "method": operation.method,
        "path": operation.path,
        "auth_header": auth_header(spec, operation),
        "signed": operation.signed,
        "sandbox_only": operation.sandbox_only,
        "body_media_type": operation.body_media_type,
        "parameters": [parameter_rules(p) for p in operation.parameters],
    }


def build_context(spec: Spec) -> dict[str, Any]:
    """Everything the contract template needs, as plain data."""
    rule = spec.signature_rule
    return {
        "spec_title": str(spec.raw.get("info", {}).get("title", "")),
        "spec_version": spec.version,
        "base_path": "/" + spec.server_url.split("://", 1)[-1].partition("/")[2].strip("/"),
        "signature": {key: rule[key] for key in SIGNATURE_KEYS if key in rule},
        "facts": domain_facts(spec, "the reference server's contract layer"),
        "operations": [operation_context(spec, op) for op in spec.operations],
    }


def render(spec: Spec, env: Environment) -> dict[str, str]:
    """Render `reference_impl/contract.py`."""
    return {OUTPUT: env.get_template(TEMPLATE).render(**build_context(spec))}
