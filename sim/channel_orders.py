"""Online orders in the simulated chain: one channel (a mini-program mall) reserves the stores'
stock at head office through the channel API (chanctl, with the channel's own certificate),
confirms some orders (the store then picks and hands them over), releases some and leaves some
to expire, and now and then asks for more than it may promise (head office must refuse it).

The plan comes from its own random stream of the seed (the other events of a seed stay as they
were); an order is a back-office event, acted after the hour's till events. The truth
(GroundTruth.channel, plain JSON) keeps each order: its key, store, lines, what the channel
could promise of each SKU just before, what head office answered, and what was done with it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from sim.processes import BIN, ChainError, EdgeAgent, HeadOffice, run, wait_for
from sim.scenario import CLOSE_MINUTE, Event, Product
from sim.truth import GroundTruth

ORDER = "channel_order"  # a back-office event
CHANNEL = "simmall"
ORDERS_PER_STORE_DAY = 3
OUTCOMES = ("confirm", "confirm", "release", "expire")
REFUSED = "cannot promise this order"
OVERASK_BY = 100  # an over-ask asks this much beyond what the channel may promise
WAIT_S = 90.0


def plan_events(
    seed: int, days: int, codes: tuple[str, ...], catalogue: tuple[Product, ...]
) -> list[Event]:
    rng = random.Random(f"channel-{seed}")
    events = []
    for day in range(days):
        for store in codes:
            for n in range(ORDERS_PER_STORE_DAY):
                lines = [[p.sku, rng.randint(1, 3)] for p in rng.sample(catalogue, 2)]
                events.append(Event(day, rng.randrange(10 * 60, CLOSE_MINUTE), ORDER, store, {
                    "key": f"{store}-d{day}-o{n}", "lines": lines,
                    "outcome": rng.choice(OUTCOMES)}))  # fmt: skip
            # An order for one more than the channel may promise: refused, nothing reserved.
            events.append(Event(day, rng.randrange(10 * 60, CLOSE_MINUTE), ORDER, store, {
                "key": f"{store}-d{day}-over", "lines": [[rng.choice(catalogue).sku, 0]],
                "outcome": "overask"}))  # fmt: skip
    return events


def empty_truth() -> dict[str, Any]:
    return {"orders": {}}


class ChannelDesk:
    """The channel's integration (chanctl) and the stores' staff (pos orders) acting orders."""

    def __init__(self, ho: HeadOffice, edges: dict[str, EdgeAgent], truth: GroundTruth,
                 workdir: Path):  # fmt: skip
        self.ho = ho
        self.edges = edges
        self.truth = truth
        self.bundle = workdir / f"{CHANNEL}.channel"
        if not truth.channel:
            truth.channel.update(empty_truth())

    def set_up(self) -> None:
        stores = [a for code in self.edges for a in ("--store", code)]
        self.ho.hoctl("channel", "add", CHANNEL, "--name", "Simulated mall", "--kind", "mall",
                      *stores, "--out", str(self.bundle))  # fmt: skip

    def chanctl(self, *args: str, check: bool = True) -> Any:
        done = run([str(BIN / "chanctl"), "--bundle", str(self.bundle), "--address",
                    self.ho.grpc_address, *args, "--format", "json"], check=check)  # fmt: skip
        return done

    def wait_expired(self) -> None:
        """Before the check: the orders left to expire are expired (job expire_reservations,
        every minute), so reservations and stock states are read in one steady state."""

        def none_held() -> bool:
            rows = self.ho.hoctl_json("channel", "reservations", "--channel", CHANNEL)
            return not any(r["state"] == "held" for r in rows)

        try:
            wait_for("the channel's held reservations to expire", none_held, 150, 2.0)
        except ChainError as exc:
            self.truth.note(str(exc))

    def act(self, event: Event) -> None:
        try:
            self._act(event)
        except ChainError as exc:
            self.truth.note(f"{event.store} channel order {event.data['key']}: {exc}")

    def _act(self, event: Event) -> None:
        store, data = event.store, event.data
        skus = [sku for sku, _qty in data["lines"]]
        atp = json.loads(self.chanctl("atp", "--store", store,
                                      *[a for s in skus for a in ("--sku", s)]).stdout)  # fmt: skip
        promisable = {r["sku"]: int(r["promisable_qty_base"]) for r in atp}
        lines = [[sku, qty or promisable.get(sku, 0) + OVERASK_BY] for sku, qty in data["lines"]]
        order: dict[str, Any] = {"store": store, "lines": lines, "promisable": promisable,
                                 "outcome": data["outcome"]}  # fmt: skip
        self.truth.channel["orders"][data["key"]] = order
        args = ["reserve", "--store", store, "--key", data["key"], "--order-ref", data["key"]]
        args += [a for sku, qty in lines for a in ("--line", f"{sku}:{qty}")]
        if data["outcome"] == "expire":
            args += ["--expires-in", "10s"]
        done = self.chanctl(*args, check=False)
        if done.returncode != 0:
            order["answer"] = "refused" if REFUSED in done.stderr else done.stderr.strip()[-300:]
            return
        [reservation] = json.loads(done.stdout)  # chanctl prints a list of reservations
        rid = reservation["reservation_id"]
        order.update(answer="reserved", reservation_id=rid)
        if data["outcome"] == "confirm":
            self.chanctl("confirm", rid)
            order["done"] = "confirmed"
            self._fill(store, rid, order)
        elif data["outcome"] == "release":
            self.chanctl("release", rid, "--reason", "the customer cancelled")
            order["done"] = "released"

    def _fill(self, store: str, rid: str, order: dict[str, Any]) -> None:
        """The store picks the confirmed order and hands it to the courier: the goods leave."""
        edge = self.edges[store]
        wait_for(f"{store} to receive online order {rid}",
                 lambda: any(o["reservation_id"] == rid for o in edge.pos_json("orders", "list")),
                 WAIT_S, 0.3)  # fmt: skip
        edge.pos("orders", "pick", rid)
        order["done"] = "picked"
        handed = edge.pos_json("orders", "handover", rid)
        for m in handed["movements"]:
            self.truth.move(store, m["sku"], int(m["qty_base"]))
        order["done"] = "handed_over"
        order["handed_over_seq"] = handed["seq"]
