#!/usr/bin/env python3
"""Deterministic inputs for `make reliability` (scripts/reliability.sh).

Usage: reliability_data.py DIR USERS ROWS SEED

Writes DIR/tenants.csv, DIR/accounts.csv, DIR/transfers-1.csv and DIR/transfers-2.csv. The
night is built so that outcomes depend on order and on balances: small balances and amounts near
them (insufficient_balance decided by what came before), frozen and closed accounts, frozen
parts of balances, a tenant with points transfers disabled, keyed duplicates and conflicts,
identical keyless rows in one file (both apply), rows repeated in the second file (duplicates),
unknown users and tenants, invalid amounts, Int64-scale JPY amounts, and non-ASCII ids.
Same arguments, same bytes, every time.
"""
import random
import sys

out, users, rows, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)

# (tenant_id, transfer_enabled, currency, digits, points_type)
TENANTS = [
    ("t_cny", "true", "CNY", 2, "cash_equivalent"),
    ("t_jpy", "true", "JPY", 0, "stars"),
    ("t_usd_nopoints", "false", "USD", 2, "miles"),
    ("t_bhd", "true", "BHD", 3, "积分"),
    ("商户甲", "true", "CNY", 2, "cash_equivalent"),
]
HEADER = "kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at\n"


def user(n):
    return f"usr_{n:05d}" if n % 7 else f"用户_{n:05d}"


def money(minor, digits):
    if digits == 0:
        return str(minor)
    scale = 10 ** digits
    return f"{minor // scale}.{minor % scale:0{digits}d}"


def csv_field(text):
    if any(c in text for c in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


with open(f"{out}/tenants.csv", "w", encoding="utf-8") as f:
    f.write("tenant_id,name,transfer_enabled,points_type,exchange_rate,currency\n")
    for tenant, enabled, currency, _, points in TENANTS:
        f.write(f"{tenant},{csv_field('Tenant ' + tenant + ', Ltd.')},{enabled},{points},100,{currency}\n")

# Balances are small so that many transfers depend on what arrived before them.
with open(f"{out}/accounts.csv", "w", encoding="utf-8") as f:
    f.write("tenant_id,user_id,kind,currency,balance,frozen_balance,status,application_id,total_earned,total_spent,expired_points\n")
    for tenant, _, currency, digits, _ in TENANTS:
        for n in range(users):
            status = rng.choices(["active", "frozen", "closed"], [90, 6, 4])[0]
            if tenant == "t_jpy" and n == 0:
                balance, frozen, status = 9223372036854775807 // 2, 0, "active"
            else:
                balance = rng.randint(0, 300) * 10 ** digits
                frozen = 0 if rng.random() < 0.8 else rng.randint(0, balance)
            f.write(f"{tenant},{user(n)},wallet,{currency},{money(balance, digits)},{money(frozen, digits)},{status},app_1,,,\n")
            points = rng.randint(0, 3000)
            spent = rng.randint(0, 5000)
            f.write(f"{tenant},{user(n)},points,,{points},0,{status},app_1,{points + spent},{spent},0\n")


def transfer_row(n, file_tag):
    tenant, _, currency, digits, _ = rng.choice(TENANTS)
    a = rng.randrange(users)
    b = rng.randrange(users)
    if rng.random() < 0.02:
        b = users + 5  # unknown user
    kind = "wallet" if rng.random() < 0.6 else "points"
    if kind == "wallet":
        minor = rng.randint(1, 150) * 10 ** digits + rng.randint(0, 10 ** digits - 1)
        amount, cur = money(minor, digits), currency
        if tenant == "t_jpy" and rng.random() < 0.1:
            a, amount = 0, str(rng.randint(9223372036854775807 // 64, 9223372036854775807 // 8))
    else:
        amount, cur = str(rng.randint(1, 800)), ""
    roll = rng.random()
    if roll < 0.02:
        amount = rng.choice(["0", "-5", "1e3", "12.3456", "9223372036854775808", "1,000.00"])
    elif roll < 0.03:
        tenant = "t_ghost"
    key = "" if rng.random() < 0.3 else f"{file_tag}-{n:06d}"
    stamp = f"2026-11-{20 + n % 2:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z"
    description = rng.choice(["", "dinner", "午餐 AA, 三人", "=1+1", 'say "hi"', "line\nbreak"])
    fields = [kind, tenant, user(a), user(b), amount, cur, key, description, "", "rel", f"ref{n}", stamp]
    return ",".join(csv_field(x) for x in fields) + "\n"


def write_transfers(path, file_tag, earlier):
    lines = []
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for n in range(rows):
            roll = rng.random()
            if roll < 0.05 and lines:
                line = rng.choice(lines)  # identical row: keyed → duplicate, keyless → applies again
            elif roll < 0.08 and earlier:
                line = rng.choice(earlier)  # a row of the first file again
            elif roll < 0.10 and lines:
                line = rng.choice(lines).replace(",rel,", ",changed,", 1)  # same key, other content: conflict
            else:
                line = transfer_row(n, file_tag)
            lines.append(line)
            f.write(line)
    return lines


first = write_transfers(f"{out}/transfers-1.csv", "a", [])
write_transfers(f"{out}/transfers-2.csv", "b", first)
