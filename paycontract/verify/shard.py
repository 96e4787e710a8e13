"""`verify --shard K/N`: the run's work units and a deterministic split of them into N parts.

A unit is one schemathesis operation (its examples, coverage and fuzzing), the stateful sequences, one auth
probe on one operation, one protocol or refusal probe, or one flow. Units are enumerated from the registries that
run them (the spec's operations, `probes.planned`, `protocol_checks.planned`, `order_checks.planned`,
`flows.FLOWS`), so probes and flows added later are sharded with no change here.
The split is round-robin over the sorted units: the same on every machine and under every hash seed, and the
N parts together are exactly the full run, with no unit in two of them. Setup runs in every shard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paycontract.errors import UserError

ENGINE, STATEFUL, AUTH, FLOW, PROTOCOL = "engine", "stateful", "auth", "flow", "protocol"
# Heavy units first, so that the round-robin spreads the fuzzed operations evenly over the shards.
KIND_ORDER = {ENGINE: 0, STATEFUL: 1, AUTH: 2, FLOW: 3, PROTOCOL: 4}
_SHARD = re.compile(r"([0-9]+)/([0-9]+)")


@dataclass(frozen=True, order=True)
class Unit:
    """One indivisible piece of a run: its kind, the operation it exercises (if one), and its name."""

    kind: str
    operation: str = ""
    name: str = ""

    def sort_key(self) -> tuple[int, str, str]:
        """The canonical order of units (kind by weight, then operation and name)."""
        return KIND_ORDER.get(self.kind, len(KIND_ORDER)), self.operation, self.name

    def __str__(self) -> str:
        return ":".join(part for part in (self.kind, self.operation, self.name) if part)


@dataclass(frozen=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """`"K/N"` as a `Shard`; one line (`UserError`, exit 2) for anything else or K outside 1..N."""
    match = _SHARD.fullmatch(text.strip())
    if match is None:
        raise UserError(f"--shard {text!r}: expected K/N, e.g. 2/4 (shard K of N)")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise UserError(f"--shard {text!r}: K must be between 1 and N (got shard {index} of {count})")
    return Shard(index, count)


def plan(units: Iterable[Unit], shard: Shard) -> list[Unit]:
    """The units of `shard`: unit i of the sorted, de-duplicated list goes to shard i mod N (pure)."""
    ordered = sorted(set(units), key=Unit.sort_key)
    return [unit for i, unit in enumerate(ordered) if i % shard.count == shard.index - 1]


def engine_operations(units: Sequence[Unit]) -> list[str]:
    """The operation ids whose examples, coverage and fuzzing `units` hold."""
    return [unit.operation for unit in units if unit.kind == ENGINE]


def describe(shard: Shard, taken: Sequence[Unit], total: int) -> str:
    """The report's line on what this shard ran."""
    tally = {kind: sum(unit.kind == kind for unit in taken) for kind in KIND_ORDER}
    kinds = ", ".join(f"{n} {kind}" for kind, n in tally.items() if n)
    return f"shard {shard}: {len(taken)} of {total} work units ({kinds or 'setup only'})"
