"""What a verify check looks at: the answer as a plain exchange seen through the spec, the operation the case was
generated for, and how the run prepared the request.

`subject(response, case)` is the one place a check's schemathesis arguments are read; the checks themselves
judge a `Subject` — the exchange's bytes, parsed, and verify's own record of the request (`SentCase`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from paycontract.spec import Operation
from paycontract.traffic.view import NOT_JSON, Seen
from paycontract.verify.context import SentCase, VerifyContext, current
from paycontract.verify.driver import seen_of


@dataclass
class Subject:
    """One answer under check, with everything the domain checks need to judge it."""

    ctx: VerifyContext
    op: Operation
    sent: SentCase | None
    seen: Seen

    @property
    def status(self) -> int:
        """The answer's HTTP status."""
        return self.seen.status

    @property
    def body(self) -> Any:
        """The answer's body parsed as JSON (`paycontract.traffic.view.NOT_JSON` when it is not JSON)."""
        return self.seen.body

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

    def sent_header(self, name: str) -> bool:
        """Whether the request carried the header `name`."""
        return self.seen.exchange.request_header(name.lower()) is not None


def subject(response: Any, case: Any) -> Subject | None:
    """The subject of a check, or None outside a run or for an operation the spec does not have."""
    ctx = current()
    if ctx is None:
        return None
    op = ctx.contract.operation_for(case.operation.method, case.operation.path)
    seen = seen_of(response, case) if op is not None else None
    if op is None or seen is None:
        return None
    return Subject(ctx, op, ctx.sent.get(case.id), seen)


def as_int(value: Any) -> int | None:
    """`value` if it is an integer (and not a boolean), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def describe(value: Any, limit: int = 120) -> str:
    """A short, one-line rendering of a value for a failure message."""
    text = "(a body that is not JSON)" if value is NOT_JSON else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
