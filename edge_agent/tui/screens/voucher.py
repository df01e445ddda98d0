"""The voucher screen (F12, v): a group-buy voucher (团购券) scanned, shown and redeemed at
the till, as `pos voucher scan` and `pos voucher redeem` do.

The cashier scans or types the code and presses Enter: head office looks it up on its
platform and the screen shows the deal, the uses left, until when it is valid and what
one use takes from the stock. The cashier types the uses to redeem and presses Enter:
head office verifies them online and the slip shows (and prints), the code masked. The
key of an attempt head office did not answer is kept for the same code and uses, so
trying again never redeems twice.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from common.cli.values import rfc3339
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from common.text_safety import printable
from edge_agent.tui.client import Refusal, TillClient
from edge_agent.tui.plain import plain, plain_lines

if TYPE_CHECKING:
    from edge_agent.tui.screens.sale import SaleScreen

# (code, uses) -> the key of an attempt that got no answer: a retry reuses it.
_unanswered: dict[tuple[str, int], str] = {}


def voucher_text(v: till_pb2.TillVoucher, names: dict[str, str]) -> str:
    """What the screen shows of a scanned voucher; every name made printable."""
    until = rfc3339(v.valid_until_ms) or "-"
    lines = [
        f"{printable(v.title)}  ({printable(v.platform)} {printable(v.product_id)})",
        _("code {code}: {uses} uses left, valid until {until}, {price} a use").format(
            code=printable(v.code_masked),
            uses=v.uses_left,
            until=until[:16],
            price=display_amount(v.price_minor, v.currency or "CNY"),
        ),  # fmt: skip
        _("one use takes:"),
    ]
    lines += [f"  {printable(names.get(m.sku, m.sku))}  {m.qty_base}" for m in v.package]
    return "\n".join(lines)


class VoucherModal(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, client: TillClient, till_id: str, cashier: str) -> None:
        super().__init__()
        self._client, self._till_id, self._cashier = client, till_id, cashier
        self._code = ""  # the code looked up: only while the screen is open, never shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(_("Group-buy voucher"), classes="dialog-title")
            yield Label(
                _(
                    "Scan or type the code, Enter looks it up; type the uses, Enter redeems; Esc closes"
                ),
                classes="hint",
            )
            yield Input(id="voucher-code")
            yield Static("", id="voucher-info", markup=False)
            yield Label(_("Uses to redeem"))
            yield Input(value="1", id="voucher-count", disabled=True)
            yield Label("", id="voucher-message", classes="error")

    def _say(self, text: str, kind: str = "error") -> None:
        line = self.query_one("#voucher-message", Label)
        line.set_classes(kind)
        line.update(plain(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "voucher-code":
            self._scan(event.value.strip())
        else:
            self._redeem(event.value.strip())

    @work(exclusive=True)
    async def _scan(self, code: str) -> None:
        count = self.query_one("#voucher-count", Input)
        info = self.query_one("#voucher-info", Static)
        count.disabled, self._code = True, ""
        info.update("")
        if not code:
            self._say(_("scan or type the voucher code"))
            return
        try:
            seen = await self._client.call(
                "ScanVoucher", till_pb2.TillVoucherScanRequest(till_id=self._till_id, code=code)
            )
        except Refusal as refusal:
            self._say(str(refusal))
            return
        names = {}
        for m in seen.package:
            try:
                product = await self._client.call(
                    "LookupProduct", till_pb2.LookupProductRequest(code=m.sku)
                )
                names[m.sku] = product.name
            except Refusal:
                names[m.sku] = m.sku
        info.update(plain_lines(voucher_text(seen, names)))
        self._code = code
        self._say(
            _("{uses} uses left; type the uses to redeem and press Enter").format(
                uses=seen.uses_left
            ),
            "info",
        )
        count.disabled = False
        count.focus()

    @work(exclusive=True)
    async def _redeem(self, text: str) -> None:
        if not self._code:
            self._say(_("scan the voucher first"))
            return
        if not text.isdigit() or int(text) <= 0:
            self._say(
                _("uses to redeem are a whole number, like 1; got {text}").format(text=repr(text))
            )
            return
        attempt = (self._code, int(text))
        key = _unanswered.pop(attempt, "") or f"tui-voucher-{uuid.uuid4().hex}"
        try:
            reply = await self._client.call(
                "RedeemVoucher",
                till_pb2.TillVoucherRedeemRequest(
                    till_id=self._till_id, cashier=self._cashier, code=attempt[0],
                    count=attempt[1], idempotency_key=key,
                ),
            )  # fmt: skip
        except Refusal as refusal:
            _unanswered[attempt] = key  # harmless when head office said no: it says no again
            self._say(str(refusal))
            return
        self.query_one("#voucher-info", Static).update(plain_lines(reply.receipt_text))
        self.query_one("#voucher-count", Input).disabled = True
        self._code = ""
        code = self.query_one("#voucher-code", Input)
        code.value = ""
        code.focus()
        done = _("{count} uses redeemed as {id}").format(count=reply.count, id=reply.redemption_id)
        if reply.print.warning:  # recorded all the same: the slip is on screen
            self._say(f"{done}; {reply.print.warning}", "warning")
        else:
            self._say(done, "info")

    def action_close(self) -> None:
        self.dismiss(None)


async def open_vouchers(screen: SaleScreen) -> None:
    till = screen.till
    await screen.app.push_screen_wait(VoucherModal(till.client, till.till_id, till.cashier))
