"""Issue 12, failure 2 and its documented recovery, through real processes: a re-initialised
ledger started with the store's bundle is refused and shows in `hoctl sync status`; `hoctl
store reenrol` and `edge-agent init --from-headoffice` rebuild the store's ledger from head
office's journal, with the online order it had picked (still picked, handed over after), it
continues at the next entry, and `hoctl verify` matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.chain import BIN, EdgeAgent, run, wait_caught_up, wait_for
from tests.chain_fixtures import start_chain
from tests.channel_seed import headoffice_url, queue_confirmed_order

pytestmark = pytest.mark.timeout(300)
EDGE_ENV = {"STORELEDGER_EDGE_SYNC_REFUSED_RESEND_MAX_MS": "1000"}


def sync_row(chain) -> dict:  # type: ignore[no-untyped-def, type-arg]
    (row,) = chain.headoffice.hoctl_json("sync", "status", "--store", "S001")
    return row  # type: ignore[no-any-return]


def _order_state(edge: EdgeAgent, order: str) -> str:
    found = [o["state"] for o in edge.pos_json("orders", "list") if o["reservation_id"] == order]
    return found[0] if found else ""


def test_failure_2_reinitialised_ledger_is_refused_until_reenrolled_and_rebuilt(
    tmp_path: Path, ho_db: str | None
) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=3, edge_env=EDGE_ENV)
    ho, edge = chain.headoffice, chain.edges["S001"]
    extra: list[EdgeAgent] = []
    try:
        code = chain.products[0]["barcodes"]
        price = int(chain.products[0]["price_minor"])
        for _ in range(2):
            edge.pos("sell", f"{code}=1", "--pay", f"cash:{price}")
        # An online order the store has picked, not handed over yet (entry 3).
        sku = chain.products[0]["sku"]
        order = queue_confirmed_order(headoffice_url(ho.data_dir, ho_db), "S001", [(sku, 1)])
        wait_for("the order at the store", lambda: _order_state(edge, order) == "confirmed")
        edge.pos("orders", "pick", order)
        wait_caught_up(ho, [edge])
        edge.stop()  # the store's disk is lost

        # Someone re-initialises the store with its old bundle: refused, visibly.
        reinit = EdgeAgent(tmp_path / "edge-reinit", "S001")
        reinit.env.update(EDGE_ENV)
        extra.append(reinit)
        reinit.init(tmp_path / "S001.bundle")
        reinit.start()
        reinit.sign_in()
        reinit.pos("sell", f"{code}=1", "--pay", f"cash:{price}")
        wait_for(
            "head office refusing the re-initialised ledger",
            lambda: sync_row(chain)["refused_reason"] == "instance_refused",
            30,
        )
        assert "is bound to ledger instance" in sync_row(chain)["refused_message"]
        assert sync_row(chain)["committed_seq"] == 3
        assert reinit.status()["committed_seq"] == 0  # its sale is not taken as synced
        # Its own log says why (serve logs the refusal with head office's sentence).
        assert "is bound to ledger instance" in (reinit.data_dir / "agent.log").read_text()
        reinit.stop()

        # The recovery: re-enrol at head office, rebuild the ledger from its journal.
        bundle = tmp_path / "S001-new.bundle"
        said = ho.hoctl("store", "reenrol", "S001", "--out", str(bundle)).stdout
        assert "journal ends at entry 3" in said and "--from-headoffice" in said
        rebuilt = EdgeAgent(tmp_path / "edge-rebuilt", "S001")
        rebuilt.env.update(EDGE_ENV)
        extra.append(rebuilt)
        done = run(
            [str(BIN / "edge-agent"), "init", "--from-headoffice", "--data-dir",
             str(rebuilt.data_dir), "--bundle", str(bundle)],
            env=rebuilt.env,
        )  # fmt: skip
        assert "3 entries" in done.stdout and "continues at entry 4" in done.stdout
        rebuilt.start()
        wait_for("the rebuilt ledger's catalogue", lambda: rebuilt.status()["product_count"] >= 3)
        rebuilt.sign_in()
        # The order is back as the store left it (picked; its replayed feed sends it as
        # confirmed, which changes nothing), and can be handed over.
        assert _order_state(rebuilt, order) == "picked"
        rebuilt.pos("sell", f"{code}=1", "--pay", f"cash:{price}")
        rebuilt.pos("orders", "handover", order)
        wait_caught_up(ho, [rebuilt])
        row = sync_row(chain)
        assert row["committed_seq"] == 5 and not row["refused_reason"]
        assert _order_state(rebuilt, order) == "handed_over"
        verify = ho.hoctl("verify", "--store", "S001", check=False)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        assert "matches" in verify.stdout
    finally:
        for agent in extra:
            agent.stop()
        chain.stop()
