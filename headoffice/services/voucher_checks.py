"""A batch's voucher entries held to the redemptions head office verified (issue 16, item 4).

A till journals a voucher redemption only after head office verified it with the platform
(VoucherTill.VerifyVoucher, a voucher_redemptions row of that store with its lines), and a
cancel only after head office cancelled it there. Head office trusts nothing the entry says:
the redemption it names must be this store's, verified (or cancelled since: the entry may
arrive after the cancel), not recorded by another entry (nor twice in the batch), and the
entry's movements must be exactly its lines (out for a redemption, back in for a cancel).
Anything else refuses the batch with a code and a sentence, before any stock moves.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from common.i18n import _
from common.journal_kinds import REASON_NUMBERS, VOUCHER_CANCEL, VOUCHER_REDEMPTION
from headoffice.domain.errors import InvalidEntry

VOUCHER_UNVERIFIED = "voucher_unverified"  # no such redemption of this store, or not verified
VOUCHER_MISMATCH = "voucher_mismatch"  # movements not the redemption's lines
VOUCHER_TWICE = "voucher_twice"  # recorded by another entry already

_REDEMPTION_REASON = REASON_NUMBERS["redemption"]
_ID = re.compile(r"VR(\d{1,18})")
# A redemption entry may arrive after the store cancelled it (the cancel is online, the
# entry is uploaded when the link allows).
_REDEEMED = ("verified", "cancelling", "cancelled")


def redemption_number(text: str) -> int | None:
    """VR000001 -> 1; None for anything else."""
    found = _ID.fullmatch(text)
    return int(found.group(1)) if found is not None else None


def check_vouchers(uow: Any, store_code: str, entries: Sequence[Any]) -> None:
    """InvalidEntry at the first voucher entry that is not a redemption head office verified
    (or cancelled) for this store as it says; nothing read when the batch holds none. A unit
    of work without voucher redemptions refuses every voucher entry."""
    vouchers = getattr(uow, "voucher_journal", None)
    seen: dict[tuple[str, int], int] = {}
    for entry in entries:
        if entry.document_type == VOUCHER_REDEMPTION.name:
            body, cancel = entry.voucher_redemption, False
        elif entry.document_type == VOUCHER_CANCEL.name:
            body, cancel = entry.voucher_cancel, True
        else:
            continue

        def refuse(code: str, reason: str, entry: Any = entry) -> InvalidEntry:
            return InvalidEntry(
                _("store {store} entry {seq} was refused: {reason}").format(
                    store=store_code, seq=entry.seq, reason=reason
                ),
                expected_seq=entries[0].seq,
                code=code,
                seq=entry.seq,
            )

        shown = body.redemption_id[:20]
        number = redemption_number(body.redemption_id)
        found = vouchers.redemption(number) if vouchers is not None and number else None
        if found is None or found.store_code != store_code:
            raise refuse(
                VOUCHER_UNVERIFIED,
                _("head office verified no voucher redemption {id} for this store").format(
                    id=shown
                ),
            )
        if (found.state != "cancelled") if cancel else (found.state not in _REDEEMED):
            wanted = _("cancelled") if cancel else _("verified")
            raise refuse(
                VOUCHER_UNVERIFIED,
                _("voucher redemption {id} is {state} at head office, not {wanted}").format(
                    id=shown, state=found.state, wanted=wanted
                ),
            )
        recorded = found.cancel_journal_seq if cancel else found.journal_seq
        key = (entry.document_type, found.redemption_id)
        if key in seen or recorded not in (0, entry.seq):
            raise refuse(
                VOUCHER_TWICE,
                _("voucher redemption {id} is recorded by entry {first} already").format(
                    id=shown, first=seen.get(key, recorded)
                ),
            )
        seen[key] = entry.seq
        sign = 1 if cancel else -1
        moved = Counter(
            (m.sku, m.qty_base, m.reason == _REDEMPTION_REASON) for m in entry.movements
        )
        verified = Counter((sku, sign * qty, True) for sku, qty in found.lines)
        if moved != verified:
            raise refuse(
                VOUCHER_MISMATCH,
                _("its movements are not the ones head office verified for {id} ({moves})").format(
                    id=shown,
                    moves=", ".join(f"{sku} {sign * qty}" for sku, qty in found.lines) or "-",
                ),
            )
