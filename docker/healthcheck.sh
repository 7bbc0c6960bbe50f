#!/usr/bin/env bash
# Container health probe that needs neither curl nor wget: an HTTP GET of the Actuator readiness
# endpoint over bash's /dev/tcp. Healthy = HTTP 200.
set -u
port="${SERVER_PORT:-8080}"
path="${HEALTHCHECK_PATH:-/actuator/health/readiness}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1.1 200"* | "HTTP/1.0 200"*) exit 0 ;;
  *) exit 1 ;;
esac
