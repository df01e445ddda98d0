"""Payment: cash with tendered amount and change, card or QR by reference, split tender, Sell.

F2/F3/F4 pick the method for the next tender; Enter adds it (an empty amount
pays what is left). When the tenders cover the total the sale is sent.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label

from common.errors import InvalidInput
from common.pb.storeledger.v1 import till_pb2
from edge_agent.domain.tender import mask_card_numbers
from edge_agent.tui.amounts import money, parse_amount
from edge_agent.tui.cart import Cart
from edge_agent.tui.client import Refusal
from edge_agent.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from edge_agent.tui.app import TillApp

METHODS = {"cash": "Cash", "card": "Bank card", "qr": "WeChat/Alipay QR"}


class PaymentScreen(Screen[till_pb2.SellReply | None]):
    BINDINGS = [
        Binding("f2", "method('cash')", "Cash"),
        Binding("f3", "method('card')", "Card"),
        Binding("f4", "method('qr')", "QR"),
        Binding("f8", "drop_last", "Remove tender"),
        Binding("escape", "back", "Back to sale"),
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
        with Vertical(classes="panel"):
            yield Label("", id="pay-total", classes="dialog-title")
            tenders: DataTable[str] = DataTable(id="tenders", cursor_type="none")
            tenders.add_columns("Method", "Amount", "Reference")
            yield tenders
            yield Label("", id="pay-due")
            yield Label("", id="pay-method")
            yield Input(placeholder="amount (Enter alone: what is left)", id="amount")
            yield Input(placeholder="card or QR payment reference", id="reference")
            yield Label("", id="pay-message")
        yield Footer()

    def on_mount(self) -> None:
        self.till.paint_status()
        self.query_one("#reference").display = False
        self.refresh_due()
        self.action_method("cash")

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
        total = f"TOTAL {money(self.cart.total_minor, cur)}"
        if self.cart.cash_total_minor != self.cart.total_minor:
            total += f"   cash (rounded) {money(self.cart.cash_total_minor, cur)}"
        self.query_one("#pay-total", Label).update(total)
        due = self.due()
        text = f"left to pay {money(due, cur)}" if due > 0 else f"change {money(-due, cur)}"
        self.query_one("#pay-due", Label).update(text)
        table = self.query_one("#tenders", DataTable)
        table.clear()
        for t in self.tenders:
            table.add_row(METHODS[t.method], money(t.amount_minor, cur), t.reference)

    def say(self, text: str, kind: str = "error") -> None:
        line = self.query_one("#pay-message", Label)
        line.set_classes(kind)
        line.update(text)

    # -- keys -------------------------------------------------------------
    def action_method(self, method: str) -> None:
        self.method = method
        self.query_one("#pay-method", Label).update(
            f"paying by: {METHODS[method]}  (F2 cash, F3 card, F4 QR)"
        )
        self.query_one("#reference").display = method != "cash"
        self.refresh_due()
        self.query_one("#amount", Input).focus()

    def action_drop_last(self) -> None:
        if self.tenders:
            self.tenders.pop()
            self.refresh_due()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "amount" and self.method != "cash":
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
            self.say("the total is covered; nothing more to pay")
            return
        if self.method != "cash":
            if not reference:
                self.say(f"a {METHODS[self.method]} payment needs its reference")
                return
            if amount > self.due():
                self.say(f"a {METHODS[self.method]} payment cannot be more than is left to pay")
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
        self.say("selling…", "info")
        try:
            reply = await till.client.call("Sell", request)
        except Refusal as refusal:
            self.say(f"{refusal} (F8 removes the last payment)")
            return
        self.dismiss(reply)
