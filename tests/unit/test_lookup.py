"""``Lookup``/``LookupKind`` (pos_profile/lookup.py) and masking (pos_profile/masking.py)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_profile import masking
from pos_profile.lookup import Lookup, LookupKind

SSN = LookupKind.SOCIAL_SECURITY_NUMBER
PHONE = LookupKind.MOBILE_PHONE
EMAIL = LookupKind.EMAIL
KEY = LookupKind.CUSTOM_KEY
CID = LookupKind.CONTACT_ID
GUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


@pytest.mark.parametrize(
    ("lookup", "masked"),
    [
        (Lookup(SSN, "198604121234"), "19860412-****"),
        (Lookup(SSN, "198504761234"), "19850476-****"),
        (Lookup(SSN, "010594Y9032"), "010594Y****"),
        (Lookup(EMAIL, "jane.doe@example.com"), "j***@example.com"),
        (Lookup(PHONE, "+46701740605"), "+46 *******05"),
        (Lookup(PHONE, "+358401234567"), "+358 *******67"),
        (Lookup(KEY, "1234567890"), "******7890"),
        (Lookup(KEY, "1234"), "**34"),
        (Lookup(LookupKind.ANY, "abc"), "**c"),
        (Lookup(CID, GUID), "3f2504e0-****"),
    ],
)
def test_masked_forms(lookup: Lookup, masked: str) -> None:
    assert lookup.masked() == masked


def test_repr_and_str_hide_the_value() -> None:
    lookup = Lookup(EMAIL, "jane.doe@example.com")
    assert repr(lookup) == "Lookup(kind=email, value=<redacted 20 chars>)"
    assert str(lookup) == repr(lookup)
    assert "jane" not in f"{lookup}" and "jane" not in f"{lookup!r}"
    assert "jane" not in repr([lookup])


def test_lookup_rejects_wrong_types() -> None:
    with pytest.raises(TypeError):
        Lookup("email", "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Lookup(EMAIL, "")


def test_kind_labels_are_human() -> None:
    assert {k: k.label for k in LookupKind} == {
        CID: "contact id",
        EMAIL: "e-mail",
        PHONE: "phone number",
        SSN: "personal number",
        KEY: "member number",
        LookupKind.ANY: "any identifier",
    }
    assert str(LookupKind.MOBILE_PHONE) == "mobilePhone"


@given(st.sampled_from(list(LookupKind)), st.text(min_size=1, max_size=40))
def test_repr_and_str_never_contain_the_value(kind: LookupKind, value: str) -> None:
    lookup = Lookup(kind, value)
    expected = f"Lookup(kind={kind.value}, value=<redacted {len(value)} chars>)"
    assert repr(lookup) == str(lookup) == f"{lookup}" == expected
    if value not in expected:  # a one-character value may happen to be a letter of "redacted"
        assert value not in repr(lookup)


@pytest.mark.parametrize(
    ("masker", "value", "masked"),
    [
        (masking.mask_personal_number, "not-a-number", "********mber"),
        (masking.mask_email, "no-at-sign", "******sign"),
        (masking.mask_email, "@example.com", "********.com"),
        (masking.mask_phone, "0701740605", "******0605"),  # not E.164: tail only
        (masking.mask_contact_id, "3f2504e0", "****04e0"),
        (masking.mask_tail, "x", "*"),
    ],
)
def test_unexpected_shapes_fall_back_to_the_tail(
    masker: Callable[[str], str], value: str, masked: str
) -> None:
    assert masker(value) == masked


def test_lookup_loads_neither_phonenumbers_nor_stdnum() -> None:
    """The window imports Lookup at start-up; phonenumbers waits for the first search."""
    code = (
        "import sys\n"
        "from pos_profile.lookup import Lookup, LookupKind\n"
        "Lookup(LookupKind.CUSTOM_KEY, '1234').masked()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('phonenumbers', 'stdnum'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
