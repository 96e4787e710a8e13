"""The context of `templates/docs/api.md.j2`: the whole Slate reference, decided here from the spec."""

from __future__ import annotations

import json
from typing import Any

from generator.docs_rules import check_order, general_rules, sandbox_context
from generator.languages import LANGUAGES
from generator.sample_context import needs_token, sample_contexts, token_operation
from paycontract.history import changelog_entries
from paycontract.schema_tables import describe, response_tables, slate_type
from paycontract.signing import SignatureRule
from paycontract.slate import fenced
from paycontract.spec import Operation, Spec

OTHER_TAG = "其他接口"


def changelog(spec: Spec) -> list[dict[str, Any]]:
    """The 变更历史, newest release first: each `{version, date, changes: [{kind, text}]}`.

    `kind` is "breaking" or "non-breaking". Built from the released specs in `specs/releases/` and
    the current spec (see `paycontract.history`).
    """
    return changelog_entries(spec)


def code_tabs(samples: dict[str, str], keys: list[str]) -> str:
    """The code tabs of one operation: a fenced block per language key, in order, a blank line apart."""
    return "\n".join(fenced(samples[key], key) for key in keys if key in samples)


def operations_in_file_order(spec: Spec) -> list[Operation]:
    """Operations in the order they are written in the spec (the order readers of the YAML see)."""
    return sorted(spec.operations, key=lambda op: spec.document.line_of(op.pointer))


def _param_rows(op: Operation) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    required, optional = [], []
    for p in op.parameters:
        if p.location == "header":
            continue
        row = {"name": p.name, "type": slate_type(p.schema), "description": describe(p.schema, p.description)}
        (required if p.required or p.location == "path" else optional).append(row)
    return required, optional


def _operation_errors(op: Operation) -> list[dict[str, str]]:
    """The error statuses an operation declares, with their meanings, in status order."""
    codes = sorted((code for code in op.responses if code.isdigit() and int(code) >= 400), key=int)
    return [{"code": code, "description": str(op.responses[code].get("description", ""))} for code in codes]


def _operation(spec: Spec, op: Operation, samples: dict[str, str], tab_keys: list[str]) -> dict[str, Any]:
    required, optional = _param_rows(op)
    media = op.responses.get("200", {}).get("content", {}).get("application/json", {})
    example = op.response_example("200")
    return {
        "id": op.id,
        "summary": op.summary,
        "description": op.description.strip(),
        "method": op.method,
        "path": op.path,
        "url": spec.server_url + op.path,
        "tabs": code_tabs(samples, tab_keys),
        "example": None if example is None else json.dumps(example, ensure_ascii=False, indent=4),
        "required": required,
        "optional": optional,
        "responses": response_tables(media.get("schema") or {}) if media else [],
        "errors": _operation_errors(op),
    }


def _signing_example(spec: Spec) -> dict[str, Any] | None:
    """A worked example of the rule over the first signed operation's sample parameters."""
    rule = SignatureRule.from_spec(spec.signature_rule)
    contexts = {c["op"]["id"]: c for c in sample_contexts(spec)}
    for context in (contexts[op.id] for op in operations_in_file_order(spec)):
        op = context["op"]
        if op["signed"]:
            pairs = [(p["name"], p["wire"]) for p in op["params"]]
            secret = next(c["default"] for c in context["settings"]["credentials"] if c["name"] == rule.key)
            algorithm = rule.algorithm(op["sign_type"])
            return {
                "operation": op["summary"],
                "string_to_sign": rule.string_to_sign(pairs, secret),
                "sign": rule.sign(pairs, secret, op["sign_type"]),
                "algorithm": algorithm.name,
            }
    return None


def _flow(spec: Spec) -> list[dict[str, Any]]:
    """功能时序图 steps: the token call, then each operation with the calls its links lead to."""
    ops = operations_in_file_order(spec)
    by_id = {op.id: op for op in ops}
    token_op = token_operation(spec)
    steps = [] if token_op is None else [{"op": token_op, "then": []}]
    targets = set()
    for op in ops:
        links = [link for response in op.responses.values() for link in (response.get("links") or {}).values()]
        then = [{"op": by_id[ln["operationId"]], "description": ln.get("description", "")} for ln in links]
        if then:
            targets |= {t["op"].id for t in then}
            steps.append({"op": op, "then": then})
    chained = {s["op"].id for s in steps} | targets
    steps += [{"op": op, "then": []} for op in ops if op.id not in chained and needs_token(spec, op)]
    return steps


def _requirements(spec: Spec) -> list[dict[str, Any]]:
    """系统需求: label, value and sub-items (the servers), all read from the spec."""
    media = sorted({op.body_media_type for op in spec.operations if op.body_media_type})
    responses = sorted({m for op in spec.operations for r in op.responses.values() for m in (r.get("content") or {})})
    schemes = spec.resolved.get("components", {}).get("securitySchemes", {})
    servers = [{"label": s.get("description", ""), "value": f"`{s['url']}`"} for s in spec.raw.get("servers") or []]
    rows = [{"label": "基础地址", "value": "", "items": servers}]
    rows.append({"label": "请求体编码", "value": "、".join(f"`{m}`" for m in media), "items": []})
    rows.append({"label": "响应格式", "value": "、".join(f"`{m}`" for m in responses), "items": []})
    rows.append({"label": "字符编码", "value": str(spec.signature_rule.get("encoding", "UTF-8")), "items": []})
    for scheme in schemes.values():
        where = f"{'请求头' if scheme.get('in') == 'header' else scheme.get('in', '')} `{scheme.get('name', '')}`"
        rows.append({"label": "认证", "value": str(scheme.get("description") or where), "items": []})
    return rows


def _errors(spec: Spec) -> list[dict[str, str]]:
    rows = []
    for response in (spec.resolved.get("components", {}).get("responses") or {}).values():
        example = (response.get("content") or {}).get("application/json", {}).get("example") or {}
        if isinstance(example.get("code"), int):
            rows.append({"code": str(example["code"]), "description": response.get("description", "")})
    return sorted(rows, key=lambda row: int(row["code"]))


def docs_context(spec: Spec, samples: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Everything `docs/api.md.j2` renders; `samples` is {operationId: {language key: text}}."""
    info = spec.raw.get("info", {})
    tab_keys = list(LANGUAGES)
    token_op = token_operation(spec)
    tags = [{"name": t["name"], "description": t.get("description", "").strip()} for t in spec.raw.get("tags", [])]
    sections = {t["name"]: {**t, "operations": [], "signature": False} for t in tags}
    for op in operations_in_file_order(spec):
        name = op.tags[0] if op.tags else OTHER_TAG
        section = sections.setdefault(name, {"name": name, "description": "", "operations": [], "signature": False})
        section["operations"].append(_operation(spec, op, samples.get(op.id, {}), tab_keys))
        section["signature"] |= token_op is not None and op.id == token_op.id
    signature = spec.signature_rule
    rules = general_rules(spec)
    return {
        "title": info.get("title", ""),
        "summary": info.get("summary", ""),
        "description": str(info.get("description", "")).strip(),
        "language_tabs": [{"key": lang.key, "label": lang.label} for lang in LANGUAGES.values()],
        "requirements": _requirements(spec),
        "rules": rules,
        "check_order": check_order(rules),
        "sandbox": sandbox_context(spec),
        "flow": [
            {
                "summary": s["op"].summary,
                "request": f"{s['op'].method} {s['op'].path}",
                "then": [
                    {"summary": t["op"].summary, "request": f"{t['op'].method} {t['op'].path}", "why": t["description"]}
                    for t in s["then"]
                ],
            }
            for s in _flow(spec)
        ],
        "signature": {"description": str(signature.get("description", "")).strip(), "example": _signing_example(spec)},
        "sections": [s for s in sections.values() if s["operations"]],
        "errors": _errors(spec),
        "changelog": changelog(spec),
    }
