"""Checks that a list answer honours the filter it was asked for."""

from __future__ import annotations

from typing import Any

from paycontract.verify.rules import broken, cites, spec_pointer
from paycontract.verify.state import LIST_CHANNELS
from paycontract.verify.subject import describe, subject

CHANNEL_FILTER_RULE = spec_pointer("paths", "/channels", "get", "parameters")


@cites(CHANNEL_FILTER_RULE)
def channel_filter_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """`GET /channels?pay_type=N` lists only channels whose `pay_type` is N."""
    s = subject(response, case)
    if s is None or s.op.role != LIST_CHANNELS or not s.ok or not isinstance(s.data, list):
        return True
    wanted = s.param("pay_type")
    if wanted is None or not str(wanted).isdigit():
        return True
    strays = [item for item in s.data if isinstance(item, dict) and str(item.get("pay_type")) != str(wanted)]
    if strays:
        raise broken(
            CHANNEL_FILTER_RULE,
            f"pay_type={wanted} listed a channel of pay_type {describe(strays[0].get('pay_type'))}",
        )
    return None
