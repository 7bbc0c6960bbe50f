# Sourced by the docker/*.sh scripts: the services that have images, and their ports.
# shellcheck shell=bash
EVENTBANK_SERVICES=(accounts-service transfers-service account-view-service)

eventbank_require_service() {
  local service
  for service in "${EVENTBANK_SERVICES[@]}"; do
    [ "$service" = "$1" ] && return 0
  done
  echo "unknown service '$1' (one of: ${EVENTBANK_SERVICES[*]})" >&2
  exit 2
}
