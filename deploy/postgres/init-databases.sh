#!/bin/sh
# Runs once, when the PostgreSQL volume is empty: one database per service, named in JOO_DATABASES
# (docker-compose.yml fills it from deploy/services.json). Each service then migrates its own.
set -eu
for db in ${JOO_DATABASES:-}; do
  case "$db" in
    *[!a-z_]*) echo "init-databases: refusing database name '$db'" >&2; exit 1 ;;
  esac
  echo "init-databases: creating $db"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE $db"
done
