"""What ``pos-profile lookup`` prints: the plain-text profile, or with ``--json`` the payload.

The same display rules as the window (pos_profile.presentation) in both: personal numbers
masked exactly as on the panel, protected identities without name, address, personal
number, birth date, e-mail or phone; the text also has vouchers sorted by expiry. Both say
which kind of identifier found the customer ("Found by member number").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pos_profile import presentation
from pos_profile.engage import models

if TYPE_CHECKING:
    from pos_profile.lookup import Lookup
    from pos_profile.settings import Settings

PROTECTED_ATTRIBUTES = (
    "firstName",
    "lastName",
    "street",
    "zipCode",
    "city",
    "careOf",
    "email",
    "mobilePhone",
    "socialSecurityNumber",
    "birthDay",
    "age",
    "gender",
    "children",
)
"""Attributes ``--json`` leaves out for a protected identity (the panel shows none of them)."""


def found_by_line(found_by: Lookup) -> str:
    return f"Found by {found_by.kind.label}"


def json_document(
    overview: models.ContactOverview,
    points: models.PointAccounts | None,
    points_error: str | None,
    *,
    found_by: Lookup | None = None,
) -> dict[str, Any]:
    """``lookup --json``: the parsed profile with the panel's privacy rules applied."""
    contact: dict[str, Any] = overview.model_dump(mode="json", by_alias=True)
    attributes: dict[str, Any] = contact.get("attributes") or {}
    if overview.attributes.secrecy_marked is True:
        for key in PROTECTED_ATTRIBUTES:
            attributes.pop(key, None)
    elif attributes.get("socialSecurityNumber"):
        attributes["socialSecurityNumber"] = presentation.mask_personal_number(
            overview.attributes.social_security_number
        )
    return {
        "foundBy": found_by.kind.value if found_by is not None else None,
        "contact": contact,
        "points": points.model_dump(mode="json", by_alias=True) if points is not None else None,
        "pointsError": points_error,
    }


def points_lines(
    points: models.PointAccounts | None,
    points_error: str | None,
    *,
    now: dt.datetime,
    options: presentation.PanelOptions,
) -> list[str]:
    """The points part of the report: one line, or one per account when several are shown;
    a failed points request reads "Points unavailable: <reason>" as on the panel."""
    if points is None:
        return [f"Points unavailable: {points_error}"] if points_error else []
    view = presentation.present_points(points, now=now, options=options)
    if len(view.lines) <= 1:
        return [f"Points: {view.text}"]
    return (
        ["Points:"]
        + [f"  - {line.text}" for line in view.lines]
        + ([f"  {view.more}"] if view.more else [])
    )


def render_text(
    overview: models.ContactOverview,
    points: models.PointAccounts | None,
    points_error: str | None,
    *,
    settings: Settings,
    now: dt.datetime | None = None,
    found_by: Lookup | None = None,
) -> str:
    now = now or dt.datetime.now().astimezone()
    options = presentation.PanelOptions.from_settings(settings)
    view = presentation.present_profile(overview, now=now, options=options)
    lines = [view.header.title]
    if found_by is not None:
        lines.append(f"  {found_by_line(found_by)}")
    lines += [f"  {fact.label}: {fact.value}" for fact in view.header.facts]
    lines += [f"  {fact.label}: {fact.value}" for fact in view.header.contact_facts]
    if view.tier is not None:
        lines.append(f"Tier: {view.tier.name}" + (f" ({view.tier.text})" if view.tier.text else ""))
    lines += points_lines(points, points_error, now=now, options=options)
    for warning in view.warnings:
        lines.append(f"⚠ {warning.action}")
    lines.append(
        f"Vouchers: {view.voucher_total.count} usable, total {view.voucher_total.text}"
        + (f" ({view.voucher_total.note})" if view.voucher_total.note else "")
    )
    lines += [("  ⚠ " if row.expiry.soon else "  - ") + row.summary for row in view.vouchers]
    lines.append(f"Promotions: {len(view.promotions)}")
    lines += [("  ⚠ " if row.expiry.soon else "  - ") + row.summary for row in view.promotions]
    if view.audiences:
        lines.append("Audiences: " + ", ".join(view.audiences))
    if view.preferences:
        lines.append("Accepts: " + ", ".join(f"{r.label} {r.value_text}" for r in view.preferences))
    return "\n".join(lines)
