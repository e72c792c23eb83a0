#!/bin/sh
# Run once by the postgres image on an empty data volume (mounted into /docker-entrypoint-initdb.d/):
# the hub's role "monitoring" (no superuser) owning database "monitoring", as scripts/services.sh
# creates them locally. The hub applies its schema migrations itself at start-up.
set -eu
: "${PG_PASSWORD:?PG_PASSWORD must be set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v pw="$PG_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE monitoring LOGIN PASSWORD %L', :'pw') \gexec
CREATE DATABASE monitoring OWNER monitoring;
SQL
