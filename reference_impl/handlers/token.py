"""`POST /token`: exchange an app's id and secret for an access token."""

from __future__ import annotations

from reference_impl.responses import success
from reference_impl.state import Call


async def get_token(call: Call) -> bytes:
    """Issue a token valid for the configured lifetime (401 on a wrong id or secret)."""
    tokens = call.state.tokens
    access_token = await tokens.issue(call.params["app_id"], call.params["app_secret"])
    return success({"access_token": access_token, "expires_in": tokens.ttl})
