"""Display forms of identifiers that are safe on a screen: the masking rules, nothing else.

Pure string functions, no project imports (``Lookup.masked()`` picks one by kind).
phonenumbers is imported by :func:`mask_phone` on first use, not when this module loads.

=====================  ==========================  =====================================
kind                   example value               masked form
=====================  ==========================  =====================================
personnummer           ``198604121234``            ``19860412-****`` (date kept)
HETU                   ``010594Y9032``             ``010594Y****`` (date and sign kept)
e-mail                 ``jane.doe@example.com``    ``j***@example.com``
phone                  ``+46701740605``            ``+46 *******05`` (last two digits)
member number / any    ``1234567890``              ``******7890`` (last four, at most half)
contact id             ``3f2504e0-4f89-...``       ``3f2504e0-****`` (first group)
=====================  ==========================  =====================================

Anything that does not have the expected normalised shape falls back to :func:`mask_tail`.
"""

from __future__ import annotations

__all__ = ["mask_contact_id", "mask_email", "mask_personal_number", "mask_phone", "mask_tail"]


def mask_tail(value: str) -> str:
    """Stars, then the last four characters (at most half of the value)."""
    visible = min(4, len(value) // 2)
    return "*" * (len(value) - visible) + value[len(value) - visible :]


def mask_personal_number(value: str) -> str:
    """A normalised personnummer (12 digits) or HETU: the date stays, the rest is starred."""
    if len(value) == 12 and value.isdigit():  # Swedish, normalised
        return f"{value[:8]}-****"
    if len(value) == 11 and value[:6].isdigit():  # HETU: DDMMYY + sign
        return f"{value[:7]}****"
    return mask_tail(value)


def mask_email(value: str) -> str:
    """The first character before ``@`` and the domain."""
    local, at, domain = value.rpartition("@")
    if not at or not local:
        return mask_tail(value)
    return f"{local[0]}***@{domain}"


def mask_phone(value: str) -> str:
    """An E.164 number: the country code and the last two digits."""
    import phonenumbers  # not at start-up: the window imports Lookup early

    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return mask_tail(value)
    national = phonenumbers.national_significant_number(number)
    hidden = max(len(national) - 2, 0)
    return f"+{number.country_code} {'*' * hidden}{national[hidden:]}"


def mask_contact_id(value: str) -> str:
    """A GUID: the first group."""
    head, dash, _ = value.partition("-")
    return f"{head}-****" if dash else mask_tail(value)
