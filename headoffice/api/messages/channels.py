"""Channels' protobuf messages from and to the domain (channels.proto)."""

from __future__ import annotations

from dataclasses import replace

from common.pb.storeledger.v1 import channels_pb2
from headoffice.domain.channels import (
    CONFIRMED,
    Availability,
    Channel,
    ChannelQuota,
    Reservation,
    StateRow,
)


def lines_of(lines: object) -> list[tuple[str, int]]:
    return [(line.sku, int(line.qty_base)) for line in lines]  # type: ignore[attr-defined]


def _lines(reservation: Reservation) -> list[channels_pb2.ReservationLine]:
    return [channels_pb2.ReservationLine(sku=s, qty_base=q) for s, q in reservation.lines]


def reservation_message(r: Reservation) -> channels_pb2.Reservation:
    return channels_pb2.Reservation(
        reservation_id=r.reservation_id, channel=r.channel, store_code=r.store_code,
        state=r.state, lines=_lines(r), idempotency_key=r.idempotency_key,
        order_ref=r.order_ref, created_at_ms=r.created_at_ms, expires_at_ms=r.expires_at_ms,
        confirmed_at_ms=r.confirmed_at_ms, picked_at_ms=r.picked_at_ms,
        fulfilled_at_ms=r.fulfilled_at_ms, closed_at_ms=r.closed_at_ms,
        close_reason=r.close_reason, replayed=r.replayed,
    )  # fmt: skip


def channel_order(r: Reservation) -> channels_pb2.ChannelOrder:
    """What the store receives: the confirmed order to pick, or the same order cancelled."""
    return channels_pb2.ChannelOrder(
        reservation_id=r.reservation_id, channel=r.channel, order_ref=r.order_ref,
        state="cancelled" if r.state in ("cancelled", "released") else r.state,
        lines=_lines(r), confirmed_at_ms=r.confirmed_at_ms, close_reason=r.close_reason,
    )  # fmt: skip


def rebuild_order(r: Reservation) -> channels_pb2.ChannelOrder:
    """An order still to hand over, for a ledger rebuilt from the journal: as the store was
    sent it (confirmed); the store's own journal says whether it picked it."""
    return channel_order(replace(r, state=CONFIRMED))


def availability_message(a: Availability) -> channels_pb2.ChannelAvailability:
    return channels_pb2.ChannelAvailability(
        sku=a.sku, available_qty_base=a.available, promisable_qty_base=a.promisable,
        quota_percent=a.quota_percent, channel=a.channel,
    )  # fmt: skip


def channel_message(c: Channel) -> channels_pb2.Channel:
    return channels_pb2.Channel(
        code=c.code, name=c.name, kind=c.kind, stores=list(c.stores),
        created_at_ms=c.created_at_ms, disabled=c.disabled,
    )  # fmt: skip


def quota_message(q: ChannelQuota) -> channels_pb2.ChannelQuota:
    return channels_pb2.ChannelQuota(
        channel=q.channel, scope=q.scope, key=q.key, percent=q.percent, set_at_ms=q.set_at_ms,
        set_by=q.set_by,
    )  # fmt: skip


def state_message(row: StateRow) -> channels_pb2.StockState:
    f = row.figures
    return channels_pb2.StockState(
        store_code=row.store_code, sku=row.sku, on_hand_qty_base=f.on_hand,
        available_qty_base=f.available, reserved_qty_base=f.reserved,
        committed_qty_base=f.committed, damaged_qty_base=f.damaged, safety_qty_base=f.safety,
        channels=[availability_message(a) for a in row.channels],
    )  # fmt: skip
