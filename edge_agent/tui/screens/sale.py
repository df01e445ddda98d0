"""The sale screen: scan or type codes, edit lines, see the running total, go to payment.

Typed or keyboard-wedge codes arrive in the entry box (digits + Enter); the
serial scanner's codes arrive through the app's WatchScans feed; both end in
scan(). "3*CODE" sells 3 of CODE (250*RICE: 250 g); "3*" alone sets the
selected line's quantity.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from common.errors import InvalidInput
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.amounts import money, quantity
from edge_agent.tui.cart import Cart, CartLine
from edge_agent.tui.client import Refusal
from edge_agent.tui.plain import plain_row
from edge_agent.tui.screens import line_edits
from edge_agent.tui.screens.base import TillScreen
from edge_agent.tui.widgets.big_amount import BigAmount
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar


def split_quantity(text: str) -> tuple[int | None, str]:
    """'3*CODE' -> (3, 'CODE'); 'CODE' -> (None, 'CODE'); a bad count is refused."""
    count, sep, code = text.partition("*")
    if not sep:
        return None, text
    if not count.strip().isdigit() or int(count) <= 0:
        raise InvalidInput(
            _("type a whole quantity before *, like 3*{code}").format(code=code or "CODE")
        )
    return int(count), code.strip()


class SaleScreen(TillScreen):
    BINDINGS = [
        Binding("up", "move(-1)", N_("Line up"), show=False, priority=True),
        Binding("down", "move(1)", N_("Line down"), show=False, priority=True),
        Binding("f2", "quantity", N_("Qty")),
        Binding("f3", "search", N_("Search")),
        Binding("f4", "weigh", N_("Weigh")),
        Binding("f5", "price_override", N_("Price")),
        Binding("f6", "discount", N_("Discount")),
        Binding("f7", "return", N_("Return")),
        Binding("f8", "void_line", N_("Void line")),
        Binding("f9", "void_sale", N_("Void sale")),
        Binding("f10", "pay", N_("Pay")),
        Binding("f11", "member", N_("Member")),
        Binding("f12", "menu", N_("Menu")),
        Binding("escape", "clear_entry", N_("Clear"), show=False),
    ]

    def __init__(self, note: str = "") -> None:
        super().__init__()
        self.cart = Cart()
        # The change of the sale just paid, shown large until the next item is scanned.
        self.change_minor: int | None = None
        self._note = note
        self._scanner_problem = ""

    def compose(self) -> ComposeResult:
        yield StatusBar()
        table: DataTable[str] = DataTable(id="lines", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", _("SKU"), _("Item"), _("Qty"), _("Unit price"), _("Amount"))
        yield table
        with Horizontal(id="entry"):
            yield Input(placeholder=_("scan or type a code (3*CODE for three); Enter"), id="code")
            yield BigAmount(id="total")
        yield Label("", id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.cart.currency = self.till.currency
        self.query_one("#code", Input).focus()
        self.show_total()
        problem = self._scanner_problem = self.till.scanner_problem  # heard before mounting
        if problem:
            self.say(
                _("{note}. {problem}").format(note=self._note, problem=problem)
                if self._note
                else problem,
                "warning",
            )
        elif self._note:
            self.say(self._note, "info")

    def scanner_problem(self, problem: str) -> None:
        """The serial scanner's state changed: say a new problem once on this screen."""
        if problem and problem != self._scanner_problem:
            self.say(problem, "warning")
        self._scanner_problem = problem

    # -- the table ----------------------------------------------------------
    @property
    def selected(self) -> int | None:
        table = self.query_one("#lines", DataTable)
        if not self.cart.lines:
            return None
        return min(max(table.cursor_row, 0), len(self.cart.lines) - 1)

    def selected_line(self) -> CartLine | None:
        index = self.selected
        if index is None:
            self.say(_("no line is selected: scan an item first"))
            return None
        return self.cart.lines[index]

    def show_lines(self, select: int | None = None) -> None:
        table = self.query_one("#lines", DataTable)
        keep = self.selected if select is None else select
        table.clear()
        cur = self.cart.currency
        for n, line in enumerate(self.cart.lines, start=1):
            price = money(line.unit_price_minor, cur)
            if line.price_override_minor is not None:
                price = _("{price} (override)").format(price=price)
            amount = money(line.amount_minor or line.local_amount(), cur)
            if line.discount_minor:
                amount += f" (-{money(line.discount_minor, cur)})"
            if line.offer_discount_minor:  # why the line got its price: the offers' words
                words = "; ".join(line.offer_words)
                amount += f" ({words} -{money(line.offer_discount_minor, cur)})"
            table.add_row(
                *plain_row(
                    str(n), line.sku, line.name, quantity(line.qty_base, line.unit), price, amount
                )
            )
        if self.cart.lines and keep is not None:
            table.move_cursor(row=min(keep, len(self.cart.lines) - 1))
        self.show_total()

    def show_total(self) -> None:
        cart, cur = self.cart, self.cart.currency
        big = self.query_one("#total", BigAmount)
        if cart.lines:
            self.change_minor = None
        if self.change_minor is not None:
            big.set_class(True, "due")
            big.show(_("CHANGE"), self.change_minor, cur)
            return
        note = ""
        if cart.cash_total_minor and cart.cash_total_minor != cart.total_minor:
            note = _("cash {amount}").format(amount=display_amount(cart.cash_total_minor, cur))
        big.set_class(False, "due")
        big.show(_("TOTAL"), cart.total_minor, cur, note)

    def action_move(self, step: int) -> None:
        table = self.query_one("#lines", DataTable)
        if self.cart.lines:
            table.move_cursor(row=max(0, min(len(self.cart.lines) - 1, table.cursor_row + step)))

    def action_clear_entry(self) -> None:
        self.query_one("#code", Input).value = ""

    # -- scanning -----------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        event.input.value = ""
        if not text:
            if self.cart.lines:
                self.action_pay()
            return
        try:
            count, code = split_quantity(text)
        except InvalidInput as exc:
            self.say(str(exc))
            return
        if not code:
            line_edits.set_quantity(self, count or 0)
            return
        self.scan(code, count)

    def scan_from_device(self, code: str) -> None:
        self.scan(code, None)

    @work(group="scan")
    async def scan(self, code: str, count: int | None) -> None:
        try:
            result = await self.till.client.scan(code)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        if count is not None and result.kind in ("weight_label", "price_label"):
            self.say(_("a label fixes its own weight or price; scan it without a quantity"))
            return
        if count is None and result.kind in ("barcode", "sku") and result.product.unit == "g":
            p = result.product
            self.say(
                _(
                    "{item} is sold by the gram: put it on the scale, type {code} and F4, "
                    "or type the grams like 250*{code}"
                ).format(item=p.name, code=code)
            )
            return
        await self.add_scanned(result, code, count or 1)

    async def add_scanned(self, result: till_pb2.ScanResult, code: str, qty: int) -> None:
        index = self.cart.add(result, code, qty)
        self.show_lines(select=index)
        line = self.cart.lines[index]
        self.say(f"{line.name}  {quantity(line.qty_base, line.unit)}", "info")  # no words
        await self.price_cart()

    async def price_cart(self) -> None:
        """Ask the agent for the cart's amounts and rounded cash total."""
        if not self.cart.lines:
            self.cart.clear()
            self.show_lines()
            return
        request = self.cart.sell_request(self.till.till_id, self.till.cashier)
        try:
            quote = await self.till.client.call("PriceCart", request)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.cart.apply_quote(quote)
        self.show_lines()

    @work
    async def action_member(self) -> None:
        """F11: the member the sale is for (their card or QR scanned, or the phone typed);
        the agent finds them and prices the cart for them, or says why not."""
        from edge_agent.tui.screens.modals import PromptModal

        text = await self.app.push_screen_wait(
            PromptModal(
                _("Member"),
                _("scan the member's card or QR code, or type their phone number"),
                self.cart.member,
            )
        )
        if text is None:
            return
        self.cart.member, self.cart.member_shown = text, ""
        if not text:
            self.say(_("no member on this sale"), "info")
            await self.price_cart()
            return
        request = self.cart.sell_request(self.till.till_id, self.till.cashier)
        try:
            quote = await self.till.client.call("PriceCart", request)
        except Refusal as refusal:
            self.cart.member = ""
            self.say(str(refusal))
            return
        self.cart.apply_quote(quote)
        self.show_lines()
        note = _("member {member}").format(member=self.cart.member_shown)
        if quote.member.offline:
            note = _("{member} (head office not answering: as last seen)").format(member=note)
        self.say(note, "info")

    # -- line edits (in line_edits.py) ----------------------------------------
    def action_quantity(self) -> None:
        line_edits.ask_quantity(self)

    def action_weigh(self) -> None:
        entry = self.query_one("#code", Input)
        code, entry.value = entry.value.strip(), ""
        line_edits.weigh(self, code)

    def action_price_override(self) -> None:
        line_edits.price_override(self)

    def action_discount(self) -> None:
        line_edits.discount(self)

    def action_void_line(self) -> None:
        line_edits.void_line(self)

    def action_void_sale(self) -> None:
        line_edits.void_sale(self)

    @work
    async def action_search(self) -> None:
        from edge_agent.tui.screens.search import SearchModal

        entry = self.query_one("#code", Input)
        text, entry.value = entry.value.strip(), ""
        product = await self.app.push_screen_wait(SearchModal(self.till.client, text))
        if product is not None:
            self.scan(product.sku, None)

    # -- payment, returns, the till menu --------------------------------------
    @work
    async def action_pay(self) -> None:
        from edge_agent.tui.screens.payment import PaymentScreen

        if not self.cart.lines:
            self.say(_("nothing to pay for: scan an item first"))
            return
        await self.price_cart()
        reply = await self.app.push_screen_wait(PaymentScreen(self.cart))
        if reply is None:
            self.query_one("#code", Input).focus()
            return
        self.till.last_sale_no = reply.sale.sale_no
        self.cart.clear()
        self.change_minor = reply.change_minor
        self.show_lines()
        cur = reply.sale.currency or self.cart.currency
        text = _("sale {sale_no} paid; change {change}").format(
            sale_no=reply.sale.sale_no, change=display_amount(reply.change_minor, cur)
        )
        if any(t.offline for t in reply.sale.tenders):
            text = _("{note}; stored value taken OFFLINE (head office confirms later)").format(
                note=text
            )
        if reply.print.warning:
            self.say(
                _("{note}. {problem}").format(note=text, problem=reply.print.warning), "warning"
            )
        else:
            self.say(text, "info")
        self.query_one("#code", Input).focus()

    def action_return(self) -> None:
        from edge_agent.tui.screens.returns import ReturnScreen

        self.app.push_screen(ReturnScreen())

    def action_menu(self) -> None:
        from edge_agent.tui.screens.menu import open_menu

        open_menu(self)
