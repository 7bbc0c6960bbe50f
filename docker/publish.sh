#!/usr/bin/env bash
# Pushes eventbank/SERVICE:VERSION (built by docker/build.sh) to a registry, as VERSION and latest.
#   docker/publish.sh SERVICE VERSION REGISTRY      e.g. REGISTRY=registry.example.com
# Log in first (docker login REGISTRY). Deploy hosts then set EVENTBANK_REGISTRY=REGISTRY/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=docker/services.sh
. docker/services.sh

if [ $# -ne 3 ]; then
  echo "usage: docker/publish.sh SERVICE VERSION REGISTRY" >&2
  exit 2
fi
service=$1
version=$2
registry=${3%/}
eventbank_require_service "$service"

source_image="eventbank/$service:$version"
if ! docker image inspect "$source_image" > /dev/null 2>&1; then
  echo "publish: $source_image not found; run docker/build.sh $service $version first" >&2
  exit 1
fi
for tag in "$version" latest; do
  target="$registry/eventbank/$service:$tag"
  echo "publish: $target"
  docker tag "$source_image" "$target"
  docker push "$target"
done
