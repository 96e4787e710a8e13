"""The context a sample template receives: everything decided here, in Python, from the spec.

Templates only loop over these plain dicts and interpolate them through the escaping filters.
`templates/README.md` documents every key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from generator.sample_setup import IdLink, id_links, needs_token, provider_of, setup_collection
from paycontract.errors import SpecError
from paycontract.signing import wire_value
from paycontract.spec import Operation, Parameter, Spec

ENV_PREFIX = "PAYCONTRACT_"
PARAM_ENV_PREFIX = "PAYCONTRACT_PARAM_"
_PATH_PARAM = re.compile(r"\{([^}]+)\}")
_UTC_OFFSET = re.compile(r"UTC\s*([+-]\d{1,2})")
# Where each parameter travels → the name of the collection a sample keeps it in.
COLLECTIONS = {"path": "path", "query": "query", "body": "form"}
_LOOPBACK = ("http://127.0.0.1", "http://localhost", "http://[::1]")
# The x-signature settings the sample templates implement as written; anything else is refused.
_FIXED_RULE = {"sort": "ascii", "skip_empty": True, "array_format": "comma", "output": "upper-hex", "encoding": "UTF-8"}


@dataclass(frozen=True)
class SampleSpec:
    """The spec-wide part of every sample's context, computed once per spec."""

    settings: dict[str, Any]
    token: dict[str, Any] | None
    signature: dict[str, Any]
    credentials: dict[str, str]


def _fail(spec: Spec, ptr: str, message: str) -> SpecError:
    return SpecError(message, where=spec.document.where(ptr))


def sample_base_url(spec: Spec) -> str:
    """The default base URL of the samples: the first loopback server (the sandbox), else the first one."""
    urls = [str(s.get("url", "")) for s in spec.raw.get("servers") or []]
    return next((u for u in urls if u.startswith(_LOOPBACK)), urls[0] if urls else "http://127.0.0.1:8000")


def var_name(name: str) -> str:
    """An identifier for a parameter's value in any language: `app_id` → `APP_ID`, `os-version` → `OS_VERSION`."""
    var = re.sub(r"[^0-9A-Za-z]+", "_", name).upper().strip("_") or "VALUE"
    return var if not var[0].isdigit() else "P_" + var


def env_name(name: str, prefix: str = ENV_PREFIX) -> str:
    """The environment variable for a setting or parameter: `app_id` → `PAYCONTRACT_APP_ID`."""
    return prefix + var_name(name)


def security_header(spec: Spec) -> str | None:
    """The header that carries the access token (the first apiKey-in-header security scheme)."""
    schemes = spec.resolved.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            return str(scheme["name"])
    return None


def token_operation(spec: Spec) -> Operation | None:
    """The unauthenticated operation that takes the signing key (`app_secret`) and returns the token."""
    key = spec.signature_rule.get("key", "app_secret")
    for op in spec.operations:
        if not needs_token(spec, op) and op.parameter(key) is not None:
            return op
    return None


def _path_to(value: Any, key: str) -> list[str] | None:
    if isinstance(value, dict):
        if key in value:
            return [key]
        for name, child in value.items():
            found = _path_to(child, key)
            if found is not None:
                return [name, *found]
    return None


def _token_context(spec: Spec, op: Operation, header: str | None) -> dict[str, Any]:
    field = header or "access_token"
    path = _path_to(op.response_example("200"), field)
    if path is None:
        raise _fail(spec, op.pointer, f"the token operation's 200 example has no '{field}' field")
    return {"operation_id": op.id, "method": op.method, "path_parts": path_parts(op.path), "field_path": path}


def _signature_context(spec: Spec) -> dict[str, Any]:
    rule = spec.signature_rule
    if not rule:
        raise _fail(spec, "", "no x-signature rule: the samples cannot sign requests")
    for name, expected in _FIXED_RULE.items():
        if name in rule and rule[name] != expected:
            message = f"x-signature {name} {rule[name]!r} is not supported by the samples"
            raise _fail(spec, f"/x-signature/{name}", message)
    # The samples keep parameters as name=value pairs (as curl does) and join them with one character.
    separator = rule.get("separator", "&")
    suffix = rule.get("key_suffix", "&key={key}")
    if rule.get("pair_format", "{name}={value}") != "{name}={value}" or len(separator) != 1:
        message = "the samples support only pair_format '{name}={value}' and a 1-character separator"
        raise _fail(spec, "/x-signature", message)
    if not suffix.endswith("{key}"):
        raise _fail(spec, "/x-signature/key_suffix", "x-signature key_suffix must end with '{key}'")
    exclude = list(rule.get("exclude", [rule["parameter"]]))
    if exclude != [rule["parameter"]]:
        raise _fail(spec, "/x-signature/exclude", "x-signature exclude must be exactly the sign parameter")
    algorithms = [
        {"type": str(t), "name": a["name"], "hash": a["hash"], "keyed": bool(a["keyed"])}
        for t, a in rule["algorithms"].items()
    ]
    return {
        "description": str(rule.get("description", "")).strip(),
        "parameter": rule["parameter"],
        "type_parameter": rule["type_parameter"],
        "default_type": str(rule["default_type"]),
        "algorithms": algorithms,
        "separator": separator,
        "pair_joiner": "=",
        "key_prefix": suffix[: -len("{key}")],
        "key": rule.get("key", "app_secret"),
        "type_summary": ", ".join(f"{a['type']}: {a['name']}" for a in algorithms),
    }


def sample_spec(spec: Spec) -> SampleSpec:
    """The spec-wide context: settings from the environment, the token call, the signature rule."""
    signature = _signature_context(spec)
    token_op = token_operation(spec)
    credentials: dict[str, str] = {}
    if token_op is not None:
        for p in token_op.parameters:
            if p.example is not None:
                credentials[p.name] = wire_value(p.example)
    elif any(needs_token(spec, op) for op in spec.operations):
        raise _fail(spec, "/paths", f"no unauthenticated operation takes '{signature['key']}' to issue tokens")
    if signature["key"] not in credentials:
        raise _fail(spec, "/x-signature/key", f"no example value for the signing key '{signature['key']}'")
    base_url = sample_base_url(spec)
    settings = {
        "base_url": {"name": "base_url", "var": "BASE_URL", "env": env_name("base_url"), "default": base_url},
        "credentials": [
            {"name": n, "var": var_name(n), "env": env_name(n), "default": v} for n, v in credentials.items()
        ],
    }
    signature["secret_var"] = var_name(signature["key"])
    header = security_header(spec)
    token = None if token_op is None else {**_token_context(spec, token_op, header), "header": header}
    return SampleSpec(settings=settings, token=token, signature=signature, credentials=credentials)


def path_parts(path: str) -> list[dict[str, str | None]]:
    """`/channels/{id}` → [{"text": "/channels/", "param": None, …}, {"text": None, "param": "id", "var": "ID"}]."""
    parts: list[dict[str, str | None]] = []
    pos = 0
    for match in _PATH_PARAM.finditer(path):
        if match.start() > pos:
            parts.append({"text": path[pos : match.start()], "param": None, "var": None})
        parts.append({"text": None, "param": match.group(1), "var": var_name(match.group(1))})
        pos = match.end()
    if pos < len(path):
        parts.append({"text": path[pos:], "param": None, "var": None})
    return parts


def utc_offset_hours(spec: Spec, param: Parameter) -> int:
    """The UTC offset a date parameter is counted in, read from its description (`UTC+8`), else the API's."""
    for text in (param.schema.get("description", ""), param.description, spec.raw.get("info", {}).get("description")):
        match = _UTC_OFFSET.search(str(text or ""))
        if match:
            return int(match.group(1))
    return 0


def _wire_example(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return wire_value(value)


def _param_context(spec: Spec, op: Operation, p: Parameter, ctx: SampleSpec, links: Links) -> dict[str, Any]:
    item: dict[str, Any] = {"name": p.name, "location": p.location, "kind": "literal", "var": var_name(p.name)}
    item["wire"] = _wire_example(p.example)
    if p.name in ctx.credentials:
        item.update(kind="credential", env=env_name(p.name), wire=ctx.credentials[p.name])
    elif p.schema.get("format") == "date":
        offset = utc_offset_hours(spec, p)
        item.update(kind="today", env=env_name(p.name, PARAM_ENV_PREFIX), utc_offset_hours=offset)
        item["posix_tz"] = f"UTC{-offset:+d}" if offset else "UTC0"
    elif (op.id, p.name) in links:
        item.update(kind="created", env=env_name(p.name, PARAM_ENV_PREFIX))
    elif p.location == "path":
        item.update(kind="live", env=env_name(p.name, PARAM_ENV_PREFIX))
    elif p.name == ctx.signature["type_parameter"]:
        item["kind"] = "sign_type"
    return item


Links = dict[tuple[str, str], IdLink]


def _sent_params(spec: Spec, op: Operation, ctx: SampleSpec, links: Links, required_only: bool = False) -> list:
    """The parameters a sample of `op` sends, `sign` left out (it is computed), in spec order.

    `required_only` (a setup request): the required ones, and the signature type when the example names one.
    """
    params = []
    for p in op.parameters:
        optional = not p.required and p.name != ctx.signature["type_parameter"]
        if p.name == ctx.signature["parameter"] or p.location == "header" or (required_only and optional):
            continue
        if p.example is None and p.name not in ctx.credentials:
            if p.required:
                raise _fail(spec, p.pointer, f"required parameter '{p.name}' of {op.id} has no example")
            continue
        params.append(_param_context(spec, op, p, ctx, links))
    return params


def _sign_in(op: Operation, ctx: SampleSpec) -> str | None:
    """The collection `sign` is added to, or None when the operation is not signed."""
    sign_param = op.parameter(ctx.signature["parameter"])
    return COLLECTIONS[sign_param.location] if op.signed and sign_param is not None else None


def _setup_context(spec: Spec, op: Operation, item: dict[str, Any], ctx: SampleSpec, links: Links) -> dict[str, Any]:
    """The request that creates a `created` parameter's data when its environment variable is unset."""
    link = links[(op.id, item["name"])]
    provider = provider_of(spec, op, link)
    params = _sent_params(spec, provider, ctx, links, required_only=True)
    sign_in = _sign_in(provider, ctx)
    collection = setup_collection(spec, op, link, params, sign_in)
    request = {
        "id": provider.id,
        "summary": provider.summary,
        "method": provider.method,
        "path": provider.path,
        "path_parts": path_parts(provider.path),
        "needs_token": needs_token(spec, provider),
        "signed": sign_in is not None,
        "collection": collection,
        "params": params,
        "has_query": collection == "query",
        "has_body": collection == "form",
        "sign_type": next((p["wire"] for p in params if p["kind"] == "sign_type"), None),
    }
    fields = list(link.field_path)
    return {"name": item["name"], "var": item["var"], "env": item["env"], "field_path": fields, "op": request}


def operation_context(spec: Spec, op: Operation, ctx: SampleSpec, links: Links | None = None) -> dict[str, Any]:
    """One operation's context: its request line and its parameters as wire strings, in spec order."""
    links = id_links(spec) if links is None else links
    params = _sent_params(spec, op, ctx, links)
    sign_in = _sign_in(op, ctx)
    collections = [
        {"name": name, "params": [p for p in params if p["location"] == location]}
        for location, name in COLLECTIONS.items()
    ]
    collections = [
        c for c in collections if c["params"] or c["name"] == sign_in or (c["name"] == "form" and op.body_media_type)
    ]
    sign_type = next((p["wire"] for p in params if p["kind"] == "sign_type"), None)
    return {
        "id": op.id,
        "summary": op.summary,
        "method": op.method,
        "path": op.path,
        "path_parts": path_parts(op.path),
        "needs_token": needs_token(spec, op),
        "signed": sign_in is not None,
        "sandbox_only": op.sandbox_only,
        "params": params,
        "collections": collections,
        "sign_in": sign_in,
        "has_path": any(c["name"] == "path" for c in collections),
        "has_query": any(c["name"] == "query" for c in collections),
        "has_body": any(c["name"] == "form" for c in collections),
        "content_type": op.body_media_type,
        "sign_type": sign_type,
        "uses_today": any(p["kind"] == "today" for p in params),
        "live_env": [p["env"] for p in params if p["kind"] == "live"],
        "setups": [_setup_context(spec, op, p, ctx, links) for p in params if p["kind"] == "created"],
    }


def sample_contexts(spec: Spec) -> list[dict[str, Any]]:
    """The template context of every operation's sample, in spec order (language-independent)."""
    ctx = sample_spec(spec)
    links = id_links(spec)
    return [
        {
            "op": operation_context(spec, op, ctx, links),
            "settings": ctx.settings,
            "token": ctx.token,
            "signature": ctx.signature,
        }
        for op in spec.operations
    ]
