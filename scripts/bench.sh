#!/usr/bin/env bash
# `make bench`: a deterministic bulk import, timed. Targets on the 2-core build machine:
# 1,000,000 transfers within 30 s and 300 MB peak memory.
set -euo pipefail
bin="$1"
data=bench-data
accounts=${BENCH_ACCOUNTS:-100000}
transfers=${BENCH_TRANSFERS:-1000000}
mkdir -p "$data"
if [ ! -f "$data/transfers-$transfers.csv" ]; then
    echo "bench: generating $accounts accounts and $transfers transfers in $data/" >&2
    python3 scripts/bench_data.py "$data" "$accounts" "$transfers"
fi
rm -f "$data/bench.sqlite" "$data/bench.sqlite-wal" "$data/bench.sqlite-shm"
batch=${BENCH_BATCH:-}
rm -rf "$data/reports"
[ -x /usr/bin/time ] || { echo "bench: installing GNU time" >&2; apt-get install -y -qq time >/dev/null; }
start=$(date +%s.%N)
/usr/bin/time -v -o "$data/time.txt" "$bin" run --create-db --db "$data/bench.sqlite" \
    --tenants "$data/tenants.csv" --accounts "$data/accounts.csv" \
    --transfers "$data/transfers-$transfers.csv" --reports "$data/reports" ${batch:+--batch-size $batch} > "$data/run.txt" 2> "$data/log.txt" || true
end=$(date +%s.%N)
cat "$data/run.txt"
seconds=$(python3 -c "print(f'{$end - $start:.1f}')")
peak_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$data/time.txt")
rows_per_second=$(python3 -c "print(int($transfers / ($end - $start)))")
echo "bench: $transfers transfers in ${seconds} s = ${rows_per_second} rows/s, peak memory $((peak_kb / 1024)) MB"
