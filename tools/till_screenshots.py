"""Save the SVG screenshots in docs/img/ that docs/till.md shows, from the real till screen.

    .venv/bin/python -m tools.till_screenshots [--out docs/img]

Starts a real edge agent (head office absent, so the status bar says OFFLINE)
with the sample catalogue (deploy/sample/products.csv) and a manager, then
drives the Textual app with its pilot through a sale, a split payment, a
return with the manager's approval and a shift close.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
import tempfile
from pathlib import Path

from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_product
from edge_agent.tui.app import TillApp
from tests.tui.agent import MANAGER, MANAGER_PIN, add_manager, start_agent, stop_agent
from tests.tui.conftest import until
from tests.tui.pilot import busy, log_in, message, scan, type_text

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "deploy" / "sample" / "products.csv"
SIZE = (100, 30)


def load_sample(ledger: Path) -> None:
    ctx = StoreContext.open(ledger, "S001")
    try:
        with SAMPLE.open(newline="") as f:
            for cursor, row in enumerate(csv.DictReader(f), start=1):
                product = catalogue_pb2.Product(
                    sku=row["sku"],
                    name=row["name"],
                    barcodes=[b for b in row["barcodes"].split("|") if b],
                    unit=row["unit"],
                    price_minor=int(row["price_minor"]),
                    cost_minor=int(row["cost_minor"]),
                    category=row["category"],
                    currency="CNY",
                    active=True,
                )
                apply_product(ctx, product, cursor)
    finally:
        ctx.close()


async def shoot(data_dir: Path, out: Path) -> None:
    app = TillApp(data_dir, "T1", "ann")
    async with app.run_test(size=SIZE) as pilot:

        def save(name: str) -> None:
            app.save_screenshot(filename=name, path=str(out))
            print(f"saved {out / name}")

        await log_in(pilot, app, "200")
        for code in ("2*6901234567892", "6920000000012", "6920000000043"):
            await scan(pilot, app, code)
        await until(pilot, lambda: not busy(app), "the cart's total")
        save("till-sale.svg")

        await pilot.press("f10")
        await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
        await pilot.press("f3")
        await type_text(pilot, "5")
        await pilot.press("enter")
        await type_text(pilot, "AUTH 481516")
        await pilot.press("enter", "f2")
        await type_text(pilot, "20")
        await pilot.pause()
        save("till-payment.svg")
        await pilot.press("enter")
        await until(pilot, lambda: "paid" in message(app), "the sale")

        await pilot.press("f7")
        await until(pilot, lambda: app.screen.query("#sale-no"), "the return screen")
        await type_text(pilot, str(app.last_sale_no))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query_one("#qty").display, "the sale's lines")
        await type_text(pilot, "1")
        await pilot.press("enter", "f10")
        await until(pilot, lambda: app.screen.query("#pin"), "the manager's PIN")
        await type_text(pilot, MANAGER)
        await pilot.press("enter")
        await pilot.pause()
        save("till-return-approval.svg")
        await type_text(pilot, MANAGER_PIN)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query("#text-body"), "the return receipt")
        await pilot.press("enter")

        await pilot.press("f12", "c")
        await until(pilot, lambda: app.screen.query("#close-result"), "the count")
        counts = {10000: "2", 500: "1", 100: "3", 50: "1"}
        for denom in app.denominations:
            if denom in counts:
                await type_text(pilot, counts[denom])
            await pilot.press("enter")
        await until(
            pilot,
            lambda: "counted" in str(app.screen.query_one("#close-result").content),
            "over/short",
        )
        save("till-shift-close.svg")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.till_screenshots")
    parser.add_argument("--out", default=str(REPO / "docs" / "img"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="till-shots-") as tmp:
        agent = start_agent(Path(tmp), load_sample, approvals={"return": True})
        try:
            add_manager(agent)
            asyncio.run(shoot(agent.data_dir, out))
        finally:
            stop_agent(agent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
