"""Single-use coupon codes (common.domain.coupons): their shape, the check character that
catches a typo at the till, masking, and how a presented code unlocks its offer."""

from __future__ import annotations

import pytest

from common.domain.coupons import (
    ALPHABET,
    RANDOM_CHARS,
    campaign_of,
    check_campaign,
    make_code,
    mask,
    parse_code,
    parse_codes,
)
from common.domain.promotions import AMOUNT_OFF, CartLine, Offer, price_cart
from common.errors import InvalidInput
from tests.unit.common.promotions_fixtures import ctx

RANDOM = "7K3MQ9XD2HP"


def test_a_code_reads_campaign_then_three_groups_and_parses_back() -> None:
    code = make_code("WELCOME", RANDOM)
    assert len(code.body) == RANDOM_CHARS + 1
    assert code.text == f"WELCOME-7K3M-Q9XD-2HP{code.body[-1]}"
    assert parse_code(code.text) == code
    # Typed in lower case, without the groups' dashes, with spaces: the same coupon.
    assert parse_code("  welcome-" + code.body.lower()) == code
    assert parse_code(code.text.replace("-", " - ", 1)) == code
    # A campaign with a dash of its own.
    spring = make_code("SPRING-2027", RANDOM)
    assert parse_code(spring.text).campaign == "SPRING-2027"


def test_every_single_typo_and_every_swap_of_neighbours_is_caught() -> None:
    code = make_code("WELCOME", RANDOM)
    body = code.body
    for n in range(len(body)):
        for ch in ALPHABET:
            if ch == body[n]:
                continue
            typo = body[:n] + ch + body[n + 1 :]
            with pytest.raises(InvalidInput, match="mistyped"):
                parse_code(f"WELCOME-{typo}")
    for n in range(len(body) - 1):
        if body[n] == body[n + 1]:
            continue
        swapped = body[:n] + body[n + 1] + body[n] + body[n + 2 :]
        with pytest.raises(InvalidInput, match="mistyped"):
            parse_code(f"WELCOME-{swapped}")
    # The campaign is part of the check: the same random part under another campaign fails.
    with pytest.raises(InvalidInput, match="mistyped"):
        parse_code(f"WELCOMF-{body}")


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("WELCOME20", "is not a coupon code"),
        ("WELCOME-7K3M-Q9XD", "is not a coupon code"),
        ("", "is not a coupon code"),
        ("WELCOME-7K3M-Q9XD-2HPO", "never use"),  # O is not in the alphabet
        ("WELCOME-1K3M-Q9XD-2HPA", "never use"),
    ],
)
def test_a_wrong_shape_or_character_is_refused_with_a_sentence(typed: str, sentence: str) -> None:
    with pytest.raises(InvalidInput, match=sentence):
        parse_code(typed)


def test_a_sale_takes_each_coupon_once_and_five_at_most() -> None:
    one = make_code("WELCOME", RANDOM).text
    with pytest.raises(InvalidInput, match="given twice"):
        parse_codes([one, one.lower()])
    many = [make_code("WELCOME", f"{n}" + RANDOM[1:]).text for n in range(2, 8)]
    with pytest.raises(InvalidInput, match="at most 5 coupons"):
        parse_codes(many)
    assert [c.text for c in parse_codes(many[:5])] == many[:5]


def test_campaigns_coupons_can_be_issued_for_are_typable() -> None:
    assert check_campaign("WELCOME-20") == "WELCOME-20"
    for bad in ("welcome", "新春", "A B", "-X", "X" * 21):
        with pytest.raises(InvalidInput, match="capital letters"):
            check_campaign(bad)


def test_a_code_is_masked_to_its_campaign_and_last_group() -> None:
    code = make_code("WELCOME", RANDOM).text
    assert mask(code) == f"WELCOME-****-****-{code[-4:]}"
    assert RANDOM[:4] not in mask(code)
    assert mask("SECRETCODE") == "SE********"


def test_an_issued_coupon_unlocks_the_offer_gated_on_its_campaign() -> None:
    code = make_code("WELCOME", RANDOM).text
    assert campaign_of(code) == "WELCOME"
    assert campaign_of("WELCOME") == "WELCOME"  # a bare code is taken as it is
    offer = Offer("W", AMOUNT_OFF, amount_minor=300, coupon_code="WELCOME")
    lines = [CartLine(1, "COLA", 2, 1000)]
    assert price_cart(lines, [offer], ctx()).discount_minor == 0
    assert price_cart(lines, [offer], ctx(coupons=[code])).discount_minor == 300
    other = make_code("SPRING", RANDOM).text
    assert price_cart(lines, [offer], ctx(coupons=[other])).discount_minor == 0
