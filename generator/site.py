"""Render `docs/site/index.html`: the Slate reference as one self-contained page.

The page is `docs/api.md` (as the `docs` target renders it, samples included) turned into HTML with
the same markdown dialect `paycontract.slate` reads, laid out in the manner of Slate: navigation,
prose and tables, and the code tabs on a dark right half with one language shown at a time. Every
operation's heading carries its operationId as anchor; the 功能时序图 section gets the SVG diagram.
CSS and JavaScript are inlined: viewing the page needs no network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from jinja2 import Environment
from markdown_it.token import Token

from generator.docs import DOCS_PATH, render_docs
from generator.render import render_template
from generator.sequence import render_svg
from paycontract.slate import markdown_parser, parse_slate
from paycontract.spec import Spec

SITE_PATH = "docs/site/index.html"
SITE_TEMPLATE = "site/index.html.j2"
DIAGRAM_HEADING = "功能时序图"
# Code blocks that are not one of the language tabs stay visible whatever the language.
CODE_LABELS = {"json": "JSON", "text": "TEXT"}


def slug(text: str, used: set[str]) -> str:
    """An anchor for a heading: its words joined by '-', unique on the page (Chinese kept as is)."""
    base = re.sub(r"[^\w\u4e00-\u9fff]+", "-", text.strip().lower()).strip("-") or "section"
    anchor, n = base, 1
    while anchor in used:
        n += 1
        anchor = f"{base}-{n}"
    used.add(anchor)
    return anchor


def _headings(tokens: list[Token], spec: Spec) -> list[dict[str, Any]]:
    """Give every heading an id (an operation's: its operationId) and return the h1/h2 outline."""
    by_summary: dict[str, list[Any]] = {}
    for op in spec.operations:
        by_summary.setdefault(op.summary, []).append(op)
    used: set[str] = {op.id for op in spec.operations}
    outline: list[dict[str, Any]] = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = tokens[i + 1].content.strip()
        ops = by_summary.get(text, []) if token.tag == "h2" else []
        op = ops[0] if len(ops) == 1 else None
        token.attrSet("id", op.id if op else slug(text, used))
        entry = {"id": token.attrGet("id"), "text": text, "method": op.method if op else "", "children": []}
        if token.tag == "h1":
            outline.append(entry)
        elif token.tag == "h2" and outline:
            outline[-1]["children"].append(entry)
    return outline


def _insert_diagram(tokens: list[Token], svg: str) -> None:
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and tokens[i + 1].content.strip() == DIAGRAM_HEADING:
            block = Token("html_block", "", 0)
            block.content = f'<div class="diagram">\n{svg}</div>\n'
            tokens.insert(i + 3, block)
            return


def _fence_renderer(tabs: dict[str, str]) -> Callable[..., str]:
    """A markdown-it `fence` rule: language tabs carry `data-lang`; other blocks always show."""

    def render_fence(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        lang = token.info.split()[0] if token.info.strip() else ""
        code = escape(token.content, quote=False)
        if lang in tabs:
            attrs = f'data-lang="{escape(lang)}" data-label="{escape(tabs[lang])}"'
        else:
            attrs = f'class="example" data-label="{escape(CODE_LABELS.get(lang, lang.upper()))}"'
        return f"<pre {attrs}><code>{code}</code></pre>\n"

    return render_fence


def site_context(spec: Spec, markdown: str) -> dict[str, Any]:
    """What `site/index.html.j2` renders: title, outline, language tabs and the body's HTML."""
    doc = parse_slate(markdown, DOCS_PATH)
    tabs = dict(doc.language_tabs)
    md = markdown_parser()
    md.add_render_rule("fence", _fence_renderer(tabs))
    tokens = md.parse(doc.body)
    outline = _headings(tokens, spec)
    _insert_diagram(tokens, render_svg(spec))
    return {
        "title": str(doc.front_matter.get("title") or spec.raw.get("info", {}).get("title", "")),
        "outline": outline,
        "languages": [{"key": key, "label": label} for key, label in doc.language_tabs],
        "body": md.renderer.render(tokens, md.options, {}),
    }


def render_site(spec: Spec, env: Environment) -> dict[str, str]:
    """{"docs/site/index.html": html}."""
    markdown = render_docs(spec, env)[DOCS_PATH]
    return {SITE_PATH: render_template(env, SITE_TEMPLATE, **site_context(spec, markdown))}
