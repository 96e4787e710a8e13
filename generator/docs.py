"""Render `docs/api.md`: the whole Slate reference, samples included, from the spec."""

from __future__ import annotations

from jinja2 import Environment

from generator.docs_context import changelog, docs_context
from generator.render import render_template
from generator.samples import render_operation_samples
from paycontract.spec import Spec

DOCS_PATH = "docs/api.md"
DOCS_TEMPLATE = "docs/api.md.j2"
HISTORY_TEMPLATE = "docs/_history.md.j2"


def render_docs(spec: Spec, env: Environment) -> dict[str, str]:
    """{"docs/api.md": text}."""
    context = docs_context(spec, render_operation_samples(spec, env))
    return {DOCS_PATH: render_template(env, DOCS_TEMPLATE, **context)}


def render_history(spec: Spec, env: Environment) -> str:
    """The body of the 变更历史 section of `docs/api.md`, as the docs target renders it."""
    return render_template(env, HISTORY_TEMPLATE, changelog=changelog(spec))
