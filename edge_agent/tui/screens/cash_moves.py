"""Till menu actions on the drawer's cash and receipts: cash in, cash out (a manager's
approval of "cash out <amount_minor>" where policy asks) and reprint by sale number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.errors import InvalidInput
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.amounts import parse_amount
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.line_edits import approval_for, ask

if TYPE_CHECKING:
    from edge_agent.tui.screens.sale import SaleScreen

# The reason offered (the cashier may type another); it goes on the shift's report as typed.
REASONS = {"in": N_("change for the drawer"), "out": N_("bank deposit")}
TITLES = {"in": N_("Cash in"), "out": N_("Cash out")}
QUESTIONS = {
    "in": N_("How much goes into the drawer?"),
    "out": N_("How much comes out of the drawer?"),
}
RECORDED = {
    "in": N_("cash in {amount} recorded ({reason})"),
    "out": N_("cash out {amount} recorded ({reason})"),
}


async def cash_move(screen: SaleScreen, direction: str) -> None:
    till, cur = screen.till, screen.till.currency
    title = _(TITLES[direction])
    text = await ask(screen, title, _(QUESTIONS[direction]))
    if text is None:
        return
    try:
        amount = parse_amount(text, cur)
    except InvalidInput as exc:
        screen.say(str(exc))
        return
    reason = await ask(
        screen, title, _("Why? (the reason goes on the shift's report)"), _(REASONS[direction])
    )
    if reason is None:
        return
    approval_id = ""
    if direction == "out":
        # The agent's binding text: not translated.
        approval_id = await approval_for(screen, "cash_out", f"cash out {amount}")
        if approval_id is None:
            return
    try:
        shift = await till.client.call(
            "CashInOut",
            till_pb2.CashInOutRequest(
                till_id=till.till_id,
                cashier=till.cashier,
                direction=direction,
                amount_minor=amount,
                reason=reason,
                approval_id=approval_id,
            ),
        )
    except Refusal as refusal:
        screen.say(str(refusal))
        return
    till.shift = shift
    screen.say(
        _(RECORDED[direction]).format(amount=display_amount(amount, cur), reason=reason), "info"
    )


async def cash_in(screen: SaleScreen) -> None:
    await cash_move(screen, "in")


async def cash_out(screen: SaleScreen) -> None:
    await cash_move(screen, "out")


async def reprint(screen: SaleScreen) -> None:
    """Reprint any sale's receipt by its number (the last sale on this screen is offered)."""
    till = screen.till
    last = str(till.last_sale_no) if till.last_sale_no else ""
    text = await ask(screen, _("Reprint"), _("Sale number to reprint (from the receipt)"), last)
    if text is None:
        return
    if not text.isdigit() or int(text) <= 0:
        screen.say(
            _("a sale number is a whole number, like 12; got {text}").format(text=repr(text))
        )
        return
    sale_no = int(text)
    try:
        outcome = await till.client.call(
            "Reprint", till_pb2.ReprintRequest(till_id=till.till_id, sale_no=sale_no)
        )
    except Refusal as refusal:
        screen.say(str(refusal))
        return
    if outcome.warning:
        screen.say(outcome.warning, "warning")
    else:
        screen.say(_("receipt of sale {sale_no} reprinted").format(sale_no=sale_no), "info")
