#!/usr/bin/env bash
# `make run`: the nightly job on samples/ into reports/, with the SQLite ledger in ledger.sqlite.
# Running it twice is harmless: the second night finds every transfer already applied.
# --create-db starts the ledger on the first run and does nothing once it exists.
set -uo pipefail
bin="$1"
db="$2"
"$bin" run --db "$db" --create-db \
    --tenants samples/tenants.csv \
    --accounts samples/accounts.csv \
    --transfers samples/transfers.csv \
    --expected samples/expected_balances.csv \
    --reports reports
status=$?
echo
echo "reports: $(pwd)/reports/latest -> $(readlink reports/latest 2>/dev/null)"
echo "ledger:  $(pwd)/$db (query it: $bin transactions --db $db --tenant tnt_sh_tea --user usr_li_wei)"
exit $status
