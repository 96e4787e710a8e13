"""The change history's wording: one Chinese phrase per change rule, in one table.

A phrase has up to three forms, picked from the change's data: `added` when the old value is absent,
`removed` when the new one is, `changed` otherwise. `{subject}` names what changed (参数 `amount`,
响应字段 `data.id`, 签名规则), `{keyword}` the keyword compared (最大值, 取值), `{old}` and `{new}`
the values. Changes of the same phrase and subject that differ only in a value (statuses added,
enum values removed) share one line, their values joined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from paycontract.diff.model import Change, literal

REQUEST_PARTS = ("query", "body", "path", "header", "cookie")
RESPONSE_PARTS = ("response", "response-header")
NONE = "无"


@dataclass(frozen=True)
class Phrase:
    """The forms of one rule's phrase; a form that is missing falls back to `changed`.

    `on`/`off` word a flag turned on or off (both values booleans); `in_response` words a change
    of a response rather than of a request.
    """

    changed: str
    added: str | None = None
    removed: str | None = None
    on: str | None = None
    off: str | None = None
    in_response: str | None = None

    def form(self, change: Change) -> str:
        """The form that fits `change`'s values and place."""
        if isinstance(change.old, bool) and isinstance(change.new, bool):
            flag = self.on if change.new else self.off
            if flag:
                return flag
        if change.part in RESPONSE_PARTS and self.in_response:
            return self.in_response
        if change.old is None and self.added:
            return self.added
        if change.new is None and self.removed:
            return self.removed
        return self.changed


_VALUE = "{subject}：{keyword}由 {old} 改为 {new}"
_ON, _OFF = "{subject}：改为{keyword}", "{subject}：不再{keyword}"
_TIGHTER = Phrase(
    "{subject}：{keyword}由 {old} 收紧为 {new}", added="{subject}：新增{keyword}限制 {new}", on=_ON, off=_OFF
)
_LOOSER = Phrase(
    "{subject}：{keyword}由 {old} 放宽为 {new}", removed="{subject}：取消{keyword}限制（原为 {old}）", on=_ON, off=_OFF
)
_SET = Phrase(_VALUE, added="新增{subject}", removed="取消{subject}", on=_ON, off=_OFF)

FALLBACK = Phrase(_VALUE)
# rule → phrase. Every rule of `paycontract.diff.rules.RULES` a reader is shown has one.
WORDING: dict[str, Phrase] = {
    "operation-added": Phrase(_VALUE, added="新增接口", off="{subject}：不再{keyword}，生产环境也可调用"),
    "operation-removed": Phrase(_VALUE, removed="删除接口", on="{subject}：改为{keyword}，生产环境不再提供"),
    "request-media-type-changed": Phrase("请求体的媒体类型由 {old} 改为 {new}"),
    "parameter-removed": Phrase("删除{subject}"),
    "parameter-added-required": Phrase("新增必填{subject}"),
    "parameter-added-optional": Phrase("新增可选{subject}"),
    "parameter-made-required": Phrase("{subject} 改为必填"),
    "parameter-made-optional": Phrase("{subject} 改为可选"),
    "parameter-location-changed": Phrase("{subject} 的位置由 {old} 改为 {new}"),
    "request-field-removed": Phrase("删除{subject}"),
    "request-field-added-required": Phrase("新增必填{subject}"),
    "request-field-added-optional": Phrase("新增可选{subject}"),
    "response-field-removed": Phrase("删除{subject}"),
    "response-field-added": Phrase("新增{subject}"),
    "field-made-required": Phrase("{subject} 改为必填", in_response="{subject} 改为总会返回"),
    "field-made-optional": Phrase("{subject} 改为选填", in_response="{subject} 改为可能不返回"),
    "type-changed": Phrase(_VALUE),
    "type-narrowed": Phrase(_VALUE),
    "type-widened": Phrase(_VALUE),
    "format-changed": Phrase(_VALUE),
    "constraint-tightened": _TIGHTER,
    "constraint-loosened": _LOOSER,
    "constraint-restated": Phrase(_VALUE),
    "pattern-changed": Phrase(_VALUE),
    "enum-value-removed": Phrase("{subject}：删除取值 {old}"),
    "enum-value-added": Phrase("{subject}：新增取值 {new}"),
    "default-changed": Phrase(_VALUE, added="{subject}：默认值为 {new}", removed="{subject}：取消默认值（原为 {old}）"),
    "schema-changed": Phrase(_VALUE),
    "response-status-removed": Phrase("删除响应 {old}"),
    "response-status-added": Phrase("新增响应 {new}"),
    "response-media-type-removed": Phrase("{subject} 不再以 {old} 返回"),
    "response-media-type-added": Phrase("{subject} 新增 {new} 格式"),
    "response-header-removed": Phrase("删除{subject}"),
    "response-header-added": Phrase("新增{subject}"),
    "security-changed": _SET,
    "signature-rule-changed": _SET,
    "server-removed": Phrase("删除服务器地址 {old}"),
    "server-added": Phrase("新增服务器地址 {new}"),
    "link-changed": Phrase("{subject}：链接 {keyword} 有变", added="{subject}：新增链接 {keyword}"),
    "description-changed": Phrase("{subject}：{keyword}有改动"),
}

# Keywords as readers know them; a keyword not listed is shown as code.
KEYWORDS = {
    "minimum": "最小值",
    "maximum": "最大值",
    "exclusiveMinimum": "下限（不含）",
    "exclusiveMaximum": "上限（不含）",
    "minLength": "最短长度",
    "maxLength": "最大长度",
    "minItems": "最少个数",
    "maxItems": "最多个数",
    "minProperties": "最少字段数",
    "maxProperties": "最多字段数",
    "pattern": "格式（正则）",
    "format": "格式",
    "contentMediaType": "内容格式",
    "multipleOf": "倍数",
    "uniqueItems": "要求元素不重复",
    "additionalProperties": "允许其他字段",
    "default": "默认值",
    "type": "类型",
    "enum": "取值",
    "security": "鉴权要求",
    "x-signed": "需要签名",
    "x-sandbox-only": "仅沙箱可用",
    "required": "必填",
    "description": "说明",
    "summary": "名称",
}

# Document-wide places (a change's `name` or its prefix before ".") as readers know them.
DOCUMENT_PLACES = {
    "x-signature": "签名规则",
    "servers": "服务器",
    "security": "鉴权要求",
    "securitySchemes": "鉴权方式",
}


def show_value(value: Any) -> str:
    """A value as the history shows it: code, a list joined with 、, 是/否 for booleans, 无 for none."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(show_value(v) for v in value) if value else NONE
    return literal(value)


def subject(change: Change) -> str:
    """What `change` is about, in words: 参数 `ids[]`, 响应字段 `data.id`, 响应 404, 签名规则 `separator`."""
    inner = f"{change.name}.{change.path}" if change.path else change.name
    if change.part in REQUEST_PARTS:
        return f"参数 {literal(inner)}"
    if change.part == "response":
        status = "" if change.name == "200" else f"{change.name} "
        return f"{status}响应字段 {literal(change.path)}" if change.path else f"响应 {change.name}"
    if change.part == "response-header":
        return f"响应头 {literal(change.name)}"
    if change.part == "request-body":
        return "请求体"
    if change.part == "document":
        head, _, rest = change.name.partition(".")
        place = DOCUMENT_PLACES.get(head)
        if place is None:
            return literal(change.name)
        return f"{place} {literal(rest)}" if rest else place
    return "接口"


def keyword(change: Change) -> str:
    """`change.keyword` as readers know it."""
    return KEYWORDS.get(change.keyword, literal(change.keyword) if change.keyword else "")


def phrase(change: Change) -> str:
    """The unfilled phrase for `change` (its `{old}`/`{new}` still to fill)."""
    # A rule added to the registry before its wording still reads as a value change, not a crash.
    return WORDING.get(change.rule, FALLBACK).form(change)


def sentence(change: Change, old: str | None = None, new: str | None = None) -> str:
    """`change` in one Chinese line; `old`/`new` replace its shown values (several values merged)."""
    return phrase(change).format(
        subject=subject(change),
        keyword=keyword(change),
        old=show_value(change.old) if old is None else old,
        new=show_value(change.new) if new is None else new,
    )
