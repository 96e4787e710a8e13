#!/usr/bin/env bash
# 会话: POST /session
# bash and curl 7.87+: bash openSession.sh
# Settings come from the environment; the defaults are the sandbox's demo app.
set -euo pipefail

BASE_URL=${PAYCONTRACT_BASE_URL:-http://localhost:7000}
MERCHANT=${PAYCONTRACT_MERCHANT:-m-1}
API_KEY=${PAYCONTRACT_API_KEY:-k-1}

form=(
  "merchant=$MERCHANT"
  "api_key=$API_KEY"
)

args=()
for pair in "${form[@]}"; do args+=(--data-urlencode "$pair"); done
curl -sS -X POST "$BASE_URL/session" "${args[@]}"
echo
