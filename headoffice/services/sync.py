"""Applying a store's journal batch at head office (DESIGN "Sync protocol", invariant 3).

The stream around it (hello, heartbeats, disconnect) is services/sync_session.py; the levels,
valuation and stock-out spans the batch's movements make are services/sync_stock.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common.clock import now_ms as clock_now_ms
from common.journal_rules import MOVEMENTS_MATCHED
from headoffice.domain.disabled_stores import check_delivered_before
from headoffice.domain.errors import UnknownStore
from headoffice.domain.ledger import BatchPlan, EntryLike, Recorded, check_replays, plan_batch
from headoffice.domain.ledger_instances import check_batch_instance
from headoffice.domain.sales_tally import ReportsTally

# Importing the effect modules registers their effects (services.effects), which
# apply_batch runs; a new area's *_effects module is imported here too.
from headoffice.services import (  # noqa: F401
    channel_effects,
    count_effects,
    key_items_effects,
    purchasing_effects,
    redemption_effects,
    reward_effects,
    transfer_effects,
    voucher_effects,
    write_off_effects,
)
from headoffice.services.channel_checks import check_channel_orders
from headoffice.services.channel_conflicts import detect_after_batch
from headoffice.services.effects import run_effects
from headoffice.services.entry_checks import BatchCatalogue, check_batch
from headoffice.services.ledger_instances import chained_hashes, payload_once
from headoffice.services.member_desk_checks import check_member_desk
from headoffice.services.member_sales import MemberSettings, check_member_documents
from headoffice.services.member_sales_apply import MemberApplied, apply_member_documents
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.redemption_checks import check_redemptions
from headoffice.services.reward_checks import check_rewards
from headoffice.services.sale_offers import check_promoted_sales
from headoffice.services.sync_refusals import NOT_REFUSED
from headoffice.services.sync_stock import Collected, apply_costed, apply_uncosted, journal_rows
from headoffice.services.voucher_checks import check_vouchers


@dataclass(frozen=True)
class ApplyResult:
    applied: int
    duplicates: int
    committed_seq: int
    # Applying queued downstream events (a shipment tells the receiver): wake the streams.
    notify_downstream: bool = False
    # Offline stored-value debits booked, and those past the allowance or the balance.
    members: MemberApplied = MemberApplied()


_NO_MEMBER_SETTINGS = MemberSettings()


def apply_batch(
    uow: UnitOfWorkPort,
    store_code: str,
    entries: Sequence[EntryLike],
    now_ms: int | None = None,
    instance_id: str = "",
    entry_hashes: Sequence[bytes] = (),
    members: MemberSettings | None = None,
) -> ApplyResult:
    """Apply a batch of a store's journal in one transaction; return only after commit.

    Replays of committed entries are counted and ignored when they are the same
    entry (compared with the journal only when a batch has any); a replay with
    other content (ConflictingEntry), a gap or an invalid entry refuses the
    whole batch and changes nothing; so does an entry of a kind head office
    does not know or with a movement its kind does not allow (plan_batch).
    The caller records a refusal (services.sync_refusals); a batch that is
    accepted clears it in its own transaction.
    Levels and moving-average costs are
    computed here from the locked current levels of the touched SKUs. A SKU
    with no level yet starts at the catalogue cost, so a sale before the first
    delivery is valued at standard cost rather than at zero.

    Deliberately, the ledger rules run on the decoded protobuf messages
    themselves (they satisfy the domain's EntryLike protocol) and nothing here
    copies a batch into domain objects: a batch of thousands of movements spent
    more time copying them than PostgreSQL spent storing them. What needs the
    stored form (an entry's bytes, comparing a replay, an effect's decoded
    body) goes through the journal repository (store/journal_codec.py).

    The batch must come from the ledger instance the store is bound to, and its
    entry hashes must continue the chain of the last committed entry
    (services.ledger_instances: LedgerInstanceRefused, LedgerDiverged); the
    hashes are kept with the entries.

    Sales naming a member, their stored-value and points tenders and returns of them are
    checked and booked by services.member_sales (`members`: the configuration it needs).
    """
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        found = uow.stores.lock_store_sync(store_code)
        if found is None:
            raise UnknownStore(store_code)
        store, sync = found
        if store.disabled:  # only what it wrote before it was disabled (sync_session)
            check_delivered_before(store_code, sync.disabled_at_ms, entries)
        check_batch_instance(store_code, sync.instance_id, instance_id)  # invariant 7
        # Movements of the kinds whose documents they must match are checked with
        # their documents below (check_batch), in the same pass: not twice.
        plan = plan_batch(store_code, sync.committed_seq, entries, MOVEMENTS_MATCHED)
        if plan.replayed:
            _check_replays(uow, store_code, sync.committed_seq, plan)
        # An accepted batch ends a run of refusals (services.sync_refusals).
        cleared = NOT_REFUSED if sync.refused else {}
        if not plan.to_apply:
            if cleared:
                uow.stores.update_sync(store_code, last_contact_ms=now, **cleared)
                uow.commit()
            return ApplyResult(0, plan.duplicates, sync.committed_seq)

        # One pass over the messages: the journal rows stream to the database
        # while the same pass collects the movements, each SKU's net quantity
        # and whether any inflow carries a cost, which the levels and the
        # valuation below need.
        payload = payload_once(uow.journal.payload, bool(entry_hashes))
        collected = Collected()
        rows = journal_rows(plan.to_apply, collected, payload, uow.journal.unit_cost)
        uow.journal.insert_entries(store_code, now, rows)
        # Every new entry against its kind's rules, on what the catalogue holds for the
        # SKUs the batch moves (read once here, not per entry). A refusal raises before
        # commit: the transaction, journal rows included, rolls back and no stock moves.
        # What is wrong with an entry is said before whether its hash continues the chain:
        # an entry edited after it was written is refused for what the edit broke.
        products = BatchCatalogue(uow.catalogue, plan.to_apply, collected.net.keys())
        check_batch(
            store_code,
            plan.to_apply,
            products,
            [moves for _, moves in collected.pending],
            collected.shaped,
        )
        # Member sales (the member, the bookings their tenders name), before their pricing.
        day_offset = uow.sales_report.sku_day_offset()
        member_plan = check_member_documents(
            uow, store_code, plan.to_apply, members or _NO_MEMBER_SETTINGS,
            lambda sku: getattr(products[sku], "kind", "goods"), day_offset,
        )  # fmt: skip
        # A promoted sale's lines re-priced with head office's own promotions (to the fen).
        # The services' in-memory unit of work holds no promotions: every one is unknown.
        check_promoted_sales(
            uow.catalogue, getattr(uow, "promotions", None), store_code, plan.to_apply,
            getattr(uow, "coupons", None),
        )  # fmt: skip
        # A redemption is the use head office authorised, with the movements it computed.
        check_redemptions(getattr(uow, "entitlements", None), store_code, plan.to_apply)
        # A reward item is the points head office took, with the movements it computes.
        check_rewards(uow, store_code, plan.to_apply)
        # A voucher entry is a redemption head office verified (or cancelled), its lines.
        check_vouchers(uow, store_code, plan.to_apply)
        # Money a till took at its member desk, against the booking head office made online.
        check_member_desk(uow, store_code, plan.to_apply)
        # An online order picked or handed over is one head office sent this store, as sent.
        check_channel_orders(uow, store_code, plan.to_apply)
        hashes = chained_hashes(store_code, sync, entries, entry_hashes, plan.to_apply, payload)
        uow.journal.keep_entry_hashes(store_code, hashes)
        # The sales and returns also go to the reports' roll-ups, in this transaction.
        tally = ReportsTally(plan.to_apply, day_offset)
        if not collected.costed and uow.levels.adds_in_place:
            days = apply_uncosted(uow, store_code, collected, products, now, tally)
        else:
            days = apply_costed(uow, store_code, collected, products, now, tally)
        # Every roll-up of the batch at once: one statement on PostgreSQL.
        uow.sales_report.add(store_code, tally.by_sku, tally.by_hour, days)
        booked = MemberApplied()
        if member_plan is not None:
            booked = apply_member_documents(
                uow, store_code, list(plan.to_apply), member_plan, members or _NO_MEMBER_SETTINGS,
                day_offset, now,
            )  # fmt: skip
        notify = run_effects(uow, store_code, plan.to_apply, now)
        # Online orders the batch's sales left short (offline oversells): one probe when none.
        detect_after_batch(uow, store_code, collected.net, collected.pending, now)
        last = plan.to_apply[-1].seq
        caught_up = last >= sync.store_newest_seq
        uow.stores.update_sync(
            store_code,
            committed_seq=last,
            store_newest_seq=max(sync.store_newest_seq, last),
            oldest_uncommitted_at_ms=0 if caught_up else sync.oldest_uncommitted_at_ms,
            last_contact_ms=now,
            head_hash_hex=hashes[-1][1].hex() if hashes else "",
            **cleared,
        )
        uow.commit()
        return ApplyResult(len(plan.to_apply), plan.duplicates, last, notify, booked)


def _check_replays(
    uow: UnitOfWorkPort, store_code: str, committed_seq: int, plan: BatchPlan[EntryLike]
) -> None:
    """Refuse the batch unless every replayed entry is the entry it repeats.

    The journal keeps each committed entry's deterministic serialization, and a
    resend (the edge re-reads the same stored message) serializes to the same
    bytes: comparing the bytes is exact and cheaper than hashing both sides or
    decoding the stored row (journal_codec.same_content decodes only when the
    bytes differ).
    """
    payload = uow.journal.payload
    replays = [Recorded(e.seq, e.document_id, payload(e)) for e in plan.replayed]
    originals = uow.journal.committed_entries(
        store_code, [r.seq for r in replays if r.seq <= committed_seq]
    )
    repeated_in_batch = {r.seq for r in replays if r.seq > committed_seq}
    for entry in plan.to_apply:
        if entry.seq in repeated_in_batch:
            originals[entry.seq] = Recorded(entry.seq, entry.document_id, payload(entry))
    check_replays(store_code, committed_seq + 1, replays, originals, uow.journal.same_content)
