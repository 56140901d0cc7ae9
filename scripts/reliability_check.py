#!/usr/bin/env python3
"""Comparisons and counts for `make reliability` (scripts/reliability.sh).

  reliability_check.py compare BASE_DIR RUN_DIR   results.csv and balances.csv of two report
                                                   directories, and that each rejections.csv holds
                                                   its results.csv's rejected rows; prints the
                                                   differences, exit 1 if any
  reliability_check.py entries DB                  transfer entries in a ledger (-1 if unreadable)
  reliability_check.py records FILE                data records a reader may find in a CSV file: "low high"

results.csv rows are compared by file and line on status, code, idempotency key and whether a
transfer id is present (ids, times and messages may differ between runs). balances.csv rows are
compared on every column but account_id; a difference in closing or posted balances is reported
apart from one only in the run-relative columns (opening_balance, debits, credits).
"""
import csv
import hashlib
import os
import sqlite3
import sys

csv.field_size_limit(1 << 30)


def read_table(path):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        rows = list(csv.reader(f))
    if not rows:
        return [], []
    header = [h.lstrip("\ufeff") for h in rows[0]]
    return header, [dict(zip(header, r)) for r in rows[1:]]


def results_view(path):
    _, rows = read_table(path)
    return [(r.get("file"), r.get("line"), r.get("status"), r.get("code"), r.get("idempotency_key"),
             bool(r.get("transfer_id"))) for r in rows]


RUN_RELATIVE = {"opening_balance", "debits", "credits"}


def balances_view(path):
    header, rows = read_table(path)
    columns = [c for c in header if c != "account_id"]
    keyed = {}
    for r in rows:
        key = (r.get("tenant_id"), r.get("user_id"), r.get("kind"), r.get("asset"))
        keyed[key] = {c: r.get(c) for c in columns}
    return keyed


def compare(base_dir, run_dir):
    problems = []
    for name in ("results.csv", "balances.csv"):
        for d in (base_dir, run_dir):
            if not os.path.exists(os.path.join(d, name)):
                problems.append(f"{name} missing in {d}")
    if problems:
        return problems
    base, run = results_view(os.path.join(base_dir, "results.csv")), results_view(os.path.join(run_dir, "results.csv"))
    if len(base) != len(run):
        problems.append(f"results.csv: {len(run)} rows, uninterrupted run has {len(base)}")
    diffs = [(b, r) for b, r in zip(base, run) if b != r]
    if diffs:
        b, r = diffs[0]
        problems.append(f"results.csv: {len(diffs)} rows differ, first {b[0]}:{b[1]} expected {b[2:]} got {r[2:]}")
    for d in (base_dir, run_dir):
        path = os.path.join(d, "rejections.csv")
        if not os.path.exists(path):
            problems.append(f"rejections.csv missing in {d}")
            continue
        rejected = [r for r in results_view(os.path.join(d, "results.csv")) if r[2] == "rejected"]
        listed = results_view(path)
        if listed != rejected:
            problems.append(f"rejections.csv in {d}: {len(listed)} rows, not the {len(rejected)} rejected rows of results.csv")
    base_bal = balances_view(os.path.join(base_dir, "balances.csv"))
    run_bal = balances_view(os.path.join(run_dir, "balances.csv"))
    if set(base_bal) != set(run_bal):
        problems.append(f"balances.csv: accounts differ ({len(set(base_bal) ^ set(run_bal))} on one side only)")
    money, relative = [], []
    for key in sorted(set(base_bal) & set(run_bal)):
        changed = [c for c in base_bal[key] if base_bal[key][c] != run_bal[key].get(c)]
        if any(c not in RUN_RELATIVE for c in changed):
            money.append((key, changed, base_bal[key], run_bal[key]))
        elif changed:
            relative.append((key, changed))
    if money:
        key, changed, b, r = money[0]
        problems.append(f"balances.csv: {len(money)} accounts differ, first {'/'.join(key)} "
                        + ", ".join(f"{c} {b[c]} → {r.get(c)}" for c in changed))
    if relative:
        key, changed = relative[0]
        problems.append(f"balances.csv: {len(relative)} accounts differ only in {'/'.join(sorted(set(changed)))} "
                        f"(run-relative columns; first {'/'.join(key)})")
    return problems


def entries(db):
    if not os.path.exists(db):
        return 0
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute("SELECT COUNT(*) FROM transfers WHERE entry_type = 'transfer'").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return -1


def ledger_state(db):
    """What a run that exits 2 must leave as it was: entries, postings and accounts counted, and
    every tenant's configuration; None when the ledger cannot be read."""
    if not os.path.exists(db):
        return "no ledger"
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            # Schema v3: an entry is one `transfers` row; its postings are the accounts' records
            # (the sum of their last sequences).
            counts = [connection.execute(sql).fetchone()[0] for sql in (
                "SELECT COUNT(*) FROM transfers",
                "SELECT COALESCE(SUM(last_sequence), 0) FROM account_balances",
                "SELECT COUNT(*) FROM accounts")]
            tenants = connection.execute("SELECT * FROM tenants ORDER BY tenant_id").fetchall()
            return f"entries {counts[0]}, postings {counts[1]}, accounts {counts[2]}, tenants {hashlib.sha256(repr(tenants).encode()).hexdigest()[:12]}"
        finally:
            connection.close()
    except sqlite3.Error as error:
        return f"unreadable ({error})"


def records(path):
    """The number of data records a reader may find in a CSV file, as (low, high).

    Counts as SPEC §3 reads CSV: RFC 4180 quotes (a quote opens a quoted field only at its start,
    after optional spaces), records ending at LF, CRLF or a lone CR outside quotes, an unterminated
    quote swallowing the rest of the file. Where the input is malformed the SPEC leaves room, and
    both readings count: a quote inside a quoted field that is not doubled and not followed by a
    delimiter or a line end may close the field (Python's reading) or be a literal quote (libcsv's);
    a record that is empty or only white space may be skipped as a blank line."""
    counts = [count_records(path, literal_stray_quotes) for literal_stray_quotes in (False, True)]
    return min(c[0] for c in counts), max(c[0] + c[1] for c in counts)


def count_records(path, literal_stray_quotes):
    """(definite, blank) data records under one reading of stray quotes; see `records`."""
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    definite = ambiguous = 0
    index, size = 0, len(data)
    first = True
    while index < size:
        blank = True
        field_start = True
        in_quotes = False
        while index < size:
            byte = data[index]
            if in_quotes:
                if byte == 0x22:
                    following = data[index + 1] if index + 1 < size else None
                    if following == 0x22:
                        index += 2
                        continue
                    if not literal_stray_quotes or following in (None, 0x2C, 0x0A, 0x0D):
                        in_quotes = False
                index += 1
                continue
            if byte in (0x0A, 0x0D):
                index += 2 if byte == 0x0D and index + 1 < size and data[index + 1] == 0x0A else 1
                break
            if byte == 0x22 and field_start:
                in_quotes = True
                blank = False
            elif byte == 0x2C:
                field_start = True
                index += 1
                continue
            elif byte not in (0x20, 0x09):
                blank = False
                field_start = False
            index += 1
        if first:
            first = blank  # the header: the first record that is not blank
        elif blank:
            ambiguous += 1
        else:
            definite += 1
    return definite, ambiguous


def main():
    command = sys.argv[1]
    if command == "compare":
        problems = compare(sys.argv[2], sys.argv[3])
        for p in problems:
            print(p)
        sys.exit(1 if problems else 0)
    if command == "entries":
        print(entries(sys.argv[2]))
    elif command == "records":
        print(*records(sys.argv[2]))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
