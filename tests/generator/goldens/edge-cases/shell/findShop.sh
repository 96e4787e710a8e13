#!/usr/bin/env bash
# find a shop: GET /shops
# bash and curl 7.87+ (and openssl to sign): bash findShop.sh
# Settings come from the environment; the defaults are the sandbox's demo app.
set -euo pipefail

BASE_URL=${PAYCONTRACT_BASE_URL:-http://127.0.0.1:9000/api}
APP_ID=${PAYCONTRACT_APP_ID:-7}
APP_SECRET=${PAYCONTRACT_APP_SECRET:-'s3cr'\''et $x'}

# ---- BEGIN SIGNING ----
# string_to_sign SECRET NAME=VALUE...: all pairs but sign and the empty ones, sorted by name, joined; then the key.
string_to_sign() {
  local secret=$1 pair joined
  shift
  joined=$(for pair in "$@"; do
    if [ "${pair%%=*}" != sign ] && [ -n "${pair#*=}" ]; then printf '%s\0' "$pair"; fi
  done | LC_ALL=C sort -z -t= -k1,1 | tr '\0' '&')
  printf '%s%s%s' "${joined%&}" '&key=' "$secret"
}

# sign SECRET SIGN_TYPE NAME=VALUE...: the sign parameter in uppercase hex; 1: MD5, 2: HMAC-SHA256 (default 2).
sign() {
  local secret=$1 sign_type=${2:-2}
  shift 2
  case $sign_type in
    1) string_to_sign "$secret" "$@" | openssl dgst -md5 -r ;;
    2) string_to_sign "$secret" "$@" | openssl dgst -sha256 -hmac "$secret" -r ;;
    *) echo "unknown sign_type $sign_type" >&2; return 1 ;;
  esac | cut -d' ' -f1 | tr a-f A-F
}
# ---- END SIGNING ----

token=$(curl -sS -X POST "$BASE_URL/auth" --data-urlencode "app_id=$APP_ID" --data-urlencode "app_secret=$APP_SECRET" |
  sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')

SIGN_TYPE=1  # 1: MD5, 2: HMAC-SHA256
query=(
  "app_id=$APP_ID"
  'city=上海 & co'
  "sign_type=$SIGN_TYPE"
)
query+=("sign=$(sign "$APP_SECRET" "$SIGN_TYPE" "${query[@]}")")

args=()
for pair in "${query[@]}"; do args+=(--url-query "$pair"); done
curl -sS -X GET "$BASE_URL/shops" -H "token: $token" "${args[@]}"
echo
