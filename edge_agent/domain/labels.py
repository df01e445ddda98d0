"""Price- and weight-embedded labels: shared with head office, so they live in
common.domain.labels; the edge reads its layout from [labels] (services.policy)."""

from common.domain.labels import LABEL_DEFAULTS, PRICE, WEIGHT, Label, LabelLayout, decode_label

__all__ = ["LABEL_DEFAULTS", "PRICE", "WEIGHT", "Label", "LabelLayout", "decode_label"]
