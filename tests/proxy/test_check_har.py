"""`paycontract check-har` on hand-written HAR files: the formats exporters use, and malformed files."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.proxy.running import check_har
from tests.support.specs import edited_spec

TOKEN_BODY = {"code": 0, "message": "success", "data": {"access_token": "tok-1", "expires_in": 7200}}


def _entry(request: dict, status: int, body: bytes, *, base64_body: bool = False) -> dict:
    text = base64.b64encode(body).decode() if base64_body else body.decode()
    content = {"size": len(body), "mimeType": "application/json", "text": text}
    if base64_body:
        content["encoding"] = "base64"
    headers = [{"name": "Content-Type", "value": "application/json"}, {"name": "Content-Encoding", "value": "gzip"}]
    return {
        "startedDateTime": "2026-12-03T07:00:00.000Z",
        "time": 1.5,
        "request": {"httpVersion": "HTTP/1.1", "headers": [], "queryString": [], **request},
        "response": {"status": status, "headers": headers, "content": content},
    }


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "traffic.har"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_form_params_and_base64_content_are_read_as_sent(tmp_path: Path) -> None:
    form = "application/x-www-form-urlencoded"
    params = [{"name": "app_id", "value": "10001"}, {"name": "app_secret", "value": "s"}]
    token = {"method": "POST", "url": "http://x/v1/token", "postData": {"mimeType": form, "params": params}}
    bad_post = {"mimeType": form, "text": "app_id=1&app_secret=s"}
    bad = {"method": "POST", "url": "http://x/v1/token", "postData": bad_post}
    entries = [
        _entry(token, 200, json.dumps(TOKEN_BODY).encode(), base64_body=True),
        _entry(bad, 200, b'{"code": 0, "message": "success", "data": null}'),
    ]
    outcome = check_har(_write(tmp_path, {"log": {"version": "1.2", "entries": entries}}), tmp_path)
    assert outcome.exit_code == 1, outcome.output
    assert outcome.exchanges[0]["failures"] == []
    assert outcome.checks("server") == {"response_schema"}


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ("not json", "not JSON"),
        ({"entries": []}, "log must be an object"),
        ({"log": {"entries": [{"request": {"method": "GET"}, "response": {"status": 200}}]}}, "request.url"),
        ({"log": {"entries": [{"request": {"method": "GET", "url": "/v1/x"}, "response": {}}]}}, "response.status"),
    ],
)
def test_a_malformed_har_is_one_line_and_exit_2(tmp_path: Path, document: object, says: str) -> None:
    path = tmp_path / "traffic.har"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    outcome = check_har(path, tmp_path)
    assert outcome.exit_code == 2
    assert len(outcome.output.strip().splitlines()) == 1, outcome.output
    assert says in outcome.output and "Traceback" not in outcome.output


def test_a_missing_har_is_one_line_and_exit_2(tmp_path: Path) -> None:
    outcome = check_har(tmp_path / "absent.har", tmp_path)
    assert outcome.exit_code == 2
    assert "file not found" in outcome.output


def test_an_entry_whose_body_was_left_out_is_judged_on_its_request_and_status_only(tmp_path: Path) -> None:
    query = {"method": "GET", "url": "http://x/v1/orders?ids=o1&app_id=10001&sign=" + "A" * 64}
    entry = _entry(query, 200, b"")
    entry["response"]["content"] = {"size": 512, "mimeType": "application/json"}
    outcome = check_har(_write(tmp_path, {"log": {"version": "1.2", "entries": [entry]}}), tmp_path)
    assert outcome.checks("server") == {"signature"}, outcome.output


def test_a_spec_that_lacks_an_operation_the_checks_need_is_one_line_and_exit_2(tmp_path: Path) -> None:
    spec = edited_spec(tmp_path / "no-bills.yaml", lambda document: document["paths"].pop("/bills"))
    har = _write(tmp_path, {"log": {"version": "1.2", "entries": []}})
    outcome = check_har(har, tmp_path, "--spec", str(spec))
    assert outcome.exit_code == 2
    assert outcome.output.strip().splitlines() == [
        f"paycontract check-har: {spec}: the spec has no operation with x-role bill; check-har needs it"
    ]
