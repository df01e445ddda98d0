"""One actor form (docs/runtime.md, "Glossary"): written, read back, asked for."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from headoffice.domain.actors import (
    Actor,
    ActorQuery,
    actor_query,
    at_store,
    filed_actor,
    may_be_filed_as,
    parse_actor,
)


def test_someone_at_a_store_is_name_at_store_and_reads_back() -> None:
    assert at_store("sam", "S001").text == "sam@S001"
    assert at_store("", "S001").text == "@S001"
    assert parse_actor("sam@S001") == Actor("sam", "S001")
    assert parse_actor("@S001") == Actor("", "S001")
    # A store's name for a person may hold '@': the store is after the last one.
    assert parse_actor(at_store("anna@home", "S-2").text) == Actor("anna@home", "S-2")


def test_head_office_actors_have_no_store() -> None:
    for text in ("sam", "headoffice.toml", "system", "sam@", "sam@s001"):
        assert parse_actor(text) == Actor(text, ""), text


@pytest.mark.parametrize(
    ("text", "filed"),
    [
        ("store S001", Actor("", "S001")),
        ("store:S001", Actor("", "S001")),
        ("store:S001:sam", Actor("sam", "S001")),
        ("store@S001", Actor("", "S001")),
        ("sam@S001", Actor("sam", "S001")),
        ("sam", Actor("sam", "")),
    ],
)
def test_records_written_in_older_forms_are_filed_under_their_person_and_store(
    text: str, filed: Actor
) -> None:
    assert filed_actor(text) == filed
    assert may_be_filed_as(text, filed)


def test_a_filing_that_does_not_follow_the_text_is_caught() -> None:
    assert not may_be_filed_as("sam@S001", Actor("anna", "S001"))
    assert not may_be_filed_as("sam", Actor("sam", "S001"))
    # A person really called "store" at a till, in the one form, is filed under that name.
    assert may_be_filed_as("store@S001", Actor("store", "S001"))


def test_a_filter_names_a_person_a_person_at_a_store_or_a_store() -> None:
    assert actor_query("sam") == ActorQuery(name="sam")
    assert actor_query("sam@S001") == ActorQuery(name="sam", store="S001")
    assert actor_query("@S001") == ActorQuery(store="S001")
    assert actor_query("") == ActorQuery()
    with pytest.raises(InvalidInput, match="after the last '@' comes a store code"):
        actor_query("sam@")
