"""Pricing: PriceCart for staff (hoctl price-cart); unpack, call the service, pack."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc

from common.domain.labels import LabelLayout
from common.domain.money import DEFAULT_CURRENCY
from common.pb.storeledger.v1 import pricing_pb2, pricing_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.messages.pricing import cart_items, cart_price
from headoffice.domain.roles import Permission, Staff
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.pricing import cash_rounding, price_cart

SERVICE = pricing_pb2.DESCRIPTOR.services_by_name["Pricing"]


def add_to_server(
    server: grpc.aio.Server,
    new_uow: UnitOfWorkFactory,
    auth: Authorizer,
    config: dict[str, dict[str, Any]],
) -> None:
    """Serve Pricing with the [labels] layout of headoffice.toml (a wrong one stops the start)."""
    layout = LabelLayout.from_config(config["labels"])
    servicer = PricingServicer(new_uow, auth, layout, DEFAULT_CURRENCY)
    pricing_pb2_grpc.add_PricingServicer_to_server(servicer, server)


class PricingServicer(pricing_pb2_grpc.PricingServicer):
    def __init__(
        self, new_uow: UnitOfWorkFactory, auth: Authorizer, layout: LabelLayout, currency: str
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._layout = layout
        self._currency = currency

    @authorised(Permission.CATALOGUE_READ)
    async def PriceCart(self, request, context, staff: Staff):  # noqa: N802
        rounding = cash_rounding(request.cash_rounding_minor, request.cash_rounding_mode)
        priced = await asyncio.to_thread(
            price_cart, self._new_uow(), staff, request.store_code,
            cart_items(request), self._layout, rounding, self._currency,
        )  # fmt: skip
        return cart_price(request.store_code, self._currency, priced, rounding)
