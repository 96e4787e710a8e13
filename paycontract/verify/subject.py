"""What a check looks at: the active run, the spec operation behind a case, how the case was sent, the body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from paycontract.spec import Operation
from paycontract.verify.context import SentCase, VerifyContext, current

_NO_BODY = object()


@dataclass
class Subject:
    """One response under check, with everything the domain checks need to judge it."""

    ctx: VerifyContext
    op: Operation
    sent: SentCase | None
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        """A 200 answer whose body is a JSON object."""
        return self.status == 200 and isinstance(self.body, dict)

    @property
    def data(self) -> Any:
        """The envelope's `data` (None when the body is not an envelope)."""
        return self.body.get("data") if isinstance(self.body, dict) else None

    def authenticated(self) -> bool:
        """The request carried the run's own valid credentials and signature."""
        return self.sent is not None and self.sent.authenticated

    def param(self, name: str) -> str | None:
        """A request parameter as it travelled (None when absent)."""
        return self.sent.params.get(name) if self.sent is not None else None


def subject(response: Any, case: Any) -> Subject | None:
    """The subject of a check, or None outside a run or for an operation the spec does not have."""
    ctx = current()
    if ctx is None:
        return None
    op = ctx.contract.operation_for(case.operation.method, case.operation.path)
    if op is None:
        return None
    try:
        body = response.json()
    except ValueError:
        body = _NO_BODY
    return Subject(ctx, op, ctx.sent.get(case.id), response.status_code, body)


def as_int(value: Any) -> int | None:
    """`value` if it is an integer (and not a boolean), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def describe(value: Any, limit: int = 120) -> str:
    """A short, one-line rendering of a value for a failure message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
