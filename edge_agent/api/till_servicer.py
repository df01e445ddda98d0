"""The Till gRPC service pos talks to: each method unpacks, calls one service, packs the reply.

Its methods are grouped by concept: selling and returns (api.till_selling),
shifts and reports (api.till_shifts), and the rest of the till's desk
(api.till_desk: approvals, voids, no-sales, deliveries, stock, status), and the member
desk (api.till_members: look up, register, top up, sell a card), online orders
(api.till_orders: list, pick, hand over) and group-buy vouchers (api.till_vouchers).
"""

from __future__ import annotations

from common.pb.storeledger.v1 import till_pb2_grpc
from edge_agent.api.till_desk import DeskRpcs
from edge_agent.api.till_members import MemberRpcs
from edge_agent.api.till_orders import OrderRpcs
from edge_agent.api.till_selling import SellingRpcs
from edge_agent.api.till_shifts import ShiftRpcs
from edge_agent.api.till_sign_in import SignInRpcs
from edge_agent.api.till_vouchers import VoucherRpcs


class TillServicer(
    SignInRpcs,
    SellingRpcs,
    ShiftRpcs,
    DeskRpcs,
    MemberRpcs,
    OrderRpcs,
    VoucherRpcs,
    till_pb2_grpc.TillServicer,
):
    """Till = SignInRpcs + SellingRpcs + ShiftRpcs + DeskRpcs + MemberRpcs + OrderRpcs +
    VoucherRpcs over one TillBase."""
