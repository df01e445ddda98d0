"""hoctl voucher: group-buy vouchers (团购券) at head office (docs/vouchers.md).

  hoctl voucher package set PLATFORM PRODUCT --title T --line SKU:QTY [--line ...]
  hoctl voucher packages [--platform P]
  hoctl voucher redemptions [--platform P] [--store S] [--state STATE] [--limit N]
  hoctl voucher reconcile [--platform P] [--day YYYY-MM-DD]
  hoctl voucher differences [--platform P] [--run N]

Read commands take --format table|json|csv. Codes print masked (first 2, last 2 characters).
"""

from __future__ import annotations

import argparse
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.errors import InvalidInput
from common.i18n import N_, _, ngettext
from common.pb.storeledger.v1 import ledger_pb2, vouchers_pb2, vouchers_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings

STATES = ("verifying", "verified", "cancelling", "cancelled", "failed")
PACKAGE_COLUMNS = [
    Column("platform", N_("PLATFORM")),
    Column("product_id", N_("PRODUCT")),
    Column("title", N_("TITLE")),
    Column("per_use", N_("PER USE")),
    Column("set_by", N_("SET BY")),
]
REDEMPTION_COLUMNS = [
    Column("redemption_id", N_("REDEMPTION")),
    Column("platform", N_("PLATFORM")),
    Column("code_masked", N_("CODE")),
    Column("store_code", N_("STORE")),
    Column("product_id", N_("PRODUCT")),
    Column("count", N_("USES"), kind="int"),
    Column("state", N_("STATE")),
    Column("verified_at", N_("VERIFIED")),
]
DIFFERENCE_COLUMNS = [
    Column("platform", N_("PLATFORM")),
    Column("code_masked", N_("CODE")),
    Column("kind", N_("DIFFERENCE")),
    Column("store_code", N_("STORE")),
    Column("our_count", N_("OURS"), kind="int"),
    Column("platform_count", N_("PLATFORM'S"), kind="int"),
    Column("redemption_id", N_("REDEMPTION")),
]


def _stub(clients: Clients) -> vouchers_pb2_grpc.VoucherAdminStub:
    return vouchers_pb2_grpc.VoucherAdminStub(clients.channel)


def parse_line(text: str) -> tuple[str, int]:
    sku, colon, qty = text.rpartition(":")
    if not colon or not sku.strip() or not qty.strip().isdigit() or int(qty) <= 0:
        raise InvalidInput(
            _("--line {text} must be SKU:QTY, QTY a whole number of base units above zero, "
              "e.g. WASH-SOAP:50").format(text=repr(text))
        )  # fmt: skip
    return sku.strip(), int(qty)


def package_document(p: vouchers_pb2.VoucherPackage) -> dict[str, Any]:
    return {
        "platform": p.platform, "product_id": p.product_id, "title": p.title,
        "per_use": ", ".join(f"{m.sku}:{m.qty_base}" for m in p.per_use),
        "lines": [{"sku": m.sku, "qty_base": m.qty_base} for m in p.per_use],
        "set_at": rfc3339(p.set_at_ms), "set_by": p.set_by,
    }  # fmt: skip


def redemption_document(r: vouchers_pb2.VoucherRedemption) -> dict[str, Any]:
    return {
        "redemption_id": r.redemption_id, "platform": r.platform, "code_masked": r.code_masked,
        "store_code": r.store_code, "product_id": r.product_id, "count": r.count,
        "state": r.state, "created_at": rfc3339(r.created_at_ms),
        "verified_at": rfc3339(r.verified_at_ms), "cancelled_at": rfc3339(r.cancelled_at_ms),
        "journal_seq": r.journal_seq or None, "error": r.error,
    }  # fmt: skip


def difference_document(d: vouchers_pb2.VoucherDifference) -> dict[str, Any]:
    return {
        "platform": d.platform, "code_masked": d.code_masked, "kind": d.kind,
        "store_code": d.store_code, "our_count": d.our_count,
        "platform_count": d.platform_count, "redemption_id": d.redemption_id,
    }  # fmt: skip


def cmd_package_set(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    lines = [parse_line(t) for t in args.line]
    request = vouchers_pb2.SetVoucherPackageRequest(
        platform=args.platform, product_id=args.product, title=args.title,
        per_use=[ledger_pb2.Movement(sku=s, qty_base=q) for s, q in lines],
    )  # fmt: skip
    reply = _stub(clients).SetPackage(request, timeout=CALL_TIMEOUT_S)
    out.say(
        _("package of {platform} product {product} set: one use takes {lines}").format(
            platform=reply.platform, product=reply.product_id,
            lines=package_document(reply)["per_use"],
        )
    )  # fmt: skip
    return 0


def cmd_packages(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListPackages(
        vouchers_pb2.ListVoucherPackagesRequest(platform=args.platform or ""),
        timeout=CALL_TIMEOUT_S,
    )
    out.listing(
        [package_document(p) for p in reply.packages], headings(PACKAGE_COLUMNS),
        empty=_("no voucher packages"), lines_key="lines",
    )  # fmt: skip
    return 0


def cmd_redemptions(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = vouchers_pb2.ListVoucherRedemptionsRequest(
        platform=args.platform or "", store_code=args.store or "", state=args.state or "",
        limit=args.limit or 0,
    )  # fmt: skip
    reply = _stub(clients).ListRedemptions(request, timeout=CALL_TIMEOUT_S)
    out.listing(
        [redemption_document(r) for r in reply.redemptions], headings(REDEMPTION_COLUMNS),
        empty=_("no voucher redemptions"),
    )  # fmt: skip
    return 0


def _run_text(run: vouchers_pb2.VoucherReconciliation, out: Output) -> None:
    rows = [difference_document(d) for d in run.differences]
    if not run.run_id:
        out.listing(
            rows,
            headings(DIFFERENCE_COLUMNS),
            empty=_("vouchers were not reconciled: no run, or no platform configured"),
        )
        return
    out.listing(rows, headings(DIFFERENCE_COLUMNS), empty=_("no differences"))
    out.say(
        ngettext(
            "run {run}: {checked} redemption compared, {found} differences",
            "run {run}: {checked} redemptions compared, {found} differences",
            run.checked,
        ).format(run=run.run_id, checked=run.checked, found=len(rows))
    )


def cmd_reconcile(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = vouchers_pb2.ReconcileVouchersRequest(
        platform=args.platform or "", day=args.day or ""
    )
    _run_text(_stub(clients).Reconcile(request, timeout=CALL_TIMEOUT_S), out)
    return 0


def cmd_differences(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = vouchers_pb2.ListVoucherDifferencesRequest(
        platform=args.platform or "", run_id=args.run or ""
    )
    _run_text(_stub(clients).ListDifferences(request, timeout=CALL_TIMEOUT_S), out)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "voucher", help=_("group-buy vouchers: packages, redemptions, reconciliation")
    )
    actions = group.add_subparsers(dest="voucher_command", required=True, metavar="ACTION")
    package = actions.add_parser("package", help=_("what one use of a platform product deducts"))
    package_actions = package.add_subparsers(dest="package_command", required=True,
                                             metavar="ACTION")  # fmt: skip
    pset = package_actions.add_parser("set", help=_("set what one use of a product deducts"))
    pset.add_argument("platform", metavar="PLATFORM")
    pset.add_argument("product", metavar="PRODUCT", help=_("the platform's product (deal) id"))
    pset.add_argument("--title", required=True, help=_("the product's name for people"))
    pset.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="SKU:QTY",
        help=_("a SKU and the base units one use takes (repeat for more)"),
    )
    pset.set_defaults(handler=cmd_package_set, context="voucher package set")
    packages = actions.add_parser("packages", help=_("the packages set per platform product"))
    packages.add_argument("--platform")
    add_format(packages)
    packages.set_defaults(handler=cmd_packages, context="voucher packages")
    red = actions.add_parser("redemptions", help=_("voucher redemptions, newest first"))
    red.add_argument("--platform")
    red.add_argument("--store")
    red.add_argument("--state", choices=STATES)
    red.add_argument("--limit", type=int, help=_("at most this many (default 500)"))
    add_format(red)
    red.set_defaults(handler=cmd_redemptions, context="voucher redemptions")
    rec = actions.add_parser(
        "reconcile", help=_("compare our redemptions with the platforms' lists now")
    )
    rec.add_argument("--platform", help=_("one platform (default: every one)"))
    rec.add_argument(
        "--day", help=_("YYYY-MM-DD in the shops' zone (default: yesterday and today)")
    )
    add_format(rec)
    rec.set_defaults(handler=cmd_reconcile, context="voucher reconcile")
    diff = actions.add_parser("differences", help=_("the differences of a reconciliation run"))
    diff.add_argument("--platform")
    diff.add_argument("--run", help=_("the run's number (default: the latest)"))
    add_format(diff)
    diff.set_defaults(handler=cmd_differences, context="voucher differences")
