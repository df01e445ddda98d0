"""Staff: the users service hoctl user ... speaks; each method unpacks, calls one service, packs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from common.certs import KeyPair, identity_from_pem
from common.logs import log_event
from common.pb.storeledger.v1 import staff_pb2, staff_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.staff import user_info, who_am_i
from headoffice.api.revocations import RevocationCache
from headoffice.domain.roles import Permission, Staff
from headoffice.services.credentials import reissue_user
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.users import add_user, disable_user, enable_user, list_users

log = logging.getLogger(__name__)


class StaffServicer(staff_pb2_grpc.StaffServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        ca: KeyPair,
        headoffice_address: Callable[[], str],
        revocations: RevocationCache | None = None,
    ) -> None:
        self._revocations = revocations
        self._new_uow = new_uow
        self._auth = auth
        self._ca = ca
        self._address = headoffice_address

    @authorised(Permission.USER_MANAGE)
    async def AddUser(self, request, context, staff: Staff):  # noqa: N802
        user, identity = await asyncio.to_thread(
            add_user,
            self._new_uow(),
            self._ca,
            staff.username,
            request.username,
            request.role,
            list(request.stores),
            self._address(),
        )
        log_event(
            log, logging.INFO, "user added", user=user.username, role=user.role, by=staff.username
        )
        return staff_pb2.AddUserReply(user=user_info(user), identity=identity.to_bytes())

    @authorised(Permission.USER_MANAGE)
    async def DisableUser(self, request, context, staff: Staff):  # noqa: N802
        user = await asyncio.to_thread(
            disable_user, self._new_uow(), staff.username, request.username
        )
        log_event(log, logging.INFO, "user disabled", user=user.username, by=staff.username)
        return user_info(user)

    @authorised(Permission.USER_MANAGE)
    async def EnableUser(self, request, context, staff: Staff):  # noqa: N802
        user = await asyncio.to_thread(
            enable_user, self._new_uow(), staff.username, request.username
        )
        log_event(log, logging.INFO, "user enabled", user=user.username, by=staff.username)
        return user_info(user)

    @authorised(Permission.USER_MANAGE)
    async def ReissueUser(self, request, context, staff: Staff):  # noqa: N802
        user, identity, superseded = await asyncio.to_thread(
            reissue_user, self._new_uow(), self._ca, staff.username, request.username,
            self._address(),
        )  # fmt: skip
        if self._revocations is not None:
            self._revocations.invalidate()
        serial = identity_from_pem(identity.cert_pem.encode()).serial_text
        log_event(
            log, logging.INFO, "user credential reissued", user=user.username, serial=serial,
            by=staff.username,
        )  # fmt: skip
        return staff_pb2.ReissueUserReply(
            user=user_info(user),
            identity=identity.to_bytes(),
            serial=serial,
            superseded_serials=[r.serial for r in superseded if r.serial],
        )

    @authorised(Permission.USER_MANAGE)
    async def ListUsers(self, request, context, staff: Staff):  # noqa: N802
        users = await asyncio.to_thread(list_users, self._new_uow())
        return staff_pb2.ListUsersReply(users=[user_info(u) for u in users])

    @authorised(None)  # every active user may ask who they are
    async def WhoAmI(self, request, context, staff: Staff):  # noqa: N802
        return who_am_i(staff)
