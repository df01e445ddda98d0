"""PromotionsAdmin for staff (hoctl promo ...): unpack, call the service, pack."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import grpc

from common.pb.storeledger.v1 import promotions_admin_pb2, promotions_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.promotions import promotion_message
from headoffice.domain.promotions import Promotion
from headoffice.domain.roles import Permission, Staff
from headoffice.services.ports_promotions import PromotionsUnitOfWorkPort
from headoffice.services.promotions import (
    create_promotions,
    end_promotion,
    list_promotions,
    show_promotion,
)

SERVICE = promotions_admin_pb2.DESCRIPTOR.services_by_name["PromotionsAdmin"]


def add_to_server(
    server: grpc.aio.Server, new_uow: Callable[[], PromotionsUnitOfWorkPort], auth: Authorizer
) -> None:
    promotions_admin_pb2_grpc.add_PromotionsAdminServicer_to_server(
        PromotionsAdminServicer(new_uow, auth), server
    )


def promotion_list(promotions: list[Promotion]) -> promotions_admin_pb2.PromotionList:
    return promotions_admin_pb2.PromotionList(promotions=[promotion_message(p) for p in promotions])


class PromotionsAdminServicer(promotions_admin_pb2_grpc.PromotionsAdminServicer):
    def __init__(self, new_uow: Callable[[], PromotionsUnitOfWorkPort], auth: Authorizer) -> None:
        self._new_uow = new_uow
        self._auth = auth

    @authorised(Permission.CATALOGUE_WRITE)
    async def CreatePromotions(self, request, context, staff: Staff):  # noqa: N802
        rows = [dict(row.cells) for row in request.rows]
        made = await asyncio.to_thread(
            create_promotions, self._new_uow(), staff, rows, None, request.first_row or 1
        )
        return promotion_list(made)

    @authorised(Permission.CATALOGUE_READ)
    async def ListPromotions(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            list_promotions, self._new_uow(), staff, request.include_ended
        )
        return promotion_list(found)

    @authorised(Permission.CATALOGUE_READ)
    async def ShowPromotion(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(show_promotion, self._new_uow(), staff, request.promo_id)
        return promotion_message(found)

    @authorised(Permission.CATALOGUE_WRITE)
    async def EndPromotion(self, request, context, staff: Staff):  # noqa: N802
        ended = await asyncio.to_thread(end_promotion, self._new_uow(), staff, request.promo_id)
        return promotion_message(ended)
