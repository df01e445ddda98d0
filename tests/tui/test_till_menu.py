"""The till menu (F12) against a real agent: cash in, cash out with the manager's approval,
reprint by sale number (to a File printer whose bytes the test reads), and a handover after
which the screen carries on with the next cashier and shift."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Static

from edge_agent.tui.screens.handover import HandoverScreen
from edge_agent.tui.screens.modals import TextModal
from edge_agent.tui.screens.sale import SaleScreen
from edge_agent.tui.widgets.status_bar import StatusBar
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE
from tests.tui.agent import MANAGER_PIN, Agent, add_manager, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import approve, log_in, message, pay_exact, scan, type_text
from tools.till_rig import CASHIER_PIN

SIZE = (120, 40)


@pytest.fixture(scope="module")
def printing_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Agent, Path]]:
    """Default policy (cash out needs a manager); till T1 prints to a file."""
    tmp = tmp_path_factory.mktemp("menu")
    receipts = tmp / "T1-printer.bin"
    running = start_agent(tmp, tills_toml=f'[T1]\nprinter = "file:{receipts}"\n')
    add_manager(running)
    try:
        yield running, receipts
    finally:
        stop_agent(running)


async def prompt(pilot, app, value: str) -> None:  # type: ignore[no-untyped-def]
    """Answer the open one-line prompt with value (replacing what it offers)."""
    await until(pilot, lambda: app.screen.query("#prompt-input"), "a prompt")
    app.screen.query_one("#prompt-input", Input).value = ""
    await type_text(pilot, value)
    await pilot.press("enter")


async def x_report(pilot, app) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("f12", "x")
    await until(
        pilot,
        lambda: isinstance(app.screen, TextModal) and app.screen.query("#text-body"),
        "the X report",
    )
    body = str(app.screen.query_one("#text-body", Static).content)
    await pilot.press("enter")
    return body


def test_cash_in_and_cash_out_with_the_managers_approval(
    printing_agent: tuple[Agent, Path],
) -> None:
    agent, _ = printing_agent

    async def scenario() -> None:
        app = till_app(agent, "T2")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app, "200")
            await pilot.press("f12", "i")
            await prompt(pilot, app, "50")
            await pilot.press("enter")  # the reason offered: change for the drawer
            await until(pilot, lambda: "cash in" in message(app), "the cash in")
            assert message(app) == "cash in ¥50.00 recorded (change for the drawer)"

            await pilot.press("f12", "o")
            await prompt(pilot, app, "30.5")
            await prompt(pilot, app, "bank deposit")
            await until(pilot, lambda: app.screen.query("#approval-what"), "the approval")
            what = str(app.screen.query_one("#approval-what", Label).content)
            assert what == "cash out: cash out 3050"
            await approve(pilot, app, MANAGER_PIN)
            await until(pilot, lambda: isinstance(app.screen, SaleScreen), "the sale screen")
            await until(pilot, lambda: "cash out" in message(app), "the cash out")
            assert message(app) == "cash out ¥30.50 recorded (bank deposit)"

            await pilot.press("f12", "o")  # a bad amount is a sentence and changes nothing
            await prompt(pilot, app, "ten")
            await until(pilot, lambda: "amount" in message(app), "the refusal")
            assert message(app) == "an amount is typed like 12.50; got 'ten'"

            report = await x_report(pilot, app)
            assert "Cash in" in report and "50.00" in report
            assert "-¥30.50" in report
            assert "219.50" in report  # expected cash: 200 + 50 - 30.50

    asyncio.run(scenario())


def test_reprint_any_sale_by_its_number(printing_agent: tuple[Agent, Path]) -> None:
    agent, receipts = printing_agent

    async def scenario() -> None:
        app = till_app(agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await scan(pilot, app, COLA_BARCODE)
            first = await pay_exact(pilot, app)
            await scan(pilot, app, CHIPS_BARCODE)
            second = await pay_exact(pilot, app)
            assert second == first + 1
            printed = receipts.read_bytes()

            await pilot.press("f12", "r")
            await until(pilot, lambda: app.screen.query("#prompt-input"), "the reprint prompt")
            assert app.screen.query_one("#prompt-input", Input).value == str(second)
            await prompt(pilot, app, str(first))
            await until(pilot, lambda: "reprinted" in message(app), "the reprint")
            assert message(app) == f"receipt of sale {first} reprinted"
            again = receipts.read_bytes()[len(printed) :].decode("cp437", "replace")
            assert "REPRINT" in again and "Cola 330ml" in again and "Chips" not in again

            await pilot.press("f12", "r")
            await prompt(pilot, app, "9999")
            await until(pilot, lambda: "9999" in message(app), "the refusal")
            assert message(app) == "store S001 has no sale with number 9999"

    asyncio.run(scenario())


def test_handover_to_the_next_cashier_carries_on_with_their_shift(
    printing_agent: tuple[Agent, Path],
) -> None:
    agent, _ = printing_agent

    async def scenario() -> None:
        app = till_app(agent, "T3", "ann")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app, "200")
            first_shift = app.shift.shift_id  # type: ignore[union-attr]
            await scan(pilot, app, COLA_BARCODE)
            await pay_exact(pilot, app)
            await pilot.press("f12", "h")
            await until(pilot, lambda: isinstance(app.screen, HandoverScreen), "the count")
            counts = {10000: "2", 100: "3", 50: "1"}  # 203.50: exact
            for denom in app.denominations:
                if denom in counts:
                    await type_text(pilot, counts[denom])
                await pilot.press("enter")
            assert app.screen.focused is app.screen.query_one("#next-cashier", Input)
            await pilot.press("enter")  # no name: refused
            await until(
                pilot,
                lambda: "next cashier" in str(app.screen.query_one("#close-message").content),
                "the missing name",
            )
            await type_text(pilot, "bob")
            await pilot.press("enter")
            assert app.screen.focused is app.screen.query_one("#next-pin", Input)
            await type_text(pilot, CASHIER_PIN)  # bob signs in with his PIN
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, SaleScreen), "the sale screen")
            await until(pilot, lambda: "handed over" in message(app), "the handover note")
            assert message(app).startswith(
                "ann handed over: counted ¥203.50   expected ¥203.50   the drawer is exact. "
                "bob's shift is open with ¥203.50 in the drawer. "  # T3 has no printer:
            )
            assert message(app).endswith("no receipt printer is configured for till T3")
            assert app.cashier == "bob" and app.shift is not None
            assert app.shift.cashier == "bob" and app.shift.shift_id != first_shift
            bar = app.screen.query_one(StatusBar)
            assert "Cashier bob" in str(bar.render())
            await scan(pilot, app, COLA_BARCODE)  # bob sells on his own shift
            await pay_exact(pilot, app)
            report = await x_report(pilot, app)
            assert "Cashier bob" in report and "Sales (1)" in report

    asyncio.run(scenario())
