"""One row of the "several members match" list: what tells the matches apart, nothing more.

When Engage answers 409, the window fetches each match by contact id and shows a short row
per match, so the cashier can ask "are you Per H. of Göteborg?" without reading a stranger's
details aloud: first name and the initial of the last name, member number, home store, and
the e-mail and mobile masked (:mod:`pos_profile.masking`). A secrecy-marked contact
(protected identity) shows "Protected identity", its member number and store only, as the
panel does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_profile import masking
from pos_profile.presentation.text import clean

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models
    from pos_profile.presentation.options import Translator


def _untranslated(text: str) -> str:
    return text


@dataclass(frozen=True)
class CandidateRow:
    """One match: its contact id (to fetch the profile when picked) and the display lines."""

    contact_id: str
    title: str  # "Per H." or "Protected identity"
    protected: bool
    details: tuple[str, ...]  # "Member no. 7003301184", "Store Göteborg", "p***@example.com"

    @property
    def text(self) -> str:
        return " · ".join((self.title, *self.details))


def _short_name(first: str, last: str) -> str:
    initial = f"{last[0]}." if last else ""
    return " ".join(part for part in (first, initial) if part)


def present_candidate(
    overview: models.ContactOverview, tr: Translator = _untranslated
) -> CandidateRow:
    attrs = overview.attributes
    protected = attrs.secrecy_marked is True
    member_number = clean(attrs.member_number, 40)
    store = clean(attrs.current_store.name, 80) if attrs.current_store is not None else ""
    details = []
    if member_number:
        details.append(tr("Member no. {number}").format(number=member_number))
    if store:
        details.append(tr("Store {store}").format(store=store))
    contact_id = overview.id or ""
    if protected:
        return CandidateRow(contact_id, tr("Protected identity"), True, tuple(details))
    email = clean(attrs.email, 120)
    phone = clean(attrs.mobile_phone, 40)
    if email:
        details.append(masking.mask_email(email))
    if phone:
        details.append(masking.mask_phone(phone))
    name = _short_name(clean(attrs.first_name, 60), clean(attrs.last_name, 60))
    return CandidateRow(contact_id, name or tr("No name on file"), False, tuple(details))
