"""A batch's channel_pick and channel_fulfilment entries held to the reservation (issue 16).

A store picks and hands over only the orders head office sent it: a confirmed reservation
of that store. Head office trusts nothing the entry says: the reservation must exist, be
this store's and have been confirmed; a pick's lines and a hand-over's movements must be
exactly the reservation's lines (per SKU); and each happens once (a second pick or a
second hand-over of the same order, in the batch or after an earlier one, is refused).
Anything else refuses the batch with a code and a sentence, before any stock moves. An
order head office cancelled after the store had it is not refused: the store may have
picked or handed it over before the cancel reached it (channel_effects records that).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from common import journal_kinds as jk
from common.i18n import _
from headoffice.domain.channels import per_sku, reservation_number
from headoffice.domain.errors import InvalidEntry

CHANNEL_UNKNOWN = (
    "channel_order_unknown"  # no such reservation, never confirmed, or another store's
)
CHANNEL_MISMATCH = "channel_order_mismatch"  # lines or movements not the reservation's
CHANNEL_TWICE = "channel_order_twice"  # picked or handed over already

_KINDS = (jk.CHANNEL_PICK.name, jk.CHANNEL_FULFILMENT.name)


def check_channel_orders(uow: Any, store_code: str, entries: Sequence[Any]) -> None:
    """InvalidEntry at the first channel entry that is not an order head office sent this
    store, as it sent it, once; nothing read when the batch holds none. A unit of work
    without channel orders refuses every such entry."""
    repo = getattr(uow, "channels", None)
    picked: dict[str, int] = {}
    fulfilled: dict[str, int] = {}
    for entry in entries:
        kind = entry.document_type
        if kind not in _KINDS:
            continue
        pick = kind == jk.CHANNEL_PICK.name
        # The kind's rule refused an entry without its body (common.journal_rules).
        body = entry.channel_pick if pick else entry.channel_fulfilment
        code = body.reservation_id

        def refuse(reason_code: str, reason: str, entry: Any = entry) -> InvalidEntry:
            return InvalidEntry(
                _("store {store} entry {seq} was refused: {reason}").format(
                    store=store_code, seq=entry.seq, reason=reason
                ),
                expected_seq=entries[0].seq,
                code=reason_code,
                seq=entry.seq,
            )

        number = reservation_number(code)
        order = repo.get_reservation(number) if number is not None and repo is not None else None
        if order is None:
            raise refuse(
                CHANNEL_UNKNOWN,
                _("head office has no online order {order}").format(order=code[:40] or "-"),
            )
        if order.store_code != store_code:
            raise refuse(
                CHANNEL_UNKNOWN,
                _("online order {order} is store {other}'s, not this store's").format(
                    order=order.reservation_id, other=order.store_code
                ),
            )
        if not order.confirmed_at_ms:
            raise refuse(
                CHANNEL_UNKNOWN,
                _("online order {order} was never confirmed, so the store never had it").format(
                    order=order.reservation_id
                ),
            )
        if pick:
            first = (
                picked.get(order.reservation_id) or fulfilled.get(order.reservation_id) or order.picked_seq
                or order.fulfilled_seq
            )  # fmt: skip
            if first and first != entry.seq:
                raise refuse(
                    CHANNEL_TWICE,
                    _("online order {order} was picked or handed over by entry {first} "
                      "already").format(order=order.reservation_id, first=first),
                )  # fmt: skip
            said = per_sku((line.sku, line.qty_base) for line in body.lines)
            picked[order.reservation_id] = entry.seq
        else:
            first = fulfilled.get(order.reservation_id) or order.fulfilled_seq
            if first and first != entry.seq:
                raise refuse(
                    CHANNEL_TWICE,
                    _("online order {order} was handed over by entry {first} already").format(
                        order=order.reservation_id, first=first
                    ),
                )
            # Only the reason its kind allows, out (plan_batch checked reasons and signs).
            said = Counter()
            for m in entry.movements:
                said[m.sku] -= m.qty_base
            fulfilled[order.reservation_id] = entry.seq
        if +said != per_sku(order.lines) or -said:
            lines = ", ".join(f"{sku} x{qty}" for sku, qty in order.lines)
            if pick:
                sentence = _("the lines it picked are not online order {order}'s ({lines})")
            else:
                sentence = _("the goods it handed over are not online order {order}'s ({lines})")
            raise refuse(CHANNEL_MISMATCH, sentence.format(order=order.reservation_id, lines=lines))
