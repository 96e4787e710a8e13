// 会话: POST /session
// Node.js 18+, no packages: node openSession.js
// Settings come from the environment; the defaults are the sandbox's demo app.

const BASE_URL = process.env.PAYCONTRACT_BASE_URL || "http://localhost:7000";
const MERCHANT = process.env.PAYCONTRACT_MERCHANT || "m-1";
const API_KEY = process.env.PAYCONTRACT_API_KEY || "k-1";

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
    "merchant": MERCHANT,
    "api_key": API_KEY,
  };
  const url = BASE_URL + "/session";
  const headers = {};
  console.log(await send("POST", url, headers, form));
}

main();
