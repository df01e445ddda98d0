"""The till's count screen (F12 → k) against a real edge agent, head office unreachable: a
stock clerk counts blind from a serial scanner on a pty (a pack counts its units, a typed
quantity, a location change, an unknown barcode kept, a correction with its reason) and
submits into a recount; a manager sees the book and the difference, and a lost reply
retried never counts twice; a cashier is refused. What the screen shows is checked against
the store's own state (StoreCounts, `pos count show`)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
import serial
from textual.widgets import Input, Label

from common.pb.storeledger.v1 import catalogue_pb2, store_counts_pb2_grpc
from common.pb.storeledger.v1 import store_counts_pb2 as pb
from edge_agent.datadir import DataDir
from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.receiving import receive
from edge_agent.sync.downstream_handlers import apply_product
from edge_agent.tui.client import TILL_METADATA, Refusal, TillClient
from edge_agent.tui.screens.count import CountScreen
from edge_agent.tui.screens.count_pick import CountPickScreen
from edge_agent.tui.screens.sale import SaleScreen
from tests.devices.conftest import PtyPair
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE
from tests.tui.agent import Agent, load_catalogue, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import busy, log_in, message, rows, screen_lines, type_text
from tools.till_rig import CASHIER_PIN, add_staff

SIZE = (120, 40)
WATER_BARCODE = "4006381333931"
CASE_BARCODE = "6920000000029"  # a case of 24 waters
UNKNOWN = "6920000000043"  # a valid EAN-13 the catalogue does not have


@dataclass
class Rig:
    agent: Agent
    scanner: PtyPair


def shop(ledger: Path) -> None:
    """The tests' catalogue plus water in cases of 24, stock on the book, and who counts:
    sue (stock clerk: counts, blind) and max (store manager: sees the book)."""
    load_catalogue(ledger)
    ctx = StoreContext.open(ledger, "S001")
    try:
        water = catalogue_pb2.Product(
            sku="WATER", name="Water 550ml", barcodes=[WATER_BARCODE], unit="piece",
            price_minor=200, cost_minor=100, currency="CNY", active=True,
            packs=[catalogue_pb2.Pack(name="case", qty_base=24, barcode=CASE_BARCODE)],
        )  # fmt: skip
        apply_product(ctx, water, 200)
        delivered = [("COLA", 50, 200), ("CHIPS", 20, 500), ("WATER", 100, 100)]
        receive(ctx, "DN-1", [DeliveryItem(*item) for item in delivered], "bo")
    finally:
        ctx.close()
    add_staff(ledger, "sue", "stock_clerk", CASHIER_PIN)
    add_staff(ledger, "max", "store_manager", CASHIER_PIN)


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    """T1 has a serial scanner on a pty."""
    ports = tmp_path_factory.mktemp("ports")
    cable = PtyPair(ports / "scanner-device", ports / "scanner-far")
    cable.start()
    tills = f'[T1]\nscanner = "serial:{cable.device}"\n'
    agent = start_agent(tmp_path_factory.mktemp("counts"), catalogue=shop, tills_toml=tills)
    try:
        yield Rig(agent, cable)
    finally:
        stop_agent(agent)
        cable.kill()


def store_counts(agent: Agent, till: str, rpc: str, request: Any) -> Any:
    """A StoreCounts call on the agent's socket as the person signed in at `till`."""
    with grpc.insecure_channel(f"unix:{DataDir(agent.data_dir).till_socket}") as channel:
        stub = store_counts_pb2_grpc.StoreCountsStub(channel)
        return getattr(stub, rpc)(request, timeout=15, metadata=((TILL_METADATA, till),))


async def sign_in(pilot, app, person: str) -> SaleScreen:  # type: ignore[no-untyped-def]
    """ann opens the till's shift, logs out, and `person` signs in (a stock clerk opens no
    shift of their own)."""
    await log_in(pilot, app)
    await pilot.press("f12", "l")
    await until(pilot, lambda: app.screen.query("#cashier"), "the login screen")
    app.screen.query_one("#cashier", Input).value = person
    return await log_in(pilot, app)


async def start_count(pilot, app, skus: str, title: str) -> CountScreen:  # type: ignore[no-untyped-def]
    """F12 → k, then the new-count form: scope skus, the SKUs, a title, the selling place."""
    await pilot.press("f12", "k")
    await until(pilot, lambda: isinstance(app.screen, CountPickScreen), "the count picker")
    picker = app.screen
    await until(pilot, lambda: not busy(app, picker), "the store's open counts")
    await pilot.press("f2")  # the form (the only thing to do when no count is open)
    await until(pilot, lambda: app.screen.focused.id == "count-scope", "the new-count form")
    for value in ("skus", skus, title, "floor"):
        await type_text(pilot, value)
        await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, CountScreen), "the count screen")
    screen = app.screen
    await until(pilot, lambda: not busy(app, screen), "the count's lines")
    return screen


async def entered(pilot, app, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the count entry and Enter; wait until the screen answered."""
    before = message(app)
    await type_text(pilot, typed)
    await pilot.press("enter")
    await until(pilot, lambda: message(app) != before and not busy(app), f"the answer to {typed}")


async def set_location(pilot, app, location: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f2")
    await until(pilot, lambda: app.screen.query("#prompt-input"), "the location prompt")
    app.screen.query_one("#prompt-input", Input).value = ""
    await type_text(pilot, location)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, CountScreen), "the count screen again")
    await until(pilot, lambda: location in label(app, "#count-location"), "the new location")


def label(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Label).content)


def test_a_stock_clerk_counts_blind_from_the_serial_scanner_and_submits(rig: Rig) -> None:
    async def scenario() -> None:
        app = till_app(rig.agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            await sign_in(pilot, app, "sue")
            screen = await start_count(pilot, app, "COLA, WATER", "Drinks")
            session = screen.session.session_id
            await set_location(pilot, app, "A-01")

            with serial.Serial(str(rig.scanner.far)) as far:
                far.write(f"{COLA_BARCODE}\r\n".encode())
                await until(pilot, lambda: len(rows(app)) == 1 and not busy(app), "the cola")
                far.write(f"{CASE_BARCODE}\r\n".encode())  # a case: its 24 waters
                await until(pilot, lambda: len(rows(app)) == 2 and not busy(app), "the case")
                await type_text(pilot, "12*")  # a quantity, then the scanner's read
                far.write(f"{COLA_BARCODE}\r\n".encode())
                await until(pilot, lambda: len(rows(app)) == 3 and not busy(app), "12 colas")
            await entered(pilot, app, f"5*{WATER_BARCODE}")  # typed on the keyboard
            await set_location(pilot, app, "B-02")
            await entered(pilot, app, UNKNOWN)
            assert message(app) == f"unknown barcode {UNKNOWN} recorded for follow-up"
            await type_text(pilot, f"-2*{COLA_BARCODE}")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen.query("#prompt-input"), "the reason prompt")
            await type_text(pilot, "scanned twice")
            await pilot.press("enter")
            await until(pilot, lambda: len(rows(app)) == 6 and not busy(app), "the correction")

            assert [r[1:] for r in rows(app)] == [
                ["COLA", "Cola 330ml", "1", "A-01"],
                ["WATER", "Water 550ml", "24", "A-01"],
                ["COLA", "Cola 330ml", "12", "A-01"],
                ["WATER", "Water 550ml", "5", "A-01"],
                ["", f"unknown barcode {UNKNOWN}", "1", "B-02"],
                ["COLA", "Cola 330ml", "-2", "B-02"],
            ]
            assert label(app, "#count-total") == "your lines: 6, units counted: 41"
            # Blind: no book column, and the book (50 colas, 100 waters) nowhere on screen.
            # (The session's id is random hex: a "100" in it is not the book.)
            on_screen = "\n".join(screen_lines(app)).replace(session, "")
            assert "Book" not in on_screen and "Difference" not in on_screen
            assert " 50 " not in on_screen and "100" not in on_screen

            # The store has exactly these lines, as sue's, with the reason; no book for her.
            mine = store_counts(
                rig.agent, "T1", "ListCountLines", pb.CountActionRequest(session_id=session)
            )
            assert not mine.book_shown
            assert [
                (ln.sku, ln.scanned_code, ln.qty_base, ln.location, ln.reason, ln.counter)
                for ln in mine.lines
            ] == [
                ("COLA", COLA_BARCODE, 1, "A-01", "", "sue"),
                ("WATER", CASE_BARCODE, 24, "A-01", "", "sue"),
                ("COLA", "", 12, "A-01", "", "sue"),
                ("WATER", "", 5, "A-01", "", "sue"),
                ("", UNKNOWN, 1, "B-02", "", "sue"),
                ("COLA", "", -2, "B-02", "scanned twice", "sue"),
            ]
            assert all(ln.book_qty_base == 0 for ln in mine.lines)

            # F10 asks first; Esc keeps counting, Enter submits: both SKUs need a recount.
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#confirm-question"), "the question")
            await pilot.press("escape")
            await until(pilot, lambda: "not submitted" in message(app), "the refusal to submit")
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#confirm-question"), "the question")
            await pilot.press("enter")
            await until(pilot, lambda: "submitted:" in message(app), "the submission")
            assert message(app) == (
                f"count {session} submitted: a recount by another person is needed for COLA, WATER"
            )
            shown = rig.agent.cli(
                "edge_agent.cli.pos", "--data-dir", str(rig.agent.data_dir), "count", "show",
                session, "--till", "T1", "--format", "json",
            )  # fmt: skip
            assert shown.returncode == 0, shown.stderr
            document = json.loads(shown.stdout)
            assert (document["state"], document["recount_skus"]) == ("recount", ["COLA", "WATER"])
            assert [u["scanned_code"] for u in document["unknown_barcodes"]] == [UNKNOWN]

            await pilot.press("escape")  # back to selling
            await until(pilot, lambda: isinstance(app.screen, SaleScreen), "the sale screen")

    asyncio.run(scenario())


def test_a_manager_sees_the_book_and_a_lost_reply_never_counts_twice(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost: list[str] = []
    real_call = TillClient.count_call

    async def reply_lost_once(self: TillClient, method: str, request: Any, till_id: str) -> Any:
        """The agent records the first line, but its answer never reaches the till."""
        reply = await real_call(self, method, request, till_id)
        if method == "AddCountLine" and not lost:
            lost.append(request.line_id)
            raise Refusal(
                "the edge agent did not answer in time", grpc.StatusCode.DEADLINE_EXCEEDED
            )
        return reply

    monkeypatch.setattr(TillClient, "count_call", reply_lost_once)

    async def scenario() -> None:
        app = till_app(rig.agent, "T3", "max")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            screen = await start_count(pilot, app, "CHIPS", "Snacks")
            session = screen.session.session_id
            await entered(pilot, app, CHIPS_BARCODE)
            assert message(app) == "CHIPS Chips 70g  +1 (recorded before: nothing new written)"
            # The book (20) and the difference so far (1 - 20) beside the line.
            assert rows(app)[0][1:] == ["CHIPS", "Chips 70g", "1", "", "20", "-19"]
            assert "Book" in "\n".join(screen_lines(app))

            shown = store_counts(
                rig.agent, "T3", "ShowCount", pb.CountActionRequest(session_id=session)
            )
            assert shown.book_shown and shown.line_count == 1
            [chips] = shown.results
            assert (chips.counted_qty_base, chips.book_qty_base, chips.variance_qty_base) == (
                1, 20, -19,
            )  # fmt: skip
            mine = store_counts(
                rig.agent, "T3", "ListCountLines", pb.CountActionRequest(session_id=session)
            )
            assert [ln.line_id for ln in mine.lines] == lost  # the retry's key, recorded once

    asyncio.run(scenario())


def test_a_cashier_may_not_count(rig: Rig) -> None:
    async def scenario() -> None:
        app = till_app(rig.agent, "T4", "ben")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            before = store_counts(rig.agent, "T4", "ListCounts", pb.ListStoreCountsRequest())
            await pilot.press("f12", "k")
            await until(pilot, lambda: "may not" in message(app), "the refusal")
            assert (
                message(app) == "ben is signed in as a cashier, and a cashier may not count stock"
            )
            assert isinstance(app.screen, SaleScreen)
            after = store_counts(rig.agent, "T4", "ListCounts", pb.ListStoreCountsRequest())
            assert after == before

    asyncio.run(scenario())
