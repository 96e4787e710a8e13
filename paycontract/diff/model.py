"""What a comparison produces: `Change`s, each located and classified through the rule registry."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from paycontract.diff.rules import Kind, Side, kind_of

# The rule of every change to prose: descriptions, summaries, tags, info, `x-` annotations.
DESCRIBED = "description-changed"


def show(value: Any) -> str:
    """A compact, stable JSON rendering of a spec value."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def literal(value: Any) -> str:
    """A value inside a change text, as a markdown code span (strings as they are, the rest as JSON)."""
    text = value if isinstance(value, str) else show(value)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def transition(label: str, before: Any, after: Any) -> str:
    """`label `old` → `new``, with `none` for an absent value."""
    shown = ["none" if v is None else literal(v) for v in (before, after)]
    return f"{label} {shown[0]} → {shown[1]}"


@dataclass(frozen=True)
class Change:
    """One classified difference between two versions of the spec.

    `location` names the operation ("POST /orders") and, inside it, the parameter or field
    ("body amount", "200 data.product.id"); document-wide changes have no operation. The same place
    as data: `operation`, `part` (a parameter's `in`, "response", "response-header", "request-body",
    "document"; "" for the operation itself), `name` (the parameter, status or document key) and
    `path` (the field path inside it). `keyword` is what was compared (`maximum`, `enum`, `required`,
    `status`, …), `old` and `new` its values (None when absent).
    """

    kind: Kind
    rule: str
    location: str
    text: str
    operation: str = ""
    part: str = ""
    name: str = ""
    path: str = ""
    keyword: str = ""
    # Not part of identity: the text already shows them, and spec values (lists, maps) do not hash.
    old: Any = field(default=None, compare=False)
    new: Any = field(default=None, compare=False)

    @property
    def breaking(self) -> bool:
        """True for a change that can break an existing client."""
        return self.kind == "breaking"

    def line(self) -> str:
        """`location: text`, the form used in reports and in the change history."""
        return f"{self.location}: {self.text}" if self.location else self.text

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (`paycontract diff --format json`), keys always in this order."""
        return {
            "kind": self.kind,
            "breaking": self.breaking,
            "rule": self.rule,
            "location": self.location,
            "operation": self.operation,
            "part": self.part,
            "name": self.name,
            "path": self.path,
            "keyword": self.keyword,
            "old": self.old,
            "new": self.new,
            "text": self.text,
        }


@dataclass(frozen=True)
class Where:
    """Where a comparison stands: operation, side of the contract, root (parameter/status), field path.

    `part` and `name` say what the root is as data (see `Change`); `name` defaults to the root.
    """

    operation: str
    side: Side
    root: str = ""
    fields: tuple[str, ...] = field(default_factory=tuple)
    # What joins the root to the field path: "." after a parameter name, " " after a status.
    joiner: str = " "
    part: str = ""
    name: str = ""

    def child(self, name: str) -> Where:
        """One level down into an object property."""
        return replace(self, fields=(*self.fields, name))

    def items(self) -> Where:
        """One level down into an array's items."""
        if not self.fields:
            return replace(self, root=self.root + "[]", name=self.name + "[]")
        return replace(self, fields=(*self.fields[:-1], self.fields[-1] + "[]"))

    def at(self, root: str, side: Side | None = None, joiner: str = " ", *, part: str = "", name: str = "") -> Where:
        """A fresh root (a parameter, a response status) within the same operation."""
        return Where(self.operation, side or self.side, root, (), joiner, part, name or root)

    @property
    def location(self) -> str:
        """The printable location: `POST /orders body meta.a`, `GET /orders 200 data[].id`."""
        inner = self.root + (self.joiner if self.root and self.fields else "") + ".".join(self.fields)
        return " ".join(p for p in (self.operation, inner) if p)

    def change(
        self, rule: str, text: str, side: Side | None = None, *, keyword: str = "", old: Any = None, new: Any = None
    ) -> Change:
        """A `Change` of `rule` here, classified for this side (or `side`), `keyword` going `old` → `new`."""
        return Change(
            kind_of(rule, side or self.side),
            rule,
            self.location,
            text,
            self.operation,
            self.part,
            self.name,
            ".".join(self.fields),
            keyword,
            old,
            new,
        )

    def described(
        self, keyword: str, before: Any, after: Any, text: str | None = None, side: Side | None = None
    ) -> Change:
        """A `description-changed` of `keyword` here (prose, never breaking); `text` defaults to `<keyword> changed`."""
        return self.change(DESCRIBED, text or f"{keyword} changed", side, keyword=keyword, old=before, new=after)

    def moved(self, rule: str, keyword: str, before: Any, after: Any, side: Side | None = None) -> Change:
        """A change of `keyword` from `before` to `after`, its text the `transition`."""
        return self.change(rule, transition(keyword, before, after), side, keyword=keyword, old=before, new=after)
