// 沙箱支付: POST /sandbox/orders/{id}/pay
// Node.js 18+, no packages: node paySandboxOrder.js
// Settings come from the environment; the defaults are the sandbox's demo app.
// PAYCONTRACT_PARAM_ID names the data to act on; unset, the sample first creates it with
// 订单创建 (POST /orders).
const crypto = require("node:crypto");

const BASE_URL = process.env.PAYCONTRACT_BASE_URL || "http://127.0.0.1:8000/v1";
const APP_ID = process.env.PAYCONTRACT_APP_ID || "10001";
const APP_SECRET = process.env.PAYCONTRACT_APP_SECRET || "demo-secret-10001";

// ---- BEGIN SIGNING ----
/** All parameters but sign and the empty ones, sorted by name, joined; then the key. */
function stringToSign(params, secret) {
  const pairs = Object.entries(params)
    .filter(([name, value]) => name !== "sign" && value !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => name + "=" + value);
  return pairs.join("&") + "&key=" + secret;
}

/** The sign parameter in uppercase hex; sign_type 1: MD5, 2: HMAC-SHA256 (default 2). */
function sign(params, secret, signType) {
  const message = stringToSign(params, secret);
  switch (signType || "2") {
    case "1":
      return crypto.createHash("md5").update(message, "utf8").digest("hex").toUpperCase();
    case "2":
      return crypto.createHmac("sha256", secret).update(message, "utf8").digest("hex").toUpperCase();
    default:
      throw new Error(`unknown sign_type ${signType}`);
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
  const tokenForm = { "app_id": APP_ID, "app_secret": APP_SECRET };
  const token = JSON.parse(await send("POST", BASE_URL + "/token", {}, tokenForm))["data"]["access_token"];

  let ID = process.env.PAYCONTRACT_PARAM_ID;
  if (!ID) { // none given: 订单创建 creates one
    const setup = { "app_id": APP_ID, "pay_type": "1", "amount": "1000", "sign_type": "2" };
    setup["sign"] = sign(setup, APP_SECRET, setup["sign_type"]);
    const answer = await send("POST", BASE_URL + "/orders", { "access_token": token }, setup);
    ID = JSON.parse(answer)["data"]["id"];
  }

  const path = {
    "id": ID,
  };
  const form = {
    "app_id": APP_ID,
    "sign_type": "2",
  };
  form["sign"] = sign({ ...path, ...form }, APP_SECRET, form["sign_type"]);
  const url = BASE_URL + "/sandbox/orders/" + encodeURIComponent(path["id"]) + "/pay";
  const headers = { "access_token": token };
  console.log(await send("POST", url, headers, form));
}

main();
