"""Who is calling the staff API and whether they may: one decorator per servicer method.

`@authorised(Permission.X)` resolves the caller's client certificate to a
staff user (headoffice.services.users.resolve_staff), refuses with
PERMISSION_DENIED and a sentence naming the missing permission, and passes the
`Staff` to the method. Our errors raised inside end the call with their code
and sentence (api.errors). The permission is kept on the method
(`.permission`) so a test can check every RPC carries one.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

import grpc
from sqlalchemy.engine import Engine

from common.errors import StoreLedgerError
from common.logs import log_event
from common.tls import peer_identity
from headoffice.api.errors import abort_with
from headoffice.domain.errors import PermissionRefused
from headoffice.domain.roles import Permission, Staff
from headoffice.services.users import resolve_staff
from headoffice.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class Authorizer:
    """Resolves a call's staff user from its certificate, against the users table."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def staff(self, context: grpc.aio.ServicerContext) -> Staff:
        identity = peer_identity(context.auth_context())
        return await asyncio.to_thread(resolve_staff, UnitOfWork(self._engine), identity)

    async def require(
        self, context: grpc.aio.ServicerContext, permission: Permission | None, rpc: str
    ) -> Staff:
        try:
            staff = await self.staff(context)
            if permission is not None:
                staff.require(permission)
        except PermissionRefused as exc:
            log_event(log, logging.WARNING, "staff call refused", rpc=rpc, reason=str(exc))
            raise
        return staff


def authorised(
    permission: Permission | None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a servicer method `(self, request, context, staff)`; the servicer has `_auth`.

    `None` admits every active staff user (e.g. asking who one is).
    """

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        rpc = method.__name__
        if inspect.isasyncgenfunction(method):

            @functools.wraps(method)
            async def stream_wrapper(self: Any, request: Any, context: Any) -> Any:
                try:
                    staff = await self._auth.require(context, permission, rpc)
                    async for reply in method(self, request, context, staff):
                        yield reply
                except StoreLedgerError as exc:
                    await abort_with(context, exc)

            stream_wrapper.permission = permission  # type: ignore[attr-defined]
            return stream_wrapper

        @functools.wraps(method)
        async def wrapper(self: Any, request: Any, context: Any) -> Any:
            try:
                staff = await self._auth.require(context, permission, rpc)
                return await method(self, request, context, staff)
            except StoreLedgerError as exc:
                await abort_with(context, exc)

        wrapper.permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorate
