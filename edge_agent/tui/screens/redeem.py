"""Till menu action: redeem a punch card's or package's use (what `pos redeem` does).

The cashier scans or types the member, the card's number and the service or goods; head
office authorises the use online and the slip shows on screen (and prints). The key of
an attempt head office did not answer is kept for the same member, card and SKU, so
trying again never takes a second use.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from common.i18n import _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.line_edits import ask
from edge_agent.tui.screens.modals import TextModal

if TYPE_CHECKING:
    from edge_agent.tui.screens.sale import SaleScreen

# (member, card, sku) -> the key of an attempt that got no answer: a retry reuses it.
_unanswered: dict[tuple[str, int, str], str] = {}


async def redeem_use(screen: SaleScreen) -> None:
    title = _("Redeem a card")
    member = await ask(screen, title, _("Member: scan the card or type the phone number"))
    if not member:
        return
    card_text = await ask(screen, title, _("Card number (on the member's card list)"))
    if card_text is None:
        return
    if not card_text.strip().isdigit() or int(card_text) <= 0:
        screen.say(
            _("a card number is a whole number, like 12; got {text}").format(text=repr(card_text))
        )
        return
    sku = await ask(screen, title, _("Service or goods (SKU) the use is for"))
    if not sku:
        return
    attempt = (member.strip(), int(card_text), sku.strip())
    key = _unanswered.pop(attempt, "") or f"tui-redeem-{uuid.uuid4().hex}"
    till = screen.till
    try:
        reply = await till.client.call(
            "Redeem",
            till_pb2.RedeemRequest(
                till_id=till.till_id,
                cashier=till.cashier,
                member=attempt[0],
                card_no=attempt[1],
                sku=attempt[2],
                uses=1,
                idempotency_key=key,
            ),  # fmt: skip
        )
    except Refusal as refusal:
        _unanswered[attempt] = key  # harmless when head office said no: it says no again
        screen.say(str(refusal))
        return
    if reply.print.warning:
        screen.say(reply.print.warning, "warning")
    else:
        screen.say(
            _("card {card}: {left} use(s) left").format(
                card=reply.redemption.card_no, left=reply.redemption.uses_left
            ),
            "info",
        )
    await screen.app.push_screen_wait(TextModal(title, reply.receipt_text))
