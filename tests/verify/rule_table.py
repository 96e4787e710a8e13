"""Every rule of the contract, the verify check that enforces it, and a fault server that breaks it.

`ROWS` is the table the self-check walks: for each row, `paycontract verify` against the row's fault must
fail, naming the row's check. Rows are kept in two files by subject: what a server does with a request's
parameters, signature and order of checks (`rule_rows_request.py`), and what the API means — statuses,
filters, ownership, routing, bills, echo, times, tokens (`rule_rows_domain.py`).
"""

from __future__ import annotations

from tests.verify.rule_rows_domain import DOMAIN_ROWS
from tests.verify.rule_rows_request import REQUEST_ROWS
from tests.verify.rule_types import Rule

ROWS: list[Rule] = [*REQUEST_ROWS, *DOMAIN_ROWS]
