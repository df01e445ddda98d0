"""TillStaff: hoctl staff ...; each method unpacks, calls one service in a thread, packs."""

from __future__ import annotations

import asyncio

from common.pb.storeledger.v1 import till_staff_pb2, till_staff_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.till_staff import till_staff_member
from headoffice.domain.roles import Permission, Staff
from headoffice.services import till_staff
from headoffice.services.ports import UnitOfWorkFactory

SERVICE = till_staff_pb2.DESCRIPTOR.services_by_name["TillStaff"]


class TillStaffServicer(till_staff_pb2_grpc.TillStaffServicer):
    def __init__(self, new_uow: UnitOfWorkFactory, auth: Authorizer) -> None:
        self._new_uow = new_uow
        self._auth = auth

    @authorised(Permission.TILL_STAFF_MANAGE)
    async def AddTillStaff(self, request, context, staff: Staff):  # noqa: N802
        member = await asyncio.to_thread(
            till_staff.add_staff,
            self._new_uow(),
            staff,
            request.store_code,
            request.staff_code,
            request.role,
            request.pin,
            request.display_name,
            request.card,
        )
        return till_staff_member(member)

    @authorised(Permission.TILL_STAFF_READ)
    async def ListTillStaff(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            till_staff.list_staff, self._new_uow(), staff, request.store_code
        )
        return till_staff_pb2.ListTillStaffReply(staff=[till_staff_member(m) for m in rows])

    @authorised(Permission.TILL_STAFF_MANAGE)
    async def DisableTillStaff(self, request, context, staff: Staff):  # noqa: N802
        return till_staff_member(
            await asyncio.to_thread(
                till_staff.disable_staff,
                self._new_uow(),
                staff,
                request.store_code,
                request.staff_code,
            )
        )

    @authorised(Permission.TILL_STAFF_MANAGE)
    async def EnableTillStaff(self, request, context, staff: Staff):  # noqa: N802
        return till_staff_member(
            await asyncio.to_thread(
                till_staff.enable_staff,
                self._new_uow(),
                staff,
                request.store_code,
                request.staff_code,
            )
        )

    @authorised(Permission.TILL_STAFF_MANAGE)
    async def SetTillStaffRole(self, request, context, staff: Staff):  # noqa: N802
        return till_staff_member(
            await asyncio.to_thread(
                till_staff.set_role,
                self._new_uow(),
                staff,
                request.store_code,
                request.staff_code,
                request.role,
            )
        )

    @authorised(Permission.TILL_STAFF_MANAGE)
    async def ResetTillStaffPin(self, request, context, staff: Staff):  # noqa: N802
        return till_staff_member(
            await asyncio.to_thread(
                till_staff.reset_pin,
                self._new_uow(),
                staff,
                request.store_code,
                request.staff_code,
                request.pin,
            )
        )
