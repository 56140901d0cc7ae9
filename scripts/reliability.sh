#!/usr/bin/env bash
# `make reliability`: the reliability campaign of issue 7, against the release binary. Not part of
# `make test`: at full scale it takes several minutes.
#
#   scripts/reliability.sh [BINARY]        (default .build/release/ledger-recon)
#
# Part 1  crash:      TRIALS SIGKILLs at random points of a whole run (accounts load, transfers,
#                     checks, reports) across batch sizes; the same command is run again until it
#                     exits normally, and every row of results.csv (status, code, key, transfer
#                     present) and every row of balances.csv must equal an uninterrupted run on a
#                     fresh ledger (SPEC §4 "Interrupted runs resume").
# Part 2  concurrent: CONCURRENT_ROUNDS rounds of WRITERS runs started together on one fresh ledger:
#                     exactly one finishes, every other exits 3, and the ledger ends as one run.
# Part 3  disk full:  runs on a small tmpfs (mounted inside `unshare -m`; needs root) exit 5; once
#                     space is freed the same command converges to the uninterrupted result.
# Part 4  fuzz:       MUTATIONS mutated inputs: 0 crashes, 0 hangs, 0 exits 2 with anything
#                     applied, 0 lost rows (scripts/reliability_fuzz.py).
#
# Each part prints a one-line figure; the last line is `reliability: N passed, N failed`, and the
# exit status is 1 when anything failed. Scale down for a quick run: TRIALS=20 MUTATIONS=100.
# Other knobs: CONCURRENT_ROUNDS (10), WRITERS (8), USERS per tenant (150), ROWS per transfers file
# (3000), BATCH_SIZES ("5 40 300 2500 50000"), DISK_FULL_PERCENTS ("20 45 70 90"), SEED (random,
# printed), PARTS ("1 2 3 4"), WORK (a new directory under /dev/shm or /tmp; kept when something
# failed, or with KEEP=1; KEEP_FAILED (5) failed trials of each part keep their directory),
# FUZZ_TIMEOUT (60 s per mutated input), CREATE_DB (--create-db; set it empty to try a binary that predates it).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The night's command, identical on every attempt: `(night DIR BATCH_SIZE [LOG_DIR])` runs it in
# DIR, its stdout and stderr going to LOG_DIR (default DIR). It execs the binary, so always call it
# in a subshell: `(night …)`, or `night … &` whose $! is then the binary's own pid (what part 1 kills).
night() {
    local dir=$1 batch=$2 logs=${3:-$1}
    cd "$dir" && exec "$BIN" run --db "$dir/ledger.sqlite" ${CREATE_DB:+"$CREATE_DB"} \
        --tenants "$DATA/tenants.csv" --accounts "$DATA/accounts.csv" \
        --transfers "$DATA/transfers-1.csv" --transfers "$DATA/transfers-2.csv" \
        --reports "$dir/reports" --batch-size "$batch" >"$logs/stdout.txt" 2>"$logs/stderr.txt"
}

# Part 3's inner half, run by `unshare -m` as `reliability.sh __disk_full DIR SIZE_KB BATCH`.
if [ "${1:-}" = "__disk_full" ]; then
    dir=$2 size_kb=$3 batch=$4
    mkdir -p "$dir/mnt" "$dir/final"
    mount --make-rprivate / 2>/dev/null
    mount -t tmpfs -o "size=${size_kb}k,mode=0700" tmpfs "$dir/mnt" || { echo "mount failed"; exit 1; }
    # Output goes outside the small disk: a full disk must not hide what the run said.
    (night "$dir/mnt" "$batch" "$dir/final")
    first=$?
    mv "$dir/final/stdout.txt" "$dir/final/first-stdout.txt"
    mv "$dir/final/stderr.txt" "$dir/final/first-stderr.txt"
    second=-
    if [ "$first" != 0 ] && [ "$first" != 1 ]; then
        mount -o remount,size=1g "$dir/mnt"
        (night "$dir/mnt" "$batch" "$dir/final")
        second=$?
        mv "$dir/final/stderr.txt" "$dir/final/second-stderr.txt"
    fi
    cp "$dir/mnt/reports/latest/results.csv" "$dir/mnt/reports/latest/rejections.csv" "$dir/mnt/reports/latest/balances.csv" "$dir/final/" 2>/dev/null
    python3 "$here/reliability_check.py" entries "$dir/mnt/ledger.sqlite" >"$dir/final/entries.txt"
    echo "$first $second"
    exit 0
fi

BIN=$(realpath "${1:-.build/release/ledger-recon}")
[ -x "$BIN" ] || { echo "reliability: no binary at $BIN (make release builds it)" >&2; exit 2; }
TRIALS=${TRIALS:-200}
MUTATIONS=${MUTATIONS:-2000}
CONCURRENT_ROUNDS=${CONCURRENT_ROUNDS:-10}
WRITERS=${WRITERS:-8}
USERS=${USERS:-150}
ROWS=${ROWS:-3000}
BATCH_SIZES=(${BATCH_SIZES:-5 40 300 2500 50000})
DISK_FULL_PERCENTS=(${DISK_FULL_PERCENTS:-20 45 70 90})
PARTS=${PARTS:-1 2 3 4}
SEED=${SEED:-$((($(date +%s) * 7919 + $$) % 1000000007))}
CREATE_DB=${CREATE_DB---create-db}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-60}
KEEP_FAILED=${KEEP_FAILED:-5}
if [ -z "${WORK:-}" ]; then
    parent=/tmp
    [ -d /dev/shm ] && [ -w /dev/shm ] && parent=/dev/shm
    WORK=$(mktemp -d "$parent/ledger-reliability.XXXXXX")
fi
DATA=$WORK/data
export BIN CREATE_DB DATA
RANDOM=$SEED
mkdir -p "$DATA"
echo "reliability: seed $SEED, binary $BIN, work $WORK (repeat with SEED=$SEED)"

total_passed=0
total_failed=0
# part NAME PASSED FAILED FIGURE: one line per part, and the totals.
part() {
    echo "$1: $4 — $2 passed, $3 failed"
    total_passed=$((total_passed + $2))
    total_failed=$((total_failed + $3))
}
random_below() { echo $(((RANDOM * 32768 + RANDOM) % $1)); }
# The line of a run's stderr that says what went wrong (else its last line).
first_error() { grep -m 1 -iE 'error|fatal|crash' "$1" 2>/dev/null || tail -n 1 "$1" 2>/dev/null; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
compare() { python3 "$here/reliability_check.py" compare "$1" "$2"; }
entries() { python3 "$here/reliability_check.py" entries "$1"; }

python3 "$here/reliability_data.py" "$DATA" "$USERS" "$ROWS" "$SEED" || exit 2

# --- Uninterrupted runs on fresh ledgers, one per batch size: the reference for parts 1–3.
declare -A duration_ms
base_ok=1
for batch in "${BATCH_SIZES[@]}"; do
    dir=$WORK/baseline/$batch
    mkdir -p "$dir"
    start=$(now_ms)
    (night "$dir" "$batch")
    status=$?
    duration_ms[$batch]=$(($(now_ms) - start))
    if [ "$batch" = "${BATCH_SIZES[0]}" ]; then
        base_exit=$status
        base=$dir/reports/latest
        base_entries=$(entries "$dir/ledger.sqlite")
    fi
    if [ "$status" -gt 1 ] || [ "$status" != "$base_exit" ]; then
        echo "baseline: batch size $batch exited $status: $(first_error "$dir/stderr.txt")"
        base_ok=0
    elif ! differences=$(compare "$base" "$dir/reports/latest"); then
        echo "baseline: batch size $batch differs from batch size ${BATCH_SIZES[0]}: $differences"
        base_ok=0
    fi
done
if [ "$base_ok" = 1 ]; then
    part "baseline" "${#BATCH_SIZES[@]}" 0 "uninterrupted runs agree across batch sizes ${BATCH_SIZES[*]} (exit $base_exit, $base_entries transfers, $(for b in "${BATCH_SIZES[@]}"; do printf '%s ms ' "${duration_ms[$b]}"; done| sed 's/ $//'))"
else
    part "baseline" 0 1 "the uninterrupted runs failed or disagree; parts 1–3 need them"
fi

# --- Part 1: SIGKILL at random points, then the same command until it exits normally.
if [[ " $PARTS " == *" 1 "* ]] && [ "$base_ok" = 1 ]; then
    landed=0 attempts=0 finished_first=0 p1_failed=0
    declare -A phases=([before]=0 [transfers]=0 [checks-reports]=0)
    declare -A reasons=()
    : >"$WORK/crash-failures.txt"
    while [ "$landed" -lt "$TRIALS" ] && [ "$attempts" -lt $((TRIALS * 3)) ]; do
        attempts=$((attempts + 1))
        batch=${BATCH_SIZES[$(random_below ${#BATCH_SIZES[@]})]}
        # A quarter of the kills aim at the last quarter of the run, where checks and reports are.
        delay=$(random_below $((duration_ms[$batch] + 1)))
        [ "$(random_below 4)" = 0 ] && delay=$((duration_ms[$batch] * 3 / 4 + delay / 4))
        dir=$WORK/crash/$attempts
        mkdir -p "$dir"
        night "$dir" "$batch" &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        status=$?
        problem=""
        if [ "$status" != 137 ] || [ -e "$dir/reports/latest" ]; then
            # It finished, or published its reports, before the kill: then it is an uninterrupted
            # run and must equal one (a run after it would be a second night, SPEC §2).
            finished_first=$((finished_first + 1))
            if [ "$status" != "$base_exit" ] && [ "$status" != 137 ]; then problem="exited $status without a kill"
            elif ! problem=$(compare "$base" "$dir/reports/latest"); then :; else problem=""; fi
            if [ -n "$problem" ]; then
                p1_failed=$((p1_failed + 1))
                echo "attempt $attempts (batch $batch, not killed): $problem" >>"$WORK/crash-failures.txt"
            else
                rm -rf "$dir"
            fi
            continue
        fi
        landed=$((landed + 1))
        applied=$(entries "$dir/ledger.sqlite")
        if [ "$applied" -le 0 ]; then phase=before
        elif [ "$applied" -lt "$base_entries" ]; then phase=transfers
        else phase=checks-reports; fi
        phases[$phase]=$((phases[$phase] + 1))
        for attempt in 1 2 3; do
            (night "$dir" "$batch")
            status=$?
            [ "$status" = 5 ] || [ "$status" -ge 128 ] || break
        done
        if [ "$status" != "$base_exit" ]; then
            problem="the run after the kill exited $status: $(first_error "$dir/stderr.txt")"
            reason="the run after the kill exited $status"
        elif ! problem=$(compare "$base" "$dir/reports/latest"); then
            # The worst difference names the trial: outcomes, then money, then run-relative columns.
            if grep -q '^results.csv' <<<"$problem"; then reason="results.csv outcomes differ"
            elif grep -q 'accounts differ,\|accounts differ (' <<<"$problem"; then reason="balances differ"
            elif grep -q 'differ only' <<<"$problem"; then reason="only balances.csv opening/debits/credits differ"
            else reason="reports missing"; fi
        elif [ "$(entries "$dir/ledger.sqlite")" != "$base_entries" ]; then
            problem="ledger holds $(entries "$dir/ledger.sqlite") transfers, the uninterrupted run $base_entries"
            reason="transfer count differs"
        else
            problem=""
        fi
        [ -n "$problem" ] && reasons["$phase: $reason"]=$((${reasons["$phase: $reason"]:-0} + 1))
        if [ -n "$problem" ]; then
            p1_failed=$((p1_failed + 1))
            [ "$p1_failed" -gt "$KEEP_FAILED" ] && rm -rf "$dir"
            echo "trial $landed (batch $batch, kill after ${delay} ms, $phase): $(echo "$problem" | paste -sd '|')" >>"$WORK/crash-failures.txt"
        else
            rm -rf "$dir"
        fi
    done
    summary="$landed kills landed (${phases[before]} before the first transfer batch committed, ${phases[transfers]} mid-transfers, ${phases[checks-reports]} in checks/reports; $finished_first runs finished before their kill)"
    for reason in $(printf '%s\n' "${!reasons[@]}" | sort | tr ' ' '\001'); do
        reason=${reason//$'\001'/ }
        summary+="; $reason: ${reasons[$reason]}"
    done
    [ "$p1_failed" -gt 0 ] && summary+=" (details: $WORK/crash-failures.txt)"
    short=$((TRIALS > landed ? TRIALS - landed : 0))
    part "part 1 crash" $((landed + finished_first - p1_failed)) $((p1_failed + short)) "$summary"
fi

# --- Part 2: WRITERS runs at once on one fresh ledger.
if [[ " $PARTS " == *" 2 "* ]] && [ "$base_ok" = 1 ]; then
    p2_passed=0 p2_failed=0
    declare -A exit_counts=()
    : >"$WORK/concurrent-failures.txt"
    batch=${BATCH_SIZES[1]:-${BATCH_SIZES[0]}}
    for round in $(seq 1 "$CONCURRENT_ROUNDS"); do
        dir=$WORK/concurrent/$round
        pids=()
        for writer in $(seq 1 "$WRITERS"); do
            mkdir -p "$dir/w$writer"
            (cd "$dir/w$writer" && exec "$BIN" run --db "$dir/ledger.sqlite" ${CREATE_DB:+"$CREATE_DB"} \
                --tenants "$DATA/tenants.csv" --accounts "$DATA/accounts.csv" \
                --transfers "$DATA/transfers-1.csv" --transfers "$DATA/transfers-2.csv" \
                --reports "$dir/w$writer/reports" --batch-size "$batch" >stdout.txt 2>stderr.txt) &
            pids+=($!)
        done
        winners=() refused=0 others=()
        for writer in $(seq 1 "$WRITERS"); do
            wait "${pids[$((writer - 1))]}"
            status=$?
            exit_counts[$status]=$((${exit_counts[$status]:-0} + 1))
            if [ "$status" = "$base_exit" ]; then winners+=("$writer")
            elif [ "$status" = 3 ]; then refused=$((refused + 1))
            else others+=("w$writer exit $status: $(first_error "$dir/w$writer/stderr.txt")"); fi
        done
        problem=""
        if [ "${#winners[@]}" != 1 ] || [ "$refused" != $((WRITERS - 1)) ]; then
            problem="${#winners[@]} finished, $refused exited 3; ${others[*]:-}"
        elif ! problem=$(compare "$base" "$dir/w${winners[0]}/reports/latest"); then :
        elif [ "$(entries "$dir/ledger.sqlite")" != "$base_entries" ]; then
            problem="ledger holds $(entries "$dir/ledger.sqlite") transfers, one run makes $base_entries"
        elif ! "$BIN" verify --db "$dir/ledger.sqlite" --reports "$dir/verify" >"$dir/verify.txt" 2>&1; then
            problem="verify exited $? on the ledger: $(tail -n 1 "$dir/verify.txt")"
        else
            problem=""
        fi
        if [ -n "$problem" ]; then
            p2_failed=$((p2_failed + 1))
            [ "$p2_failed" -gt "$KEEP_FAILED" ] && rm -rf "$dir"
            echo "round $round: $(echo "$problem" | tr '\n' ' ')" >>"$WORK/concurrent-failures.txt"
        else
            p2_passed=$((p2_passed + 1))
            rm -rf "$dir"
        fi
    done
    figure="$CONCURRENT_ROUNDS rounds of $WRITERS writers; exits"
    for status in $(echo "${!exit_counts[@]}" | tr ' ' '\n' | sort -n); do figure+=" $status×${exit_counts[$status]}"; done
    [ "$p2_failed" -gt 0 ] && figure+=" (details: $WORK/concurrent-failures.txt)"
    part "part 2 concurrent" "$p2_passed" "$p2_failed" "$figure"
fi

# --- Part 3: disk full on a small tmpfs, then the same command with space.
if [[ " $PARTS " == *" 3 "* ]] && [ "$base_ok" = 1 ]; then
    p3_passed=0 p3_failed=0 filled=0
    : >"$WORK/disk-full-failures.txt"
    batch=${BATCH_SIZES[1]:-${BATCH_SIZES[0]}}
    footprint_kb=$(du -sk "$WORK/baseline/$batch" | cut -f1)
    figure="footprint ${footprint_kb} KB;"
    if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
        part "part 3 disk full" 0 1 "needs root and unshare to mount a tmpfs"
    else
        for percent in "${DISK_FULL_PERCENTS[@]}"; do
            size_kb=$((footprint_kb * percent / 100))
            [ "$size_kb" -lt 16 ] && size_kb=16
            dir=$WORK/disk-full/$percent
            mkdir -p "$dir"
            read -r first second < <(unshare -m bash "$here/reliability.sh" __disk_full "$dir" "$size_kb" "$batch")
            last_stdout=$(tail -n 1 "$dir/final/first-stdout.txt" 2>/dev/null)
            problems=()
            if [ "${first:-x}" = "$base_exit" ]; then
                :  # it fitted: then its own reports are judged below
            elif [ "${first:-x}" != 5 ]; then
                problems+=("on a full disk the run exited ${first:-?} (expected 5): $(first_error "$dir/final/first-stderr.txt")")
            else
                filled=$((filled + 1))
                [[ "$last_stdout" =~ (^|[^0-9])5([^0-9]|$) ]] || problems+=("the last stdout line does not state exit 5: '$last_stdout'")
                grep -q "NSCocoaErrorDomain" "$dir/final/first-stderr.txt" && problems+=("a raw NSCocoaErrorDomain error")
            fi
            if [ "${second:-x}" != - ] && [ "${second:-x}" != "$base_exit" ]; then
                problems+=("with space again the same command exited ${second:-?}: $(first_error "$dir/final/second-stderr.txt")")
            elif ! differences=$(compare "$base" "$dir/final"); then
                problems+=("$differences")
            elif [ "$(cat "$dir/final/entries.txt")" != "$base_entries" ]; then
                problems+=("ledger holds $(cat "$dir/final/entries.txt") transfers, the uninterrupted run $base_entries")
            fi
            problem=$(IFS=';'; echo "${problems[*]}")
            if [ "${second:-x}" = - ]; then figure+=" ${percent}% of it: fitted, exit ${first:-?}"
            else figure+=" ${percent}% of it: exit ${first:-?}, then ${second:-?}"; fi
            if [ -n "$problem" ]; then
                p3_failed=$((p3_failed + 1))
                figure+=" (failed);"
                echo "${percent}% (${size_kb} KB): $(echo "$problem" | tr '\n' ' ')" >>"$WORK/disk-full-failures.txt"
            else
                p3_passed=$((p3_passed + 1))
                figure+=" (converged);"
            fi
        done
        if [ "$filled" = 0 ]; then
            p3_failed=$((p3_failed + 1))
            figure+=" no run hit a full disk"
        fi
        [ "$p3_failed" -gt 0 ] && figure+=" (details: $WORK/disk-full-failures.txt)"
        part "part 3 disk full" "$p3_passed" "$p3_failed" "$figure"
    fi
fi

# --- Part 4: mutated inputs.
if [[ " $PARTS " == *" 4 "* ]]; then
    fuzz_output=$(python3 "$here/reliability_fuzz.py" "$BIN" "$DATA" "$WORK/fuzz" "$MUTATIONS" "$SEED" "$FUZZ_TIMEOUT" ${CREATE_DB:+"$CREATE_DB"})
    echo "$fuzz_output" | sed '$d'
    totals=$(echo "$fuzz_output" | tail -n 1)
    fuzz_passed=$(echo "$totals" | sed -nE 's/.* ([0-9]+) passed.*/\1/p')
    fuzz_failed=$(echo "$totals" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
    part "part 4 fuzz" "${fuzz_passed:-0}" "${fuzz_failed:-1}" "$MUTATIONS mutated inputs"
fi

echo "reliability: $total_passed passed, $total_failed failed"
if [ "$total_failed" = 0 ] && [ "${KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"
else
    echo "reliability: work directory kept: $WORK"
fi
[ "$total_failed" = 0 ]
