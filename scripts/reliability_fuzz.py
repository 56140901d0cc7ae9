#!/usr/bin/env python3
"""Part 4 of `make reliability`: mutated inputs (scripts/reliability.sh).

Usage: reliability_fuzz.py BIN DATA_DIR WORK_DIR COUNT SEED TIMEOUT_SECONDS [CREATE_DB_FLAG]

Builds a small night from DATA_DIR (the campaign's tenants, 40 accounts, 40 transfers) and a
ledger that has loaded its tenants and accounts. Then COUNT times: one input file (transfers
mostly, sometimes accounts or tenants) is mutated (byte flips, truncation, inserted quotes, NULs,
CRs and LFs, fields of 5 KB to 2 MiB, header mutations, Int64-edge amounts, Unicode look-alike ids),
a copy of that ledger is run on it, and the outcome is judged:

  crash        exit >= 128 or killed by a signal
  hang         still running after TIMEOUT_SECONDS
  exit 2 with something applied   entries, postings, accounts or tenants changed although the run said 2
  lost rows    exit 0/1/4 and results.csv has fewer rows than the file has records (or more than
               it could have)
  unexpected   any other exit code (3, 5, …)

Prints one line per failure kind with counts, and `fuzz: N passed, N failed` last. Every failure
has a line in WORK_DIR/failures.txt saying what was done to the input; the first 20 failing
inputs of each kind are kept in WORK_DIR/failures/.
"""
import csv
import io
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reliability_check as check  # noqa: E402

INT64_MAX = 9223372036854775807
# Failing inputs kept per kind of failure (they can be megabytes each).
KEEP_INPUTS = 20


def read_records(path, limit):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:limit + 1]


def write_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


# --- mutations: each takes (rng, bytes, context) and returns (bytes, description) ---

def flip(rng, data, _):
    data = bytearray(data)
    spots = []
    for _ in range(rng.randint(1, 3)):
        if not data:
            break
        at = rng.randrange(len(data))
        data[at] = rng.randrange(256) if rng.random() < 0.5 else data[at] ^ (1 << rng.randrange(8))
        spots.append(at)
    return bytes(data), f"flip bytes at {spots}"


def truncate(rng, data, _):
    at = rng.randrange(len(data) + 1)
    return data[:at], f"truncate at {at}"


def insert(what, name):
    def op(rng, data, _):
        at = rng.randrange(len(data) + 1)
        return data[:at] + what + data[at:], f"insert {name} at {at}"
    return op


def long_field(rng, data, _):
    lines = data.split(b"\n")
    if len(lines) < 3:
        return data, "long field (file too short)"
    row = rng.randrange(1, len(lines) - 1)
    size = rng.choice([5_000, 70_000, 1_100_000, 2_200_000])
    quoted = rng.random() < 0.5
    body = b"x" * size
    field = b'"' + body[:size // 2] + b'\n' + body[size // 2:] + b'"' if quoted else body
    fields = lines[row].split(b",")
    fields[rng.randrange(len(fields))] = field
    lines[row] = b",".join(fields)
    return b"\n".join(lines), f"field of {size} bytes ({'quoted, with a newline' if quoted else 'unquoted'}) in record {row}"


NEAR_MISSES = {
    "idempotency_key": ["idempotencykey", "Idempotency Key", "idempotency-key", "idempotency_kye"],
    "from_user_id": ["from_userid", "From User ID", "fromuser_id"],
    "to_user_id": ["to_userid", "to_user"],
    "amount": ["amout", "Amount "],
    "balance": ["balanse", "Balance"],
    "transfer_enabled": ["transfer_enable", "TransferEnabled"],
}


def header_mutation(rng, data, _):
    text = data.decode("utf-8", errors="surrogateescape")
    head, sep, rest = text.partition("\n")
    names = head.split(",")
    choice = rng.choice(["drop", "near-miss", "repeat", "empty", "delimiter", "utf16", "bom", "upper", "reorder", "unknown"])
    if choice == "drop":
        names.pop(rng.randrange(len(names)))
    elif choice == "near-miss":
        candidates = [i for i, n in enumerate(names) if n in NEAR_MISSES]
        if candidates:
            i = rng.choice(candidates)
            names[i] = rng.choice(NEAR_MISSES[names[i]])
    elif choice == "repeat":
        names[rng.randrange(len(names))] = rng.choice(names)
    elif choice == "empty":
        names[rng.randrange(len(names))] = ""
    elif choice == "delimiter":
        delimiter = rng.choice([";", "\t", "|"])
        return (head + sep + rest).replace(",", delimiter).encode("utf-8", errors="surrogateescape"), f"header: delimiter {delimiter!r}"
    elif choice == "utf16":
        return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le", errors="surrogatepass"), "header: UTF-16 with BOM"
    elif choice == "bom":
        return b"\xef\xbb\xbf" + data, "header: UTF-8 BOM"
    elif choice == "upper":
        names = [n.upper() for n in names]
    elif choice == "reorder":
        try:
            rows = list(csv.reader(io.StringIO(text)))
            order = list(range(len(rows[0])))
            rng.shuffle(order)
            rows = [[r[i] if i < len(r) else "" for i in order] if len(r) == len(rows[0]) else r for r in rows]
            return write_csv(rows[0], rows[1:]).encode("utf-8", errors="surrogateescape"), "header: columns reordered (valid)"
        except (csv.Error, IndexError, UnicodeError):
            return data, "header: reorder skipped"
    elif choice == "unknown":
        names.append("note")
        rest = "\n".join(line + ",x" if line else line for line in rest.split("\n"))
    return (",".join(names) + sep + rest).encode("utf-8", errors="surrogateescape"), f"header: {choice}"


EDGE_AMOUNTS = [str(INT64_MAX), str(INT64_MAX + 1), "92233720368547758.07", "92233720368547758.08", "-9223372036854775808",
                "0.000", "١٢", "１２", "1e18", "+12", "12.", ".5", "00000000000000000000001", "9" * 40]


def edge_amounts(rng, data, context):
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    except (UnicodeDecodeError, csv.Error):
        return data, "edge amounts skipped"
    header = rows[0]
    column = next((i for i, n in enumerate(header) if n.strip().lower() in ("amount", "balance")), None)
    if column is None:
        return data, "edge amounts skipped (no amount column)"
    changed = []
    for r in rows[1:]:
        if len(r) > column and rng.random() < 0.3:
            r[column] = rng.choice(EDGE_AMOUNTS)
            changed.append(r[column])
    if context == "transfers" and rng.random() < 0.5:
        # Two valid transfers of Int64.max each way (the t_edge wallet holds Int64.max yen).
        template = dict(zip(header, [""] * len(header)))
        for a, b, key in (("edge_a", "edge_b", "edge-1"), ("edge_b", "edge_a", "edge-2")):
            row = dict(template, kind="wallet", tenant_id="t_edge", from_user_id=a, to_user_id=b, amount=str(INT64_MAX),
                       currency="JPY", idempotency_key=key)
            rows.append([row.get(h, "") for h in header])
        changed.insert(0, "two JPY transfers of Int64.max")
    return write_csv(rows[0], rows[1:]).encode("utf-8"), f"edge amounts {changed[:6]}"


LOOK_ALIKES = [
    lambda s: s.replace("usr", "uѕr", 1),  # Cyrillic dze
    lambda s: s + "\u200b",
    lambda s: "\u200b" + s,
    lambda s: s.replace("u", "ｕ", 1),
    lambda s: s.replace("e", "e\u0301", 1) if "e" in s else s + "\u0301",
    lambda s: s + "\u00a0",
    lambda s: s.replace("用户", "用戶", 1),
    lambda s: s.replace("t_", "t\u2010", 1),
]


def look_alikes(rng, data, _):
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    except (UnicodeDecodeError, csv.Error):
        return data, "look-alikes skipped"
    header = rows[0]
    columns = [i for i, n in enumerate(header) if n.strip().lower() in ("tenant_id", "user_id", "from_user_id", "to_user_id")]
    count = 0
    for r in rows[1:]:
        for i in columns:
            if i < len(r) and rng.random() < 0.15:
                r[i] = rng.choice(LOOK_ALIKES)(r[i])
                count += 1
    return write_csv(rows[0], rows[1:]).encode("utf-8"), f"{count} look-alike ids"


BYTE_OPS = [flip, truncate, insert(b'"', "quote"), insert(b"\x00", "NUL"), insert(b"\r", "CR"), insert(b"\n", "LF"),
            insert(b"\xff\xfe", "invalid UTF-8"), long_field]
TEXT_OPS = [header_mutation, edge_amounts, look_alikes]


def mutate(rng, data, context):
    steps = []
    for _ in range(rng.choices([1, 2, 3], [70, 20, 10])[0]):
        op = rng.choice(TEXT_OPS) if rng.random() < 0.4 else rng.choice(BYTE_OPS)
        try:
            data, what = op(rng, data, context)
        except (UnicodeError, csv.Error, ValueError) as error:
            what = f"{op.__name__} skipped ({error.__class__.__name__})"
        steps.append(what)
    return data, "; ".join(steps)


def main():
    binary, data_dir, work, count, seed, timeout = sys.argv[1:7]
    create_db = sys.argv[7:8]
    count, seed, timeout = int(count), int(seed), float(timeout)
    base = os.path.join(work, "base")
    failures_dir = os.path.join(work, "failures")
    os.makedirs(base, exist_ok=True)
    os.makedirs(failures_dir, exist_ok=True)

    # The small night: campaign tenants plus t_edge; 40 accounts plus t_edge's two; 40 transfers.
    with open(os.path.join(data_dir, "tenants.csv"), encoding="utf-8") as f:
        tenants = f.read() + "t_edge,Edge,true,cash_equivalent,1,JPY\n"
    header, accounts = read_records(os.path.join(data_dir, "accounts.csv"), 40)
    edge = dict(zip(header, [""] * len(header)), tenant_id="t_edge", kind="wallet", currency="JPY", frozen_balance="0",
                status="active")
    accounts += [[dict(edge, user_id="edge_a", balance=str(INT64_MAX)).get(h, "") for h in header],
                 [dict(edge, user_id="edge_b", balance="0").get(h, "") for h in header]]
    inputs = {
        "tenants": tenants.encode("utf-8"),
        "accounts": write_csv(header, accounts).encode("utf-8"),
        "transfers": write_csv(*read_records(os.path.join(data_dir, "transfers-1.csv"), 40)).encode("utf-8"),
    }
    for name, data in inputs.items():
        with open(os.path.join(base, f"{name}.csv"), "wb") as f:
            f.write(data)
    ledger = os.path.join(base, "ledger.sqlite")
    setup = subprocess.run([binary, "run", "--db", ledger, *create_db, "--tenants", os.path.join(base, "tenants.csv"),
                            "--accounts", os.path.join(base, "accounts.csv"), "--reports", os.path.join(base, "reports")],
                           capture_output=True, timeout=120)
    state_before = check.ledger_state(ledger)
    if setup.returncode not in (0, 1) or not state_before.startswith("entries"):
        print(f"fuzz: setup run failed (exit {setup.returncode}): {setup.stderr.decode(errors='replace').strip()[-300:]}")
        print(f"fuzz: 0 passed, {count} failed")
        sys.exit(1)

    failures = {"crash": 0, "hang": 0, "exit 2 with something applied": 0, "lost rows": 0, "unexpected exit": 0}
    exits = {}
    log = open(os.path.join(work, "failures.txt"), "w", encoding="utf-8")
    for number in range(count):
        if number and number % 250 == 0:
            print(f"fuzz: {number} of {count} inputs, {sum(failures.values())} failed so far", file=sys.stderr, flush=True)
        rng = random.Random(seed * 1_000_003 + number)
        target = rng.choices(["transfers", "accounts", "tenants"], [85, 10, 5])[0]
        data, what = mutate(rng, inputs[target], target)
        case = os.path.join(work, "case")
        shutil.rmtree(case, ignore_errors=True)
        os.makedirs(case)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(ledger + suffix):
                shutil.copyfile(ledger + suffix, os.path.join(case, "ledger.sqlite" + suffix))
        files = {}
        for name in inputs:
            files[name] = os.path.join(case if name == target else base, f"{name}.csv")
        with open(files[target], "wb") as f:
            f.write(data)
        command = [binary, "run", "--db", os.path.join(case, "ledger.sqlite"), "--tenants", files["tenants"],
                   "--accounts", files["accounts"], "--transfers", files["transfers"], "--reports", os.path.join(case, "reports")]
        verdict = None
        try:
            run = subprocess.run(command, capture_output=True, timeout=timeout, cwd=case)
            code = run.returncode
            exits[code] = exits.get(code, 0) + 1
            stderr = run.stderr.decode(errors="replace").strip().splitlines()
            last = stderr[-1] if stderr else ""
            if code < 0 or code >= 128:
                verdict = "crash"
            elif code == 2:
                after = check.ledger_state(os.path.join(case, "ledger.sqlite"))
                if after != state_before:
                    verdict = "exit 2 with something applied"
                    last = f"ledger before: {state_before}; after: {after}; {last}"
            elif code in (0, 1, 4):
                low, high = check.records(files["transfers"])
                results = os.path.join(case, "reports", "latest", "results.csv")
                rows = len(check.read_table(results)[1]) if os.path.exists(results) else -1
                if not low <= rows <= high:
                    verdict = "lost rows"
                    span = f"{low}" if low == high else f"{low} to {high}"
                    last = f"results.csv has {rows} rows, the file has {span} records; {last}"
            else:
                verdict = "unexpected exit"
        except subprocess.TimeoutExpired:
            verdict, code, last = "hang", "timeout", f"still running after {timeout} s"
        if verdict:
            failures[verdict] += 1
            kept = "not kept"
            if failures[verdict] <= KEEP_INPUTS:
                kept = os.path.join(failures_dir, f"{number:05d}-{target}.csv")
                shutil.copyfile(files[target], kept)
            log.write(f"{verdict}: case {number} ({target}: {what}) exit {code}: {last[:300]} [{kept}]\n")
    shutil.rmtree(os.path.join(work, "case"), ignore_errors=True)
    log.close()
    failed = sum(failures.values())
    print("fuzz: exits " + ", ".join(f"{k}: {v}" for k, v in sorted(exits.items(), key=lambda kv: str(kv[0]))))
    print("fuzz: " + ", ".join(f"{v} {k}" for k, v in failures.items()) + f" (details: {work}/failures.txt)")
    print(f"fuzz: {count - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
