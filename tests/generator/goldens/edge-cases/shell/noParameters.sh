#!/usr/bin/env bash
# no parameters, no body, no token, no signature: GET /health
# bash and curl 7.87+: bash noParameters.sh
# Settings come from the environment; the defaults are the sandbox's demo app.
set -euo pipefail

BASE_URL=${PAYCONTRACT_BASE_URL:-http://127.0.0.1:9000/api}
APP_ID=${PAYCONTRACT_APP_ID:-7}
APP_SECRET=${PAYCONTRACT_APP_SECRET:-'s3cr'\''et $x'}


args=()
curl -sS -X GET "$BASE_URL/health" "${args[@]}"
echo
