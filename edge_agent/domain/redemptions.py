"""A punch card's (次卡) or package's (套餐) use redeemed at the till, and its slip.

Head office authorises the use online (invariant 5) and says which movements it makes
(the service's consumables or the goods, reason redemption, out); the store journals
them unchanged in a `redemption` entry, whose body is the Redemption below. The slip
shows the member masked as head office gave it, the card, the uses left and what the
use took from stock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from common.i18n import _
from common.text_safety import printable
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.text_columns import pair

SLIP_WIDTH = 32  # cells: a 58 mm roll


@dataclass(frozen=True)
class Redemption:
    """The journal body of a redeemed use (ledger.proto Redemption)."""

    redemption_id: str
    member_id: str
    card_no: int
    sku: str
    uses: int
    authorisation_key: str
    till_id: str
    cashier: str
    shift_id: str
    uses_left: int


def redemption_movements(moves: Sequence[tuple[str, int]]) -> tuple[Movement, ...]:
    """Head office's movements, as the journal books them (reason redemption)."""
    return tuple(Movement(sku, qty, Reason.REDEMPTION) for sku, qty in moves)


def use_key(idempotency_key: str) -> str:
    """The key head office authorises the use under: derived from the command's key, so a
    retried command asks for the same use and nothing is taken twice."""
    return f"{idempotency_key}:use"


def slip_text(
    redemption: Redemption,
    phone_masked: str,
    movements: Sequence[Movement],
    name_of: Callable[[str], str],
    when: str,
) -> str:
    """The redemption slip's lines (under the printer's store header)."""
    lines = [
        pair(_("Member"), printable(f"{redemption.member_id} {phone_masked}".strip()), SLIP_WIDTH),
        pair(_("Card"), str(redemption.card_no), SLIP_WIDTH),
        pair(
            printable(name_of(redemption.sku)),
            _("{uses} use(s)").format(uses=redemption.uses),
            SLIP_WIDTH,
        ),
        pair(_("Uses left"), str(redemption.uses_left), SLIP_WIDTH),
    ]
    if movements:
        lines.append(_("Used from stock:"))
        lines.extend(
            pair("  " + printable(name_of(m.sku)), str(-m.qty_base), SLIP_WIDTH) for m in movements
        )
    lines.append(
        pair(_("Till"), printable(f"{redemption.till_id} {redemption.cashier}".strip()), SLIP_WIDTH)
    )
    lines.append(when)
    return "\n".join(lines) + "\n"
