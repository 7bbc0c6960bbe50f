#!/usr/bin/env bash
# Prints an access token from auth-service on stdout.
#   docker/token.sh USER PASSWORD   a customer's token: authorization code + PKCE as the public eventbank-cli client
#   docker/token.sh --ops           the operations client's token (client credentials, scope eventbank.ops)
#   docker/token.sh --teller        the teller client's token (client credentials, scope eventbank.teller)
# AUTH_URL (default http://localhost:9000) is auth-service. TOKEN_REDIRECT_URI (default
# http://127.0.0.1:8976/callback) must be one of eventbank-cli's redirect URIs; nothing needs to listen
# there: the script reads the code off the redirect. Client secrets come from EVENTBANK_OPS_SECRET and
# EVENTBANK_TELLER_SECRET, else from EVENTBANK_SECRETS_FILE (default .local-stack/data/secrets.env, as
# ./run-local.sh writes it). Needs bash, curl and openssl; a failure is reported on stderr, exit 1.
set -euo pipefail

auth_url=${AUTH_URL:-http://localhost:9000}
auth_url=${auth_url%/}
redirect_uri=${TOKEN_REDIRECT_URI:-http://127.0.0.1:8976/callback}
here=$(cd "$(dirname "$0")" && pwd)

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() {
  echo "token.sh: $*" >&2
  exit 1
}

# The value of a string field of a flat JSON object.
json_field() {
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p"
}

base64url() {
  openssl base64 -A | tr '+/' '-_' | tr -d '='
}

# Answers "<status>\n<body>"; curl's own failures (no connection) end the script.
token_request() {
  curl -sS --max-time 30 -w '\n%{http_code}' "$@" "$auth_url/oauth2/token" \
    || die "cannot reach $auth_url/oauth2/token"
}

print_token() {
  local answer=$1 status body token
  status=${answer##*$'\n'}
  body=${answer%$'\n'*}
  token=$(printf '%s' "$body" | json_field access_token)
  if [ "$status" != 200 ] || [ -z "$token" ]; then
    die "the token endpoint answered $status: $body"
  fi
  printf '%s\n' "$token"
}

client_credentials() {
  local client=$1 scope=$2 variable=$3 secret
  secret=${!variable:-}
  if [ -z "$secret" ]; then
    local file=${EVENTBANK_SECRETS_FILE:-$here/../.local-stack/data/secrets.env}
    if [ -f "$file" ]; then
      secret=$(sed -n "s/^$variable=//p" "$file" | tail -n 1)
    fi
  fi
  [ -n "$secret" ] || die "no secret for $client: set $variable or EVENTBANK_SECRETS_FILE"
  print_token "$(token_request -u "$client:$secret" -d grant_type=client_credentials --data-urlencode "scope=$scope")"
}

authorization_code() {
  local username=$1 password=$2 jar verifier challenge state login csrf outcome location code
  jar=$(mktemp)
  # shellcheck disable=SC2064
  trap "rm -f '$jar'" EXIT
  verifier=$(openssl rand 32 | base64url)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64url)
  state=$(openssl rand -hex 16)

  curl -sS --max-time 30 -o /dev/null -c "$jar" -b "$jar" -G "$auth_url/oauth2/authorize" \
    -d response_type=code -d client_id=eventbank-cli -d scope=openid -d "state=$state" \
    -d "code_challenge=$challenge" -d code_challenge_method=S256 --data-urlencode "redirect_uri=$redirect_uri" \
    || die "cannot reach $auth_url/oauth2/authorize"
  login=$(curl -sS --max-time 30 -c "$jar" -b "$jar" "$auth_url/login") || die "cannot read $auth_url/login"
  csrf=$(printf '%s' "$login" | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -n 1)
  [ -n "$csrf" ] || die "no sign-in form at $auth_url/login"

  outcome=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode "username=$username" --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" \
    "$auth_url/login") || die "cannot reach $auth_url/login"
  location=${outcome#* }
  case "$location" in
    *"/login?error"*) die "sign-in refused for $username: wrong username or password" ;;
    "$auth_url/oauth2/authorize"*) ;;
    *) die "sign-in answered $outcome" ;;
  esac
  outcome=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" "$location") \
    || die "cannot reach $location"
  location=${outcome#* }
  case "$location" in
    "$redirect_uri?"*) ;;
    *) die "the authorization endpoint answered $outcome (is $redirect_uri a redirect URI of eventbank-cli?)" ;;
  esac
  case "$location" in
    *"error="*) die "authorization refused: ${location#*\?}" ;;
    *"state=$state"*) ;;
    *) die "the redirect carries another state: $location" ;;
  esac
  code=$(printf '%s' "${location#*\?}" | tr '&' '\n' | sed -n 's/^code=//p')
  [ -n "$code" ] || die "no code in $location"
  print_token "$(token_request -d grant_type=authorization_code -d client_id=eventbank-cli \
    --data-urlencode "code=$code" --data-urlencode "redirect_uri=$redirect_uri" \
    --data-urlencode "code_verifier=$verifier")"
}

case "${1:-}" in
  --ops) [ $# -eq 1 ] || usage; client_credentials eventbank-ops eventbank.ops EVENTBANK_OPS_SECRET ;;
  --teller) [ $# -eq 1 ] || usage; client_credentials eventbank-teller eventbank.teller EVENTBANK_TELLER_SECRET ;;
  -h | --help | "") usage ;;
  -*) usage ;;
  *) [ $# -eq 2 ] || usage; authorization_code "$1" "$2" ;;
esac
