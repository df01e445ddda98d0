"""The seeded plan of a trading period: what happens in which store at which simulated minute.

Everything random in a run is drawn here, from one random.Random(seed), before anything runs:
the same seed and options give the same plan (the same sales, returns, voids, deliveries,
transfers, write-offs, shrink and faults, in the same order). Only how the chain answers varies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from common.domain.barcodes import gtin_check_digit

OPEN_MINUTE = 8 * 60  # the shops open at 08:00 and close at 22:00 (simulated time)
CLOSE_MINUTE = 22 * 60
TILLS_PER_STORE = 3
OPENING_STOCK = 400  # pieces of every SKU each store holds before the period starts
FAULT_KINDS = (
    "kill_headoffice",
    "kill_edge",
    "clock_skew",
    "restored_backup",
    "disk_full",
    "net_delay",
    "net_cut",
    "net_partition",
    "net_replay",
    "net_drop",
    "pg_restart",
)
NETWORK_FAULTS = tuple(k for k in FAULT_KINDS if k.startswith("net_"))
COUNT = "count"  # a store's stocktake at the end of its day (sim.counts)
OTHERS_PER_COUNT = 3  # SKUs a count takes beside the day's shrunk ones


@dataclass(frozen=True)
class Product:
    sku: str
    barcode: str
    price_minor: int
    cost_minor: int


@dataclass(frozen=True)
class Event:
    """One thing that happens: `kind` names it, `store` where, `minute` when (simulated,
    minutes since midnight of `day`), `data` the rest (plain values, JSON-able)."""

    day: int
    minute: int
    kind: str
    store: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def hour(self) -> tuple[int, int]:
        return (self.day, self.minute // 60)

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day, "minute": self.minute, "kind": self.kind, "store": self.store,
                "data": self.data}  # fmt: skip


@dataclass(frozen=True)
class Plan:
    seed: int
    stores: tuple[str, ...]
    products: tuple[Product, ...]
    events: tuple[Event, ...]

    def hours(self) -> list[tuple[int, int]]:
        return sorted({e.hour for e in self.events})

    def of_hour(self, hour: tuple[int, int]) -> list[Event]:
        return [e for e in self.events if e.hour == hour]


def store_codes(count: int) -> tuple[str, ...]:
    return tuple(f"S{i + 1:03d}" for i in range(count))


def make_products(count: int, rng: random.Random) -> tuple[Product, ...]:
    products = []
    for i in range(count):
        body = f"691{i:09d}"
        cost = rng.randrange(50, 2000)
        products.append(
            Product(
                f"SIM{i:04d}",
                body + str(gtin_check_digit(body)),
                cost + rng.randrange(20, 900),
                cost,
            )
        )
    return tuple(products)


def fault_kinds(spec: str, pg: bool, allow_pg_restart: bool, proxy: bool) -> list[str]:
    """The fault kinds `--faults` names (all, none, or a comma-separated list), less those this
    run cannot inject: a PostgreSQL restart needs PostgreSQL the run may restart (its private
    cluster, or --allow-pg-restart for the server of --db), network faults need the fault
    proxy."""
    if spec in ("", "none"):
        return []
    wanted = list(FAULT_KINDS) if spec == "all" else [k.strip() for k in spec.split(",")]
    unknown = [k for k in wanted if k not in FAULT_KINDS]
    if unknown:
        raise ValueError(
            f"unknown fault kind(s) {', '.join(unknown)}; use all, none or some of "
            + ", ".join(FAULT_KINDS)
        )
    if not (pg and allow_pg_restart):
        wanted = [k for k in wanted if k != "pg_restart"]
    if not proxy:
        wanted = [k for k in wanted if k not in NETWORK_FAULTS]
    return wanted


def make_plan(
    seed: int,
    stores: int,
    days: int,
    sales_per_day: int,
    faults: list[str],
    products: int = 30,
    kills_per_day: int = 2,
) -> Plan:
    rng = random.Random(seed)
    codes = store_codes(stores)
    catalogue = make_products(products, rng)
    events: list[Event] = []
    for day in range(days):
        for store in codes:
            events += _store_day(rng, day, store, catalogue, sales_per_day)
        events += _chain_day(rng, day, codes, catalogue)
        events += _faults_of_day(rng, day, codes, faults, kills_per_day)
    events += plan_counts(seed, events, codes, catalogue, days)
    # The buyer's runs draw from a generator of their own: the rest of a seed's plan is the
    # one it was before they were added (the kept regression seeds still mean what they did).
    buyer = random.Random(f"{seed}-replenish")
    for day in range(days):
        events += _replenish_day(buyer, day, codes, catalogue)
    events.sort(key=lambda e: (e.day, e.minute))
    return Plan(seed, codes, catalogue, tuple(events))


def _minute(rng: random.Random) -> int:
    return rng.randrange(OPEN_MINUTE, CLOSE_MINUTE)


def _store_day(
    rng: random.Random, day: int, store: str, catalogue: tuple[Product, ...], sales: int
) -> list[Event]:
    events = []
    for n in range(sales):
        picks = rng.sample(catalogue, rng.randint(1, 4))
        lines = [[p.sku, rng.randint(1, 3)] for p in picks]
        tender = rng.choices(["cash", "card", "split"], weights=[5, 3, 2])[0]
        till = f"T{rng.randint(1, TILLS_PER_STORE)}"
        key = f"{store}-d{day}-s{n}"
        events.append(Event(day, _minute(rng), "sale", store,
                            {"key": key, "till": till, "lines": lines, "tender": tender}))  # fmt: skip
    events.sort(key=lambda e: e.minute)
    sale_events = list(events)
    # Returns of some earlier sale of the same day and store (one line, part of its quantity),
    # and voids of a line of a cart never paid for.
    for n in range(max(1, sales // 25)):
        sale = rng.choice(sale_events[: max(1, len(sale_events) - 1)])
        sku, qty = rng.choice(sale.data["lines"])
        minute = min(CLOSE_MINUTE - 1, sale.minute + rng.randint(1, 120))
        events.append(Event(day, minute, "return", store, {
            "key": f"{store}-d{day}-r{n}", "sale_key": sale.data["key"], "till": sale.data["till"],
            "sku": sku, "qty": rng.randint(1, qty)}))  # fmt: skip
    for _n in range(max(1, sales // 40)):
        p = rng.choice(catalogue)
        events.append(Event(day, _minute(rng), "void", store, {
            "till": f"T{rng.randint(1, TILLS_PER_STORE)}", "sku": p.sku, "qty": rng.randint(1, 3),
            "amount_minor": p.price_minor}))  # fmt: skip
    for n in range(2):
        events.append(Event(day, _minute(rng), "write_off", store, {
            "key": f"{store}-d{day}-w{n}", "sku": rng.choice(catalogue).sku, "qty": 1}))  # fmt: skip
        events.append(Event(day, _minute(rng), "shrink", store,
                            {"sku": rng.choice(catalogue).sku, "qty": rng.randint(1, 2)}))  # fmt: skip
    picks = rng.sample(catalogue, 3)
    lines = [[p.sku, rng.randint(12, 48), p.cost_minor] for p in picks]
    short = rng.randrange(len(lines))  # the supplier delivers a few short on one line
    events.append(Event(day, rng.randrange(OPEN_MINUTE, 12 * 60), "delivery", store,
                        {"lines": lines, "short_line": short, "short_by": rng.randint(1, 5)}))  # fmt: skip
    return events


def _chain_day(
    rng: random.Random, day: int, codes: tuple[str, ...], catalogue: tuple[Product, ...]
) -> list[Event]:
    if len(codes) < 2:
        return []
    events = []
    for n in range(max(1, len(codes) // 2)):
        sender, receiver = rng.sample(codes, 2)
        picks = rng.sample(catalogue, 2)
        lines = [[p.sku, rng.randint(4, 12)] for p in picks]
        events.append(Event(day, rng.randrange(10 * 60, 18 * 60), "transfer", sender, {
            "key": f"d{day}-t{n}", "to": receiver, "lines": lines,
            "ship_short_by": rng.randint(1, 3),  # the sender ships short on the first line
            "lost_in_transit": rng.randint(0, 1),  # and one may not arrive
        }))  # fmt: skip
    return events


def _replenish_day(
    rng: random.Random, day: int, codes: tuple[str, ...], catalogue: tuple[Product, ...]
) -> list[Event]:
    """At the close a buyer raises the min/max of two SKUs at one store above what it holds,
    so the run proposes them (sim/replenishment.py)."""
    store = rng.choice(codes)
    low = OPENING_STOCK + rng.randint(20, 60)
    minmax = [[p.sku, low, low + rng.randint(10, 40)] for p in rng.sample(catalogue, 2)]
    return [Event(day, CLOSE_MINUTE - 1, "replenish", store, {"minmax": minmax})]


def _faults_of_day(
    rng: random.Random, day: int, codes: tuple[str, ...], kinds: list[str], kills: int
) -> list[Event]:
    events = []
    for kind in kinds:
        # Every kind at least once a day; kills of processes `kills` times.
        times = kills if kind in ("kill_edge", "kill_headoffice") else 1
        for n in range(times):
            data: dict[str, Any] = {"after_sales": rng.randint(2, 12)}
            if kind == "clock_skew":
                data["offset_h"] = rng.choice([-9, -5, 3, 7])
            if kind == "net_partition":
                data["seconds"] = rng.choice([3, 5, 8])
            if kind == "net_delay":
                data["ms"], data["jitter_ms"] = rng.choice([(50, 20), (200, 100)])
            if kind == "net_cut":
                data["n_bytes"] = rng.randint(200, 4000)
                data["direction"] = rng.choice(["upstream", "downstream"])
            if kind == "net_drop":
                data["pct"] = rng.choice([5, 20])
            if kind == "kill_headoffice":
                data["process"] = n % 2  # with two processes: one, then the other
            if kind == "pg_restart":
                data["mode"] = rng.choice(["fast", "immediate"])
            events.append(Event(day, rng.randrange(OPEN_MINUTE + 60, CLOSE_MINUTE - 60), kind,
                                rng.choice(codes), data))  # fmt: skip
    return events


def plan_counts(seed: int, events: list[Event], codes: tuple[str, ...],
                catalogue: tuple[Product, ...], days: int) -> list[Event]:  # fmt: skip
    """A count event per store and day, at 21:59: the SKUs shrunk there that day plus
    OTHERS_PER_COUNT others, drawn from a generator of their own seeded by the seed, so the
    rest of a seed's plan is what it was before counts were planned (sim_seeds.txt replays)."""
    rng = random.Random(f"counts-{seed}")
    skus = [p.sku for p in catalogue]
    shrunk: dict[tuple[int, str], set[str]] = {}
    for e in events:
        if e.kind == "shrink":
            shrunk.setdefault((e.day, e.store), set()).add(e.data["sku"])
    counts = []
    for day in range(days):
        for store in codes:
            lost = shrunk.get((day, store), set())
            others = [s for s in skus if s not in lost]
            picked = lost | set(rng.sample(others, min(OTHERS_PER_COUNT, len(others))))
            counts.append(Event(day, CLOSE_MINUTE - 1, COUNT, store,
                                {"key": f"{store}-d{day}-c", "skus": sorted(picked)}))  # fmt: skip
    return counts
