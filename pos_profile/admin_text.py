"""Error messages reworded for the person at the command line, who is store IT.

The errors' own messages are written for the cashier's window ("Ask store IT to check the
key", "The sale can go on without it"). Whoever runs ``pos-profile lookup`` or ``credentials``
is store IT (or a script they wrote), so the command line says what to do instead, naming
the command or the setting. Qt-free and pure.
"""

from __future__ import annotations

import re

from pos_profile import errors

_ASK_STORE_IT = re.compile(r"\bAsk store IT (?:to )?(\w)")
_CASHIER_ONLY = (
    " The sale can go on without it.",
    " Ask store IT if it happens again.",
    " Store IT: open Settings (F10).",
    " (store IT)",
)


def for_store_it(exc: errors.PosProfileError) -> str:
    """``exc``'s message as store IT at the command line should read it."""
    if isinstance(exc, errors.AuthRefusedError):
        status = f" (HTTP {exc.status})" if exc.status is not None else ""
        return (
            f"Engage refused the API key{status}. Store the right key with "
            "`pos-profile credentials set` and check the IP allowlist of the API connection "
            "in Engage."
        )
    if isinstance(exc, errors.IdentifierRejectedError) and exc.error_code == "InvalidContactType":
        return (
            "Engage has no such contact type on this tenant (HTTP 400 InvalidContactType). "
            "Set [engage] contact_type, or pass --contact-type, to a type the tenant has "
            "(e.g. member)."
        )
    message = exc.message
    for phrase in _CASHIER_ONLY:
        message = message.replace(phrase, "")
    reworded = _ASK_STORE_IT.sub(lambda match: match[1].upper(), message)
    if reworded != message:  # "Ask store IT to add …, or to set …" -> "Add …, or set …"
        reworded = reworded.replace(", or to ", ", or ")
    return reworded


__all__ = ["for_store_it"]
