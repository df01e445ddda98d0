"""No channel oversell: head office's reservations, stock states and journal against the orders
the channel placed (GroundTruth.channel, kept by sim.channel_orders).

- Head office granted no order for more of a SKU than the channel could promise just before
  (an over-ask, `OVERASK_BY` beyond it, is refused with nothing reserved).
- Each order head office answered is there once under its key, with its lines, in the state
  of what was done with it: handed over -> fulfilled, released -> released, left to expire ->
  held or expired; an order refused has no reservation; no reservation under a key the channel
  never used.
- For every store and SKU: on hand = available + reserved + committed + damaged + safety;
  reserved and committed are what the open reservations hold (held or confirmed; picked), never
  below zero; available is below zero only by an open conflict's shortfall (an offline till sold
  what was promised), never because of an order.
- Each hand-over is one channel_fulfilment entry in head office's journal (and the checker's
  stock comparison shows its movement at head office, in the store's ledger and in the truth).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sim.channel_orders import CHANNEL, OVERASK_BY
from sim.processes import HeadOffice
from sim.truth import GroundTruth

KIND = "channel"
FULFILMENT = "channel_fulfilment"
STATE_OF = {"handed_over": ("fulfilled",), "released": ("released",)}
EXPIRING = ("held", "expired")
STATES = ("available", "reserved", "committed", "damaged", "safety")


def observe(ho: HeadOffice, truth: GroundTruth, stores: list[str]) -> dict[str, Any]:
    if not truth.channel:
        return {}
    return {
        "reservations": ho.hoctl_json("channel", "reservations", "--channel", CHANNEL),
        "states": {c: ho.hoctl_json("stock", "--states", "--store", c) for c in stores},
        "conflicts": ho.hoctl_json("channel", "conflicts"),
    }


def check(truth: GroundTruth, seen: dict[str, Any],
          journal: dict[str, list[tuple[int, str, str]]]) -> list[tuple[str, str]]:  # fmt: skip
    if not truth.channel:
        return []
    orders = truth.channel["orders"]
    found = _orders(orders, seen.get("reservations", []))
    found += _states(seen)
    for store in sorted({o["store"] for o in orders.values()}):
        docs = [doc for _seq, kind, doc in journal.get(store, []) if kind == FULFILMENT]
        handed = sum(1 for o in orders.values()
                     if o["store"] == store and o.get("done") == "handed_over")  # fmt: skip
        doubled = sorted(d for d, n in Counter(docs).items() if n > 1)
        if doubled or len(docs) != handed:
            found.append((store, f"{store}: {len(docs)} channel hand-over(s) in head office's "
                          f"journal ({', '.join(doubled) or 'none'} twice), the store handed "
                          f"over {handed} order(s)"))  # fmt: skip
    return found


def _orders(orders: dict[str, Any], reservations: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reservations:
        by_key[r["idempotency_key"]].append(r)
    for key, order in sorted(orders.items()):
        store, held = order["store"], by_key.get(key, [])
        for sku, qty in order["lines"]:
            promisable = int(order["promisable"].get(sku, 0))
            if order.get("answer") == "reserved" and qty >= promisable + OVERASK_BY:
                found.append((store, f"order {key} at {store}: head office reserved {qty} of "
                              f"{sku}, the channel could promise {promisable}"))  # fmt: skip
        if order.get("answer") != "reserved":
            if held:
                found.append(
                    (
                        store,
                        f"order {key} at {store} was refused, yet head office "
                        f"holds reservation {held[0]['reservation_id']} under its key",
                    )
                )
            continue  # fmt: skip
        if len(held) != 1:
            found.append((store, f"order {key} at {store}: {len(held)} reservations under its "
                          "key at head office"))  # fmt: skip
            continue
        [r] = held
        lines = sorted((x["sku"], int(x["qty_base"])) for x in r["lines"])
        if lines != sorted((sku, int(qty)) for sku, qty in order["lines"]):
            found.append((store, f"order {key} at {store}: head office holds {lines}, the "
                          f"channel ordered {order['lines']}"))  # fmt: skip
        want = STATE_OF.get(order.get("done", ""), EXPIRING if order["outcome"] == "expire" else ())
        if want and r["state"] not in want:
            found.append(
                (
                    store,
                    f"order {key} ({r['reservation_id']}) at {store} is "
                    f"{r['state']} at head office, expected {' or '.join(want)}",
                )
            )
    for key in sorted(set(by_key) - set(orders)):
        found.append(("", f"head office holds reservation {by_key[key][0]['reservation_id']} "
                      f"under key {key}, which the channel never used"))  # fmt: skip
    return found


def _states(seen: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    holds: Counter[tuple[str, str, str]] = Counter()
    for r in seen.get("reservations", []):
        state = {"held": "reserved", "confirmed": "reserved", "picked": "committed"}.get(r["state"])
        if state is None:
            continue
        for x in r["lines"]:
            holds[(r["store"], x["sku"], state)] += int(x["qty_base"])
    short: Counter[tuple[str, str]] = Counter()
    for c in seen.get("conflicts", []):
        if c["state"] == "open":
            short[(c["store"], c["sku"])] += int(c["short_qty_base"])
    for store, rows in sorted(seen.get("states", {}).items()):
        for row in rows:
            sku, q = row["sku"], {s: int(row[f"{s}_qty_base"]) for s in STATES}
            at = f"{store} {sku}"
            if int(row["on_hand_qty_base"]) != sum(q.values()):
                found.append((store, f"{at}: on hand {row['on_hand_qty_base']} is not "
                              + " + ".join(f"{s} {q[s]}" for s in STATES)))  # fmt: skip
            for state in ("reserved", "committed"):
                if q[state] != holds[(store, sku, state)] or q[state] < 0:
                    found.append(
                        (
                            store,
                            f"{at}: {state} {q[state]} at head office, its "
                            f"reservations hold {holds[(store, sku, state)]}",
                        )
                    )
            if q["available"] < 0 and -q["available"] > short[(store, sku)]:
                found.append(
                    (
                        store,
                        f"{at}: available {q['available']}, below zero beyond "
                        f"the open conflicts' shortfall {short[(store, sku)]}: oversold",
                    )
                )
    return found


def figures(truth: GroundTruth) -> dict[str, int]:
    if not truth.channel:
        return {}
    orders = truth.channel["orders"].values()
    return {
        "channel_order_count": len(orders),
        "channel_refused_count": sum(1 for o in orders if o.get("answer") != "reserved"),
        "channel_fulfilled_count": sum(1 for o in orders if o.get("done") == "handed_over"),
    }
