"""Staff sign-in at a till through the real agent server on a Unix socket (issue 12, failure 9).

Till actions run as the person signed in at the till and are checked against their
role (common.domain.till_roles, whose table tests/unit/common/test_till_roles.py
covers role by action); --cashier/--actor naming anyone else is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import grpc
import pytest

from common.pb.storeledger.v1 import (
    till_pb2,
    till_pb2_grpc,
    transfers_pb2,
    transfers_pb2_grpc,
    write_offs_pb2,
    write_offs_pb2_grpc,
)
from edge_agent.api.server import till_server
from edge_agent.api.till_servicer import TillServicer
from edge_agent.metrics import EdgeMetrics
from edge_agent.services.context import StoreContext
from edge_agent.services.signing_in import card_hash
from edge_agent.sync.link import HeadOfficeLink
from tests.edge.conftest import COLA_BARCODE, journal_entries, newest_seq
from tests.till_staff import TEST_PIN, add_staff, sign_in_store

T1 = (("storeledger-till", "T1"),)

Scenario = Callable[[till_pb2_grpc.TillStub, grpc.aio.Channel], Awaitable[None]]


def run(store: StoreContext, socket: Path, scenario: Scenario) -> None:
    async def main() -> None:
        metrics = EdgeMetrics(store)
        async with (
            till_server(
                TillServicer(store, HeadOfficeLink(metrics=metrics), metrics), socket, ctx=store
            ) as address,
            grpc.aio.insecure_channel(address) as channel,
        ):
            await scenario(till_pb2_grpc.TillStub(channel), channel)

    asyncio.run(main())


async def refused(call: Awaitable[Any]) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await call
    return err.value


def sale(cashier: str = "") -> till_pb2.SellRequest:
    return till_pb2.SellRequest(
        till_id="T1",
        cashier=cashier,
        items=[till_pb2.SellItem(code=COLA_BARCODE, qty_base=1)],
        tenders=[till_pb2.TenderRequest(method="cash", amount_minor=500)],
    )


def write_off(actor: str = "") -> write_offs_pb2.StoreWriteOffRequest:
    return write_offs_pb2.StoreWriteOffRequest(
        items=[write_offs_pb2.WriteOffItem(sku="COLA", qty_base=1)],
        reason="damaged",
        actor=actor,
        confirm_negative=True,  # the store holds no cola: written off anyway, leaving -1
    )


def test_a_till_action_without_a_sign_in_is_refused(store: StoreContext, tmp_path: Path) -> None:
    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        err = await refused(till.Sell(sale()))
        assert err.code() == grpc.StatusCode.UNAUTHENTICATED
        assert err.details() == "nobody is signed in at till T1; sign in with 'pos login' first"
        offs = write_offs_pb2_grpc.StoreWriteOffsStub(channel)
        err = await refused(offs.WriteOffStock(write_off()))  # no till named at all
        assert err.code() == grpc.StatusCode.UNAUTHENTICATED
        # reads need nobody
        assert (await till.GetStatus(till_pb2.TillStatusRequest())).store_code == "S001"

    run(store, tmp_path / "till.sock", scenario)
    assert newest_seq(store) == 0


def test_pos_login_with_pin_acts_as_that_person_and_logout_ends_it(
    store: StoreContext, tmp_path: Path
) -> None:
    add_staff(store.db, "ann", "cashier")

    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        err = await refused(till.SignIn(till_pb2.SignInRequest(till_id="T1", staff_code="ann",
                                                               pin="135799")))  # fmt: skip
        assert err.code() == grpc.StatusCode.UNAUTHENTICATED
        assert err.details() == "wrong PIN for ann"
        who = await till.SignIn(
            till_pb2.SignInRequest(till_id="T1", staff_code="ann", pin=TEST_PIN)
        )
        assert (who.staff_code, who.role) == ("ann", "cashier")
        assert "sell" in who.permissions and "receive" not in who.permissions
        reply = await till.Sell(sale())
        assert journal_entries(store)[-1].actor == "ann"
        assert reply.sale.cashier == "ann"
        err = await refused(till.Sell(sale(cashier="bob")))
        assert err.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "bob is not the person signed in at this till (ann)" in err.details()
        out = await till.SignOut(till_pb2.SignOutRequest(till_id="T1"))
        assert out.staff_code == "ann"
        err = await refused(till.Sell(sale()))
        assert err.code() == grpc.StatusCode.UNAUTHENTICATED

    run(store, tmp_path / "till.sock", scenario)
    assert newest_seq(store) == 1


def test_a_staff_card_signs_in_and_an_unknown_card_does_not(
    store: StoreContext, tmp_path: Path
) -> None:
    add_staff(store.db, "ann", "cashier")
    with store.db.write() as uow:
        member = uow.staff.find("ann")
        assert member is not None
        uow.staff.put_from_head_office(
            type(member)(**{**member.__dict__, "card_hash": card_hash("STAFF-0042")}), 1
        )

    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        who = await till.SignIn(till_pb2.SignInRequest(till_id="T2", card="staff 0042"))
        assert who.staff_code == "ann"
        err = await refused(till.SignIn(till_pb2.SignInRequest(till_id="T2", card="0043")))
        assert err.code() == grpc.StatusCode.UNAUTHENTICATED
        assert (await till.WhoIsSignedIn(till_pb2.WhoIsSignedInRequest(till_id="T2"))).staff_code \
            == "ann"  # fmt: skip

    run(store, tmp_path / "till.sock", scenario)


@pytest.mark.parametrize("action", ["receive", "write_off", "ship"])
def test_failure_9_a_cashier_cannot_receive_write_off_or_ship(
    store: StoreContext, tmp_path: Path, action: str
) -> None:
    sign_in_store(store, "T1", "ann", "cashier")

    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        if action == "receive":
            call = till.Receive(
                till_pb2.ReceiveRequest(items=[till_pb2.ReceiveItem(code="COLA", qty_base=5)]),
                metadata=T1,
            )
            words = "receive deliveries"
        elif action == "write_off":
            call = write_offs_pb2_grpc.StoreWriteOffsStub(channel).WriteOffStock(
                write_off(), metadata=T1
            )
            words = "write off stock"
        else:
            call = transfers_pb2_grpc.StoreTransfersStub(channel).ShipTransfer(
                transfers_pb2.ShipTransferRequest(transfer_id="TR-1"), metadata=T1
            )
            words = "ship transfers"
        err = await refused(call)
        assert err.code() == grpc.StatusCode.PERMISSION_DENIED
        assert err.details() == (f"ann is signed in as a cashier, and a cashier may not {words}")

    run(store, tmp_path / "till.sock", scenario)
    assert newest_seq(store) == 0


def test_failure_9_writeoff_actor_someone_else_is_refused_and_the_signed_in_person_recorded(
    store: StoreContext, tmp_path: Path
) -> None:
    """`pos writeoff --actor someone-else` let a manager approve their own write-off at head
    office (requested_by was free text); now the request names the person signed in."""
    sign_in_store(store, "T1", "sam", "store_manager")

    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        offs = write_offs_pb2_grpc.StoreWriteOffsStub(channel)
        err = await refused(offs.WriteOffStock(write_off(actor="someone-else"), metadata=T1))
        assert err.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "someone-else is not the person signed in at this till (sam)" in err.details()
        reply = await offs.WriteOffStock(write_off(), metadata=T1)
        assert reply.write_off.requested_by == "sam"

    run(store, tmp_path / "till.sock", scenario)
    entries = journal_entries(store)
    assert [e.actor for e in entries] == ["sam"]


def test_failure_9_manager_cannot_approve_own_request(store: StoreContext, tmp_path: Path) -> None:
    sign_in_store(store, "T1", "sam", "store_manager")
    add_staff(store.db, "leo", "supervisor")
    add_staff(store.db, "ann", "cashier")

    def approve(manager: str) -> till_pb2.ApproveRequest:
        return till_pb2.ApproveRequest(
            till_id="T1", manager=manager, pin=TEST_PIN, action="no_sale", details="change"
        )

    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        err = await refused(till.Approve(approve("sam")))
        assert err.code() == grpc.StatusCode.PERMISSION_DENIED
        assert err.details().startswith("sam cannot approve their own request")
        err = await refused(till.Approve(approve("ann")))
        assert err.code() == grpc.StatusCode.PERMISSION_DENIED
        assert err.details() == "ann is signed in as a cashier, and a cashier may not approve"
        granted = await till.Approve(approve("leo"))
        assert granted.approval_id

    run(store, tmp_path / "till.sock", scenario)
    approvals = [e.approval for e in journal_entries(store)]
    assert [(a.manager, a.cashier, a.granted) for a in approvals] == [
        ("sam", "sam", False),
        ("ann", "sam", False),
        ("leo", "sam", True),
    ]


def test_a_person_disabled_while_signed_in_is_refused_at_the_next_action(
    store: StoreContext, tmp_path: Path
) -> None:
    sign_in_store(store, "T1", "ann", "cashier")
    with store.db.write() as uow:
        uow.staff.disable("ann")

    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        err = await refused(till.Sell(sale()))
        assert err.code() == grpc.StatusCode.UNAUTHENTICATED
        assert err.details() == "ann has been disabled and is no longer signed in at till T1"
        err = await refused(
            till.SignIn(till_pb2.SignInRequest(till_id="T1", staff_code="ann", pin=TEST_PIN))
        )
        assert err.details() == "ann is disabled at store S001 and cannot sign in"

    run(store, tmp_path / "till.sock", scenario)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("cashier", False), ("supervisor", True), ("stock_clerk", False), ("store_manager", True)],
)
def test_a_price_override_needs_its_permission(
    store: StoreContext, tmp_path: Path, role: str, allowed: bool
) -> None:
    sign_in_store(store, "T1", "pat", role)
    request = sale()
    request.items[0].price_override_minor = 300

    async def scenario(till: till_pb2_grpc.TillStub, channel: grpc.aio.Channel) -> None:
        err = await refused(till.Sell(request))
        assert err.code() == grpc.StatusCode.PERMISSION_DENIED
        if allowed:  # past the role check, on to the store's approval rule
            assert "needs a manager's approval" in err.details()
        else:
            assert "may not" in err.details()  # sell (a stock clerk) or override a price

    run(store, tmp_path / "till.sock", scenario)
    assert newest_seq(store) == 0
