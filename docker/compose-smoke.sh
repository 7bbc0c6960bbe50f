#!/usr/bin/env bash
# Smoke test of the images: starts docker-compose.yml in a throw-away project (images tagged
# ${EVENTBANK_VERSION:-latest}, built from the jars when missing), waits until every container is
# healthy, runs docker/smoke-test.sh against it (tokens from auth-service: the teller's client secret
# and the demo customer alice's password, both from the env file), and removes containers and
# volumes again. The APIs publish no port: the smoke test calls them through web-app's gateway on
# 8080 (/api/accounts, /api/transfers, /api/views/...), as any client outside the network does.
#   [EVENTBANK_ENV_FILE=docker/compose.env] docker/compose-smoke.sh
# The env file is written with random secrets (docker/compose-secrets.sh) when it does not exist.
set -euo pipefail
cd "$(dirname "$0")/.."

export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-eventbank-smoke-$$}
export EVENTBANK_VERSION=${EVENTBANK_VERSION:-latest}
env_file=${EVENTBANK_ENV_FILE:-docker/compose.env}
[ -f "$env_file" ] || docker/compose-secrets.sh "$env_file"

cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "compose-smoke: failed (exit $rc); container logs follow" >&2
    docker compose --env-file "$env_file" logs --no-color --tail 80 >&2 || true
  fi
  docker compose --env-file "$env_file" down --volumes --remove-orphans || true
  exit "$rc"
}
trap cleanup EXIT

echo "compose-smoke: starting $COMPOSE_PROJECT_NAME with images tagged $EVENTBANK_VERSION"
docker compose --env-file "$env_file" up --detach --build --wait --wait-timeout 300
gateway=http://localhost:8080/api
AUTH_URL=http://localhost:9000 EVENTBANK_SECRETS_FILE="$env_file" \
  docker/smoke-test.sh "$gateway" "$gateway" "$gateway/views"
