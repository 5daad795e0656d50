"""The panel's header (name or "Protected identity", member number, masked personal number,
age, contact details) and the tier line.

A secrecy-marked contact (protected identity) yields no name, address, personal number,
e-mail, phone or age.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_profile.presentation.dates import date_text
from pos_profile.presentation.text import clean, finite, humanise, points_text

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models
    from pos_profile.presentation.options import Translator


@dataclass(frozen=True)
class Fact:
    """One labelled value in the header, e.g. ``("Member no.", "7001234567")``."""

    label: str
    value: str
    labelled: bool = True  # False: the value speaks for itself ("Member", "40 years")

    @property
    def text(self) -> str:
        return f"{self.label} {self.value}" if self.labelled else self.value


@dataclass(frozen=True)
class Header:
    title: str
    protected: bool
    member_number: str | None = None
    contact_type: str | None = None
    store: str | None = None
    personal_number: str | None = None  # always masked
    age: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    facts: tuple[Fact, ...] = ()  # member number, type, store, personal number, age
    contact_facts: tuple[Fact, ...] = ()  # e-mail, phone, address (never when protected)


@dataclass(frozen=True)
class TierView:
    name: str
    based_on: str | None  # "2 480 points"
    remaining: str | None  # "520 points to the next tier"
    expires: str | None  # "Valid until 2027-03-31"

    @property
    def text(self) -> str:
        return " · ".join(p for p in (self.based_on, self.remaining, self.expires) if p)


# --------------------------------------------------------------------------- personal number

_SE_12 = re.compile(r"^(\d{8})[-+]?(\d{4})$")
_SE_10 = re.compile(r"^(\d{6})([-+]?)(\d{4})$")
_HETU = re.compile(r"^(\d{6})([-+ABCDEFUVWXY])(\d{3}[0-9A-Z])$", re.IGNORECASE)


def mask_personal_number(value: str | None) -> str | None:
    """``198604122385`` -> ``19860412-****``; ``860412+2385`` -> ``860412+****``;
    ``010594Y9032`` -> ``010594Y****``. Anything unrecognised is hidden entirely."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "")
    if match := _SE_12.match(text):
        return f"{match.group(1)}-****"
    if match := _SE_10.match(text):
        return f"{match.group(1)}{match.group(2) or '-'}****"
    if match := _HETU.match(text):
        return f"{match.group(1)}{match.group(2).upper()}****"
    return "****"


# --------------------------------------------------------------------------- header & tier


def _age(attributes: models.Attributes, now: dt.datetime) -> int | None:
    age = attributes.age
    if isinstance(age, int) and 0 <= age < 130:
        return age
    born = attributes.birth_day
    if born is None:
        return None
    today = now.date()
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return years if 0 <= years < 130 else None


def _contact_type_text(value: str | None, tr: Translator) -> str | None:
    """The payload's contact type in the shown language ("Member" -> "Medlem")."""
    known = {"member": tr("Member"), "contact": tr("Contact")}
    text = (value or "").strip()
    return known.get(text.lower()) or humanise(text) or None


def present_header(overview: models.ContactOverview, now: dt.datetime, tr: Translator) -> Header:
    attrs, meta = overview.attributes, overview.meta
    protected = attrs.secrecy_marked is True
    member_number = clean(attrs.member_number, 40) or None
    contact_type = _contact_type_text(meta.contact_type, tr)
    store = None
    if attrs.current_store is not None:
        store = clean(attrs.current_store.name, 80) or None

    facts: list[Fact] = []
    if member_number:
        facts.append(Fact(tr("Member no."), member_number))
    if contact_type:
        facts.append(Fact(tr("Type"), contact_type, labelled=False))
    if store:
        facts.append(Fact(tr("Store"), store))

    if protected:
        return Header(
            title=tr("Protected identity"),
            protected=True,
            member_number=member_number,
            contact_type=contact_type,
            store=store,
            facts=tuple(facts),
        )

    personal_number = mask_personal_number(attrs.social_security_number)
    age_years = _age(attrs, now)
    age = tr("{n} years").format(n=age_years) if age_years is not None else None
    if personal_number:
        facts.append(Fact(tr("Personal no."), personal_number))
    if age:
        facts.append(Fact(tr("Age"), age, labelled=False))

    email = clean(attrs.email, 120) or None
    phone = clean(attrs.mobile_phone, 40) or None
    city_line = " ".join(p for p in (clean(attrs.zip_code, 20), clean(attrs.city, 60)) if p)
    address_parts = [clean(attrs.care_of, 80), clean(attrs.street, 120), city_line]
    address = ", ".join(p for p in address_parts if p) or None
    contact_facts = [
        Fact(label, value)
        for label, value in (
            (tr("E-mail"), email),
            (tr("Mobile"), phone),
            (tr("Address"), address),
        )
        if value
    ]
    name = clean(attrs.full_name, 120)
    return Header(
        title=name or tr("No name on file"),
        protected=False,
        member_number=member_number,
        contact_type=contact_type,
        store=store,
        personal_number=personal_number,
        age=age,
        email=email,
        phone=phone,
        address=address,
        facts=tuple(facts),
        contact_facts=tuple(contact_facts),
    )


def present_tier(tier: models.Tier | None, now: dt.datetime, tr: Translator) -> TierView | None:
    if tier is None:
        return None
    name = clean(tier.tier_name, 60) or clean(tier.tier_id, 60)
    based = finite(tier.based_on_points)
    remaining = finite(tier.remaining_to_upgrade)
    if not name and based is None:
        return None
    expires = date_text(tier.expires, now)
    return TierView(
        name=name or tr("Tier"),
        based_on=(
            tr("based on {points}").format(points=points_text(based, tr))
            if based is not None
            else None
        ),
        remaining=(
            tr("{points} to the next tier").format(points=points_text(remaining, tr))
            if remaining is not None and remaining > 0
            else None
        ),
        expires=tr("valid until {date}").format(date=expires) if expires else None,
    )
