"""Card data is never kept: 13+ digit runs reduced to 6 + 4, security codes and expiry refused."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from common.domain.card_data import (
    card_security_problem,
    check_no_card_security_data,
    clean_payment_reference,
    contains_card_number,
    contains_pan_digits,
    luhn_valid,
    reduce_card_numbers,
)
from common.errors import InvalidInput

ISSUE_PAN = "4000129876543215"  # the issue's reference; Luhn-valid
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# The separators the issue names, half- and full-width, and a few a keyboard or a PDF
# copy produces; the test's own list, so the oracle below does not lean on the module.
SEPARATORS = [
    " ",
    "-",
    ".",
    "_",
    "/",
    "\u3000",
    "－",
    "．",
    "＿",
    "／",
    "\u00a0",
    "\u2013",
    "\u200b",
]


def runs_of_13_or_more(text: str) -> bool:
    """Test oracle: 13+ digits with nothing but SEPARATORS between them."""
    digits = 0
    for ch in text:
        if ch.isdecimal():
            digits += 1
            if digits >= 13:
                return True
        elif ch not in SEPARATORS:
            digits = 0
    return False


@pytest.mark.parametrize(
    ("text", "reduced"),
    [
        ("4000.1298.7654.3215", "400012******3215"),
        ("4000_1298_7654_3215", "400012******3215"),
        ("4000 1298 7654 3215", "400012******3215"),
        ("4000-1298-7654-3215", "400012******3215"),
        ("4000/1298/7654/3215", "400012******3215"),
        ("4000 - 1298 - 7654 - 3215", "400012******3215"),
        ("4000    1298    7654    3215", "400012******3215"),
        ("4000\n1298\n7654\n3215", "400012******3215"),
        ("4000.1298_7654/3215", "400012******3215"),
        ("４０００１２９８７６５４３２１５", "400012******3215"),
        ("４０００　１２９８－７６５４．３２１５", "400012******3215"),
        ("4000\u200b1298\u200b7654\u200b3215", "400012******3215"),
        ("ref:4000129876543215.", "ref:400012******3215."),
        ("card4000129876543215x", "card400012******3215x"),
        # Luhn does not matter: the issue's number with one digit wrong is still reduced.
        ("4000129876543216", "400012******3216"),
        ("3782 822463 10005", "378282*****0005"),  # Amex, 15 digits
        ("6212 3456 7890 1234 567", "621234*********4567"),  # UnionPay, 19 digits
        ("4222222222222", "422222***2222"),  # 13 digits
        # A number and its expiry in one run: the whole run is reduced, never split.
        ("4000 1298 7654 3215 12/25", "400012**********1225"),
        # Stripe tracks: the number reduced, name, expiry and discretionary data dropped.
        (";4012888888881881=25121010000000000000?", "401288******1881"),
        ("%B4012888888881881^DOE/JOHN^2512101?", "401288******1881"),
        ("swipe ;4012888888881881=2512101? ok", "swipe 401288******1881 ok"),
    ],
)
def test_card_numbers_are_reduced_to_first_six_and_last_four(text: str, reduced: str) -> None:
    assert reduce_card_numbers(text) == reduced
    assert contains_card_number(text)
    assert not contains_card_number(reduced)


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",  # a mobile number, 11 digits
        "138 1234 5678",
        "123456789012",  # a bank terminal's 12-digit reference number
        "qr-7781234",
        "receipt S001-000123 till 2",
        "1234 5678 : 1234 5678",  # a colon ends a run
        "12:30:45 1234567890",
        "2025-12-05",
        "400012******3215",  # already reduced
        "",
    ],
)
def test_short_runs_and_other_text_are_untouched(text: str) -> None:
    assert reduce_card_numbers(text) == text
    assert not contains_card_number(text)


def test_luhn_is_offered_but_not_the_rule() -> None:
    assert luhn_valid(ISSUE_PAN)
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4000129876543216")
    assert not luhn_valid("")
    assert not luhn_valid("4000 1298")
    assert contains_card_number("order 1234567890123456")  # Luhn-invalid, still reduced
    assert not luhn_valid("1234567890123456")


@pytest.mark.parametrize(
    "form",
    [
        "4000129876543215",
        "4000.1298.7654.3215",
        "4000_1298_7654_3215",
        "４０００－１２９８－７６５４－３２１５",
        "card no. 4000    1298    7654    3215 thanks",
        "x99940001298765432159x",  # inside a longer digit string
        '{"reference": "4000 1298 7654 3215"}',
    ],
)
def test_the_canary_finds_a_test_card_in_every_form(form: str) -> None:
    assert contains_pan_digits(form, ISSUE_PAN)
    assert contains_pan_digits(form, "4000 1298 7654 3215")
    assert not contains_pan_digits(reduce_card_numbers(form), ISSUE_PAN)


@pytest.mark.parametrize(
    "text",
    ["400012******3215", "4000 1298 7654", "4000=1298765=43215", "40001298a76543215", ""],
)
def test_the_canary_ignores_reduced_and_split_numbers(text: str) -> None:
    assert not contains_pan_digits(text, ISSUE_PAN)


def test_the_canary_wants_a_card_number() -> None:
    with pytest.raises(ValueError, match="13 or more digits"):
        contains_pan_digits("anything", "1234")
    with pytest.raises(ValueError, match="13 or more digits"):
        contains_pan_digits("anything", "4000x129876543215")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("exp 12/25 cvv 123", "a card security code (CVV/CVC) and a card expiry date"),
        ("cvv 123", "a card security code"),
        ("CVV2 123", "a card security code"),
        ("CVC2: 123", "a card security code"),
        ("cvn2=1234", "a card security code"),
        ("Security code: 737", "a card security code"),
        ("安全码 123", "a card security code"),
        ("安全码：１２３", "a card security code"),
        ("安全码是123", "a card security code"),
        ("卡号后三位 123", "a card security code"),
        ("exp 12/25", "a card expiry date"),
        ("EXP: 12-2025", "a card expiry date"),
        ("expiry 1225", "a card expiry date"),
        ("Expires 2025/12", "a card expiry date"),
        ("valid thru 12/25", "a card expiry date"),
        ("有效期 12/25", "a card expiry date"),
        ("有效期至2025年12月", "a card expiry date"),
        ("到期日：12/25", "a card expiry date"),
        ("4000 1298 7654 3215 12/25", "a card expiry date"),
    ],
)
def test_security_codes_and_expiry_dates_are_refused(text: str, what: str) -> None:
    problem = card_security_problem("card payment reference", text)
    assert problem is not None
    assert problem.startswith(f"card payment reference looks like it holds {what}")
    assert "123" not in problem and "12/25" not in problem  # never repeated into a log
    with pytest.raises(InvalidInput, match="card data is never recorded"):
        check_no_card_security_data("reference", text)
    with pytest.raises(InvalidInput):
        clean_payment_reference("reference", text)


@pytest.mark.parametrize(
    "text",
    [
        "auth 123456",
        "RRN 512345678901",
        "acid 123",  # "cid" inside a word
        "express 12/25",
        "expired 12/25 milk",  # a write-off reason, not a card
        "exp 12/05/2025",  # a use-by date has a day; a card's expiry does not
        "cvv 12345",  # five digits is no security code
        "cvv",
        "voucher 000123 batch 000045",
        "",
    ],
)
def test_ordinary_references_pass(text: str) -> None:
    assert card_security_problem("reference", text) is None
    assert check_no_card_security_data("reference", text) == text


def test_a_clean_reference_is_stored_reduced() -> None:
    assert clean_payment_reference("reference", "auth 4000 1298 7654 3215") == (
        "auth 400012******3215"
    )


# -- properties ---------------------------------------------------------------------------

digit_chars = st.sampled_from("0123456789０１２３４５６７８９")
tokens = st.one_of(
    st.text(digit_chars, min_size=1, max_size=20),
    st.text(st.sampled_from(SEPARATORS), min_size=1, max_size=4),
    st.text(st.sampled_from("ab xyz*=^%;?B:+#号卡"), min_size=1, max_size=3),
)
texts = st.lists(tokens, max_size=25).map("".join)


@given(texts)
@example("4000.1298.7654.3215")
@example(";4012888888881881=2512?1234 5678 9012 3456")
@example("1;4012888888881881=2512?")
@example("12345678901234567890123456789")
def test_no_reduced_text_holds_a_card_length_run(text: str) -> None:
    reduced = reduce_card_numbers(text)
    assert not runs_of_13_or_more(reduced)
    assert not contains_card_number(reduced)


@given(texts)
def test_reducing_twice_changes_nothing(text: str) -> None:
    once = reduce_card_numbers(text)
    assert reduce_card_numbers(once) == once


short_numbers = st.text(digit_chars, min_size=1, max_size=12)
words = st.text(st.sampled_from("abcXYZ号:#+*"), min_size=1, max_size=3)


@given(st.lists(st.tuples(short_numbers, words), max_size=10))
def test_text_whose_numbers_are_all_short_is_untouched(parts: list[tuple[str, str]]) -> None:
    text = "".join(number + word for number, word in parts)
    assert reduce_card_numbers(text) == text
    assert card_security_problem("reference", text) is None or "cvv" in text.lower()


@st.composite
def card_forms(draw: st.DrawFn) -> tuple[str, str]:
    """A card-length number and a way a person might have typed or pasted it."""
    pan = draw(st.text(st.sampled_from("0123456789"), min_size=13, max_size=19))
    out = []
    for i, ch in enumerate(pan):
        if i and draw(st.booleans()):
            out.append(draw(st.text(st.sampled_from(SEPARATORS), min_size=1, max_size=3)))
        out.append(ch.translate(FULL_WIDTH) if draw(st.booleans()) else ch)
    return pan, "".join(out)


@given(card_forms(), st.sampled_from(["", "ref ", "付款 "]), st.sampled_from(["", " ok", "。"]))
def test_every_form_of_a_card_number_is_reduced_to_one_format(
    form: tuple[str, str], before: str, after: str
) -> None:
    pan, typed = form
    text = before + typed + after
    assert contains_pan_digits(text, pan)
    reduced = reduce_card_numbers(text)
    assert reduced == before + pan[:6] + "*" * (len(pan) - 10) + pan[-4:] + after
    assert not contains_pan_digits(reduced, pan)
