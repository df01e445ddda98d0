"""Offline oversell conflicts: found when a store's batch is applied, listed, resolved.

detect_after_batch runs inside apply_batch's transaction, after the batch's movements and
effects, so a conflict commits with the entries that caused it. Its cost for a store
without online orders is one statement (ChannelConflictsRepository.probe); everything
else runs only for SKUs with reserved or committed stock, or an open conflict, that the
batch moved. The rules (what a shortfall is, what to propose) are
headoffice.domain.channel_conflicts.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, cast

from common.clock import now_ms as clock_now_ms
from common.errors import InvalidInput
from common.i18n import _
from common.logs import log_event
from headoffice.domain.channel_conflicts import (
    CANCEL,
    CLEARED,
    OPEN,
    RESOLVED,
    TRANSFER,
    Conflict,
    ConflictRefused,
    StockFigures,
    UnknownConflict,
    check_reason,
    check_state_filter,
    parse_conflict_id,
    propose,
    require_open,
    short_to_flag,
)
from headoffice.domain.channels import format_reservation_id as reservation_id
from headoffice.domain.channels import parse_reservation_id
from headoffice.domain.replenishment import Policy
from headoffice.domain.replenishment_plan import cost_table
from headoffice.domain.roles import Staff
from headoffice.domain.transfers import check_request
from headoffice.services import audit, channel_reservations
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.ports_channel_conflicts import (
    ChannelConflictsPort,
    ChannelConflictsUnitOfWorkPort,
)
from headoffice.services.ports_channels import ChannelsUnitOfWorkPort
from headoffice.services.transfers import add_transfer

log = logging.getLogger(__name__)
DEFAULT_TRANSFER_COST_MINOR = Policy().default_transfer_cost_minor
LIST_LIMIT = 1_000
# A moved SKU's movements in one entry: (seq, [(sku, qty_base, ...), ...]) as apply_batch
# collects them (services.sync_stock.Collected.pending).
Pending = Sequence[tuple[tuple[Any, ...], Sequence[tuple[Any, ...]]]]


def detect_after_batch(
    uow: UnitOfWorkPort,
    store_code: str,
    moved: Collection[str],
    pending: Pending,
    now_ms: int,
    default_cost_minor: int | None = None,
) -> int:
    """Open, update or close the store's conflicts for the SKUs the batch moved; how many
    conflicts changed. A unit of work without the conflicts' repository does nothing.
    default_cost_minor: the store-to-store cost without a row set by hand (None: the one
    the unit of work was configured with, see transfer_cost_default)."""
    repo: ChannelConflictsPort | None = getattr(uow, "channel_conflicts", None)
    if repo is None:
        return 0
    candidates = repo.probe(store_code)
    if not candidates:
        return 0
    skus = {sku for sku in candidates if sku in moved}
    if not skus:
        return 0
    # Rare from here: which entry last took each SKU out (the entry that oversold).
    out_seq: dict[str, int] = {}
    for head, moves in pending:
        for move in moves:
            if move[0] in skus and move[1] < 0:
                out_seq[move[0]] = int(head[0])
    last_seq = int(pending[-1][0][0]) if pending else 0
    return check_skus(uow, repo, store_code, skus, out_seq, last_seq, now_ms, default_cost_minor)


def check_skus(
    uow: UnitOfWorkPort,
    repo: ChannelConflictsPort,
    store_code: str,
    skus: Collection[str],
    out_seq: Mapping[str, int],
    last_seq: int,
    now_ms: int,
    default_cost_minor: int | None = None,
) -> int:
    """Bring the store's conflicts of these SKUs up to date with the stock as it is now: a
    SKU taken out (out_seq names the entry) that leaves orders short opens a conflict or
    updates the open one; an open one whose shortfall is gone closes (cleared)."""
    figures = repo.figures(store_code, skus)
    covered = repo.covered_in_transit(store_code, skus)
    known = repo.open_conflicts(store_code, skus)
    gone: list[Conflict] = []
    short_of: dict[str, int] = {}
    for sku in sorted(skus):
        short = short_to_flag(figures.get(sku, StockFigures(0)), covered.get(sku, 0))
        conflict = known.get(sku)
        if short <= 0:
            if conflict is not None:
                gone.append(cleared(conflict, last_seq, now_ms))
        elif conflict is not None or sku in out_seq:
            short_of[sku] = short
    new: list[Conflict] = []
    changed: list[Conflict] = []
    if short_of:  # every SKU's orders and other stores' stock in one read each
        # Nearest first, by the costs replenishment uses: the rows set by hand (hoctl
        # replenish cost set), else the configured default.
        default = transfer_cost_default(uow) if default_cost_minor is None else default_cost_minor
        cost_of = cost_table(uow.replenish.costs(), default)
        orders_of = repo.held_orders(store_code, short_of)
        elsewhere = repo.available_elsewhere(short_of, store_code)
        for sku, short in short_of.items():
            orders = orders_of.get(sku, [])
            proposal = propose(store_code, short, elsewhere.get(sku, []), cost_of, orders)
            values: dict[str, Any] = {
                "short_base": short,
                "reservation_ids": tuple(o.reservation_id for o in orders),
                "proposal": proposal.kind,
                "proposed_from_store": proposal.from_store,
                "proposed_reservation_id": proposal.reservation_id,
            }
            conflict = known.get(sku)
            if conflict is None:
                new.append(
                    Conflict(
                        id=0, store_code=store_code, sku=sku, detected_at_ms=now_ms,
                        detected_seq=out_seq[sku], state=OPEN, **values,
                    )
                )  # fmt: skip
            elif any(getattr(conflict, name) != value for name, value in values.items()):
                changed.append(replace(conflict, **values))
    repo.insert_many(new)
    repo.save_many(gone + changed)
    if new or changed or gone:  # one line each for the operators, once the batch commits
        uow.after_commit(partial(_log_changes, store_code, new, changed, gone))
    return len(new) + len(gone) + len(changed)


def transfer_cost_default(uow: object) -> int:
    """The store-to-store cost without a row set by hand: [replenishment]
    default_transfer_cost_minor as the unit of work was made with it (api.server), else
    replenishment's own default."""
    configured = getattr(uow, "default_transfer_cost_minor", None)
    return DEFAULT_TRANSFER_COST_MINOR if configured is None else int(configured)


def _log_changes(
    store_code: str, new: list[Conflict], changed: list[Conflict], gone: list[Conflict]
) -> None:
    for what, level, conflicts in (
        ("channel conflict opened", logging.WARNING, new),
        ("channel conflict updated", logging.WARNING, changed),
        ("channel conflict cleared", logging.INFO, gone),
    ):
        for c in conflicts:
            log_event(log, level, what, store=store_code, sku=c.sku, short_qty_base=c.short_base,
                      proposal=c.proposal, seq=c.detected_seq)  # fmt: skip


def recheck(uow: UnitOfWorkPort, store_code: str, skus: Collection[str], now_ms: int) -> int:
    """After stock states change outside a store's batch (an order released, expired or
    cancelled): update or clear the store's open conflicts of these SKUs, inside the caller's
    transaction. It opens none: only a batch's sales do."""
    repo: ChannelConflictsPort | None = getattr(uow, "channel_conflicts", None)
    if repo is None:
        return 0
    flagged = set(repo.open_conflicts(store_code, skus))
    return check_skus(uow, repo, store_code, flagged, {}, 0, now_ms) if flagged else 0


def cleared(conflict: Conflict, seq: int, now_ms: int) -> Conflict:
    """An open conflict whose shortfall went away by itself (stock arrived, an order ended)."""
    note = _("the shortfall was gone after store entry {seq}: on hand covers the online orders")
    return replace(
        conflict, state=RESOLVED, resolution=CLEARED, resolved_at_ms=now_ms,
        note=note.format(seq=seq) if seq else _("the shortfall was gone"),
    )  # fmt: skip


# -- reading ----------------------------------------------------------------------------------


def list_conflicts(
    uow: ChannelConflictsUnitOfWorkPort, staff: Staff, store_code: str = "", state: str = ""
) -> list[Conflict]:
    wanted = check_state_filter(state)
    if store_code:
        staff.check_store(store_code)
    with uow:
        rows = uow.channel_conflicts.conflicts(store_code, wanted, LIST_LIMIT)
    return [row for row in rows if staff.sees_store(row.store_code)]


def open_counts(uow: ChannelConflictsUnitOfWorkPort) -> dict[str, int]:
    """Open conflicts per enabled store, 0 included (storeledger_channel_conflicts_open)."""
    with uow:
        counts = uow.channel_conflicts.open_counts()
        stores = uow.stores.list_stores()
    return {s.code: counts.get(s.code, 0) for s in stores if not s.disabled or s.code in counts}


# -- resolving --------------------------------------------------------------------------------


def resolve_conflict(
    uow: ChannelConflictsUnitOfWorkPort,
    staff: Staff,
    conflict_text: str,
    resolution: str = "",
    from_store: str = "",
    reservation_text: str = "",
    reason: str = "",
    now_ms: int | None = None,
) -> Conflict:
    """Resolve an open conflict as proposed, or as asked: a transfer of the shortfall from
    another store (a real transfer, through services.transfers), or cancelling an online
    order with a reason. Refused whole with one sentence; nothing is written then."""
    number = parse_conflict_id(conflict_text)
    if resolution not in ("", TRANSFER, CANCEL):
        raise InvalidInput(
            _("resolution {resolution} is not one of transfer, cancel").format(
                resolution=repr(resolution)
            )
        )
    wanted_order = parse_reservation_id(reservation_text) if reservation_text else 0
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        repo = uow.channel_conflicts
        before = repo.get(number, lock=True)
        if before is None:
            raise UnknownConflict(
                _("there is no conflict {conflict}").format(conflict=conflict_text.strip())
            )
        staff.check_store(before.store_code)
        require_open(before)
        kind = resolution or before.proposal
        if kind == TRANSFER:
            after = _by_transfer(uow, staff, before, from_store, now)
        else:
            after = _by_cancel(uow, staff, before, wanted_order, reason, now)
        repo.save(after)
        audit.record(
            uow, staff.username, f"channel.conflict.{kind}", "channel_conflict",
            after.conflict_id, _audit_state(before), _audit_state(after), now_ms=now,
        )  # fmt: skip
        uow.commit()
    return after


def _by_transfer(
    uow: ChannelConflictsUnitOfWorkPort, staff: Staff, conflict: Conflict, from_store: str,
    now: int,
) -> Conflict:  # fmt: skip
    source = from_store.strip() or conflict.proposed_from_store
    if not source:
        raise ConflictRefused(
            _(
                "no store has {qty} of {sku} available to send to {store}; name one with "
                "--from STORE, or cancel an order (--cancel --reason TEXT)"
            ).format(qty=conflict.short_base, sku=conflict.sku, store=conflict.store_code)
        )
    request = check_request(source, conflict.store_code, [(conflict.sku, conflict.short_base)])
    elsewhere = uow.channel_conflicts.available_elsewhere([conflict.sku], conflict.store_code)
    available = dict(elsewhere.get(conflict.sku, []))
    if uow.stores.get_store(source) is not None and available.get(source, 0) < conflict.short_base:
        raise ConflictRefused(
            _(
                "store {source} has {available} of {sku} available, fewer than the {qty} "
                "{store} is short; choose another store or cancel an order"
            ).format(
                source=source, available=available.get(source, 0), sku=conflict.sku,
                qty=conflict.short_base, store=conflict.store_code,
            )
        )  # fmt: skip
    created = add_transfer(uow, staff, request, "refuse", now)
    return replace(
        conflict, state=RESOLVED, resolution=TRANSFER, transfer_id=created.transfer.id,
        resolved_at_ms=now, resolved_by=staff.username,
        note=_("transfer {transfer} of {qty} from {source}").format(
            transfer=created.transfer.transfer_id, qty=conflict.short_base, source=source
        ),
    )  # fmt: skip


def _by_cancel(
    uow: ChannelConflictsUnitOfWorkPort, staff: Staff, conflict: Conflict, wanted: int,
    reason: str, now: int,
) -> Conflict:  # fmt: skip
    text = check_reason(reason)
    repo = uow.channel_conflicts
    orders = repo.held_orders(conflict.store_code, [conflict.sku]).get(conflict.sku, [])
    number = wanted or conflict.proposed_reservation_id
    if number not in {o.reservation_id for o in orders}:
        if not number:
            raise ConflictRefused(
                _("no online order holds {sku} at {store} any more").format(
                    sku=conflict.sku, store=conflict.store_code
                )
            )
        raise ConflictRefused(
            _("order {order} does not hold {sku} at {store}; the orders that do: {orders}").format(
                order=reservation_id(number), sku=conflict.sku, store=conflict.store_code,
                orders=", ".join(reservation_id(o.reservation_id) for o in orders) or _("none"),
            )
        )  # fmt: skip
    # The order was just read as holding the SKU (held_orders); the store and the channel are
    # told as for any cancel, the state changes naming the conflict.
    channel_reservations.cancel_reservation(
        cast(ChannelsUnitOfWorkPort, uow), number, text, staff.username, now,
        document=("conflict", conflict.conflict_id), settled=[conflict.sku],
    )  # fmt: skip
    note = _("order {order} cancelled: {reason}").format(order=reservation_id(number), reason=text)
    figures = repo.figures(conflict.store_code, [conflict.sku])
    covered = repo.covered_in_transit(conflict.store_code, [conflict.sku])
    short = short_to_flag(figures.get(conflict.sku, StockFigures(0)), covered.get(conflict.sku, 0))
    left = repo.held_orders(conflict.store_code, [conflict.sku]).get(conflict.sku, [])
    if short > 0:  # the order did not cover the shortfall: still open, with what is left
        return replace(
            conflict, short_base=short, reservation_ids=tuple(o.reservation_id for o in left),
            proposal=CANCEL, proposed_from_store="",
            proposed_reservation_id=left[-1].reservation_id if left else 0, note=note,
        )  # fmt: skip
    return replace(
        conflict, state=RESOLVED, resolution=CANCEL, proposed_reservation_id=number,
        reservation_ids=tuple(o.reservation_id for o in left), resolved_at_ms=now,
        resolved_by=staff.username, note=note,
    )  # fmt: skip


def _audit_state(conflict: Conflict) -> dict[str, Any]:
    return {
        "store_code": conflict.store_code,
        "sku": conflict.sku,
        "short_qty_base": conflict.short_base,
        "state": conflict.state,
        "resolution": conflict.resolution,
        "transfer_id": conflict.transfer_id,
        "note": conflict.note,
    }
