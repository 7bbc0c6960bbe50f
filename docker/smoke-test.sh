#!/usr/bin/env bash
# End-to-end smoke test against running services (local stack or containers): the teller opens two
# accounts for a customer, the customer transfers money between them, and the test waits until the
# view shows the transfer COMPLETED and both balances moved. Prints each step; exits non-zero with
# the reason on the first failure.
#   docker/smoke-test.sh [ACCOUNTS_URL TRANSFERS_URL VIEW_URL]
# Defaults: http://localhost:8081 http://localhost:8082 http://localhost:8083; auth-service at AUTH_URL
# (default http://localhost:9000). Tokens come from docker/token.sh: the customer SMOKE_CUSTOMER
# (default alice) with password SMOKE_PASSWORD (default: EVENTBANK_<CUSTOMER>_PASSWORD), and the
# teller's client secret, both from the environment or EVENTBANK_SECRETS_FILE (default
# .local-stack/data/secrets.env when it exists, as ./run-local.sh writes it). SMOKE_TELLER_TOKEN and
# SMOKE_CUSTOMER_TOKEN, when both are set, are used instead (auth-service is then not needed).
# SMOKE_TIMEOUT (seconds, default 60) bounds every wait. Needs bash, curl, awk, openssl.
set -euo pipefail

accounts_url=${1:-http://localhost:8081}
transfers_url=${2:-http://localhost:8082}
view_url=${3:-http://localhost:8083}
timeout=${SMOKE_TIMEOUT:-60}

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${EVENTBANK_SECRETS_FILE:-}" ] && [ -f "$here/../.local-stack/data/secrets.env" ]; then
  export EVENTBANK_SECRETS_FILE="$here/../.local-stack/data/secrets.env"
fi
if [ -n "${EVENTBANK_SECRETS_FILE:-}" ]; then
  # shellcheck source=/dev/null
  . "$EVENTBANK_SECRETS_FILE"
fi
customer=${SMOKE_CUSTOMER:-alice}
password_variable="EVENTBANK_$(printf '%s' "$customer" | tr '[:lower:]' '[:upper:]')_PASSWORD"
password=${SMOKE_PASSWORD:-${!password_variable:-}}
token=""

body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
status=""
body=""

step() { echo "smoke: $*"; }
fail() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}

# http METHOD URL [JSON] -> sets $status and $body
http() {
  local args=(-sS -o "$body_file" -w '%{http_code}' -X "$1" -H 'Accept: application/json' \
    -H "X-Correlation-Id: smoke-$run_id" --max-time 15)
  if [ -n "$token" ]; then
    args+=(-H "Authorization: Bearer $token")
  fi
  if [ $# -ge 3 ]; then
    args+=(-H 'Content-Type: application/json' --data "$3")
  fi
  status=$(curl "${args[@]}" "$2") || status=000
  body=$(cat "$body_file")
}

# json_field NAME: the value of the first "NAME": string or number in $body
json_field() {
  printf '%s' "$body" | tr -d '\n' | awk -v key="\"$1\"" '{
    i = index($0, key)
    if (i == 0) exit
    rest = substr($0, i + length(key))
    sub(/^[ \t]*:[ \t]*/, "", rest)
    if (substr(rest, 1, 1) == "\"") {
      rest = substr(rest, 2)
      print substr(rest, 1, index(rest, "\"") - 1)
    } else {
      match(rest, /^[^,} \t\]]*/)
      print substr(rest, 1, RLENGTH)
    }
  }'
}

# same_amount A B: numerically equal money amounts ("75.00" = 75 = 75.0)
same_amount() {
  awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 == b + 0) }'
}

run_id="$(date +%s)-$$"

auth_url=${AUTH_URL:-http://localhost:9000}
export AUTH_URL=$auth_url
teller_token=${SMOKE_TELLER_TOKEN:-}
customer_token=${SMOKE_CUSTOMER_TOKEN:-}
urls=("$accounts_url" "$transfers_url" "$view_url")
if [ -z "$teller_token" ] || [ -z "$customer_token" ]; then
  urls=("$auth_url" "${urls[@]}")
fi
step "waiting for readiness of ${urls[*]} (up to ${timeout}s)"
for url in "${urls[@]}"; do
  deadline=$((SECONDS + timeout))
  until http GET "$url/actuator/health/readiness" && [ "$status" = 200 ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$url/actuator/health/readiness answered $status: $body"
    sleep 1
  done
done

if [ -z "$teller_token" ] || [ -z "$customer_token" ]; then
  [ -n "$password" ] || fail "no password for $customer: set SMOKE_PASSWORD or $password_variable (EVENTBANK_SECRETS_FILE)"
  step "getting tokens: the teller's and $customer's (docker/token.sh)"
  teller_token=$("$here/token.sh" --teller) || fail "docker/token.sh --teller failed"
  customer_token=$("$here/token.sh" "$customer" "$password") || fail "docker/token.sh $customer failed"
fi

open_account() {
  token=$teller_token
  http POST "$accounts_url/accounts" \
    "{\"ownerId\":\"$customer\",\"title\":\"$1\",\"initialBalance\":\"$2\"}"
  [ "$status" = 201 ] || fail "POST /accounts ($1) answered $status: $body"
  account_id=$(json_field accountId)
  [ -n "$account_id" ] || fail "POST /accounts ($1) answered without accountId: $body"
}

step "opening account 'smoke from' with 100.00"
open_account "smoke from" "100.00"
from_id=$account_id
step "  -> $from_id"
step "opening account 'smoke to' with 10.00"
open_account "smoke to" "10.00"
to_id=$account_id
step "  -> $to_id"

step "transferring 25.00 from $from_id to $to_id as $customer"
token=$customer_token
deadline=$((SECONDS + timeout))
while :; do
  http POST "$transfers_url/transfers" \
    "{\"fromAccountId\":\"$from_id\",\"toAccountId\":\"$to_id\",\"amount\":\"25.00\",\"description\":\"smoke test $run_id\"}"
  [ "$status" = 201 ] && break
  # 422 while the transfers service has not yet seen the new accounts; anything else is a failure
  if [ "$status" != 422 ] || [ "$SECONDS" -ge "$deadline" ]; then
    fail "POST /transfers answered $status: $body"
  fi
  step "  transfers service does not know the accounts yet ($status), retrying"
  sleep 1
done
transfer_id=$(json_field transferId)
transfer_version=$(json_field version)
[ -n "$transfer_id" ] || fail "POST /transfers answered without transferId: $body"
step "  -> transfer $transfer_id (version ${transfer_version:-?})"

step "waiting for the view to show the transfer COMPLETED"
deadline=$((SECONDS + timeout))
while :; do
  http GET "$view_url/transfers/$transfer_id?minVersion=${transfer_version:-1}&waitMs=2000"
  transfer_status=""
  [ "$status" = 200 ] && transfer_status=$(json_field status)
  case "$transfer_status" in
    COMPLETED) break ;;
    FAILED* | REFUNDED | REFUND_PENDING) fail "transfer $transfer_id ended $transfer_status: $body" ;;
  esac
  [ "$SECONDS" -lt "$deadline" ] || fail "transfer $transfer_id not COMPLETED within ${timeout}s; last answer $status: $body"
  sleep 1
done
step "  -> COMPLETED"

# Opened (version 1), then debited / credited (version 2): wait for that version in the view.
expect_balance() {
  local id=$1 expected=$2 deadline=$((SECONDS + timeout)) balance=""
  while :; do
    http GET "$view_url/accounts/$id?minVersion=2&waitMs=2000"
    if [ "$status" = 200 ]; then
      balance=$(json_field balance)
      same_amount "$balance" "$expected" && break
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "account $id: expected balance $expected, view answered $status: $body"
    sleep 1
  done
  step "  -> $id balance $balance"
}
step "checking balances in the view (from 75.00, to 35.00)"
expect_balance "$from_id" 75.00
expect_balance "$to_id" 35.00

step "OK: two accounts opened, 25.00 transferred, view up to date"
