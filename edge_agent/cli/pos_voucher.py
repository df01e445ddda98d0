"""pos voucher scan|redeem|cancel: group-buy vouchers (团购券) at the till, online through
head office (docs/channels.md).

  pos voucher scan CODE [--platform P] [--format table|json|csv]
  pos voucher redeem CODE --count N [--platform P] [--key KEY]
  pos voucher cancel VR000001

Head office verifies the code with its platform; the store journals what the voucher's
package takes out of the stock and prints a slip with the code masked. Vouchers are never
redeemed offline. Without --key a fresh key is made and shown: a retry with it (after a
lost answer) asks head office under the same request id and redeems nothing twice.
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from common.cli.cells import safe_text
from common.cli.options import add_format, till_options
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import till_pb2
from edge_agent.cli.pos_shared import Till, booked_text, warn_printing

MOVE_COLUMNS = [Column("sku"), Column("qty_base", N_("QTY"), "int")]
SCAN_COLUMNS = [
    Column("platform"),
    Column("code_masked", N_("CODE")),
    Column("product_id", N_("DEAL")),
    Column("title"),
    Column("uses_left", N_("USES LEFT"), "int"),
    Column("valid_until_at", N_("VALID UNTIL")),
]


def cmd_scan(args: argparse.Namespace, till: Till, out: Output) -> None:
    seen = till.call(
        till.stub.ScanVoucher,
        till_pb2.TillVoucherScanRequest(till_id=args.till, code=args.code, platform=args.platform),
    )
    data = {
        "platform": seen.platform,
        "code_masked": seen.code_masked,
        "product_id": seen.product_id,
        "title": seen.title,
        "uses_left": seen.uses_left,
        "valid_from_at": rfc3339(seen.valid_from_ms),
        "valid_until_at": rfc3339(seen.valid_until_ms),
        "price_minor": seen.price_minor,
        "currency": seen.currency or till.currency,
        "cancel_window_minutes": seen.cancel_window_ms // 60_000,
        "package": [{"sku": m.sku, "qty_base": m.qty_base} for m in seen.package],
    }

    def text() -> str:
        heading = _(
            "{platform} voucher {code}: {title} ({deal}), {uses} uses left, valid until {until}, "
            "{price} a use"
        ).format(
            platform=safe_text(seen.platform), code=safe_text(seen.code_masked),
            title=safe_text(seen.title), deal=safe_text(seen.product_id), uses=seen.uses_left,
            until=data["valid_until_at"] or "-",
            price=display_amount(seen.price_minor, str(data["currency"])),
        )  # fmt: skip
        return booked_text(heading + "\n" + _("one use takes:"), data["package"], "", "")

    out.record(data, text, columns=SCAN_COLUMNS)


def cmd_redeem(args: argparse.Namespace, till: Till, out: Output) -> None:
    key = args.key or f"pos-voucher-{uuid.uuid4().hex}"
    reply = till.call(
        till.stub.RedeemVoucher,
        till_pb2.TillVoucherRedeemRequest(
            till_id=args.till, cashier=args.cashier, code=args.code, count=args.count,
            platform=args.platform, idempotency_key=key,
        ),
    )  # fmt: skip
    _done(out, till, reply, key)


def cmd_cancel(args: argparse.Namespace, till: Till, out: Output) -> None:
    reply = till.call(
        till.stub.CancelVoucher,
        till_pb2.TillVoucherCancelRequest(
            till_id=args.till, cashier=args.cashier, redemption_id=args.redemption_id
        ),
    )
    _done(out, till, reply, reply.request_id)


def _done(out: Output, till: Till, reply: till_pb2.TillVoucherReply, key: str) -> None:
    warn_printing(out, reply.print)
    data: dict[str, Any] = {
        "seq": reply.seq,
        "redemption_id": reply.redemption_id,
        "platform": reply.platform,
        "code_masked": reply.code_masked,
        "product_id": reply.product_id,
        "title": reply.title,
        "count": reply.count,
        "state": reply.state,
        "idempotency_key": key,
        "replayed": reply.replayed,
        "movements": [{"sku": m.sku, "qty_base": m.qty_base} for m in reply.movements],
    }

    def text() -> str:
        if reply.state == "cancelled":
            heading = _(
                "voucher {code} redemption {id} cancelled as journal entry {seq}: the goods are "
                "back in stock"
            ).format(code=safe_text(reply.code_masked), id=reply.redemption_id, seq=reply.seq)
        else:
            heading = _(
                "{count} x {title} redeemed with voucher {code} as {id}, journal entry {seq} "
                "(key {key})"
            ).format(
                count=reply.count, title=safe_text(reply.title), code=safe_text(reply.code_masked),
                id=reply.redemption_id, seq=reply.seq, key=key,
            )  # fmt: skip
        return reply.receipt_text + booked_text(heading, data["movements"], "", till.currency)

    out.record(data, text, rows_key="movements", columns=[Column("seq", kind="int"), *MOVE_COLUMNS])


def register(sub: Any) -> None:
    voucher = sub.add_parser("voucher", help="group-buy vouchers: scan, redeem, cancel (online)")
    vsub = voucher.add_subparsers(dest="voucher_command", required=True)
    scan = vsub.add_parser("scan", parents=[till_options()], help="look a voucher code up")
    scan.add_argument("code", help="the voucher code as scanned or typed")
    scan.add_argument("--platform", default="", help="meituan, douyin (default: from the code)")
    add_format(scan)
    scan.set_defaults(func=cmd_scan)
    redeem = vsub.add_parser(
        "redeem", parents=[till_options()], help="redeem uses of a voucher and print a slip"
    )
    redeem.add_argument("code", help="the voucher code as scanned or typed")
    redeem.add_argument("--count", type=int, required=True, help="uses to redeem")
    redeem.add_argument("--platform", default="", help="meituan, douyin (default: from the code)")
    redeem.add_argument("--key", help="idempotency key: a retry with it never redeems twice")
    add_format(redeem)
    redeem.set_defaults(func=cmd_redeem)
    cancel = vsub.add_parser(
        "cancel", parents=[till_options()], help="cancel a redemption within its window"
    )
    cancel.add_argument("redemption_id", help="the redemption, e.g. VR000001")
    add_format(cancel)
    cancel.set_defaults(func=cmd_cancel)
