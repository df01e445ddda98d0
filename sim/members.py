"""Members in the simulated chain: a few members topped up with stored value at head office, sales
paid from it at the stores' tills, and offline debits while a store cannot reach head office.

- The plan (from its own random stream of the seed, so the other events of a seed stay as they
  were): each store sells to a regular member a few times a day, paid in full from stored value,
  and head office tops each regular member up at opening with what their day's sales cost.
- While a store is partitioned from head office (the net_partition fault), `offline_round` sells
  to the drain member there (the till takes it offline, within its allowance and the balance it
  last saw), while another store, online, spends the drain member's whole balance: when the
  offline debit reaches head office the balance no longer covers it, and head office must book
  what is there and report the rest as the member's shortfall (docs/members.md).
- The truth (GroundTruth.members, plain JSON): each top-up as head office booked it, each
  stored-value payment a till acknowledged (its key, amount and whether it was offline), and the
  keys of member sales no till answer came back for. sim.member_checks checks head office
  against it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import grpc

from common.pb.storeledger.v1 import till_pb2
from sim.processes import ChainError, HeadOffice
from sim.scenario import CLOSE_MINUTE, OPEN_MINUTE, TILLS_PER_STORE, Event, Product
from sim.truth import GroundTruth, SaleRecord

if TYPE_CHECKING:
    from sim.drivers import TillDriver
    from sim.injectors import Chain

SALE = "member_sale"  # a till event
TOPUP = "member_topup"  # a back-office event (head office)
SALES_PER_STORE_DAY = 3
REGULAR = ("SIMM0001", "SIMM0002", "SIMM0003")  # member card numbers
DRAIN = "SIMM0009"  # the member of the offline rounds
DRAIN_TOPUP_MINOR = 3000
TOPUP_MARGIN_MINOR = 2000
SELL_TIMEOUT_S = 40.0  # offline: the look-up and the debit each wait for head office (5 s)


@dataclass(frozen=True)
class SimMember:
    card: str
    phone: str
    name: str


def members() -> tuple[SimMember, ...]:
    cards = (*REGULAR, DRAIN)
    return tuple(SimMember(c, f"139{n:08d}", f"Sim member {n}") for n, c in enumerate(cards, 1))


def plan_events(
    seed: int, days: int, codes: tuple[str, ...], catalogue: tuple[Product, ...]
) -> list[Event]:
    """The member sales of the period and the top-ups that pay for them (opening hour)."""
    rng = random.Random(f"members-{seed}")
    prices = {p.sku: p.price_minor for p in catalogue}
    events: list[Event] = []
    for day in range(days):
        spend = dict.fromkeys(REGULAR, 0)
        for store in codes:
            for n in range(SALES_PER_STORE_DAY):
                card = rng.choice(REGULAR)
                picks = rng.sample(catalogue, rng.randint(1, 2))
                lines: list[list[Any]] = [[p.sku, 1] for p in picks]
                spend[card] += sum(prices[p.sku] for p in picks)
                events.append(Event(day, rng.randrange(OPEN_MINUTE + 60, CLOSE_MINUTE), SALE,
                                    store, {"key": f"{store}-d{day}-m{n}", "member": card,
                                            "till": f"T{rng.randint(1, TILLS_PER_STORE)}",
                                            "lines": lines}))  # fmt: skip
        for n, card in enumerate(REGULAR):
            if spend[card]:
                events.append(Event(day, OPEN_MINUTE, TOPUP, codes[0], {
                    "key": f"d{day}-top{n}", "member": card,
                    "paid_minor": spend[card] + TOPUP_MARGIN_MINOR}))  # fmt: skip
    return events


def empty_truth() -> dict[str, Any]:
    return {"topups": {}, "debits": [], "unanswered": [], "rounds": 0}


def _truth(truth: GroundTruth) -> dict[str, Any]:
    if not truth.members:
        truth.members.update(empty_truth())
    return truth.members


def top_up(ho: HeadOffice, truth: GroundTruth, card: str, paid_minor: int, key: str) -> None:
    """A top-up at head office; the truth keeps what it booked (paid plus the rules' bonus)."""
    booked = ho.hoctl_json("member", "topup", card, "--paid", str(paid_minor), "--key", key)
    if booked.get("replayed"):
        return
    added = int(booked["principal_minor"]) + int(booked["bonus_minor"])
    with truth._lock:
        topups = _truth(truth)["topups"]
        topups[card] = topups.get(card, 0) + added
        _truth(truth)["currency"] = booked["currency"]


def set_up(ho: HeadOffice, drivers: dict[str, TillDriver], truth: GroundTruth) -> None:
    """Sign the members up at head office; the drain member is topped up and bought something in
    cash at every store, so each store has seen them online (a till only takes stored value
    offline from a member it has seen)."""
    _truth(truth)
    for m in members():
        ho.hoctl("member", "add", "--phone", m.phone, "--name", m.name, "--card", m.card)
        _truth(truth)["topups"].setdefault(m.card, 0)
    top_up(ho, truth, DRAIN, DRAIN_TOPUP_MINOR, "drain-0")
    for code, driver in drivers.items():
        cheapest = min(driver.products_list, key=lambda p: p.price_minor)
        sell(driver, {"key": f"{code}-drain-seen", "member": DRAIN, "till": "T1",
                      "lines": [[cheapest.sku, 1]]}, cash=True)  # fmt: skip


def act_back_office(ho: HeadOffice, truth: GroundTruth, event: Event) -> None:
    data = event.data
    try:
        top_up(ho, truth, data["member"], int(data["paid_minor"]), data["key"])
    except ChainError as exc:
        truth.note(f"top-up {data['key']} of {data['member']}: {exc}")


def sell(driver: TillDriver, data: dict[str, Any], cash: bool = False,
         stored_minor: int | None = None) -> till_pb2.SellReply | None:  # fmt: skip
    """A sale naming a member at one of the driver's tills: paid from stored value (all of it, or
    `stored_minor` of it and the rest in cash), or in cash only. Returns None when no answer came
    (the key is kept as unanswered: head office may or may not hold its debit)."""
    from sim.drivers import till_cashier

    items = [
        till_pb2.SellItem(code=driver.products[sku].barcode, qty_base=qty)
        for sku, qty in data["lines"]
    ]
    total = sum(driver.products[sku].price_minor * qty for sku, qty in data["lines"])
    stored = 0 if cash else (total if stored_minor is None else stored_minor)
    tenders = []
    if stored:
        tenders.append(till_pb2.TenderRequest(method="stored_value", amount_minor=stored))
    if total > stored:
        tenders.append(till_pb2.TenderRequest(method="cash", amount_minor=total - stored + 1000))
    request = till_pb2.SellRequest(
        till_id=data["till"], cashier=till_cashier(data["till"]), items=items, tenders=tenders,
        idempotency_key=data["key"], member=data["member"],
    )  # fmt: skip
    try:
        reply = driver._call("member sale", lambda s: s.Sell(request, timeout=SELL_TIMEOUT_S))
    except grpc.RpcError as exc:
        if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
            driver.truth.uncertain_sales.append(data["key"])
            if stored:
                with driver.truth._lock:
                    _truth(driver.truth)["unanswered"].append(f"{data['key']}:sv")
        raise
    lines: dict[str, int] = {}
    for line in reply.sale.lines:
        lines[line.sku] = lines.get(line.sku, 0) + line.qty_base
    record = SaleRecord(driver.store, data["key"], reply.sale.sale_id, reply.sale.sale_no,
                        reply.seq, lines)  # fmt: skip
    driver.keep(record)
    for tender in reply.sale.tenders:
        if tender.method == "stored_value":
            debit = {"store": driver.store, "member": data["member"], "sale_id": record.sale_id,
                     "key": tender.authorisation_key, "amount_minor": tender.amount_minor,
                     "offline": tender.offline}  # fmt: skip
            with driver.truth._lock:
                _truth(driver.truth)["debits"].append(debit)
    return reply


def offline_round(chain: Chain, truth: GroundTruth, event: Event) -> str:
    """While `event.store` is partitioned: the drain member buys its cheapest product there in
    stored value (offline), then spends their whole balance online at another store."""
    from sim.drivers import TillDriver

    store = event.store
    n = _truth(truth)["rounds"] = _truth(truth)["rounds"] + 1
    top_up(chain.headoffice, truth, DRAIN, DRAIN_TOPUP_MINOR, f"drain-{n}")
    here = TillDriver(chain.edges[store], chain.drivers[store].products_list, truth)
    said = []
    try:
        cheapest = min(here.products_list, key=lambda p: p.price_minor)
        reply = sell(here, {"key": f"{store}-drain-{n}", "member": DRAIN, "till": "T1",
                            "lines": [[cheapest.sku, 1]]})  # fmt: skip
        offline = reply is not None and any(t.offline for t in reply.sale.tenders)
        said.append(f"{'offline' if offline else 'online'} stored value at {store}")
    except grpc.RpcError as exc:
        said.append(f"drain sale at {store}: {exc.code().name}")
    finally:
        here.close()
    others = [c for c in sorted(chain.edges) if c != store]
    if others:
        said.append(_spend_all(chain, truth, others[0], n))
    return "; ".join(said)


def _spend_all(chain: Chain, truth: GroundTruth, store: str, n: int) -> str:
    from sim.drivers import TillDriver

    balance = int(chain.headoffice.hoctl_json("member", "show", DRAIN)["balance_minor"])
    if balance <= 0:
        return f"nothing left to spend at {store}"
    there = TillDriver(chain.edges[store], chain.drivers[store].products_list, truth)
    try:
        dearest = max(there.products_list, key=lambda p: p.price_minor)
        qty = -(-balance // dearest.price_minor)
        sell(there, {"key": f"{store}-drain-{n}-all", "member": DRAIN, "till": "T1",
                     "lines": [[dearest.sku, qty]]}, stored_minor=balance)  # fmt: skip
    except grpc.RpcError as exc:
        return f"spending {balance} at {store}: {exc.code().name}"
    finally:
        there.close()
    return f"{balance} spent online at {store}"
