#!/usr/bin/env bash
# Prints, per service, the paths its image is built from, as read from the poms by docker/ServiceModules.java:
# its module, the modules it depends on (any scope but test) and the parent poms. The Jenkinsfile runs
# a service's pipeline when a change touches one of them (or docker/, docker-compose.yml).
#   docker/service-modules.sh [SERVICE...]
#   accounts-service accounts-service/ banking-events/ eventstore-core/ ... pom.xml
# Needs a JDK >= 21 (JAVA_HOME, else java on the PATH); runs the program from source, before any build.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" docker/ServiceModules.java "$@"
