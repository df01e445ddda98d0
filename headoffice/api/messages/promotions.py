"""A promotion as head office sends it: to staff (PromotionsAdmin) and down a store's feed."""

from __future__ import annotations

import json

from common.domain.promotions.records import to_record
from common.pb.storeledger.v1 import promotions_admin_pb2
from headoffice.domain.promotions import Promotion


def promotion_message(promotion: Promotion) -> promotions_admin_pb2.Promotion:
    return promotions_admin_pb2.Promotion(
        promo_id=promotion.promo_id,
        record_json=json.dumps(to_record(promotion.offer), sort_keys=True, ensure_ascii=False),
        created_by=promotion.created_by,
        created_at_ms=promotion.created_at_ms,
        ended_by=promotion.ended_by,
        ended_at_ms=promotion.ended_at_ms or 0,
        status=promotion.status,
    )
