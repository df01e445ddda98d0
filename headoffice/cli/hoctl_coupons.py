"""hoctl coupon issue | list | show: single-use coupons for coupon-gated promotions.

  hoctl coupon issue --promo P --count N [--valid-until YYYY-MM-DD[ HH:MM]]
  hoctl coupon list [--promo P] [--state issued|redeemed|used] [--limit N]
  hoctl coupon show CODE

Every one takes --format table|json|csv. A coupon reads like WELCOME-7K3M-Q9XD-2HPA: the
promotion's coupon code (its --coupon), eleven random characters and a check character
(docs/promotions.md, "Coupons"). Codes print in full only here, to users who may issue
them (catalogue.write); head office's logs and audit never hold them.
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _, ngettext
from common.pb.storeledger.v1 import coupons_admin_pb2, coupons_admin_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings, labelled

COLUMNS = [
    Column("coupon", N_("COUPON")),
    Column("promo_id", N_("PROMOTION")),
    Column("state", N_("STATE")),
    Column("valid_until_at", N_("VALID UNTIL")),
    Column("redeemed_store", N_("USED AT")),
    Column("redeemed_at", N_("USED ON")),
]


def _stub(clients: Clients) -> coupons_admin_pb2_grpc.CouponsAdminStub:
    return coupons_admin_pb2_grpc.CouponsAdminStub(clients.channel)


def coupon_document(c: coupons_admin_pb2.Coupon) -> dict[str, Any]:
    return {
        "coupon": c.code,
        "promo_id": c.promo_id,
        "state": c.state,
        "valid_until_at": rfc3339(c.valid_until_ms),
        "issued_at": rfc3339(c.issued_at_ms),
        "issued_by": c.issued_by,
        "redeemed_store": c.redeemed_store,
        "redeemed_at": rfc3339(c.redeemed_at_ms),
        "redeemed_by": c.redeemed_by,
        "used_seq": c.used_seq or None,
    }


def cmd_issue(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = coupons_admin_pb2.IssueCouponsRequest(
        promo_id=args.promo, count=args.count, valid_until=args.valid_until or ""
    )
    reply = _stub(clients).IssueCoupons(request, timeout=CALL_TIMEOUT_S)
    out.listing([coupon_document(c) for c in reply.coupons], headings(COLUMNS[:4]))
    out.say(
        ngettext(
            "{count} coupon issued for promotion {promo}",
            "{count} coupons issued for promotion {promo}",
            len(reply.coupons),
        ).format(count=len(reply.coupons), promo=args.promo)
    )
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = coupons_admin_pb2.ListCouponsRequest(
        promo_id=args.promo or "", state=args.state or "", limit=args.limit or 0
    )
    reply = _stub(clients).ListCoupons(request, timeout=CALL_TIMEOUT_S)
    out.listing(
        [coupon_document(c) for c in reply.coupons], headings(COLUMNS), empty=_("no coupons")
    )
    return 0


def show_text(data: dict[str, Any]) -> str:
    pairs = [
        (_("coupon"), data["coupon"]),
        (_("promotion"), data["promo_id"]),
        (_("state"), data["state"]),
        (_("valid until"), data["valid_until_at"] or _("as long as the promotion runs")),
        (_("issued"), f"{data['issued_at']} {data['issued_by']}"),
    ]
    if data["redeemed_store"]:
        pairs.append(
            (_("used"), f"{data['redeemed_at']} {data['redeemed_store']} {data['redeemed_by']}")
        )
    if data["used_seq"]:
        pairs.append((_("sale entry"), str(data["used_seq"])))
    return "\n".join(labelled(pairs, indent="", width=14))


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ShowCoupon(
        coupons_admin_pb2.CouponRequest(code=args.code), timeout=CALL_TIMEOUT_S
    )
    data = coupon_document(reply)
    out.record(data, lambda: show_text(data))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "coupon", help=_("single-use coupons for coupon-gated promotions: issue, list, show")
    )
    actions = group.add_subparsers(dest="coupon_command", required=True, metavar="ACTION")
    issue = actions.add_parser("issue", help=_("issue new single-use coupons for a promotion"))
    issue.add_argument("--promo", required=True, help=_("the promotion (made with --coupon)"))
    issue.add_argument("--count", required=True, type=int, help=_("how many coupons"))
    issue.add_argument(
        "--valid-until", help=_("the last day (YYYY-MM-DD) or moment (YYYY-MM-DD HH:MM)")
    )
    add_format(issue)
    issue.set_defaults(handler=cmd_issue, context="coupon issue")
    listing = actions.add_parser("list", help=_("coupons issued, redeemed or used"))
    listing.add_argument("--promo", help=_("one promotion's coupons"))
    listing.add_argument("--state", choices=("issued", "redeemed", "used"))
    listing.add_argument("--limit", type=int, help=_("at most this many (default 10,000)"))
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="coupon list")
    show = actions.add_parser("show", help=_("one coupon: where and when it was used"))
    show.add_argument("code", metavar="CODE")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="coupon show")
