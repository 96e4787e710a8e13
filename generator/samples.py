"""Render the request samples: every operation in every registered language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import Environment

from generator.languages import LANGUAGES, Language
from generator.render import render_template
from generator.sample_context import sample_contexts
from paycontract.spec import Spec

SAMPLES_DIR = "samples"


def sample_path(language: Language, operation_id: str, folder: str = SAMPLES_DIR) -> str:
    """Where a sample lives, relative to the output root: `samples/java/CreateOrder.java`."""
    return f"{folder}/{language.key}/{language.file_name(operation_id)}"


def render_sample(env: Environment, language: Language, context: dict[str, Any]) -> str:
    """One sample's text: the language's template over one operation's context."""
    file_name = language.file_name(context["op"]["id"])
    return render_template(env, language.template, **context, language=language, file_name=file_name)


def render_operation_samples(
    spec: Spec, env: Environment, languages: Iterable[Language] | None = None
) -> dict[str, dict[str, str]]:
    """{operationId: {language key: sample text}} for the given languages (default: all)."""
    chosen = list(languages) if languages is not None else list(LANGUAGES.values())
    out: dict[str, dict[str, str]] = {}
    for context in sample_contexts(spec):
        out[context["op"]["id"]] = {lang.key: render_sample(env, lang, context) for lang in chosen}
    return out


def render_samples(spec: Spec, env: Environment, folder: str = SAMPLES_DIR) -> dict[str, str]:
    """{relative path: text} for every operation × language."""
    files: dict[str, str] = {}
    for op_id, by_language in render_operation_samples(spec, env).items():
        for key, text in by_language.items():
            files[sample_path(LANGUAGES[key], op_id, folder)] = text
    return files
