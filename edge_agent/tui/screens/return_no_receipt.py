"""A return without a receipt (ReturnRequest with original_sale_no=0): scan what comes back,
quantities, restock or write off; refunded at catalogue prices in cash, up to the store's
limit, with a manager's approval of "amount <total_minor>" where policy asks.

Keys: scan or type a code + Enter (N*CODE for N; N* alone sets the selected line); ↑/↓
select; F6 restock / write off; F8 removes the line; F10 returns; Esc goes back.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label

from common.errors import InvalidInput
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.amounts import money, quantity, unit_name
from edge_agent.tui.client import Refusal
from edge_agent.tui.plain import plain_row
from edge_agent.tui.screens.approval import ApprovalModal
from edge_agent.tui.screens.base import TillScreen
from edge_agent.tui.screens.modals import TextModal
from edge_agent.tui.screens.returns import disposition, return_title
from edge_agent.tui.screens.sale import split_quantity
from edge_agent.tui.widgets.big_amount import BigAmount
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar


@dataclass
class BackLine:
    sku: str
    name: str
    unit: str
    qty_base: int
    price_minor: int
    write_off: bool = False

    @property
    def amount_minor(self) -> int:
        return self.qty_base * self.price_minor


class ReturnWithoutReceiptScreen(TillScreen):
    MESSAGE_ID = "return-message"
    BINDINGS = [
        Binding("up", "move(-1)", N_("Line up"), show=False, priority=True),
        Binding("down", "move(1)", N_("Line down"), show=False, priority=True),
        Binding("f6", "disposition", N_("Restock/write-off")),
        Binding("f8", "remove", N_("Remove line")),
        Binding("f10", "confirm", N_("Return")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[BackLine] = []

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(classes="panel"):
            yield Label(_("Return without a receipt"), classes="dialog-title")
        table: DataTable[str] = DataTable(id="return-lines", cursor_type="row")
        table.add_columns(
            "#", _("SKU"), _("Item"), _("Qty"), _("Unit price"), _("Refund"), _("Goes to")
        )
        yield table
        with Horizontal(id="entry"):
            yield Input(placeholder=_("scan or type what comes back (3*CODE for three)"), id="code")
            yield BigAmount(id="return-total")
        yield Label("", id="return-message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#code", Input).focus()
        self.show()

    def total(self) -> int:
        return sum(line.amount_minor for line in self.lines)

    def show(self, select: int | None = None) -> None:
        table = self.query_one("#return-lines", DataTable)
        keep = table.cursor_row if select is None else select
        table.clear()
        cur = self.till.currency
        for n, line in enumerate(self.lines, start=1):
            table.add_row(
                *plain_row(
                    str(n),
                    line.sku,
                    line.name,
                    quantity(line.qty_base, line.unit),
                    money(line.price_minor, cur),
                    money(line.amount_minor, cur),
                    disposition(line.write_off),
                )
            )
        if self.lines:
            table.move_cursor(row=max(0, min(keep, len(self.lines) - 1)))
        self.query_one("#return-total", BigAmount).show(_("REFUND"), self.total(), cur)

    def _selected(self) -> BackLine | None:
        if not self.lines:
            self.say(_("scan what comes back first"))
            return None
        row = self.query_one("#return-lines", DataTable).cursor_row
        return self.lines[max(0, min(row, len(self.lines) - 1))]

    def action_move(self, step: int) -> None:
        table = self.query_one("#return-lines", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text, event.input.value = event.value.strip(), ""
        try:
            count, code = split_quantity(text)
        except InvalidInput as exc:
            self.say(str(exc))
            return
        if not code:
            line = self._selected()
            if line is not None and count:
                line.qty_base = count
                self.show()
            return
        self.add(code, count)

    @work(group="scan")
    async def add(self, code: str, count: int | None) -> None:
        try:
            result = await self.till.client.scan(code)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        p = result.product
        if result.kind == "price_label":
            self.say(
                _("a price label cannot be refunded without a receipt; type {sku} instead").format(
                    sku=p.sku
                )
            )
            return
        qty = result.qty_base if result.kind == "weight_label" else (count or 0)
        if qty <= 0 and p.unit != "piece":
            self.say(
                _("{item} is sold in {unit}: type how much, like 250*{code}").format(
                    item=p.name, unit=unit_name(p.unit), code=code
                )
            )
            return
        for index, line in enumerate(self.lines):
            if line.sku == p.sku:
                line.qty_base += qty or 1
                self.show(select=index)
                break
        else:
            self.lines.append(BackLine(p.sku, p.name, p.unit, qty or 1, p.price_minor))
            self.show(select=len(self.lines) - 1)
        self.say(
            _("{item} back; F10 refunds {amount}").format(
                item=p.name, amount=display_amount(self.total(), self.till.currency)
            ),
            "info",
        )

    def action_disposition(self) -> None:
        line = self._selected()
        if line is not None:
            line.write_off = not line.write_off
            self.show()

    def action_remove(self) -> None:
        line = self._selected()
        if line is not None:
            self.lines.remove(line)
            self.show()

    def action_back(self) -> None:
        self.dismiss(None)

    @work(exclusive=True)
    async def action_confirm(self) -> None:
        till, total = self.till, self.total()
        if not self.lines:
            self.say(_("scan what comes back first"))
            return
        approval_id = ""
        if till.needs_approval("return_without_receipt"):
            modal = ApprovalModal(
                till.client,
                till.till_id,
                till.cashier,
                "return_without_receipt",
                f"amount {total}",  # the agent's binding text
            )
            approval_id = await self.app.push_screen_wait(modal)
            if approval_id is None:
                self.say(_("return cancelled: no manager approval"))
                return
        items = [
            till_pb2.ReturnItem(
                code=line.sku,
                qty_base=line.qty_base,
                disposition="write_off" if line.write_off else "restock",
            )
            for line in self.lines
        ]
        try:
            reply = await till.client.call(
                "Return",
                till_pb2.ReturnRequest(
                    till_id=till.till_id,
                    cashier=till.cashier,
                    original_sale_no=0,
                    items=items,
                    approval_id=approval_id,
                    reason="return without a receipt",  # recorded as data, not said
                ),
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        title = return_title(reply.sale_return, till.currency)
        await self.app.push_screen_wait(TextModal(title, reply.receipt_text, reply.print.warning))
        self.dismiss(None)
