// two path parameters: DELETE /shops/{shop_id}/items/{item-id}
// Node.js 18+, no packages: node pathParams.js
// Settings come from the environment; the defaults are the sandbox's demo app.
// Set PAYCONTRACT_PARAM_ITEM_ID to the data to act on (default: the spec's example).
// PAYCONTRACT_PARAM_SHOP_ID names the data to act on; unset, the sample first creates it with
// find a shop (GET /shops).
const crypto = require("node:crypto");

const BASE_URL = process.env.PAYCONTRACT_BASE_URL || "http://127.0.0.1:9000/api";
const APP_ID = process.env.PAYCONTRACT_APP_ID || "7";
const APP_SECRET = process.env.PAYCONTRACT_APP_SECRET || "s3cr'et $x";

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
  const token = JSON.parse(await send("POST", BASE_URL + "/auth", {}, tokenForm))["data"]["token"];

  let SHOP_ID = process.env.PAYCONTRACT_PARAM_SHOP_ID;
  if (!SHOP_ID) { // none given: find a shop creates one
    const setup = { "app_id": APP_ID, "city": "上海 & co", "sign_type": "1" };
    setup["sign"] = sign(setup, APP_SECRET, setup["sign_type"]);
    const answer = await send("GET", BASE_URL + "/shops" + "?" + new URLSearchParams(setup), { "token": token }, null);
    SHOP_ID = JSON.parse(answer)["data"]["shop"]["id"];
  }

  const path = {
    "shop_id": SHOP_ID,
    "item-id": process.env.PAYCONTRACT_PARAM_ITEM_ID || "it_9",
  };
  const query = {
    "app_id": APP_ID,
    "sign_type": "2",
  };
  query["sign"] = sign({ ...path, ...query }, APP_SECRET, query["sign_type"]);
  const url = BASE_URL + "/shops/" + encodeURIComponent(path["shop_id"]) + "/items/" + encodeURIComponent(path["item-id"]) + "?" + new URLSearchParams(query);
  const headers = { "token": token };
  console.log(await send("DELETE", url, headers, null));
}

main();
