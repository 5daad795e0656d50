"""The sandbox's demo data set: invented contacts under ``resources/sandbox/``.

``index.json`` names every contact file (a contactoverview payload exactly as Engage
returns it), its point-account file (a list of accounts, or none) and what it demonstrates.
The files are written as they look at ``referenceNow`` (2026-11-25T12:00+01:00, the frozen
clock of the test fixtures). At serve time every time stamp is moved by whole days so that
the demo looks the same on any day: a voucher that expires "in 3 days" keeps doing so.
Birth dates do not move; ``age`` is recomputed from ``birthDay`` instead.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from pos_profile.paths import resource

JSONObject = dict[str, Any]

#: Keys whose values are time stamps relative to "now" (moved at serve time).
RELATIVE_DATE_KEYS = frozenset(
    {
        "expiresOn",
        "redeemedOn",
        "expires",
        "balanceExpires",
        "registrationDate",
        "createdOn",
        "modifiedOn",
        "date",
        "validFrom",
        "validTo",
    }
)

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _stockholm() -> tzinfo | None:
    """The demo tenant's time zone, when the platform has the tz database."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Stockholm")
    except Exception:  # no tz database (Windows without tzdata): keep fixed offsets
        return None


_LOCAL_ZONE = _stockholm()


@dataclass(frozen=True)
class DemoContact:
    """One contact of the demo data set, as stored (dates at the reference "now")."""

    slug: str
    contact_id: str
    contact_type: str  # as Engage spells it in meta.contactType: "Member" / "Contact"
    member_number: str | None
    external_id: str | None
    email: str | None
    mobile_phone: str | None
    social_security_number: str | None
    description: str
    overview: JSONObject
    point_accounts: tuple[JSONObject, ...]
    has_point_accounts: bool


@dataclass(frozen=True)
class DemoDataSet:
    """Every demo contact plus the tenant's contact types and the data's reference time."""

    reference_now: datetime
    contact_types: tuple[str, ...]
    contacts: tuple[DemoContact, ...]

    def by_id(self, contact_id: str) -> DemoContact | None:
        wanted = contact_id.strip().lower()
        return next((c for c in self.contacts if c.contact_id.lower() == wanted), None)

    def canonical_contact_type(self, requested: str) -> str | None:
        """The tenant's spelling of a contact type, matched case-insensitively."""
        wanted = requested.strip().lower()
        return next((t for t in self.contact_types if t.lower() == wanted), None)


def sandbox_dir() -> Path:
    """``resources/sandbox`` in a checkout, a wheel or a frozen bundle."""
    return resource("sandbox")


def load_data_set(directory: Path | None = None) -> DemoDataSet:
    """Read ``index.json`` and every file it names."""
    root = directory or sandbox_dir()
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    contacts: list[DemoContact] = []
    for entry in index["contacts"]:
        overview: JSONObject = json.loads((root / entry["file"]).read_text(encoding="utf-8"))
        accounts_file = entry.get("pointAccounts")
        accounts: list[JSONObject] = (
            json.loads((root / accounts_file).read_text(encoding="utf-8")) if accounts_file else []
        )
        attributes: JSONObject = overview.get("attributes") or {}
        meta: JSONObject = overview.get("meta") or {}
        contacts.append(
            DemoContact(
                slug=Path(entry["file"]).stem,
                contact_id=overview["id"],
                contact_type=meta.get("contactType") or "Contact",
                member_number=attributes.get("memberNumber"),
                external_id=attributes.get("externalId"),
                email=attributes.get("email"),
                mobile_phone=attributes.get("mobilePhone"),
                social_security_number=attributes.get("socialSecurityNumber"),
                description=entry["demonstrates"],
                overview=overview,
                point_accounts=tuple(accounts),
                has_point_accounts=bool(accounts_file),
            )
        )
    return DemoDataSet(
        reference_now=datetime.fromisoformat(index["referenceNow"]),
        contact_types=tuple(index["contactTypes"]),
        contacts=tuple(contacts),
    )


@functools.cache
def default_data_set() -> DemoDataSet:
    """The bundled demo data set, read once."""
    return load_data_set()


# --------------------------------------------------------------------------- dates


def day_shift(reference_now: datetime, now: datetime) -> timedelta:
    """Whole days between the data's reference day and today (in the demo tenant's zone)."""
    zone = _LOCAL_ZONE or reference_now.tzinfo
    today = now.astimezone(zone).date()
    return timedelta(days=(today - reference_now.date()).days)


def shift_timestamp(value: str, shift: timedelta) -> str:
    """Move one ISO time stamp by ``shift``, keeping its local wall-clock time.

    A Stockholm time stamp (``+01:00`` in winter, ``+02:00`` in summer) gets the offset
    that is right for its new date, so "23:59:59 local" stays end of day across DST.
    """
    if not shift or not _ISO_DATETIME.match(value):
        return value
    original = datetime.fromisoformat(value.replace("Z", "+00:00"))
    moved = original + shift  # same fixed offset, same wall-clock time
    if (
        _LOCAL_ZONE is not None
        and original.utcoffset() == original.astimezone(_LOCAL_ZONE).utcoffset()
    ):
        moved = moved.replace(tzinfo=None).replace(tzinfo=_LOCAL_ZONE)
    text = moved.isoformat()
    return text[:-6] + "Z" if value.endswith("Z") and text.endswith("+00:00") else text


def _shift_tree(node: Any, shift: timedelta) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                shift_timestamp(value, shift)
                if key in RELATIVE_DATE_KEYS and isinstance(value, str)
                else _shift_tree(value, shift)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_shift_tree(item, shift) for item in node]
    return node


def _age_on(birth_day: date, today: date) -> int:
    before_birthday = (today.month, today.day) < (birth_day.month, birth_day.day)
    return today.year - birth_day.year - int(before_birthday)


def overview_at(contact: DemoContact, reference_now: datetime, now: datetime) -> JSONObject:
    """The contact's contactoverview payload as it looks at ``now``."""
    payload: JSONObject = _shift_tree(
        copy.deepcopy(contact.overview), day_shift(reference_now, now)
    )
    attributes = payload.get("attributes")
    if isinstance(attributes, dict) and attributes.get("age") is not None:
        birth = attributes.get("birthDay")
        if isinstance(birth, str):
            with contextlib.suppress(ValueError):
                attributes["age"] = _age_on(
                    date.fromisoformat(birth), now.astimezone(reference_now.tzinfo).date()
                )
    return payload


def point_accounts_at(
    contact: DemoContact, reference_now: datetime, now: datetime
) -> list[JSONObject]:
    """The contact's point accounts as they look at ``now``."""
    shift = day_shift(reference_now, now)
    return [_shift_tree(copy.deepcopy(dict(account)), shift) for account in contact.point_accounts]


# --------------------------------------------------------------------------- public listing


@dataclass(frozen=True)
class DemoContactInfo:
    """What a trainer or a test needs to find a demo contact."""

    member_number: str | None
    email: str | None
    description: str
    contact_id: str
    contact_type: str
    mobile_phone: str | None
    social_security_number: str | None
    slug: str


def demo_contacts(data: DemoDataSet | None = None) -> list[DemoContactInfo]:
    """Every demo contact: member number, e-mail, what it demonstrates, and its other keys."""
    data_set = data or default_data_set()
    return [
        DemoContactInfo(
            member_number=c.member_number,
            email=c.email,
            description=c.description,
            contact_id=c.contact_id,
            contact_type=c.contact_type,
            mobile_phone=c.mobile_phone,
            social_security_number=c.social_security_number,
            slug=c.slug,
        )
        for c in data_set.contacts
    ]
