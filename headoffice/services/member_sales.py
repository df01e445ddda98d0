"""Member sales and returns in apply_batch's transaction (rules: headoffice.domain.member_sales).

Two steps. `check_member_documents` runs with the other checks, before anything moves: it
reads, once per batch, the members the sales name, the bookings their stored-value and
points tenders name, the offline debits booked already and the lines of the member sales
the returns take back, and refuses the batch at its first entry that does not hold (a
refused batch leaves no row: the transaction rolls back). `apply_member_documents` runs
after the movements: it books each offline debit, earns each sale's points and reverses a
return's (services.points, inside this transaction), keeps the lines, and adds the
members' figures a store and day. A batch with no member sale, member tender or return
costs nothing here: the entries are looked at, nothing is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from common.domain.limits import MAX_AMOUNT_MINOR
from common.domain.points import (
    LinePoints,
    PointsRule,
    SalePoints,
    earn,
    payment_points,
    reverse,
)
from common.errors import ConfigError, StoreLedgerError
from common.i18n import _
from headoffice.domain.errors import InvalidEntry
from headoffice.domain.member_levels import LevelRule, level_rules
from headoffice.domain.member_sales import (
    MEMBER_MISMATCH,
    POINTS_UNBOOKED,
    PTS,
    RETURN_KIND,
    SALE_KIND,
    STORED_VALUE_UNBOOKED,
    SV,
    MemberDay,
    MemberSaleRefused,
    booked_otherwise,
    check_member,
    check_money_refund,
    key_missing,
    local_day,
    month_of,
    needs_members,
    points_lines,
    points_tenders,
)
from headoffice.domain.members import Member
from headoffice.domain.points_config import points_rule
from headoffice.domain.stored_value import DEBIT, REFUND, policy_from_config
from headoffice.services.till_points import till_points_key

DEFAULT_OFFLINE_ALLOWANCE_MINOR = 10_000  # 100 yuan as the tills; above it: reported


@dataclass(frozen=True)
class MemberSettings:
    """What applying member sales needs of the configuration."""

    rules: tuple[LevelRule, ...] = ()
    points: PointsRule = field(default_factory=PointsRule)
    spend_order: str = "bonus_first"
    offline_allowance_minor: int = DEFAULT_OFFLINE_ALLOWANCE_MINOR


def member_settings(config: dict[str, dict[str, Any]]) -> MemberSettings:
    """From [members] levels, [points], [stored_value] spend_order and offline_allowance_minor."""
    sv = dict(config.get("stored_value", {}))
    allowance = sv.pop("offline_allowance_minor", DEFAULT_OFFLINE_ALLOWANCE_MINOR)
    if (
        isinstance(allowance, bool)
        or not isinstance(allowance, int)
        or not 0 <= allowance <= (MAX_AMOUNT_MINOR)
    ):
        raise ConfigError(
            _("[stored_value] offline_allowance_minor must be a whole number of fen, 0 or more")
        )
    return MemberSettings(
        level_rules(config.get("members", {})),
        points_rule(config.get("points", {})),
        policy_from_config(sv).spend_order,
        allowance,
    )


@dataclass
class SaleToApply:
    entry: Any
    member: Member  # who is credited (the survivor of a merge)
    figures: SalePoints
    offline: list[Any]  # stored-value tenders to book now (not booked before)


@dataclass
class ReturnToApply:
    entry: Any
    member_id: str  # the member the original sale was credited to
    sale_id: str
    figures: SalePoints  # what the sale's lines earned and were paid with
    before: dict[int, int]  # units of each line returned before this return
    returning: dict[int, int]  # units of each line this return takes back
    earn_month: int


@dataclass
class MemberPlan:
    """A batch's member documents, checked, in journal order."""

    documents: list[SaleToApply | ReturnToApply]
    members: dict[str, Member]


def check_member_documents(
    uow: Any,
    store_code: str,
    entries: Sequence[Any],
    settings: MemberSettings,
    kind_of: Callable[[str], str],
    day_offset: int,
) -> MemberPlan | None:
    """The batch's member documents, checked; None when it has none. InvalidEntry (with the
    rule's code) at the first that does not hold."""
    wanted = [entry for entry in entries if needs_members(entry)]
    if not wanted:
        return None
    repo = getattr(uow, "member_sales", None)
    if repo is None:  # the services' in-memory unit of work holds no members
        raise refusal(store_code, entries, wanted[0], MemberSaleRefused(
            MEMBER_MISMATCH, _("head office holds no members here")))  # fmt: skip
    sales = [e.sale for e in wanted if e.document_type == SALE_KIND]
    returns = [e.sale_return for e in wanted if e.document_type == RETURN_KIND]
    members = repo.members({s.member_id for s in sales if s.member_id})
    tenders = [t for s in sales for t in s.tenders] + [t for r in returns for t in r.refunds]
    sv_keys = {t.authorisation_key for t in tenders if t.method == SV}
    bookings = repo.stored_value_entries(store_code, sv_keys)
    # A till's points are booked under its store's namespace (services.till_points).
    points_keys = {t.authorisation_key for t in tenders if t.method == PTS}
    booked_points = repo.points_entries({till_points_key(store_code, k) for k in points_keys})
    points = {k: booked_points.get(till_points_key(store_code, k)) for k in points_keys}
    offline_done = repo.offline_booked(
        store_code, {t.authorisation_key for s in sales for t in s.tenders if t.offline}
    )
    in_batch = {s.sale_id for s in sales if s.member_id}
    stored = repo.sale_lines(
        store_code, {r.original_sale_id for r in returns if r.original_sale_id} - in_batch
    )
    lines: dict[str, dict[int, list[int]]] = {}
    owner: dict[str, str] = {}
    for sale_id, line_no, member_id, qty, earned, paid, returned, month, net, minor in stored:
        lines.setdefault(sale_id, {})[line_no] = [qty, earned, paid, returned, month, net, minor]
        owner[sale_id] = member_id
    if stored:  # the members those sales were credited to, and whom they were merged into
        members.update(repo.members(set(owner.values()) - members.keys()))
    plan = MemberPlan([], members)
    keys_seen: set[str] = set()
    for entry in wanted:
        try:
            if entry.document_type == SALE_KIND:
                plan.documents.append(
                    _check_sale(entry, members, bookings, points, offline_done, keys_seen,
                                settings, kind_of)
                )  # fmt: skip
                document = plan.documents[-1]
                if isinstance(document, SaleToApply) and entry.sale.member_id:
                    owner[entry.sale.sale_id] = document.member.member_id
                    month = month_of(local_day(entry.occurred_at_ms, day_offset))
                    lines[entry.sale.sale_id] = {
                        p.line_no: [
                            p.qty,
                            p.earned,
                            p.paid_points,
                            0,
                            month,
                            p.net_minor,
                            p.paid_minor,
                        ]
                        for p in document.figures.lines
                    }
            else:
                found = _check_return(entry, owner, lines, bookings, members, keys_seen)
                if found is not None:
                    plan.documents.append(found)
        except MemberSaleRefused as exc:
            raise refusal(store_code, entries, entry, exc) from exc
    return plan


def _check_sale(
    entry: Any,
    members: dict[str, Member],
    bookings: dict[str, Any],
    points: dict[str, Any],
    offline_done: set[str],
    keys_seen: set[str],
    settings: MemberSettings,
    kind_of: Callable[[str], str],
) -> SaleToApply:
    sale = entry.sale
    if not sale.member_id:
        raise MemberSaleRefused(
            MEMBER_MISMATCH, _("a stored-value or points payment needs a sale naming a member")
        )
    member = members.get(sale.member_id)
    survivor = members.get(member.merged_into) if member and member.merged_into else None
    for _hop in range(3):  # a survivor merged again in turn
        if survivor is None or not survivor.merged_into:
            break
        survivor = members.get(survivor.merged_into)
    target = check_member(
        sale.member_id, member, survivor, sale.member_level, sale.member_birthday, settings.rules
    )
    ids = {sale.member_id, target.member_id}
    offline = []
    for tender in sale.tenders:
        if tender.method not in (SV, PTS):
            continue
        key = tender.authorisation_key
        if not key or key in keys_seen:
            raise key_missing(tender.method, key)
        keys_seen.add(key)
        if tender.method == PTS:
            _check_points(tender, points.get(key), ids, settings.points)
            continue
        booked = bookings.get(key)
        if tender.offline:
            if key in offline_done:  # an offline key books one payment, once
                raise key_missing(SV, key)
            if booked is None:
                offline.append(tender)
                continue
        if booked is None or booked.kind != DEBIT:
            raise MemberSaleRefused(
                STORED_VALUE_UNBOOKED,
                _("no stored-value debit is booked at head office under key {key}").format(
                    key=repr(key)
                ),
            )
        elif booked.member_id not in ids or booked.amount_minor != tender.amount_minor:
            raise booked_otherwise(key, booked.amount_minor, booked.member_id)
    kinds = {line.sku: kind_of(line.sku) for line in sale.lines}
    try:
        figures = earn(
            points_lines(sale.lines, kinds), points_tenders(sale.tenders), settings.points
        )
    except StoreLedgerError as exc:
        raise MemberSaleRefused(MEMBER_MISMATCH, str(exc)) from exc
    return SaleToApply(entry, target, figures, offline)


def _check_points(tender: Any, booked: Any, ids: set[str], rule: PointsRule) -> None:
    key = tender.authorisation_key
    if booked is None or booked.kind != "redeem":
        raise MemberSaleRefused(
            POINTS_UNBOOKED,
            _("no points payment is booked at head office under key {key}").format(key=repr(key)),
        )
    try:
        costs = payment_points(tender.amount_minor, rule)
    except StoreLedgerError as exc:
        raise MemberSaleRefused(POINTS_UNBOOKED, str(exc)) from exc
    if booked.member_id not in ids or -booked.points != tender.points or costs != tender.points:
        raise MemberSaleRefused(
            POINTS_UNBOOKED,
            _("the points payment under key {key} took {points} points of member {member}; the "
              "sale says {said} points for {amount} fen").format(
                key=repr(key), points=-booked.points, member=booked.member_id,
                said=tender.points, amount=tender.amount_minor),
        )  # fmt: skip


def _check_return(
    entry: Any,
    owner: dict[str, str],
    lines: dict[str, dict[int, list[int]]],
    bookings: dict[str, Any],
    members: dict[str, Member],
    keys_seen: set[str],
) -> ReturnToApply | None:
    body = entry.sale_return
    member_id = owner.get(body.original_sale_id, "")
    for tender in body.refunds:
        key = tender.authorisation_key
        if tender.method == PTS:
            raise MemberSaleRefused(
                POINTS_UNBOOKED, _("a return cannot refund in points; head office gives them back")
            )
        if tender.method != SV:
            continue
        if not key or key in keys_seen:
            raise key_missing(SV, key)
        keys_seen.add(key)
        booked = bookings.get(key)
        if booked is None or booked.kind != REFUND:
            raise MemberSaleRefused(
                STORED_VALUE_UNBOOKED,
                _("no stored-value refund is booked at head office under key {key}").format(
                    key=repr(key)
                ),
            )
        ids = {member_id, members[member_id].merged_into if member_id in members else ""}
        if booked.amount_minor != tender.amount_minor or (
            member_id and booked.member_id not in ids
        ):
            raise booked_otherwise(key, booked.amount_minor, booked.member_id)
    if not member_id:
        return None
    sold = lines[body.original_sale_id]
    before = {n: row[3] for n, row in sold.items()}
    returning: dict[int, int] = {}
    for line in body.lines:  # units past what was sold are not reversed twice
        n = line.original_line_no or next(
            (k for k, row in sorted(sold.items()) if row[0] > row[3]), 0
        )
        if n in sold:
            qty = min(line.qty_base, sold[n][0] - sold[n][3])
            if qty > 0:
                returning[n] = returning.get(n, 0) + qty
                sold[n][3] += qty
    figures = SalePoints(
        tuple(LinePoints(n, r[0], r[1], r[2], r[5], r[6]) for n, r in sorted(sold.items()))
    )
    if returning and figures.paid_minor:  # a sale paid partly with points
        check_money_refund(
            body, reverse(figures, before, returning), sum(t.amount_minor for t in body.refunds)
        )
    month = next(iter(sold.values()))[4]
    return ReturnToApply(entry, member_id, body.original_sale_id, figures, before, returning, month)


def refusal(
    store_code: str, entries: Sequence[Any], entry: Any, exc: MemberSaleRefused
) -> InvalidEntry:
    return InvalidEntry(
        _("store {store} entry {seq} was refused: {reason}").format(
            store=store_code, seq=entry.seq, reason=exc
        ),
        expected_seq=entries[0].seq,
        code=exc.code,
        seq=entry.seq,
    )


__all__ = ["MemberDay", "MemberPlan", "MemberSettings", "check_member_documents"]
