"""Whether a staff caller may make a call: one decorator per servicer method.

`@authorised(Permission.X)` resolves the caller's identity (its client
certificate, read by the CallerIdentity interceptor: headoffice.api.caller)
to a staff user (headoffice.services.users.resolve_staff), refuses with
PERMISSION_DENIED and a sentence naming the missing permission, and passes the
`Staff` to the method. Our errors raised inside end the call with their code
and sentence through the ErrorMapping interceptor. The permission is kept on
the method (`.permission`) so a test can check every RPC carries one.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

from common.logs import log_event
from headoffice.api.caller import caller
from headoffice.domain.errors import PermissionRefused
from headoffice.domain.roles import Permission, Staff
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.users import resolve_staff

log = logging.getLogger(__name__)


class Authorizer:
    """Resolves a call's staff user from its certificate, against the users table."""

    def __init__(self, new_uow: UnitOfWorkFactory) -> None:
        self._new_uow = new_uow

    async def staff(self) -> Staff:
        identity = caller()
        return await asyncio.to_thread(resolve_staff, self._new_uow(), identity)

    async def require(self, permission: Permission | None, rpc: str) -> Staff:
        try:
            staff = await self.staff()
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
                staff = await self._auth.require(permission, rpc)
                async for reply in method(self, request, context, staff):
                    yield reply

            stream_wrapper.permission = permission  # type: ignore[attr-defined]
            return stream_wrapper

        @functools.wraps(method)
        async def wrapper(self: Any, request: Any, context: Any) -> Any:
            staff = await self._auth.require(permission, rpc)
            return await method(self, request, context, staff)

        wrapper.permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorate
