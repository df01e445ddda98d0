"""No stored value double-spent: head office's member ledgers against the payments the tills
acknowledged (GroundTruth.members, kept by sim.members).

For each member of the run, with A the stored-value payments a till acknowledged (key, amount,
online or offline) and U the keys of member sales no answer came back for:

- every payment of A is at head office once under its key: online, one debit entry of its
  amount; offline, one row of `hoctl report offline-debits` with taken + shortfall = amount and
  one debit entry of what was taken (none when nothing was);
- head office holds no debit and no offline row under a key outside A and U, and no key twice;
- the balance is the top-ups booked less what was taken for A (and for the keys of U it holds),
  and never below zero: what the balance did not cover is the shortfall, not a negative balance;
- an offline row is over the allowance exactly when its amount is above head office's
  allowance, and `--exceeded` lists exactly the rows over it or with a shortfall.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sim.processes import HeadOffice
from sim.truth import GroundTruth

KIND = "stored_value"


def observe(ho: HeadOffice, truth: GroundTruth) -> dict[str, Any]:
    """Head office's ledger of each member and its offline debits (all, and those exceeded)."""
    if not truth.members:
        return {}
    today = dt.datetime.now(dt.UTC).date()
    days = ("--from", str(today - dt.timedelta(days=2)), "--to", str(today + dt.timedelta(days=2)))
    seen = {
        "ledgers": {c: ho.hoctl_json("member", "ledger", c) for c in truth.members["topups"]},
        "offline": ho.hoctl_json("report", "offline-debits", *days)["rows"],
        "exceeded": ho.hoctl_json("report", "offline-debits", *days, "--exceeded")["rows"],
    }
    # Head office's word on what balances did not cover, for the report.
    truth.members["reported_shortfall_minor"] = sum(
        int(r["shortfall_minor"]) for r in seen["offline"]
    )
    return seen


def check(truth: GroundTruth, seen: dict[str, Any]) -> list[tuple[str, str]]:
    """The violations as (store, sentence); the store is "" when none is to blame."""
    if not truth.members:
        return []
    found: list[tuple[str, str]] = []
    offline_rows = seen.get("offline", [])
    for card, topped_up in sorted(truth.members["topups"].items()):
        ledger = seen.get("ledgers", {}).get(card)
        if ledger is None:
            found.append(("", f"member {card} is not at head office"))
            continue
        mine = [r for r in offline_rows if r["member_id"] == ledger["member_id"]]
        found += _member(truth, card, int(topped_up), ledger, mine)
    found += _reported(seen)
    return found


def _member(truth: GroundTruth, card: str, topped_up: int, ledger: dict[str, Any],
            offline_rows: list[dict[str, Any]]) -> list[tuple[str, str]]:  # fmt: skip
    found: list[tuple[str, str]] = []
    debits = [e for e in ledger["entries"] if e["kind"] == "debit"]
    paid = [d for d in truth.members["debits"] if d["member"] == card]
    unanswered = set(truth.members["unanswered"])
    for what, keys in (("debit", [e["key"] for e in debits]),
                       ("offline debit", [r["key"] for r in offline_rows])):  # fmt: skip
        for key, n in sorted(Counter(keys).items()):
            if n > 1:
                found.append(("", f"member {card}: {n} {what}s under key {key} at head office"))
    entry_of = {e["key"]: e for e in debits}
    row_of = {r["key"]: r for r in offline_rows}
    taken_total = 0
    for d in paid:
        taken, why = _booked(d, entry_of.get(d["key"]), row_of.get(d["key"]))
        taken_total += taken
        if why:
            found.append((d["store"], f"member {card} at {d['store']}: stored value "
                          f"{d['amount_minor']} under key {d['key']} (sale {d['sale_id']}, "
                          f"{'offline' if d['offline'] else 'online'}): {why}"))  # fmt: skip
    known = {d["key"] for d in paid}
    for key in sorted((set(entry_of) | set(row_of)) - known):
        if key in unanswered:
            taken_total += int(entry_of[key]["amount_minor"]) if key in entry_of else 0
            continue
        found.append(("", f"member {card}: head office holds a stored-value debit under key "
                      f"{key} that no till acknowledged"))  # fmt: skip
    balance = int(ledger["balance_minor"])
    if balance != topped_up - taken_total or balance < 0:
        found.append(("", f"member {card}: head office's balance is {balance}, the top-ups "
                      f"{topped_up} less what was taken for the payments {taken_total} is "
                      f"{topped_up - taken_total}"))  # fmt: skip
    return found


def _booked(paid: dict[str, Any], entry: dict[str, Any] | None,
            row: dict[str, Any] | None) -> tuple[int, str]:  # fmt: skip
    """What head office took from the balance for one acknowledged payment, and why it is wrong
    ("" when it is right)."""
    amount = int(paid["amount_minor"])
    if row is None:
        if entry is None:
            return 0, "head office has no debit under that key (lost)"
        if int(entry["amount_minor"]) != amount:
            return int(entry["amount_minor"]), f"head office debited {entry['amount_minor']}"
        return amount, ""
    if not paid["offline"]:
        return 0, "authorised online, yet head office booked it as an offline debit"
    taken, short = int(row["taken_minor"]), int(row["shortfall_minor"])
    booked = int(entry["amount_minor"]) if entry is not None else 0
    if int(row["amount_minor"]) != amount or taken + short != amount or short < 0:
        return (
            booked,
            f"head office booked {row['amount_minor']}: taken {taken} + shortfall {short}",
        )
    if booked != taken:
        return booked, f"head office's debit entry is {booked}, its report says {taken} taken"
    return taken, ""


def _reported(seen: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    want = set()
    for r in seen.get("offline", []):
        over = int(r["amount_minor"]) > int(r["allowance_minor"])
        if bool(r["over_allowance"]) != over:
            found.append((r["store"], f"offline debit {r['key']} of {r['amount_minor']} says "
                          f"over_allowance {r['over_allowance']} with an allowance of "
                          f"{r['allowance_minor']}"))  # fmt: skip
        if over or int(r["shortfall_minor"]):
            want.add(r["key"])
    listed = {r["key"] for r in seen.get("exceeded", [])}
    for key in sorted(want - listed):
        found.append(("", f"offline debit {key} is over the allowance or short, yet not in "
                      "hoctl report offline-debits --exceeded"))  # fmt: skip
    for key in sorted(listed - want):
        found.append(("", f"offline debit {key} is in --exceeded, yet neither over the "
                      "allowance nor short"))  # fmt: skip
    return found


def figures(truth: GroundTruth) -> dict[str, Any]:
    """What the report says of stored value: top-ups, payments acknowledged (and of them
    offline), and the shortfall head office reported at the check."""
    if not truth.members:
        return {}
    debits = truth.members["debits"]
    return {
        "currency": str(truth.members.get("currency", "")),
        "member_topup_minor": sum(int(v) for v in truth.members["topups"].values()),
        "stored_value_debit_count": len(debits),
        "stored_value_debit_minor": sum(int(d["amount_minor"]) for d in debits),
        "offline_debit_count": sum(1 for d in debits if d["offline"]),
        "offline_shortfall_minor": int(truth.members.get("reported_shortfall_minor", 0)),
    }
