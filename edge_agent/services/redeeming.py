"""Redeem a punch card's or package's use at the till: head office authorises, the store
journals (issue 15, punch cards and packages).

A use is never taken offline (shared/DESIGN.md invariant 5): head office authorises it
under a key derived from the command's idempotency key and answers with the movements
the use makes (the service's consumables from its catalogue components, or the goods).
Only then does the store journal one `redemption` entry with exactly those movements,
which moves its stock. A retried command: the store's recorded entry when it has one,
otherwise head office answers the same use again under the same key (nothing is taken
twice) and the store journals it once. Head office away or saying no: its sentence,
and nothing is written at the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from common import journal_kinds as jk
from common.domain.entitlements import check_uses
from common.domain.typed_text import clean_reference
from common.errors import InvalidInput
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.idempotency import KeyedRequest, keyed
from edge_agent.domain.journal import Movement
from edge_agent.domain.redemptions import (
    Redemption,
    redemption_movements,
    slip_text,
    use_key,
)
from edge_agent.services.context import StoreContext
from edge_agent.services.keys import remember, replayed
from edge_agent.services.member_ports import UseAuthorised
from edge_agent.services.shifts import joined_shift_id
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

MAX_CARD_NO = 2**63 - 1


@dataclass(frozen=True)
class RedeemResult:
    seq: int
    redemption: Redemption
    movements: tuple[Movement, ...]
    phone_masked: str  # as head office gave it; "" when answered from the store's journal
    occurred_at_ms: int
    replayed: bool
    slip: str  # the slip's text


def redeem(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    member: str,
    card_no: int,
    sku: str,
    uses: int = 1,
    idempotency_key: str = "",
) -> RedeemResult:
    """Take `uses` uses of card `card_no` for `sku`, presented by `member` (as scanned or
    typed), and journal them; the refusal's sentence otherwise, with nothing written."""
    member = clean_reference(_("the member"), member)
    sku = clean_reference(_("the SKU"), sku)
    if not member or not sku:
        raise InvalidInput(_("a redemption needs the member, the card number and the SKU"))
    if isinstance(card_no, bool) or not isinstance(card_no, int) or not 0 < card_no <= MAX_CARD_NO:
        raise InvalidInput(
            _("the card number must be a whole number above zero, got {value}").format(
                value=repr(card_no)
            )
        )
    check_uses(_("uses to redeem"), uses)
    key = idempotency_key or new_document_id()
    request = keyed("redemption", key, [till_id, member, card_no, sku, uses])
    with ctx.db.read() as uow:
        done = _recorded(ctx, uow, request)
        if done is not None:
            return done
        _shift_id(ctx, uow, till_id, cashier)  # refused before head office takes a use
    # Online, outside any ledger transaction: the till waits for head office, not the ledger.
    use = ctx.members.redeem_use(member, card_no, sku, uses, use_key(key), cashier)
    with ctx.db.write() as uow:
        done = _recorded(ctx, uow, request)  # another attempt with the key got here first
        if done is not None:
            return done
        body = Redemption(
            new_document_id(), use.member_id, use.card_no, use.sku, use.uses, use.key, till_id,
            cashier, _shift_id(ctx, uow, till_id, cashier), use.uses_left,
        )  # fmt: skip
        movements = redemption_movements(use.moves)
        entry = uow.journal.append(jk.REDEMPTION, body.redemption_id, cashier, body, movements)
        remember(uow, request, entry.seq)
        slip = _slip(ctx, uow, body, use.phone_masked, movements, entry.occurred_at_ms)
    _logged(body, use, entry.seq)
    return RedeemResult(
        entry.seq, body, movements, use.phone_masked, entry.occurred_at_ms, False, slip
    )


def _recorded(
    ctx: StoreContext, uow: UnitOfWork, request: KeyedRequest | None
) -> RedeemResult | None:
    seq = replayed(uow, request)
    if seq is None:
        return None
    body, movements, occurred = uow.journal.redemption_at(seq)
    slip = _slip(ctx, uow, body, "", movements, occurred)
    return RedeemResult(seq, body, movements, "", occurred, True, slip)


def _shift_id(ctx: StoreContext, uow: UnitOfWork, till_id: str, cashier: str) -> str:
    no_shift = _("till {till} has no open shift; open one before redeeming a card").format(
        till=till_id
    )
    return joined_shift_id(uow, till_id, cashier, ctx.policy.require_open_shift, no_shift)


def _slip(
    ctx: StoreContext,
    uow: UnitOfWork,
    body: Redemption,
    phone_masked: str,
    movements: tuple[Movement, ...],
    occurred_ms: int,
) -> str:
    def name_of(sku: str) -> str:
        product = uow.catalogue.product_by_sku(sku)
        return product.name if product is not None else sku

    when = dt.datetime.fromtimestamp(occurred_ms / 1000, ctx.policy.time_zone)
    return slip_text(body, phone_masked, movements, name_of, when.strftime("%Y-%m-%d %H:%M"))


def _logged(body: Redemption, use: UseAuthorised, seq: int) -> None:
    # The member by id only: no phone or name reaches the log.
    log_event(log, logging.INFO, "card use redeemed", seq=seq, card_no=body.card_no,
              member_id=body.member_id, sku=body.sku, uses=body.uses,
              uses_left=body.uses_left, replayed_at_head_office=use.replayed)  # fmt: skip
