"""The till screen's handover at a store with key items, against a real agent: the next
cashier counts each key item after their PIN, Enter confirming each; the till is not
handed over before every item is confirmed; a count beyond tolerance is said on the sale
screen after the handover and recorded in its count session (origin handover)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from edge_agent.domain.receiving import DeliveryItem
from edge_agent.services.context import StoreContext
from edge_agent.services.handover_counts import set_key_items
from edge_agent.services.receiving import receive
from edge_agent.tui.screens.handover import HandoverScreen
from edge_agent.tui.screens.sale import SaleScreen
from tests.tui.agent import Agent, load_catalogue, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import log_in, message, type_text
from tools.till_rig import CASHIER_PIN

SIZE = (120, 40)


def key_items_store(ledger: Path) -> None:
    """The tests' catalogue, 20 COLA and 10 CHIPS on the book, both key items."""
    load_catalogue(ledger)
    ctx = StoreContext.open(ledger, "S001")
    try:
        receive(ctx, "DN-1", [DeliveryItem("COLA", 20, 100), DeliveryItem("CHIPS", 10, 50)], "bo")
        set_key_items(ctx, "maria", ["COLA", "CHIPS"])
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def keyed_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    running = start_agent(tmp_path_factory.mktemp("spot"), key_items_store)
    try:
        yield running
    finally:
        stop_agent(running)


def test_the_next_cashier_counts_and_confirms_each_key_item_before_the_till_passes(
    keyed_agent: Agent,
) -> None:
    async def scenario() -> None:
        app = till_app(keyed_agent, "T1", "ann")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app, "200")
            first_shift = app.shift.shift_id  # type: ignore[union-attr]
            await pilot.press("f12", "h")
            await until(pilot, lambda: isinstance(app.screen, HandoverScreen), "the count")
            screen = app.screen
            await until(pilot, lambda: screen.query("#spot-1"), "the key items")
            for denom in app.denominations:
                if denom == 100:
                    await type_text(pilot, "2")  # 2.00: the float, exact
                await pilot.press("enter")
            await type_text(pilot, "bob")
            await pilot.press("enter")
            await type_text(pilot, CASHIER_PIN)
            await pilot.press("enter")  # the PIN: on to the first key item
            assert screen.focused is screen.query_one("#spot-0", Input)
            await pilot.press("f10")  # nothing confirmed yet: refused, nothing handed over
            await until(
                pilot,
                lambda: "COLA is next" in str(screen.query_one("#close-message").content),
                "the missing count",
            )
            assert app.shift.shift_id == first_shift  # type: ignore[union-attr]
            await type_text(pilot, "20")
            await pilot.press("enter")  # COLA 20 confirmed
            assert "COLA: 20 confirmed" in str(screen.query_one("#spot-ok-0", Label).content)
            assert screen.focused is screen.query_one("#spot-1", Input)
            await type_text(pilot, "4")  # 6 of 10 CHIPS missing: beyond tolerance
            await pilot.press("enter")  # confirmed, the last: hands over
            await until(pilot, lambda: isinstance(app.screen, SaleScreen), "the sale screen")
            await until(pilot, lambda: "handed over" in message(app), "the handover note")
            assert "Spot count: 1 item(s) outside tolerance: CHIPS" in message(app)
            assert app.cashier == "bob" and app.shift.shift_id != first_shift  # type: ignore[union-attr]

    asyncio.run(scenario())
    ctx = StoreContext.open(keyed_agent.data_dir / "ledger.db", "S001")
    try:
        with ctx.db.read() as uow:
            [session] = uow.counts.select("")
            lines = uow.counts.lines(session.session_id)
        assert (session.origin, session.recount_skus) == ("handover", ("CHIPS",))
        assert sorted((ln.sku, ln.qty_base, ln.counter) for ln in lines) == [
            ("CHIPS", 4, "bob"), ("COLA", 20, "bob"),
        ]  # fmt: skip
    finally:
        ctx.close()
