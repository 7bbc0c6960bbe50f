#!/usr/bin/env bash
# Runs Eventbank locally without Docker: embedded PostgreSQL, Kafka and MongoDB wire server plus
# auth-service, the three API services and web-app as separate JVMs. Needs only a JDK >= 21. Ctrl-C stops everything.
#   ./run-local.sh [--fresh] [--instances N] [--ports 9000,8081,8082,8083,8080] [--timeout SECONDS] [--data DIR]
# Keeps PostgreSQL (fsync on) and the Kafka log in .local-stack/data/ across runs; --fresh starts from nothing.
# Prints "local-stack: ready" when every service answers its readiness endpoint.
set -euo pipefail
cd "$(dirname "$0")"

SERVICES=(auth-service accounts-service transfers-service account-view-service web-app)
# Modules whose sources go into the jars the stack runs (those that exist on this checkout).
MODULES=(eventstore-core eventstore-kafka eventstore-postgres banking-events service-support local-infra local-stack "${SERVICES[@]}")

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -z "$candidate" ] || [ ! -x "$candidate/bin/java" ]; then
      continue
    fi
    if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  if command -v java >/dev/null; then
    candidate=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2}')
    if [ -n "$candidate" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  fi
  return 1
}

if ! JAVA_HOME=$(pick_jdk); then
  echo "run-local: no JDK >= 21 found (looked at JAVA_HOME, /usr/lib/jvm/* and java on PATH)" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Rebuild when a jar is missing or any source or pom of a module that feeds it is newer.
needs_build() {
  local module jar oldest=""
  for module in local-stack "${SERVICES[@]}"; do
    jar="$module/target/$module.jar"
    [ "$module" = local-stack ] && jar=local-stack/target/local-stack-exec.jar
    [ -d "$module/src" ] || continue  # service not on this checkout: the launcher reports it
    [ -f "$jar" ] || { echo "missing $jar"; return 0; }
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then
      oldest=$jar
    fi
  done
  local sources=(pom.xml)
  for module in "${MODULES[@]}"; do
    [ -d "$module" ] && sources+=("$module/pom.xml" "$module/src/main")
  done
  local newer
  newer=$(find "${sources[@]}" -newer "$oldest" -type f -print -quit 2>/dev/null || true)
  if [ -n "$newer" ]; then
    echo "$newer changed"
    return 0
  fi
  return 1
}

if reason=$(needs_build); then
  projects=local-stack
  for service in "${SERVICES[@]}"; do
    [ -f "$service/pom.xml" ] && projects+=",$service"
  done
  echo "run-local: building $projects ($reason; the first build downloads dependencies and takes a few minutes)"
  start=$SECONDS
  ./mvnw -B -q -DskipTests -pl "$projects" -am package
  echo "run-local: build done in $((SECONDS - start)) s"
fi

mkdir -p .local-stack/logs
echo "run-local: JDK $JAVA_HOME, logs in $PWD/.local-stack/logs"
exec java -jar local-stack/target/local-stack-exec.jar "$@"
