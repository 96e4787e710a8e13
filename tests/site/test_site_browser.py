"""Drive docs/site/index.html in real headless Chromium (Debian's; no browser download at run time)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from paycontract.spec import Spec
from tests.conftest import ROOT

SITE = ROOT / "docs" / "site" / "index.html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# For every block of a language tab: its language and whether it is displayed.
BLOCKS_JS = "() => Array.from(document.querySelectorAll('pre[data-lang]'), p => [p.dataset.lang, p.checkVisibility()])"
SELECTED_JS = "() => Array.from(document.querySelectorAll('.lang-tabs [aria-selected=true]'), b => b.dataset.lang)"

pytestmark = pytest.mark.browser


@pytest.fixture
def page() -> Iterator:
    """A page in a fresh headless Chromium; any request that leaves the file system is refused and recorded."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.problems = []  # console errors, page errors, network requests
        page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("file:")
                else (page.problems.append(f"network: {route.request.url}"), route.abort())[-1]
            ),
        )
        try:
            yield page
        finally:
            browser.close()


def _assert_all_switched(page, lang: str, operations: int) -> None:
    blocks = page.evaluate(BLOCKS_JS)
    shown = [b_lang for b_lang, visible in blocks if visible]
    assert shown == [lang] * operations, f"after choosing {lang}: {shown}"
    assert page.evaluate(SELECTED_JS) == [lang]


def test_language_tabs_switch_every_block_and_persist(page, spec: Spec, tmp_path: Path, capsys) -> None:
    page.goto(SITE.as_uri())
    languages = page.eval_on_selector_all(".lang-tabs button", "bs => bs.map(b => b.dataset.lang)")
    assert languages == ["shell", "java", "php", "python", "ruby", "javascript"]
    operations = len(spec.operations)
    _assert_all_switched(page, languages[0], operations)  # first visit: the first tab
    for lang in [*languages[1:], languages[0], "ruby"]:
        page.click(f".lang-tabs button[data-lang={lang}]")
        _assert_all_switched(page, lang, operations)
    page.reload()
    _assert_all_switched(page, "ruby", operations)

    for op in spec.operations:  # an anchor per operation, and following it scrolls there
        page.goto(f"{SITE.as_uri()}#{op.id}")
        assert page.eval_on_selector(f"#{op.id}", "h => h.tagName + ' ' + h.textContent") == f"H2 {op.summary}"
        assert page.eval_on_selector(f"#{op.id}", "h => Math.abs(h.getBoundingClientRect().top) < 40")
    page.goto(f"{SITE.as_uri()}#功能时序图")
    assert page.eval_on_selector_all("svg.sequence .seq-step", "gs => gs.length") == 11
    assert page.eval_on_selector("svg.sequence", "s => s.getBoundingClientRect().width > 600")

    shot = tmp_path / "site.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot of docs/site/index.html: {shot}")
    assert page.problems == []
