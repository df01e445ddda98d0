"""Members at head office: hoctl member add|show|list|export|erase (merge: member_merge.py).

Every change is one transaction with its audit record; the audit log keeps the masked
form only (Member.masked), because it is hash-chained and kept for ever while personal
data must be erasable. Phone and name leave head office in the clear only to staff
holding member.personal (show, export); everyone else gets them masked.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from common.clock import now_ms as clock_now_ms
from common.errors import AlreadyExists, InvalidInput, NotFound
from common.i18n import _
from common.ids import check_store_code
from common.logs import log_event
from headoffice.domain.errors import StoreDisabled, UnknownStore
from headoffice.domain.member_levels import BASE_LEVEL
from headoffice.domain.members import (
    Lookup,
    Member,
    check_birthday,
    check_card_no,
    check_member_name,
    check_phone,
    check_qr_code,
    erased,
    masked_name,
    masked_phone,
    parse_lookup,
)
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stored_value import Balance
from headoffice.services import audit
from headoffice.services.member_ports import MembersUnitOfWorkPort

log = logging.getLogger(__name__)
LIST_LIMIT = 10_000


@dataclass(frozen=True)
class NewMember:
    """What a person gives to sign up (hoctl member add, a till): all text as typed."""

    phone: str = ""
    name: str = ""
    card_no: str = ""
    qr_code: str = ""
    birthday: str = ""
    consent: bool = False
    store_code: str = ""  # the store of registration, "" for head office


@dataclass(frozen=True)
class MemberView:
    member: Member  # masked unless the caller may see personal data
    balance: Balance
    personal: bool  # phone and name are in the clear


def masked(member: Member) -> Member:
    if member.erased_at_ms:
        return member
    return member.with_(phone=masked_phone(member.phone), name=masked_name(member.name))


def _checked(new: NewMember, now: int) -> NewMember:
    phone = check_phone(new.phone) if new.phone.strip() else ""
    card = check_card_no(new.card_no) if new.card_no.strip() else ""
    qr = check_qr_code(new.qr_code) if new.qr_code.strip() else ""
    if not (phone or card or qr):
        raise InvalidInput(_("a member needs a phone number, a card number or a QR code"))
    name = check_member_name(new.name, required=bool(phone))
    today = datetime.fromtimestamp(now / 1000, UTC).date()
    birthday = check_birthday(new.birthday, today)
    store = check_store_code(new.store_code) if new.store_code else ""
    return NewMember(phone, name, card, qr, birthday, new.consent, store)


def add_member(
    uow: MembersUnitOfWorkPort, actor: str, new: NewMember, now_ms: int | None = None
) -> Member:
    """A new member at level BASE_LEVEL with an empty stored-value account."""
    now = clock_now_ms() if now_ms is None else now_ms
    new = _checked(new, now)
    with uow:
        if new.store_code:
            store = uow.stores.get_store(new.store_code)
            if store is None:
                raise UnknownStore(new.store_code)
            if store.disabled:
                raise StoreDisabled(new.store_code)
        for kind in uow.members.taken(new.phone, new.card_no, new.qr_code):
            holder = uow.members.find(
                Lookup(kind, {"phone": new.phone, "card": new.card_no, "qr": new.qr_code}[kind])
            )
            assert holder is not None
            raise AlreadyExists(
                _("{what} already belongs to member {member}; nothing was added").format(
                    what=_describe(kind, new), member=holder.member_id
                )
            )
        member = uow.members.insert(
            Member(
                "",
                new.phone,
                new.name,
                new.card_no,
                new.qr_code,
                new.birthday,
                new.consent,
                new.store_code,
                BASE_LEVEL,
                now,
                actor,
                now,
            )  # fmt: skip
        )
        uow.stored_value.open_account(member.member_id, now)
        audit.record(
            uow, actor, "member.add", "member", member.member_id, None, member.masked(), now
        )
        uow.commit()
    shown = member.masked()
    log_event(
        log, logging.INFO, "member added", member_id=member.member_id, phone=shown["phone"],
        store=member.registered_store,
    )  # fmt: skip
    return member


def _describe(kind: str, new: NewMember) -> str:
    if kind == "phone":
        return _("phone number {phone}").format(phone=masked_phone(new.phone))
    if kind == "card":
        return _("card {card}").format(card=new.card_no)
    return _("QR code {code}").format(code=new.qr_code)


def find(uow: MembersUnitOfWorkPort, text: str, follow_merge: bool = True) -> Member:
    """The member a phone number, card, QR code or id names (inside an open unit of work);
    a member merged away answers as the member it was merged into."""
    lookup = parse_lookup(text)
    member = uow.members.find(lookup)
    if member is None:
        raise NotFound(_("no member has {what}").format(what=_lookup_words(lookup)))
    while follow_merge and member.merged_into:
        survivor = uow.members.get(member.merged_into)
        assert survivor is not None
        member = survivor
    return member


def _lookup_words(lookup: Lookup) -> str:
    if lookup.kind == "phone":
        return _("phone number {phone}").format(phone=masked_phone(lookup.value))
    if lookup.kind == "card":
        return _("card {card}").format(card=lookup.value)
    if lookup.kind == "qr":
        return _("QR code {code}").format(code=lookup.value)
    return _("id {member}").format(member=lookup.value)


def show_member(uow: MembersUnitOfWorkPort, caller: Staff, text: str) -> MemberView:
    """The member and balance; phone and name in the clear only for member.personal."""
    caller.require(Permission.MEMBER_READ)
    personal = caller.may(Permission.MEMBER_PERSONAL)
    with uow:
        member = find(uow, text, follow_merge=False)
        account = uow.stored_value.account(member.member_id)
    balance = account.balance if account is not None else Balance(0, 0)
    return MemberView(member if personal else masked(member), balance, personal)


def lookup_at_till(uow: MembersUnitOfWorkPort, text: str) -> MemberView:
    """What a till sees of the member it scanned: masked, with the balance (a merged
    member's card answers as the survivor)."""
    with uow:
        member = find(uow, text)
        account = uow.stored_value.account(member.member_id)
    balance = account.balance if account is not None else Balance(0, 0)
    return MemberView(masked(member), balance, False)


def list_members(
    uow: MembersUnitOfWorkPort, caller: Staff, store_code: str = "", level: str = ""
) -> list[Member]:
    """Every member (of a store of registration, at a level), always masked."""
    caller.require(Permission.MEMBER_READ)
    if store_code:
        store_code = check_store_code(store_code)
    with uow:
        rows = uow.members.list(store_code, level, limit=LIST_LIMIT)
    return [masked(m) for m in rows]


def export_member(
    uow: MembersUnitOfWorkPort, caller: Staff, text: str, now_ms: int | None = None
) -> tuple[Member, Balance, list]:  # type: ignore[type-arg]
    """Everything head office holds on a member, in the clear (a subject access request),
    audited; needs member.personal."""
    caller.require(Permission.MEMBER_PERSONAL)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        member = find(uow, text, follow_merge=False)
        account = uow.stored_value.account(member.member_id)
        entries = uow.stored_value.entries_of(member.member_id)
        audit.record(
            uow, caller.username, "member.export", "member", member.member_id, None,
            {"member_id": member.member_id}, now,
        )  # fmt: skip
        uow.commit()
    return member, account.balance if account is not None else Balance(0, 0), entries


def erase_member(
    uow: MembersUnitOfWorkPort, caller: Staff, text: str, now_ms: int | None = None
) -> Member:
    """Replace the member's personal data with a pseudonym; every ledger row stays, so the
    balance and the chain's liability do not change."""
    caller.require(Permission.MEMBER_PERSONAL)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = find(uow, text, follow_merge=False)
        if before.erased_at_ms:
            raise AlreadyExists(
                _("member {member} was erased already; nothing was changed").format(
                    member=before.member_id
                )
            )
        after = erased(before, f"erased-{secrets.token_hex(4)}", now)
        uow.members.update(after)
        audit.record(
            uow, caller.username, "member.erase", "member", after.member_id, before.masked(),
            after.masked(), now,
        )  # fmt: skip
        uow.commit()
    log_event(log, logging.INFO, "member erased", member_id=after.member_id)
    return after
