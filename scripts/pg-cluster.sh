#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for tests and `make bench` (SPEC §7).
#
#   pg-cluster.sh start DIR   initdb into DIR (as the postgres user), start it on 127.0.0.1 and a free
#                             port, create database `ledger`; prints the URL on stdout and writes it
#                             to DIR/url
#   pg-cluster.sh stop DIR    stops it and removes DIR
#   pg-cluster.sh around CMD… starts one in a temporary directory, runs CMD with its URL in
#                             LEDGER_RECON_TEST_POSTGRES_URL, stops it whatever CMD did, exits with
#                             CMD's status (`make test`). Without the server binaries it runs CMD
#                             anyway and says so: the PostgreSQL suites then report themselves skipped.
#
# Nothing is shared with a system cluster: its own data directory, socket directory and port, on
# loopback only. The superuser `postgres` signs in without a password (trust); every other role
# with SCRAM, so the tests can check a wrong password and a role with only the privileges the
# README lists. The server binaries come from Debian's postgresql package
# (scripts/install-deps.sh installs it when missing).
set -euo pipefail

command=${1:-}; dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR | around CMD..." >&2; exit 2; }

if [ "$command" = around ]; then
    shift
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        echo "pg-cluster: no PostgreSQL server binaries (make deps installs them); the PostgreSQL tests will be skipped" >&2
        exec "$@"
    fi
    cluster=$(mktemp -d /tmp/ledger-recon-pg.XXXXXX)
    trap 'bash "$0" stop "$cluster"' EXIT
    trap 'exit 130' INT TERM
    LEDGER_RECON_TEST_POSTGRES_URL=$(bash "$0" start "$cluster")
    export LEDGER_RECON_TEST_POSTGRES_URL
    echo "pg-cluster: PostgreSQL tests run against $LEDGER_RECON_TEST_POSTGRES_URL" >&2
    status=0
    "$@" || status=$?
    exit "$status"
fi

bin_dir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$found" ] || { echo "pg-cluster: no PostgreSQL server binaries; run: make deps" >&2; exit 1; }
    echo "$found"
}

# Runs a command as the postgres user (initdb and the server refuse to run as root).
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$command" in
start)
    bin=$(bin_dir)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    cat >"$dir/data/pg_hba.conf" <<'HBA'
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       all                      trust
host    all       postgres  127.0.0.1/32   trust
host    all       all       127.0.0.1/32   scram-sha-256
HBA
    port=$(free_port)
    # fsync off: a test cluster that dies with the machine is thrown away anyway. PG_CLUSTER_DURABLE=1
    # (`make bench`) keeps the server's defaults, so a commit costs what it costs a user.
    # Also no WAL beyond what crash recovery needs (wal_level=minimal: a table created or truncated
    # in the same transaction as its COPY writes no WAL for it) and commits that do not wait for it.
    durability="-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c wal_level=minimal -c max_wal_senders=0"
    [ "${PG_CLUSTER_DURABLE:-0}" = 1 ] && durability=""
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir $durability -c max_connections=50" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE ledger" >/dev/null
    url="postgresql://postgres@127.0.0.1:$port/ledger"
    echo "$url" > "$dir/url"
    echo "$url"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_postgres "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR | around CMD..." >&2; exit 2
    ;;
esac
