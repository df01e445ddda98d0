"""Guards found by QA on the till: Z only after the close, cash out within the drawer,
the open shift's cashier only, an idempotency key for one sale only, no stripe data kept,
and every watcher told that the scanner is missing."""

from __future__ import annotations

import threading

import pytest

from common.domain.pricing import ScannedItem
from common.errors import InvalidInput
from edge_agent.devices.scanner import ScanFeed, ScanRead
from edge_agent.domain.errors import ShiftState
from edge_agent.domain.tender import TenderOffer, mask_card_numbers
from edge_agent.services.selling import sell
from edge_agent.services.shifts import cash_in_out, close_shift, open_shift, z_report
from tests.edge.conftest import newest_seq


def test_z_report_waits_for_the_shift_to_close(store):
    open_shift(store, "T1", "ann", 10000)
    with pytest.raises(ShiftState, match="still has ann's shift open"):
        z_report(store, "T1", "ann")
    close_shift(store, "T1", "ann", [(10000, 1)])
    seq, report = z_report(store, "T1", "ann")
    assert report.number == 1 and seq > 0


def test_cash_out_cannot_exceed_what_the_drawer_should_hold(store):
    open_shift(store, "T1", "ann", 10000)
    before = newest_seq(store)
    with pytest.raises(ShiftState, match="more than the ¥100.00 the drawer of till T1"):
        cash_in_out(store, "T1", "ann", "out", 10001, "bank")
    assert newest_seq(store) == before  # nothing recorded


def test_only_the_open_shifts_cashier_works_the_till(store):
    open_shift(store, "T1", "ann", 10000)
    with pytest.raises(ShiftState, match="belongs to ann, not dan"):
        sell(store, "T1", "dan", [ScannedItem("COLA", 1)], [TenderOffer("cash", 1000)])
    with pytest.raises(ShiftState, match="belongs to ann, not zed"):
        cash_in_out(store, "T1", "zed", "in", 100, "float top-up")


def test_an_idempotency_key_answers_only_a_retry_of_the_same_sale(store):
    first = sell(store, "T2", "bob", [ScannedItem("COLA", 1)], [TenderOffer("cash", 1000)], "K1")
    again = sell(store, "T2", "bob", [ScannedItem("COLA", 1)], [TenderOffer("cash", 1000)], "K1")
    assert again.seq == first.seq and again.replayed
    with pytest.raises(InvalidInput, match="key 'K1' was already used for sale"):
        sell(store, "T1", "ann", [ScannedItem("COLA", 2)], [TenderOffer("card", 700, "X")], "K1")


def test_a_swiped_stripe_keeps_only_first_six_and_last_four():
    assert mask_card_numbers(";4012888888881881=25121010000000000000?") == "401288******1881"
    assert mask_card_numbers("%B4012888888881881^DOE/JOHN^2512101?") == "401288******1881"


class MissingScanner:
    configured = "serial:/dev/none"
    problem = "scanner S cannot be opened; scan by keyboard meanwhile"

    def probe(self) -> str:
        return self.problem

    def reads(self, stop: threading.Event):
        stop.wait(5)
        return iter(())


def test_every_new_watcher_is_told_the_scanner_is_missing():
    feed = ScanFeed(MissingScanner())
    got: list[ScanRead] = []
    stop_first = feed.subscribe(got.append)
    stop_second = feed.subscribe(got.append)
    assert [r.problem for r in got] == [MissingScanner.problem] * 2
    stop_first()
    stop_second()
    feed.close()


def test_every_sale_is_on_some_z_report(store):
    """A second shift after the day's Z is on the next Z, and a future Z is refused."""
    from edge_agent.services.shifts import z_report as run_z

    open_shift(store, "T5", "ann", 0)
    sell(store, "T5", "ann", [ScannedItem("COLA", 1)], [TenderOffer("cash", 350)])
    close_shift(store, "T5", "ann", [(100, 3), (50, 1)])
    _, first = run_z(store, "T5", "ann", "2026-01-01")
    assert (first.number, first.totals.sales_count, first.totals.sales_minor) == (1, 1, 350)

    open_shift(store, "T5", "bob", 0)
    sell(store, "T5", "bob", [ScannedItem("COLA", 2)], [TenderOffer("cash", 700)])
    close_shift(store, "T5", "bob", [(100, 7)])
    with pytest.raises(ShiftState, match="that day has not come yet"):
        run_z(store, "T5", "bob", "2999-12-31")
    with pytest.raises(ShiftState, match="can no longer be run"):
        run_z(store, "T5", "bob", "2025-12-31")
    _, second = run_z(store, "T5", "bob", "2026-01-02")
    assert (second.number, second.totals.sales_count, second.totals.sales_minor) == (2, 1, 700)
