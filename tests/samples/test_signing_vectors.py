"""Each language's generated signing code reproduces every test vector, run in its real runtime.

The signing block is cut from the committed samples (between BEGIN/END SIGNING) and dropped into a
small harness (`harness/<key>.j2`) that also prints awkward string literals back as UTF-8 hex, so the
escaping filters are checked by the real parsers too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.languages import LANGUAGES
from generator.render import make_environment
from generator.sample_context import sample_spec
from generator.samples import sample_path

from tests.samples.runtime import ROOT, clean_env, run, signing_block

pytestmark = pytest.mark.runtime

VECTORS = json.loads((ROOT / "tests" / "vectors" / "signing.json").read_text("utf-8"))["vectors"]
EXPECTED_KEY = {"MD5": "md5", "HMAC-SHA256": "hmac_sha256"}  # algorithm name in x-signature → key in the vectors
LITERALS = [
    "plain",
    "",
    "it's \"quoted\" `tick`",
    "C:\\path\\to\\",
    "\\u0041 \\n \\\\",
    "$HOME ${x} $(id) #{x} {$x} %s %d",
    "line 1\nline 2\r\n\ttabbed",
    "金币 ✓ é 😀",
    "\x01\x1f\x7f",
]
HARNESS = Path(__file__).parent / "harness"


def the_block(spec, key: str) -> str:
    """The one signing block every signed sample of a language shares."""
    blocks = {
        op.id: signing_block((ROOT / sample_path(LANGUAGES[key], op.id)).read_text("utf-8"), op.id)
        for op in spec.operations
        if op.signed
    }
    assert len(set(blocks.values())) == 1, f"{key}: the signed samples differ in their signing code"
    return next(iter(blocks.values()))


def expected_lines(algorithms: list[dict]) -> list[str]:
    lines = [text.encode("utf-8").hex() for text in LITERALS]
    for vector in VECTORS:
        lines.append(vector["string_to_sign"])
        lines += [vector[EXPECTED_KEY[alg["name"]]] for alg in algorithms]
    return lines


def test_every_language_has_a_harness() -> None:
    missing = [key for key in LANGUAGES if not (HARNESS / f"{key}.j2").is_file()]
    assert missing == [], f"add tests/samples/harness/<key>.j2 for {missing}"


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_signing_code_reproduces_every_vector(key: str, spec, languages, tmp_path: Path) -> None:
    language = languages[key]
    algorithms = sample_spec(spec).signature["algorithms"]
    env = make_environment(HARNESS.parent)
    source = env.get_template(f"harness/{key}.j2").render(
        block=the_block(spec, key),
        vectors=[{"params": v["params"], "secret": v["secret"]} for v in VECTORS],
        algorithms=algorithms,
        literals=LITERALS,
    )
    harness = tmp_path / language.file_name("harness")
    harness.write_text(source, "utf-8")
    ran = run(language.argv(str(harness)), clean_env(), tmp_path)
    assert ran.returncode == 0, ran.explain()
    got = ran.stdout.split("\n")[:-1]
    want = expected_lines(algorithms)
    assert got == want, f"{key} differs from the vectors:\n" + "\n".join(
        f"  line {i + 1}: got {g!r}, want {w!r}" for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w
    )
