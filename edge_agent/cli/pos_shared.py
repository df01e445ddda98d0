"""What every pos command module shares: the connection to the agent, payments, approvals.

pos.py builds the parser from the command modules (pos_till, pos_transfers,
pos_purchasing, pos_writeoffs); they import this module and common.cli, never
each other or pos.py, so each imports alone.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import grpc

from common.cli.failures import Peer
from common.cli.options import TILL_ENV
from common.cli.output import Output
from common.cli.render import Column, table
from common.domain.money import DEFAULT_CURRENCY, parse_minor
from common.errors import InvalidInput
from common.i18n import N_, _
from common.pb.storeledger.v1 import till_pb2, till_pb2_grpc
from common.rpc.language import sending_language
from edge_agent.datadir import DataDir
from edge_agent.domain.errors import AgentNotRunning

RPC_TIMEOUT_S = 15.0
PIN_ENV = "STORELEDGER_MANAGER_PIN"
Stub = TypeVar("Stub")


TILL_METADATA = "storeledger-till"  # edge_agent.api.till_sign_in reads it


class _NamesTill(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    """Every call says which till it comes from: the agent acts as the person signed in there."""

    def __init__(self, till_id: str) -> None:
        self._till_id = till_id

    def _details(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = [*(details.metadata or ()), (TILL_METADATA, self._till_id)]
        return details._replace(metadata=metadata)  # type: ignore[attr-defined]

    def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)


class Till:
    """One open channel to a store's agent (its Unix socket): the Till stub and the others."""

    def __init__(self, data_dir: Path, till_id: str = "") -> None:
        self.data_dir = data_dir
        self.till_id = till_id or os.environ.get(TILL_ENV, "") or "T1"
        self.socket = DataDir(data_dir).till_socket
        if not self.socket.exists():
            raise AgentNotRunning(
                _("the edge agent for {data_dir} is not running (no socket at {socket})").format(
                    data_dir=data_dir, socket=self.socket
                )
            )
        # Every call asks the agent to answer in this process's language (the store's).
        self.channel = grpc.intercept_channel(
            sending_language(grpc.insecure_channel(f"unix:{self.socket}")),
            _NamesTill(self.till_id),
        )
        self.stub = till_pb2_grpc.TillStub(self.channel)

    @property
    def peer(self) -> Peer:
        """How a failed call names the agent (common.cli.failures.rpc_sentence)."""
        return Peer(
            _("the edge agent for {data_dir}").format(data_dir=self.data_dir),
            # {name} and {details} are filled in by rpc_sentence (Peer.not_there)
            _("{name} is not running (nothing answers on {socket})").replace(
                "{socket}", str(self.socket)
            ),
        )

    def call(self, method: Callable[..., Any], request: object) -> Any:
        return method(request, timeout=RPC_TIMEOUT_S)

    def stub_of(self, stub_class: Callable[[grpc.Channel], Stub]) -> Stub:
        """Another service on the agent's socket (StoreTransfers, StorePurchasing...)."""
        return stub_class(self.channel)

    def unit_of(self, code: str) -> str:
        """The base unit of a product, to name it in a refusal ('base units' if unknown)."""
        try:
            return self.stub.LookupProduct(
                till_pb2.LookupProductRequest(code=code), timeout=RPC_TIMEOUT_S
            ).unit
        except grpc.RpcError:
            return _("base units")

    @cached_property
    def currency(self) -> str:
        """The store's currency (E/edge.toml), for replies that do not carry one."""
        from edge_agent.config import load_edge_config

        try:
            return str(load_edge_config(self.data_dir)["store"]["currency"]) or DEFAULT_CURRENCY
        except OSError:
            return DEFAULT_CURRENCY

    def close(self) -> None:
        self.channel.close()


def parse_tender(text: str) -> till_pb2.TenderRequest:
    """--pay/--refund METHOD:AMOUNT[:REF], the amount in minor units; points:AMOUNT[:MAX]
    names the most points the customer agrees to spend."""
    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[0]:
        raise InvalidInput(
            _("payment {text} must be METHOD:AMOUNT[:REF], e.g. cash:5000").format(text=repr(text))
        )
    amount = parse_minor(parts[1], _("payment amount"))
    method = parts[0].lower()
    if method == "points" and len(parts) > 2:
        # points:AMOUNT:MAX_POINTS: the most points the customer agrees to spend.
        most_text = parts[2].strip()
        if not most_text.isdigit() or len(most_text) > 12:
            raise InvalidInput(
                _("the most points to spend must be a whole number of points, got {text}").format(
                    text=repr(most_text[:24])
                )
            )
        most = int(most_text)
        return till_pb2.TenderRequest(method=method, amount_minor=amount, points=most)
    return till_pb2.TenderRequest(
        method=method, amount_minor=amount, reference=parts[2] if len(parts) > 2 else ""
    )


def approval(till: Till, args: argparse.Namespace, action: str, details: str) -> str:
    """An approval id from --manager (PIN from the environment or a prompt), or ""."""
    if not getattr(args, "manager", None):
        return ""
    pin = os.environ.get(PIN_ENV)
    if pin is None:
        if not sys.stdin.isatty():
            raise InvalidInput(
                _("manager {manager}'s PIN: set {env} or run in a terminal").format(
                    manager=args.manager, env=PIN_ENV
                )
            )
        pin = getpass.getpass(_("PIN for manager {manager}: ").format(manager=args.manager))
    reply = till.call(
        till.stub.Approve,
        till_pb2.ApproveRequest(
            till_id=args.till,
            cashier=args.cashier,
            manager=args.manager,
            pin=pin,
            action=action,
            details=details,
        ),
    )
    return reply.approval_id


def warn_printing(out: Output, outcome: till_pb2.PrintOutcome) -> None:
    """A receipt or report that did not print: a warning on stderr; the sale stands."""
    if outcome.warning:
        out.warn(_("pos: warning: {warning}").format(warning=outcome.warning))


def booked_text(heading: str, lines: list[dict[str, Any]], sign: str, currency: str) -> str:
    """A sentence and the lines a document moved: SKU, +/-quantity, unit cost if known."""
    columns = [Column("sku"), Column("qty_base", N_("QTY"), "int", show=lambda q: f"{sign}{q}")]
    if lines and "unit_cost_minor" in lines[0]:
        columns.append(Column("unit_cost_minor", N_("UNIT COST"), "money"))
    return heading + ("\n" + table(columns, lines, currency) if lines else "")
