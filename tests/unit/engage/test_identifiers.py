"""Typed search text → ``Lookup``: classification and validation (engage/identifiers.py).

The value type and its masking are tested in test_lookup.py, the query in test_query.py.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from pos_profile.engage.identifiers import (
    MAX_CUSTOM_KEY_LENGTH,
    MAX_INPUT_LENGTH,
    InvalidIdentifierError,
    classify,
    parse_as,
)
from pos_profile.errors import ConfigurationError, InvalidInputError
from pos_profile.lookup import Lookup, LookupKind

TODAY = datetime.date(2025, 6, 1)
SSN = LookupKind.SOCIAL_SECURITY_NUMBER
PHONE = LookupKind.MOBILE_PHONE
EMAIL = LookupKind.EMAIL
KEY = LookupKind.CUSTOM_KEY
CID = LookupKind.CONTACT_ID


# --------------------------------------------------------------------------- helpers
# Independent implementations of the check digits, so the tests do not trust the module.


def luhn_digit(nine: str) -> str:
    """The Luhn check digit for the 9 digits YYMMDDNNN."""
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def personnummer(yyyymmdd: str, serial: str = "123") -> str:
    """A valid 12-digit personnummer for the date (day may be +60) and 3-digit serial."""
    return yyyymmdd + serial + luhn_digit(yyyymmdd[2:] + serial)


def bad_check(number: str) -> str:
    """The same number with a wrong last digit."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def hetu(ddmmyy: str, sign: str, individual: str) -> str:
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(ddmmyy + individual) % 31]
    return f"{ddmmyy}{sign}{individual}{check}"


def c(text: str, **kwargs: object) -> Lookup:
    return classify(text, today=TODAY, **kwargs)  # type: ignore[arg-type]


PNR = personnummer("19860412")  # 12 digits
PNR10 = PNR[2:8] + "-" + PNR[8:]  # 860412-1234 form
SAMORDNING = personnummer("19850476")  # day 76 - 60 = 16


def sep12(full: str) -> str:
    """A 12-digit personnummer written with a separator: YYYYMMDD-NNNC."""
    return f"{full[:8]}-{full[8:]}"


GUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


# --------------------------------------------------------------------------- valid input


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # e-mail: domain lower-cased, local part kept as typed
        ("jane.doe@example.com", EMAIL, "jane.doe@example.com"),
        ("  Jane.Doe+till@Example.CO.uk \n", EMAIL, "Jane.Doe+till@example.co.uk"),
        ("åsa@exempel.se", EMAIL, "åsa@exempel.se"),
        # contact id
        (GUID, CID, GUID),
        (GUID.upper(), CID, GUID),
        ("{" + GUID.upper() + "}", CID, GUID),
        # Finnish HETU
        ("010594Y9032", SSN, "010594Y9032"),
        ("010594y9032", SSN, "010594Y9032"),
        ("131052-308T", SSN, "131052-308T"),
        ("131052-308t", SSN, "131052-308T"),
        (hetu("010101", "A", "123"), SSN, hetu("010101", "A", "123")),
        (hetu("241190", "-", "950"), SSN, hetu("241190", "-", "950")),  # temporary id
        # Swedish personnummer / samordningsnummer
        (PNR, SSN, PNR),
        (PNR[:8] + "-" + PNR[8:], SSN, PNR),
        (PNR10, SSN, PNR),
        (PNR[2:], SSN, PNR),  # 10 bare digits, valid, not 07 → personnummer
        (SAMORDNING, SSN, SAMORDNING),
        (SAMORDNING[:8] + "-" + SAMORDNING[8:], SSN, SAMORDNING),
        (SAMORDNING[2:8] + "-" + SAMORDNING[8:], SSN, SAMORDNING),
        (
            personnummer("19120325")[2:8] + "+" + personnummer("19120325")[8:],
            SSN,
            personnummer("19120325"),
        ),
        (
            personnummer("20070116")[2:8] + "-" + personnummer("20070116")[8:],
            SSN,
            personnummer("20070116"),
        ),
        (personnummer("19850060"), SSN, personnummer("19850060")),  # samordning, day 00
        (personnummer("19850076"), SSN, personnummer("19850076")),  # samordning, month 00
        # phone
        ("0701740605", PHONE, "+46701740605"),
        ("070-123 45 67", PHONE, "+46701234567"),
        ("070\u00a0123\u00a045\u00a067", PHONE, "+46701234567"),  # no-break spaces
        ("\u202a+46 70 123 45 67\u202c", PHONE, "+46701234567"),  # bidi marks from a web page
        ("+46 (0)70-123 45 67", PHONE, "+46701234567"),
        ("+46 070 123 45 67", PHONE, "+46701234567"),  # trunk 0 kept by mistake: dropped
        ("0046701234567", PHONE, "+46701234567"),
        ("(08) 123 456 78", PHONE, "+46812345678"),
        ("08-123 456 78", PHONE, "+46812345678"),
        ("0812345678", PHONE, "+46812345678"),
        ("+358 40 123 4567", PHONE, "+358401234567"),
        ("+1 (202) 555-0143", PHONE, "+12025550143"),
        ("+47 912 34 567", PHONE, "+4791234567"),
        # member number
        ("12345678", KEY, "12345678"),
        ("1234 5678 9012", KEY, "123456789012"),
        ("ABC-123_x.9", KEY, "ABC-123_x.9"),
        ("0001234567", KEY, "0001234567"),  # zero-padded card number, not a phone
        ("1234567890", KEY, "1234567890"),  # 10 digits failing Luhn
        ("9913451234", KEY, "9913451234"),  # 10 digits, month 13
        ("K" * MAX_CUSTOM_KEY_LENGTH, KEY, "K" * MAX_CUSTOM_KEY_LENGTH),
    ],
)
def test_classify_valid(text: str, kind: LookupKind, value: str) -> None:
    lookup = c(text)
    assert (lookup.kind, lookup.value) == (kind, value)


# --------------------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type something to search for."),
        ("   \t\n ", "Type something to search for."),
        ("\u200b", "Type something to search for."),
        ("jane@", "That e-mail address is missing the part after @."),
        ("@example.com", "That e-mail address is missing the part before @."),
        ("jane@@example.com", "That e-mail address has more than one @."),
        ("jane@example", "That e-mail address needs a domain like example.com after @."),
        ("jane@example..com", "That e-mail address needs a domain like example.com after @."),
        ("jane@.com", "That e-mail address needs a domain like example.com after @."),
        ("jane doe@example.com", "That e-mail address has a space in it."),
        (bad_check(PNR), "That personal number's check digit is wrong."),
        (bad_check(PNR10), "That personal number's check digit is wrong."),
        (bad_check(SAMORDNING), "That personal number's check digit is wrong."),
        (personnummer("19860231"), "That personal number's date is not a real date."),
        (personnummer("19860000"), "That personal number's date is not a real date."),
        (sep12(personnummer("19850292")), "That personal number's date is not a real date."),
        (personnummer("20300101"), "That personal number's date is not a possible birth date."),
        ("010594Y9033", "That personal identity code's check character is wrong."),
        ("010594y903x", "That personal identity code's check character is wrong."),
        ("310294A1234", "That personal identity code's date is not a real date."),
        (
            hetu("010594", "Y", "001"),
            "That personal identity code's individual number is not in use.",
        ),
        ("+46 70 12", "That phone number is too short for +46."),
        ("070-12", "That phone number is too short for +46."),
        ("+46 70 123 45 67 89 01", "That phone number is too long for +46."),
        ("+46 070 12", "That phone number is too short for +46."),
        ("000-123 45 67", "That phone number has an extra 0 after +46."),
        ("+999 123 456", "That phone number's country code is not known."),
        ("+46 70 123+45", "A phone number can only have + at the start."),
        ("+46 70 abc", "A phone number can only have digits, spaces, + - ( ) . and /."),
        ("+", "A phone number can only have digits, spaces, + - ( ) . and /."),
        ("Anna Svensson", "That is not a member number, e-mail, phone or personal number"),
        ("12#34", "That is not a member number, e-mail, phone or personal number"),
        ("ÅÄÖ123", "That is not a member number, e-mail, phone or personal number"),
        ("١٢٣٤٥٦٧٨٩٠", "That is not a member number, e-mail, phone or personal number"),
        ("K" * (MAX_CUSTOM_KEY_LENGTH + 1), "That member number is too long (max 64 characters)."),
        ("12\t34", "Search text contains a tab, line break or other control character."),
        ("12\n34", "Search text contains a tab, line break or other control character."),
        ("12\x1b34", "Search text contains a tab, line break or other control character."),
        ("12\x0034", "Search text contains a tab, line break or other control character."),
        ("12\u202834", "Search text contains a tab, line break or other control character."),
        ("12\ud80034", "Search text contains characters that cannot be searched for."),
        (
            "a" * 243 + "@example.com",
            f"Search text is too long (max {MAX_INPUT_LENGTH} characters).",
        ),
        ("9" * 10_000, f"Search text is too long (max {MAX_INPUT_LENGTH} characters)."),
    ],
)
def test_classify_invalid_says_what_is_wrong_without_echoing(text: str, message: str) -> None:
    with pytest.raises(InvalidIdentifierError) as info:
        c(text)
    assert info.value.message.startswith(message)
    assert str(info.value) == info.value.message
    assert info.value.exit_code == 2
    stripped = text.strip()
    if len(stripped) >= 4:
        assert stripped not in info.value.message
        assert stripped.upper() not in info.value.message


def test_invalid_identifier_error_is_an_invalid_input_error() -> None:
    with pytest.raises(InvalidInputError):
        c(bad_check(PNR))


def test_longest_email_is_accepted() -> None:
    text = "a" * 64 + "@" + "b" * 180 + ".example"  # 253 characters
    assert len(text) <= MAX_INPUT_LENGTH
    assert c(text).kind is EMAIL


# --------------------------------------------------------------------------- ordering


def test_order_bare_07_is_phone_even_when_it_is_a_valid_samordningsnummer() -> None:
    assert luhn_digit("070776761") == "2"  # 0707767612 passes Luhn, day 76 - 60 = 16
    assert (c("0707767612").kind, c("0707767612").value) == (PHONE, "+46707767612")
    assert c("0701740605").value == "+46701740605"


def test_order_07_personal_number_with_separator_or_12_digits_is_personal_number() -> None:
    full = personnummer("20070116")
    assert c(full[2:]).kind is PHONE  # bare 10 digits starting with 07
    assert c(full[2:8] + "-" + full[8:]).value == full
    assert c(full).value == full


def test_order_samordningsnummer_with_separator_is_personal_number() -> None:
    typed = SAMORDNING[:8] + "-" + SAMORDNING[8:]  # 19850476-NNNC
    assert (c(typed).kind, c(typed).value) == (SSN, SAMORDNING)


def test_order_bare_10_digits_valid_personnummer_not_07_is_personal_number() -> None:
    assert (c(PNR[2:]).kind, c(PNR[2:]).value) == (SSN, PNR)


def test_order_bare_10_digits_failing_luhn_is_member_number_not_an_error() -> None:
    assert c(bad_check(PNR[2:])).kind is KEY


def test_order_separator_or_12_digits_with_wrong_check_is_refused_not_a_member_number() -> None:
    for text in (bad_check(PNR), bad_check(PNR10), bad_check(PNR[:8] + "-" + PNR[8:])):
        with pytest.raises(InvalidIdentifierError, match="check digit"):
            c(text)


def test_order_12_digits_not_starting_with_a_date_is_member_number() -> None:
    assert c("123456789012").kind is KEY
    assert c("199913451234").kind is KEY  # month 13


def test_order_email_wins_over_everything() -> None:
    assert c(PNR + "@example.com").kind is EMAIL
    assert c("+46701234567@sms.example").kind is EMAIL


def test_hetu_and_personnummer_shape_region_decides_when_both_are_valid() -> None:
    # DDMMYY-NNNC with a digit check is both a HETU and a 10-digit personnummer.
    both = next(
        f"010203-{n:03d}{luhn_digit('010203' + f'{n:03d}')}"
        for n in range(2, 900)
        if hetu("010203", "-", f"{n:03d}")[-1] == luhn_digit("010203" + f"{n:03d}")
    )
    assert c(both).value.isdigit()  # SE: personnummer 12 digits
    assert c(both).value.startswith("2001")
    assert c(both, default_region="FI").value == both  # FI: HETU as typed


def test_personnummer_shape_valid_only_as_personnummer() -> None:
    assert PNR10[:2] == "86"  # day 86: not a HETU date
    assert (c(PNR10).kind, c(PNR10).value) == (SSN, PNR)


def test_hetu_shape_with_digit_check_valid_only_as_hetu() -> None:
    found = next(
        h
        for n in range(2, 900)
        if (h := hetu("150690", "-", f"{n:03d}"))[-1].isdigit()
        and luhn_digit("150690" + f"{n:03d}") != h[-1]
    )
    assert (c(found).kind, c(found).value) == (SSN, found)


# --------------------------------------------------------------------------- HETU signs


@pytest.mark.parametrize("sign", list("+-YXWVUABCDEF"))
def test_hetu_every_century_sign_is_accepted_in_both_cases(sign: str) -> None:
    ddmmyy = "010599" if sign in "+-YXWVU" else "010520"
    code = hetu(ddmmyy, sign, "234")
    assert c(code).value == code
    assert c(code.lower()).value == code
    assert c(code).masked() == f"{ddmmyy}{sign}****"


@pytest.mark.parametrize("sign", list("+-YXWVUABCDEF"))
def test_hetu_wrong_check_character_is_refused_for_every_sign(sign: str) -> None:
    code = hetu("010520" if sign in "ABCDEF" else "010599", sign, "234")
    wrong = code[:-1] + ("1" if code[-1] != "1" else "2")
    with pytest.raises(InvalidIdentifierError):
        c(wrong)


# --------------------------------------------------------------------------- century inference


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("250601", "2025"),  # today: this century
        ("250602", "1925"),  # tomorrow 100 years ago
        ("860412", "1986"),
        ("000101", "2000"),
    ],
)
def test_ten_digit_century_from_today(typed: str, expected: str) -> None:
    full = personnummer(expected + typed[2:])
    assert c(full[2:8] + "-" + full[8:]).value == full


def test_plus_separator_means_a_hundred_years_older() -> None:
    full = personnummer("19240101")
    assert c(full[2:8] + "+" + full[8:]).value == full
    minus = c(full[2:8] + "-" + full[8:]).value
    assert minus == "20" + full[2:]


def test_plus_separator_from_the_calendar_year_of_the_100th_birthday() -> None:
    full = personnummer("19251224")  # turns 100 in TODAY's year, later than TODAY
    assert c(full[2:8] + "+" + full[8:]).value == full
    assert c(full[2:8] + "-" + full[8:]).value == full  # sloppy "-" still finds the person


def test_today_defaults_to_the_local_date() -> None:
    assert classify(PNR10).value == PNR


# --------------------------------------------------------------------------- hygiene and speed


def test_ten_kilobyte_paste_is_refused_fast() -> None:
    paste = "0701234567 " * 1000  # ~11 kB
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        with pytest.raises(InvalidIdentifierError, match="too long"):
            classify(paste)
    per_call = (time.perf_counter() - start) / rounds
    assert per_call < 0.001


def test_worst_case_inputs_at_the_limit_are_fast() -> None:
    texts = [
        "0" * MAX_INPUT_LENGTH,
        "(" * MAX_INPUT_LENGTH,
        "0" + "-" * (MAX_INPUT_LENGTH - 1),
        "a" * (MAX_INPUT_LENGTH - 1) + "@",
        "1 " * (MAX_INPUT_LENGTH // 2),
        "+" + "1" * (MAX_INPUT_LENGTH - 1),
    ]
    start = time.perf_counter()
    for text in texts:
        with pytest.raises(InvalidIdentifierError):
            classify(text)
    assert time.perf_counter() - start < 0.05


def test_nfc_normalisation_makes_composed_and_decomposed_email_equal() -> None:
    composed = c("\u00e5sa@exempel.se")
    decomposed = c("a\u030asa@exempel.se")
    assert composed == decomposed


def test_unknown_default_region_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        classify("0701234567", default_region="XX")


def test_default_region_fi_reads_national_numbers_as_finnish() -> None:
    assert c("040 123 4567", default_region="FI").value == "+358401234567"
    assert c("040 123 4567", default_region="fi").value == "+358401234567"


# --------------------------------------------------------------------------- parse_as


@pytest.mark.parametrize(
    ("kind", "text", "expected_kind", "value"),
    [
        ("auto", "0701740605", PHONE, "+46701740605"),
        ("email", " Jane@Example.com ", EMAIL, "Jane@example.com"),
        ("EMAIL", "jane@example.com", EMAIL, "jane@example.com"),
        (LookupKind.EMAIL, "jane@example.com", EMAIL, "jane@example.com"),
        ("mobilePhone", "0701740605", PHONE, "+46701740605"),
        ("mobilePhone", "+46 8 123 456 78", PHONE, "+46812345678"),
        ("socialSecurityNumber", PNR[2:], SSN, PNR),
        ("socialSecurityNumber", personnummer("20070116")[2:], SSN, personnummer("20070116")),
        ("socialSecurityNumber", "010594y9032", SSN, "010594Y9032"),
        ("contactId", GUID.upper(), CID, GUID),
        ("contactId", GUID.replace("-", ""), CID, GUID),
        ("customKey", " 0701740605 ", KEY, "0701740605"),
        ("customKey", "ext:42/ÅÄÖ", KEY, "ext:42/ÅÄÖ"),
        ("any", " jane@example.com ", LookupKind.ANY, "jane@example.com"),
    ],
)
def test_parse_as_valid(
    kind: LookupKind | str, text: str, expected_kind: LookupKind, value: str
) -> None:
    lookup = parse_as(kind, text, today=TODAY)
    assert (lookup.kind, lookup.value) == (expected_kind, value)


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("email", "0701740605", "That e-mail address is missing the @."),
        ("mobilePhone", "jane@example.com", "A phone number can only have digits"),
        ("mobilePhone", "070123", "That phone number is too short for +46."),
        ("socialSecurityNumber", "12345", "That is not a Swedish personal number"),
        ("socialSecurityNumber", bad_check(PNR[2:]), "That personal number's check digit"),
        ("contactId", "3f2504e0-4f89", "That is not a contact id"),
        ("customKey", "   ", "Type something to search for."),
        ("any", "a\x00b", "Search text contains a tab"),
        ("phone", "0701740605", "Unknown lookup kind. Use one of: auto, contactId, email,"),
    ],
)
def test_parse_as_invalid(kind: str, text: str, message: str) -> None:
    with pytest.raises(InvalidIdentifierError) as info:
        parse_as(kind, text, today=TODAY)
    assert info.value.message.startswith(message)


# --------------------------------------------------------------------------- errors


def test_error_carries_the_kind_when_it_is_about_one() -> None:
    with pytest.raises(InvalidIdentifierError) as info:
        c(bad_check(PNR))
    assert info.value.kind is SSN
    with pytest.raises(InvalidIdentifierError) as info:
        c("")
    assert info.value.kind is None


# --------------------------------------------------------------------------- properties

_RELEVANT = st.text(alphabet="0123456789+- ()@.{}AYyXabcfF\t\u00a0\u200b", max_size=20)


@given(st.one_of(st.text(), _RELEVANT))
@example("0" * 10_000)
@example("\x00")
@example("@")
@example("+")
@example("(")
@example("{" + GUID)
def test_classify_raises_only_its_own_error(text: str) -> None:
    message = ""
    try:
        lookup = classify(text, today=TODAY)
    except InvalidIdentifierError as exc:
        message = exc.message
    if message:
        # Messages are fixed texts: never a run of digits from the input, never an address.
        assert not re.search(r"[0-9]{4}", message)
        assert not re.search(r"@\w", message)
        if len(text.strip()) >= 6 and any("0" <= ch <= "9" for ch in text):
            assert text.strip() not in message
    else:
        assert lookup.value
        expected = f"Lookup(kind={lookup.kind.value}, value=<redacted {len(lookup.value)} chars>)"
        assert repr(lookup) == str(lookup) == expected


@st.composite
def valid_personnummer(draw: st.DrawFn) -> tuple[datetime.date, str, bool]:
    born = draw(st.dates(min_value=datetime.date(1800, 1, 1), max_value=TODAY))
    coordination = draw(st.booleans())
    serial = draw(st.integers(0, 999))
    day = born.day + (60 if coordination else 0)
    full = personnummer(f"{born:%Y%m}{day:02d}", f"{serial:03d}")
    return born, full, coordination


@given(valid_personnummer(), st.sampled_from(["12", "12-", "10-"]))
def test_generated_personnummer_classify_as_ssn_with_12_digits(
    case: tuple[datetime.date, str, bool], form: str
) -> None:
    born, full, _ = case
    if form == "12":
        typed = full
    elif form == "12-":
        typed = f"{full[:8]}-{full[8:]}"
    else:
        turns_100_this_year_or_before = TODAY.year - born.year >= 100  # law: "+" from then
        typed = f"{full[2:8]}{'+' if turns_100_this_year_or_before else '-'}{full[8:]}"
        assume(TODAY.year - born.year < 200)
    lookup = classify(typed, today=TODAY)
    assert (lookup.kind, lookup.value) == (SSN, full)
    assert lookup.masked() == f"{full[:8]}-****"


@given(valid_personnummer())
def test_generated_bare_ten_digit_personnummer_not_07(
    case: tuple[datetime.date, str, bool],
) -> None:
    born, full, _ = case
    assume(not full[2:].startswith("07") and TODAY.year - born.year < 100)
    lookup = classify(full[2:], today=TODAY)
    assert (lookup.kind, lookup.value) == (SSN, full)


@given(
    st.sampled_from(["70", "72", "73", "76", "79"]),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    st.sampled_from(["{}{}", "0{}-{}", "0{} {}", "0{}{}", "+46 {} {}", "(0{}) {}"]),
)
def test_generated_swedish_mobiles_classify_as_phone(prefix: str, rest: str, layout: str) -> None:
    typed = layout.format(prefix, rest)
    if not typed.startswith(("0", "+", "(")):
        typed = "0" + typed
    lookup = classify(typed, today=TODAY)
    assert (lookup.kind, lookup.value) == (PHONE, f"+46{prefix}{rest}")


def test_hetu_and_personnummer_shape_neither_valid_region_picks_the_message() -> None:
    text = "010203-0000"  # neither check digit fits
    assert luhn_digit("010203000") != "0"
    assert hetu("010203", "-", "000")[-1] != "0"
    with pytest.raises(InvalidIdentifierError, match="personal number's check digit"):
        c(text)
    with pytest.raises(InvalidIdentifierError, match="personal identity code's"):
        c(text, default_region="FI")
