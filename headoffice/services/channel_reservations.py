"""Channel reservations at head office: reserve, confirm, release, read, expire, cancel.

Reserve is a compare-and-set on available (store.channels_repo.lock_stock locks the
store's rows of the SKUs; SQLite's write transactions run one at a time): of two orders
for the last unit exactly one wins, the other gets NotPromisable naming SKU, asked and
promisable. (channel, idempotency key) is unique: a retried Reserve gets the reservation
the first call made (replayed), also when the two raced (the loser's insert fails and it
reads the winner's). Every change of reserved or committed is a stock_state_changes row
naming the reservation. A confirmed order is queued downstream for its store; once the
store was told, a cancel or release is queued too (state "cancelled"); callers wake the
stores' streams after commit (`ChangedReservation.notify_store`).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from common.clock import now_ms as clock_now_ms
from common.errors import ConfigError, InvalidInput
from common.i18n import _
from headoffice.domain.channel_input import (
    check_hold,
    check_key,
    check_lines,
    check_text,
    request_hash,
)
from headoffice.domain.channels import (
    CANCELLED,
    CONFIRMED,
    DEFAULT_HOLD_MS,
    EXPIRED,
    HELD,
    MAX_HOLD_MS,
    MAX_ORDER_REF_CHARS,
    MAX_REASON_CHARS,
    MIN_HOLD_MS,
    PICKED,
    RELEASED,
    RESERVATION_DOCUMENT,
    Availability,
    Channel,
    NotPromisable,
    Reservation,
    ReservationKeyTaken,
    StockFigures,
    UnknownChannel,
    UnknownReservation,
    check_allowed,
    check_cancel,
    check_confirm,
    check_may_act,
    check_owner,
    check_release,
    check_replay,
    format_reservation_id,
    parse_reservation_id,
    promisable,
    quota_percent,
    shortages,
)
from headoffice.domain.errors import StoreDisabled, UnknownProduct, UnknownStore
from headoffice.domain.store_events import ChannelOrderChanged
from headoffice.services import channel_conflicts
from headoffice.services.ports_channels import ChannelsUnitOfWorkPort

log = logging.getLogger(__name__)
DOCUMENT = RESERVATION_DOCUMENT
EXPIRE_BATCH = 500


@dataclass(frozen=True)
class HoldPolicy:
    hold_ms: int = DEFAULT_HOLD_MS
    max_hold_ms: int = MAX_HOLD_MS


def hold_policy(config: dict[str, dict[str, Any]]) -> HoldPolicy:
    """[channels] hold_ms and max_hold_ms, checked at start."""
    section = config.get("channels", {})
    hold = section.get("hold_ms", DEFAULT_HOLD_MS)
    most = section.get("max_hold_ms", MAX_HOLD_MS)
    for value in (hold, most):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(_("[channels] hold_ms and max_hold_ms are whole milliseconds"))
    if not MIN_HOLD_MS <= hold <= most <= 7 * MAX_HOLD_MS:
        raise ConfigError(
            _(
                "[channels] needs {low} <= hold_ms <= max_hold_ms <= {high} milliseconds, got "
                "hold_ms {hold} and max_hold_ms {most}"
            ).format(low=MIN_HOLD_MS, high=7 * MAX_HOLD_MS, hold=hold, most=most)
        )
    return HoldPolicy(hold, most)


def channel_actor(channel: str) -> str:
    return f"channel:{channel}"


def _channel(uow: ChannelsUnitOfWorkPort, code: str) -> Channel:
    found = uow.channels.get_channel(code)
    if found is None:
        raise UnknownChannel(_("there is no channel {channel}").format(channel=code))
    return found


def _open_store(uow: ChannelsUnitOfWorkPort, store_code: str) -> None:
    store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:
        raise StoreDisabled(store_code)


def _availability(
    uow: ChannelsUnitOfWorkPort, channel: str, store_code: str, figures: dict[str, StockFigures],
    has_quotas: bool = True,
) -> dict[str, Availability]:  # fmt: skip
    """Per SKU what the channel may promise, its quota applied (domain.channels.promisable);
    `has_quotas` False (the caller knows the channel has none) reads no quota."""
    skus = list(figures)
    quotas = uow.channels.quotas(channel) if has_quotas else []
    categories = (
        {sku: p.category for sku, p in uow.catalogue.products_by_sku(skus).items()}
        if quotas
        else {}
    )
    percents = {sku: quota_percent(quotas, sku, categories.get(sku, "")) for sku in skus}
    # Without a quota (100 percent) what the channel holds already changes nothing.
    capped = [sku for sku, pct in percents.items() if pct < 100]
    mine = uow.channels.reserved_by_channel(channel, store_code, capped) if capped else {}
    found: dict[str, Availability] = {}
    for sku, f in figures.items():
        pct = percents[sku]
        found[sku] = Availability(
            sku, f.available, promisable(f.available, mine.get(sku, 0), pct), pct
        )
    return found


def _state_changes(
    uow: ChannelsUnitOfWorkPort, r: Reservation, state: str, sign: int, reason: str,
    actor: str, now: int, document: tuple[str, str] = ("", ""),
) -> None:  # fmt: skip
    doc_type, doc_id = document if document[0] else (DOCUMENT, r.reservation_id)
    for sku, qty in r.lines:
        uow.channels.add_state(
            r.store_code, sku, state, sign * qty, doc_type, doc_id, reason, actor, now
        )


def reserve(
    uow: ChannelsUnitOfWorkPort,
    channel: str,
    store_code: str,
    lines: Sequence[tuple[str, int]],
    key: str,
    expires_in_ms: int = 0,
    order_ref: str = "",
    policy: HoldPolicy = HoldPolicy(),
    now_ms: int | None = None,
) -> Reservation:
    """Hold the lines for the channel, all or nothing; a retried key returns the same."""
    checked = check_lines(lines)
    check_key(key)
    check_text(_("the order reference"), order_ref, MAX_ORDER_REF_CHARS)
    hold = check_hold(expires_in_ms, policy.hold_ms, policy.max_hold_ms)
    wanted = request_hash(store_code, checked)
    now = clock_now_ms() if now_ms is None else now_ms
    skus = [sku for sku, _qty in checked]
    try:
        with uow:
            # The checks' reads in one round trip, answered in the order they were asked.
            ctx = uow.channels.reserve_context(channel, store_code, key, skus)
            if ctx is None:
                raise UnknownChannel(_("there is no channel {channel}").format(channel=channel))
            check_may_act(channel, ctx.disabled, ctx.allowed, store_code)
            if ctx.replay_id:
                found = uow.channels.get_reservation(ctx.replay_id)
                if found is not None:
                    return replace(check_replay(found, store_code, wanted), replayed=True)
            if not ctx.store_known:
                raise UnknownStore(store_code)
            if ctx.store_disabled:
                raise StoreDisabled(store_code)
            if ctx.skus_known < len(skus):
                unknown = set(skus) - uow.catalogue.existing_skus(skus)
                raise UnknownProduct(*sorted(unknown))
            figures = uow.channels.lock_stock(store_code, skus, now)
            can = _availability(uow, channel, store_code, figures, ctx.has_quotas)
            short = shortages(checked, {sku: a.promisable for sku, a in can.items()})
            if short:
                raise NotPromisable(store_code, short)
            held = Reservation(
                id=0, channel=channel, store_code=store_code, idempotency_key=key,
                request_hash=wanted, state=HELD, lines=checked, created_at_ms=now,
                expires_at_ms=now + hold, order_ref=order_ref,
            )  # fmt: skip
            held = replace(held, id=uow.channels.add_hold(held, HELD, channel_actor(channel)))
            uow.commit()
            return held
    except ReservationKeyTaken:
        pass
    # A concurrent call with the same key committed first: answer with its reservation.
    with uow:
        found = uow.channels.find_by_key(channel, key)
        if found is None:  # pragma: no cover - the unique key was taken by a row we cannot see
            raise InvalidInput(_("idempotency key {key} is taken; retry").format(key=key))
        return replace(check_replay(found, store_code, wanted), replayed=True)


def _find(uow: ChannelsUnitOfWorkPort, channel: str, reservation_id: str, key: str,
          for_update: bool = False) -> Reservation:  # fmt: skip
    if reservation_id:
        found = uow.channels.get_reservation(parse_reservation_id(reservation_id), for_update)
        return check_owner(found, channel, reservation_id)
    if not key:
        raise InvalidInput(_("give a reservation id or the idempotency key"))
    found = uow.channels.find_by_key(channel, check_key(key))
    if found is not None and for_update:
        found = uow.channels.get_reservation(found.id, for_update)
    return check_owner(found, channel, key)


def get_reservation(
    uow: ChannelsUnitOfWorkPort, channel: str, reservation_id: str = "", key: str = ""
) -> Reservation:
    with uow:
        return _find(uow, channel, reservation_id, key)


def confirm(
    uow: ChannelsUnitOfWorkPort, channel: str, reservation_id: str = "", key: str = "",
    now_ms: int | None = None,
) -> Reservation:  # fmt: skip
    """The customer paid: no expiry any more, and the store is sent the order to pick.
    Confirming a confirmed reservation again answers it as it is (a retried Confirm)."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        found = _find(uow, channel, reservation_id, key, for_update=True)
        check_confirm(found, now)
        if found.state == CONFIRMED:
            return found
        done = replace(found, state=CONFIRMED, expires_at_ms=0, confirmed_at_ms=now)
        uow.channels.confirm_reservation(found.id, CONFIRMED, now)
        uow.downstream.enqueue_store_event(found.store_code, ChannelOrderChanged(done), now)
        uow.commit()
        return done


def _close(
    uow: ChannelsUnitOfWorkPort, found: Reservation, state: str, reason: str, actor: str,
    now: int, document: tuple[str, str] = ("", ""), settled: Collection[str] = (),
) -> Reservation:  # fmt: skip
    """Give the stock back and close the reservation; tell the store if it had been told.
    The store's open conflicts of the SKUs are checked again (an order ending can clear
    or shrink a shortfall), except the SKUs in `settled` (the caller updates their conflict)."""
    held_as = "committed" if found.state == PICKED else "reserved"
    _state_changes(uow, found, held_as, -1, state, actor, now, document)
    done = replace(
        found, state=state, expires_at_ms=0, closed_at_ms=now, close_reason=reason,
        closed_by=actor,
    )  # fmt: skip
    uow.channels.update_reservation(
        found.id, state=state, closed_at_ms=now, close_reason=reason, closed_by=actor
    )
    if found.state in (CONFIRMED, PICKED):
        uow.downstream.enqueue_store_event(found.store_code, ChannelOrderChanged(done), now)
    skus = [sku for sku, _qty in found.lines if sku not in settled]
    if skus:
        channel_conflicts.recheck(uow, found.store_code, skus, now)
    return done


def release(
    uow: ChannelsUnitOfWorkPort, channel: str, reservation_id: str, reason: str = "",
    now_ms: int | None = None,
) -> Reservation:  # fmt: skip
    """The channel gives the stock back (its customer cancelled); a retry answers the same."""
    check_text(_("the reason"), reason, MAX_REASON_CHARS)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        found = _find(uow, channel, reservation_id, "", for_update=True)
        if found.state == RELEASED:
            return found
        check_release(found)
        done = _close(uow, found, RELEASED, reason, channel_actor(channel), now)
        uow.commit()
        return done


def cancel_reservation(
    uow: ChannelsUnitOfWorkPort,
    reservation_id: int,
    reason: str,
    actor: str,
    now_ms: int,
    document: tuple[str, str] = ("", ""),
    settled: Collection[str] = (),
) -> Reservation:
    """Cancel an open reservation inside the caller's open unit of work (the caller commits:
    staff through cancel_by_staff, conflict resolution with its own change). The stock goes
    back (reserved, or committed once picked); a confirmed or picked order goes to the store
    again with state "cancelled"; the channel reads the reason (GetReservation). `document`
    (type, id) names what the state changes are explained by when it is not the reservation
    itself (a conflict: ("conflict", "CC000001")); a conflict resolving itself names its SKU
    in `settled` so only the order's other SKUs are checked again."""
    if not reason.strip():
        raise InvalidInput(_("a cancel needs a reason: the channel receives it"))
    check_text(_("the reason"), reason, MAX_REASON_CHARS)
    found = uow.channels.get_reservation(reservation_id, for_update=True)
    if found is None:
        raise UnknownReservation(
            _("there is no reservation {id}").format(id=format_reservation_id(reservation_id))
        )
    check_cancel(found)
    return _close(uow, found, CANCELLED, reason, actor, now_ms, document, settled)


def expire_due(
    uow: ChannelsUnitOfWorkPort, now_ms: int | None = None, batch: int = EXPIRE_BATCH
) -> int:
    """Expire every held reservation past its time and return its stock; how many."""
    now = clock_now_ms() if now_ms is None else now_ms
    expired = 0
    while True:
        with uow:
            due = uow.channels.due_to_expire(now, batch)
            for reservation_id in due:
                found = uow.channels.get_reservation(reservation_id, for_update=True)
                if found is None or found.state != HELD or found.expires_at_ms > now:
                    continue  # confirmed or released meanwhile
                _close(uow, found, EXPIRED, "", "expire_reservations", now)
                expired += 1
            uow.commit()
        if len(due) < batch:
            return expired


def available_to_promise(
    uow: ChannelsUnitOfWorkPort, channel: str, store_code: str, skus: Iterable[str] = ()
) -> list[Availability]:
    """What the channel may still reserve per SKU (every SKU the store has, if none named)."""
    wanted = sorted(set(skus))
    with uow:
        check_allowed(_channel(uow, channel), store_code)
        _open_store(uow, store_code)
        if wanted:
            unknown = set(wanted) - uow.catalogue.existing_skus(wanted)
            if unknown:
                raise UnknownProduct(*sorted(unknown))
        figures = uow.channels.stock_figures(store_code, wanted or None)
        return sorted(_availability(uow, channel, store_code, figures).values(),
                      key=lambda a: a.sku)  # fmt: skip


def availability_for(
    uow: ChannelsUnitOfWorkPort, channel: str, store_code: str, figures: dict[str, StockFigures]
) -> dict[str, Availability]:
    """Per SKU what `channel` may promise, inside the caller's open unit of work."""
    return _availability(uow, channel, store_code, figures)


def reserved_lines(
    uow: ChannelsUnitOfWorkPort, store_code: str, skus: Iterable[str]
) -> dict[str, list[tuple[Reservation, int]]]:
    """Per SKU the store's open reservations holding it (oldest first) and their quantity,
    inside the caller's open unit of work (channel conflicts read them)."""
    wanted = set(skus)
    found: dict[str, list[tuple[Reservation, int]]] = {sku: [] for sku in wanted}
    for r in uow.channels.open_reservations(store_code, wanted):
        for sku, qty in r.lines:
            if sku in wanted:
                found[sku].append((r, qty))
    return found


def open_reservations(uow: ChannelsUnitOfWorkPort) -> dict[str, int]:
    """Open reservations per store (the metric)."""
    with uow:
        return uow.channels.open_counts()
