"""The edge-case samples put exactly their parameters on the wire, in every runtime.

A small loopback server (the standard library's) stands in for the API of `edge-cases.yaml`: it
percent-decodes the path, query and form body as a server would, checks `sign` with the spec's rule,
and answers what it received (beside its 200 example's `data`, so that a sample whose link-filled
parameter is unset finds the id there: pathParams gets its `shop_id` from findShop). Quotes, backslashes, `$`, CR/LF, `&`, `+`, `%`, non-ASCII and a path
parameter holding a space and a slash must all arrive unchanged and correctly signed.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from generator.goldens import FIXTURES_DIR, GOLDENS_DIR
from generator.languages import LANGUAGES
from generator.sample_context import sample_contexts
from paycontract.signing import SignatureRule
from paycontract.spec import Spec, load_spec
from tests.samples.runtime import clean_env, run

pytestmark = pytest.mark.runtime

SPEC: Spec = load_spec(FIXTURES_DIR / "edge-cases.yaml")
RULE = SignatureRule.from_spec(SPEC.signature_rule)
SECRET = "s3cr'et $x"  # the fixture's example app_secret
CONTEXTS = {c["op"]["id"]: c for c in sample_contexts(SPEC)}
SIGNED = [op_id for op_id, c in CONTEXTS.items() if c["op"]["signed"]]


def _route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The operation a request is for, and its path parameters percent-decoded."""
    for op in SPEC.operations:
        names = re.findall(r"\{([^}]+)\}", op.path)
        pattern = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(op.path))
        match = re.fullmatch(pattern, path)
        if op.method == method and match:
            return op.id, {name: unquote(value) for name, value in zip(names, match.groups(), strict=True)}
    return None


def _example_data(op_id: str) -> dict:
    """The `data` of the operation's 200 example: where a link finds the id another sample creates first."""
    example = SPEC.operation(op_id).response_example("200")
    data = example.get("data") if isinstance(example, dict) else None
    return data if isinstance(data, dict) else {}


class EchoHandler(BaseHTTPRequestHandler):
    """Answers what it was sent, and whether the signature matched."""

    def _answer(self) -> None:
        url = urlsplit(self.path)
        found = _route(self.command, url.path.removeprefix("/api"))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        if found is None:
            payload = {"code": 404, "message": f"no route {self.command} {url.path}", "data": None}
        elif found[0] == "getToken":
            payload = {"code": 0, "message": "ok", "data": {"token": "t-1", "expires_in": 60}}
        else:
            op_id, path = found
            query = parse_qsl(url.query, keep_blank_values=True)
            form = parse_qsl(body, keep_blank_values=True)
            pairs = [*path.items(), *query, *form]
            sent = dict(pairs)
            expected_sign = RULE.sign_pairs([(n, v) for n, v in pairs if n != "sign"], SECRET)
            signed_ok = sent.get("sign") == expected_sign
            data = {**_example_data(op_id), "op": op_id, "params": sent, "sign_ok": signed_ok, "token": self.headers.get("token")}
            payload = {"code": 0, "message": "ok", "data": data}
        raw = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def echo() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


def expected_params(op_id: str) -> dict[str, str]:
    """What the sample must send: each parameter's wire value (credentials: the example's)."""
    return {p["name"]: p["wire"] for p in CONTEXTS[op_id]["op"]["params"] if p["kind"] != "today"}


@pytest.mark.parametrize("op_id", SIGNED)
@pytest.mark.parametrize("key", list(LANGUAGES))
def test_parameters_arrive_intact_and_signed(key: str, op_id: str, echo: str, languages, tmp_path) -> None:
    language = languages[key]
    golden = GOLDENS_DIR / "edge-cases" / key / language.file_name(op_id)
    ran = run(language.argv(str(golden)), clean_env(PAYCONTRACT_BASE_URL=echo), tmp_path)
    assert ran.returncode == 0, ran.explain()
    answer = json.loads(ran.stdout)
    assert answer["code"] == 0, answer
    data = answer["data"]
    received = {k: v for k, v in data["params"].items() if k != "sign"}
    for name, value in expected_params(op_id).items():
        assert received.get(name) == value, f"{name}: sent {received.get(name)!r}, meant {value!r}"
    assert data["sign_ok"], f"signature does not match the spec's rule: {data}"
    assert data["token"] == "t-1"
