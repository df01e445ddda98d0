"""What one argon2id PIN hash costs here, and what that makes an offline search of every PIN.

    python -m tests.benchmarks.pin_hash [--rounds N]

Hashes a PIN with common.domain.pins.ARGON2, the lighter RFC 9106 option the edge
used before, and a memory-heavier alternative, a few
rounds each, and prints the median wall time (time.perf_counter) and CPU time
(time.process_time, all of argon2's lane threads) of one hash; then counts the
six-digit PINs the policy allows and prints how long an attacker with this
machine's cores needs to try them all. The figures go into pins.py's docstring.
Not a test: timings on a shared VM vary from run to run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import asdict, replace

from argon2 import PasswordHasher

from common.domain.pins import ARGON2, RFC_9106_LOW_MEMORY, Argon2Parameters, pin_problem

LOCKOUT_TRIES, LOCKOUT_MINUTES = 3, 15  # edge_agent approvals' defaults


def measure(params: Argon2Parameters, rounds: int) -> tuple[float, float]:
    """Median wall and CPU seconds of one hash, after one warm-up hash."""
    hasher = PasswordHasher(**asdict(params))
    hasher.hash("482915")
    walls, cpus = [], []
    for i in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        hasher.hash(f"{482916 + i:06d}")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def allowed_six_digit_pins() -> int:
    return sum(1 for n in range(10**6) if pin_problem(f"{n:06d}") is None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.pin_hash")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    allowed = allowed_six_digit_pins()
    load = os.getloadavg()[0]
    print(f"six-digit PINs the policy allows: {allowed:,} of 1,000,000")
    print(f"cores here: {cores}; load average before the hashes: {load:.2f}")
    print()
    print(
        "| argon2id | one hash, wall | one hash, CPU | tries/s on all cores | every PIN | on average |"
    )
    print("|---|---|---|---|---|---|")
    candidates = [
        ("t=3 m=64MiB p=4 (RFC 9106 low-memory; argon2-cffi default)", RFC_9106_LOW_MEMORY),
        ("t=6 m=64MiB p=4 (pins.ARGON2, recommended)", ARGON2),
        ("t=3 m=256MiB p=4", replace(RFC_9106_LOW_MEMORY, memory_cost=262144)),
    ]
    for label, params in candidates:
        wall, cpu = measure(params, args.rounds)
        rate = cores / cpu
        every = allowed / rate
        print(
            f"| {label} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {rate:.1f} | "
            f"{every / 3600:.1f} h | {every / 7200:.1f} h |"
        )
    online_years = allowed / LOCKOUT_TRIES * LOCKOUT_MINUTES / 60 / 24 / 365
    print()
    print(
        f"online, {LOCKOUT_TRIES} tries per {LOCKOUT_MINUTES}-minute lockout: "
        f"{online_years:.1f} years for every PIN"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
