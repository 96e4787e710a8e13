"""The sandbox's signature 401 says which string it signed (secret masked); off the sandbox it never does."""

from __future__ import annotations

from paycontract.launcher import DEMO_APPS
from tests.reference_impl.conftest import StartServer
from tests.support.client import SignedClient
from tests.support.envelope import assert_error

APP_ID, SECRET, _MERCHANT = DEMO_APPS[0]
SIGNED = f"amount=1&app_id={APP_ID}&pay_type=1&sign_type=2&key=***"


def tampered_401(client: SignedClient) -> str:
    """Send an order whose amount is changed after signing; return the 401's message."""
    request = client.prepare("POST", "/orders", {"pay_type": 1, "amount": 1000, "sign_type": 2})
    assert request.content is not None
    body = request.content.replace(b"amount=1000", b"amount=1")
    response = client.http.post(request.url, headers=request.headers, content=body)
    assert_error(response, 401, "sign")
    return str(response.json()["message"])


def test_the_sandbox_shows_the_string_it_signed_never_the_secret(start: StartServer) -> None:
    server = start(env={"PAYCONTRACT_SANDBOX": "1"})
    with SignedClient(server.base_url, APP_ID, SECRET) as client:
        message = tampered_401(client)
    assert message.endswith(f"the sandbox signed: {SIGNED}"), message
    assert SECRET not in message


def test_off_the_sandbox_the_401_shows_neither(start: StartServer) -> None:
    server = start(env={"PAYCONTRACT_SANDBOX": "0"})
    with SignedClient(server.base_url, APP_ID, SECRET) as client:
        message = tampered_401(client)
    assert message == "invalid sign: it does not match the parameters as sent"
    assert SECRET not in message and "key=" not in message and "amount=" not in message
