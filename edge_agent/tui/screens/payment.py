"""Payment: cash with tendered amount and change, card or QR by reference, split tender, Sell.

F2/F3/F4 pick the method for the next tender; Enter adds it (an empty amount
pays what is left). Quick cash: F5/F6/F7 tender the notes customers hand over
most ([till] quick_cash_minor: ¥20, ¥50, ¥100) and F10 the exact amount in
cash. When the tenders cover the total the sale is sent. The total and what
is left to pay (or the change) are the largest things on the screen.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label

from common.errors import InvalidInput
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.domain.tender import mask_card_numbers
from edge_agent.tui.amounts import money, parse_amount
from edge_agent.tui.cart import Cart
from edge_agent.tui.client import Refusal
from edge_agent.tui.plain import plain, plain_row
from edge_agent.tui.widgets.big_amount import BigAmount
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from edge_agent.tui.app import TillApp

METHODS = {
    "cash": N_("Cash"),
    "card": N_("Bank card"),
    "qr": N_("WeChat/Alipay QR"),
    "stored_value": N_("Stored value"),
}
NO_REFERENCE = ("cash", "stored_value")


class PaymentScreen(Screen[till_pb2.SellReply | None]):
    BINDINGS = [
        Binding("f2", "method('cash')", N_("Cash")),
        Binding("f3", "method('card')", N_("Card")),
        Binding("f4", "method('qr')", N_("QR")),
        # Labelled with their amounts by key_label(); hidden when not configured.
        Binding("f5", "quick_cash(0)", N_("Quick cash")),
        Binding("f6", "quick_cash(1)", N_("Quick cash")),
        Binding("f7", "quick_cash(2)", N_("Quick cash")),
        Binding("f8", "drop_last", N_("Remove tender")),
        Binding("f9", "method('stored_value')", N_("Stored value")),
        Binding("f10", "exact_cash", N_("Exact cash")),
        Binding("escape", "back", N_("Back to sale")),
    ]

    def __init__(self, cart: Cart) -> None:
        super().__init__()
        self.cart = cart
        self.method = "cash"
        self.tenders: list[till_pb2.TenderRequest] = []
        # One key for this payment: a retry after a lost reply never sells twice.
        self.key = uuid.uuid4().hex

    @property
    def till(self) -> TillApp:
        return cast("TillApp", self.app)

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(classes="panel fill"):
            with Horizontal(id="amounts"):
                yield BigAmount(id="pay-total")
                yield BigAmount(id="pay-due", classes="due")
            tenders: DataTable[str] = DataTable(id="tenders", cursor_type="none")
            tenders.add_columns(_("Method"), _("Amount"), _("Reference"))
            yield tenders
            yield Label("", id="pay-method")
            with Grid(classes="form"):
                yield Label(_("Amount"), classes="form-label")
                yield Input(
                    placeholder=_("Enter alone pays what is left"), id="amount", compact=True
                )
                yield Label(_("Reference"), id="reference-label", classes="form-label")
                yield Input(
                    placeholder=_("card or QR payment reference"), id="reference", compact=True
                )
        yield Label("", id="pay-message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.till.paint_status()
        self.refresh_due()
        self.action_method("cash")

    # -- keys shown with their amounts ---------------------------------------
    def quick_cash_amount(self, index: int) -> int | None:
        amounts = self.till.quick_cash
        return amounts[index] if 0 <= index < len(amounts) else None

    def key_label(self, action: str) -> str | None:
        """The KeyBar's label for a quick-cash key: its amount (¥20)."""
        if action.startswith("quick_cash("):
            amount = self.quick_cash_amount(int(action[len("quick_cash(") : -1]))
            if amount is not None:
                return display_amount(amount, self.cart.currency, short=True)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quick_cash":
            return self.quick_cash_amount(cast(int, parameters[0])) is not None
        if action == "method" and parameters == ("stored_value",):
            return bool(self.cart.member)  # F11 on the sale screen names the member
        return True

    # -- sums -------------------------------------------------------------
    def paid(self, method: str | None = None) -> int:
        return sum(t.amount_minor for t in self.tenders if method is None or t.method == method)

    def due(self) -> int:
        """What is left to pay; only cash pays the rounded cash total."""
        cart = self.cart
        non_cash = self.paid() - self.paid("cash")
        total = (
            cart.cash_total_minor if non_cash == 0 and self.method == "cash" else cart.total_minor
        )
        return total - self.paid()

    def refresh_due(self) -> None:
        cur = self.cart.currency
        note = ""
        if self.cart.cash_total_minor != self.cart.total_minor:
            note = _("cash (rounded) {amount}").format(
                amount=display_amount(self.cart.cash_total_minor, cur)
            )
        self.query_one("#pay-total", BigAmount).show(_("TOTAL"), self.cart.total_minor, cur, note)
        due = self.due()
        big_due = self.query_one("#pay-due", BigAmount)
        if due > 0:
            big_due.show(_("LEFT TO PAY"), due, cur)
        else:
            big_due.show(_("CHANGE"), -due, cur)
        table = self.query_one("#tenders", DataTable)
        table.clear()
        for t in self.tenders:
            table.add_row(*plain_row(_(METHODS[t.method]), money(t.amount_minor, cur), t.reference))
        table.display = bool(self.tenders)

    def say(self, text: str, kind: str = "error") -> None:
        line = self.query_one("#pay-message", Label)
        line.set_classes(kind)
        line.update(plain(text))

    # -- keys -------------------------------------------------------------
    def action_method(self, method: str) -> None:
        self.method = method
        self.query_one("#pay-method", Label).update(
            _("paying by: {method}").format(method=_(METHODS[method]))
        )
        self.query_one("#reference").display = method not in NO_REFERENCE
        self.query_one("#reference-label").display = method not in NO_REFERENCE
        self.refresh_due()
        self.query_one("#amount", Input).focus()

    def action_quick_cash(self, index: int) -> None:
        """Tender one note in cash (the amount on the key): change if it covers the rest."""
        amount = self.quick_cash_amount(index)
        if amount is not None:
            self._tender_cash(amount)

    def action_exact_cash(self) -> None:
        """Cash, exactly what is left to pay (the rounded cash total)."""
        if self.method != "cash":
            self.action_method("cash")  # first: what is left depends on the method
        self._tender_cash(max(self.due(), 0))

    def _tender_cash(self, amount: int) -> None:
        if self.method != "cash":
            self.action_method("cash")
        self.query_one("#amount", Input).value = money(amount, self.cart.currency)
        self.add_tender()

    def action_drop_last(self) -> None:
        if self.tenders:
            self.tenders.pop()
            self.refresh_due()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "amount" and self.method not in NO_REFERENCE:
            self.query_one("#reference", Input).focus()
            return
        self.add_tender()

    def add_tender(self) -> None:
        amount_input = self.query_one("#amount", Input)
        ref_input = self.query_one("#reference", Input)
        cur = self.cart.currency
        try:
            text = amount_input.value.strip()
            amount = parse_amount(text, cur) if text else max(self.due(), 0)
        except InvalidInput as exc:
            self.say(str(exc))
            return
        reference = mask_card_numbers(ref_input.value.strip())
        if amount <= 0:
            self.say(_("the total is covered; nothing more to pay"))
            return
        if self.method != "cash":
            method = _(METHODS[self.method])
            if not reference and self.method not in NO_REFERENCE:
                self.say(_("a {method} payment needs its reference").format(method=method))
                return
            if amount > self.due():
                self.say(
                    _("a {method} payment cannot be more than is left to pay").format(method=method)
                )
                return
        amount_input.value = ref_input.value = ""
        self.tenders.append(
            till_pb2.TenderRequest(method=self.method, amount_minor=amount, reference=reference)
        )
        self.say("")
        self.refresh_due()
        if self.due() <= 0:
            self.sell()
        else:
            self.action_method(self.method)

    @work(exclusive=True)
    async def sell(self) -> None:
        till = self.till
        request = self.cart.sell_request(till.till_id, till.cashier)
        request.tenders.extend(self.tenders)
        request.idempotency_key = self.key
        self.say(_("selling…"), "info")
        try:
            reply = await till.client.call("Sell", request)
        except Refusal as refusal:
            self.say(_("{problem} (F8 removes the last payment)").format(problem=refusal))
            return
        self.dismiss(reply)
