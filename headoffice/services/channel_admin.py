"""Channels for staff: add a channel (and its certificate), allow stores, set quotas, list
and cancel reservations, read stock by state, set damaged and safety stock.

A store manager reads only their stores' states and reservations (Staff.check_store).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from common.bundle import ChannelIdentity
from common.certs import KeyPair
from common.clock import now_ms as clock_now_ms
from common.domain.limits import MAX_QTY_BASE, check_qty
from common.errors import AlreadyExists, InvalidInput
from common.i18n import _
from headoffice.domain.channel_input import (
    check_channel_code,
    check_kind,
    check_percent,
    check_scope,
    check_text,
)
from headoffice.domain.channels import (
    MAX_LIST,
    MAX_REASON_CHARS,
    STAFF_STATES,
    STATES,
    Channel,
    ChannelQuota,
    Reservation,
    StateRow,
    UnknownChannel,
    parse_reservation_id,
)
from headoffice.domain.errors import UnknownProduct, UnknownStore
from headoffice.domain.roles import Permission, Staff
from headoffice.services import audit
from headoffice.services.channel_reservations import availability_for, cancel_reservation
from headoffice.services.credentials import issue_channel_identity
from headoffice.services.ports_channels import ChannelsUnitOfWorkPort


@dataclass(frozen=True)
class AddedChannel:
    channel: Channel
    identity: ChannelIdentity


def _stores_exist(uow: ChannelsUnitOfWorkPort, stores: Sequence[str]) -> None:
    for store_code in stores:
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)


def _channel(uow: ChannelsUnitOfWorkPort, code: str) -> Channel:
    found = uow.channels.get_channel(code)
    if found is None:
        raise UnknownChannel(_("there is no channel {channel}").format(channel=code))
    return found


def add_channel(
    uow: ChannelsUnitOfWorkPort, staff: Staff, ca: KeyPair, address: str, code: str, name: str,
    kind: str, stores: Sequence[str], now_ms: int | None = None,
) -> AddedChannel:  # fmt: skip
    """A new channel, the stores it may act for, and its certificate (in the reply only)."""
    staff.require(Permission.CHANNEL_WRITE)
    check_channel_code(code)
    check_kind(kind)
    if not name.strip():
        raise InvalidInput(_("a channel needs a name (--name)"))
    check_text(_("the channel's name"), name, 200)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if uow.channels.get_channel(code) is not None:
            raise AlreadyExists(_("channel {channel} exists already").format(channel=code))
        _stores_exist(uow, stores)
        channel = Channel(code, name, kind, tuple(sorted(set(stores))), now, staff.username)
        uow.channels.add_channel(channel)
        identity = issue_channel_identity(uow, ca, code, address, staff.username, now)
        audit.record(
            uow, staff.username, "channel.add", "channel", code, None,
            {"name": name, "kind": kind, "stores": list(channel.stores)}, now_ms=now,
        )  # fmt: skip
        uow.commit()
    return AddedChannel(channel, identity)


def list_channels(uow: ChannelsUnitOfWorkPort, staff: Staff) -> list[Channel]:
    staff.require(Permission.CHANNEL_READ)
    with uow:
        return uow.channels.list_channels()


def allow_stores(
    uow: ChannelsUnitOfWorkPort, staff: Staff, code: str, add: Sequence[str],
    remove: Sequence[str],
) -> Channel:  # fmt: skip
    staff.require(Permission.CHANNEL_WRITE)
    with uow:
        before = _channel(uow, code)
        _stores_exist(uow, add)
        uow.channels.set_stores(code, add, remove)
        after = _channel(uow, code)
        audit.record(
            uow, staff.username, "channel.allow", "channel", code,
            {"stores": list(before.stores)}, {"stores": list(after.stores)},
        )  # fmt: skip
        uow.commit()
        return after


def set_quota(
    uow: ChannelsUnitOfWorkPort, staff: Staff, code: str, scope: str, key: str, percent: int,
    now_ms: int | None = None,
) -> ChannelQuota:  # fmt: skip
    """At most `percent` of available for the channel per SKU or category; 0 removes it."""
    staff.require(Permission.CHANNEL_WRITE)
    check_scope(scope)
    check_percent(percent)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _channel(uow, code)
        if scope == "sku" and not uow.catalogue.existing_skus([key]):
            raise UnknownProduct(key)
        if scope == "category" and not uow.catalogue.category_exists(key):
            raise UnknownProduct(category=key)
        quota = ChannelQuota(code, scope, key, percent, now, staff.username)
        uow.channels.set_quota(quota)
        audit.record(
            uow, staff.username, "channel.quota", "channel", code, None,
            {"scope": scope, "key": key, "percent": percent}, now_ms=now,
        )  # fmt: skip
        uow.commit()
        return quota


def list_quotas(uow: ChannelsUnitOfWorkPort, staff: Staff, code: str = "") -> list[ChannelQuota]:
    staff.require(Permission.CHANNEL_READ)
    with uow:
        if code:
            _channel(uow, code)
        return uow.channels.quotas(code)


def list_reservations(
    uow: ChannelsUnitOfWorkPort, staff: Staff, channel: str = "", store_code: str = "",
    state: str = "", limit: int = 0,
) -> list[Reservation]:  # fmt: skip
    staff.require(Permission.CHANNEL_READ)
    if state and state not in STATES:
        raise InvalidInput(
            _("state {state} must be one of {states}").format(
                state=repr(state), states=", ".join(STATES)
            )
        )
    if not 0 <= limit <= MAX_LIST:
        raise InvalidInput(_("--limit is 1 to {most}").format(most=MAX_LIST))
    if store_code:
        staff.check_store(store_code)
    elif not staff.chain_wide:
        raise InvalidInput(_("name one of your stores with --store"))
    with uow:
        return uow.channels.list_reservations(channel, store_code, state, limit or MAX_LIST)


def cancel_by_staff(
    uow: ChannelsUnitOfWorkPort, staff: Staff, reservation_id: str, reason: str,
    now_ms: int | None = None,
) -> Reservation:  # fmt: skip
    staff.require(Permission.CHANNEL_WRITE)
    number = parse_reservation_id(reservation_id)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        done = cancel_reservation(uow, number, reason, staff.username, now)
        audit.record(
            uow, staff.username, "channel.cancel", "reservation", done.reservation_id, None,
            {"reason": reason, "store_code": done.store_code}, now_ms=now,
        )  # fmt: skip
        uow.commit()
        return done


def stock_states(
    uow: ChannelsUnitOfWorkPort, staff: Staff, store_code: str, sku: str = "",
    channel: str = "", limit: int = 0,
) -> list[StateRow]:  # fmt: skip
    """A store's SKUs by state; with a channel ("*": every channel) what each may promise."""
    staff.require(Permission.CHANNEL_READ)
    if not store_code:
        raise InvalidInput(_("name the store (--store)"))
    staff.check_store(store_code)
    if not 0 <= limit <= MAX_LIST * 10:
        raise InvalidInput(_("--limit is 1 to {most}").format(most=MAX_LIST * 10))
    with uow:
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        figures = uow.channels.stock_figures(store_code, [sku] if sku else None)
        if limit:
            figures = dict(list(figures.items())[:limit])
        if channel == "*":
            codes = [c.code for c in uow.channels.list_channels() if store_code in c.stores]
        elif channel:
            codes = [_channel(uow, channel).code]
        else:
            codes = []
        per_channel = {code: availability_for(uow, code, store_code, figures) for code in codes}
        return [
            StateRow(store_code, s, f, tuple(replace(per_channel[c][s], channel=c) for c in codes))
            for s, f in figures.items()
        ]


def set_stock_state(
    uow: ChannelsUnitOfWorkPort, staff: Staff, store_code: str, sku: str, state: str,
    qty_base: int, reason: str, now_ms: int | None = None,
) -> StateRow:  # fmt: skip
    """Set damaged or safety stock of one store's SKU to a figure, with the reason."""
    staff.require(Permission.CHANNEL_WRITE)
    staff.check_store(store_code)
    if state not in STAFF_STATES:
        raise InvalidInput(
            _("staff set damaged or safety stock, not {state}").format(state=repr(state))
        )
    if qty_base != 0:
        check_qty(_("the quantity"), qty_base, MAX_QTY_BASE)
    if not reason.strip():
        raise InvalidInput(_("say why (--reason): the change is recorded with it"))
    check_text(_("the reason"), reason, MAX_REASON_CHARS)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if uow.stores.get_store(store_code) is None:
            raise UnknownStore(store_code)
        if not uow.catalogue.existing_skus([sku]):
            raise UnknownProduct(sku)
        before = uow.channels.lock_stock(store_code, [sku], now)[sku]
        delta = qty_base - getattr(before, state)
        if delta:
            uow.channels.add_state(
                store_code, sku, state, delta, "stock_state", f"{store_code}/{sku}", reason,
                staff.username, now,
            )  # fmt: skip
            audit.record(
                uow, staff.username, f"stock.{state}", "stock", f"{store_code}/{sku}",
                {state: getattr(before, state)}, {state: qty_base, "reason": reason}, now_ms=now,
            )  # fmt: skip
        after = uow.channels.stock_figures(store_code, [sku])[sku]
        uow.commit()
        return StateRow(store_code, sku, after)
