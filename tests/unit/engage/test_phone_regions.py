"""The phone regions kept as data are exactly the ones the installed phonenumbers supports."""

from __future__ import annotations

import phonenumbers

from pos_profile.engage.phone_regions import PHONE_REGIONS


def test_the_list_is_phonenumbers_supported_regions() -> None:
    """An upgraded phonenumbers with other regions fails here: regenerate the list."""
    assert set(PHONE_REGIONS) == set(phonenumbers.SUPPORTED_REGIONS)
