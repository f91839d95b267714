#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 and print a SQLAlchemy URL for it.
# Installs Debian's postgresql package when no server is installed; fails loudly otherwise.
set -euo pipefail

url="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

if ! ready; then
  version=$(ls /etc/postgresql | sort -n | tail -n 1)
  echo "ensure-postgres: starting cluster $version/main" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
ready || { echo "ensure-postgres: no PostgreSQL server on 127.0.0.1:5432" >&2; exit 1; }

# Trust authentication on loopback is the test setup of this machine kind; otherwise set a
# password for the postgres role through the local socket and use it.
if ! psql "postgresql://postgres@127.0.0.1:5432/postgres" -Atqc "select 1" >/dev/null 2>&1; then
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'vigile-test'\"" >&2
  url="postgresql+psycopg://postgres:vigile-test@127.0.0.1:5432/postgres"
  psql "postgresql://postgres:vigile-test@127.0.0.1:5432/postgres" -Atqc "select 1" >/dev/null
fi
echo "$url"
