// no parameters, no body, no token, no signature: GET /health
// Node.js 18+, no packages: node noParameters.js
// Settings come from the environment; the defaults are the sandbox's demo app.

const BASE_URL = process.env.PAYCONTRACT_BASE_URL || "http://127.0.0.1:9000/api";
const APP_ID = process.env.PAYCONTRACT_APP_ID || "7";
const APP_SECRET = process.env.PAYCONTRACT_APP_SECRET || "s3cr'et $x";

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
  const url = BASE_URL + "/health";
  const headers = {};
  console.log(await send("GET", url, headers, null));
}

main();
