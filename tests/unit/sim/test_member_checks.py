"""No stored value double-spent, over doctored histories: a debit booked twice, a lost one, one
no till acknowledged (excused only when its sale went unanswered), a balance that does not add
up, an offline debit's shortfall that does not add up or is not reported as exceeded; an
honest history, with an offline debit the balance did not cover, is clean."""

from __future__ import annotations

import copy
from typing import Any

from sim.checker import Observed, check
from sim.truth import GroundTruth


def _debit(key: str, amount: int, store: str = "S001") -> dict[str, Any]:
    return {"kind": "debit", "key": key, "amount_minor": amount, "store": store}


def honest() -> tuple[GroundTruth, Observed]:
    truth = GroundTruth(["S001", "S002"])
    truth.members.update({
        "topups": {"CARD1": 10000, "DRAIN": 3000},
        "debits": [
            {"store": "S001", "member": "CARD1", "sale_id": "s-1", "key": "S001-d0-m0:sv",
             "amount_minor": 1200, "offline": False},
            {"store": "S002", "member": "CARD1", "sale_id": "s-2", "key": "S002-d0-m0:sv",
             "amount_minor": 800, "offline": True},
            # Offline at S001 while S002 spent everything online: 500 short at head office.
            {"store": "S001", "member": "DRAIN", "sale_id": "s-3", "key": "S001-drain-1:sv",
             "amount_minor": 700, "offline": True},
            {"store": "S002", "member": "DRAIN", "sale_id": "s-4", "key": "S002-drain-1-all:sv",
             "amount_minor": 2800, "offline": False},
        ],
        "unanswered": [], "rounds": 1,
    })  # fmt: skip
    offline = [
        {"store": "S002", "member_id": "M000001", "key": "S002-d0-m0:sv", "amount_minor": 800,
         "taken_minor": 800, "shortfall_minor": 0, "allowance_minor": 10000,
         "over_allowance": False},
        {"store": "S001", "member_id": "M000002", "key": "S001-drain-1:sv", "amount_minor": 700,
         "taken_minor": 200, "shortfall_minor": 500, "allowance_minor": 10000,
         "over_allowance": False},
    ]  # fmt: skip
    members = {
        "ledgers": {
            "CARD1": {"member_id": "M000001", "balance_minor": 8000, "entries": [
                {"kind": "topup", "key": "t", "amount_minor": 10000},
                _debit("S001-d0-m0:sv", 1200), _debit("S002-d0-m0:sv", 800, "S002")]},
            "DRAIN": {"member_id": "M000002", "balance_minor": 0, "entries": [
                {"kind": "topup", "key": "d", "amount_minor": 3000},
                _debit("S002-drain-1-all:sv", 2800, "S002"), _debit("S001-drain-1:sv", 200)]},
        },
        "offline": offline,
        "exceeded": [offline[1]],
    }  # fmt: skip
    seen = Observed({}, {}, {}, {}, {}, members=members)
    return truth, seen


def kinds(truth: GroundTruth, seen: Observed) -> list[str]:
    return [v.message for v in check(truth, seen) if v.kind == "stored_value"]


def test_an_honest_history_with_a_shortfall_is_clean() -> None:
    assert check(*honest()) == []


def test_a_debit_booked_twice_is_reported_and_its_balance_does_not_add_up() -> None:
    truth, seen = honest()
    entries = seen.members["ledgers"]["CARD1"]["entries"]
    entries.append(copy.deepcopy(entries[1]))
    seen.members["ledgers"]["CARD1"]["balance_minor"] = 6800
    said = kinds(truth, seen)
    assert any("2 debits under key S001-d0-m0:sv" in s for s in said), said
    assert any("balance is 6800" in s and "is 8000" in s for s in said), said


def test_a_lost_debit_is_reported() -> None:
    truth, seen = honest()
    seen.members["ledgers"]["CARD1"]["entries"].pop(1)
    seen.members["ledgers"]["CARD1"]["balance_minor"] = 9200
    said = kinds(truth, seen)
    assert any("S001-d0-m0:sv" in s and "(lost)" in s for s in said), said


def test_a_debit_no_till_acknowledged_is_excused_only_when_its_sale_went_unanswered() -> None:
    truth, seen = honest()
    seen.members["ledgers"]["CARD1"]["entries"].append(_debit("S001-d0-m9:sv", 300))
    seen.members["ledgers"]["CARD1"]["balance_minor"] = 7700
    said = kinds(truth, seen)
    assert any("S001-d0-m9:sv that no till acknowledged" in s for s in said), said
    truth.members["unanswered"].append("S001-d0-m9:sv")
    assert check(truth, seen) == []


def test_an_offline_debit_that_does_not_add_up_or_is_not_reported_as_exceeded() -> None:
    truth, seen = honest()
    seen.members["offline"][1]["shortfall_minor"] = 400  # 200 + 400 != 700
    seen.members["exceeded"] = []
    said = kinds(truth, seen)
    assert any("taken 200 + shortfall 400" in s for s in said), said
    assert any("S001-drain-1:sv is over the allowance or short, yet not in" in s for s in said)


def test_a_negative_balance_or_an_online_debit_booked_offline_is_reported() -> None:
    truth, seen = honest()
    seen.members["ledgers"]["DRAIN"]["entries"][-1]["amount_minor"] = 700
    seen.members["offline"][1].update(taken_minor=700, shortfall_minor=0)
    seen.members["ledgers"]["DRAIN"]["balance_minor"] = -500
    seen.members["exceeded"] = []
    said = kinds(truth, seen)
    assert any("balance is -500" in s for s in said), said
    truth, seen = honest()
    truth.members["debits"][0]["offline"] = False
    truth.members["debits"][1]["offline"] = False
    said = kinds(truth, seen)
    assert any("booked it as an offline debit" in s for s in said), said
