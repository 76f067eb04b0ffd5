#!/usr/bin/env bash
# Installs (Debian) and starts a local PostgreSQL for the test suite, and creates the test role and
# database. Idempotent: safe to run again on a machine that already has it running.
set -euo pipefail

PG_USER=parley
PG_PASSWORD=parley
PG_DB=parley_test

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres.sh: installing Debian postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${version} main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^${version} *main .*online"; then
  pg_ctlcluster "$version" main start
fi

as_postgres() { su postgres -c "$1"; }
as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='${PG_USER}'\"" | grep -q 1 ||
  as_postgres "psql -qc \"CREATE ROLE ${PG_USER} LOGIN SUPERUSER PASSWORD '${PG_PASSWORD}'\""
as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='${PG_DB}'\"" | grep -q 1 ||
  as_postgres "createdb -O ${PG_USER} ${PG_DB}"

echo "postgres.sh: ready at postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:5432/${PG_DB}" >&2
