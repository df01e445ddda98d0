"""Group-buy vouchers (团购券) redeemed at the till (pos voucher; issue 16, item 4).

Head office verifies a code with the platform online (vouchers are never redeemed
offline) and answers with the movements the voucher's package makes (its goods or a
service's consumables, count x per use); the store journals them unchanged in a
`voucher_redemption` entry whose body is the VoucherRedemption below, and a cancel within
the platform's window brings them back in a `voucher_cancel` entry. The code is shown
masked (its first and last two characters) in the ledger, the logs and the slip: the full
code goes to head office only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from common.errors import InvalidInput
from common.i18n import _
from common.text_safety import printable
from edge_agent.domain.text_columns import pair

SLIP_WIDTH = 32  # cells: a 58 mm roll
MAX_COUNT = 100  # uses redeemed at once
MAX_REQUEST_ID = 120  # head office's column

_CODE = re.compile(r"[A-Za-z0-9-]{4,64}")
_PLATFORM = re.compile(r"[a-z][a-z0-9_]{0,31}")

# The till's record of a redemption (edge table voucher_redemptions).
VERIFYING = "verifying"  # recorded before head office is asked; a retry asks again
REDEEMED = "redeemed"  # journaled (journal_seq)
CANCELLING = "cancelling"  # recorded before head office is asked to cancel
CANCELLED = "cancelled"  # the cancel journaled (cancel_journal_seq)


def mask_code(code: str) -> str:
    """A code as the ledger, logs and slips show it: the first and last two characters."""
    if len(code) <= 4:
        return "*" * len(code)
    return code[:2] + "*" * (len(code) - 4) + code[-2:]


def clean_code(code: str) -> str:
    """The code as scanned or typed: 4 to 64 letters, digits or dashes, spaces removed.
    The sentence never repeats the code."""
    code = "".join(code.split())
    if not _CODE.fullmatch(code):
        raise InvalidInput(
            _("a voucher code is 4 to 64 letters, digits or dashes; this one is not")
        )
    return code


def clean_platform(platform: str) -> str:
    """A platform's name (meituan, douyin) or "" (head office finds it from the code)."""
    platform = platform.strip().lower()
    if platform and not _PLATFORM.fullmatch(platform):
        raise InvalidInput(
            _("a voucher platform is a short lowercase name such as meituan or douyin")
        )
    return platform


def check_count(count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise InvalidInput(
            _("uses to redeem must be a whole number from 1 to {limit}, got {value}").format(
                limit=MAX_COUNT, value=repr(count)
            )
        )
    return count


def cancel_request_id(request_id: str) -> str:
    """The key head office cancels a redemption under: derived from the redemption's, so a
    retried cancel asks for the same cancel and nothing is undone twice."""
    return f"{request_id}:cancel"


@dataclass(frozen=True)
class VoucherRedemption:
    """The journal body of a voucher redeemed (voucher_entries.proto VoucherRedemptionEntry)."""

    redemption_id: str  # head office's, VR000001
    platform: str
    code_masked: str
    product_id: str
    count: int
    request_id: str  # the till's key head office verified under
    till_id: str
    cashier: str
    shift_id: str


@dataclass(frozen=True)
class VoucherCancel:
    """The journal body of a redemption cancelled (VoucherCancelEntry)."""

    redemption_id: str
    platform: str
    code_masked: str
    request_id: str  # the cancel's key
    till_id: str
    cashier: str


@dataclass(frozen=True)
class VoucherRecord:
    """The till's own record of one redemption, by its request id (never the full code)."""

    request_id: str
    state: str  # verifying, redeemed, cancelling, cancelled
    platform: str  # as asked ("" : head office found it), then head office's
    code_masked: str
    count: int
    till_id: str
    cashier: str
    redemption_id: str = ""
    product_id: str = ""
    title: str = ""
    moves: tuple[tuple[str, int], ...] = ()  # (sku, qty_base < 0): what left the stock
    journal_seq: int = 0
    cancel_journal_seq: int = 0
    cancel_until_ms: int = 0
    created_at_ms: int = 0


def slip_text(
    record: VoucherRecord,
    cancelled: bool,
    name_of: Callable[[str], str],
    when: str,
) -> str:
    """The voucher slip's lines (under the printer's store header): the code masked, the
    deal, the uses and what left (or came back to) the stock; every name made printable."""
    heading = _("Voucher cancelled") if cancelled else _("Voucher redeemed")
    lines = [
        heading,
        pair(_("Voucher"), printable(record.code_masked), SLIP_WIDTH),
        pair(printable(record.title or record.product_id), f"x{record.count}", SLIP_WIDTH),
        pair(_("Redemption"), printable(record.redemption_id), SLIP_WIDTH),
    ]
    lines.append(_("Back to stock:") if cancelled else _("Left the stock:"))
    lines.extend(
        pair(" " + printable(name_of(sku)), str(abs(qty)), SLIP_WIDTH) for sku, qty in record.moves
    )
    lines.append(
        pair(_("Till"), printable(f"{record.till_id} {record.cashier}".strip()), SLIP_WIDTH)
    )
    lines.append(when)
    return "\n".join(lines) + "\n"
