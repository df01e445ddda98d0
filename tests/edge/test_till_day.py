"""A till's day over the real Till service on a Unix socket and a real SQLite ledger:
labels, approvals and lockout, overrides, split tender, rounding, returns, shifts, X and Z."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
from pathlib import Path

import grpc
import pytest

from common.domain.pricing import CashRounding
from common.pb.storeledger.v1 import catalogue_pb2, ledger_pb2, till_pb2, till_pb2_grpc
from edge_agent.api.server import till_server
from edge_agent.api.till_servicer import TillServicer
from edge_agent.metrics import EdgeMetrics
from edge_agent.services.approving import add_manager
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_product
from edge_agent.sync.link import HeadOfficeLink
from tests.edge.conftest import journal_entries
from tests.till_staff import sign_in_store

PIN = "470913"
DC = ledger_pb2.DenominationCount


def _pay(method: str, amount: int, ref: str = "") -> till_pb2.TenderRequest:
    return till_pb2.TenderRequest(method=method, amount_minor=amount, reference=ref)


async def _fails(call, code: grpc.StatusCode) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await call
    assert err.value.code() == code, err.value.details()
    return err.value.details()


async def _day(store: StoreContext, socket: Path) -> None:
    metrics = EdgeMetrics(store)
    async with (
        till_server(TillServicer(store, HeadOfficeLink(metrics=metrics), metrics), socket) as a,
        grpc.aio.insecure_channel(a) as channel,
    ):
        till = till_pb2_grpc.TillStub(channel)
        # ann works the till (a supervisor: she overrides prices, with meg's approval)
        sign_in_store(store, "T1", "ann", "supervisor")
        sign_in_store(store, "T2", "ann", "supervisor")  # an approval asked at another till

        async def approve(action: str, details: str, pin: str = PIN, till_id: str = "T1"):
            return await till.Approve(
                till_pb2.ApproveRequest(
                    till_id=till_id,  # asked by whoever is signed in there
                    manager="meg",
                    pin=pin,
                    action=action,
                    details=details,
                )
            )

        # Open the shift with a float of 200.00.
        opened = await till.OpenShift(
            till_pb2.OpenShiftRequest(till_id="T1", cashier="ann", float_minor=20000)
        )
        assert opened.open and opened.float_minor == 20000
        await _fails(
            till.OpenShift(till_pb2.OpenShiftRequest(till_id="T1")),
            grpc.StatusCode.FAILED_PRECONDITION,
        )

        # Scan and search: a weight label and a name substring.
        scanned = await till.Scan(till_pb2.ScanRequest(code="2800123012342"))
        assert (scanned.product.sku, scanned.kind, scanned.qty_base) == (
            "CHEESE",
            "weight_label",
            1234,
        )
        found = await till.SearchProducts(till_pb2.SearchProductsRequest(text="hips", limit=5))
        assert [p.sku for p in found.products] == ["CHIPS"]

        # Sale 1: cash, a weighed label and colas; rounding to 0.10 of the cash part.
        sale1 = await till.Sell(
            till_pb2.SellRequest(
                till_id="T1",
                cashier="ann",
                items=[
                    till_pb2.SellItem(code="COLA", qty_base=2),
                    till_pb2.SellItem(code="2800123012342"),
                ],
                tenders=[_pay("cash", 5000)],
            )
        )
        assert sale1.sale.total_minor == 700 + 1234 * 1  # cheese at 0.01 per gram
        assert sale1.sale.rounding_minor == -4 and sale1.change_minor == 5000 - 1930
        assert sale1.sale.shift_id == opened.shift_id
        assert "no receipt printer is configured for till T1" in sale1.print.warning

        # A price override needs an approval bound to exactly it.
        override = till_pb2.SellItem(code="CHIPS", qty_base=1, price_override_minor=600)
        text = await _fails(
            till.Sell(
                till_pb2.SellRequest(
                    till_id="T1", cashier="ann", items=[override], tenders=[_pay("card", 600)]
                )
            ),
            grpc.StatusCode.PERMISSION_DENIED,
        )
        assert (
            text == "a price override (SKU CHIPS price 600) needs a manager's approval at till T1"
        )
        wrong = await approve("price_override", "SKU CHIPS price 500")
        override.approval_id = wrong.approval_id
        text = await _fails(
            till.Sell(
                till_pb2.SellRequest(
                    till_id="T1", cashier="ann", items=[override], tenders=[_pay("card", 600)]
                )
            ),
            grpc.StatusCode.PERMISSION_DENIED,
        )
        assert "not for price_override (SKU CHIPS price 600)" in text
        other_till = await approve("price_override", "SKU CHIPS price 600", till_id="T2")
        override.approval_id = other_till.approval_id
        assert "at till T2, not at till T1" in await _fails(
            till.Sell(
                till_pb2.SellRequest(
                    till_id="T1", cashier="ann", items=[override], tenders=[_pay("card", 600)]
                )
            ),
            grpc.StatusCode.PERMISSION_DENIED,
        )
        good = await approve("price_override", "SKU CHIPS price 600")
        override.approval_id = good.approval_id
        # Sale 2: split card + QR, the card number pasted is masked.
        sale2 = await till.Sell(
            till_pb2.SellRequest(
                till_id="T1",
                cashier="ann",
                items=[override, till_pb2.SellItem(code="COLA", qty_base=1)],
                tenders=[_pay("card", 600, "4111111111111111"), _pay("qr", 350, "WX-1")],
            )
        )
        assert [t.reference for t in sale2.sale.tenders] == ["411111******1111", "WX-1"]
        assert sale2.sale.lines[0].list_price_minor == 800
        assert "already been used" in await _fails(
            till.Sell(
                till_pb2.SellRequest(
                    till_id="T1", cashier="ann", items=[override], tenders=[_pay("card", 600)]
                )
            ),
            grpc.StatusCode.PERMISSION_DENIED,
        )
        assert "payment method 'member' is now stored_value" in await _fails(
            till.Sell(
                till_pb2.SellRequest(
                    till_id="T1",
                    cashier="ann",
                    items=[till_pb2.SellItem(code="COLA", qty_base=1)],
                    tenders=[_pay("member", 350)],
                )
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )

        # Returns: above the sold quantity refused; restock and write-off.
        assert "at most 2 can be returned, not 3" in await _fails(
            till.Return(
                till_pb2.ReturnRequest(
                    till_id="T1",
                    cashier="ann",
                    original_sale_no=1,
                    items=[till_pb2.ReturnItem(code="COLA", qty_base=3)],
                )
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        ret = await till.Return(
            till_pb2.ReturnRequest(
                till_id="T1",
                cashier="ann",
                original_sale_no=1,
                items=[
                    till_pb2.ReturnItem(code="COLA", qty_base=1),
                    till_pb2.ReturnItem(code="COLA", qty_base=1, disposition="write_off"),
                ],
            )
        )
        assert ret.sale_return.total_minor == 700
        assert [(r.method, r.amount_minor) for r in ret.sale_return.refunds] == [("cash", 700)]
        record = await till.GetSale(till_pb2.GetSaleRequest(sale_no=1))
        assert dict(record.returned_qty_base) == {1: 2}
        assert "more than" not in ret.receipt_text and "RETURN 1 for sale 1" in ret.receipt_text
        text = await _fails(
            till.Return(
                till_pb2.ReturnRequest(
                    till_id="T1",
                    cashier="ann",
                    items=[till_pb2.ReturnItem(code="CHIPS", qty_base=7)],
                )
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert text == (
            "a return without a receipt may refund at most ¥50.00; this one comes to ¥56.00"
        )

        # Cash in and out (out needs an approval), a no-sale, a void.
        await till.CashInOut(
            till_pb2.CashInOutRequest(
                till_id="T1", cashier="ann", direction="in", amount_minor=1000, reason="change"
            )
        )
        out_ok = await approve("cash_out", "cash out 5000")
        await till.CashInOut(
            till_pb2.CashInOutRequest(
                till_id="T1",
                cashier="ann",
                direction="out",
                amount_minor=5000,
                reason="bank",
                approval_id=out_ok.approval_id,
            )
        )
        ns = await approve("no_sale", "no sale")
        drawer = await till.NoSale(
            till_pb2.NoSaleRequest(
                till_id="T1", cashier="ann", approval_id=ns.approval_id, reason="change"
            )
        )
        assert "no cash drawer is configured" in drawer.warning
        v = await approve("void_line", "SKU COLA qty 2")
        await till.VoidCart(
            till_pb2.VoidCartRequest(
                till_id="T1",
                cashier="ann",
                scope="line",
                approval_id=v.approval_id,
                lines=[ledger_pb2.SaleLine(sku="COLA", qty_base=2, amount_minor=700)],
            )
        )

        # X report: read-only; expected cash reconciles with the tenders.
        expected = 20000 + 1930 - 700 + 1000 - 5000
        x_reply = await till.XReport(till_pb2.ReportRequest(till_id="T1", cashier="ann"))
        assert "no receipt printer" in x_reply.print.warning
        x = x_reply.report
        assert (x.sales_count, x.returns_count, x.expected_cash_minor) == (2, 1, expected)
        assert {t.method: t.amount_minor for t in x.tenders} == {
            "cash": 1930,
            "card": 600,
            "qr": 350,
        }
        assert (x.no_sale_count, x.void_count, x.rounding_minor) == (1, 1, -4)

        # Blind close with unknown denominations refused, then counted 1.00 short.
        await _fails(
            till.CloseShift(
                till_pb2.CloseShiftRequest(
                    till_id="T1", cashier="ann", counted=[DC(denomination_minor=300, count=1)]
                )
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        counted = [
            DC(denomination_minor=10000, count=1),
            DC(denomination_minor=5000, count=1),
            DC(denomination_minor=2000, count=1),
            DC(denomination_minor=100, count=1),
            DC(denomination_minor=10, count=3),
        ]
        handed = await till.Handover(
            till_pb2.HandoverRequest(
                till_id="T1", cashier="ann", next_cashier="bob", counted=counted
            )
        )
        assert (handed.event.counted_minor, handed.event.expected_cash_minor) == (17130, expected)
        assert handed.event.over_short_minor == 17130 - expected == -100
        assert handed.next_shift.cashier == "bob" and handed.next_shift.float_minor == 17130
        sign_in_store(store, "T1", "bob", "cashier")  # bob signs in to take over the till
        closed = await till.CloseShift(
            till_pb2.CloseShiftRequest(till_id="T1", cashier="bob", counted=counted)
        )
        assert closed.event.over_short_minor == 0 and "SHIFT CLOSE" in closed.report_text

        # Z once per day.
        z = (await till.ZReport(till_pb2.ReportRequest(till_id="T1", cashier="bob"))).report
        assert (z.number, z.sales_count, z.float_minor) == (1, 2, 20000)
        assert await _fails(
            till.ZReport(till_pb2.ReportRequest(till_id="T1", cashier="bob")),
            grpc.StatusCode.ALREADY_EXISTS,
        ) == (
            f"Z report No. 1 has already been run for till T1 on {z.business_date}; "
            "a day has one Z report"
        )

        # Three wrong PINs lock the manager out, with a sentence saying until when.
        for left in ("2 more wrong", "1 more wrong"):
            assert left in await _fails(
                approve("no_sale", "no sale", pin="0000"), grpc.StatusCode.PERMISSION_DENIED
            )
        assert "locked out until" in await _fails(
            approve("no_sale", "no sale", pin="0000"), grpc.StatusCode.PERMISSION_DENIED
        )
        assert "manager meg is locked out" in await _fails(
            approve("no_sale", "no sale"), grpc.StatusCode.PERMISSION_DENIED
        )


def test_a_till_day_reconciles(store: StoreContext, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    store.policy = dataclasses.replace(store.policy, rounding=CashRounding(10, "half_up"))
    apply_product(
        store,
        catalogue_pb2.Product(
            sku="CHEESE",
            name="Cheese by weight",
            unit="g",
            price_minor=1,
            cost_minor=1,
            currency="CNY",
            active=True,
            barcodes=["2800123000004"],
        ),
        10,
    )
    add_manager(store, "meg", PIN)
    asyncio.run(_day(store, tmp_path / "till.sock"))
    entries = journal_entries(store)
    conn = sqlite3.connect(store.db.path)  # the rows themselves, as a support engineer sees them
    try:
        levels = dict(conn.execute("SELECT sku, qty_base FROM stock_levels"))
        moves = conn.execute(
            "SELECT reason, qty_base FROM movements WHERE sku = 'COLA' ORDER BY id"
        ).fetchall()
        hashes = [r[0] for r in conn.execute("SELECT pin_hash FROM staff")]
    finally:
        conn.close()
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))  # gap-free
    kinds = {e.WhichOneof("body") for e in entries}
    assert kinds == {
        "sale",
        "sale_return",
        "shift_event",
        "till_report",
        "approval",
        "no_sale",
        "cart_void",
    }
    assert moves == [("sale", -2), ("sale", -1), ("return", 1), ("return", 1), ("write_off", -1)]
    assert levels["COLA"] == -2
    refused = [e.approval for e in entries if e.HasField("approval") and not e.approval.granted]
    assert len(refused) == 4 and "wrong PIN" in refused[0].refusal
    assert hashes[0].startswith("$argon2id$")
    everything = b"".join(e.SerializeToString() for e in entries) + caplog.text.encode()
    assert PIN.encode() not in everything and b"4111111111111111" not in everything
