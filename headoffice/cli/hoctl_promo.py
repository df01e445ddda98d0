"""hoctl promo create | import | list | show | end: promotion definitions at head office.

  hoctl promo create --id ID --kind KIND [--name N] [--skus A,B] [--percent-bp N]
                     [--amount MINOR] [--price MINOR] [--threshold MINOR] [--repeat]
                     [--buy N --get N [--gift SKU]] [--combo SKU:PIECES,...]
                     [--group G] [--priority N] [--stage item|cart|member]
                     [--starts "YYYY-MM-DD HH:MM"] [--ends ...] [--weekdays Sat,Sun]
                     [--from HH:MM] [--until HH:MM] [--stores S001,S002] [--levels gold]
                     [--members-only] [--birthday day|month] [--coupon CODE]
  hoctl promo import FILE.csv|FILE.xlsx   (a header of field names, one offer a row)
  hoctl promo list [--all] [--format table|json|csv]
  hoctl promo show ID [--format table|json|csv]
  hoctl promo end ID

The fields and how offers stack are in docs/promotions.md; head office checks every offer
with the pricing engine's validators and keeps a file all or nothing. Money is typed in
minor units (--amount 500 is 5.00); a percentage in basis points (--percent-bp 1500 is 15 %).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import money_text, rfc3339
from common.domain.money import DEFAULT_CURRENCY
from common.domain.promotions.describe import describe
from common.domain.promotions.records import from_record
from common.i18n import N_, _, ngettext
from common.pb.storeledger.v1 import promotions_admin_pb2, promotions_admin_pb2_grpc
from headoffice.cli.catalogue_files import read_rows
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, HoctlError, headings, labelled

LIST_COLUMNS = [
    Column("promo_id", N_("PROMOTION")),
    Column("name", N_("NAME")),
    Column("kind", N_("KIND")),
    Column("stage", N_("STAGE")),
    Column("group", N_("GROUP")),
    Column("priority", N_("PRIORITY"), kind="int"),
    Column("starts_local", N_("STARTS")),
    Column("ends_local", N_("ENDS")),
    Column("state", N_("STATE")),
]
# `hoctl promo create` option -> the record's field (records.FIELDS).
OPTIONS = {
    "id": "promo_id", "name": "name", "kind": "kind", "stage": "stage", "skus": "skus",
    "percent_bp": "percent_bp", "amount": "amount_minor", "price": "price_minor",
    "threshold": "threshold_minor", "buy": "buy_qty", "get": "get_qty", "gift": "gift_sku",
    "combo": "combo_items", "group": "group", "priority": "priority", "starts": "starts_local",
    "ends": "ends_local", "weekdays": "weekdays", "from_time": "from_time",
    "until_time": "until_time", "stores": "stores", "levels": "levels",
    "birthday": "birthday", "coupon": "coupon_code",
}  # fmt: skip
LISTS = {"skus", "combo_items", "weekdays", "stores", "levels"}


def _stub(clients: Clients) -> promotions_admin_pb2_grpc.PromotionsAdminStub:
    return promotions_admin_pb2_grpc.PromotionsAdminStub(clients.channel)


def promotion_document(reply: promotions_admin_pb2.Promotion) -> dict[str, Any]:
    record = json.loads(reply.record_json)
    return {
        **record,
        "currency": DEFAULT_CURRENCY,
        "state": reply.status,
        "created_by": reply.created_by,
        "created_at": rfc3339(reply.created_at_ms),
        "ended_by": reply.ended_by,
        "ended_at": rfc3339(reply.ended_at_ms),
    }


def create_cells(args: argparse.Namespace) -> dict[str, str]:
    cells = {}
    for option, field in OPTIONS.items():
        value = getattr(args, option)
        if value is None:
            continue
        text = str(value)
        cells[field] = text.replace(",", ";") if field in LISTS else text
    if args.repeat:
        cells["repeat"] = "yes"
    if args.members_only:
        cells["members_only"] = "yes"
    return cells


def _created(out: Output, reply: promotions_admin_pb2.PromotionList, source: str) -> None:
    count = len(reply.promotions)
    if source:
        out.say(
            ngettext(
                "{count} promotion from {file} kept at head office",
                "{count} promotions from {file} kept at head office",
                count,
            ).format(count=count, file=source)
        )
    else:
        out.say(
            _("promotion {promo} kept at head office").format(promo=reply.promotions[0].promo_id)
        )


def cmd_create(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = promotions_admin_pb2.CreatePromotionsRequest(
        rows=[promotions_admin_pb2.PromotionCells(cells=create_cells(args))], first_row=1
    )
    _created(out, _stub(clients).CreatePromotions(request, timeout=CALL_TIMEOUT_S), "")
    return 0


def cmd_import(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.file)
    rows = list(read_rows(path))
    if len(rows) < 2:
        raise HoctlError(
            _("{file} has no promotions: a header of field names, then one row each").format(
                file=path.name
            )
        )
    header = [cell.strip() for cell in rows[0][1]]
    cells = [
        promotions_admin_pb2.PromotionCells(
            cells={name: value for name, value in zip(header, values, strict=False) if name}
        )
        for _line, values in rows[1:]
    ]
    request = promotions_admin_pb2.CreatePromotionsRequest(rows=cells, first_row=rows[1][0])
    _created(out, _stub(clients).CreatePromotions(request, timeout=CALL_TIMEOUT_S), path.name)
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListPromotions(
        promotions_admin_pb2.ListPromotionsRequest(include_ended=args.all),
        timeout=CALL_TIMEOUT_S,
    )
    out.listing(
        [promotion_document(p) for p in reply.promotions],
        headings(LIST_COLUMNS),
        empty=_("no promotions"),
    )
    return 0


def show_text(data: dict[str, Any]) -> str:
    offer = from_record({k: v for k, v in data.items() if k in OPTIONS.values() or k in (
        "repeat", "members_only")})  # fmt: skip
    pairs = [
        (_("promotion"), data["promo_id"]),
        (_("name"), data["name"]),
        (_("offer"), describe(offer, data["currency"])),
        (_("stage"), data["stage"]),
    ]
    for key, label in (
        ("skus", N_("SKUs")), ("group", N_("group")), ("starts_local", N_("starts")),
        ("ends_local", N_("ends")), ("weekdays", N_("weekdays")), ("stores", N_("stores")),
        ("levels", N_("levels")), ("birthday", N_("birthday")), ("coupon_code", N_("coupon")),
    ):  # fmt: skip
        value = data[key]
        if value:
            pairs.append((_(label), ", ".join(value) if isinstance(value, list) else str(value)))
    if (data["from_time"], data["until_time"]) != ("00:00", "24:00"):
        pairs.append((_("hours"), f"{data['from_time']}-{data['until_time']}"))
    if data["priority"]:
        pairs.append((_("priority"), str(data["priority"])))
    if data["members_only"]:
        pairs.append((_("members only"), _("yes")))
    if data["threshold_minor"]:
        pairs.append((_("spend"), money_text(data["threshold_minor"], data["currency"])))
    pairs.append((_("state"), data["state"]))
    pairs.append((_("created"), f"{data['created_at']} {data['created_by']}"))
    if data["ended_at"]:
        pairs.append((_("ended"), f"{data['ended_at']} {data['ended_by']}"))
    return "\n".join(labelled(pairs, indent="", width=14))


def cmd_show(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ShowPromotion(
        promotions_admin_pb2.PromotionRequest(promo_id=args.id), timeout=CALL_TIMEOUT_S
    )
    data = promotion_document(reply)
    out.record(data, lambda: show_text(data))
    return 0


def cmd_end(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).EndPromotion(
        promotions_admin_pb2.PromotionRequest(promo_id=args.id), timeout=CALL_TIMEOUT_S
    )
    out.say(_("promotion {promo} ended").format(promo=reply.promo_id))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "promo", help=_("promotions: create, import, list, show, end (docs/promotions.md)")
    )
    actions = group.add_subparsers(dest="promo_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help=_("define one promotion"))
    create.add_argument("--id", required=True, help=_("the promotion's id"))
    create.add_argument("--kind", required=True, help=_("percent_off, amount_off, price, "
                        "spend_save, buy_x_get_y or combo"))  # fmt: skip
    for option in ("name", "stage", "skus", "gift", "combo", "group", "starts", "ends",
                   "weekdays", "stores", "levels", "birthday", "coupon"):  # fmt: skip
        create.add_argument(f"--{option}")
    for option in ("percent-bp", "amount", "price", "threshold", "buy", "get", "priority"):
        # Whole numbers, read and held to their ranges by head office with the rest.
        create.add_argument(f"--{option}")
    create.add_argument("--from", dest="from_time", metavar="HH:MM")
    create.add_argument("--until", dest="until_time", metavar="HH:MM")
    create.add_argument("--repeat", action="store_true", help=_("spend X save Y every time"))
    create.add_argument("--members-only", action="store_true")
    create.set_defaults(handler=cmd_create, context="promo create")
    load = actions.add_parser("import", help=_("define promotions from a CSV or Excel file"))
    load.add_argument("file", metavar="FILE")
    load.set_defaults(handler=cmd_import, context="promo import")
    listing = actions.add_parser("list", help=_("the promotions that have not ended"))
    listing.add_argument("--all", action="store_true", help=_("ended ones too"))
    add_format(listing)
    listing.set_defaults(handler=cmd_list, context="promo list")
    show = actions.add_parser("show", help=_("one promotion in full"))
    show.add_argument("id", metavar="ID")
    add_format(show)
    show.set_defaults(handler=cmd_show, context="promo show")
    end = actions.add_parser("end", help=_("end a promotion now (it stays on record)"))
    end.add_argument("id", metavar="ID")
    end.set_defaults(handler=cmd_end, context="promo end")
