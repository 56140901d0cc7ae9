#!/usr/bin/env bash
# Installs libcsv-dev and libsqlite3-dev with apt when their headers are missing, and the tools
# `make bench` measures with: the sqlite3 CLI (its .import is the reference) and GNU time (peak RSS),
# and the plain-text accounting tools the export tests check our books with: hledger and Beancount,
# and the PostgreSQL server the PostgreSQL backend's tests start a private cluster of (scripts/pg-cluster.sh).
# Without root or apt it says exactly what to run instead of failing later in the compiler.
set -euo pipefail
missing=()
[ -f /usr/include/csv.h ] || missing+=(libcsv-dev)
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
[ -x /usr/bin/time ] || missing+=(time)
command -v hledger >/dev/null 2>&1 || missing+=(hledger)
command -v bean-check >/dev/null 2>&1 || missing+=(beancount)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: missing ${missing[*]}; installing with apt-get" >&2
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: cannot install as this user; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "install-deps: installed ${missing[*]}" >&2
