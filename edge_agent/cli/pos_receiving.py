"""pos receive: a supplier delivery booked at the store, by its supplier's reference or
against a head-office purchase order (pos_purchasing), with best-before days per line.

  pos receive --supplier-ref REF CODE=QTY@COST ... [--actor NAME] [--key KEY]
  pos receive --po PO-12 [SKU=QTY[@COST] ...] [--allow-over] [--expiry SKU=YYYY-MM-DD]
"""

from __future__ import annotations

import argparse

from common.cli.item_lines import DELIVERY, parse_item_line
from common.cli.output import Output
from common.cli.render import Column
from common.errors import InvalidInput
from common.i18n import N_, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.cli import pos_purchasing
from edge_agent.cli.pos_shared import Till, booked_text


def expiry_dates(texts: list[str]) -> dict[str, str]:
    """--expiry CODE=YYYY-MM-DD (repeatable): each line's best-before day by its code."""
    found: dict[str, str] = {}
    for text in texts:
        code, sep, day = text.rpartition("=")
        if not sep or not code or not day:
            raise InvalidInput(
                _("--expiry {value} must be CODE=YYYY-MM-DD, e.g. MILK-1L=2026-12-31").format(
                    value=repr(text[:60])
                )
            )
        found[code] = day
    return found


def cmd_receive(args: argparse.Namespace, till: Till, out: Output) -> None:
    if args.po:
        pos_purchasing.cmd_receive_po(args, till, out, expiry_dates(args.expiry or []))
        return
    if not args.supplier_ref:
        raise InvalidInput(_("a delivery needs --supplier-ref REF (or --po ID against an order)"))
    if not args.items:
        raise InvalidInput(
            _("a delivery needs at least one {usage} line").format(usage=DELIVERY.usage)
        )
    lines = [parse_item_line(t, DELIVERY, till.unit_of) for t in args.items]
    expiry = expiry_dates(args.expiry or [])
    reply = till.call(
        till.stub.Receive,
        till_pb2.ReceiveRequest(
            supplier_ref=args.supplier_ref,
            items=[
                till_pb2.ReceiveItem(
                    code=line.code,
                    qty_base=line.qty_base,
                    unit_cost_minor=line.unit_cost_minor,
                    expiry_date=expiry.get(line.code, ""),
                )
                for line in lines
            ],
            actor=args.actor,
            idempotency_key=args.key or "",
        ),
    )
    delivery = reply.delivery
    data = {
        "seq": reply.seq,
        "delivery_id": delivery.delivery_id,
        "supplier_ref": delivery.supplier_ref,
        "currency": till.currency,
        "lines": [
            {
                "sku": r.sku,
                "qty_base": r.qty_base,
                "unit_cost_minor": r.unit_cost_minor,
                "expiry_date": r.expiry_date or None,
            }
            for r in delivery.lines
        ],
    }
    heading = _("delivery {supplier_ref} booked as journal entry {seq}").format(
        supplier_ref=delivery.supplier_ref, seq=reply.seq
    )
    out.record(
        data,
        lambda: booked_text(heading, data["lines"], "+", data["currency"]),
        rows_key="lines",
        columns=[Column("seq", kind="int"), *booked_columns()],
    )


def booked_columns() -> list[Column]:
    return [
        Column("sku"),
        Column("qty_base", N_("QTY"), "int"),
        Column("unit_cost_minor", N_("UNIT COST"), "money"),
    ]
