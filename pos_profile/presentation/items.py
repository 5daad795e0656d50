"""What reward vouchers and promotions share: usable, redeemed or expired, and their order.

Usable items sort by expiry (soonest first, none last), then name; the history (redeemed or
expired) is most recent first: the redemption date, else the expiry date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Protocol, TypeVar

from pos_profile.presentation.dates import date_text, is_past

if TYPE_CHECKING:
    from pos_profile.presentation.dates import Expiry
    from pos_profile.presentation.options import Translator


class ItemStatus(Enum):
    USABLE = "usable"
    EXPIRED = "expired"
    REDEEMED = "redeemed"


class Redeemable(Protocol):
    """A reward voucher or a promotion as Engage sends it."""

    @property
    def redeemed(self) -> bool | None: ...

    @property
    def redeemed_on(self) -> dt.datetime | None: ...

    @property
    def expires_on(self) -> dt.datetime | None: ...


class _Row(Protocol):
    @property
    def status(self) -> ItemStatus: ...


R = TypeVar("R", bound=_Row)


def item_status(
    item: Redeemable, expiry: Expiry, now: dt.datetime, tr: Translator
) -> tuple[ItemStatus, str]:
    """The status and its text: "" when usable, else "Redeemed 2026-11-13" / the expiry."""
    if item.redeemed is True:
        day = date_text(item.redeemed_on, now)
        text = tr("Redeemed {date}").format(date=day) if day else tr("Redeemed")
        return ItemStatus.REDEEMED, text
    if is_past(item.expires_on, now):
        return ItemStatus.EXPIRED, expiry.text
    return ItemStatus.USABLE, ""


def usable_and_history(
    rows: Iterable[tuple[R, Redeemable]],
    name: Callable[[R], str],
    group: Callable[[R], int] = lambda row: 0,
) -> tuple[tuple[R, ...], tuple[R, ...]]:
    """(usable rows by ``group``, expiry and ``name``; the history, most recent first)."""
    usable: list[tuple[tuple[int, int, float, str], R]] = []
    history: list[tuple[float, R]] = []
    for row, item in rows:
        if row.status is ItemStatus.USABLE:
            usable.append(((group(row), *_by_expiry(item.expires_on, name(row))), row))
        else:
            moment = item.redeemed_on if row.status is ItemStatus.REDEEMED else None
            history.append((_recent_first(moment or item.expires_on), row))
    usable.sort(key=lambda pair: pair[0])
    history.sort(key=lambda pair: pair[0])
    return tuple(row for _, row in usable), tuple(row for _, row in history)


def _by_expiry(moment: dt.datetime | None, name: str) -> tuple[int, float, str]:
    if moment is None:
        return (1, 0.0, name.casefold())
    try:
        stamp = moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return (1, 0.0, name.casefold())
    return (0, stamp, name.casefold())


def _recent_first(moment: dt.datetime | None) -> float:
    if moment is None:
        return float("inf")
    try:
        return -moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return float("inf")
