"""Reading curl commands out of shell examples."""

from __future__ import annotations

import pytest

from paycontract.docs_check.curl import curl_commands, path_matches

SERVERS = ["https://api.example.com/v1", "http://127.0.0.1:8000/v1"]


@pytest.mark.parametrize(
    ("code", "method", "path", "params", "opaque"),
    [
        (
            'curl "https://api.example.com/v1/orders"\n  -d "app_id=1" \\\n  -d "amount=10"',
            "POST",
            "/orders",
            [("app_id", "1", "body"), ("amount", "10", "body")],
            False,
        ),
        ("curl -G https://api.example.com/v1/orders -d ids=a,b", "GET", "/orders", [("ids", "a,b", "query")], False),
        (
            "curl -XDELETE 'http://127.0.0.1:8000/v1/channels/chn_1?app_id=1'",
            "DELETE",
            "/channels/chn_1",
            [("app_id", "1", "query")],
            False,
        ),
        ('curl --request=PUT --url "$BASE_URL/x" --data-urlencode "a=$A"', "PUT", "/x", [("a", "$A", "body")], False),
        ('x=$(curl -sS "$BASE_URL/token" -d "@body.txt" | jq .)', "POST", "/token", [], True),
        ('curl -X GET "${BASE}/orders" "${args[@]}"', "GET", "/orders", [], True),
        ("curl https://other.example.com/v1/bills", "GET", "/bills", [], False),
    ],
)
def test_reading(code: str, method: str, path: str, params: list, opaque: bool) -> None:
    (curl,) = curl_commands(code, 10)
    assert (curl.line, curl.method, curl.path(SERVERS), curl.params, curl.opaque) == (10, method, path, params, opaque)


def test_no_curl_and_unbalanced_quotes_are_skipped() -> None:
    assert curl_commands('echo "curl is not run here"\nprintf x', 0) == []
    assert curl_commands('curl "https://api.example.com/v1/orders', 0) == []


def test_each_command_keeps_its_own_line() -> None:
    curls = curl_commands("set -e\ncurl -X POST $U/token\n\ncurl $U/orders \\\n  -G", 4)
    assert [(c.line, c.method) for c in curls] == [(5, "POST"), (7, "GET")]
    assert curls[1].line_of("-G") == 8


@pytest.mark.parametrize(
    ("path", "template", "matches"),
    [
        ("/channels/chn_1", "/channels/{id}", True),
        ("/channels/$ID", "/channels/{id}", True),
        ("/channels", "/channels/{id}", False),
        ("/orders/", "/orders", True),
        (None, "/orders", False),
    ],
)
def test_path_matches(path: str | None, template: str, matches: bool) -> None:
    assert path_matches(path, template) is matches
