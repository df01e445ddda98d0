"""A return against a receipt: find the sale by number (GetSale), pick lines and quantities,
restock or write off, a manager's approval where policy asks, then Return.

Keys: type the sale number + Enter; ↑/↓ pick a line; a number + Enter sets how
many come back; F6 switches restock / write-off; F10 returns; Esc goes back.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Input, Label

from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from edge_agent.tui.client import Refusal
from edge_agent.tui.plain import plain_row
from edge_agent.tui.screens.approval import ApprovalModal
from edge_agent.tui.screens.base import TillScreen
from edge_agent.tui.screens.modals import TextModal
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar

# What happens to what comes back (the agent's disposition -> what the cashier reads).
DISPOSITIONS = {"restock": N_("restock"), "write_off": N_("write off")}


def disposition(write_off: bool) -> str:
    return _(DISPOSITIONS["write_off" if write_off else "restock"])


def return_title(ret: ledger_pb2.SaleReturn, currency: str) -> str:
    """'Return 3: refund ¥3.50', the refund receipt's title."""
    return _("Return {return_no}: refund {amount}").format(
        return_no=ret.return_no, amount=display_amount(ret.total_minor, ret.currency or currency)
    )


class ReturnScreen(TillScreen):
    MESSAGE_ID = "return-message"
    BINDINGS = [
        Binding("up", "move(-1)", N_("Line up"), show=False, priority=True),
        Binding("down", "move(1)", N_("Line down"), show=False, priority=True),
        Binding("f5", "without_receipt", N_("No receipt")),
        Binding("f6", "disposition", N_("Restock/write-off")),
        Binding("f10", "confirm", N_("Return")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.record: till_pb2.SaleRecord | None = None
        self.qty: dict[int, int] = {}  # original line no -> quantity coming back
        self.write_off: set[int] = set()

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(classes="panel"):
            yield Label(_("Return against a receipt"), classes="dialog-title")
            with Grid(classes="form"):
                yield Label(_("Sale number"), classes="form-label")
                yield Input(
                    placeholder=_("from the receipt, Enter (F5: no receipt)"),
                    id="sale-no",
                    compact=True,
                )
                yield Label(_("Coming back"), id="qty-label", classes="form-label")
                yield Input(
                    placeholder=_("how many of the selected line, Enter"), id="qty", compact=True
                )
        table: DataTable[str] = DataTable(id="return-lines", cursor_type="row")
        table.add_columns(
            "#", _("SKU"), _("Item"), _("Sold"), _("Returned"), _("Back now"), _("Goes to")
        )
        yield table
        yield Label("", id="return-message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#qty").display = False
        self.query_one("#qty-label").display = False
        self.query_one("#sale-no", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "sale-no":
            self.load(event.value.strip())
        else:
            self.set_qty(event.value.strip())
            event.input.value = ""

    @work(exclusive=True)
    async def load(self, text: str) -> None:
        if not text.isdigit():
            self.say(
                _("a sale number is a whole number, like 12; got {text}").format(text=repr(text))
            )
            return
        try:
            record = await self.till.client.call(
                "GetSale", till_pb2.GetSaleRequest(sale_no=int(text))
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.record, self.qty, self.write_off = record, {}, set()
        self.show()
        qty = self.query_one("#qty", Input)
        qty.display = True
        self.query_one("#qty-label").display = True
        qty.focus()
        self.say(
            _("sale {sale_no}: pick lines and quantities, F10 to return").format(
                sale_no=record.sale.sale_no
            ),
            "info",
        )

    def show(self) -> None:
        table = self.query_one("#return-lines", DataTable)
        keep = table.cursor_row
        table.clear()
        if self.record is None:
            return
        for line in self.record.sale.lines:
            n = line.line_no
            table.add_row(
                *plain_row(
                    str(n),
                    line.sku,
                    line.name,
                    str(line.qty_base),
                    str(self.record.returned_qty_base.get(n, 0)),
                    str(self.qty.get(n, 0)),
                    disposition(n in self.write_off),
                )
            )
        table.move_cursor(row=max(0, min(keep, len(self.record.sale.lines) - 1)))

    def _selected(self) -> ledger_pb2.SaleLine | None:
        if self.record is None or not self.record.sale.lines:
            self.say(_("type the sale number first"))
            return None
        row = self.query_one("#return-lines", DataTable).cursor_row
        return self.record.sale.lines[max(0, min(row, len(self.record.sale.lines) - 1))]

    def action_move(self, step: int) -> None:
        table = self.query_one("#return-lines", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def set_qty(self, text: str) -> None:
        line = self._selected()
        if line is None:
            return
        if not text.isdigit():
            self.say(
                _("type how many come back as a whole number; got {text}").format(text=repr(text))
            )
            return
        self.qty[line.line_no] = int(text)
        self.say("")
        self.show()

    def action_disposition(self) -> None:
        line = self._selected()
        if line is not None:
            self.write_off ^= {line.line_no}
            self.show()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_without_receipt(self) -> None:
        from edge_agent.tui.screens.return_no_receipt import ReturnWithoutReceiptScreen

        self.app.switch_screen(ReturnWithoutReceiptScreen())

    @work(exclusive=True)
    async def action_confirm(self) -> None:
        record, till = self.record, self.till
        if record is None:
            self.say(_("type the sale number first"))
            return
        lines = {line.line_no: line for line in record.sale.lines}
        items = [
            till_pb2.ReturnItem(
                code=lines[n].sku,
                qty_base=qty,
                disposition="write_off" if n in self.write_off else "restock",
            )
            for n, qty in sorted(self.qty.items())
            if qty > 0
        ]
        if not items:
            self.say(_("pick at least one line and how many come back"))
            return
        sale_no = record.sale.sale_no
        approval_id = ""
        if till.needs_approval("return"):
            modal = ApprovalModal(
                till.client, till.till_id, till.cashier, "return", f"sale {sale_no}"
            )  # the agent's binding text
            approval_id = await self.app.push_screen_wait(modal)
            if approval_id is None:
                self.say(_("return cancelled: no manager approval"))
                return
        try:
            reply = await till.client.call(
                "Return",
                till_pb2.ReturnRequest(
                    till_id=till.till_id,
                    cashier=till.cashier,
                    original_sale_no=sale_no,
                    items=items,
                    approval_id=approval_id,
                    reason="customer return",  # recorded as data, not said
                ),
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        title = return_title(reply.sale_return, till.currency)
        await self.app.push_screen_wait(TextModal(title, reply.receipt_text, reply.print.warning))
        self.dismiss(None)
