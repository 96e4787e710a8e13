"""`load_document` line numbers: a mapping member is at its key, a list item at its first line."""

from __future__ import annotations

from pathlib import Path

from paycontract.spec import load_document

TEXT = """\
openapi: 3.1.0
paths:
  /orders:
    post:
      responses:
        "200":
          description: ok
      tags:
        - a
        - b
      summary: x
      summary: y
"""


def test_lines_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(TEXT, encoding="utf-8")
    doc = load_document(path)
    assert doc.line_of("/paths/~1orders/post") == 4
    assert doc.line_of("/paths/~1orders/post/responses/200") == 6
    assert doc.line_of("/paths/~1orders/post/responses/200/description") == 7
    assert doc.line_of("/paths/~1orders/post/tags/1") == 10
    assert doc.line_of("/paths/~1orders/post/responses/404/content") == 5  # nearest ancestor
    assert doc.line_of("/paths/~1orders/post/summary") == 11  # the first of two
    assert doc.duplicate_keys == [("/paths/~1orders/post/summary", 12)]
    assert doc.data["paths"]["/orders"]["post"]["summary"] == "y"
