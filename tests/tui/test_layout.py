"""Every till screen at 80x24 and 120x40, in English and in Chinese: nothing is cut.

One real agent; per language and size one till session walks through login, sale,
search, a prompt, a manager's approval, the menu, payment (card with its reference,
a split, the change), the X report, a return against the receipt and without one,
the handover, the count picker and count screen, and the shift close. On every screen:

- every key label of the key bar is on screen whole (measured in display columns:
  a Chinese character takes two);
- the total, the amount left to pay and the change are drawn in the large digits,
  whole, and nothing on screen is taller;
- no widget is cut by its container or the screen's edge, no label needs more lines
  than it has, no table or list needs to scroll sideways.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from rich.cells import cell_len
from textual.containers import ScrollableContainer
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widget import Widget
from textual.widgets import DataTable, Digits, Input, OptionList, Static

from edge_agent.tui.app import TillApp
from edge_agent.tui.screens.count import CountScreen
from edge_agent.tui.screens.count_pick import CountPickScreen
from edge_agent.tui.screens.modals import TextModal
from edge_agent.tui.screens.return_no_receipt import ReturnWithoutReceiptScreen
from edge_agent.tui.screens.returns import ReturnScreen
from edge_agent.tui.screens.sale import SaleScreen
from edge_agent.tui.screens.shift_close import ShiftCloseScreen
from edge_agent.tui.widgets.big_amount import BigAmount
from edge_agent.tui.widgets.key_bar import KeyBar, item_text
from tests.edge.conftest import CHIPS_BARCODE, COLA_BARCODE
from tests.tui.agent import Agent, add_manager, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import busy, log_in, rows, scan, screen_lines, type_text

SIZES = [(80, 24), (120, 40)]
LANGUAGES = ["en", "zh_CN"]


@pytest.fixture(scope="module")
def layout_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    running = start_agent(tmp_path_factory.mktemp("layout"), approvals={"return": True})
    add_manager(running)
    try:
        yield running
    finally:
        stop_agent(running)


def _shown(widget: Widget) -> bool:
    return widget.display and widget.visible and all(a.display for a in widget.ancestors)


def _scrolled(widget: Widget) -> bool:
    """Inside a container the cashier scrolls with the keyboard (a long report)."""
    return any(isinstance(a, ScrollableContainer) and a.can_focus for a in widget.ancestors)


def layout_problems(app: TillApp) -> list[str]:
    """What is cut on the screen now, each as a sentence naming the widget."""
    screen = app.screen
    problems: list[str] = []
    lines = screen_lines(app)
    for widget, geometry in screen._compositor.full_map.items():
        if not _shown(widget) or widget is screen or _scrolled(widget):
            continue
        region, clip = geometry.region, geometry.clip
        if region.area and clip.intersection(region) != region:
            problems.append(f"{widget!r} at {region} is cut to {clip.intersection(region)}")
        if isinstance(widget, Static) and not isinstance(widget, Input):
            content = widget.content_region
            needed = widget.get_content_height(content.size, app.size, content.width)
            if needed > content.height:
                problems.append(f"{widget!r} needs {needed} lines, has {content.height}")
        if (
            isinstance(widget, DataTable | OptionList)
            and widget.virtual_size.width > widget.scrollable_content_region.width
        ):
            problems.append(
                f"{widget!r} is {widget.virtual_size.width} columns wide "
                f"in {widget.scrollable_content_region.width}"
            )
        if isinstance(widget, Digits):
            needed = DigitsRenderable.get_width(widget.value)
            if widget.content_region.width < needed:
                problems.append(f"{widget!r} shows {widget.value!r} in {widget.region.width}")
    for bar in screen.query(KeyBar):
        for key, label in bar.shown_keys():
            item = item_text(key, label).strip()
            if not any(item in line for line in lines):
                problems.append(f"key {item!r} is not whole on screen")
    return problems


def biggest_is_the_amount(app: TillApp) -> list[str]:
    """The large amounts are the tallest text on screen (3 lines of digits)."""
    amounts = [a for a in app.screen.query(BigAmount) if _shown(a)]
    problems = []
    for amount in amounts:
        caption = amount.query_one(".big-amount--caption", Static)
        for line in str(caption.content).splitlines():
            if cell_len(line) > caption.content_region.width:
                problems.append(f"caption {line!r} is cut")
        if amount.query_one(Digits).region.height != 3:
            problems.append(f"{amount.plain!r} is not three lines high")
    return problems


def check(app: TillApp, where: str) -> None:
    problems = layout_problems(app) + biggest_is_the_amount(app)
    shown = "\n".join(f"|{line}|" for line in screen_lines(app))
    assert not problems, (
        f"{where} at {app.size.width}x{app.size.height}:\n" + "\n".join(problems) + f"\n{shown}"
    )


async def session(agent: Agent, language: str, size: tuple[int, int], till_id: str) -> None:
    app = till_app(agent, till_id, "ann", language=language)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.screen.query("#cashier"), "the login screen")
        check(app, "login")
        sale = await log_in(pilot, app)
        check(app, "empty sale")
        await scan(pilot, app, COLA_BARCODE)
        await scan(pilot, app, f"3*{CHIPS_BARCODE}")
        await until(pilot, lambda: not busy(app) and sale.cart.total_minor, "the total")
        check(app, "sale")
        total = app.screen.query_one("#total", BigAmount)
        assert total.figures == "27.50"
        # The screen really speaks the language asked for (TillApp carries it into the
        # app's context; were that hook lost, every run would silently be English).
        assert total.caption == {"en": "TOTAL", "zh_CN": "合计"}[language]
        keys = dict(app.screen.query_one(KeyBar).shown_keys())
        assert keys["F10"] == {"en": "Pay", "zh_CN": "收款"}[language]

        await type_text(pilot, "tea")
        await pilot.press("f3")
        await until(
            pilot,
            lambda: (
                app.screen.query("#search-results")
                and app.screen.query_one("#search-results", OptionList).option_count == 2
            ),
            "two teas",
        )
        check(app, "search")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is sale, "the sale screen")

        await pilot.press("f2")
        await until(pilot, lambda: app.screen.query("#prompt-input"), "the quantity prompt")
        check(app, "quantity prompt")
        await pilot.press("escape")
        await pilot.press("f5")
        await until(pilot, lambda: app.screen.query("#prompt-input"), "the price prompt")
        app.screen.query_one("#prompt-input", Input).value = "6"
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query("#pin"), "the approval")
        check(app, "approval")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is sale and not busy(app), "the sale screen")

        await pilot.press("f12")
        await until(pilot, lambda: app.screen.query("#menu-list"), "the menu")
        check(app, "menu")
        await pilot.press("escape")

        await pilot.press("f10")
        await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
        check(app, "payment")
        await pilot.press("f3")
        await type_text(pilot, "5")
        await pilot.press("enter")
        check(app, "card payment with its reference")
        await type_text(pilot, "AUTH 1")
        await pilot.press("enter", "f2")
        await until(pilot, lambda: len(rows(app, "#tenders")) == 1, "the card tender")
        check(app, "split payment")
        due = app.screen.query_one("#pay-due", BigAmount)
        assert due.amount_minor == 2250 and due.figures == "22.50"
        await pilot.press("f7")  # ¥100 in cash: ¥77.50 change
        await until(pilot, lambda: app.screen is sale and app.last_sale_no, "the sale")
        check(app, "change")
        change = app.screen.query_one("#total", BigAmount)
        assert change.amount_minor == 7750 and change.figures == "77.50"

        await pilot.press("f12", "x")
        await until(
            pilot,
            lambda: isinstance(app.screen, TextModal) and app.screen.query("#text-body"),
            "the X report",
        )
        check(app, "X report")
        await pilot.press("enter")

        await pilot.press("f7")
        await until(pilot, lambda: isinstance(app.screen, ReturnScreen), "the return screen")
        check(app, "return")
        await type_text(pilot, str(app.last_sale_no))
        await pilot.press("enter")
        await until(pilot, lambda: len(rows(app, "#return-lines")) == 2, "the sale's lines")
        check(app, "return lines")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, ReturnWithoutReceiptScreen), "no receipt")
        await type_text(pilot, f"2*{COLA_BARCODE}")
        await pilot.press("enter")
        await until(pilot, lambda: len(rows(app, "#return-lines")) == 1, "a line back")
        check(app, "return without a receipt")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is sale, "the sale screen")

        await pilot.press("f12", "h")
        await until(pilot, lambda: app.screen.query("#next-cashier"), "the handover")
        check(app, "handover")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is sale, "the sale screen")
        await count_stock(pilot, app, COUNTED[till_id], sale)
        await pilot.press("f12", "c")
        await until(pilot, lambda: isinstance(app.screen, ShiftCloseScreen), "the count")
        check(app, "shift close")
        for _denomination in app.denominations:
            await pilot.press("enter")
        await until(pilot, lambda: str(app.screen.query_one("#close-result").content), "closed")
        check(app, "shift closed")
        assert isinstance(app.screen, ShiftCloseScreen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.query("#cashier"), "the login screen")
        assert not isinstance(app.screen, SaleScreen)


# One SKU per layout till: two open counts never share a SKU.
COUNTED = {"L00": "COLA", "L01": "CHIPS", "L10": "TEA-GREEN", "L11": "TEA-BLACK"}


async def count_stock(pilot, app: TillApp, sku: str, sale: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    """The count picker, its new-count form, and the count screen with a line and the book
    (ann, a supervisor, may see it: the widest table)."""
    await pilot.press("f12", "k")
    await until(pilot, lambda: isinstance(app.screen, CountPickScreen), "the count picker")
    picker = app.screen
    await until(pilot, lambda: not busy(app, picker), "the open counts")
    check(app, "count picker")
    await pilot.press("f2")
    for value in ("skus", sku, "Layout", "floor"):
        await type_text(pilot, value)
        await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, CountScreen), "the count screen")
    await type_text(pilot, f"12*{sku}")
    await pilot.press("enter")
    await until(pilot, lambda: len(rows(app)) == 1 and not busy(app), "the counted line")
    check(app, "count")
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is sale, "the sale screen")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits(layout_agent: Agent, language: str, size: tuple[int, int]) -> None:
    till_id = f"L{LANGUAGES.index(language)}{SIZES.index(size)}"
    asyncio.run(session(layout_agent, language, size, till_id))
