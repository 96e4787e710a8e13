"""Keep positive cases meaningful: values the schema allows but the server's state or date make refusable are
moved to values it must accept, without leaving what the schema allows.

- string fields that carry a JSON object (`contentMediaType: application/json`, `contentSchema: {type: object}`)
  get an object, since generation only honours the media type;
- a bill `date` is moved into the server's servable window, learned from its own `created_at` (never the local
  clock); the window's edges are tested on purpose by the flows;
- a delete never targets a channel the run did not create (the server's own data is left alone);
- a query's `ids` also asks for orders the run created, of its own app and of the other app, so persistence and
  isolation are exercised by generated queries too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import MutableMapping
from typing import Any

from paycontract.spec import Operation
from paycontract.strict_json import strict_loads
from paycontract.verify.context import VerifyContext
from paycontract.verify.state import DELETE_CHANNEL, GET_BILL, QUERY_ORDERS

_CONTAINERS = {"query": "query", "body": "body", "path": "path_parameters"}


def container_of(case: Any, op: Operation, name: str) -> MutableMapping[str, Any] | None:
    """The case's dict holding parameter `name` (query, body or path), if it is a dict."""
    param = op.parameter(name)
    attribute = _CONTAINERS.get(param.location) if param is not None else None
    value = getattr(case, attribute) if attribute else None
    return value if isinstance(value, MutableMapping) else None


def join_undeclared_arrays(op: Operation, case: Any) -> None:
    """Send an undeclared array-valued parameter comma-joined, the one way the contract lets arrays travel.

    The signature rule (`x-signature.array_format: comma`) defines an array as its comma-joined form; left
    alone, a generated extra property holding a list would go out as a repeated key, which the contract
    does not define and a server may rightly refuse as parameter pollution.
    """
    for attribute in ("query", "body"):
        container = getattr(case, attribute)
        if not isinstance(container, MutableMapping):
            continue
        for name, value in list(container.items()):
            if op.parameter(name) is not None:
                continue
            if isinstance(value, (list, tuple)):
                container[name] = ",".join(_text(item) for item in value)
            elif isinstance(value, dict):
                # A form field cannot nest; an object travels as its JSON text, one value like any other.
                container[name] = _text(value)


# Names the contract promises to ignore when undeclared (DESIGN.md § What the contract leaves to each server);
# any other undeclared name may be ignored or refused with 400, so no case carries one.
IGNORED_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")


def drop_refusable_names(op: Operation, case: Any) -> None:
    """Leave out undeclared parameters whose names a server may refuse (empty, too long, other characters).

    Either answer to such a name conforms, so a case carrying one could pass or fail for a reason the contract
    leaves open; positive and negative cases alike keep only what the contract decides.
    """
    for attribute in ("query", "body"):
        container = getattr(case, attribute)
        if not isinstance(container, MutableMapping):
            continue
        for name in list(container):
            if op.parameter(str(name)) is None and not IGNORED_NAME.fullmatch(str(name)):
                del container[name]


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def spare_servers_channels(ctx: VerifyContext, op: Operation, case: Any) -> None:
    """A delete, positive or negative, never targets a channel the run did not create: a negative case may be
    one the server rightly accepts (its fault is one the contract leaves open), and would delete it."""
    if op.role == DELETE_CHANNEL:
        _channel_delete(ctx, op, case)


def steer(ctx: VerifyContext, op: Operation, case: Any) -> None:
    """Apply every steering rule that concerns `op` to a positive case."""
    for param in ctx.contract.json_object_fields(op):
        _json_object_field(op, case, param.name, param.schema.get("maxLength"))
    handler = _BY_OPERATION.get(op.role)
    if handler is not None:
        handler(ctx, op, case)


def _json_object_field(op: Operation, case: Any, name: str, max_length: int | None) -> None:
    container = container_of(case, op, name)
    if container is None or not isinstance(container.get(name), str):
        return
    value = container[name]
    parsed = _strict_json(value)
    if isinstance(parsed, dict):
        return
    wrapped = json.dumps({"value": parsed}, ensure_ascii=False, separators=(",", ":"))
    container[name] = wrapped if max_length is None or len(wrapped) <= max_length else "{}"


def _strict_json(text: str) -> Any:
    """`text` parsed as standard JSON, or `text` itself when it is not (a server may rightly refuse it)."""
    try:
        return strict_loads(text)
    except ValueError:
        return text


def _bill_date(ctx: VerifyContext, op: Operation, case: Any) -> None:
    container = container_of(case, op, "date")
    window = ctx.model.bill_window()
    if container is None or window is None or not isinstance(container.get("date"), str):
        return
    try:
        generated = dt.date.fromisoformat(container["date"])
    except ValueError:
        return
    oldest, today = window
    # Keep a day clear of either edge: the server's day can turn over mid-run.
    span = (today - oldest).days - 1
    container["date"] = (today - dt.timedelta(days=generated.toordinal() % span)).isoformat()


def _channel_delete(ctx: VerifyContext, op: Operation, case: Any) -> None:
    container = container_of(case, op, "id")
    if container is None or not isinstance(container.get("id"), str):
        return
    if ctx.model.is_protected_channel(container["id"]):
        # An id of the same shape that no server has issued: the request stays valid and must be 404.
        container["id"] = "absent-" + hashlib.sha256(container["id"].encode()).hexdigest()[:16]


def _order_query(ctx: VerifyContext, op: Operation, case: Any) -> None:
    container = container_of(case, op, "ids")
    if container is None or "ids" not in container:
        return
    value = container["ids"]
    ids = list(value) if isinstance(value, list) else str(value).split(",")
    limit = op.parameter("ids").schema.get("maxItems", len(ids) + 2)
    extra = []
    for owner in (ctx.primary, ctx.other):
        known = ctx.model.orders_of(owner.app_id) if owner is not None else []
        if known:
            extra.append(known[len("".join(ids)) % len(known)])
    for order_id in extra:
        if order_id not in ids and len(ids) < limit:
            ids.append(order_id)
    container["ids"] = ids if isinstance(value, list) else ",".join(ids)


_BY_OPERATION = {GET_BILL: _bill_date, DELETE_CHANNEL: _channel_delete, QUERY_ORDERS: _order_query}
