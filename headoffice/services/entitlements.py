"""Punch cards and packages at head office: sell a card, authorise a use, refund a card.

Each request carries an idempotency key (a till's retry after a lost answer
sends the same key): a key already recorded with the same request gives back
the recorded result and changes nothing; with another request it is refused
(IdempotencyConflict). A use locks the card's row first (PostgreSQL FOR
UPDATE; SQLite's BEGIN IMMEDIATE serialises writers), then looks up its key,
so two tills redeeming the last use at once take turns and exactly one wins
(shared/DESIGN.md invariant 5). The rules are common.domain.entitlements', the
ones the till checks offline.

An authorised use returns the stock movements (reason redemption) of the
service's consumables or the goods; the till records them in its journal with
the sale, and they reach head office's stock through sync like every movement.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError

from common.domain.consumables import Bill, RedemptionMove, bill_of, redemption_moves
from common.domain.entitlements import Entitlement, check_use, new_entitlement, redeem, refund
from common.domain.limits import MAX_REFERENCE_CHARS, MAX_SKU_CHARS
from common.domain.loyalty_errors import IdempotencyConflict, InvalidLoyaltyInput, UnknownCard
from common.domain.product import CatalogueProduct, flatten_components
from common.errors import NotFound, Refused
from common.i18n import _
from common.text_safety import check_text
from headoffice.domain.errors import UnknownProduct
from headoffice.domain.loyalty_records import (
    REFUND,
    USE,
    Authorised,
    CardSale,
    StoredCard,
    UseRecord,
)
from headoffice.services.loyalty_ports import LoyaltyProductsPort, LoyaltyUnitOfWorkPort

MAX_MEMBER_ID_CHARS = 64  # the member_id columns (loyalty_tables)
MAX_STORE_CODE_CHARS = 32


def check_key(key: str) -> str:
    if not isinstance(key, str) or not 1 <= len(key) <= MAX_REFERENCE_CHARS:
        raise InvalidLoyaltyInput(
            _("an idempotency key has 1 to {limit} characters").format(limit=MAX_REFERENCE_CHARS)
        )
    return check_text(_("idempotency key"), key, MAX_REFERENCE_CHARS)


def check_texts(member_id: str = "", store_code: str = "", skus: Iterable[str] = ()) -> None:
    """A member id, store code and SKUs within their columns, without control characters."""
    if member_id:
        check_text(_("member id"), member_id, MAX_MEMBER_ID_CHARS)
    if store_code:
        check_text(_("store code"), store_code, MAX_STORE_CODE_CHARS)
    for sku in skus:
        check_text(_("SKU"), sku, MAX_SKU_CHARS)


def require_member(uow: LoyaltyUnitOfWorkPort, member_id: str, posting: bool = True) -> None:
    """Refuse a member head office does not know, before a card, use or points entry names
    them (the foreign keys of migration 0032 would refuse too, without a sentence); with
    `posting`, also one merged into another, whose cards and points moved to the survivor."""
    member = uow.members.get(member_id)
    if member is None:
        raise NotFound(_("there is no member {member}").format(member=member_id))
    if posting and member.merged_into:
        raise Refused(
            _("member {member} was merged into {survivor}; use {survivor}").format(
                member=member_id, survivor=member.merged_into
            )
        )


def _same_card(a: Entitlement, b: Entitlement) -> bool:
    fields = (
        "member_id", "kind", "covers", "uses_bought", "value_per_use_minor", "paid_minor",
        "expires_ms", "store_scope", "shareable",
    )  # fmt: skip
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def sell_card(
    uow: LoyaltyUnitOfWorkPort,
    key: str,
    card: Entitlement,
    store_code: str,
    by_user: str,
    now_ms: int,
) -> tuple[StoredCard, bool]:
    """Record `card` (from new_entitlement) as sold at `store_code`; (the card, whether new).

    Every covered SKU must be in the catalogue (UnknownProduct names those that are not).
    """
    check_key(key)
    check_texts(card.member_id, store_code, card.covers)
    for scope in card.store_scope:
        check_texts(store_code=scope)
    sale = CardSale(store_code, now_ms, by_user, key)
    try:
        with uow:
            existing = uow.entitlements.by_sold_key(key)
            if existing is not None:
                return _sold_before(existing, card, store_code), False
            require_member(uow, card.member_id)
            known = uow.catalogue.products_by_sku(sorted(card.covers))
            missing = sorted(card.covers - set(known))
            if missing:
                raise UnknownProduct(*missing)
            card_no = uow.entitlements.insert(card, sale)
            stored = uow.entitlements.get(card_no)
            uow.commit()
    except IntegrityError:
        # Another request with this key committed between our look-up and our insert.
        with uow:
            existing = uow.entitlements.by_sold_key(key)
        if existing is None:
            raise
        return _sold_before(existing, card, store_code), False
    assert stored is not None
    return stored, True


def _sold_before(existing: StoredCard, card: Entitlement, store_code: str) -> StoredCard:
    if _same_card(existing.card, card) and existing.sale.store_code == store_code:
        return existing
    raise IdempotencyConflict(
        _("key {key} sold card {card} already, with other terms").format(
            key=existing.sale.key, card=existing.card_no
        )
    )


def sell_new_card(
    uow: LoyaltyUnitOfWorkPort,
    key: str,
    member_id: str,
    kind: str,
    covers: frozenset[str],
    uses_bought: int,
    paid_minor: int,
    store_code: str,
    by_user: str,
    now_ms: int,
    *,
    value_per_use_minor: int | None = None,
    expires_ms: int | None = None,
    store_scope: frozenset[str] = frozenset(),
    shareable: bool = False,
) -> tuple[StoredCard, bool]:
    """new_entitlement then sell_card: the card checked, then recorded."""
    card = new_entitlement(
        check_key(key), member_id, kind, covers, uses_bought, paid_minor,
        value_per_use_minor=value_per_use_minor, expires_ms=expires_ms,
        store_scope=store_scope, shareable=shareable,
    )  # fmt: skip
    return sell_card(uow, key, card, store_code, by_user, now_ms)


def _locked(uow: LoyaltyUnitOfWorkPort, card_no: int) -> StoredCard:
    stored = uow.entitlements.get(card_no, lock=True)
    if stored is None:
        raise UnknownCard(_("there is no card {card}").format(card=card_no))
    return stored


def _replay(previous: UseRecord, request: UseRecord) -> Authorised:
    if previous.same_request(request):
        return Authorised(previous, True)
    raise IdempotencyConflict(
        _("key {key} was used already for another request on card {card}").format(
            key=previous.key, card=previous.card_no
        )
    )


def redeem_use(
    uow: LoyaltyUnitOfWorkPort,
    key: str,
    card_no: int,
    sku: str,
    store_code: str,
    member_id: str,
    by_user: str,
    now_ms: int,
    uses: int = 1,
) -> Authorised:
    """Authorise `uses` uses of card `card_no` for `sku` at `store_code`, presented by
    `member_id`; EntitlementRefused with the rule's sentence when the card may not serve."""
    check_key(key)
    check_texts(member_id, store_code, [sku])
    with uow:
        stored = _locked(uow, card_no)
        request = UseRecord(
            card_no, key, USE, sku, store_code, member_id, uses, 0, 0, now_ms, by_user
        )
        previous = uow.entitlements.use_by_key(key)
        if previous is not None:
            return _replay(previous, request)
        require_member(uow, member_id)
        use = check_use(stored.card, sku, store_code, member_id, now_ms, uses)
        moves = _moves(uow.catalogue, sku, uses)
        after = redeem(stored.card, use)
        record = UseRecord(
            card_no, key, USE, sku, store_code, member_id, uses, use.value_minor,
            after.uses_left, now_ms, by_user, moves,
        )  # fmt: skip
        uow.entitlements.set_uses_taken(card_no, after.uses_taken)
        uow.entitlements.insert_use(record)
        uow.commit()
    return Authorised(record, False)


def _moves(catalogue: LoyaltyProductsPort, sku: str, uses: int) -> tuple[RedemptionMove, ...]:
    bills: dict[str, Bill] = {}
    product = catalogue.products_by_sku([sku]).get(sku)
    if product is not None:

        def direct(part: str) -> tuple[str, list[tuple[str, int]]]:
            found = catalogue.products_by_sku([part]).get(part)
            return ("goods", []) if found is None else (found.kind, list(found.components))

        components = () if product.kind == "goods" else flatten_components(sku, direct)
        bills[sku] = bill_of(
            CatalogueProduct(
                sku,
                product.name,
                product.unit,
                product.price_minor,
                product.cost_minor,
                product.currency,
                product.active,
                product.kind,
                components=components,
            )  # fmt: skip
        )
    return redemption_moves(sku, uses, bills)


def moves_of(catalogue: LoyaltyProductsPort, sku: str, qty: int) -> tuple[RedemptionMove, ...]:
    """The stock `qty` of `sku` moves out when given away (a bundle: its components), as a
    card's use moves it; a reward item's movements (services.rewards)."""
    return _moves(catalogue, sku, qty)


def refund_card(
    uow: LoyaltyUnitOfWorkPort,
    key: str,
    card_no: int,
    store_code: str,
    by_user: str,
    now_ms: int,
) -> Authorised:
    """Refund card `card_no`: paid - uses taken x value per use (common.domain.entitlements);
    the record's value_minor is what is paid back. A refunded card takes no further use."""
    check_key(key)
    check_texts(store_code=store_code)
    with uow:
        stored = _locked(uow, card_no)
        owner = stored.card.member_id  # the refund is the owner's, as the use rows name a member
        request = UseRecord(card_no, key, REFUND, "", store_code, owner, 0, 0, 0, now_ms, by_user)
        previous = uow.entitlements.use_by_key(key)
        if previous is not None:
            return _replay(previous, request)
        _refunded, amount = refund(stored.card)
        record = UseRecord(
            card_no, key, REFUND, "", store_code, owner, 0, amount, stored.card.uses_left, now_ms,
            by_user,
        )  # fmt: skip
        uow.entitlements.set_refunded(card_no, now_ms)
        uow.entitlements.insert_use(record)
        uow.commit()
    return Authorised(record, False)


def cards_of(uow: LoyaltyUnitOfWorkPort, member_id: str) -> list[StoredCard]:
    with uow:
        require_member(uow, member_id, posting=False)
        return uow.entitlements.of_member(member_id)


def uses_of(uow: LoyaltyUnitOfWorkPort, card_no: int) -> list[UseRecord]:
    with uow:
        if uow.entitlements.get(card_no) is None:
            raise UnknownCard(_("there is no card {card}").format(card=card_no))
        return uow.entitlements.uses_of(card_no)
