#!/usr/bin/env bash
# 支付: POST /payments
# bash and curl 7.87+ (and openssl to sign): bash pay.sh
# Settings come from the environment; the defaults are the sandbox's demo app.
set -euo pipefail

BASE_URL=${PAYCONTRACT_BASE_URL:-http://localhost:7000}
MERCHANT=${PAYCONTRACT_MERCHANT:-m-1}
API_KEY=${PAYCONTRACT_API_KEY:-k-1}

# ---- BEGIN SIGNING ----
# string_to_sign SECRET NAME=VALUE...: all pairs but signature and the empty ones, sorted by name, joined; then the key.
string_to_sign() {
  local secret=$1 pair joined
  shift
  joined=$(for pair in "$@"; do
    if [ "${pair%%=*}" != signature ] && [ -n "${pair#*=}" ]; then printf '%s\0' "$pair"; fi
  done | LC_ALL=C sort -z -t= -k1,1 | tr '\0' '&')
  printf '%s%s%s' "${joined%&}" '&secret=' "$secret"
}

# sign SECRET SIGNATURE_METHOD NAME=VALUE...: the signature parameter in uppercase hex; 1: MD5, 2: HMAC-SHA256 (default 1).
sign() {
  local secret=$1 sign_type=${2:-1}
  shift 2
  case $sign_type in
    1) string_to_sign "$secret" "$@" | openssl dgst -md5 -r ;;
    2) string_to_sign "$secret" "$@" | openssl dgst -sha256 -hmac "$secret" -r ;;
    *) echo "unknown signature_method $sign_type" >&2; return 1 ;;
  esac | cut -d' ' -f1 | tr a-f A-F
}
# ---- END SIGNING ----

token=$(curl -sS -X POST "$BASE_URL/session" --data-urlencode "merchant=$MERCHANT" --data-urlencode "api_key=$API_KEY" |
  sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')

form=(
  "merchant=$MERCHANT"
  amount=5
)
form+=("signature=$(sign "$API_KEY" "" "${form[@]}")")

args=()
for pair in "${form[@]}"; do args+=(--data-urlencode "$pair"); done
curl -sS -X POST "$BASE_URL/payments" -H "access_token: $token" "${args[@]}"
echo
