"""How the sandbox judges an identifier, the way Engage is documented to.

Deliberately independent of :mod:`pos_profile.engage.identifiers`: the sandbox plays the
server, so a mistake in the client's classification shows up as a real 400 or 404.

- ``email``: something@domain.tld, matched case-insensitively.
- ``mobilePhone``: E.164 only (``+`` and the country code; a ``+`` that was not URL-encoded
  arrives as a space and is refused, as on the real service).
- ``socialSecurityNumber``: Swedish personnummer or samordningsnummer (day + 60), 12 or 10
  digits, optionally with ``-`` (``+`` for people aged 100 or more), Luhn check digit and
  calendar date verified; or a Finnish HETU (check character verified, 2023 century signs).
- ``customKey``: any non-empty text, compared with ``memberNumber`` and ``externalId``.
- ``any``: tried as email → socialSecurityNumber → mobilePhone → customKey, and it stops
  at the FIRST kind the value is valid as, even when that kind has no match (Engage's
  documented pitfall: a member number that is also a valid personnummer gives 404).
"""

from __future__ import annotations

import re
from datetime import date

# phonenumbers and python-stdnum (60-70 ms to import) load with the first identifier that
# needs them: `pos-profile --demo` starts this sandbox on its way to "Ready to scan".

EMAIL = "email"
MOBILE_PHONE = "mobilePhone"
SOCIAL_SECURITY_NUMBER = "socialSecurityNumber"
CUSTOM_KEY = "customKey"
CONTACT_ID = "contactId"
ANY = "any"

#: The order in which ``any`` tries the kinds.
ANY_ORDER = (EMAIL, SOCIAL_SECURITY_NUMBER, MOBILE_PHONE, CUSTOM_KEY)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SWEDISH = re.compile(r"^(?P<century>\d{2})?(?P<yymmdd>\d{6})(?P<sep>[-+])?(?P<serial>\d{4})$")


def normalize_email(value: str) -> str | None:
    """The e-mail in comparable form, or None when it is not an e-mail address."""
    text = value.strip()
    return text.lower() if _EMAIL.match(text) else None


def normalize_phone(value: str) -> str | None:
    """The number in E.164, or None unless it is a possible E.164 number."""
    text = value.strip()
    if not _E164.match(text):
        return None
    import phonenumbers

    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def _swedish(value: str, today: date) -> str | None:
    match = _SWEDISH.match(value)
    if not match:
        return None
    yymmdd, serial = match["yymmdd"], match["serial"]
    from stdnum import luhn

    if not luhn.is_valid(yymmdd + serial):
        return None
    century_text = match["century"]
    if century_text is not None:
        if match["sep"] == "+":
            return None  # '+' belongs to the 10-digit form only
        year = int(century_text + yymmdd[:2])
    else:
        year = (today.year // 100) * 100 + int(yymmdd[:2])
        if year > today.year:
            year -= 100
        if match["sep"] == "+":
            year -= 100
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > 60:
        day -= 60  # samordningsnummer
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}{yymmdd[2:]}{serial}"


def normalize_ssn(value: str, today: date) -> str | None:
    """A Swedish number as 12 digits, a Finnish HETU upper-cased; None when invalid."""
    text = value.strip()
    swedish = _swedish(text, today)
    if swedish is not None:
        return swedish
    upper = text.upper()
    if len(upper) != 11:
        return None
    from stdnum.fi import hetu

    if hetu.is_valid(upper, allow_temporary=True):
        return upper
    return None


def normalize_custom_key(value: str) -> str | None:
    text = value.strip()
    return text or None


def is_contact_id(value: str) -> bool:
    return bool(_GUID.match(value.strip()))


def normalize(kind: str, value: str, today: date) -> str | None:
    """``value`` in comparable form if it is valid as ``kind``, else None."""
    if kind == EMAIL:
        return normalize_email(value)
    if kind == MOBILE_PHONE:
        return normalize_phone(value)
    if kind == SOCIAL_SECURITY_NUMBER:
        return normalize_ssn(value, today)
    if kind == CUSTOM_KEY:
        return normalize_custom_key(value)
    raise ValueError(f"unknown identifier kind {kind!r}")


def resolve_any(value: str, today: date) -> tuple[str, str] | None:
    """The first kind ``value`` is valid as, with its normalised form (Engage's scan order)."""
    for kind in ANY_ORDER:
        normalized = normalize(kind, value, today)
        if normalized is not None:
            return kind, normalized
    return None
