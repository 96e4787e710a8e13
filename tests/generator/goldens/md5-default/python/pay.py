"""支付: POST /payments

Python 3, standard library only: python3 pay.py
Settings come from the environment; the defaults are the sandbox's demo app.
"""

import hashlib
import hmac
import json
import os
import urllib.error
import urllib.parse
import urllib.request

BASE_URL = os.environ.get("PAYCONTRACT_BASE_URL") or "http://localhost:7000"
MERCHANT = os.environ.get("PAYCONTRACT_MERCHANT") or "m-1"
API_KEY = os.environ.get("PAYCONTRACT_API_KEY") or "k-1"


# ---- BEGIN SIGNING ----
def string_to_sign(params, secret):
    """All parameters but signature and the empty ones, sorted by name, joined; then the key."""
    kept = sorted((name, value) for name, value in params.items() if name != "signature" and value != "")
    pairs = [name + "=" + value for name, value in kept]
    return "&".join(pairs) + "&secret=" + secret


def sign(params, secret, sign_type):
    """The signature parameter in uppercase hex; signature_method 1: MD5, 2: HMAC-SHA256 (default 1)."""
    message = string_to_sign(params, secret).encode("utf-8")
    sign_type = sign_type or "1"
    if sign_type == "1":
        return hashlib.new("md5", message).hexdigest().upper()
    if sign_type == "2":
        return hmac.new(secret.encode("utf-8"), message, "sha256").hexdigest().upper()
    raise ValueError("unknown signature_method " + sign_type)


# ---- END SIGNING ----


def send(method, url, headers, form):
    """Send a request (form: a dict for a form body, or None) and return the response body."""
    data = None if form is None else urllib.parse.urlencode(form).encode("ascii")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # 4xx and 5xx answer with the same JSON envelope
        return error.read().decode("utf-8")


token_form = {"merchant": MERCHANT, "api_key": API_KEY}
token = json.loads(send("POST", BASE_URL + "/session", {}, token_form))["session"]["access_token"]

form = {
    "merchant": MERCHANT,
    "amount": "5",
}
form["signature"] = sign(form, API_KEY, form.get("signature_method"))
url = BASE_URL + "/payments"
print(send("POST", url, {"access_token": token}, form))
