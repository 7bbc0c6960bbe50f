#!/usr/bin/env bash
# Brings this Docker host to the newest published images and checks that they are healthy.
#   EVENTBANK_REGISTRY=registry.example.com/ [EVENTBANK_VERSION=latest] docker/deploy.sh [--smoke]
# Run it from a checkout (or copy) of docker-compose.yml and docker/. With --smoke it also runs
# docker/smoke-test.sh against the deployed services (it writes two test accounts).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=docker/services.sh
. docker/services.sh

export EVENTBANK_VERSION=${EVENTBANK_VERSION:-latest}
timeout=${DEPLOY_TIMEOUT:-300}

echo "deploy: pulling ${EVENTBANK_REGISTRY:-}eventbank/*:$EVENTBANK_VERSION and infrastructure images"
docker compose pull
echo "deploy: starting updated containers"
docker compose up --detach --no-build --remove-orphans

deadline=$((SECONDS + timeout))
for service in postgres kafka mongo "${EVENTBANK_SERVICES[@]}"; do
  while :; do
    container=$(docker compose ps --quiet "$service")
    health=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' \
      "$container" 2>/dev/null || echo missing)
    [ "$health" = healthy ] && break
    if [ "$health" = unhealthy ] || [ "$SECONDS" -ge "$deadline" ]; then
      echo "deploy: $service is $health; last log lines:" >&2
      docker compose logs --no-color --tail 60 "$service" >&2 || true
      exit 1
    fi
    sleep 2
  done
  echo "deploy: $service healthy"
done

if [ "${1:-}" = "--smoke" ]; then
  docker/smoke-test.sh
fi
echo "deploy: done, running $EVENTBANK_VERSION"
