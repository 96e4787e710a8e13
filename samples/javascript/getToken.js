// 获取Token: POST /token
// Node.js 18+, no packages: node getToken.js
// Settings come from the environment; the defaults are the sandbox's demo app.

const BASE_URL = process.env.PAYCONTRACT_BASE_URL || "http://127.0.0.1:8000/v1";
const APP_ID = process.env.PAYCONTRACT_APP_ID || "10001";
const APP_SECRET = process.env.PAYCONTRACT_APP_SECRET || "demo-secret-10001";

/** Send a request (form: a form body, or null) and return the response body. */
async function send(method, url, headers, form) {
  const init = { method, headers: { ...headers } };
  if (form !== null) {
    init.headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = new URLSearchParams(form).toString();
  }
  const response = await fetch(url, init);
  return response.text();
}

async function main() {
  const form = {
    "app_id": APP_ID,
    "app_secret": APP_SECRET,
  };
  const url = BASE_URL + "/token";
  const headers = {};
  console.log(await send("POST", url, headers, form));
}

main();
