#!/usr/bin/env bash
# token: POST /auth
# bash and curl 7.87+: bash getToken.sh
# Settings come from the environment; the defaults are the sandbox's demo app.
set -euo pipefail

BASE_URL=${PAYCONTRACT_BASE_URL:-http://127.0.0.1:9000/api}
APP_ID=${PAYCONTRACT_APP_ID:-7}
APP_SECRET=${PAYCONTRACT_APP_SECRET:-'s3cr'\''et $x'}

form=(
  "app_id=$APP_ID"
  "app_secret=$APP_SECRET"
)

args=()
for pair in "${form[@]}"; do args+=(--data-urlencode "$pair"); done
curl -sS -X POST "$BASE_URL/auth" "${args[@]}"
echo
