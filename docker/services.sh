# Sourced by the docker/*.sh scripts: the services that have images, in pipeline order, each with
# the port it listens on in its container (docker/Dockerfile's PORT build argument). A new service
# goes here, in the Jenkinsfile's list, in docker-compose.yml and in .dockerignore (its jar);
# delivery-checks compares them.
# auth-service first: it issues the tokens the others check (start order); web-app, which calls the
# three APIs (its gateway routes /api/** to them), last.
# shellcheck shell=bash
EVENTBANK_SERVICE_PORTS=(
  auth-service:9000
  accounts-service:8081
  transfers-service:8082
  account-view-service:8083
  web-app:8080
)
EVENTBANK_SERVICES=("${EVENTBANK_SERVICE_PORTS[@]%%:*}")

eventbank_require_service() {
  local service
  for service in "${EVENTBANK_SERVICES[@]}"; do
    [ "$service" = "$1" ] && return 0
  done
  echo "unknown service '$1' (one of: ${EVENTBANK_SERVICES[*]})" >&2
  exit 2
}

# eventbank_service_port SERVICE: prints the port SERVICE listens on in its container
eventbank_service_port() {
  local entry
  eventbank_require_service "$1"
  for entry in "${EVENTBANK_SERVICE_PORTS[@]}"; do
    if [ "${entry%%:*}" = "$1" ]; then
      echo "${entry#*:}"
      return 0
    fi
  done
}
