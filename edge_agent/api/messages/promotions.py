"""A promotion as head office sends it (DownstreamEvent.promotion) -> the domain."""

from __future__ import annotations

import json

from common.domain.promotions.records import from_record
from common.pb.storeledger.v1 import promotions_admin_pb2
from edge_agent.domain.promotions import StorePromotion


def store_promotion(message: promotions_admin_pb2.Promotion) -> StorePromotion:
    """InvalidInput (naming the cell) when the record cannot be read as an offer."""
    offer = from_record(json.loads(message.record_json))
    return StorePromotion(offer, message.ended_at_ms or None)
