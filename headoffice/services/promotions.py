"""Promotion definitions at head office: create (one or a CSV's rows), list, show, end.

Every offer goes through the engine's own checks (common.domain.promotions: the record's
cells, then validate_offer against the chain catalogue's prices) before anything is
written; an import is all or nothing: the first wrong row refuses the file with its row
number, and no promotion of it is kept. Each creation and end is audited in the same
transaction, and queued down the feed of the stores it reaches in the same transaction
(send_to_stores): a chain-wide promotion once for every store (those enrolled later
included), a scoped one to each store it names and no other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from common.clock import now_ms as clock_now_ms
from common.domain.promotions import Offer, validate_offer
from common.domain.promotions.records import from_record, to_record
from common.errors import AlreadyExists, InvalidInput, NotFound, Refused
from common.i18n import _
from headoffice.domain.errors import UnknownStore
from headoffice.domain.promotions import Promotion
from headoffice.domain.roles import Staff
from headoffice.domain.store_events import PromotionChanged
from headoffice.services import audit
from headoffice.services.ports_promotions import PromotionsUnitOfWorkPort

MAX_ROWS = 10_000  # one import


def create_promotions(
    uow: PromotionsUnitOfWorkPort,
    staff: Staff,
    rows: Sequence[Mapping[str, str]],
    now_ms: int | None = None,
    first_row: int = 1,
) -> list[Promotion]:
    """Check every row, then keep them all in one transaction (or none).

    `first_row` is the number of the first row for the sentences (2 for a CSV after its
    header; 1 for `hoctl promo create`)."""
    if not rows:
        raise InvalidInput(_("there is no promotion to create"))
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            _("one import holds at most {limit} promotions, got {count}").format(
                limit=MAX_ROWS, count=len(rows)
            )
        )
    now = clock_now_ms() if now_ms is None else now_ms
    offers = [_parse(row, n) for n, row in enumerate(rows, start=first_row)]
    seen: dict[str, int] = {}
    for n, offer in enumerate(offers, start=first_row):
        if offer.offer_id in seen:
            raise InvalidInput(
                _("row {row}: promotion {promo} is also on row {other}").format(
                    row=n, promo=offer.offer_id, other=seen[offer.offer_id]
                )
            )
        seen[offer.offer_id] = n
    with uow:
        skus = {sku for offer in offers for sku in _skus(offer)}
        prices = {sku: p.price_minor for sku, p in uow.catalogue.products_by_sku(skus).items()}
        stores = {code for offer in offers for code in offer.stores}
        for code in sorted(stores):
            if uow.stores.get_store(code) is None:
                raise UnknownStore(code)
        for n, offer in enumerate(offers, start=first_row):
            _with_row(n, validate_offer, offer, prices)
        taken = uow.promotions.existing_ids(seen)
        if taken:
            first = min(taken, key=lambda promo_id: seen[promo_id])
            raise AlreadyExists(
                _("row {row}: promotion {promo} exists already").format(
                    row=seen[first], promo=first
                )
            )
        made = []
        for offer in offers:
            promotion = Promotion(offer, staff.username, now)
            uow.promotions.add(promotion)
            send_to_stores(uow, promotion, now)
            made.append(promotion)
            audit.record(
                uow, staff.username, "promotion.create", "promotion", offer.offer_id,
                None, to_record(offer), now_ms=now,
            )  # fmt: skip
        uow.commit()
    return made


def list_promotions(
    uow: PromotionsUnitOfWorkPort, staff: Staff, include_ended: bool = False
) -> list[Promotion]:
    with uow:
        return uow.promotions.list(include_ended)


def show_promotion(uow: PromotionsUnitOfWorkPort, staff: Staff, promo_id: str) -> Promotion:
    with uow:
        found = uow.promotions.get(promo_id)
    if found is None:
        raise NotFound(_("there is no promotion {promo}").format(promo=promo_id))
    return found


def end_promotion(
    uow: PromotionsUnitOfWorkPort, staff: Staff, promo_id: str, now_ms: int | None = None
) -> Promotion:
    """End an open promotion now; it stays on record (list --all, show)."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        found = uow.promotions.get(promo_id, for_update=True)
        if found is None:
            raise NotFound(_("there is no promotion {promo}").format(promo=promo_id))
        if not uow.promotions.end(promo_id, staff.username, now):
            raise Refused(
                _("promotion {promo} was ended already, by {who}").format(
                    promo=promo_id, who=found.ended_by
                )
            )
        audit.record(
            uow, staff.username, "promotion.end", "promotion", promo_id,
            {"status": found.status}, {"status": "ended"}, now_ms=now,
        )  # fmt: skip
        ended = uow.promotions.get(promo_id)
        assert ended is not None
        send_to_stores(uow, ended, now)
        uow.commit()
    assert ended is not None
    return ended


def send_to_stores(uow: PromotionsUnitOfWorkPort, promotion: Promotion, now_ms: int) -> None:
    """Queue the promotion as it now is for the stores in its scope (inside the transaction)."""
    event = PromotionChanged(promotion)
    if not promotion.offer.stores:
        uow.downstream.enqueue_chain_event(event, now_ms)
        return
    for code in sorted(promotion.offer.stores):
        uow.downstream.enqueue_store_event(code, event, now_ms)


def _skus(offer: Offer) -> set[str]:
    return {*offer.skus, *(sku for sku, _n in offer.components), *filter(None, [offer.gift_sku])}


def _parse(row: Mapping[str, str], n: int) -> Offer:
    return _with_row(n, from_record, row)


def _with_row(n, check, *args):  # type: ignore[no-untyped-def]
    """check(*args), a refusal's sentence led by the row's number."""
    try:
        return check(*args)
    except InvalidInput as exc:
        raise InvalidInput(_("row {row}: {problem}").format(row=n, problem=exc)) from exc
