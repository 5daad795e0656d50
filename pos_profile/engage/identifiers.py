"""Classification: what a typed or pasted search text is, as a ``Lookup(kind, value)``.

A cashier types (or pastes) an e-mail address, a phone number, a Swedish personnummer or
samordningsnummer, a Finnish henkilötunnus (HETU), a contact id or a member number. Engage
must be asked with the *right* query parameter: its own ``any`` search stops at the first kind
a value validates as, even when that kind has no match (pos_profile/docs/engage-api.md), so the app
classifies the text itself. Scanned cards never come through here: the scanner path
(:mod:`pos_profile.scanning.decision`) makes their ``Lookup`` (pos_profile/docs/architecture.md).

Neighbours, one job each: :mod:`pos_profile.lookup` (the ``Lookup``/``LookupKind`` value
types, light enough for start-up; re-exported here), :mod:`pos_profile.masking` (display
forms), :mod:`pos_profile.engage.query` (the Engage query parameters). This module imports
phonenumbers and python-stdnum, so the window imports it on the first search, not at
start-up.

Input hygiene (before anything else)
------------------------------------
1. Text longer than ``4 * MAX_INPUT_LENGTH`` is refused at once, before any other work, so a
   10 kB paste costs a ``len()``; after clean-up anything over ``MAX_INPUT_LENGTH`` is refused.
2. NFC-normalised; surrounding whitespace stripped; other Unicode spaces (e.g. the no-break
   space in a pasted ``070 123 45 67``) become plain spaces; invisible format characters
   (zero-width space, BOM, bidi marks that web pages put around phone numbers) are dropped.
3. A control character left inside (tab, line break, ESC, ...) or a lone surrogate is refused.
4. Empty → "Type something to search for."

``MAX_INPUT_LENGTH`` is 254, not 64: an e-mail address may legally be 254 characters (RFC 5321
path limit) and the search box must not refuse a real one. Every other kind has its own,
much shorter limit (member numbers ``MAX_CUSTOM_KEY_LENGTH`` = 64; the others by their format).
All patterns are anchored and linear, so no input can cause regex backtracking.

Classification order of ``classify`` (first match wins)
-------------------------------------------------------
1. **Contains ``@`` → e-mail.** No other kind may contain ``@``. Checked sensibly, not per the
   full RFC: exactly one ``@``, a non-empty part before it, a domain with a dot (no empty
   labels), no spaces. The domain is lower-cased (DNS is case-insensitive); the part before
   ``@`` is kept as typed, because RFC 5321 lets it be case-sensitive and whether Engage
   folds case is not documented — lower-casing could miss a contact stored as typed.
2. **GUID (``8-4-4-4-12`` hex, optionally in braces) → contactId**, lower-cased. No other
   kind has that shape.
3. **HETU shape ``DDMMYY`` + century sign + 3 digits + check character.** A letter sign
   (``A–F`` for the 2000s, ``Y X W V U`` for the 1900s since 2023, Decree 690/2022) or a
   letter check character makes it a HETU; it is upper-cased and validated with
   ``stdnum.fi.hetu`` (the installed python-stdnum knows the new signs). Temporary numbers
   (individual part 900–999) are *accepted* (``allow_temporary=True``): their check character
   still catches typos, and refusing them would tell the cashier something false ("not a
   valid number"); Engage decides whether such a contact exists.
   ``DDMMYY-NNNC``/``DDMMYY+NNNC`` with a digit check is *also* the shape of a 10-digit
   personnummer with separator (``YYMMDD-NNNC``). Both checks run; if only one passes, that
   one wins; if both pass (about 1 in 300 when both dates are real) the default region decides
   (``FI`` → HETU, otherwise personnummer); if neither passes the error of the region's
   kind is shown.
4. **Personnummer/samordningsnummer with a separator (``YYMMDD-NNNC``, ``YYMMDD+NNNC``,
   ``YYYYMMDD-NNNC``) or 12 bare digits starting with a plausible date** (``18``/``19``/``20``
   century, month 00–12, day 00–31 or 60–91) **→ socialSecurityNumber**, strictly: a wrong
   check digit or an impossible date is an error, nothing is sent. A separator or 12 digits
   is how people write a personal number on purpose; a 12-digit member number rarely starts
   with a calendar date, and when it does ``--by customKey`` reaches it.
5. **10 bare digits starting with ``07`` → mobilePhone** (parsed in the default region). A
   Swedish mobile number ``07X XXX XX XX`` is also a well-formed samordningsnummer often
   enough (``0707767612``: day 76 − 60 = 16; personnummer/python#5) and a personnummer of
   someone born in 2007; pos_profile/docs/pos-domain.md settles typed ``07…`` as phone.
   To search for such a personal number, type it with the separator (``070116-1234``) or
   with 12 digits.
6. **Other 10 bare digits that pass Luhn and carry a real date → socialSecurityNumber**
   (century from today's date: the most recent year that is not in the future). Cashiers
   often type personal numbers without the dash. If the Luhn check or the date fails, the
   text is *not* refused but falls through (it may well be a member number): only ~1 in 140
   random 10-digit strings passes both checks, so member numbers are rarely taken for
   personal numbers, and a mistyped personal number then costs one "not found" instead of an
   error. (Type the dash to get the strict check.)
7. **Phone.** Text starting with ``+`` is always a phone number (any country). Text starting
   with ``0`` or ``(`` made only of digits and phone punctuation (space ``- ( ) . /``) is a
   national-format phone number in the default region and is validated strictly. Bare digits
   starting with ``0`` are a phone number only if they are a possible one; otherwise they fall
   through to member number (``0001234567`` is a zero-padded card number, not a phone).
   Validation is by *length* (``phonenumbers`` possible-number checks for the mobile and
   fixed-line types), not by assigned ranges (``is_valid_number``), because libphonenumber
   deliberately rejects some real Swedish ranges (pos_profile/docs/pos-domain.md). A trunk
   ``0`` written after the country code (``+46 070…``) is dropped; more than one is refused.
   Normalised to E.164.
8. **Otherwise customKey** (member number / externalId): ASCII letters, digits, ``-``, ``_``
   and ``.``, at most ``MAX_CUSTOM_KEY_LENGTH`` characters; digit groups separated by single
   spaces (``1234 5678 9012``, as printed on cards) are joined. Kept as typed otherwise.
   Anything else is refused with a message saying what is searchable.

Ambiguous numbers: ``classify_all``
-----------------------------------
Bare digits can be more than one kind: ``7003151003`` is a valid personnummer *and* a
member number, ``0701740612`` a phone number and maybe a member number. ``classify_all``
returns every kind in the order the lookup asks Engage; on 404 the next kind is asked, and
only when every kind gave 404 is the customer "not found" (:mod:`pos_profile.engage.search`):

1. the kind ``classify`` chose (personal number, or phone number);
2. for 10 bare digits starting with ``07`` that are also a valid personal number: the
   personal number;
3. always last: the member number (``customKey``), the digits as typed.

Text with a separator, ``+``, spaces or ``@`` was written as one kind on purpose and is
asked as that kind only; a text ``classify`` already takes for a member number has only
that kind.

Swedish numbers: why not ``stdnum.se.personnummer``
---------------------------------------------------
The installed python-stdnum (2.2) validates length, Luhn and a calendar date, but a day of
61–91 fails its date check: it has no samordningsnummer support. So both kinds are validated
here with ``stdnum.luhn`` over the 10 digits ``YYMMDDNNNC`` and an own date check (day − 60
for samordningsnummer). Skatteverket issues samordningsnummer with 00 for an unknown month
or day (pos_profile/docs/pos-domain.md), so for those only the known parts are checked. Values are
normalised to 12 digits ``YYYYMMDDNNNC`` without separator; the century of a 10-digit form
comes from ``today`` (injectable) and the separator (``+`` from the calendar year the
holder turns 100).

Privacy
-------
Error messages say what is wrong and never echo the text. ``repr``/``str`` of a ``Lookup``
show the kind and the length only; ``Lookup.masked()`` is the display form for a screen
(the table is in :mod:`pos_profile.masking`).
"""

from __future__ import annotations

import contextlib
import datetime
import re
import unicodedata
from collections.abc import Callable

import phonenumbers
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.fi import hetu

from pos_profile.engage.limits import MAX_CUSTOM_KEY_LENGTH, MAX_INPUT_LENGTH
from pos_profile.errors import ConfigurationError, InvalidInputError
from pos_profile.i18n import ERRORS, N_, Message, english_only
from pos_profile.lookup import Lookup, LookupKind

__all__ = [
    "MAX_CUSTOM_KEY_LENGTH",
    "MAX_INPUT_LENGTH",
    "InvalidIdentifierError",
    "Lookup",
    "LookupKind",
    "classify",
    "classify_all",
    "parse_as",
]

_RAW_LIMIT = 4 * MAX_INPUT_LENGTH


class InvalidIdentifierError(InvalidInputError):
    """The search text is not a usable identifier. The message never contains the text.

    ``kind`` is the kind the text was taken for when the error is about that kind
    (e.g. a personal number with a wrong check digit), else ``None``.
    """

    def __init__(
        self, message: str | Message | None = None, *, kind: LookupKind | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind


# --------------------------------------------------------------------------- input hygiene

_MSG_EMPTY = N_(ERRORS, "Type something to search for.")
_MSG_TOO_LONG = Message(
    N_(ERRORS, "Search text is too long (max {n} characters)."), {"n": MAX_INPUT_LENGTH}
)
_MSG_CONTROL = N_(ERRORS, "Search text contains a tab, line break or other control character.")
_MSG_UNUSABLE = N_(ERRORS, "Search text contains characters that cannot be searched for.")


def _clean(text: str) -> str:
    """Apply the input hygiene of the module docstring; return the cleaned text."""
    if not isinstance(text, str):
        raise TypeError("search text must be a str")
    if len(text) > _RAW_LIMIT:
        raise InvalidIdentifierError(_MSG_TOO_LONG)
    text = unicodedata.normalize("NFC", text.strip())
    out: list[str] = []
    for char in text:
        if char.isascii() and char.isprintable():
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category == "Zs":
            out.append(" ")
        elif category == "Cf":
            continue
        elif category in ("Cc", "Zl", "Zp"):
            raise InvalidIdentifierError(_MSG_CONTROL)
        elif category == "Cs":
            raise InvalidIdentifierError(_MSG_UNUSABLE)
        else:
            out.append(char)
    cleaned = "".join(out).strip()
    if not cleaned:
        raise InvalidIdentifierError(_MSG_EMPTY)
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise InvalidIdentifierError(_MSG_TOO_LONG)
    return cleaned


# --------------------------------------------------------------------------- e-mail


def _email(text: str) -> Lookup:
    kind = LookupKind.EMAIL
    if any(char.isspace() for char in text):
        raise InvalidIdentifierError(
            N_(ERRORS, "That e-mail address has a space in it."), kind=kind
        )
    if text.count("@") > 1:
        raise InvalidIdentifierError(
            N_(ERRORS, "That e-mail address has more than one @."), kind=kind
        )
    local, at, domain = text.partition("@")
    if not at:
        raise InvalidIdentifierError(N_(ERRORS, "That e-mail address is missing the @."), kind=kind)
    if not local:
        raise InvalidIdentifierError(
            N_(ERRORS, "That e-mail address is missing the part before @."), kind=kind
        )
    if not domain:
        raise InvalidIdentifierError(
            N_(ERRORS, "That e-mail address is missing the part after @."), kind=kind
        )
    labels = domain.split(".")
    if len(labels) < 2 or any(not label for label in labels):
        raise InvalidIdentifierError(
            N_(ERRORS, "That e-mail address needs a domain like example.com after @."), kind=kind
        )
    return Lookup(kind, f"{local}@{domain.lower()}")


# --------------------------------------------------------------------------- contact id

_HEX = "[0-9a-fA-F]"
_GUID_RE = re.compile(
    rf"(\{{)?({_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}})(?(1)\}})"
)
_BARE_GUID_RE = re.compile(rf"{_HEX}{{32}}")


def _contact_id(text: str, *, lenient: bool) -> Lookup | None:
    match = _GUID_RE.fullmatch(text)
    if match:
        return Lookup(LookupKind.CONTACT_ID, match.group(2).lower())
    if lenient and _BARE_GUID_RE.fullmatch(text):
        t = text.lower()
        return Lookup(LookupKind.CONTACT_ID, f"{t[:8]}-{t[8:12]}-{t[12:16]}-{t[16:20]}-{t[20:]}")
    return None


# --------------------------------------------------------------------------- Finnish HETU

_SSN = LookupKind.SOCIAL_SECURITY_NUMBER
_HETU_RE = re.compile(r"([0-9]{6})([-+ABCDEFUVWXY])([0-9]{3})([0-9A-Y])", re.IGNORECASE | re.ASCII)
_HETU_CENTURY = {"+": 1800, "-": 1900, "A": 2000}
_HETU_CENTURY.update(dict.fromkeys("YXWVU", 1900))
_HETU_CENTURY.update(dict.fromkeys("BCDEF", 2000))


def _hetu(text: str) -> Lookup:
    """Validate a HETU that has the HETU shape (``_HETU_RE``)."""
    value = text.upper()
    day, month, year = int(value[0:2]), int(value[2:4]), int(value[4:6])
    try:
        datetime.date(_HETU_CENTURY[value[6]] + year, month, day)
    except ValueError:
        raise InvalidIdentifierError(
            N_(ERRORS, "That personal identity code's date is not a real date."), kind=_SSN
        ) from None
    if int(value[7:10]) < 2:
        raise InvalidIdentifierError(
            N_(ERRORS, "That personal identity code's individual number is not in use."), kind=_SSN
        )
    try:
        hetu.validate(value, allow_temporary=True)
    except ValidationError:
        raise InvalidIdentifierError(
            N_(ERRORS, "That personal identity code's check character is wrong."), kind=_SSN
        ) from None
    return Lookup(_SSN, value)


# --------------------------------------------------------------------------- Swedish numbers

_SE_SEPARATED_RE = re.compile(r"([0-9]{6}|[0-9]{8})([-+])([0-9]{4})")
_SE_PLAUSIBLE_12_RE = re.compile(  # century 18-20, month 00-12, day 00-31 or 60-91
    r"(?:18|19|20)[0-9]{2}(?:0[0-9]|1[0-2])(?:[0-2][0-9]|3[01]|[6-8][0-9]|9[01])[0-9]{4}"
)


def _swedish(digits: str, separator: str, today: datetime.date) -> Lookup:
    """Validate a personnummer/samordningsnummer: 10 or 12 digits (separator removed)."""
    if luhn.checksum(digits[-10:]) != 0:
        raise InvalidIdentifierError(
            N_(ERRORS, "That personal number's check digit is wrong."), kind=_SSN
        )
    month, day = int(digits[-8:-6]), int(digits[-6:-4])
    coordination = day >= 60
    if coordination:
        day -= 60
    date_known = month != 0 and day != 0
    if not coordination and not date_known:
        raise InvalidIdentifierError(
            N_(ERRORS, "That personal number's date is not a real date."), kind=_SSN
        )
    if len(digits) == 12:
        year = int(digits[:4])
    else:
        year = _century_year(int(digits[:2]), month if date_known else 0, day, separator, today)
    try:
        born = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise InvalidIdentifierError(
            N_(ERRORS, "That personal number's date is not a real date."), kind=_SSN
        ) from None
    if (born > today if date_known else year > today.year) or year < 1800:
        raise InvalidIdentifierError(
            N_(ERRORS, "That personal number's date is not a possible birth date."), kind=_SSN
        )
    value = digits if len(digits) == 12 else f"{year:04d}{digits[2:]}"
    return Lookup(_SSN, value)


def _century_year(yy: int, month: int, day: int, separator: str, today: datetime.date) -> int:
    """The birth year of a 10-digit personal number.

    ``+`` is written from the calendar year the holder turns 100 (folkbokföringslagen §18):
    the most recent year ending in ``yy`` at least 100 years back. Otherwise the most recent
    year ending in ``yy`` whose date is not after today (``month == 0``: date unknown, as in
    some samordningsnummer, so only the year counts).
    """
    if separator == "+":
        latest = today.year - 100
        return latest - (latest - yy) % 100
    year = today.year - (today.year - yy) % 100
    if year == today.year and month and (month, max(day, 1)) > (today.month, today.day):
        year -= 100
    return year


# --------------------------------------------------------------------------- phone

_PHONE_CHARS_RE = re.compile(r"\+?[0-9 ()./-]+")
_PHONE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
_VR = phonenumbers.ValidationResult


def _phone(text: str, region: str) -> Lookup:
    """Validate a phone number strictly (the text is known to be meant as one)."""
    kind = LookupKind.MOBILE_PHONE
    if "+" in text[1:]:
        raise InvalidIdentifierError(
            N_(ERRORS, "A phone number can only have + at the start."), kind=kind
        )
    if not _PHONE_CHARS_RE.fullmatch(text) or not any("0" <= c <= "9" for c in text):
        raise InvalidIdentifierError(
            N_(ERRORS, "A phone number can only have digits, spaces, + - ( ) . and /."), kind=kind
        )
    number = _parse_phone(text, region)
    cc = f"+{number.country_code}"
    national = phonenumbers.national_significant_number(number)
    region_of_number = phonenumbers.region_code_for_country_code(number.country_code or 0)
    if (
        national.startswith("0")
        and phonenumbers.ndd_prefix_for_region(region_of_number, True) == "0"
    ):
        # libphonenumber keeps a trunk 0 when the rest is not a plausible number
        # (``070-12``, ``+46 070 12``): judge the rest, so the message says why.
        if national.startswith("00") or len(national) < 2:
            raise InvalidIdentifierError(
                Message(N_(ERRORS, "That phone number has an extra 0 after {cc}."), {"cc": cc}),
                kind=kind,
            )
        number = phonenumbers.PhoneNumber(
            country_code=number.country_code, national_number=int(national[1:])
        )
    reasons = {
        phonenumbers.is_possible_number_for_type_with_reason(number, number_type)
        for number_type in _PHONE_TYPES
    }
    if _VR.IS_POSSIBLE not in reasons:
        if reasons <= {_VR.TOO_LONG}:
            raise InvalidIdentifierError(
                Message(N_(ERRORS, "That phone number is too long for {cc}."), {"cc": cc}),
                kind=kind,
            )
        if reasons <= {_VR.TOO_SHORT, _VR.IS_POSSIBLE_LOCAL_ONLY}:
            raise InvalidIdentifierError(
                Message(N_(ERRORS, "That phone number is too short for {cc}."), {"cc": cc}),
                kind=kind,
            )
        raise InvalidIdentifierError(
            Message(
                N_(ERRORS, "That phone number does not have the right number of digits for {cc}."),
                {"cc": cc},
            ),
            kind=kind,
        )
    return Lookup(kind, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _parse_phone(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    kind = LookupKind.MOBILE_PHONE
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            raise InvalidIdentifierError(
                N_(ERRORS, "That phone number's country code is not known."), kind=kind
            ) from None
        if exc.error_type == phonenumbers.NumberParseException.TOO_LONG:
            raise InvalidIdentifierError(
                N_(ERRORS, "That phone number is too long."), kind=kind
            ) from None
        raise InvalidIdentifierError(
            N_(ERRORS, "That phone number is too short."), kind=kind
        ) from None


def _possible_phone(text: str, region: str) -> Lookup | None:
    try:
        return _phone(text, region)
    except InvalidIdentifierError:
        return None


# --------------------------------------------------------------------------- member number

_CUSTOM_KEY_RE = re.compile(r"[A-Za-z0-9._-]+")
_DIGITS_RE = re.compile(r"[0-9]+")
_DIGIT_GROUPS_RE = re.compile(r"[0-9]+(?: [0-9]+)+")


def _custom_key(text: str) -> Lookup:
    kind = LookupKind.CUSTOM_KEY
    if _DIGIT_GROUPS_RE.fullmatch(text):
        text = text.replace(" ", "")
    if not _CUSTOM_KEY_RE.fullmatch(text):
        raise InvalidIdentifierError(
            N_(
                ERRORS,
                "That is not a member number, e-mail, phone or personal number "
                "(a member number has only letters, digits, - _ and .).",
            )
        )
    if len(text) > MAX_CUSTOM_KEY_LENGTH:
        raise InvalidIdentifierError(
            Message(
                N_(ERRORS, "That member number is too long (max {n} characters)."),
                {"n": MAX_CUSTOM_KEY_LENGTH},
            ),
            kind=kind,
        )
    return Lookup(kind, text)


# --------------------------------------------------------------------------- classification


def _region(default_region: str) -> str:
    region = default_region.upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigurationError(
            english_only(
                f"The default phone region {default_region[:8]!r} is not a known region code. "
                "Ask store IT to check the setting."
            )
        )
    return region


def _separated_personal_number(text: str, region: str, today: datetime.date) -> Lookup | None:
    """Personnummer with separator or HETU (steps 3–4); ``None`` if neither shape fits."""
    hetu_shape = _HETU_RE.fullmatch(text)
    se_shape = _SE_SEPARATED_RE.fullmatch(text)
    if hetu_shape and not se_shape:
        return _hetu(text)
    if se_shape and not hetu_shape:
        return _swedish(se_shape.group(1) + se_shape.group(3), se_shape.group(2), today)
    if not (hetu_shape and se_shape):
        return None
    # DDMMYY-NNNC with a digit check: HETU and 10-digit personnummer at the same time.
    se_digits, se_separator = se_shape.group(1) + se_shape.group(3), se_shape.group(2)
    checks: list[Callable[[], Lookup]] = [
        lambda: _swedish(se_digits, se_separator, today),
        lambda: _hetu(text),
    ]
    if region == "FI":
        checks.reverse()
    errors: list[InvalidIdentifierError] = []
    for check in checks:
        try:
            return check()
        except InvalidIdentifierError as exc:
            errors.append(exc)
    raise errors[0]


def classify(
    text: str, *, default_region: str = "SE", today: datetime.date | None = None
) -> Lookup:
    """Classify typed or pasted search text (order in the module docstring).

    Raises ``InvalidIdentifierError`` (message safe to show, never containing the text).
    ``default_region`` is the ISO region for national-format phone numbers; ``today``
    (default: the local date) decides the century of 10-digit personal numbers.
    """
    region = _region(default_region)
    today = today or datetime.date.today()
    return _classify(_clean(text), region, today)


def classify_all(
    text: str, *, default_region: str = "SE", today: datetime.date | None = None
) -> tuple[Lookup, ...]:
    """Every kind typed text may be, in the order to ask Engage (see "Ambiguous numbers").

    The first is :func:`classify`'s answer. Bare digits that are a personal number or a
    phone number may also be a member number, so ``customKey`` comes after them (always
    last); a bare ``07…`` number that is also a valid personal number is tried as one after
    the phone number. Anything written on purpose (a dash, ``+``, spaces, ``@``) is one kind.
    """
    region = _region(default_region)
    today = today or datetime.date.today()
    text = _clean(text)
    first = _classify(text, region, today)
    if not _DIGITS_RE.fullmatch(text) or first.kind is LookupKind.CUSTOM_KEY:
        return (first,)
    found = [first]
    if first.kind is LookupKind.MOBILE_PHONE and len(text) == 10:
        with contextlib.suppress(InvalidIdentifierError):
            found.append(_swedish(text, "", today))
    if len(text) <= MAX_CUSTOM_KEY_LENGTH:
        found.append(Lookup(LookupKind.CUSTOM_KEY, text))
    return tuple(found)


def _classify(text: str, region: str, today: datetime.date) -> Lookup:
    if "@" in text:
        return _email(text)
    found = _contact_id(text, lenient=False) or _separated_personal_number(text, region, today)
    if found:
        return found
    if _DIGITS_RE.fullmatch(text):
        if len(text) == 12 and _SE_PLAUSIBLE_12_RE.fullmatch(text):
            return _swedish(text, "", today)
        if len(text) == 10 and text.startswith("07"):
            return _phone(text, region)
        if len(text) == 10:
            try:
                return _swedish(text, "", today)
            except InvalidIdentifierError:
                pass
        if text.startswith("0"):
            found = _possible_phone(text, region)
            if found:
                return found
        return _custom_key(text)
    if text.startswith("+") or (text[0] in "0(" and _PHONE_CHARS_RE.fullmatch(text)):
        return _phone(text, region)
    return _custom_key(text)


def _personal_number(text: str, region: str, today: datetime.date) -> Lookup:
    """``--by socialSecurityNumber``: any Swedish or Finnish form, strictly."""
    found = _separated_personal_number(text, region, today)
    if found:
        return found
    if _DIGITS_RE.fullmatch(text) and len(text) in (10, 12):
        return _swedish(text, "", today)
    raise InvalidIdentifierError(
        N_(
            ERRORS,
            "That is not a Swedish personal number (YYYYMMDD-NNNN) "
            "or a Finnish personal identity code (DDMMYY-NNNC).",
        ),
        kind=_SSN,
    )


def parse_as(
    kind: LookupKind | str,
    text: str,
    *,
    default_region: str = "SE",
    today: datetime.date | None = None,
) -> Lookup:
    """Validate and normalise ``text`` as the given kind (``--by KIND``).

    ``kind`` is a ``LookupKind``, its value (``"email"``, ...; case-insensitive) or
    ``"auto"`` (= ``classify``). ``any`` and ``customKey`` take the cleaned text as it is.
    """
    if isinstance(kind, str) and not isinstance(kind, LookupKind):
        wanted = kind.strip().lower()
        if wanted == "auto":
            return classify(text, default_region=default_region, today=today)
        matches = [k for k in LookupKind if k.value.lower() == wanted]
        if not matches:
            names = ", ".join(["auto", *(k.value for k in LookupKind)])
            raise InvalidIdentifierError(english_only(f"Unknown lookup kind. Use one of: {names}."))
        kind = matches[0]
    region = _region(default_region)
    today = today or datetime.date.today()
    text = _clean(text)
    if kind is LookupKind.EMAIL:
        return _email(text)
    if kind is LookupKind.CONTACT_ID:
        found = _contact_id(text, lenient=True)
        if found is None:
            raise InvalidIdentifierError(
                N_(
                    ERRORS,
                    "That is not a contact id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301).",
                ),
                kind=kind,
            )
        return found
    if kind is LookupKind.MOBILE_PHONE:
        return _phone(text, region)
    if kind is LookupKind.SOCIAL_SECURITY_NUMBER:
        return _personal_number(text, region, today)
    return Lookup(kind, text)
