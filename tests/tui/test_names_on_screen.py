"""Names from data on the till screen are shown, never obeyed (issue 12, failure 6).

A product whose name holds a terminal escape (ESC[2J clears the screen, OSC sets the
window title), BEL, a right-to-left override and Textual markup ("[/]" ends a style
that was never opened) shows as text with U+FFFD for each control; nothing of it
reaches the terminal, and the table, the search list and the receipt do not break.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from common.pb.storeledger.v1 import catalogue_pb2
from common.text_safety import REPLACEMENT
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_product
from tests.tui.agent import Agent, load_catalogue, start_agent, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import log_in, message, pay_exact, rows, scan, screen_lines

EVIL_BARCODE = "6901234560046"
EVIL_NAME = "\x1b[2J\x1b]0;pwn\x07\u202eevil[/]"
SHOWN = f"{REPLACEMENT}[2J{REPLACEMENT}]0;pwn{REPLACEMENT}{REPLACEMENT}evil[/]"
SIZE = (120, 36)


def _with_evil_product(ledger: Path) -> None:
    load_catalogue(ledger)
    ctx = StoreContext.open(ledger, "S001")
    try:
        product = catalogue_pb2.Product(
            sku="EVIL", name=EVIL_NAME, barcodes=[EVIL_BARCODE], unit="piece",
            price_minor=100, cost_minor=50, currency="CNY", active=True,
        )  # fmt: skip
        apply_product(ctx, product, 900)
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def evil_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    running = start_agent(tmp_path_factory.mktemp("evil"), _with_evil_product)
    try:
        yield running
    finally:
        stop_agent(running)


def test_control_characters_in_a_product_name_never_reach_the_till_screen(
    evil_agent: Agent,
) -> None:
    async def scenario() -> None:
        app = till_app(evil_agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app)
            await scan(pilot, app, EVIL_BARCODE)
            assert rows(app) == [["1", "EVIL", SHOWN, "1", "1.00", "1.00"]]
            shown = "\n".join(screen_lines(app))
            for unwanted in ("\x1b", "\x07", "\u202e"):
                assert unwanted not in shown
            assert SHOWN in shown
            await pay_exact(pilot, app)
            await until(pilot, lambda: "sale" in message(app), "the sale's sentence")
            assert "\x1b" not in "\n".join(screen_lines(app))

    asyncio.run(scenario())
