"""two path parameters: DELETE /shops/{shop_id}/items/{item-id}

Python 3, standard library only: python3 pathParams.py
Settings come from the environment; the defaults are the sandbox's demo app.
Set PAYCONTRACT_PARAM_ITEM_ID to the data to act on (default: the spec's example).
PAYCONTRACT_PARAM_SHOP_ID names the data to act on; unset, the sample first creates it with
find a shop (GET /shops).
"""

import hashlib
import hmac
import json
import os
import urllib.error
import urllib.parse
import urllib.request

BASE_URL = os.environ.get("PAYCONTRACT_BASE_URL") or "http://127.0.0.1:9000/api"
APP_ID = os.environ.get("PAYCONTRACT_APP_ID") or "7"
APP_SECRET = os.environ.get("PAYCONTRACT_APP_SECRET") or "s3cr'et $x"


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
token = json.loads(send("POST", BASE_URL + "/auth", {}, token_form))["data"]["token"]

SHOP_ID = os.environ.get("PAYCONTRACT_PARAM_SHOP_ID")
if not SHOP_ID:  # none given: find a shop creates one
    setup = {"app_id": APP_ID, "city": "上海 & co", "sign_type": "1"}
    setup["sign"] = sign(setup, APP_SECRET, setup.get("sign_type"))
    answer = send("GET", BASE_URL + "/shops" + "?" + urllib.parse.urlencode(setup), {"token": token}, None)
    SHOP_ID = json.loads(answer)["data"]["shop"]["id"]

path = {
    "shop_id": SHOP_ID,
    "item-id": os.environ.get("PAYCONTRACT_PARAM_ITEM_ID") or "it_9",
}
query = {
    "app_id": APP_ID,
    "sign_type": "2",
}
query["sign"] = sign({**path, **query}, APP_SECRET, query.get("sign_type"))
url = BASE_URL + "/shops/" + urllib.parse.quote(path["shop_id"], safe="") + "/items/" + urllib.parse.quote(path["item-id"], safe="") + "?" + urllib.parse.urlencode(query)
print(send("DELETE", url, {"token": token}, None))
