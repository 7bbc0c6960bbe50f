#!/usr/bin/env bash
# Runs one benchmark on demand: benchmarks/run.sh NAME [options]   (e.g. benchmarks/run.sh append --duration 20)
# Builds what it needs, prints progress and a table, writes target/benchmarks/NAME.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: benchmarks/run.sh NAME [options]   (benchmarks/run.sh NAME --help lists them)" >&2
  echo "benchmarks: append, transfers, rebuild, snapshots" >&2
  [ $# -eq 0 ] && exit 2 || exit 0
fi

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(pick_jdk); then
  echo "benchmarks: no JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm/*)" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# transfers and rebuild run the service jars as child processes, as ./run-local.sh does
# rebuild holds the MongoDB stand-in's collections (about 1 GB per million events) in this JVM
projects=benchmarks
heap=-Xmx2g
case "$1" in
  transfers) projects=benchmarks,accounts-service,transfers-service,account-view-service ;;
  rebuild) projects=benchmarks,account-view-service heap=-Xmx6g ;;
esac
for arg in "$@"; do
  case "$arg" in -h|--help) projects=benchmarks ;; esac  # NAME --help lists the options: no service jars needed
done
echo "benchmarks: building $projects (JDK $(java_major "$JAVA_HOME") at $JAVA_HOME) ..."
./mvnw -B -q -pl "$projects" -am package -DskipTests ${BENCHMARKS_MAVEN_ARGS:-}

classpath="benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)"
echo "benchmarks: running $*"
exec java -Xms1g "$heap" -XX:+UseG1GC -Djava.awt.headless=true -Dlogback.configurationFile=benchmarks/target/classes/logback.xml ${BENCHMARKS_JAVA_OPTS:-} -cp "$classpath" \
  io.eventbank.benchmarks.Benchmarks "$@"
