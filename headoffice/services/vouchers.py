"""Group-buy vouchers at the till, through head office: scan, verify, cancel.

Every state is committed before the platform is called, and the platform is called outside
any transaction: verify stores its row `verifying` under the till's request id, then asks the
platform with that same request id, then stores the answer. A retry with the request id finds
the row: answered again when it is settled, the platform asked again (with the same request
id, so it redeems nothing twice) while it is still verifying, refused when the count or code
differ. Cancel stores `cancelling` first the same way. Vouchers are chain-wide; a redemption
belongs to the store that asked for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from common.clock import now_ms as clock_now_ms
from common.domain.typed_text import clean_reference
from common.errors import InvalidInput
from common.i18n import _
from common.logs import log_event
from headoffice.domain.errors import StoreDisabled, StoreIdentityMismatch, UnknownStore
from headoffice.domain.vouchers import (
    CANCELLED,
    CANCELLING,
    CODE_LENGTHS,
    FAILED,
    VERIFIED,
    VERIFYING,
    Package,
    PackageLine,
    Redemption,
    RequestRace,
    VoucherLookup,
    VoucherNotFound,
    VoucherRefused,
    check_cancel_window,
    check_code,
    check_count,
    check_platform,
    mask_code,
    parse_redemption_id,
)
from headoffice.services.voucher_ports import VoucherPlatform, VouchersUnitOfWorkPort

log = logging.getLogger(__name__)
NewUow = Callable[[], VouchersUnitOfWorkPort]


@dataclass(frozen=True)
class Scanned:
    lookup: VoucherLookup
    package: Package | None


@dataclass(frozen=True)
class TillVoucher:
    """A store's verify: the store from its certificate, the rest as the till sent it."""

    store_code: str
    platform: str
    code: str
    count: int
    request_id: str
    till_id: str = ""
    cashier: str = ""


@dataclass(frozen=True)
class Done:
    redemption: Redemption
    replayed: bool


def platform_of(platforms: Mapping[str, VoucherPlatform], name: str, code: str) -> VoucherPlatform:
    """The named platform, or (no name) the one whose codes look like `code`."""
    if not name:
        fits = [n for n in platforms if CODE_LENGTHS.get(n, 0) == len(code)]
        if len(platforms) == 1:
            fits = list(platforms)
        if len(fits) != 1:
            raise InvalidInput(
                _("say which platform voucher {code} is from ({platforms})").format(
                    code=mask_code(code), platforms=", ".join(sorted(platforms)) or _("none")
                )
            )
        name = fits[0]
    return platforms[check_platform(name, sorted(platforms))]


def _request_id(text: str) -> str:
    found = clean_reference(_("a request id"), text)
    if not found:
        raise InvalidInput(_("a voucher verify or cancel needs the till's request id"))
    return found


def _check_store(uow: VouchersUnitOfWorkPort, store_code: str) -> None:
    store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:
        raise StoreDisabled(store_code)


def _check_usable(lookup: VoucherLookup, count: int, now: int) -> None:
    code = mask_code(lookup.code)
    if lookup.valid_until_ms and now >= lookup.valid_until_ms:
        raise VoucherRefused(
            _("voucher {code} has expired on {platform}").format(
                code=code, platform=lookup.platform
            )
        )
    if lookup.uses_left < count:
        raise VoucherRefused(
            _("voucher {code} has {left} uses left on {platform}; asked for {count}").format(
                code=code, left=lookup.uses_left, platform=lookup.platform, count=count
            )
        )


def scan(
    uow: VouchersUnitOfWorkPort,
    platforms: Mapping[str, VoucherPlatform],
    store_code: str,
    platform_name: str,
    typed: str,
) -> Scanned:
    """Look the code up on its platform, with the package one use deducts (None: not set)."""
    code = check_code(typed)
    platform = platform_of(platforms, platform_name, code)
    with uow:
        _check_store(uow, store_code)
    lookup = platform.prepare(code)
    with uow:
        package = uow.vouchers.package(platform.name, lookup.product_id)
    return Scanned(lookup, package)


def _same_request(found: Redemption, platform: str, code: str, count: int) -> None:
    if found.platform != platform or found.code != code:
        raise VoucherRefused(
            _("request {request} redeemed another voucher ({code}); a new redemption needs a "
              "new request id").format(request=found.request_id, code=found.masked)
        )  # fmt: skip
    if found.count != count:
        raise VoucherRefused(
            _("request {request} redeemed {first} uses of voucher {code}; its retry asked for "
              "{count}: retry with the same count, or start a new redemption").format(
                request=found.request_id, first=found.count, code=found.masked, count=count
            )
        )  # fmt: skip


def verify(
    new_uow: NewUow,
    platforms: Mapping[str, VoucherPlatform],
    ask: TillVoucher,
    now_ms: int | None = None,
) -> Done:
    """Redeem `count` uses of a voucher for a store, exactly once per request id.

    A till that lost head office's answer asks again with the request id alone (it keeps
    no full code): the redemption made under that id answers, as a retry with the code would.
    """
    if not ask.code.strip():
        ask = _with_known_code(new_uow, ask)
    try:
        return _verify(new_uow, platforms, ask, now_ms)
    except RequestRace:
        return _verify(new_uow, platforms, ask, now_ms)


def _with_known_code(new_uow: NewUow, ask: TillVoucher) -> TillVoucher:
    """The request as first made under its id (the code head office stored), or refused."""
    request_id = _request_id(ask.request_id)
    uow = new_uow()
    with uow:
        _check_store(uow, ask.store_code)
        found = uow.vouchers.by_request(ask.store_code, request_id)
    if found is None:
        raise InvalidInput(
            _("head office has no voucher redemption under request id {key} for this store; "
              "scan the voucher again").format(key=request_id)
        )  # fmt: skip
    return replace(ask, code=found.code, platform=ask.platform or found.platform)


def _verify(
    new_uow: NewUow, platforms: Mapping[str, VoucherPlatform], ask: TillVoucher,
    now_ms: int | None,
) -> Done:  # fmt: skip
    code = check_code(ask.code)
    count = check_count(ask.count)
    request_id = _request_id(ask.request_id)
    platform = platform_of(platforms, ask.platform, code)
    now = clock_now_ms() if now_ms is None else now_ms
    uow = new_uow()
    with uow:
        _check_store(uow, ask.store_code)
        found = uow.vouchers.by_request(ask.store_code, request_id)
    if found is not None:
        _same_request(found, platform.name, code, count)
        if found.state == FAILED:
            raise VoucherRefused(found.error)
        if found.state != VERIFYING:
            return Done(found, True)
        row = found
    else:
        lookup = platform.prepare(code)  # unknown, used, expired, cancelled: nothing written
        _check_usable(lookup, count, now)
        with uow:
            package = uow.vouchers.package(platform.name, lookup.product_id)
            if package is None:
                raise VoucherRefused(
                    _("no package is set for {platform} product {product} ({title}); set what "
                      "one use deducts with 'hoctl voucher package set'").format(
                        platform=platform.name, product=lookup.product_id, title=lookup.title
                    )
                )  # fmt: skip
            row = uow.vouchers.insert(
                Redemption(
                    0, platform.name, code, ask.store_code, request_id, count, VERIFYING, now,
                    product_id=lookup.product_id, title=lookup.title,
                    price_minor=lookup.price_minor, currency=lookup.currency,
                    till_id=ask.till_id, cashier=ask.cashier,
                    lines=tuple(PackageLine(p.sku, p.qty_base * count) for p in package.lines),
                )
            )  # fmt: skip
            uow.commit()
    try:
        answer = platform.verify(code, count, request_id)
    except (VoucherRefused, VoucherNotFound) as exc:
        _settle(uow, row.id, VERIFYING, FAILED, error=str(exc))
        raise
    settled = _settle(
        uow, row.id, VERIFYING, VERIFIED, platform_ref=answer.platform_ref,
        verified_at_ms=answer.verified_at_ms, cancel_until_ms=answer.cancel_until_ms,
    )  # fmt: skip
    log_event(
        log, logging.INFO, "voucher verified", redemption=settled.text_id, platform=platform.name,
        code=settled.masked, store=ask.store_code, count=count, retried=found is not None,
    )  # fmt: skip
    return Done(settled, found is not None)


def _settle(
    uow: VouchersUnitOfWorkPort, redemption_id: int, was: str, to: str, **values: object
) -> Redemption:
    """Store the platform's answer unless another call stored it first."""
    with uow:
        row = uow.vouchers.get(redemption_id, for_update=True)
        assert row is not None
        if row.state == was:
            row.state = to
            for name, value in values.items():
                setattr(row, name, str(value)[:200] if name == "error" else value)
            uow.vouchers.update(row)
            uow.commit()
        return row


def cancel(
    new_uow: NewUow,
    platforms: Mapping[str, VoucherPlatform],
    store_code: str,
    typed_id: str,
    request_id: str,
    now_ms: int | None = None,
) -> Done:
    """Undo a redemption of this store within its platform's window."""
    rid = parse_redemption_id(typed_id)
    key = _request_id(request_id)
    now = clock_now_ms() if now_ms is None else now_ms
    uow = new_uow()
    with uow:
        _check_store(uow, store_code)
        row = uow.vouchers.get(rid, for_update=True)
        if row is None:
            raise VoucherNotFound(
                _("there is no voucher redemption {redemption}").format(redemption=typed_id)
            )
        if row.store_code != store_code:
            raise StoreIdentityMismatch(
                _("redemption {redemption} was made by store {owner}; only that store can cancel "
                  "it").format(redemption=row.text_id, owner=row.store_code)
            )  # fmt: skip
        if row.state == CANCELLED:
            return Done(row, True)
        if row.state not in (VERIFIED, CANCELLING):
            raise VoucherRefused(
                _("redemption {redemption} is {state}; only a verified redemption can be "
                  "cancelled").format(redemption=row.text_id, state=row.state)
            )  # fmt: skip
        if row.state == VERIFIED:
            check_cancel_window(row, now, row.cancel_until_ms - row.verified_at_ms)
            row.state, row.cancel_request_id = CANCELLING, key
            uow.vouchers.update(row)
            uow.commit()
    platform = platforms.get(row.platform)
    if platform is None:
        raise VoucherRefused(
            _("platform {platform} is not configured any more ([vouchers.platforms])").format(
                platform=row.platform
            )
        )
    try:
        answer = platform.cancel(row.platform_ref, row.code, row.cancel_request_id)
    except (VoucherRefused, VoucherNotFound) as exc:
        _settle(uow, row.id, CANCELLING, VERIFIED, error=str(exc))
        raise
    settled = _settle(
        uow, row.id, CANCELLING, CANCELLED, cancelled_at_ms=answer.cancelled_at_ms or now
    )
    log_event(
        log, logging.INFO, "voucher cancelled", redemption=settled.text_id,
        platform=row.platform, code=settled.masked, store=store_code,
    )  # fmt: skip
    return Done(settled, False)
