"""A batch's redemption entries held to the uses head office authorised (invariant 8).

A till records a punch card's or package's use only after head office authorised it
(MemberTill.RedeemUse, services.entitlements.redeem_use), which computed the movements
the use makes. Head office trusts nothing the entry says: the use under the entry's
authorisation key must exist, be for that card, member, store, SKU and number of uses,
not be recorded by another entry already (nor twice in the batch), and the entry's
movements must be exactly the ones head office computed. Anything else refuses the
batch with a code and a sentence, before any stock moves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

from common.i18n import _
from common.journal_kinds import REASON_NUMBERS, REDEMPTION
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.loyalty_records import USE, UseRecord

REDEMPTION_UNAUTHORISED = "redemption_unauthorised"  # no use under that key, or another one's
REDEMPTION_MISMATCH = "redemption_mismatch"  # movements not the ones head office computed
REDEMPTION_TWICE = "redemption_twice"  # the use is recorded by another entry already

_REDEMPTION_REASON = REASON_NUMBERS["redemption"]


class _Uses(Protocol):
    def use_by_key(self, key: str) -> UseRecord | None: ...


def check_redemptions(entitlements: _Uses | None, store_code: str, entries: Sequence[Any]) -> None:
    """InvalidEntry at the first redemption entry that is not a use head office authorised
    for this store as it says; nothing read when the batch holds none. `entitlements` is
    None where the unit of work has no cards (then any redemption is refused)."""
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.document_type != REDEMPTION.name:
            continue
        # The kind's rule refused an entry without its Redemption (common.journal_rules).
        body = entry.redemption
        key = body.authorisation_key

        def refuse(code: str, reason: str, entry: Any = entry) -> InvalidEntry:
            return InvalidEntry(
                _("store {store} entry {seq} was refused: {reason}").format(
                    store=store_code, seq=entry.seq, reason=reason
                ),
                expected_seq=entries[0].seq,
                code=code,
                seq=entry.seq,
            )

        use = entitlements.use_by_key(key) if key and entitlements is not None else None
        if use is None or use.kind != USE:
            raise refuse(
                REDEMPTION_UNAUTHORISED,
                _("head office authorised no use of a card under key {key}").format(key=key[:100]),
            )
        said = (body.card_no, body.member_id, store_code, body.sku, body.uses)
        if said != (use.card_no, use.member_id, use.store_code, use.sku, use.uses):
            raise refuse(
                REDEMPTION_UNAUTHORISED,
                _(
                    "the use under key {key} was {uses} use(s) of card {card} for {sku} by "
                    "member {member} at store {store}; the entry says otherwise"
                ).format(
                    key=key[:100],
                    uses=use.uses,
                    card=use.card_no,
                    sku=use.sku,
                    member=use.member_id,
                    store=use.store_code,
                ),  # fmt: skip
            )
        if key in seen or use.journal_seq not in (0, entry.seq):
            raise refuse(
                REDEMPTION_TWICE,
                _("the use under key {key} is recorded by entry {first} already").format(
                    key=key[:100], first=seen.get(key, use.journal_seq)
                ),
            )
        seen[key] = entry.seq
        moved = Counter(
            (m.sku, m.qty_base, m.reason == _REDEMPTION_REASON) for m in entry.movements
        )
        computed = Counter((m.sku, m.qty_base, True) for m in use.moves)
        if moved != computed:
            raise refuse(
                REDEMPTION_MISMATCH,
                _(
                    "its movements are not the ones head office computed for the use under key "
                    "{key} ({moves})"
                ).format(
                    key=key[:100],
                    moves=", ".join(f"{m.sku} {m.qty_base}" for m in use.moves) or "-",
                ),
            )
