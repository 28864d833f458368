#!/bin/sh
# A streaming replica of the primary (compose.yaml's scale profile, as the official postgres
# image's postgres user; bench/scaleout.py runs it too): a copy of the primary taken once
# (pg_basebackup, with the WAL written meanwhile, -R: the settings that make it follow the
# primary), then postgres as a hot standby that replays the primary's changes and answers
# reads. Its arguments go to postgres.
#
# Environment: PGDATA (a directory that does not exist yet or is empty: not the volume's
# mount point itself, which cannot be replaced), REPLICATION_PASSWORD; PRIMARY_HOST (db),
# PRIMARY_PORT (5432), REPLICATION_USER (replicator).
#
# The copy is taken into PGDATA.partial and renamed when whole: a copy cut short (a stop, a
# full disk) is taken again at the next start, never run. To make the replica again (it was
# away longer than the primary keeps its WAL), remove its volume.
set -eu

primary_host=${PRIMARY_HOST:-db}
primary_port=${PRIMARY_PORT:-5432}
user=${REPLICATION_USER:-replicator}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -d "$PGDATA" ] && ! rmdir "$PGDATA" 2>/dev/null; then
        echo "replica: $PGDATA is neither empty nor a data directory: not copying over it" >&2
        exit 1
    fi
    rm -rf "$PGDATA.partial"
    until pg_isready -q -h "$primary_host" -p "$primary_port"; do
        echo "replica: waiting for the primary at $primary_host:$primary_port" >&2
        sleep 2
    done
    echo "replica: copying the primary (pg_basebackup)" >&2
    # -c fast: a checkpoint now, not one spread over minutes. The password ends up in
    # postgresql.auto.conf's primary_conninfo, in the replica's own data directory.
    PGPASSWORD=$REPLICATION_PASSWORD pg_basebackup -h "$primary_host" -p "$primary_port" \
        -U "$user" -D "$PGDATA.partial" -R -X stream -c fast
    mv "$PGDATA.partial" "$PGDATA"
fi

exec postgres -D "$PGDATA" -c hot_standby=on "$@"
