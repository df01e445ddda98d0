"""The sale screen against a real agent: scan, quantity, search, total, cash with change,
quick-cash keys, a refusal on the message line, and the offline indicator with the backlog
count."""

from __future__ import annotations

import asyncio

from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE
from tests.tui.agent import Agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import log_in, message, rows, scan, text, type_text

SIZE = (120, 36)


def test_scan_quantity_search_total_and_cash_with_change(agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            screen = await log_in(pilot, app)
            await scan(pilot, app, COLA_BARCODE)
            assert rows(app) == [["1", "COLA", "Cola 330ml", "1", "3.50", "3.50"]]
            await scan(pilot, app, f"3*{CHIPS_BARCODE}")
            assert rows(app)[1][:4] == ["2", "CHIPS", "Chips 70g", "3"]
            await until(pilot, lambda: "27.50" in text(app, "#total"), "the total 27.50")

            # Quantity of the selected line: ↑ to the cola, F2, type 2.
            await pilot.press("up", "f2")
            await until(pilot, lambda: app.screen.query("#prompt-input"), "the quantity prompt")
            await pilot.press("backspace", "2", "enter")
            await until(pilot, lambda: rows(app)[0][3] == "2", "cola quantity 2")
            await until(pilot, lambda: "31.00" in text(app, "#total"), "the total 31.00")

            # Search by name: F3, "tea", pick the first hit.
            await type_text(pilot, "black tea")
            await pilot.press("f3")
            await until(
                pilot,
                lambda: (
                    app.screen.query("#search-results")
                    and app.screen.query_one("#search-results").option_count == 1
                ),
                "one search hit for 'black tea'",
            )
            await pilot.press("down", "enter")
            await until(pilot, lambda: len(rows(app)) == 3, "the searched tea on a line")
            assert rows(app)[2][1] == "TEA-BLACK"
            await until(pilot, lambda: "35.50" in text(app, "#total"), "the total 35.50")

            # Pay cash: 50.00 tendered, 14.50 change.
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
            await type_text(pilot, "50")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is screen, "back on the sale screen")
            await until(pilot, lambda: "change ¥14.50" in message(app), "the change")
            assert rows(app) == [] and screen.cart.total_minor == 0

    asyncio.run(scenario())


def test_unknown_barcode_is_a_message_not_a_traceback(agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(agent, "T2")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await scan(pilot, app, "6901234567885")
            assert "no product has barcode 6901234567885" in message(app)
            assert rows(app) == []
            await scan(pilot, app, "x*COLA")
            assert message(app) == "type a whole quantity before *, like 3*COLA"

    asyncio.run(scenario())


def test_the_agent_refuses_in_the_language_of_the_till(agent: Agent) -> None:
    """The agent runs in English (the tests' locale); a till reading Chinese is answered
    in Chinese."""

    async def scenario() -> None:
        app = till_app(agent, "T4", language="zh_CN")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await scan(pilot, app, "6901234567885")
            assert message(app) == "门店 S001 的商品目录中没有条码为 6901234567885 的商品"
            assert rows(app) == []

    asyncio.run(scenario())


def test_offline_indicator_counts_the_entries_waiting_to_sync(agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(agent, "T3")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            bar = app.screen.query_one(StatusBar)
            await until(pilot, lambda: bar.store == "S001", "the store code")
            assert not bar.online and "OFFLINE" in str(bar.render())
            before = bar.backlog
            await scan(pilot, app, COLA_BARCODE)
            await pilot.press("enter")  # Enter on an empty entry goes to payment
            await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
            await pilot.press("enter")  # the exact amount
            await until(pilot, lambda: "change ¥0.00" in message(app), "the sale")
            await until(pilot, lambda: bar.backlog > before, "the backlog to grow", 5)
            assert f"{bar.backlog} to sync" in str(bar.render())
            assert "Till T3" in str(bar.render()) and "Cashier ann" in str(bar.render())

    asyncio.run(scenario())


def test_quick_cash_keys_and_the_change_shown_large(agent: Agent) -> None:
    async def scenario() -> None:
        app = till_app(agent, "T4")
        async with app.run_test(size=SIZE) as pilot:
            sale = await log_in(pilot, app)
            await scan(pilot, app, COLA_BARCODE)
            await scan(pilot, app, f"3*{CHIPS_BARCODE}")
            await until(pilot, lambda: "27.50" in text(app, "#total"), "the total 27.50")
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
            keys = dict(app.screen.query_one(KeyBar).shown_keys())
            assert [keys["F5"], keys["F6"], keys["F7"]] == ["¥20", "¥50", "¥100"]
            assert keys["F10"] == "Exact cash"

            await pilot.press("f5")  # a ¥20 note: 7.50 left
            await until(pilot, lambda: text(app, "#pay-due") == "LEFT TO PAY ¥7.50", "7.50 left")
            await pilot.press("f10")  # exactly the rest, in cash
            await until(pilot, lambda: app.screen is sale, "the sale paid")
            await until(pilot, lambda: "change ¥0.00" in message(app), "no change")

            await scan(pilot, app, COLA_BARCODE)
            assert text(app, "#total") == "TOTAL ¥3.50"
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
            await pilot.press("f7")  # a ¥100 note for a cola
            await until(pilot, lambda: app.screen is sale, "the sale paid")
            assert text(app, "#total") == "CHANGE ¥96.50"  # large until the next scan
            await scan(pilot, app, COLA_BARCODE)
            assert text(app, "#total") == "TOTAL ¥3.50"

    asyncio.run(scenario())


def test_f11_names_the_member_or_says_why_not(agent: Agent) -> None:
    """Head office is absent here and the store never looked the member up: the message
    says so, the sale keeps no member and stored value stays off the payment keys."""

    async def scenario() -> None:
        app = till_app(agent, "T5")
        async with app.run_test(size=SIZE) as pilot:
            sale = await log_in(pilot, app)
            await scan(pilot, app, COLA_BARCODE)
            await pilot.press("f11")
            await until(pilot, lambda: app.screen.query("#prompt-input"), "the member prompt")
            await type_text(pilot, "13812345678")
            await pilot.press("enter")
            await until(
                pilot, lambda: "has not looked up member" in message(app), "the refusal", 15
            )
            assert sale.cart.member == "" and rows(app)[0][1] == "COLA"
            await pilot.press("f10")
            await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
            assert "F9" not in dict(app.screen.query_one(KeyBar).shown_keys())

    asyncio.run(scenario())
