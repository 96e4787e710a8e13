"""The registry of generated outputs. A target turns the spec into files under the project root.

Adding an output is one entry here plus its module (and its templates under `templates/`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

    from paycontract.spec import Spec

Renderer = Callable[["Spec", "Environment"], dict[str, str]]


@dataclass(frozen=True)
class Target:
    """One generated output: `render` returns {path relative to the project root: text}.

    `owns` lists folders the target owns entirely: a file there that `render` no longer
    produces is stale (deleted by `generate`, reported by `generate --check`).
    """

    name: str
    description: str
    render: Renderer
    owns: tuple[str, ...] = ()


TARGETS: dict[str, Target] = {}


def register(target: Target) -> Target:
    """Add a target to the registry (names are unique)."""
    if target.name in TARGETS:
        raise ValueError(f"duplicate generator target {target.name!r}")
    TARGETS[target.name] = target
    return target
