"""Rule-table rows about what the API means: statuses, filters, ownership, routing, bills, echo, times, tokens."""

from __future__ import annotations

from tests.verify.rule_types import Rule

DOMAIN_ROWS: list[Rule] = []
