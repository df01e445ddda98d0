"""Who may act at a till: the SignIn/SignOut/WhoIsSignedIn RPCs and the TillSignIn interceptor.

TillSignIn runs before every call on the agent's socket. For a call in
METHOD_ACTIONS it finds the till (the request's till_id, else the caller's
`storeledger-till` metadata that pos sends from --till), asks the signing-in
service who is signed in there and whether their role may take the action
(UNAUTHENTICATED when nobody is, PERMISSION_DENIED naming the role and the
action), refuses a --cashier/--actor naming anyone else, and fills the request's
cashier/actor with the signed-in person's code: that is the name the journal
entry records (sam; head office files it as sam@S001). Calls not in the table
read and change nothing a person answers for (stock, catalogue lookups, status,
lists) or are the sign-in itself, and run as they are. Errors are raised as ours
for ErrorMapping (installed inside this one) to end the call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from common.domain import till_roles as r
from common.errors import PermissionDenied
from common.i18n import _
from common.pb.storeledger.v1 import till_pb2
from common.rpc.interceptors import Behaviour, wrap_handler
from edge_agent.services import signing_in
from edge_agent.services.context import StoreContext

TILL_METADATA = "storeledger-till"
SIGNED_IN_ONLY = ""  # the call needs someone signed in, whatever their role

_P = "/storeledger.v1."
# Every call that acts at a till -> the action its caller must be allowed (common.domain.till_roles).
METHOD_ACTIONS: dict[str, str] = {
    _P + "Till/Sell": r.SELL,
    _P + "Till/Reprint": r.SELL,
    _P + "Till/Redeem": r.SELL,  # a member's card used for a service or goods, like a sale
    _P + "Till/VoidCart": r.VOID,
    _P + "Till/Return": r.REFUND,
    _P + "Till/NoSale": r.CASH_IN_OUT,
    _P + "Till/CashInOut": r.CASH_IN_OUT,
    _P + "Till/OpenShift": r.SHIFT_OPEN,
    _P + "Till/CloseShift": r.SHIFT_CLOSE,
    _P + "Till/Handover": r.SHIFT_CLOSE,
    _P + "Till/XReport": r.SHIFT_CLOSE,
    _P + "Till/ZReport": r.SHIFT_CLOSE,
    _P + "Till/Receive": r.RECEIVE,
    _P + "Till/Approve": SIGNED_IN_ONLY,
    # The member desk: money taken at the till, as for a sale; a look-up by whoever is in.
    _P + "Till/LookupMember": SIGNED_IN_ONLY,
    _P + "Till/RegisterMember": r.SELL,
    _P + "Till/TopUp": r.SELL,
    _P + "Till/SellCard": r.SELL,  # the approver's own role is checked by approving
    # Online orders: read by whoever is in, picked and handed over as for a sale.
    _P + "Till/ListOrders": SIGNED_IN_ONLY,
    _P + "Till/PickOrder": r.SELL,
    _P + "Till/HandOverOrder": r.SELL,
    _P + "StorePurchasing/ReceiveOrder": r.RECEIVE,
    _P + "StorePurchasing/ReturnToSupplier": r.RECEIVE,
    _P + "StoreWriteOffs/WriteOffStock": r.WRITE_OFF,
    _P + "StoreTransfers/ShipTransfer": r.SHIP_TRANSFER,
    _P + "StoreTransfers/ReceiveTransfer": r.RECEIVE_TRANSFER,
    # Stocktake: who counts, and whose lines and figures a reply shows (blind counting).
    _P + "StoreCounts/StartCount": r.COUNT,
    _P + "StoreCounts/ShowCount": r.COUNT,
    _P + "StoreCounts/AddCountLine": r.COUNT,
    _P + "StoreCounts/ListCountLines": r.COUNT,
    _P + "StoreCounts/SubmitCount": r.COUNT,
    _P + "StoreCounts/ConfirmZero": r.APPROVE,
    _P + "StoreCounts/ApproveCount": r.APPROVE,
    _P + "StoreCounts/CancelCount": r.APPROVE,
    _P + "StoreCounts/CountSheet": r.COUNT,
    _P + "StoreCounts/ImportCountFile": r.COUNT,
    _P + "StoreCounts/VarianceReport": r.COUNT,  # the service asks for see_book_qty too
    _P + "StoreCounts/SetKeyItems": r.APPROVE,  # a manager sets the handover's key items
    _P + "StoreCounts/ListKeyItems": SIGNED_IN_ONLY,  # an incoming cashier reads what to count
}

# The request fields that name the person acting.
PERSON_FIELDS = ("cashier", "actor")


def _metadata_till(context: grpc.aio.ServicerContext) -> str:
    for key, value in context.invocation_metadata() or ():
        if key == TILL_METADATA:
            return str(value)
    return ""


def _till_of(request: Any, context: grpc.aio.ServicerContext) -> str:
    from_request = getattr(request, "till_id", "") if hasattr(request, "till_id") else ""
    return from_request or _metadata_till(context)


def act_as(request: Any, code: str) -> None:
    """Fill the request's person with the signed-in code; refuse anyone else named."""
    for name in PERSON_FIELDS:
        if name not in type(request).DESCRIPTOR.fields_by_name:
            continue
        given = getattr(request, name)
        if given and given != code:
            raise PermissionDenied(
                _(
                    "{given} is not the person signed in at this till ({code}); the till acts "
                    "only as the person signed in (sign in as {given} with 'pos login')"
                ).format(given=given, code=code)
            )
        setattr(request, name, code)


def _extra_action(method: str, request: Any) -> str:
    """A second permission some calls need: a price override inside a sale."""
    if method.endswith("Till/Sell") and any(
        item.HasField("price_override_minor") for item in request.items
    ):
        return r.PRICE_OVERRIDE
    return ""


class TillSignIn(grpc.aio.ServerInterceptor):
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        if handler_call_details.method not in METHOD_ACTIONS:
            return handler
        return wrap_handler(handler, handler_call_details.method, self._wrap)

    def _wrap(self, method: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
        action = METHOD_ACTIONS[method]

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            till = _till_of(request, context)
            if action == SIGNED_IN_ONLY:
                who = await asyncio.to_thread(signing_in.signed_in, self._ctx, till)
            else:
                who = await asyncio.to_thread(signing_in.authorise, self._ctx, till, action)
            extra = _extra_action(method, request)
            if extra:
                r.check_permission(who.code, who.member.role, extra)
            act_as(request, who.code)
            return await behaviour(request, context)

        return unary


def signed_in_pb(who: signing_in.SignedIn) -> till_pb2.SignedInStaff:
    return till_pb2.SignedInStaff(
        till_id=who.till_id,
        staff_code=who.code,
        display_name=who.member.display_name,
        role=who.member.role,
        permissions=who.permissions,
        signed_in_at_ms=who.signed_in_at_ms,
    )


class SignInRpcs:
    """pos login / logout / whoami (mixed into TillServicer)."""

    _ctx: StoreContext

    async def SignIn(self, request, context) -> till_pb2.SignedInStaff:  # noqa: N802
        who = await asyncio.to_thread(
            signing_in.sign_in,
            self._ctx,
            request.till_id,
            request.staff_code,
            request.pin,
            request.card,
        )
        return signed_in_pb(who)

    async def SignOut(self, request, context) -> till_pb2.SignOutReply:  # noqa: N802
        code = await asyncio.to_thread(signing_in.sign_out, self._ctx, request.till_id)
        return till_pb2.SignOutReply(till_id=request.till_id, staff_code=code)

    async def WhoIsSignedIn(self, request, context) -> till_pb2.SignedInStaff:  # noqa: N802
        who = await asyncio.to_thread(signing_in.signed_in, self._ctx, request.till_id)
        return signed_in_pb(who)
