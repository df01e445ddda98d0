"""The till menu's redeem action (F12, u) against a real agent whose head office is away:
the cashier answers member, card and SKU, hears head office's absence in one sentence, and
nothing is written; a card number that is not one is refused before anything is asked."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from tests.tui.agent import Agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import log_in, message, type_text

SIZE = (120, 40)


async def prompt(pilot, app, value: str) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: app.screen.query("#prompt-input"), "a prompt")
    app.screen.query_one("#prompt-input", Input).value = ""
    await type_text(pilot, value)
    await pilot.press("enter")


def test_redeem_from_the_menu_with_head_office_away_writes_nothing(agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(agent, "T4")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app, "100")
            before = await app.client.status()
            await pilot.press("f12", "u")
            await prompt(pilot, app, "13812345678")
            await prompt(pilot, app, "twelve")
            await until(pilot, lambda: "card number" in message(app), "the refusal")
            assert message(app) == "a card number is a whole number, like 12; got 'twelve'"

            await pilot.press("f12", "u")
            await prompt(pilot, app, "13812345678")
            await prompt(pilot, app, "12")
            await prompt(pilot, app, "WASH")
            await until(pilot, lambda: "head office" in message(app), "head office absent", 20)
            assert "did not answer" in message(app) and "trying again is safe" in message(app)
            after = await app.client.status()
            assert after.newest_seq == before.newest_seq

    asyncio.run(scenario())
