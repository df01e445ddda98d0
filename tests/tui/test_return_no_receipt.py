"""A return without a receipt on the screen against a real agent (default policy: a manager
approves "amount <total>", at most 50.00): over the limit the agent's sentence is shown and
nothing is returned; under it the refund goes through, one line written off."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from textual.widgets import Label

from edge_agent.tui.screens.modals import TextModal
from edge_agent.tui.screens.return_no_receipt import ReturnWithoutReceiptScreen
from edge_agent.tui.screens.sale import SaleScreen
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE
from tests.tui.agent import MANAGER_PIN, Agent, add_manager, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import approve, log_in, rows, type_text

SIZE = (120, 40)


@pytest.fixture(scope="module")
def policy_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    running = start_agent(tmp_path_factory.mktemp("noreceipt"))
    add_manager(running)
    try:
        yield running
    finally:
        stop_agent(running)


def said(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#return-message", Label).content)


async def enter(pilot, app, text: str, expect) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, text)
    await pilot.press("enter")
    await until(pilot, lambda: expect(rows(app, "#return-lines")), f"the lines after {text}")


def test_return_without_a_receipt_is_limited_and_approved(policy_agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(policy_agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await pilot.press("f7", "f5")
            await until(
                pilot,
                lambda: isinstance(app.screen, ReturnWithoutReceiptScreen),
                "the return without a receipt",
            )
            await enter(pilot, app, f"2*{COLA_BARCODE}", lambda r: len(r) == 1)
            await enter(pilot, app, CHIPS_BARCODE, lambda r: len(r) == 2)
            await enter(pilot, app, "7*", lambda r: r[1][3] == "7")
            assert rows(app, "#return-lines") == [
                ["1", "COLA", "Cola 330ml", "2", "3.50", "7.00", "restock"],
                ["2", "CHIPS", "Chips 70g", "7", "8.00", "56.00", "restock"],
            ]
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#approval-what"), "the approval")
            what = str(app.screen.query_one("#approval-what", Label).content)
            assert what == "return without receipt: amount 6300"
            await approve(pilot, app, MANAGER_PIN)
            await until(pilot, lambda: "at most" in said(app), "the agent's refusal")
            assert said(app) == (
                "a return without a receipt may refund at most ¥50.00; this one comes to ¥63.00"
            )

            await enter(pilot, app, "1*", lambda r: r[1][3] == "1")
            await pilot.press("f6")
            await until(pilot, lambda: rows(app, "#return-lines")[1][6] == "write off", "F6")
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#approval-what"), "the approval")
            what = str(app.screen.query_one("#approval-what", Label).content)
            assert what == "return without receipt: amount 1500"
            await approve(pilot, app, MANAGER_PIN)
            await until(
                pilot,
                lambda: isinstance(app.screen, TextModal) and app.screen.query("#text-title"),
                "the refund receipt",
            )
            title = str(app.screen.query_one("#text-title", Label).content)
            assert title.endswith("refund ¥15.00")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, SaleScreen), "back to selling")

    asyncio.run(scenario())
