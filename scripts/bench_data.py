#!/usr/bin/env python3
"""Deterministic bench data for `make bench` / `make bench-10m`.

Usage: bench_data.py DIR [--users N] [--transfers N]... [--night N]...

Writes into DIR, skipping files that are already there:
  tenants.csv          10 tenants
  accounts.csv         N users per run (default 100,000), spread evenly over the 10 tenants,
                       each with a wallet (CNY) and a points account: 2 x N accounts
  transfers-<N>.csv    N transfers inside those tenants, 60% wallet / 40% points, keys bk_<n>,
                       requested_at spread over 2026-10-01 .. 2026-10-28 (the history)
  night-<N>.csv        N transfers with fresh keys (nk_<n>) on 2026-10-29: one night after the history

Every file has its own seeded random stream, so the same arguments give the same bytes every time,
and asking for a 10M file never changes the 1M file or the night. DIR/generator.stamp records the
generator's SHA-256 and the user count; when either changes, the CSVs already in DIR are removed
and written again. Each file is written under a temporary name and renamed when complete, so an
interrupted generation never leaves a short file that a later bench would take as finished."""
import argparse
import hashlib
import os
import random
import sys

SEED = 20261121
TENANTS = [f"tnt_bench_{i:02d}" for i in range(10)]
TRANSFER_HEADER = ("kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,"
                   "description,reason,source,reference_id,requested_at\n")


def write_atomically(path, produce):
    """produce(write) writes the file's text; the file appears under its name only when complete."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        produce(f.write)
    os.replace(tmp, path)


def tenants_csv(write):
    write("tenant_id,name,transfer_enabled,points_type,exchange_rate,currency\n")
    for t in TENANTS:
        write(f"{t},Bench tenant {t[-2:]},true,cash_equivalent,100,CNY\n")


def accounts_csv(users_per_tenant):
    def produce(write):
        rng = random.Random(f"{SEED}:accounts:{users_per_tenant}")
        write("tenant_id,user_id,kind,currency,balance,frozen_balance,status\n")
        for t in TENANTS:
            for u in range(users_per_tenant):
                write(f"{t},usr_{u:06d},wallet,CNY,{rng.randint(1000, 50000)}.{rng.randint(0, 99):02d},0,active\n")
                write(f"{t},usr_{u:06d},points,,{rng.randint(1000, 100000)},0,active\n")
    return produce


def transfers_csv(users_per_tenant, count, key_prefix, seed_name, day_of):
    """count rows; day_of(n) gives row n's day of October 2026. Returns (produce, stats)."""
    stats = {"wallet": 0, "points": 0}

    def produce(write):
        rng = random.Random(f"{SEED}:{seed_name}:{users_per_tenant}:{count}")
        randrange, random_, randint = rng.randrange, rng.random, rng.randint
        tenants = len(TENANTS)
        write(TRANSFER_HEADER)
        lines = []
        wallets = 0
        for n in range(count):
            t = TENANTS[randrange(tenants)]
            a = randrange(users_per_tenant)
            b = randrange(users_per_tenant - 1)
            if b >= a:  # a different user, uniformly
                b += 1
            stamp = f"2026-10-{day_of(n):02d}T{randrange(24):02d}:{randrange(60):02d}:{randrange(60):02d}Z"
            if random_() < 0.6:
                wallets += 1
                lines.append(f"wallet,{t},usr_{a:06d},usr_{b:06d},{randint(1, 300)}.{randint(0, 99):02d},CNY,"
                             f"{key_prefix}_{n:08d},转账 {n},,bench,ref_{n},{stamp}\n")
            else:
                lines.append(f"points,{t},usr_{a:06d},usr_{b:06d},{randint(1, 500)},,"
                             f"{key_prefix}_{n:08d},积分 {n},bench,bench,,{stamp}\n")
            if len(lines) >= 50000:
                write("".join(lines))
                lines.clear()
        write("".join(lines))
        stats["wallet"], stats["points"] = wallets, count - wallets
    return produce, stats


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--users", type=int, default=100000, help="users in all (each: wallet + points)")
    p.add_argument("--transfers", type=int, action="append", default=[], help="a history file of N rows")
    p.add_argument("--night", type=int, action="append", default=[], help="a night file of N rows")
    args = p.parse_args()
    if args.users % len(TENANTS) or args.users // len(TENANTS) < 2:
        p.error(f"--users must be a multiple of {len(TENANTS)}, at least {2 * len(TENANTS)}")
    users_per_tenant = args.users // len(TENANTS)
    out = args.dir
    os.makedirs(out, exist_ok=True)

    with open(__file__, "rb") as f:
        stamp = f"generator {hashlib.sha256(f.read()).hexdigest()} users {args.users}\n"
    stamp_path = os.path.join(out, "generator.stamp")
    old = open(stamp_path).read() if os.path.exists(stamp_path) else None
    if old != stamp:
        removed = [n for n in os.listdir(out) if n.endswith(".csv") or n.endswith(".csv.tmp")]
        for n in removed:
            os.remove(os.path.join(out, n))
        if removed:
            print(f"bench_data: generator or user count changed; removed {len(removed)} old CSV files", file=sys.stderr)
        write_atomically(stamp_path, lambda w: w(stamp))

    def make(name, produce, describe):
        path = os.path.join(out, name)
        if os.path.exists(path):
            return
        print(f"bench_data: writing {path} ...", file=sys.stderr, flush=True)
        write_atomically(path, produce)
        print(f"bench_data: {path}: {describe()}", file=sys.stderr, flush=True)

    make("tenants.csv", tenants_csv, lambda: f"{len(TENANTS)} tenants")
    make("accounts.csv", accounts_csv(users_per_tenant),
         lambda: f"{args.users} users x (wallet + points) = {2 * args.users} accounts "
                 f"in {len(TENANTS)} tenants ({users_per_tenant} users each)")
    for count in args.transfers:
        produce, stats = transfers_csv(users_per_tenant, count, "bk", "transfers",
                                       lambda n, c=count: 1 + n * 28 // c)
        make(f"transfers-{count}.csv", produce,
             lambda s=stats, c=count: f"{c} transfers, {s['wallet']} wallet ({100 * s['wallet'] / c:.1f}%) / "
                                      f"{s['points']} points")
    for count in args.night:
        produce, stats = transfers_csv(users_per_tenant, count, "nk", "night", lambda n: 29)
        make(f"night-{count}.csv", produce,
             lambda s=stats, c=count: f"{c} night transfers (fresh keys), {s['wallet']} wallet / {s['points']} points")


if __name__ == "__main__":
    main()
