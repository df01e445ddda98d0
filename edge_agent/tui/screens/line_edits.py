"""Changes to the sale screen's lines: quantity, weight from the scale, price override,
line discount and voids, each with a manager's approval where the store's policy asks.

The approval's details string is exactly the one the agent checks the binding against
(never translated; the modal shows it as it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.errors import InvalidInput
from common.i18n import _, display_amount
from common.pb.storeledger.v1 import devices_pb2, till_pb2
from edge_agent.tui.amounts import money, parse_amount, quantity, unit_name
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.approval import ApprovalModal, action_name
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
        screen.say(_("{action} cancelled: no manager approval").format(action=action_name(action)))
    return approval_id


async def ask(screen: SaleScreen, title: str, prompt: str, value: str = "") -> str | None:
    return await screen.app.push_screen_wait(PromptModal(title, prompt, value))


def _refuse_label(screen: SaleScreen, line: CartLine) -> bool:
    if line.from_label:
        screen.say(
            _("{item}: the label fixes this line; void it and scan again").format(item=line.name)
        )
        return True
    return False


def set_quantity(screen: SaleScreen, qty: int) -> None:
    line = screen.selected_line()
    if line is None or _refuse_label(screen, line):
        return
    if qty <= 0:
        screen.say(_("a quantity is a whole number above 0; to remove a line use F8 (void line)"))
        return
    line.qty_base = qty
    screen.show_lines()
    screen.run_worker(screen.price_cart(), group="price")


def ask_quantity(screen: SaleScreen) -> None:
    async def run() -> None:
        line = screen.selected_line()
        if line is None or _refuse_label(screen, line):
            return
        unit = unit_name(line.unit)
        text = await ask(
            screen,
            _("Quantity"),
            _("{item}: how many ({unit})?").format(item=line.name, unit=unit),
            str(line.qty_base),
        )
        if text is None:
            return
        if not text.isdigit():
            screen.say(
                _("a quantity is a whole number of {unit}; got {text}").format(
                    unit=unit, text=repr(text)
                )
            )
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
        screen.say(
            _("{problem}; type the weight in grams instead (250*CODE)").format(problem=refusal)
        )
        return None
    kg, g = divmod(abs(reading.weight_g), 1000)
    sign = "-" if reading.weight_g < 0 else ""
    if not reading.stable:
        screen.say(
            _("the scale is not steady yet ({weight}, moving); wait for it to settle").format(
                weight=f"{sign}{kg}.{g:03d} kg"
            )
        )
        return None
    if reading.weight_g <= 0:
        screen.say(_("the scale shows no weight; put the {item} on the scale").format(item=name))
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
                screen.say(_("a label fixes its own weight or price; scan it without F4"))
                return
            if result.product.unit != "g":
                screen.say(
                    _("{item} is not sold by weight; scan it without F4").format(
                        item=result.product.name
                    )
                )
                return
            grams = await read_scale(screen, result.product.name)
            if grams is not None:
                await screen.add_scanned(result, code, grams)
            return
        line = screen.selected_line()
        if line is None or _refuse_label(screen, line):
            return
        if line.unit != "g":
            screen.say(
                _("{item} is sold in {unit}, not by weight").format(
                    item=line.name, unit=unit_name(line.unit)
                )
            )
            return
        grams = await read_scale(screen, line.name)
        if grams is None:
            return
        set_quantity(screen, grams)
        screen.say(
            _("{item}: {weight} from the scale").format(
                item=line.name, weight=quantity(grams, "g")
            ),
            "info",
        )

    screen.run_worker(run(), group="edit")


def price_override(screen: SaleScreen) -> None:
    async def run() -> None:
        line = screen.selected_line()
        if line is None or _refuse_label(screen, line):
            return
        cur = screen.cart.currency
        text = await ask(
            screen,
            _("Price override"),
            _("{item}: new unit price").format(item=line.name),
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
        text = await ask(
            screen,
            _("Line discount"),
            _("{item}: discount on the whole line").format(item=line.name),
        )
        if text is None:
            return
        try:
            amount = parse_amount(text, cur)
        except InvalidInput as exc:
            screen.say(str(exc))
            return
        if amount >= line.local_amount() + line.discount_minor:
            screen.say(
                _("a discount of {amount} would make {item} free or negative").format(
                    amount=display_amount(amount, cur), item=line.name
                )
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
            screen.say(_("no line to void"))
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
        screen.say(_("voided {item}").format(item=line.name), "info")
        await screen.price_cart()

    screen.run_worker(run(), group="edit")


def void_sale(screen: SaleScreen) -> None:
    async def run() -> None:
        cart = screen.cart
        if not cart.lines:
            screen.say(_("nothing to void"))
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
        screen.say(_("sale voided"), "info")

    screen.run_worker(run(), group="edit")
