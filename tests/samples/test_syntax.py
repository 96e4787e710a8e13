"""The edge-case goldens parse in their runtimes (`bash -n`, `php -l`, `ruby -c`, `node --check`,
`python3 -m py_compile`, `javac`): quoting bugs that the byte comparison would only freeze show up here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.goldens import GOLDENS_DIR
from generator.languages import LANGUAGES
from tests.samples.runtime import clean_env, require_runtime, run

pytestmark = pytest.mark.runtime

CASES = [
    (key, path)
    for key, language in LANGUAGES.items()
    for path in sorted(GOLDENS_DIR.glob(f"*/{key}/*.{language.extension}"))
]


def test_every_language_has_goldens_to_check() -> None:
    assert {key for key, _path in CASES} == set(LANGUAGES)


@pytest.mark.parametrize(("key", "golden"), CASES, ids=[str(p.relative_to(GOLDENS_DIR)) for _k, p in CASES])
def test_golden_parses(key: str, golden: Path, tmp_path: Path) -> None:
    language = LANGUAGES[key]
    require_runtime(language, check=True)
    copy = tmp_path / golden.name  # checked in a scratch folder: compilers leave files behind
    shutil.copyfile(golden, copy)
    ran = run(language.argv(str(copy), check=True, scratch=str(tmp_path)), clean_env(), tmp_path)
    assert ran.returncode == 0, ran.explain()
