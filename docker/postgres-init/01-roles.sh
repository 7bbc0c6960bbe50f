#!/usr/bin/env bash
# Runs once, when the postgres volume is empty (docker-entrypoint-initdb.d, as the superuser
# $POSTGRES_USER): one login role per service that owns only its own database, and no CONNECT or
# TEMPORARY for PUBLIC on it, so a service can reach no other service's data. Passwords come from
# the container's environment (docker-compose.yml interpolates them from docker/compose.env).
#   create_database ROLE DATABASE PASSWORD
set -euo pipefail

create_database() {
  if [ -z "$3" ]; then
    echo "postgres-init: no password for role $1 (set it in docker/compose.env)" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$1" -v database="$2" -v password="$3" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
REVOKE CONNECT, TEMPORARY ON DATABASE :"database" FROM PUBLIC;
SQL
  echo "postgres-init: database $2 owned by role $1"
}

create_database auth auth "${AUTH_DB_PASSWORD:-}"
create_database accounts accounts "${ACCOUNTS_DB_PASSWORD:-}"
create_database transfers transfers "${TRANSFERS_DB_PASSWORD:-}"
