#!/bin/sh
# The primary's half of the streaming replica (compose.yaml's scale profile): a role that may
# only replicate, and a pg_hba.conf entry letting it in from the compose network.
#
# The official postgres image runs it once, as /docker-entrypoint-initdb.d/replication.sh,
# when it creates the database. On a database created before, run it by hand (it can be run
# again: the role's password is set anew, the entry added once):
#     docker compose exec -u postgres db sh /docker-entrypoint-initdb.d/replication.sh
#
# Environment: POSTGRES_USER, POSTGRES_DB, PGDATA (the image's) and REPLICATION_PASSWORD.
# No `set -eu` and no `exit`: the image sources a script that is not executable, and either
# would then change or end its entrypoint's own shell; a failure is the chain's status.

psql -v ON_ERROR_STOP=1 -v password="$REPLICATION_PASSWORD" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL' &&
SELECT 'CREATE ROLE replicator WITH REPLICATION LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') \gexec
-- Through a variable, so that the password is never part of the script's text.
ALTER ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
# samenet: any address on the server's own networks (in compose: the project's network).
{ grep -q '^host replication replicator samenet scram-sha-256$' "$PGDATA/pg_hba.conf" ||
    echo 'host replication replicator samenet scram-sha-256' >>"$PGDATA/pg_hba.conf"; } &&
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -c 'SELECT pg_reload_conf()' >/dev/null
