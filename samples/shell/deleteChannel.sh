#!/usr/bin/env bash
# 删除渠道: DELETE /channels/{id}
# bash and curl 7.87+ (and openssl to sign): bash deleteChannel.sh
# Settings come from the environment; the defaults are the sandbox's demo app.
# PAYCONTRACT_PARAM_ID names the data to act on; unset, the sample first creates it with
# 添加渠道 (POST /channels).
set -euo pipefail

BASE_URL=${PAYCONTRACT_BASE_URL:-http://127.0.0.1:8000/v1}
APP_ID=${PAYCONTRACT_APP_ID:-10001}
APP_SECRET=${PAYCONTRACT_APP_SECRET:-demo-secret-10001}

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


# urlencode VALUE: percent-encode one path segment (UTF-8).
urlencode() {
  local LC_ALL=C value=$1 i char
  for ((i = 0; i < ${#value}; i++)); do
    char=${value:i:1}
    case $char in
      [A-Za-z0-9._~-]) printf '%s' "$char" ;;
      *) printf '%%%02X' "'$char" ;;
    esac
  done
}

token=$(curl -sS -X POST "$BASE_URL/token" --data-urlencode "app_id=$APP_ID" --data-urlencode "app_secret=$APP_SECRET" |
  sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')

ID=${PAYCONTRACT_PARAM_ID:-}
if [ -z "$ID" ]; then  # none given: 添加渠道 creates one
  setup=("app_id=$APP_ID" name=alipay-backup pay_type=1 platform=1 sign_type=2)
  setup+=("sign=$(sign "$APP_SECRET" 2 "${setup[@]}")")
  args=()
  for pair in "${setup[@]}"; do args+=(--data-urlencode "$pair"); done
  # the new id: data.id of the answer (objects nested beside it are skipped)
  ID=$(curl -sS -X POST "$BASE_URL/channels" -H "access_token: $token" "${args[@]}" |
    sed -n 's/.*"data": *{\([^{}]\|{[^{}]*}\)*"id": *"\([^"]*\)".*/\2/p')
fi

SIGN_TYPE=2  # 1: MD5, 2: HMAC-SHA256
path=(
  "id=$ID"
)
query=(
  "app_id=$APP_ID"
  "sign_type=$SIGN_TYPE"
)
query+=("sign=$(sign "$APP_SECRET" "$SIGN_TYPE" "${path[@]}" "${query[@]}")")

args=()
for pair in "${query[@]}"; do args+=(--url-query "$pair"); done
curl -sS -X DELETE "$BASE_URL/channels/$(urlencode "$ID")" -H "access_token: $token" "${args[@]}"
echo
