#!/usr/bin/env bash
# Brings this Docker host to the newest published images and checks that they are healthy.
#   EVENTBANK_REGISTRY=registry.example.com/ [EVENTBANK_VERSION=latest] [EVENTBANK_ENV_FILE=docker/compose.env] \
#     docker/deploy.sh [--smoke]
# Run it from a checkout (or copy) of docker-compose.yml and docker/, with the host's env file of
# secrets (docker/compose-secrets.sh writes one; keep it: the volumes were set up with it). With
# --smoke it also runs docker/smoke-test.sh against the deployed services, through web-app's gateway
# (WEB_URL, default http://localhost:8080: the APIs publish no port), with auth-service at AUTH_URL
# (default http://localhost:9000); it writes two test accounts, with the teller's secret and alice's
# password from the env file.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=docker/services.sh
. docker/services.sh  # auth-service first, then the APIs, web-app last

export EVENTBANK_VERSION=${EVENTBANK_VERSION:-latest}
timeout=${DEPLOY_TIMEOUT:-300}
env_file=${EVENTBANK_ENV_FILE:-docker/compose.env}
if [ ! -f "$env_file" ]; then
  echo "deploy: no env file $env_file (docker/compose-secrets.sh writes one; see docker/compose.env.example)" >&2
  exit 2
fi
compose() { docker compose --env-file "$env_file" "$@"; }

echo "deploy: pulling ${EVENTBANK_REGISTRY:-}eventbank/*:$EVENTBANK_VERSION and infrastructure images"
compose pull
echo "deploy: starting updated containers"
compose up --detach --no-build --remove-orphans

deadline=$((SECONDS + timeout))
for service in postgres kafka mongo "${EVENTBANK_SERVICES[@]}"; do
  while :; do
    container=$(compose ps --quiet "$service")
    health=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' \
      "$container" 2>/dev/null || echo missing)
    [ "$health" = healthy ] && break
    if [ "$health" = unhealthy ] || [ "$SECONDS" -ge "$deadline" ]; then
      echo "deploy: $service is $health; last log lines:" >&2
      compose logs --no-color --tail 60 "$service" >&2 || true
      exit 1
    fi
    sleep 2
  done
  echo "deploy: $service healthy"
done

if [ "${1:-}" = "--smoke" ]; then
  gateway=${WEB_URL:-http://localhost:8080}/api
  AUTH_URL=${AUTH_URL:-http://localhost:9000} EVENTBANK_SECRETS_FILE="$env_file" \
    docker/smoke-test.sh "$gateway" "$gateway" "$gateway/views"
fi
echo "deploy: done, running $EVENTBANK_VERSION"
