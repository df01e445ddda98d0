"""The stock views' plain rules: selections, page tokens, card windows, running balances."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from headoffice.domain.stock_views import (
    MAX_SEARCH,
    Selection,
    check_card_window,
    check_selection,
    page_size,
    page_token,
    parse_page_token,
    running_balances,
    stock_value,
)


def test_selection_is_tidied() -> None:
    tidy = check_selection(Selection(category=" drinks/soft ", search="  cola ", sku=" A "))
    assert (tidy.category, tidy.search, tidy.sku) == ("drinks/soft", "cola", "A")


@pytest.mark.parametrize(
    "selection, sentence",
    [
        (Selection(category="/drinks"), "category '/drinks' must not start or end with '/'"),
        (Selection(category="drinks/"), "must not start or end with '/'"),
        (Selection(search=" "), "search text is empty"),
        (Selection(search="x" * (MAX_SEARCH + 1)), f"at most {MAX_SEARCH} are allowed"),
    ],
)
def test_bad_selection_is_one_sentence(selection: Selection, sentence: str) -> None:
    with pytest.raises(InvalidInput, match=sentence):
        check_selection(selection)


def test_page_size_and_tokens() -> None:
    assert page_size(0) == 1000 and page_size(10_000) == 10_000
    for bad in (-1, 10_001):
        with pytest.raises(InvalidInput, match=f"between 1 and 10000, got {bad}"):
            page_size(bad)
    assert parse_page_token("") is None
    assert parse_page_token(page_token("S001", "SKU WITH SPACE")) == ("S001", "SKU WITH SPACE")
    for bad in ("S001", " A", "S001 "):
        with pytest.raises(InvalidInput, match="was not given by this server"):
            parse_page_token(bad)


def test_card_window_and_running_balance() -> None:
    assert check_card_window(0, 0).until_ms == 0
    assert check_card_window(5, 9).since_ms == 5
    with pytest.raises(InvalidInput, match="--since must be before its --until"):
        check_card_window(9, 5)
    with pytest.raises(InvalidInput, match="after 1970"):
        check_card_window(-1, 0)
    assert running_balances(10, [-3, 5, -12]) == [7, 12, 0]
    assert running_balances(0, []) == []
    assert stock_value(-3, 250) == -750
