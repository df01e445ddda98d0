"""Till actions that move no goods but are recorded: a no-sale drawer open, a cart void.

A line void is approved as "SKU <sku> qty <qty>"; a sale void as
"sale total <total>" where the total is the sum of the voided lines' amounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.domain.typed_text import clean_note
from common.errors import InvalidInput
from common.i18n import _
from edge_agent.domain.sale_record import RecordedLine

VOID_SCOPES = ("line", "sale")


@dataclass(frozen=True)
class NoSale:
    till_id: str
    cashier: str
    approval_id: str
    reason: str


@dataclass(frozen=True)
class CartVoid:
    till_id: str
    cashier: str
    scope: str  # line, sale
    lines: tuple[RecordedLine, ...]
    approval_id: str


def check_no_sale_reason(reason: str) -> str:
    """The reason as kept: typed text (common.domain.typed_text: card data refused or reduced)."""
    if not reason.strip():
        raise InvalidInput(_("a no-sale needs a reason (e.g. 'change for the float')"))
    return clean_note(_("the reason of a no-sale"), reason)


def void_approval(scope: str, lines: tuple[RecordedLine, ...]) -> tuple[str, str]:
    """(action, details) the approval of a void must name; refuses a malformed void."""
    if scope not in VOID_SCOPES:
        raise InvalidInput(
            _("a void is of a 'line' or the whole 'sale', not {scope}").format(scope=repr(scope))
        )
    if not lines:
        raise InvalidInput(_("a void must list the lines it takes off the cart"))
    if scope == "line":
        if len(lines) != 1:
            raise InvalidInput(_("void one line at a time; each line void has its own approval"))
        # The details are data the agent checks (the till sends the same text): not translated.
        return "void_line", f"SKU {lines[0].sku} qty {lines[0].qty_base}"
    return "void_sale", f"sale total {sum(line.amount_minor for line in lines)}"
