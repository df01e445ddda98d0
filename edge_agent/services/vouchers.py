"""Group-buy vouchers at the till (pos voucher scan|redeem|cancel; issue 16, item 4).

Vouchers are never redeemed offline: head office verifies the code with the platform
under the till's request id (one per redeem command, reused on every retry) and answers
with the movements the voucher's package makes. The till records the request before it
asks (state verifying), and journals a `voucher_redemption` entry with exactly head
office's movements in the same transaction as the record's answer. A crash between head
office's verify and that commit leaves the record verifying: the same command again (or
recover_pending when the agent starts) asks again under the same request id, head office
answers the same redemption (replayed) and the till journals it once. A refusal (unknown
code, already used, expired, another store's, cancelled on the platform) forgets the
request: its sentence, nothing written. A cancel is the same in reverse (state
cancelling, CancelVoucher, then `voucher_cancel` with the movements back in).

The full code goes to head office and nowhere else: the record, the journal, the log and
the slip hold it masked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from common import journal_kinds as jk
from common.clock import now_ms
from common.errors import NotFound, Refused, StoreLedgerError
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.errors import HeadOfficeUnreachable, InvalidInput
from edge_agent.domain.journal import Movement, Reason
from edge_agent.domain.vouchers import (
    CANCELLED,
    CANCELLING,
    MAX_REQUEST_ID,
    REDEEMED,
    VERIFYING,
    VoucherCancel,
    VoucherRecord,
    VoucherRedemption,
    cancel_request_id,
    check_count,
    clean_code,
    clean_platform,
    mask_code,
    slip_text,
)
from edge_agent.services.context import StoreContext
from edge_agent.services.shifts import joined_shift_id
from edge_agent.services.voucher_ports import VoucherAtTill, VoucherVerified
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoucherDone:
    """A redemption (or its cancel) journaled, or found journaled under the same key."""

    record: VoucherRecord
    seq: int  # the voucher_redemption (or voucher_cancel) entry
    movements: tuple[Movement, ...]  # as journaled
    replayed: bool  # the till had journaled it before: nothing new was written
    slip: str


def scan(ctx: StoreContext, code: str, platform: str = "") -> VoucherAtTill:
    """The code looked up on its platform through head office: nothing is written."""
    return ctx.vouchers.scan(clean_platform(platform), clean_code(code))


def redeem(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    code: str,
    count: int,
    platform: str = "",
    idempotency_key: str = "",
) -> VoucherDone:
    """Redeem `count` uses of the voucher `code` and journal what its package takes out of
    the stock; the refusal's sentence otherwise, nothing written."""
    code, platform, count = clean_code(code), clean_platform(platform), check_count(count)
    request_id = _request_id(idempotency_key or new_document_id())
    asked = VoucherRecord(request_id, VERIFYING, platform, mask_code(code), count, till_id, cashier)
    with ctx.db.write() as uow:
        found = uow.vouchers.by_request(request_id)
        if found is not None:
            _same_request(found, asked)
            if found.state != VERIFYING:
                return _recorded(ctx, uow, found, cancelled=False)
        else:
            _shift_id(ctx, uow, till_id, cashier)  # refused before the platform is asked
            uow.vouchers.start(asked, now_ms())
    # Online, outside any ledger transaction: the till waits for head office, not the ledger.
    ask = partial(ctx.vouchers.verify, platform, code, count, request_id, till_id, cashier)
    answer = _ask(ctx, request_id, ask)
    return _journal_redemption(ctx, request_id, answer)


def recover_pending(ctx: StoreContext) -> int:
    """Ask head office again about every request a crash left open (verifying, cancelling)
    under its own request id, and journal what it answers; the number settled.

    The till keeps no full code, so a verify is asked again with the request id alone: a
    head office that answers a request id it verified from its own record settles it here;
    otherwise the record stays, and the same command again (its code, its key) settles it.
    A refused cancel leaves the redemption standing (as pos voucher cancel does)."""
    with ctx.db.read() as uow:
        pending = uow.vouchers.in_state(VERIFYING) + uow.vouchers.in_state(CANCELLING)
    settled = 0
    for record in pending:
        try:
            if record.state == VERIFYING:
                answer = ctx.vouchers.verify(
                    record.platform, "", record.count, record.request_id, record.till_id,
                    record.cashier,
                )  # fmt: skip
                _journal_redemption(ctx, record.request_id, answer)
            else:
                _cancel_asked(ctx, record, record.till_id, record.cashier)
            settled += 1
        except HeadOfficeUnreachable:
            return settled
        except StoreLedgerError as exc:
            log_event(log, logging.WARNING, "voucher request not settled at start",
                      request_id=record.request_id, state=record.state, problem=str(exc))  # fmt: skip
    return settled


def cancel(ctx: StoreContext, till_id: str, cashier: str, redemption_id: str) -> VoucherDone:
    """Cancel a redemption this till journaled, within its platform's window, and journal
    the goods back in; the refusal's sentence otherwise (the redemption stays)."""
    redemption_id = redemption_id.strip().upper()
    with ctx.db.write() as uow:
        found = uow.vouchers.by_redemption(redemption_id) if redemption_id else None
        if found is None:
            raise NotFound(
                _("this store journaled no voucher redemption {id}").format(id=redemption_id[:20])
            )
        if found.state == CANCELLED:
            return _recorded(ctx, uow, found, cancelled=True)
        joined_shift_id(uow, till_id, cashier, ctx.policy.require_open_shift, _no_shift(till_id))
        if found.state == REDEEMED:
            uow.vouchers.set_state(found.request_id, CANCELLING, now_ms())
    return _cancel_asked(ctx, found, till_id, cashier)


def _cancel_asked(
    ctx: StoreContext, found: VoucherRecord, till_id: str, cashier: str
) -> VoucherDone:
    key = cancel_request_id(found.request_id)
    try:
        ctx.vouchers.cancel(found.redemption_id, key, till_id, cashier)
    except HeadOfficeUnreachable:
        raise  # it may have been cancelled: the record stays cancelling, a retry asks again
    except StoreLedgerError:
        with ctx.db.write() as uow:  # refused (the window closed...): the redemption stands
            uow.vouchers.set_state(found.request_id, REDEEMED, now_ms())
        raise
    with ctx.db.write() as uow:
        record = uow.vouchers.by_request(found.request_id)
        if record is None or record.state == CANCELLED:  # another attempt got here first
            return _recorded(ctx, uow, record or found, cancelled=True)
        body = VoucherCancel(
            record.redemption_id, record.platform, record.code_masked, key, till_id, cashier
        )
        back = tuple(Movement(sku, -qty, Reason.REDEMPTION) for sku, qty in record.moves)
        entry = uow.journal.append(
            jk.VOUCHER_CANCEL, f"{record.redemption_id}-C", cashier, body, back
        )
        uow.vouchers.set_state(record.request_id, CANCELLED, now_ms(), entry.seq)
        done = replace(record, state=CANCELLED, cancel_journal_seq=entry.seq)
        slip = _slip(ctx, uow, done, True, entry.occurred_at_ms)
    log_event(log, logging.INFO, "voucher redemption cancelled", seq=entry.seq,
              redemption_id=done.redemption_id, code=done.code_masked)  # fmt: skip
    return VoucherDone(done, entry.seq, back, False, slip)


def _journal_redemption(ctx: StoreContext, request_id: str, answer: VoucherVerified) -> VoucherDone:
    with ctx.db.write() as uow:
        record = uow.vouchers.by_request(request_id)
        if record is None:
            raise Refused(_("the voucher request was forgotten while head office answered"))
        if record.state != VERIFYING:  # another attempt with the key got here first
            return _recorded(ctx, uow, record, cancelled=False)
        shift_id = _shift_id(ctx, uow, record.till_id, record.cashier)
        done = replace(
            record, state=REDEEMED, platform=answer.platform or record.platform,
            redemption_id=answer.redemption_id, product_id=answer.product_id,
            title=answer.title, moves=answer.moves, cancel_until_ms=answer.cancel_until_ms,
        )  # fmt: skip
        body = VoucherRedemption(
            done.redemption_id, done.platform, done.code_masked, done.product_id, done.count,
            done.request_id, done.till_id, done.cashier, shift_id,
        )  # fmt: skip
        movements = tuple(Movement(sku, qty, Reason.REDEMPTION) for sku, qty in done.moves)
        entry = uow.journal.append(
            jk.VOUCHER_REDEMPTION, done.redemption_id, done.cashier, body, movements
        )
        done = replace(done, journal_seq=entry.seq)
        uow.vouchers.redeemed(done, now_ms())
        slip = _slip(ctx, uow, done, False, entry.occurred_at_ms)
    # The code masked only: the full code never reaches the log.
    log_event(log, logging.INFO, "voucher redeemed", seq=entry.seq,
              redemption_id=done.redemption_id, code=done.code_masked, count=done.count,
              replayed_at_head_office=answer.replayed)  # fmt: skip
    return VoucherDone(done, entry.seq, movements, False, slip)


def _ask(
    ctx: StoreContext, request_id: str, call: Callable[[], VoucherVerified]
) -> VoucherVerified:
    """Head office's answer; a refusal forgets the request (nothing written), no answer
    keeps it (head office may have verified it: the retry asks again under its id)."""
    try:
        return call()
    except HeadOfficeUnreachable:
        raise
    except StoreLedgerError:
        with ctx.db.write() as uow:
            uow.vouchers.forget(request_id)
        raise


def _recorded(
    ctx: StoreContext, uow: UnitOfWork, record: VoucherRecord, cancelled: bool
) -> VoucherDone:
    sign = 1 if cancelled else -1
    seq = record.cancel_journal_seq if cancelled else record.journal_seq
    movements = tuple(
        Movement(sku, sign * abs(qty), Reason.REDEMPTION) for sku, qty in record.moves
    )
    return VoucherDone(record, seq, movements, True, _slip(ctx, uow, record, cancelled, 0))


def _same_request(found: VoucherRecord, asked: VoucherRecord) -> None:
    if (found.code_masked, found.count) != (asked.code_masked, asked.count) or (
        asked.platform and found.platform != asked.platform
    ):
        raise InvalidInput(
            _(
                "key {key} was already used for another voucher or count; nothing was "
                "redeemed: use a new key"
            ).format(key=found.request_id[:60])
        )


def _request_id(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_REQUEST_ID:
        raise InvalidInput(
            _("a voucher key is 1 to {limit} characters").format(limit=MAX_REQUEST_ID)
        )
    return key


def _no_shift(till_id: str) -> str:
    return _("till {till} has no open shift; open one before redeeming a voucher").format(
        till=till_id
    )


def _shift_id(ctx: StoreContext, uow: UnitOfWork, till_id: str, cashier: str) -> str:
    return joined_shift_id(uow, till_id, cashier, ctx.policy.require_open_shift, _no_shift(till_id))


def _slip(
    ctx: StoreContext, uow: UnitOfWork, record: VoucherRecord, cancelled: bool, at_ms: int
) -> str:
    def name_of(sku: str) -> str:
        product = uow.catalogue.product_by_sku(sku)
        return product.name if product is not None else sku

    when = dt.datetime.fromtimestamp((at_ms or now_ms()) / 1000, ctx.policy.time_zone)
    return slip_text(record, cancelled, name_of, when.strftime("%Y-%m-%d %H:%M"))
