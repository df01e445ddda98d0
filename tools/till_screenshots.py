"""Save the SVG screenshots in docs/img/ that docs/till.md shows, from the real till screen,
in English (till-*.svg) and in Chinese (till-*.zh_CN.svg).

    .venv/bin/python -m tools.till_screenshots [--out docs/img] [--language en|zh_CN]

For each language, starts a real edge agent (head office absent, so the status bar
says OFFLINE) whose store speaks that language ([store] language in edge.toml), with
the sample catalogue (deploy/sample/products.csv; product names in Chinese for the
Chinese shots, as a Chinese shop's catalogue has them) and a manager, then drives the
Textual app with its pilot through a sale, a split payment, a return with the
manager's approval and a shift close.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from common.i18n import LANGUAGES
from edge_agent.tui.app import TillApp
from tools.till_pilot import busy, log_in, scan, type_text, until
from tools.till_rig import (
    MANAGER,
    MANAGER_PIN,
    REPO,
    add_manager,
    load_products,
    sample_products,
    start_agent,
    stop_agent,
)

SIZE = (100, 30)
# The sample catalogue's names as a Chinese shop writes them (data, not translations).
CHINESE_NAMES = {
    "WATER-550": "矿泉水 550ml",
    "COLA-330": "可乐 330ml 罐装",
    "TEA-500": "冰绿茶 500ml",
    "NOODLE-BEEF": "红烧牛肉面",
    "CHIPS-70": "薯片 70g",
    "CHOC-45": "牛奶巧克力 45g",
    "GUM-MINT": "薄荷口香糖",
    "TISSUE-10": "手帕纸 10 包",
    "BATT-AA4": "5 号电池 4 节",
    "EGG-6": "鸡蛋 6 枚装",
    "NUTS-LOOSE": "散装混合坚果",
    "OIL-REFILL": "散装花生油",
}


def catalogue_for(language: str):  # type: ignore[no-untyped-def]
    def load(ledger: Path) -> None:
        products = sample_products()
        if language == "zh_CN":
            for product in products:
                product.name = CHINESE_NAMES.get(product.sku, product.name)
        load_products(ledger, products)

    return load


def shot_name(screen: str, language: str) -> str:
    """till-sale.svg for English, till-sale.zh_CN.svg for Chinese."""
    return f"till-{screen}.svg" if language == "en" else f"till-{screen}.{language}.svg"


async def shoot(data_dir: Path, out: Path, language: str) -> None:
    app = TillApp(data_dir, "T1", "ann")  # the store's language, from its edge.toml
    async with app.run_test(size=SIZE) as pilot:

        def save(screen: str) -> None:
            name = shot_name(screen, language)
            app.save_screenshot(filename=name, path=str(out))
            print(f"saved {out / name}")

        await log_in(pilot, app, "200")
        for code in ("2*6901234567892", "6920000000012", "6920000000043"):
            await scan(pilot, app, code)
        await until(pilot, lambda: not busy(app), "the cart's total")
        save("sale")

        await pilot.press("f10")
        await until(pilot, lambda: app.screen.query("#amount"), "the payment screen")
        await pilot.press("f3")
        await type_text(pilot, "5")
        await pilot.press("enter")
        await type_text(pilot, "AUTH 481516")
        await pilot.press("enter", "f2")
        await type_text(pilot, "20")
        await pilot.pause()
        save("payment")
        sold = app.last_sale_no
        await pilot.press("enter")
        await until(pilot, lambda: app.last_sale_no != sold, "the sale")

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
        save("return-approval")
        await type_text(pilot, MANAGER_PIN)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query("#text-body"), "the return receipt")
        await pilot.press("enter")

        await pilot.press("f12", "c")
        await until(pilot, lambda: app.screen.query("#close-result"), "the count")
        counts = {10000: "2", 1000: "1", 50: "1"}  # 210.50: the card took the refund
        for denom in app.denominations:
            if denom in counts:
                await type_text(pilot, counts[denom])
            await pilot.press("enter")
        await until(pilot, lambda: str(app.screen.query_one("#close-result").content), "over/short")
        save("shift-close")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.till_screenshots")
    parser.add_argument("--out", default=str(REPO / "docs" / "img"))
    parser.add_argument("--language", choices=LANGUAGES, action="append")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for language in args.language or LANGUAGES:
        with tempfile.TemporaryDirectory(prefix="till-shots-") as tmp:
            agent = start_agent(
                Path(tmp),
                catalogue_for(language),
                approvals={"return": True},
                store={"language": language},
            )
            try:
                add_manager(agent)
                asyncio.run(shoot(agent.data_dir, out, language))
            finally:
                stop_agent(agent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
