"""Engage query building: the contactoverview query parameters for a :class:`Lookup`."""

from __future__ import annotations

from pos_profile.errors import ConfigurationError
from pos_profile.i18n import ERRORS, N_
from pos_profile.lookup import Lookup, LookupKind

__all__ = ["query_params"]


def query_params(lookup: Lookup, contact_type: str) -> dict[str, str]:
    """The contactoverview query parameters for ``lookup`` (not yet URL-encoded).

    ``contactType`` goes with every identifier but ``contactId`` (pos_profile/docs/engage-api.md).
    Pass the dict as ``params=`` to httpx, which encodes ``+`` as ``%2B`` and ``@`` as ``%40``.
    """
    if lookup.kind is LookupKind.CONTACT_ID:
        return {lookup.kind.value: lookup.value}
    contact_type = contact_type.strip()
    if not contact_type:
        raise ConfigurationError(
            N_(ERRORS, "No contact type is configured. Ask store IT to set engage.contact_type.")
        )
    return {"contactType": contact_type, lookup.kind.value: lookup.value}
