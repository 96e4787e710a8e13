"""删除渠道: DELETE /channels/{id}

Python 3, standard library only: python3 deleteChannel.py
Settings come from the environment; the defaults are the sandbox's demo app.
PAYCONTRACT_PARAM_ID names the data to act on; unset, the sample first creates it with
添加渠道 (POST /channels).
"""

import hashlib
import hmac
import json
import os
import urllib.error
import urllib.parse
import urllib.request

BASE_URL = os.environ.get("PAYCONTRACT_BASE_URL") or "http://127.0.0.1:8000/v1"
APP_ID = os.environ.get("PAYCONTRACT_APP_ID") or "10001"
APP_SECRET = os.environ.get("PAYCONTRACT_APP_SECRET") or "demo-secret-10001"


# ---- BEGIN SIGNING ----
def string_to_sign(params, secret):
    """All parameters but sign and the empty ones, sorted by name, joined; then the key."""
    kept = sorted((name, value) for name, value in params.items() if name != "sign" and value != "")
    pairs = [name + "=" + value for name, value in kept]
    return "&".join(pairs) + "&key=" + secret


def sign(params, secret, sign_type):
    """The sign parameter in uppercase hex; sign_type 1: MD5, 2: HMAC-SHA256 (default 2)."""
    message = string_to_sign(params, secret).encode("utf-8")
    sign_type = sign_type or "2"
    if sign_type == "1":
        return hashlib.new("md5", message).hexdigest().upper()
    if sign_type == "2":
        return hmac.new(secret.encode("utf-8"), message, "sha256").hexdigest().upper()
    raise ValueError("unknown sign_type " + sign_type)


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


token_form = {"app_id": APP_ID, "app_secret": APP_SECRET}
token = json.loads(send("POST", BASE_URL + "/token", {}, token_form))["data"]["access_token"]

ID = os.environ.get("PAYCONTRACT_PARAM_ID")
if not ID:  # none given: 添加渠道 creates one
    setup = {"app_id": APP_ID, "name": "alipay-backup", "pay_type": "1", "platform": "1", "sign_type": "2"}
    setup["sign"] = sign(setup, APP_SECRET, setup.get("sign_type"))
    answer = send("POST", BASE_URL + "/channels", {"access_token": token}, setup)
    ID = json.loads(answer)["data"]["id"]

path = {
    "id": ID,
}
query = {
    "app_id": APP_ID,
    "sign_type": "2",
}
query["sign"] = sign({**path, **query}, APP_SECRET, query.get("sign_type"))
url = BASE_URL + "/channels/" + urllib.parse.quote(path["id"], safe="") + "?" + urllib.parse.urlencode(query)
print(send("DELETE", url, {"access_token": token}, None))
