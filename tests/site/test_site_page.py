"""The reference page as a file: self-contained, an anchor per operation, every sample, up to date."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.core import render_all
from generator.site import SITE_PATH, slug
from paycontract.spec import Spec
from tests.conftest import ROOT

SITE = ROOT / SITE_PATH


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, str] = {}
        self.blocks: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] = tag
        if tag == "pre" and attributes.get("data-lang"):
            self.blocks.append(attributes["data-lang"])
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            if tag in ("script", "link", "img", "iframe") and value and not value.startswith(("#", "data:")):
                self.external.append(f"<{tag} {name}={value}>")


def _page() -> tuple[str, _Collector]:
    html = SITE.read_text(encoding="utf-8")
    collector = _Collector()
    collector.feed(html)
    return html, collector


def test_committed_page_is_current(spec: Spec) -> None:
    assert render_all(spec, only=["site"])[SITE_PATH] == SITE.read_text(encoding="utf-8")


def test_page_needs_no_network() -> None:
    html, collector = _page()
    assert collector.external == []
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html)


def test_every_operation_has_an_anchor_and_every_sample(spec: Spec) -> None:
    _, collector = _page()
    for op in spec.operations:
        assert collector.ids.get(op.id) == "h2", op.id
    languages = sorted(set(collector.blocks))
    assert collector.blocks.count("shell") == len(spec.operations)
    assert all(collector.blocks.count(lang) == len(spec.operations) for lang in languages)


def test_sections_link_and_diagram() -> None:
    html, collector = _page()
    assert {"简介", "功能时序图", "错误代码", "变更历史"} <= set(collector.ids)
    hrefs = set(re.findall(r'href="#([^"]+)"', html))
    assert hrefs <= set(collector.ids), hrefs - set(collector.ids)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="sequence"') == 1


def test_slugs_are_unique() -> None:
    used: set[str] = set()
    assert [slug(t, used) for t in ("HTTP 请求", "HTTP 请求", "1.0.0（2026-11-25）", "!!")] == [
        "http-请求",
        "http-请求-2",
        "1-0-0-2026-11-25",
        "section",
    ]
