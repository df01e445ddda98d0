"""The till menu (F12): reports, no-sale, cash in/out, reprint, handover, closing the shift,
redeeming a card's use, group-buy vouchers, logging out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.i18n import N_, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens import cash_moves, redeem, voucher
from edge_agent.tui.screens.line_edits import approval_for
from edge_agent.tui.screens.modals import MenuModal, TextModal

if TYPE_CHECKING:
    from edge_agent.tui.screens.sale import SaleScreen

# (key letter, label, action): the letters stay the same in every language.
ITEMS = [
    ("x", N_("X report (mid-shift, read only)"), "x_report"),
    ("n", N_("No sale: open the drawer"), "no_sale"),
    ("i", N_("Cash in (float top-up, change)"), "cash_in"),
    ("o", N_("Cash out (bank deposit, paid out)"), "cash_out"),
    ("r", N_("Reprint a receipt by sale number"), "reprint"),
    ("h", N_("Hand over to the next cashier (blind count)"), "handover"),
    ("c", N_("Close the shift (blind count)"), "close_shift"),
    ("z", N_("Z report (end of day)"), "z_report"),
    ("k", N_("Count stock"), "count_stock"),
    ("u", N_("Redeem a punch card or package use"), "redeem_use"),
    ("v", N_("Group-buy voucher: scan and redeem"), "vouchers"),
    ("l", N_("Log out"), "log_out"),
    ("q", N_("Quit the till"), "quit"),
]


def open_menu(screen: SaleScreen) -> None:
    async def run() -> None:
        items = [(key, _(label), action) for key, label, action in ITEMS]
        choice = await screen.app.push_screen_wait(MenuModal(_("Till menu"), items))
        if choice is not None:
            await CHOICES[choice](screen)

    screen.run_worker(run(), group="menu")


async def _report(screen: SaleScreen, kind: str) -> None:
    till = screen.till
    method = "XReport" if kind == "x" else "ZReport"
    try:
        reply = await till.client.call(
            method, till_pb2.ReportRequest(till_id=till.till_id, cashier=till.cashier)
        )
    except Refusal as refusal:
        screen.say(str(refusal))
        return
    report = reply.report
    if reply.print.warning:
        screen.say(reply.print.warning)
    title = _("X report") if kind == "x" else _("Z report {number}").format(number=report.number)
    await screen.app.push_screen_wait(TextModal(title, report.text))


async def x_report(screen: SaleScreen) -> None:
    await _report(screen, "x")


async def z_report(screen: SaleScreen) -> None:
    await _report(screen, "z")


async def no_sale(screen: SaleScreen) -> None:
    approval_id = await approval_for(screen, "no_sale", "no sale")  # the agent's binding text
    if approval_id is None:
        return
    till = screen.till
    try:
        outcome = await till.client.call(
            "NoSale",
            till_pb2.NoSaleRequest(
                till_id=till.till_id,
                cashier=till.cashier,
                approval_id=approval_id,
                reason="no sale",  # recorded as data, not said
            ),
        )
    except Refusal as refusal:
        screen.say(str(refusal))
        return
    if outcome.warning:
        screen.say(_("no sale recorded. {warning}").format(warning=outcome.warning), "warning")
    elif outcome.drawer_opened:
        screen.say(_("no sale recorded; drawer opened"), "info")
    else:
        screen.say(_("no sale recorded; no drawer on this till"), "info")


async def close_shift(screen: SaleScreen) -> None:
    from edge_agent.tui.screens.shift_close import ShiftCloseScreen

    if screen.cart.lines:
        screen.say(_("finish or void the sale on screen before closing the shift"))
        return
    screen.app.push_screen(ShiftCloseScreen())


async def handover(screen: SaleScreen) -> None:
    from edge_agent.tui.screens.handover import HandoverScreen

    if screen.cart.lines:
        screen.say(_("finish or void the sale on screen before handing over"))
        return
    screen.app.push_screen(HandoverScreen())


async def count_stock(screen: SaleScreen) -> None:
    from edge_agent.tui.screens.count_pick import open_count

    await open_count(screen)


async def log_out(screen: SaleScreen) -> None:
    from edge_agent.tui.screens.login import LoginScreen

    if screen.cart.lines:
        screen.say(_("finish or void the sale on screen before logging out"))
        return
    screen.app.switch_screen(LoginScreen())


async def quit_till(screen: SaleScreen) -> None:
    screen.app.exit()


CHOICES = {
    "x_report": x_report,
    "z_report": z_report,
    "no_sale": no_sale,
    "cash_in": cash_moves.cash_in,
    "cash_out": cash_moves.cash_out,
    "reprint": cash_moves.reprint,
    "handover": handover,
    "close_shift": close_shift,
    "count_stock": count_stock,
    "redeem_use": redeem.redeem_use,
    "vouchers": voucher.open_vouchers,
    "log_out": log_out,
    "quit": quit_till,
}
