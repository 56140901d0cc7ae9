#!/usr/bin/env python3
"""Deterministic bench data: tenants, account snapshots and transfers (60% wallet, 40% points).

Usage: bench_data.py DIR ACCOUNTS TRANSFERS. Same arguments, same bytes, every time."""
import random
import sys

out, accounts, transfers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261121)
tenants = [f"tnt_bench_{i:02d}" for i in range(10)]
users_per_tenant = accounts // len(tenants) // 2  # each user has a wallet and a points account

with open(f"{out}/tenants.csv", "w") as f:
    f.write("tenant_id,name,transfer_enabled,points_type,exchange_rate,currency\n")
    for t in tenants:
        f.write(f"{t},Bench tenant {t[-2:]},true,cash_equivalent,100,CNY\n")

with open(f"{out}/accounts.csv", "w") as f:
    f.write("tenant_id,user_id,kind,currency,balance,frozen_balance,status\n")
    for t in tenants:
        for u in range(users_per_tenant):
            f.write(f"{t},usr_{u:06d},wallet,CNY,{rng.randint(1000, 50000)}.{rng.randint(0, 99):02d},0,active\n")
            f.write(f"{t},usr_{u:06d},points,,{rng.randint(1000, 100000)},0,active\n")

with open(f"{out}/transfers-{transfers}.csv", "w") as f:
    f.write("kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at\n")
    for n in range(transfers):
        t = tenants[rng.randrange(len(tenants))]
        a, b = rng.sample(range(users_per_tenant), 2)
        day = 1 + n * 28 // transfers
        stamp = f"2026-10-{day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z"
        if rng.random() < 0.6:
            f.write(f"wallet,{t},usr_{a:06d},usr_{b:06d},{rng.randint(1, 300)}.{rng.randint(0, 99):02d},CNY,bk_{n:08d},转账 {n},,bench,ref_{n},{stamp}\n")
        else:
            f.write(f"points,{t},usr_{a:06d},usr_{b:06d},{rng.randint(1, 500)},,bk_{n:08d},积分 {n},bench,bench,,{stamp}\n")
