"""What each exchange teaches the run state, applied after the checks have seen it."""

from __future__ import annotations

from paycontract.traffic.view import Seen, as_int


def learn(seen: Seen) -> None:
    """Record tokens granted, resources created, read, paid and deleted, as the answer shows them."""
    caller = seen.app_id
    if caller is None or seen.route is None:
        return
    state, path_id = seen.state, dict(seen.route.path_params).get("id", "")
    ended = seen.exchange.started + seen.exchange.elapsed
    if seen.ok and seen.is_op("token") and isinstance(seen.data, dict):
        token = seen.data.get("access_token")
        if isinstance(token, str):
            state.tokens[token] = caller
    elif seen.ok and seen.is_op("create_order") and isinstance(seen.data, dict):
        state.show(state.orders, str(seen.data.get("id")), caller, seen.data, ended)
        state.learn_time(seen.data.get("created_at"), seen.exchange.started)
    elif seen.ok and seen.is_op("query_orders"):
        for order in _owned(seen.records(), caller):
            state.show(state.orders, str(order.get("id")), caller, order, ended)
    elif seen.ok and seen.is_op("pay_order") and isinstance(seen.data, dict):
        state.show(state.orders, path_id, caller, seen.data, ended)
        state.paid_orders.setdefault(path_id, ended)
        state.learn_time(seen.data.get("updated_at"), seen.exchange.started)
    elif seen.ok and seen.is_op("create_channel") and isinstance(seen.data, dict):
        state.show(state.channels, str(seen.data.get("id")), caller, seen.data, ended)
        state.channels_changed[caller] = ended
        state.learn_time(seen.data.get("created_at"), seen.exchange.started)
    elif seen.ok and seen.is_op("list_channels"):
        _learn_roster(seen, caller, ended)
    elif seen.is_op("delete_channel") and seen.status in (200, 410) and state.owner_of(path_id) in (caller, None):
        state.deleted_channels.setdefault(path_id, ended)
        state.channels_changed[caller] = ended


def _learn_roster(seen: Seen, caller: int, ended: float) -> None:
    channels = seen.state.channels
    for channel in _owned(seen.records(), caller):
        channel_id = str(channel.get("id"))
        # Moved to the end in the listing's order (oldest first), which routing's tie-break follows.
        if channel_id in channels:
            channels[channel_id] = channels.pop(channel_id)
        seen.state.show(channels, channel_id, caller, channel, ended)
    if seen.param("pay_type") is None:
        seen.state.rosters.add(caller)


def _owned(records: list[dict], caller: int) -> list[dict]:
    def app_of(record: dict) -> int | None:
        app = record.get("app")
        return as_int(app.get("id")) if isinstance(app, dict) else as_int(record.get("app_id"))

    return [record for record in records if app_of(record) == caller]
