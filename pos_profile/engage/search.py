"""Asking Engage by each kind a text may be, in order: the first kind that finds someone wins.

:func:`pos_profile.engage.identifiers.classify_all` gives the kinds (a 10-digit number that
is a valid personal number is asked as one, then as a member number). A 404 moves on to the
next kind; any other answer (a profile, 409 several matches, an error) ends the search. When
every kind gave 404, the error says which kinds were asked, never the value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pos_profile import errors
from pos_profile.i18n import ERRORS, LOOKUP_KIND, N_, Message
from pos_profile.lookup import Lookup

__all__ = ["first_found", "not_found_by"]

T = TypeVar("T")

_NOT_FOUND_BY = {
    1: N_(
        ERRORS,
        "No member found by {first}. Ask for the member card, or search by e-mail or phone number.",
    ),
    2: N_(
        ERRORS,
        "No member found by {first} or {second}. "
        "Ask for the member card, or search by e-mail or phone number.",
    ),
    3: N_(
        ERRORS,
        "No member found by {first}, {second} or {third}. "
        "Ask for the member card, or search by e-mail or phone number.",
    ),
}
_FIELD_NAMES = ("first", "second", "third")


def not_found_by(lookups: Sequence[Lookup]) -> errors.ContactNotFoundError:
    """The 404 after every kind in ``lookups`` was asked: it names the kinds."""
    kinds = list(dict.fromkeys(lookup.kind for lookup in lookups))[:3]
    if not kinds:
        return errors.ContactNotFoundError()
    fields = {
        name: Message(kind.label, context=LOOKUP_KIND)
        for name, kind in zip(_FIELD_NAMES, kinds, strict=False)
    }
    return errors.ContactNotFoundError(
        Message(_NOT_FOUND_BY[len(kinds)], fields), status=404, error_code="ContactNotFound"
    )


def first_found(fetch: Callable[[Lookup], T], lookups: Sequence[Lookup]) -> tuple[Lookup, T]:
    """``(lookup, fetch(lookup))`` for the first of ``lookups`` that is not a 404.

    Raises what ``fetch`` raises, except 404: then the next lookup is asked, and after the
    last one a ``ContactNotFoundError`` naming every kind asked (:func:`not_found_by`).
    """
    if not lookups:
        raise ValueError("first_found needs at least one lookup")
    for lookup in lookups:
        try:
            return lookup, fetch(lookup)
        except errors.ContactNotFoundError:
            continue
    raise not_found_by(lookups)
