"""Manager approvals on the screen (price override, a return against a receipt) and a shift's
end: X report, blind close with over/short shown after the count, Z report once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from textual.widgets import Input, Label, Static

from edge_agent.tui.screens.modals import TextModal
from edge_agent.tui.screens.returns import ReturnScreen
from edge_agent.tui.screens.sale import SaleScreen
from edge_agent.tui.screens.shift_close import ShiftCloseScreen
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE
from tests.tui.agent import MANAGER, MANAGER_PIN, Agent, add_manager, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import approve, log_in, message, pay_exact, rows, scan, text, type_text

SIZE = (120, 40)


@pytest.fixture(scope="module")
def strict_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    """Returns against a receipt need a manager here too (the default policy does not ask)."""
    running = start_agent(tmp_path_factory.mktemp("strict"), approvals={"return": True})
    add_manager(running)
    try:
        yield running
    finally:
        stop_agent(running)


def test_price_override_needs_the_managers_pin(strict_agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(strict_agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await scan(pilot, app, CHIPS_BARCODE)
            await pilot.press("f5")
            await until(pilot, lambda: app.screen.query("#prompt-input"), "the price prompt")
            app.screen.query_one("#prompt-input", Input).value = ""
            await type_text(pilot, "6")
            await pilot.press("enter")
            await approve(pilot, app, "0000")
            refusal = str(app.screen.query_one("#approval-message", Label).content)
            assert (
                refusal
                == f"wrong PIN for manager {MANAGER}; 2 more wrong and the manager is locked out"
            )
            assert str(app.screen.query_one("#approval-what", Label).content) == (
                "price override: SKU CHIPS price 600"
            )
            await approve(pilot, app, MANAGER_PIN)
            await until(pilot, lambda: isinstance(app.screen, SaleScreen), "the sale screen")
            await until(pilot, lambda: "6.00" in text(app, "#total"), "the overridden total")
            assert rows(app)[0][4] == "6.00 (override)"
            await pay_exact(pilot, app)
            assert "change ¥0.00" in message(app)

    asyncio.run(scenario())


def test_return_against_the_receipt_with_approval(strict_agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(strict_agent, "T2")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await scan(pilot, app, f"2*{COLA_BARCODE}")
            sale_no = await pay_exact(pilot, app)
            await pilot.press("f7")
            await until(pilot, lambda: isinstance(app.screen, ReturnScreen), "the return screen")
            await type_text(pilot, str(sale_no))
            await pilot.press("enter")
            await until(pilot, lambda: len(rows(app, "#return-lines")) == 1, "the sale's lines")
            await type_text(pilot, "3")  # more than was sold: the agent refuses
            await pilot.press("enter", "f10")
            await approve(pilot, app, MANAGER_PIN)
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, ReturnScreen)
                    and "at most 2 can be returned, not 3"
                    in str(app.screen.query_one("#return-message", Label).content)
                ),
                "the refusal of 3 of 2",
            )
            await type_text(pilot, "1")
            await pilot.press("enter", "f6")  # one comes back, and is written off
            await until(
                pilot,
                lambda: rows(app, "#return-lines")[0][5:] == ["1", "write off"],
                "1 to write off",
            )
            await pilot.press("f10")
            await approve(pilot, app, MANAGER_PIN)
            await until(
                pilot,
                lambda: isinstance(app.screen, TextModal) and app.screen.query("#text-body"),
                "the return receipt",
            )
            assert "refund ¥3.50" in str(app.screen.query_one("#text-title", Label).content)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, SaleScreen), "back to selling")

    asyncio.run(scenario())


def test_x_report_blind_close_and_z_report_once(strict_agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(strict_agent, "T3", "ben")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app, float_text="200")
            await scan(pilot, app, COLA_BARCODE)
            await pay_exact(pilot, app)
            await pilot.press("f12", "x")
            await until(
                pilot,
                lambda: isinstance(app.screen, TextModal) and app.screen.query("#text-body"),
                "the X report",
            )
            assert "3.50" in str(app.screen.query_one("#text-body", Static).content)
            await pilot.press("enter")
            await pilot.press("f12", "c")
            await until(pilot, lambda: isinstance(app.screen, ShiftCloseScreen), "the count")
            assert "expected" not in text(app, "#close-result")  # blind: nothing before the count
            counts = {10000: "2", 100: "3", 10: "4"}  # 203.40: 0.10 short of 203.50
            for denom in app.denominations:
                if denom in counts:
                    await type_text(pilot, counts[denom])
                await pilot.press("enter")
            await until(pilot, lambda: "SHORT by ¥0.10" in text(app, "#close-result"), "over/short")
            assert "counted ¥203.40" in text(app, "#close-result")
            await pilot.press("f9")
            await until(
                pilot,
                lambda: isinstance(app.screen, TextModal) and app.screen.query("#text-body"),
                "the Z report",
            )
            assert "Z report 1" in str(app.screen.query_one("#text-title", Label).content)
            await pilot.press("enter")
            await pilot.press("f9")
            await until(
                pilot,
                lambda: "already" in str(app.screen.query_one("#close-message", Label).content),
                "the second Z report refused",
            )
            await pilot.press("escape")
            await until(pilot, lambda: app.screen.query("#cashier"), "the login screen")

    asyncio.run(scenario())
