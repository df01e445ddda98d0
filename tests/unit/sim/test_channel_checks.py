"""No channel oversell, over doctored histories: an over-ask head office granted, an order in the
wrong state or under its key twice, a reservation the channel never asked for, stock states
that do not add up, available below zero beyond the conflicts' shortfall, and a hand-over
applied twice are each reported; an honest history is clean."""

from __future__ import annotations

from typing import Any

from sim.checker import Observed, check
from sim.truth import GroundTruth


def _row(sku: str, on_hand: int, available: int, reserved: int = 0, committed: int = 0,
         store: str = "S001") -> dict[str, Any]:  # fmt: skip
    return {"store": store, "sku": sku, "on_hand_qty_base": on_hand,
            "available_qty_base": available, "reserved_qty_base": reserved,
            "committed_qty_base": committed, "damaged_qty_base": 0, "safety_qty_base": 0}  # fmt: skip


def honest() -> tuple[GroundTruth, Observed]:
    truth = GroundTruth(["S001"])
    truth.channel.update({"orders": {
        "S001-d0-o0": {"store": "S001", "lines": [["A", 2]], "promisable": {"A": 10},
                       "outcome": "confirm", "answer": "reserved", "reservation_id": "CR000001",
                       "done": "handed_over"},
        "S001-d0-o1": {"store": "S001", "lines": [["B", 1]], "promisable": {"B": 5},
                       "outcome": "expire", "answer": "reserved", "reservation_id": "CR000002"},
        "S001-d0-o2": {"store": "S001", "lines": [["B", 3]], "promisable": {"B": 4},
                       "outcome": "release", "answer": "reserved", "reservation_id": "CR000003",
                       "done": "released"},
        "S001-d0-over": {"store": "S001", "lines": [["A", 108]], "promisable": {"A": 8},
                         "outcome": "overask", "answer": "refused"},
    }})  # fmt: skip
    reservations = [
        {"reservation_id": "CR000001", "store": "S001", "state": "fulfilled",
         "idempotency_key": "S001-d0-o0", "lines": [{"sku": "A", "qty_base": 2}]},
        {"reservation_id": "CR000002", "store": "S001", "state": "held",
         "idempotency_key": "S001-d0-o1", "lines": [{"sku": "B", "qty_base": 1}]},
        {"reservation_id": "CR000003", "store": "S001", "state": "released",
         "idempotency_key": "S001-d0-o2", "lines": [{"sku": "B", "qty_base": 3}]},
    ]  # fmt: skip
    channel = {
        "reservations": reservations,
        "states": {"S001": [_row("A", 8, 8), _row("B", 5, 4, reserved=1)]},
        "conflicts": [],
    }
    journal = {"S001": [(1, "receipt", "r"), (2, "channel_pick", "CR000001"),
                        (3, "channel_fulfilment", "CR000001")]}  # fmt: skip
    return truth, Observed({}, {}, journal, {"S001": 3}, {}, channel=channel)


def said(truth: GroundTruth, seen: Observed) -> list[str]:
    return [v.message for v in check(truth, seen) if v.kind == "channel"]


def test_an_honest_history_is_clean() -> None:
    assert check(*honest()) == []


def test_an_over_ask_head_office_granted_is_an_oversell() -> None:
    truth, seen = honest()
    order = truth.channel["orders"]["S001-d0-over"]
    order.update(answer="reserved", reservation_id="CR000004")
    seen.channel["reservations"].append(
        {"reservation_id": "CR000004", "store": "S001", "state": "held",
         "idempotency_key": "S001-d0-over", "lines": [{"sku": "A", "qty_base": 108}]}
    )  # fmt: skip
    seen.channel["states"]["S001"][0].update(available_qty_base=-100, reserved_qty_base=108)
    out = said(truth, seen)
    assert any("reserved 108 of A, the channel could promise 8" in s for s in out), out
    assert any("available -100, below zero beyond" in s for s in out), out


def test_a_refused_order_held_a_wrong_state_and_an_unknown_key_are_reported() -> None:
    truth, seen = honest()
    rows = seen.channel["reservations"]
    rows[0]["state"] = "confirmed"
    rows.append(dict(rows[2], reservation_id="CR000009", idempotency_key="S001-d0-over"))
    rows.append(dict(rows[2], reservation_id="CR000010", idempotency_key="nobody"))
    out = said(truth, seen)
    assert any("CR000001) at S001 is confirmed at head office, expected fulfilled" in s
               for s in out), out  # fmt: skip
    assert any(
        "S001-d0-over at S001 was refused, yet head office holds CR000009" in s
        or "refused, yet head office holds reservation CR000009" in s
        for s in out
    ), out
    assert any("under key nobody, which the channel never used" in s for s in out), out


def test_states_that_do_not_add_up_and_a_doubled_hand_over_are_reported() -> None:
    truth, seen = honest()
    seen.channel["states"]["S001"][1]["reserved_qty_base"] = 2  # on hand 5 != 4 + 2
    seen.ho_journal["S001"].append((4, "channel_fulfilment", "CR000001"))
    out = said(truth, seen)
    assert any("S001 B: on hand 5 is not available 4 + reserved 2" in s for s in out), out
    assert any("S001 B: reserved 2 at head office, its reservations hold 1" in s for s in out)
    assert any("2 channel hand-over(s)" in s and "CR000001 twice" in s for s in out), out


def test_available_below_zero_by_an_open_conflicts_shortfall_is_no_oversell() -> None:
    truth, seen = honest()
    seen.channel["states"]["S001"][1].update(available_qty_base=-1, on_hand_qty_base=0)
    seen.channel["conflicts"] = [{"store": "S001", "sku": "B", "short_qty_base": 1,
                                  "state": "open"}]  # fmt: skip
    assert check(truth, seen) == []
