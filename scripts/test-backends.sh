#!/usr/bin/env bash
# `make test`'s body, run inside `scripts/pg-cluster.sh around` (SPEC §7): every suite once (the
# store suites run on SQLite and, with LEDGER_RECON_TEST_POSTGRES_URL set, on PostgreSQL too), then
# the end-to-end suite a second time with the binary on PostgreSQL (LEDGER_RECON_TEST_BACKEND).
# Both passes run even when the first fails; the exit status is the first failure's.
#
#   test-backends.sh SWIFT [swift test options…]
set -uo pipefail
swift=${1:?usage: test-backends.sh SWIFT [options]}; shift

status=0
"$swift" test --skip-build "$@" || status=$?
if [ -n "${LEDGER_RECON_TEST_POSTGRES_URL:-}" ]; then
    echo "test-backends: the end-to-end suite again, on PostgreSQL" >&2
    LEDGER_RECON_TEST_BACKEND=postgresql "$swift" test --skip-build "$@" --filter EndToEndTests || { [ "$status" -ne 0 ] || status=$?; }
else
    echo "test-backends: no PostgreSQL server, so the end-to-end suite ran on SQLite only" >&2
fi
exit "$status"
