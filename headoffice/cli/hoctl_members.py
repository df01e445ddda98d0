"""hoctl member ...: members and their stored value (hoctl report liability: hoctl_member_reports).

  hoctl member add [--phone P] [--name N] [--card C] [--qr SLM:...] [--birthday YYYY-MM-DD]
                   [--consent] [--store S]
  hoctl member show|export|ledger|erase MEMBER     MEMBER: id, phone, card number or QR payload
  hoctl member list [--store S] [--level L]
  hoctl member merge SURVIVOR DUPLICATE              cards and points move too
  hoctl member cards|points MEMBER                  punch cards and packages; points ledger
  hoctl member levels                               raise levels by [members] levels
  hoctl member topup MEMBER --paid FEN --key KEY    a top-up paid at head office
  hoctl member cash-out MEMBER --key KEY            pay back by [stored_value] refund_rule

Every one takes --format table|json|csv. Phone numbers and names print masked unless the
user holds member.personal (show, export); `list` always masks them.
"""

from __future__ import annotations

import argparse

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import money_text, rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.cli import hoctl_member_loyalty, hoctl_member_rewards
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, labelled, store_code_arg

COLUMNS = [
    Column("member_id", N_("MEMBER")),
    Column("phone", N_("PHONE")),
    Column("name", N_("NAME")),
    Column("level", N_("LEVEL")),
    Column("registered_store", N_("STORE")),
    Column("card_type", N_("CARD TYPE")),
    Column("erased", N_("ERASED"), kind="flag"),
    Column("merged_into", N_("MERGED INTO")),
    Column("created_at", N_("CREATED AT")),
]
ENTRY_COLUMNS = [
    Column("entry_id", N_("ENTRY"), kind="int"),
    Column("created_at", N_("AT")),
    Column("kind", N_("KIND")),
    Column("store", N_("STORE")),
    Column("key", N_("KEY")),
    Column("amount_minor", N_("AMOUNT"), kind="money"),
    Column("principal_minor", N_("PRINCIPAL"), kind="money"),
    Column("bonus_minor", N_("BONUS"), kind="money"),
    Column("payout_minor", N_("PAID OUT"), kind="money"),
    Column("actor", N_("BY")),
]


def member_row(m: members_pb2.Member, balance: bool = False) -> dict[str, object]:
    row: dict[str, object] = {
        "member_id": m.member_id,
        "phone": m.phone,
        "name": m.name,
        "card_no": m.card_no,
        "qr_code": m.qr_code,
        "birth_date": m.birthday or None,
        "consent": m.consent,
        "registered_store": m.registered_store,
        "level": m.level,
        "card_type": m.card_type,
        "personal": m.personal,
        "erased": m.erased_at_ms > 0,
        "erased_at": rfc3339(m.erased_at_ms),
        "merged_into": m.merged_into,
        "created_at": rfc3339(m.created_at_ms),
        "created_by": m.created_by,
        "updated_at": rfc3339(m.updated_at_ms),
    }
    if balance:
        row.update(
            currency=m.currency,
            principal_minor=m.principal_minor,
            bonus_minor=m.bonus_minor,
            balance_minor=m.principal_minor + m.bonus_minor,
        )
    return row


def entry_row(e: members_pb2.StoredValueEntry) -> dict[str, object]:
    return {
        "entry_id": e.entry_id,
        "member_id": e.member_id,
        "kind": e.kind,
        "store": e.store_code,
        "key": e.key,
        "amount_minor": e.amount_minor,
        "principal_minor": e.principal_minor,
        "bonus_minor": e.bonus_minor,
        "payout_minor": e.payout_minor,
        "ref_entry_id": e.ref_entry_id,
        "created_at": rfc3339(e.created_at_ms),
        "actor": e.actor,
    }


def _stub(clients: Clients) -> members_pb2_grpc.MembersStub:
    return members_pb2_grpc.MembersStub(clients.channel)


def _member_text(row: dict[str, object]) -> str:
    pairs = [
        (_("member"), str(row["member_id"])),
        (_("phone"), str(row["phone"]) or "-"),
        (_("name"), str(row["name"]) or "-"),
        (_("card"), str(row["card_no"]) or "-"),
        (_("level"), str(row["level"])),
        (_("store"), str(row["registered_store"]) or _("head office")),
        (_("card type"), str(row["card_type"])),
    ]
    if row.get("birth_date"):
        pairs.append((_("birthday"), str(row["birth_date"])))
    if row.get("merged_into"):
        pairs.append((_("merged into"), str(row["merged_into"])))
    if "principal_minor" in row:
        currency = str(row["currency"])
        pairs += [
            (_("principal"), money_text(int(row["principal_minor"]), currency)),  # type: ignore[call-overload]
            (_("bonus"), money_text(int(row["bonus_minor"]), currency)),  # type: ignore[call-overload]
        ]
    return "\n".join(labelled(pairs, indent=""))


def cmd_add(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    m = _stub(clients).AddMember(
        members_pb2.AddMemberRequest(
            phone=args.phone or "", name=args.name or "", card_no=args.card or "",
            qr_code=args.qr or "", birthday=args.birthday or "", consent=args.consent,
            store_code=args.store or "",
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    row = member_row(m)
    out.record(row, lambda: _("added member {member}").format(member=m.member_id))
    return 0


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    m = _stub(clients).ShowMember(
        members_pb2.MemberRequest(member=args.member), timeout=CALL_TIMEOUT_S
    )
    row = member_row(m, balance=True)
    out.record(row, lambda: _member_text(row))
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListMembers(
        members_pb2.ListMembersRequest(store_code=args.store or "", level=args.level or ""),
        timeout=CALL_TIMEOUT_S,
    )
    out.listing(
        [member_row(m) for m in reply.members],
        headings(COLUMNS) if out.for_people else COLUMNS,
        empty=_("no members"),
    )
    return 0


def _with_entries(reply: members_pb2.MemberExport, out: Output) -> int:
    row = member_row(reply.member, balance=True)
    row["entries"] = [entry_row(e) for e in reply.entries]

    def text() -> str:
        from common.cli.render import table

        entries = row["entries"]
        listing = (
            table(headings(ENTRY_COLUMNS), entries, reply.member.currency)
            if entries
            else _("no entries")
        )  # type: ignore[arg-type]
        return _member_text(row) + "\n\n" + listing

    out.record(row, text, rows_key="entries", columns=ENTRY_COLUMNS)
    return 0


def cmd_export(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ExportMember(
        members_pb2.MemberRequest(member=args.member), timeout=CALL_TIMEOUT_S
    )
    return _with_entries(reply, out)


def cmd_ledger(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).MemberLedger(
        members_pb2.MemberRequest(member=args.member), timeout=CALL_TIMEOUT_S
    )
    return _with_entries(reply, out)


def cmd_erase(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    m = _stub(clients).EraseMember(
        members_pb2.MemberRequest(member=args.member), timeout=CALL_TIMEOUT_S
    )
    out.record(
        member_row(m),
        lambda: _(
            "erased member {member}: personal data replaced by {pseudonym}; the ledger stays"
        ).format(member=m.member_id, pseudonym=m.name),
    )
    return 0


def cmd_merge(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).MergeMembers(
        members_pb2.MergeMembersRequest(survivor=args.survivor, duplicate=args.duplicate),
        timeout=CALL_TIMEOUT_S,
    )
    currency = reply.survivor.currency
    row = {
        "member_id": reply.survivor.member_id,
        "merged_member_id": reply.duplicate.member_id,
        "currency": currency,
        "moved_principal_minor": reply.moved_principal_minor,
        "moved_bonus_minor": reply.moved_bonus_minor,
        "moved_points": reply.moved_points,
        "moved_entitlement_ids": list(reply.moved_cards),
    }
    out.record(
        row,
        lambda: _(
            "merged member {duplicate} into {survivor}: moved principal {principal}, bonus "
            "{bonus}, {points} points, {cards} punch cards or packages"
        ).format(
            duplicate=reply.duplicate.member_id,
            survivor=reply.survivor.member_id,
            principal=money_text(reply.moved_principal_minor, currency),
            bonus=money_text(reply.moved_bonus_minor, currency),
            points=reply.moved_points,
            cards=len(reply.moved_cards),
        ),  # fmt: skip
    )
    return 0


def cmd_levels(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).EvaluateLevels(
        members_pb2.EvaluateLevelsRequest(), timeout=CALL_TIMEOUT_S
    )
    rows = [{"member_id": c.member_id, "before": c.before, "after": c.after} for c in reply.changes]
    columns = [
        Column("member_id", N_("MEMBER")),
        Column("before", N_("FROM")),
        Column("after", N_("TO")),
    ]
    out.listing(rows, headings(columns) if out.for_people else columns, empty=_("no level changed"))
    return 0


def _booking(booking: members_pb2.StoredValueBooking, out: Output, sentence: str) -> int:
    row = entry_row(booking.entry)
    row.update(
        currency=booking.currency,
        balance_principal_minor=booking.principal_minor,
        balance_bonus_minor=booking.bonus_minor,
        replayed=booking.replayed,
    )
    c = booking.currency
    out.record(
        row,
        lambda: sentence.format(
            entry=booking.entry.entry_id, member=booking.entry.member_id,
            amount=money_text(booking.entry.amount_minor, c),
            bonus=money_text(booking.entry.bonus_minor, c),
            payout=money_text(booking.entry.payout_minor, c),
            principal_after=money_text(booking.principal_minor, c),
            bonus_after=money_text(booking.bonus_minor, c),
        ) + (" " + _("(a retry: nothing new was booked)") if booking.replayed else ""),
    )  # fmt: skip
    return 0


def cmd_topup(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    booking = _stub(clients).TopUp(
        members_pb2.TopUpRequest(member=args.member, paid_minor=args.paid, key=args.key),
        timeout=CALL_TIMEOUT_S,
    )
    return _booking(
        booking, out,
        _("topped up member {member} with {amount} and a bonus of {bonus} (entry #{entry}); "
          "balance: principal {principal_after}, bonus {bonus_after}"),
    )  # fmt: skip


def cmd_cash_out(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    booking = _stub(clients).CashOut(
        members_pb2.CashOutRequest(member=args.member, key=args.key), timeout=CALL_TIMEOUT_S
    )
    return _booking(
        booking, out,
        _("cashed out member {member}: pay back {payout} (entry #{entry}); the rest is forfeited"),
    )  # fmt: skip


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("member", help=_("members and their stored value"))
    actions = group.add_subparsers(dest="member_command", required=True, metavar="ACTION")

    def action(name: str, handler, help_text: str, member: bool = True) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = actions.add_parser(name, help=help_text)
        if member:
            parser.add_argument("member", help=_("member id, phone number, card number or QR code"))
        add_format(parser)
        parser.set_defaults(handler=handler, context=f"member {name}")
        return parser

    add = action("add", cmd_add, _("sign up a member (a phone number, a card or a QR code)"), False)
    add.add_argument("--phone", help=_("a mainland China mobile number"))
    add.add_argument("--name")
    add.add_argument("--card", help=_("a member card number"))
    add.add_argument("--qr", help=_("the member QR code's payload, SLM:..."))
    add.add_argument("--birthday", help=_("YYYY-MM-DD"))
    add.add_argument("--consent", action="store_true", help=_("the member agrees to be contacted"))
    add.add_argument("--store", type=store_code_arg, help=_("the store of registration"))
    action("show", cmd_show, _("a member and their balance"))
    listing = action("list", cmd_list, _("members, phone and name masked"), False)
    listing.add_argument("--store", type=store_code_arg)
    listing.add_argument("--level")
    merge = action("merge", cmd_merge, _("merge a duplicate member into the surviving one"), False)
    merge.add_argument("survivor")
    merge.add_argument("duplicate")
    action("export", cmd_export, _("everything head office holds on a member"))
    action("erase", cmd_erase, _("replace a member's personal data with a pseudonym"))
    action("ledger", cmd_ledger, _("every stored-value entry of a member"))
    action("levels", cmd_levels, _("raise members' levels by the configured rules"), False)
    topup = action("topup", cmd_topup, _("top up a member's stored value at head office"))
    topup.add_argument("--paid", type=int, required=True, help=_("what was paid, in fen"))
    topup.add_argument("--key", required=True, help=_("an idempotency key: a retry sends the same"))
    cash = action("cash-out", cmd_cash_out, _("pay a member's stored value back"))
    cash.add_argument("--key", required=True, help=_("an idempotency key: a retry sends the same"))
    hoctl_member_loyalty.register(action)
    hoctl_member_rewards.register(action)
