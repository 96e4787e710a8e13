"""The change history of one version as readers want it: grouped by operation, noticed changes only.

Changes no client notices (`Rule.noticed` is False: prose, a bound that restates the format) are
left out. Document-wide changes (servers, security, the signature rule) form the first group, the
operations added or removed the second; then one group per operation, in the order the diff reports
them, titled with the operation's summary.
Inside a group breaking changes come first, each line worded by `paycontract.wording`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from paycontract.diff import RULES, Change
from paycontract.wording import sentence, show_value

DOCUMENT_GROUP = "通用（服务器、鉴权与签名）"
OPERATIONS_GROUP = "新增与删除的接口"
# Stand-ins for the values while lines that differ only in one value are matched up.
_OLD, _NEW = "\x00old\x00", "\x00new\x00"


def noticed(changes: Iterable[Change]) -> list[Change]:
    """The changes a client would notice."""
    return [c for c in changes if RULES[c.rule].noticed]


def group_title(operation: str, summaries: Mapping[str, str]) -> str:
    """`订单创建（`POST /orders`）`, or the document group's title for no operation."""
    if not operation:
        return DOCUMENT_GROUP
    summary = summaries.get(operation, "")
    return f"{summary}（`{operation}`）" if summary else f"`{operation}`"


def _varying(pattern: str) -> str:
    """Which value a worded line shows, when it shows exactly one ("old" or "new"), else ""."""
    has_old, has_new = _OLD in pattern, _NEW in pattern
    return "old" if has_old and not has_new else "new" if has_new and not has_old else ""


def change_lines(changes: Iterable[Change]) -> list[dict[str, str]]:
    """One `{kind, text}` per change, breaking first; changes worded alike but for their one value share a line."""
    merged: dict[tuple[str, ...], tuple[Change, str, list[Any]]] = {}
    for index, change in enumerate(sorted(changes, key=lambda c: not c.breaking)):
        pattern = sentence(change, _OLD, _NEW)
        varying = _varying(pattern)
        key = (change.kind, pattern) if varying else (change.kind, pattern, str(index))
        _, _, values = merged.setdefault(key, (change, varying, []))
        values.append(getattr(change, varying) if varying else None)
    return [
        {"kind": change.kind, "text": sentence(change, **({varying: show_value(values)} if varying else {}))}
        for change, varying, values in merged.values()
    ]


def _operations_line(change: Change, summaries: Mapping[str, str]) -> dict[str, str]:
    return {"kind": change.kind, "text": f"{sentence(change)}：{group_title(change.operation, summaries)}"}


def changelog_groups(changes: Iterable[Change], summaries: Mapping[str, str]) -> list[dict[str, Any]]:
    """The noticed `changes` as `[{title, changes: [{kind, text}]}]`.

    Document-wide changes first, then operations added or removed (one line each), then one group per
    operation that both versions have.
    """
    by_operation: dict[str, list[Change]] = {"": []}
    whole: list[Change] = []
    for change in noticed(changes):
        if change.keyword == "operation":
            whole.append(change)
        else:
            by_operation.setdefault(change.operation, []).append(change)
    groups = [{"title": DOCUMENT_GROUP, "changes": change_lines(by_operation.pop(""))}]
    whole.sort(key=lambda c: not c.breaking)
    groups.append({"title": OPERATIONS_GROUP, "changes": [_operations_line(c, summaries) for c in whole]})
    groups += [{"title": group_title(op, summaries), "changes": change_lines(cs)} for op, cs in by_operation.items()]
    return [g for g in groups if g["changes"]]
