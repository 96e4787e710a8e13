"""Rule-table rows about a request's parameters, its signature and the order of checks."""

from __future__ import annotations

from tests.verify.rule_types import Rule

REQUEST_ROWS: list[Rule] = []
