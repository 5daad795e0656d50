"""classify_all (the kinds a typed text may be, in order) and first_found (404 -> next kind)."""

from __future__ import annotations

import datetime as dt

import pytest

from pos_profile import errors
from pos_profile.engage.identifiers import classify, classify_all
from pos_profile.engage.search import first_found
from pos_profile.lookup import Lookup, LookupKind

TODAY = dt.date(2026, 12, 3)
SSN, KEY, PHONE = (
    LookupKind.SOCIAL_SECURITY_NUMBER,
    LookupKind.CUSTOM_KEY,
    LookupKind.MOBILE_PHONE,
)


def kinds(text: str) -> list[LookupKind]:
    return [lookup.kind for lookup in classify_all(text, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7003151003", [SSN, KEY]),  # valid personnummer and maybe a member number
        ("198604122385", [SSN, KEY]),
        ("0701740612", [PHONE, KEY]),  # 07: a phone, maybe a member number
        ("0707767612", [PHONE, SSN, KEY]),  # also a valid samordningsnummer
        ("7001234567", [KEY]),  # not a valid personnummer: a member number only
        ("860412-2385", [SSN]),  # a dash: meant as a personal number
        ("+46701740612", [PHONE]),
        ("070-174 06 12", [PHONE]),
        ("astrid@example.com", [LookupKind.EMAIL]),
    ],
)
def test_the_kinds_in_order_member_number_last(text: str, expected: list[LookupKind]) -> None:
    assert kinds(text) == expected
    assert classify_all(text, today=TODAY)[0] == classify(text, today=TODAY)


def test_the_member_number_is_the_digits_as_typed() -> None:
    assert classify_all("7003151003", today=TODAY)[-1] == Lookup(KEY, "7003151003")


def test_first_found_asks_the_next_kind_on_404() -> None:
    asked: list[LookupKind] = []

    def fetch(lookup: Lookup) -> str:
        asked.append(lookup.kind)
        if lookup.kind is SSN:
            raise errors.ContactNotFoundError()
        return "greta"

    by, found = first_found(fetch, classify_all("7003151003", today=TODAY))
    assert (by.kind, found, asked) == (KEY, "greta", [SSN, KEY])


def test_first_found_stops_at_any_other_answer() -> None:
    def fetch(lookup: Lookup) -> str:
        raise errors.MultipleMatchesError(("a", "b"))

    with pytest.raises(errors.MultipleMatchesError):
        first_found(fetch, classify_all("7003151003", today=TODAY))


def test_not_found_names_the_kinds_and_never_the_value() -> None:
    def fetch(lookup: Lookup) -> str:
        raise errors.ContactNotFoundError()

    with pytest.raises(errors.ContactNotFoundError) as info:
        first_found(fetch, classify_all("0707767612", today=TODAY))
    message = info.value.message
    assert message.startswith("No member found by phone number, personal number or member number.")
    assert "0707767612" not in message
    assert info.value.exit_code == 3
