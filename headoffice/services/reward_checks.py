"""A batch's reward entries held to the points head office took (issue 15, section 4).

A till records a reward item only after head office took its points
(MemberTill.TakeReward, services.rewards.take_at_till) under the till's key in the
store's namespace. Head office trusts nothing the entry says: the points entry under
till_points_key(store, the entry's key) must exist, be a reward for that member, SKU and
quantity taking exactly the entry's points, not be recorded by another entry already
(nor twice in the batch), and the entry's movements must be exactly the ones head
office computes for the item. Anything else refuses the batch with a code and a
sentence, before any stock moves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from common.domain.points_ledger import REWARD as REWARD_ENTRY
from common.i18n import _
from common.journal_kinds import REASON_NUMBERS, REWARD
from headoffice.domain.errors import InvalidEntry
from headoffice.services.entitlements import moves_of
from headoffice.services.rewards import reward_document
from headoffice.services.till_points import till_points_key

REWARD_UNAUTHORISED = "reward_unauthorised"  # no points taken under that key, or others
REWARD_MISMATCH = "reward_mismatch"  # movements not the ones head office computes
REWARD_TWICE = "reward_twice"  # the points are recorded by another entry already

_REDEMPTION_REASON = REASON_NUMBERS["redemption"]


def check_rewards(uow: Any, store_code: str, entries: Sequence[Any]) -> None:
    """InvalidEntry at the first reward entry that is not points head office took for this
    store as it says; nothing read when the batch holds none. A unit of work without
    points or reward items refuses every reward entry."""
    points = getattr(uow, "points", None)
    rewards = getattr(uow, "rewards", None)
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.document_type != REWARD.name:
            continue
        # The kind's rule refused an entry without its Reward (common.journal_rules).
        body = entry.reward
        key = till_points_key(store_code, body.authorisation_key)

        def refuse(code: str, reason: str, entry: Any = entry) -> InvalidEntry:
            return InvalidEntry(
                _("store {store} entry {seq} was refused: {reason}").format(
                    store=store_code, seq=entry.seq, reason=reason
                ),
                expected_seq=entries[0].seq,
                code=code,
                seq=entry.seq,
            )

        taken = points.by_key(key) if body.authorisation_key and points is not None else None
        if taken is None or taken.kind != REWARD_ENTRY or rewards is None:
            raise refuse(
                REWARD_UNAUTHORISED,
                _("head office took no points for a reward item under key {key}").format(
                    key=key[:100]
                ),
            )
        said = (body.member_id, -body.points, reward_document(body.sku, body.qty))
        if said != (taken.member_id, taken.points, taken.document):
            raise refuse(
                REWARD_UNAUTHORISED,
                _(
                    "the points under key {key} were {points} points of member {member} for "
                    "{document}; the entry says otherwise"
                ).format(
                    key=key[:100],
                    points=-taken.points,
                    member=taken.member_id,
                    document=taken.document,
                ),  # fmt: skip
            )
        recorded = rewards.journaled(key)
        if key in seen or recorded not in (None, entry.seq):
            raise refuse(
                REWARD_TWICE,
                _("the reward item under key {key} is recorded by entry {first} already").format(
                    key=key[:100], first=seen.get(key, recorded)
                ),
            )
        seen[key] = entry.seq
        computed_moves = moves_of(uow.catalogue, body.sku, body.qty)
        moved = Counter(
            (m.sku, m.qty_base, m.reason == _REDEMPTION_REASON) for m in entry.movements
        )
        computed = Counter((m.sku, m.qty_base, True) for m in computed_moves)
        if moved != computed:
            raise refuse(
                REWARD_MISMATCH,
                _(
                    "its movements are not the ones head office computes for {qty} x {sku} "
                    "({moves})"
                ).format(
                    qty=body.qty,
                    sku=body.sku,
                    moves=", ".join(f"{m.sku} {m.qty_base}" for m in computed_moves) or "-",
                ),  # fmt: skip
            )
