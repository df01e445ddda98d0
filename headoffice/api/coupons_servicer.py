"""CouponsAdmin for staff (hoctl coupon issue | list | show): unpack, call the service, pack.
Codes go out in full only to catalogue.write (who issues them); masked to anyone else."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc

from common.pb.storeledger.v1 import coupons_admin_pb2, coupons_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.domain.counts import count_policy
from headoffice.domain.coupons import Coupon
from headoffice.domain.roles import Permission, Staff
from headoffice.services import coupons
from headoffice.services.ports_coupons import CouponsUnitOfWorkPort

SERVICE = coupons_admin_pb2.DESCRIPTOR.services_by_name["CouponsAdmin"]


def add_to_server(
    server: grpc.aio.Server,
    new_uow: Callable[[], CouponsUnitOfWorkPort],
    auth: Authorizer,
    config: dict[str, dict[str, Any]],
) -> None:
    offset = count_policy(config.get("counts", {})).utc_offset_minutes
    coupons_admin_pb2_grpc.add_CouponsAdminServicer_to_server(
        CouponsAdminServicer(new_uow, auth, offset), server
    )


def coupon_message(coupon: Coupon, in_full: bool) -> coupons_admin_pb2.Coupon:
    return coupons_admin_pb2.Coupon(
        code=coupon.code if in_full else coupon.masked, promo_id=coupon.promo_id,
        state=coupon.state, valid_until_ms=coupon.valid_until_ms,
        issued_at_ms=coupon.issued_at_ms, issued_by=coupon.issued_by,
        redeemed_store=coupon.redeemed_store, redeemed_at_ms=coupon.redeemed_at_ms,
        redeemed_by=coupon.redeemed_by, used_seq=coupon.used_seq,
    )  # fmt: skip


class CouponsAdminServicer(coupons_admin_pb2_grpc.CouponsAdminServicer):
    def __init__(
        self, new_uow: Callable[[], CouponsUnitOfWorkPort], auth: Authorizer, offset: int
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._utc_offset = offset

    @authorised(Permission.CATALOGUE_WRITE)
    async def IssueCoupons(self, request, context, staff: Staff):  # noqa: N802
        issued = await asyncio.to_thread(
            coupons.issue_coupons, self._new_uow(), staff, request.promo_id, request.count,
            request.valid_until, self._utc_offset,
        )  # fmt: skip
        return coupons_admin_pb2.CouponList(coupons=[coupon_message(c, True) for c in issued])

    @authorised(Permission.CATALOGUE_READ)
    async def ListCoupons(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            coupons.list_coupons, self._new_uow(), staff, request.promo_id, request.state,
            request.limit,
        )  # fmt: skip
        in_full = staff.may(Permission.CATALOGUE_WRITE)
        return coupons_admin_pb2.CouponList(coupons=[coupon_message(c, in_full) for c in found])

    @authorised(Permission.CATALOGUE_READ)
    async def ShowCoupon(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(coupons.show_coupon, self._new_uow(), staff, request.code)
        return coupon_message(found, staff.may(Permission.CATALOGUE_WRITE))
