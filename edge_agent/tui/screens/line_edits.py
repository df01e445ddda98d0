"""Changes to the sale screen's lines: quantity, weight from the scale, price override,
line discount and voids, each with a manager's approval where the store's policy asks.

The approval's details string is exactly the one the agent checks the binding against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.errors import InvalidInput
from common.pb.storeledger.v1 import devices_pb2, till_pb2
from edge_agent.tui.amounts import money, parse_amount, quantity
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.approval import ApprovalModal
from edge_agent.tui.screens.modals import PromptModal

if TYPE_CHECKING:
    from edge_agent.tui.cart import CartLine
    from edge_agent.tui.screens.sale import SaleScreen


async def approval_for(screen: SaleScreen, action: str, details: str) -> str | None:
    """'' when the policy needs none, the approval id, or None when the cashier gave up."""
    till = screen.till
    if not till.needs_approval(action):
        return ""
    modal = ApprovalModal(till.client, till.till_id, till.cashier, action, details)
    approval_id = await screen.app.push_screen_wait(modal)
    if approval_id is None:
        screen.say(f"{action.replace('_', ' ')} cancelled: no manager approval")
    return approval_id


async def ask(screen: SaleScreen, title: str, prompt: str, value: str = "") -> str | None:
    return await screen.app.push_screen_wait(PromptModal(title, prompt, value))


def _refuse_label(screen: SaleScreen, line: CartLine) -> bool:
    if line.from_label:
        screen.say(f"{line.name}: the label fixes this line; void it and scan again")
        return True
    return False


def set_quantity(screen: SaleScreen, qty: int) -> None:
    line = screen.selected_line()
    if line is None or _refuse_label(screen, line):
        return
    if qty <= 0:
        screen.say("a quantity is a whole number above 0; to remove a line use F8 (void line)")
        return
    line.qty_base = qty
    screen.show_lines()
    screen.run_worker(screen.price_cart(), group="price")


def ask_quantity(screen: SaleScreen) -> None:
    async def run() -> None:
        line = screen.selected_line()
        if line is None or _refuse_label(screen, line):
            return
        unit = "grams" if line.unit == "g" else line.unit
        text = await ask(screen, "Quantity", f"{line.name}: how many ({unit})?", str(line.qty_base))
        if text is None:
            return
        if not text.isdigit():
            screen.say(f"a quantity is a whole number of {unit}; got {text!r}")
            return
        set_quantity(screen, int(text))

    screen.run_worker(run(), group="edit")


async def read_scale(screen: SaleScreen, name: str) -> int | None:
    """A steady weight in grams from the till's scale, or None after saying why not."""
    till = screen.till
    try:
        reading = await till.client.call(
            "ReadWeight", devices_pb2.ReadWeightRequest(till_id=till.till_id), "devices"
        )
    except Refusal as refusal:
        screen.say(f"{refusal}; type the weight in grams instead (250*CODE)")
        return None
    kg, g = divmod(abs(reading.weight_g), 1000)
    sign = "-" if reading.weight_g < 0 else ""
    if not reading.stable:
        screen.say(
            f"the scale is not steady yet ({sign}{kg}.{g:03d} kg, moving); wait for it to settle"
        )
        return None
    if reading.weight_g <= 0:
        screen.say(f"the scale shows no weight; put the {name} on the scale")
        return None
    return int(reading.weight_g)


def weigh(screen: SaleScreen, code: str) -> None:
    """F4: weigh what is typed in the entry as a new line, or else the selected line."""

    async def run() -> None:
        if code:
            try:
                result = await screen.till.client.scan(code)
            except Refusal as refusal:
                screen.say(str(refusal))
                return
            if result.kind not in ("barcode", "sku"):
                screen.say("a label fixes its own weight or price; scan it without F4")
                return
            if result.product.unit != "g":
                screen.say(f"{result.product.name} is not sold by weight; scan it without F4")
                return
            grams = await read_scale(screen, result.product.name)
            if grams is not None:
                await screen.add_scanned(result, code, grams)
            return
        line = screen.selected_line()
        if line is None or _refuse_label(screen, line):
            return
        if line.unit != "g":
            screen.say(f"{line.name} is sold by the {line.unit}, not by weight")
            return
        grams = await read_scale(screen, line.name)
        if grams is None:
            return
        set_quantity(screen, grams)
        screen.say(f"{line.name}: {quantity(grams, 'g')} from the scale", "info")

    screen.run_worker(run(), group="edit")


def price_override(screen: SaleScreen) -> None:
    async def run() -> None:
        line = screen.selected_line()
        if line is None or _refuse_label(screen, line):
            return
        cur = screen.cart.currency
        text = await ask(
            screen,
            "Price override",
            f"{line.name}: new unit price",
            money(line.unit_price_minor, cur),
        )
        if text is None:
            return
        try:
            price = parse_amount(text, cur)
        except InvalidInput as exc:
            screen.say(str(exc))
            return
        approval_id = await approval_for(screen, "price_override", f"SKU {line.sku} price {price}")
        if approval_id is None:
            return
        line.price_override_minor, line.unit_price_minor = price, price
        line.approval_id = approval_id
        screen.show_lines()
        await screen.price_cart()

    screen.run_worker(run(), group="edit")


def discount(screen: SaleScreen) -> None:
    async def run() -> None:
        line = screen.selected_line()
        if line is None:
            return
        cur = screen.cart.currency
        text = await ask(screen, "Line discount", f"{line.name}: discount on the whole line")
        if text is None:
            return
        try:
            amount = parse_amount(text, cur)
        except InvalidInput as exc:
            screen.say(str(exc))
            return
        if amount >= line.local_amount() + line.discount_minor:
            screen.say(
                f"a discount of {money(amount, cur)} would make {line.name} free or negative"
            )
            return
        approval_id = await approval_for(
            screen, "line_discount", f"SKU {line.sku} discount {amount}"
        )
        if approval_id is None:
            return
        line.discount_minor, line.approval_id = amount, approval_id
        screen.show_lines()
        await screen.price_cart()

    screen.run_worker(run(), group="edit")


def void_line(screen: SaleScreen) -> None:
    async def run() -> None:
        index = screen.selected
        if index is None:
            screen.say("no line to void")
            return
        line = screen.cart.lines[index]
        details = f"SKU {line.sku} qty {line.qty_base}"
        approval_id = await approval_for(screen, "void_line", details)
        if approval_id is None:
            return
        till = screen.till
        try:
            await till.client.call(
                "VoidCart",
                till_pb2.VoidCartRequest(
                    till_id=till.till_id,
                    cashier=till.cashier,
                    scope="line",
                    lines=[line.sale_line(index + 1)],
                    approval_id=approval_id,
                ),
            )
        except Refusal as refusal:
            screen.say(str(refusal))
            return
        del screen.cart.lines[index]
        screen.show_lines()
        screen.say(f"voided {line.name}", "info")
        await screen.price_cart()

    screen.run_worker(run(), group="edit")


def void_sale(screen: SaleScreen) -> None:
    async def run() -> None:
        cart = screen.cart
        if not cart.lines:
            screen.say("nothing to void")
            return
        total = cart.total_minor or sum(line.local_amount() for line in cart.lines)
        approval_id = await approval_for(screen, "void_sale", f"sale total {total}")
        if approval_id is None:
            return
        till = screen.till
        try:
            await till.client.call(
                "VoidCart",
                till_pb2.VoidCartRequest(
                    till_id=till.till_id,
                    cashier=till.cashier,
                    scope="sale",
                    lines=[line.sale_line(n) for n, line in enumerate(cart.lines, start=1)],
                    approval_id=approval_id,
                ),
            )
        except Refusal as refusal:
            screen.say(str(refusal))
            return
        cart.clear()
        screen.show_lines()
        screen.say("sale voided", "info")

    screen.run_worker(run(), group="edit")
