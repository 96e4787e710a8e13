"""Flows for rules no generated case reaches: empty optional values count as absent (`ext_data=` gives `{}`,
`priority=` and `fee_rate=` their defaults); a query keeps the order of its ids and leaves unknown ones out;
another app's deleted channel is 404 to delete, exactly as an unknown one; a bill date that is not a zero-padded
real date is 400 even where a lenient reading of it falls inside the bill window.

Each step is an explicit request judged by every check; the state model supplies the statuses it requires.
"""

from __future__ import annotations

import calendar
import datetime as dt

from paycontract.verify.context import VerifyContext
from paycontract.verify.explicit import Explicit
from paycontract.verify.routing_flows import answer_id, delete_channel, live_channels, pay_types
from paycontract.verify.setup import example_params
from paycontract.verify.state import CREATE_CHANNEL, CREATE_ORDER, DELETE_CHANNEL, QUERY_ORDERS

# Within the spec's id pattern, and never an id a server hands out for a resource the run asked for.
UNKNOWN_ID = "paycontract-unknown-0"
EMPTY_VALUE_PLATFORM = 92001


def empty_values(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """An order with `ext_data=` and `product_name=` is created with `ext_data` `{}`; a channel with `priority=`
    and `fee_rate=` gets the defaults (priority 0 never takes over routing, so the flow changes no order's route)."""
    explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER, ext_data="", product_name="", memo=""))
    pay_type = pay_types(ctx)[0]
    live = live_channels(ctx, explicit, pay_type)
    if live is None:
        return
    platforms = {channel.get("platform") for channel in live}
    platform = next(p for p in range(EMPTY_VALUE_PLATFORM, EMPTY_VALUE_PLATFORM + len(live) + 1) if p not in platforms)
    params = {"name": "paycontract-empty", "pay_type": pay_type, "platform": platform, "priority": "", "fee_rate": ""}
    created = answer_id(explicit.send(CREATE_CHANNEL, params=example_params(ctx, CREATE_CHANNEL, **params)))
    if created is not None:
        delete_channel(ctx, explicit, created)


def query_keeps_order(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """Two new orders queried newest first with an unknown id between them come back newest first, unknown left
    out (a 200, not a 404)."""
    first = answer_id(explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER)))
    second = answer_id(explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER)))
    if first is None or second is None:
        return
    ids = ",".join([second, UNKNOWN_ID, first])
    explicit.send(QUERY_ORDERS, params=example_params(ctx, QUERY_ORDERS, ids=ids))


def other_apps_deleted_channel(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """The other app creates and deletes a channel; deleting it as this app is 404 (not 410: it is not ours)."""
    assert ctx.other is not None
    pay_type, platform = pay_types(ctx)[0], EMPTY_VALUE_PLATFORM
    params = {"name": "paycontract-theirs", "pay_type": pay_type, "platform": platform, "priority": 0}
    theirs = explicit.send(CREATE_CHANNEL, identity=ctx.other, params=example_params(ctx, CREATE_CHANNEL, **params))
    channel_id = answer_id(theirs)
    if channel_id is None:
        return
    explicit.send(DELETE_CHANNEL, identity=ctx.other, params=example_params(ctx, DELETE_CHANNEL, id=channel_id))
    explicit.send(DELETE_CHANNEL, params=example_params(ctx, DELETE_CHANNEL, id=channel_id))


def loose_dates(today: dt.date, retention_days: int) -> list[str]:
    """Bill dates a lenient parser reads as a day of the window `today` − `retention_days` … `today`, each refused
    by the contract (400): a day not zero-padded, the basic form `YYYYMMDD`, and a day past its month's end."""
    window = [today - dt.timedelta(days=back) for back in range(retention_days + 1)]
    unpadded = next(day for day in window if day.day < 10)
    found = [f"{unpadded.year}-{unpadded.month:02d}-{unpadded.day}", today.strftime("%Y%m%d")]
    for day in window:
        if day.day == 1:
            last = day - dt.timedelta(days=1)
            past_end = calendar.monthrange(last.year, last.month)[1] + 1
            if past_end <= 31:
                found.append(f"{last.year}-{last.month:02d}-{past_end}")
                break
    return found
