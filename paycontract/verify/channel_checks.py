"""Checks on a created channel: it is what was asked, with the defaults for what was left out or sent empty."""

from __future__ import annotations

import re
from typing import Any

from paycontract.verify.rules import broken, cites
from paycontract.verify.state import CREATE_CHANNEL
from paycontract.verify.subject import Subject, describe, subject

CHANNELS_RULE = "DESIGN.md § Finer points: Channels"
EMPTY_RULE = "DESIGN.md § What the contract leaves to each server: an empty value counts as absent"
ECHOED = ("name", "pay_type", "platform", "priority", "fee_rate")
_INTEGER = re.compile(r"-?[0-9]+")


def _sent_value(s: Subject, name: str) -> Any:
    """What the request asked for `name`: the sent value, or the spec's default when absent or empty."""
    sent = s.param(name)
    if sent in (None, ""):
        param = s.op.parameter(name)
        return param.schema.get("default") if param is not None else None
    if name == "name":
        return sent
    return int(sent) if _INTEGER.fullmatch(sent) else None


@cites(CHANNELS_RULE, EMPTY_RULE)
def channel_echo_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A created channel carries the name, pay_type, platform, priority and fee_rate sent; an absent or empty
    `priority` or `fee_rate` is its default."""
    s = subject(response, case)
    if s is None or s.op.role != CREATE_CHANNEL or not s.ok or not s.authenticated() or not isinstance(s.data, dict):
        return True
    for name in ECHOED:
        want, got = _sent_value(s, name), s.data.get(name)
        if want is None or (got == want and type(got) is type(want)):
            continue
        raise broken(_rule(s.param(name)), f"created channel has {name} = {describe(got)}; {_how_sent(s, name)}")
    return None


def _rule(sent: str | None) -> str:
    return EMPTY_RULE if sent == "" else CHANNELS_RULE


def _how_sent(s: Subject, name: str) -> str:
    sent = s.param(name)
    if sent is None:
        return f"{name} was left out, so it is the default {describe(_sent_value(s, name))}"
    if sent == "":
        return f"{name} was sent empty, which is as if left out: the default {describe(_sent_value(s, name))}"
    return f"the request sent {name}={sent}"
