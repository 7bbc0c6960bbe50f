#!/usr/bin/env bash
# Smoke test of the images: starts docker-compose.yml in a throw-away project (images tagged
# ${EVENTBANK_VERSION:-latest}, built from the jars when missing), waits until every container is
# healthy, runs docker/smoke-test.sh against it, and removes containers and volumes again.
#   docker/compose-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-eventbank-smoke-$$}
export EVENTBANK_VERSION=${EVENTBANK_VERSION:-latest}

cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "compose-smoke: failed (exit $rc); container logs follow" >&2
    docker compose logs --no-color --tail 80 >&2 || true
  fi
  docker compose down --volumes --remove-orphans || true
  exit "$rc"
}
trap cleanup EXIT

echo "compose-smoke: starting $COMPOSE_PROJECT_NAME with images tagged $EVENTBANK_VERSION"
docker compose up --detach --build --wait --wait-timeout 300
docker/smoke-test.sh http://localhost:8081 http://localhost:8082 http://localhost:8083
