#!/usr/bin/env bash
# Builds the image eventbank/SERVICE:VERSION (and :latest) from the service's jar with docker/Dockerfile
# (build arguments SERVICE and its PORT from docker/services.sh).
#   docker/build.sh SERVICE VERSION
# The jar must exist: ./mvnw -B verify (CI) or ./mvnw -DskipTests package -pl SERVICE -am.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=docker/services.sh
. docker/services.sh

if [ $# -ne 2 ]; then
  echo "usage: docker/build.sh SERVICE VERSION" >&2
  exit 2
fi
service=$1
version=$2
eventbank_require_service "$service"
port=$(eventbank_service_port "$service")

jar="$service/target/$service.jar"
if [ ! -f "$jar" ]; then
  echo "build: $jar is missing; run ./mvnw -B -DskipTests package -pl $service -am first" >&2
  exit 1
fi

revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
echo "build: eventbank/$service:$version from $jar, port $port (revision $revision)"
docker build \
  --file docker/Dockerfile \
  --build-arg "SERVICE=$service" \
  --build-arg "PORT=$port" \
  --tag "eventbank/$service:$version" \
  --tag "eventbank/$service:latest" \
  --label "org.opencontainers.image.title=$service" \
  --label "org.opencontainers.image.version=$version" \
  --label "org.opencontainers.image.revision=$revision" \
  .
