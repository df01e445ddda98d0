"""An offer as a record of named cells and back: what head office stores, what a CSV row
or `hoctl promo create` gives, and what `--format json` prints (docs/promotions.md).

Cells are text as typed (a CSV row) or JSON values (a stored record); both read the same:

  promo_id, name, kind, stage        text
  skus, stores, levels               lists; in a cell separated by ";"
  percent_bp                         basis points (1500 = 15 %)
  amount_minor, price_minor, threshold_minor   minor units
  repeat, members_only               yes/no
  buy_qty, get_qty, pieces           whole numbers
  gift_sku, group, birthday, coupon_code       text
  combo_items                        [{"sku", "pieces"}]; in a cell "COFFEE:1;CAKE:2"
  priority                           0 .. 1000
  starts_local, ends_local           "YYYY-MM-DD HH:MM", the stores' wall-clock time
  weekdays                           ["Sat", "Sun"]; in a cell "Sat;Sun" or "6;7"
  from_time, until_time              "HH:MM" ("24:00" ends at midnight)

A cell left empty takes the default (no limit, zero, none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from common.domain.promotions.eligibility import DAY_NAMES, clock
from common.domain.promotions.offers import MINUTES_A_DAY, Offer, stage_of
from common.errors import InvalidInput
from common.i18n import _

FIELDS = (
    "promo_id", "name", "kind", "stage", "skus", "percent_bp", "amount_minor", "price_minor",
    "threshold_minor", "repeat", "buy_qty", "get_qty", "gift_sku", "combo_items", "group",
    "priority", "starts_local", "ends_local", "weekdays", "from_time", "until_time", "stores",
    "levels", "members_only", "birthday", "coupon_code",
)  # fmt: skip
WHEN_FORMAT = "%Y-%m-%d %H:%M"
_YES = {"yes", "true", "1", "y"}
_NO = {"no", "false", "0", "n", ""}


def to_record(offer: Offer) -> dict[str, Any]:
    """The offer as JSON-ready values: integers, text, lists of text, flags."""
    return {
        "promo_id": offer.offer_id,
        "name": offer.name,
        "kind": offer.kind,
        "stage": stage_of(offer),
        "skus": list(offer.skus),
        "percent_bp": offer.percent_bp,
        "amount_minor": offer.amount_minor,
        "price_minor": offer.price_minor,
        "threshold_minor": offer.threshold_minor,
        "repeat": offer.repeat,
        "buy_qty": offer.buy_qty,
        "get_qty": offer.get_qty,
        "gift_sku": offer.gift_sku,
        "combo_items": [{"sku": sku, "pieces": n} for sku, n in offer.components],
        "group": offer.group,
        "priority": offer.priority,
        "starts_local": offer.starts.strftime(WHEN_FORMAT) if offer.starts else "",
        "ends_local": offer.ends.strftime(WHEN_FORMAT) if offer.ends else "",
        "weekdays": [DAY_NAMES[d - 1] for d in sorted(offer.days)],
        "from_time": clock(offer.from_minute),
        "until_time": clock(offer.until_minute),
        "stores": sorted(offer.stores),
        "levels": sorted(offer.levels),
        "members_only": offer.members_only,
        "birthday": offer.birthday,
        "coupon_code": offer.coupon_code,
    }


def from_record(cells: Mapping[str, Any]) -> Offer:
    """An offer from a record or a CSV row; InvalidInput names the cell that is wrong.
    (validation.validate_offer checks the offer as a whole after.)"""
    unknown = sorted(set(cells) - set(FIELDS))
    if unknown:
        raise InvalidInput(
            _("unknown promotion field {field}; the fields are {fields}").format(
                field=unknown[0], fields=", ".join(FIELDS)
            )
        )
    offer = Offer(
        offer_id=_text(cells, "promo_id"),
        name=_text(cells, "name"),
        kind=_text(cells, "kind"),
        stage=_text(cells, "stage"),
        skus=tuple(_list(cells, "skus")),
        percent_bp=_whole(cells, "percent_bp"),
        amount_minor=_whole(cells, "amount_minor"),
        price_minor=_whole(cells, "price_minor"),
        threshold_minor=_whole(cells, "threshold_minor"),
        repeat=_flag(cells, "repeat"),
        buy_qty=_whole(cells, "buy_qty"),
        get_qty=_whole(cells, "get_qty"),
        gift_sku=_text(cells, "gift_sku"),
        components=_combo(cells.get("combo_items")),
        group=_text(cells, "group"),
        priority=_whole(cells, "priority"),
        starts=_when(cells, "starts_local"),
        ends=_when(cells, "ends_local"),
        days=frozenset(_weekday(text) for text in _list(cells, "weekdays")),
        from_minute=_minute(cells, "from_time", 0),
        until_minute=_minute(cells, "until_time", MINUTES_A_DAY),
        stores=frozenset(_list(cells, "stores")),
        levels=frozenset(_list(cells, "levels")),
        members_only=_flag(cells, "members_only"),
        birthday=_text(cells, "birthday"),
        coupon_code=_text(cells, "coupon_code"),
    )
    # The stage a kind takes by default is written down, so a record reads back the same.
    return replace(offer, stage=stage_of(offer))


def _text(cells: Mapping[str, Any], field: str) -> str:
    value = cells.get(field, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("{field} must be text, got {value}").format(field=field, value=value))
    return value.strip()


def _list(cells: Mapping[str, Any], field: str) -> list[str]:
    value = cells.get(field, "")
    if isinstance(value, list):
        items = [str(item).strip() for item in value]
    else:
        items = [part.strip() for part in _text(cells, field).split(";")]
    return [item for item in items if item]


def _whole(cells: Mapping[str, Any], field: str) -> int:
    value = cells.get(field, "")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _text(cells, field)
    if not text:
        return 0
    if not text.isascii() or not text.isdigit():
        raise InvalidInput(
            _("{field} must be a whole number, got {value}").format(field=field, value=repr(text))
        )
    return int(text)


def _flag(cells: Mapping[str, Any], field: str) -> bool:
    value = cells.get(field, "")
    if isinstance(value, bool):
        return value
    text = _text(cells, field).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidInput(
        _("{field} must be yes or no, got {value}").format(field=field, value=repr(text))
    )


def _when(cells: Mapping[str, Any], field: str) -> datetime | None:
    text = _text(cells, field)
    if not text:
        return None
    try:
        return datetime.strptime(text, WHEN_FORMAT)
    except ValueError:
        raise InvalidInput(
            _("{field} must be a date and time like 2026-12-24 18:00, got {value}").format(
                field=field, value=repr(text)
            )
        ) from None


def _weekday(text: str) -> int:
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 7:
        return int(text)
    names = [name.lower() for name in DAY_NAMES]
    if text[:3].lower() in names and len(text) >= 3:
        return names.index(text[:3].lower()) + 1
    raise InvalidInput(_("weekdays are Mon .. Sun or 1 .. 7, got {value}").format(value=repr(text)))


def _minute(cells: Mapping[str, Any], field: str, default: int) -> int:
    text = _text(cells, field)
    if not text:
        return default
    hours, colon, minutes = text.partition(":")
    if (
        colon
        and hours.isascii()
        and hours.isdigit()
        and minutes.isascii()
        and minutes.isdigit()
        and len(minutes) == 2
        and int(minutes) < 60
        and int(hours) * 60 + int(minutes) <= MINUTES_A_DAY
    ):
        return int(hours) * 60 + int(minutes)
    raise InvalidInput(
        _("{field} must be a time of day like 14:30 (24:00 at most), got {value}").format(
            field=field, value=repr(text)
        )
    )


def _combo(value: Any) -> tuple[tuple[str, int], ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, list):
        pairs = [(str(item.get("sku", "")), item.get("pieces", 0)) for item in value]
        return tuple((sku, n if isinstance(n, int) else -1) for sku, n in pairs)
    out = []
    for part in str(value).split(";"):
        if not part.strip():
            continue
        sku, colon, pieces = part.strip().rpartition(":")
        if not colon or not sku or not pieces.isascii() or not pieces.isdigit():
            raise InvalidInput(
                _(
                    "combo_items must be SKU:PIECES separated by ;, e.g. {example}; got {value}"
                ).format(example="COFFEE:1;CAKE:1", value=repr(part.strip()))
            )
        out.append((sku.strip(), int(pieces)))
    return tuple(out)
