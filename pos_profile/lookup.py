"""``Lookup(kind, value)``: one identifier to look a contact up by in Engage.

The value type every producer and consumer of a lookup shares: the search box
(:func:`pos_profile.engage.identifiers.classify`), the scanner
(:mod:`pos_profile.scanning.decision`), the lookup controller and the Engage client
(:func:`pos_profile.engage.query.query_params`). It lives at the package root, next to
``errors.py``, because ``engage`` and ``scanning`` are independent of each other
(import-linter) and both need it.

Light on purpose: no phonenumbers or python-stdnum at import time, so the window can import
it at start-up (phonenumbers is loaded by the first classification or the first masked phone
number).

Privacy: ``value`` is personal data. ``repr``/``str`` show the kind and the length only;
:meth:`Lookup.masked` is the display form for a screen (:mod:`pos_profile.masking`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from pos_profile import masking
from pos_profile.i18n import LOOKUP_KIND, N_

__all__ = ["Lookup", "LookupKind"]


class LookupKind(enum.StrEnum):
    """What a search value is. The values are Engage's query parameter names."""

    CONTACT_ID = "contactId"
    EMAIL = "email"
    MOBILE_PHONE = "mobilePhone"
    SOCIAL_SECURITY_NUMBER = "socialSecurityNumber"
    CUSTOM_KEY = "customKey"
    ANY = "any"

    @property
    def label(self) -> str:
        """A short human name for "Looking up by …" (never the value)."""
        return _LABELS[self]


_LABELS: dict[LookupKind, str] = {
    LookupKind.CONTACT_ID: N_(LOOKUP_KIND, "contact id"),
    LookupKind.EMAIL: N_(LOOKUP_KIND, "e-mail"),
    LookupKind.MOBILE_PHONE: N_(LOOKUP_KIND, "phone number"),
    LookupKind.SOCIAL_SECURITY_NUMBER: N_(LOOKUP_KIND, "personal number"),
    LookupKind.CUSTOM_KEY: N_(LOOKUP_KIND, "member number"),
    LookupKind.ANY: N_(LOOKUP_KIND, "any identifier"),
}


@dataclass(frozen=True, repr=False)
class Lookup:
    """One identifier to look a contact up by; ``value`` is already normalised.

    The value is personal data: ``repr``/``str`` show only the kind and its length, so a
    ``Lookup`` in a log line or a traceback reveals nothing. Use ``masked()`` for a screen.
    """

    kind: LookupKind
    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.kind, LookupKind):
            raise TypeError("Lookup.kind must be a LookupKind")
        if not isinstance(self.value, str) or not self.value:
            raise TypeError("Lookup.value must be a non-empty str")

    def __repr__(self) -> str:
        return f"Lookup(kind={self.kind.value}, value=<redacted {len(self.value)} chars>)"

    __str__ = __repr__

    def masked(self) -> str:
        """A display form that is safe to show on a screen (table in :mod:`pos_profile.masking`)."""
        return _MASKERS.get(self.kind, masking.mask_tail)(self.value)


_MASKERS: dict[LookupKind, Callable[[str], str]] = {
    LookupKind.SOCIAL_SECURITY_NUMBER: masking.mask_personal_number,
    LookupKind.EMAIL: masking.mask_email,
    LookupKind.MOBILE_PHONE: masking.mask_phone,
    LookupKind.CONTACT_ID: masking.mask_contact_id,
}
