"""会话: POST /session

Python 3, standard library only: python3 openSession.py
Settings come from the environment; the defaults are the sandbox's demo app.
"""

import os
import urllib.error
import urllib.parse
import urllib.request

BASE_URL = os.environ.get("PAYCONTRACT_BASE_URL") or "http://localhost:7000"
MERCHANT = os.environ.get("PAYCONTRACT_MERCHANT") or "m-1"
API_KEY = os.environ.get("PAYCONTRACT_API_KEY") or "k-1"


def send(method, url, headers, form):
    """Send a request (form: a dict for a form body, or None) and return the response body."""
    data = None if form is None else urllib.parse.urlencode(form).encode("ascii")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # 4xx and 5xx answer with the same JSON envelope
        return error.read().decode("utf-8")


form = {
    "merchant": MERCHANT,
    "api_key": API_KEY,
}
url = BASE_URL + "/session"
print(send("POST", url, {}, form))
