"""Dates on the panel: ISO (``2027-01-30``, the Swedish convention) in ``now``'s time zone.

"Expires in N days" counts calendar days in that zone. ``now`` is always passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pos_profile.presentation.options import PanelOptions, Translator


@dataclass(frozen=True)
class Expiry:
    text: str  # "Expires in 3 days", "Expires 2027-01-30", "No expiry date", "Expired 2026-10-31"
    soon: bool  # within the warning window (flag it with an icon AND this text)
    days_left: int | None  # calendar days, None without an expiry date


def local_date(moment: dt.datetime, now: dt.datetime) -> dt.date | None:
    try:
        return moment.astimezone(now.tzinfo).date()
    except (OverflowError, ValueError, OSError):
        return None


def aware(now: dt.datetime) -> dt.datetime:
    return now if now.tzinfo is not None else now.astimezone()


def is_past(moment: dt.datetime | None, now: dt.datetime) -> bool:
    if moment is None:
        return False
    try:
        return moment < now
    except (OverflowError, TypeError):
        return False


def date_text(moment: dt.datetime | None, now: dt.datetime) -> str | None:
    if moment is None:
        return None
    day = local_date(moment, now)
    return day.isoformat() if day else None


def expiry_of(
    moment: dt.datetime | None, now: dt.datetime, options: PanelOptions, tr: Translator
) -> Expiry:
    if moment is None:
        return Expiry(tr("No expiry date"), soon=False, days_left=None)
    day = local_date(moment, now)
    if day is None:
        return Expiry(tr("No expiry date"), soon=False, days_left=None)
    days = (day - now.date()).days
    if is_past(moment, now):
        return Expiry(tr("Expired {date}").format(date=day.isoformat()), False, days)
    soon = days <= max(options.expiry_warning_days, 0)
    if days <= 0:
        text = tr("Expires today")
    elif days == 1:
        text = tr("Expires tomorrow")
    elif soon:
        text = tr("Expires in {n} days").format(n=days)
    else:
        text = tr("Expires {date}").format(date=day.isoformat())
    return Expiry(text, soon=soon, days_left=days)
