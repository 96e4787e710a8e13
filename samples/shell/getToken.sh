#!/usr/bin/env bash
# 获取Token: POST /token
# bash and curl 7.87+: bash getToken.sh
# Settings come from the environment; the defaults are the sandbox's demo app.
set -euo pipefail

BASE_URL=${PAYCONTRACT_BASE_URL:-http://127.0.0.1:8000/v1}
APP_ID=${PAYCONTRACT_APP_ID:-10001}
APP_SECRET=${PAYCONTRACT_APP_SECRET:-demo-secret-10001}

form=(
  "app_id=$APP_ID"
  "app_secret=$APP_SECRET"
)

args=()
for pair in "${form[@]}"; do args+=(--data-urlencode "$pair"); done
curl -sS -X POST "$BASE_URL/token" "${args[@]}"
echo
