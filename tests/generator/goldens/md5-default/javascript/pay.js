// 支付: POST /payments
// Node.js 18+, no packages: node pay.js
// Settings come from the environment; the defaults are the sandbox's demo app.
const crypto = require("node:crypto");

const BASE_URL = process.env.PAYCONTRACT_BASE_URL || "http://localhost:7000";
const MERCHANT = process.env.PAYCONTRACT_MERCHANT || "m-1";
const API_KEY = process.env.PAYCONTRACT_API_KEY || "k-1";

// ---- BEGIN SIGNING ----
/** All parameters but signature and the empty ones, sorted by name, joined; then the key. */
function stringToSign(params, secret) {
  const pairs = Object.entries(params)
    .filter(([name, value]) => name !== "signature" && value !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => name + "=" + value);
  return pairs.join("&") + "&secret=" + secret;
}

/** The signature parameter in uppercase hex; signature_method 1: MD5, 2: HMAC-SHA256 (default 1). */
function sign(params, secret, signType) {
  const message = stringToSign(params, secret);
  switch (signType || "1") {
    case "1":
      return crypto.createHash("md5").update(message, "utf8").digest("hex").toUpperCase();
    case "2":
      return crypto.createHmac("sha256", secret).update(message, "utf8").digest("hex").toUpperCase();
    default:
      throw new Error(`unknown signature_method ${signType}`);
  }
}
// ---- END SIGNING ----

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
  const tokenForm = { "merchant": MERCHANT, "api_key": API_KEY };
  const token = JSON.parse(await send("POST", BASE_URL + "/session", {}, tokenForm))["session"]["access_token"];

  const form = {
    "merchant": MERCHANT,
    "amount": "5",
  };
  form["signature"] = sign(form, API_KEY, form["signature_method"]);
  const url = BASE_URL + "/payments";
  const headers = { "access_token": token };
  console.log(await send("POST", url, headers, form));
}

main();
