"""chanctl: an online channel's client for head office's ChannelOrders (integrators, tests).

  chanctl --bundle FILE reserve --store S001 --line SKU:QTY ... --key K [--expires-in 15m]
                                [--order-ref R]
  chanctl --bundle FILE confirm (CR000001 | --key K)
  chanctl --bundle FILE release CR000001 [--reason TEXT]
  chanctl --bundle FILE show (CR000001 | --key K)
  chanctl --bundle FILE atp --store S001 [--sku K ...]

FILE is the credential `hoctl channel add` wrote (or $STORELEDGER_CHANNEL_BUNDLE); the
channel is the one its certificate names. Every command takes --format table|json|csv.
A refusal prints head office's sentence and exits non-zero (docs/output.md).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grpc

from common.bundle import ChannelIdentity
from common.cli.failures import Peer, run_command
from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.errors import InvalidInput
from common.ho_address import grpc_target
from common.i18n import N_, _
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc
from common.tls import channel_credentials, channel_options
from headoffice.cli.clients import CALL_TIMEOUT_S, HoctlError, SendsLanguage, headings
from headoffice.cli.hoctl_channels import RESERVATION_COLUMNS, reservation_document

BUNDLE_ENV = "STORELEDGER_CHANNEL_BUNDLE"
_DURATION = re.compile(r"^(\d{1,6})(ms|s|m|h)?$")
_UNIT_MS = {"ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000, None: 1_000}
ATP_COLUMNS = [
    Column("sku", N_("SKU")),
    Column("available_qty_base", N_("AVAILABLE"), kind="int"),
    Column("promisable_qty_base", N_("PROMISABLE"), kind="int"),
    Column("quota_percent", N_("QUOTA %"), kind="int"),
]


def duration_ms(text: str) -> int:
    """`15m`, `90s`, `2h`, `500ms` (a bare number is seconds) -> milliseconds."""
    match = _DURATION.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(
            _("{text} is not a duration such as 15m, 90s or 2h").format(text=repr(text))
        )
    return int(match.group(1)) * _UNIT_MS[match.group(2)]


def line_arg(text: str) -> channels_pb2.ReservationLine:
    sku, sep, qty = text.rpartition(":")
    if not sep or not sku or not qty.isdigit():
        raise argparse.ArgumentTypeError(
            _("a line is SKU:QTY in base units, e.g. COLA:2, got {text}").format(text=repr(text))
        )
    return channels_pb2.ReservationLine(sku=sku, qty_base=int(qty))


def load_bundle(path: str) -> ChannelIdentity:
    raw = path or os.environ.get(BUNDLE_ENV, "")
    if not raw:
        raise HoctlError(
            _("chanctl needs the channel's credential: --bundle FILE or {variable}").format(
                variable=BUNDLE_ENV
            )
        )
    try:
        return ChannelIdentity.from_bytes(Path(raw).read_bytes(), raw)
    except OSError as exc:
        raise HoctlError(
            _("cannot read channel credential {path}: {problem}").format(
                path=raw, problem=exc.strerror
            )
        ) from None


@contextmanager
def open_stub(
    bundle: ChannelIdentity, address: str
) -> Iterator[channels_pb2_grpc.ChannelOrdersStub]:
    creds = channel_credentials(
        bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
    )
    with grpc.secure_channel(grpc_target(address), creds, options=channel_options()) as channel:
        yield channels_pb2_grpc.ChannelOrdersStub(grpc.intercept_channel(channel, SendsLanguage()))


def _ids(args: argparse.Namespace) -> channels_pb2.ReservationRequest:
    if not args.reservation and not args.key:
        raise InvalidInput(_("give a reservation id (CR000001) or --key"))
    return channels_pb2.ReservationRequest(
        reservation_id=args.reservation or "", idempotency_key=args.key or ""
    )


def _show(out: Output, reply: channels_pb2.Reservation, said: str) -> int:
    doc = reservation_document(reply)
    if out.format == "table":
        out.listing([doc], headings(RESERVATION_COLUMNS))
        out.say(said)
    else:
        out.listing([doc], headings(RESERVATION_COLUMNS))
    return 0


def cmd_reserve(args: argparse.Namespace, stub: Any, out: Output) -> int:
    reply = stub.Reserve(
        channels_pb2.ReserveRequest(
            store_code=args.store, lines=args.line, expires_in_ms=args.expires_in or 0,
            idempotency_key=args.key, order_ref=args.order_ref or "",
        ),
        timeout=CALL_TIMEOUT_S,
    )  # fmt: skip
    if reply.replayed:
        said = _("reservation {id} was made earlier with this key; it is {state}")
    else:
        said = _("reservation {id} is {state}")
    return _show(out, reply, said.format(id=reply.reservation_id, state=reply.state))


def cmd_confirm(args: argparse.Namespace, stub: Any, out: Output) -> int:
    reply = stub.Confirm(_ids(args), timeout=CALL_TIMEOUT_S)
    said = _("reservation {id} confirmed: store {store} picks it")
    return _show(out, reply, said.format(id=reply.reservation_id, store=reply.store_code))


def cmd_release(args: argparse.Namespace, stub: Any, out: Output) -> int:
    reply = stub.Release(
        channels_pb2.ReleaseRequest(reservation_id=args.reservation, reason=args.reason or ""),
        timeout=CALL_TIMEOUT_S,
    )
    said = _("reservation {id} released; its stock is available again")
    return _show(out, reply, said.format(id=reply.reservation_id))


def cmd_show(args: argparse.Namespace, stub: Any, out: Output) -> int:
    reply = stub.GetReservation(_ids(args), timeout=CALL_TIMEOUT_S)
    said = _("reservation {id} is {state}")
    return _show(out, reply, said.format(id=reply.reservation_id, state=reply.state))


def cmd_atp(args: argparse.Namespace, stub: Any, out: Output) -> int:
    reply = stub.AvailableToPromise(
        channels_pb2.AvailabilityRequest(store_code=args.store, skus=args.sku or []),
        timeout=CALL_TIMEOUT_S,
    )
    docs = [
        {"sku": a.sku, "available_qty_base": a.available_qty_base,
         "promisable_qty_base": a.promisable_qty_base, "quota_percent": a.quota_percent}
        for a in reply.skus
    ]  # fmt: skip
    out.listing(docs, headings(ATP_COLUMNS), empty=_("no stock at this store"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chanctl", description=_("An online channel's orders at StoreLedger head office.")
    )
    parser.add_argument("--bundle", default="", help=_("the credential from `hoctl channel add`"))
    parser.add_argument(
        "--address",
        help=_(
            "HOST:PORT of head office, or of each of its processes separated by commas "
            "(default: the bundle's)"
        ),
    )
    actions = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    reserve = actions.add_parser("reserve", help=_("hold stock for an order"))
    reserve.add_argument("--store", required=True)
    reserve.add_argument("--line", action="append", required=True, type=line_arg,
                         help=_("SKU:QTY (repeat)"))  # fmt: skip
    reserve.add_argument("--key", required=True, help=_("the order's idempotency key"))
    reserve.add_argument(
        "--expires-in", type=duration_ms, help=_("e.g. 15m (default: the chain's)")
    )
    reserve.add_argument("--order-ref", help=_("the order number the store sees"))
    reserve.set_defaults(handler=cmd_reserve)
    for name, handler, text in (
        ("confirm", cmd_confirm, _("the customer paid: the store picks the order")),
        ("show", cmd_show, _("a reservation as head office has it")),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("reservation", nargs="?", metavar="RESERVATION")
        sub.add_argument("--key", help=_("find it by its idempotency key"))
        sub.set_defaults(handler=handler)
    release = actions.add_parser("release", help=_("give the stock back"))
    release.add_argument("reservation", metavar="RESERVATION")
    release.add_argument("--reason", help=_("why (the store sees it)"))
    release.set_defaults(handler=cmd_release)
    atp = actions.add_parser("atp", help=_("what this channel may still promise per SKU"))
    atp.add_argument("--store", required=True)
    atp.add_argument("--sku", action="append", help=_("one SKU (repeat; default: all)"))
    atp.set_defaults(handler=cmd_atp)
    for sub in actions.choices.values():
        add_format(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, Any, Output], int] = args.handler
    out = Output(args.format)
    peer = Peer(_("head office"), _("{name} is not reachable: {details}"), None)

    def run() -> int:
        nonlocal peer
        bundle = load_bundle(args.bundle)
        address = args.address or bundle.headoffice_address
        peer = Peer(
            _("head office at {address}").format(address=address),
            _("{name} is not reachable: {details}"),
            None,
        )
        with open_stub(bundle, address) as stub:
            return handler(args, stub, out)

    return run_command(f"chanctl {args.command}", run, lambda: peer)


def entry() -> int:
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    return main()


if __name__ == "__main__":
    sys.exit(entry())
