"""The incoming cashier's spot count at `pos shift handover`: --spot SKU=QTY, or --ask.

With --ask, pos reads the store's key items from the agent and asks for each in turn
at the terminal: the count, then a confirmation of it; a count not confirmed, or not
a whole number of zero or more, is asked again. The agent checks the result as it
checks --spot (services.handover_counts), so both ways meet the same rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TextIO

from common.errors import InvalidInput
from common.i18n import _
from common.pb.storeledger.v1 import store_counts_pb2, store_counts_pb2_grpc, till_pb2
from edge_agent.cli.pos_shared import Till

_WHOLE = re.compile(r"[+-]?[0-9]+")
MAX_ASKS = 5  # a count asked this many times without an answer ends the handover


def parse_spot(text: str) -> till_pb2.SpotCount:
    sku, sep, qty = text.partition("=")
    if not sep or not sku.strip() or not _WHOLE.fullmatch(qty.strip()):
        raise InvalidInput(
            _("a spot count {text} must be SKU=QTY in whole base units, e.g. COLA=24").format(
                text=repr(text)
            )
        )
    return till_pb2.SpotCount(sku=sku.strip(), qty_base=int(qty.strip()))


def spot_counts(till: Till, args: argparse.Namespace) -> list[till_pb2.SpotCount]:
    if args.ask and args.spot:
        raise InvalidInput(_("give the spot count with --spot or --ask, not both"))
    if not args.ask:
        return [parse_spot(text) for text in args.spot or []]
    stub = till.stub_of(store_counts_pb2_grpc.StoreCountsStub)
    items = list(till.call(stub.ListKeyItems, store_counts_pb2.KeyItemsRequest()).skus)
    if not items:
        raise InvalidInput(
            _("this store has no key items to count at a handover; hand over without --ask")
        )
    return ask_each(items, args.to, sys.stdin, sys.stderr)


def ask_each(
    items: list[str], cashier: str, answers: TextIO, prompts: TextIO
) -> list[till_pb2.SpotCount]:
    """Ask for each key item's count and its confirmation, item by item."""
    out = []
    for n, sku in enumerate(items, start=1):
        for _attempt in range(MAX_ASKS):
            qty = _answer(
                answers,
                prompts,
                _("{cashier}, count {sku} (key item {n} of {total}): ").format(
                    cashier=cashier, sku=sku, n=n, total=len(items)
                ),
            )
            if not _WHOLE.fullmatch(qty) or int(qty) < 0:
                prompts.write(_("a count is a whole number, zero or more") + "\n")
                continue
            sure = _answer(
                answers,
                prompts,
                _("{sku}: {qty}. Is that right? [y/n] ").format(sku=sku, qty=int(qty)),
            )
            if sure.lower() in ("y", "yes", _("y")):
                out.append(till_pb2.SpotCount(sku=sku, qty_base=int(qty)))
                break
        else:
            raise InvalidInput(
                _("no confirmed count of key item {sku}: the till is not handed over").format(
                    sku=sku
                )
            )
    return out


def _answer(answers: TextIO, prompts: TextIO, prompt: str) -> str:
    prompts.write(prompt)
    prompts.flush()
    line = answers.readline()
    if not line:
        raise InvalidInput(_("the spot count ended before every key item was counted"))
    return line.strip()
