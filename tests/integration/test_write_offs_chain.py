"""Write-offs end to end: a real head office, a real edge agent, pos and hoctl as processes.

A small write-off moves stock at once; a big one waits, its requester cannot
approve it, another manager does, and the stock moves in the store's ledger
and at head office (hoctl verify agrees); a rejected one moves nothing and
shows as rejected at the store; a write-off without a reason changes nothing.
"""

from __future__ import annotations

import pytest

from scripts.chain import wait_caught_up, wait_for
from tests.chain_fixtures import start_chain

pytestmark = pytest.mark.timeout(300)


def _stock(edge, sku: str) -> int:
    [row] = edge.pos_json("stock", sku)
    return int(row["qty_base"])


def _ho_stock(ho, sku: str) -> int:
    rows = ho.hoctl_json("stock", "--store", "S001")
    return next(int(r["qty_base"]) for r in rows if r["sku"] == sku)


def _store_write_off(edge, write_off_id: str) -> dict | None:
    listed = edge.pos_json("writeoffs")["write_offs"]
    return next((w for w in listed if w["write_off_id"] == write_off_id), None)


def test_write_offs_small_big_self_approval_reject_and_no_reason(tmp_path, ho_db) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=4)
    try:
        ho, edge = chain.headoffice, chain.edges["S001"]
        mia = ho.add_user("mia", "store_manager", tmp_path, ("S001",))
        leo = ho.add_user("leo", "store_manager", tmp_path, ("S001",))
        bea = ho.add_user("bea", "buyer", tmp_path)
        sam = ho.add_user("sam", "store_manager", tmp_path, ("S001",))
        a, b, c = (p["sku"] for p in chain.products[:3])
        edge.pos(
            "receive", "--supplier-ref", "DN-1", f"{a}=500@100", f"{b}=1000@100", f"{c}=500@100"
        )
        # The store learns the chain's threshold from head office when it connects.
        wait_for(
            "the write-off policy",
            lambda: edge.pos_json("writeoffs")["threshold_minor"] == 50_000,
            30,
        )

        # No reason, or an unknown one: one sentence listing the valid ones, nothing written.
        newest = edge.status()["newest_seq"]
        for args in ((), ("--reason", "broken")):
            refused = edge.pos("writeoff", f"{a}=1", *args, check=False)
            assert refused.returncode == 1
            assert "damaged, expired, theft, sample" in refused.stderr
            assert "Traceback" not in refused.stderr
        assert edge.status()["newest_seq"] == newest and _stock(edge, a) == 500
        assert edge.pos_json("writeoffs")["write_offs"] == []

        # Small: at or below the threshold the stock moves at once (sam signed in at T1).
        edge.sign_in("sam")
        small = edge.pos_json("writeoff", f"{a}=2", "--reason", "damaged", "--actor", "sam")
        assert small["state"] == "done" and small["done_seq"] == newest + 1
        assert _stock(edge, a) == 498

        # Big: above the threshold the store asks head office and nothing moves yet.
        # Valued at the moving-average cost (100, as received), not the catalogue's.
        big_qty = 50_000 // 100 + 1
        # Failure 9: mia filing her write-off as leo's, to approve it herself at head office,
        # is refused at the till: the till acts only as the person signed in.
        edge.sign_in("mia")
        as_leo = edge.pos("writeoff", f"{b}={big_qty}", "--reason", "expired", "--actor", "leo",
                          check=False)  # fmt: skip
        assert as_leo.returncode == 1
        assert "leo is not the person signed in at this till (mia)" in as_leo.stderr
        assert edge.pos_json("writeoffs")["write_offs"][0]["write_off_id"] == small["write_off_id"]
        big = edge.pos_json("writeoff", f"{b}={big_qty}", "--reason", "expired", "--actor", "mia")
        assert big["state"] == "pending" and big["done_seq"] is None
        assert big["value_minor"] == big_qty * 100 > 50_000
        assert _stock(edge, b) == 1000
        wait_caught_up(ho, [edge])
        pending = ho.hoctl_json("writeoff", "list", "--state", "pending")
        assert [w["write_off_id"] for w in pending] == [big["write_off_id"]]
        assert pending[0]["requested_by"] == "mia" and pending[0]["origin"] == "store"

        own = ho.hoctl_as(mia, "writeoff", "approve", big["write_off_id"], check=False)
        assert own.returncode == 1
        assert "nobody approves their own write-off" in own.stderr
        buyer = ho.hoctl_as(bea, "writeoff", "approve", big["write_off_id"], check=False)
        assert buyer.returncode == 1 and "lacks permission write_off.approve" in buyer.stderr
        assert ho.hoctl_json("writeoff", "show", big["write_off_id"])["state"] == "pending"

        approved = ho.hoctl_as(leo, "writeoff", "approve", big["write_off_id"], "--note", "ok")
        assert "approved by leo" in approved.stdout
        wait_for("the approved write-off at the store",
                 lambda: (_store_write_off(edge, big["write_off_id"]) or {}).get("state") == "done", 30)  # fmt: skip
        assert _stock(edge, b) == 1000 - big_qty
        wait_caught_up(ho, [edge])
        shown = ho.hoctl_json("writeoff", "show", big["write_off_id"])
        assert shown["state"] == "done" and shown["decided_by"] == "leo" and shown["done_seq"] > 0
        assert _ho_stock(ho, b) == 1000 - big_qty and _ho_stock(ho, a) == 498

        # Head office asks; a manager rejects with a note; the store shows it, nothing moves.
        asked = ho.hoctl_as(mia, "writeoff", "request", "--store", "S001", "--reason", "theft",
                            f"{c}=600", "--format", "json")  # fmt: skip
        theft = __import__("json").loads(asked.stdout)
        assert theft["state"] == "pending"  # 600 x 100 (average cost) = 60000
        no_note = ho.hoctl_as(leo, "writeoff", "reject", theft["write_off_id"], check=False)
        assert no_note.returncode == 1 and "needs a note" in no_note.stderr
        ho.hoctl_as(leo, "writeoff", "reject", theft["write_off_id"], "--note", "found in back")
        wait_for("the rejection at the store",
                 lambda: (_store_write_off(edge, theft["write_off_id"]) or {}).get("state") == "rejected", 30)  # fmt: skip
        assert _store_write_off(edge, theft["write_off_id"])["decision_note"] == "found in back"
        assert _stock(edge, c) == 500

        # Head office asks for a small one: approved at once, committed by the store.
        sample = __import__("json").loads(
            ho.hoctl_as(sam, "writeoff", "request", "--store", "S001", "--reason", "sample",
                        f"{c}=3", "--format", "json").stdout
        )  # fmt: skip
        assert sample["state"] == "approved"
        wait_for("the sample write-off at the store",
                 lambda: (_store_write_off(edge, sample["write_off_id"]) or {}).get("state") == "done", 30)  # fmt: skip
        wait_caught_up(ho, [edge])
        assert _stock(edge, c) == 497 and _ho_stock(ho, c) == 497
        assert ho.hoctl_json("writeoff", "show", sample["write_off_id"])["state"] == "done"

        states = {w["write_off_id"]: w["state"] for w in ho.hoctl_json("writeoff", "list")}
        assert sorted(states.values()) == ["done", "done", "done", "rejected"]
        assert ho.hoctl("verify", "--store", "S001").returncode == 0
        actions = [r["action"] for r in ho.hoctl_json("audit", "list")]
        assert actions.count("write_off.done") == 3 and "write_off.reject" in actions
        assert ho.hoctl("audit", "verify").returncode == 0

        # One actor form: `--actor sam` finds what sam did at the till (the small write-off,
        # and the store committing the one sam asked for) and at head office (asking).
        by_sam = ho.hoctl_json("audit", "list", "--actor", "sam")
        assert [(r["actor"], r["action"], r["entity_id"]) for r in by_sam] == [
            ("sam@S001", "write_off.done", small["write_off_id"]),
            ("sam", "write_off.request", sample["write_off_id"]),
            ("sam@S001", "write_off.done", sample["write_off_id"]),
        ]
        by_mia = ho.hoctl_json("audit", "list", "--actor", "mia")
        assert [(r["actor"], r["action"]) for r in by_mia] == [
            ("mia@S001", "write_off.request"),  # the big one, asked at the till
            ("mia@S001", "write_off.done"),  # committed by the store in her name
            ("mia", "write_off.request"),  # the theft, asked at head office
        ]
        at_till = ho.hoctl_json("audit", "list", "--actor", "sam@S001")
        assert [r["audit_id"] for r in at_till] == [by_sam[0]["audit_id"], by_sam[2]["audit_id"]]
        in_store = {r["actor"] for r in ho.hoctl_json("audit", "list", "--actor", "@S001")}
        assert in_store == {"sam@S001", "mia@S001"}
        bad = ho.hoctl("audit", "list", "--actor", "sam@", check=False)
        assert bad.returncode == 1 and "after the last '@' comes a store code" in bad.stderr
    finally:
        chain.stop()


def test_the_configured_threshold_reaches_the_store_and_a_change_follows_a_restart(
    tmp_path, ho_db
) -> None:
    from scripts.chain import EdgeAgent, HeadOffice

    variable = "STORELEDGER_HO_WRITE_OFFS_APPROVAL_THRESHOLD_MINOR"
    ho = HeadOffice(tmp_path / "ho", db_url=ho_db)
    ho.env[variable] = "1000"
    edge = EdgeAgent(tmp_path / "edge-S001", "S001")
    try:
        ho.init()
        ho.start()
        edge.init(ho.add_store("S001", "Store S001", tmp_path))
        edge.start()
        wait_for("threshold 1000 at the store",
                 lambda: edge.pos_json("writeoffs")["threshold_minor"] == 1_000, 30)  # fmt: skip
        ho.stop()
        ho.env[variable] = "2500"
        ho.start()
        wait_for("threshold 2500 at the store",
                 lambda: edge.pos_json("writeoffs")["threshold_minor"] == 2_500, 30)  # fmt: skip
        records = ho.hoctl_json("audit", "list", "--action", "write_off.threshold")
        assert [(r["actor"], r["after"]) for r in records] == [
            ("headoffice.toml", '{"approval_threshold_minor":1000}'),
            ("headoffice.toml", '{"approval_threshold_minor":2500}'),
        ]
    finally:
        edge.stop()
        ho.stop()
