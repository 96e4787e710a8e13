"""token: POST /auth

Python 3, standard library only: python3 getToken.py
Settings come from the environment; the defaults are the sandbox's demo app.
"""

import os
import urllib.error
import urllib.parse
import urllib.request

BASE_URL = os.environ.get("PAYCONTRACT_BASE_URL") or "http://127.0.0.1:9000/api"
APP_ID = os.environ.get("PAYCONTRACT_APP_ID") or "7"
APP_SECRET = os.environ.get("PAYCONTRACT_APP_SECRET") or "s3cr'et $x"


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
    "app_id": APP_ID,
    "app_secret": APP_SECRET,
}
url = BASE_URL + "/auth"
print(send("POST", url, {}, form))
