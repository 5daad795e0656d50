"""The points line: the balance, pending points and expiry of the point accounts to show."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_profile.presentation.dates import aware, date_text, expiry_of
from pos_profile.presentation.options import PanelOptions, Translator, identity
from pos_profile.presentation.text import clean, finite, format_number, points_text

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models


@dataclass(frozen=True)
class PointsLine:
    """One point account: ``label`` names it when several are shown."""

    label: str | None  # "Bonus" / "Points definition 2"; None when it is the only one
    balance: str  # "1 240 points"
    pending: str | None
    expiry: str | None
    expiring_soon: bool

    @property
    def text(self) -> str:
        body = " · ".join(p for p in (self.balance, self.pending, self.expiry) if p)
        return f"{self.label}: {body}" if self.label else body


@dataclass(frozen=True)
class PointsView:
    """The points of the panel. ``balance``/``pending``/``expiry`` are those of the first
    account shown; ``lines`` has every account shown (more than one only when the answer
    marks no default and no ``point_definition_id`` is configured)."""

    balance: str  # "1 240 points" or "No points account"
    pending: str | None  # "150 pending"
    expiry: str | None  # "1 240 points expire on 2026-12-31" / "… expire in 3 days"
    expiring_soon: bool
    lines: tuple[PointsLine, ...] = ()
    more: str | None = None  # "2 more point accounts" when some were left out

    @property
    def text(self) -> str:
        if len(self.lines) > 1:
            parts = [line.text for line in self.lines]
            return "; ".join([*parts, self.more] if self.more else parts)
        return " · ".join(p for p in (self.balance, self.pending, self.expiry) if p)


MAX_POINT_ACCOUNTS = 4
"""Most point accounts listed on the panel; the rest are counted."""


def present_points(
    accounts: models.PointAccounts,
    *,
    now: dt.datetime,
    options: PanelOptions | None = None,
    tr: Translator = identity,
) -> PointsView:
    """The points to show, as display text.

    * ``options.point_definition_id`` set: that definition's account only, or "No points
      account for the configured definition" when the answer has none of it;
    * otherwise the account the answer marks as the default (``isDefault``, else
      definition 1: :meth:`~pos_profile.engage.models.PointAccounts.default_account`);
    * otherwise every account, each labelled with its name, else its definition id.
    """
    options = options or PanelOptions()
    now = aware(now)
    configured = (options.point_definition_id or "").strip() or None
    shown = accounts.accounts_to_show(configured)
    if configured is not None and not shown:
        return PointsView(
            tr("No points account for the configured definition"), None, None, expiring_soon=False
        )
    pairs = [(a, line) for a in shown if (line := _points_line(a, now, options, tr))]
    if not pairs:
        return PointsView(tr("No points account"), None, None, expiring_soon=False)
    lines = [line for _, line in pairs]
    more: str | None = None
    if len(pairs) > 1:
        lines = [
            dataclasses.replace(line, label=_account_label(account, index, tr))
            for index, (account, line) in enumerate(pairs, start=1)
        ]
        left_out = len(lines) - MAX_POINT_ACCOUNTS
        if left_out == 1:
            more = tr("1 more point account")
        elif left_out > 1:
            more = tr("{n} more point accounts").format(n=left_out)
        lines = lines[:MAX_POINT_ACCOUNTS]
    first = lines[0]
    return PointsView(
        first.balance,
        first.pending,
        first.expiry,
        expiring_soon=any(line.expiring_soon for line in lines),
        lines=tuple(lines),
        more=more,
    )


def _account_label(account: models.PointAccount, index: int, tr: Translator) -> str:
    name = clean(account.label or "", 60)
    if name:
        return name
    definition = clean(account.definition_id or "", 40)
    if definition:
        return tr("Points definition {id}").format(id=definition)
    return tr("Points account {n}").format(n=index)


def _points_line(
    account: models.PointAccount, now: dt.datetime, options: PanelOptions, tr: Translator
) -> PointsLine | None:
    """One account's balance, pending points and expiry; None without a usable balance."""
    balance = finite(account.balance)
    if balance is None:
        return None
    pending_value = finite(account.pending_points)
    pending = (
        tr("{points} pending").format(points=format_number(pending_value))
        if pending_value
        else None
    )
    expiry_text, soon = None, False
    balance_text = points_text(balance, tr)
    if account.balance_expires is not None and balance > 0:
        # The balance is what expires (balanceExpires): say how many points, and when.
        expiry = expiry_of(account.balance_expires, now, options, tr)
        day = date_text(account.balance_expires, now)
        days = expiry.days_left
        soon = expiry.soon and days is not None and days >= 0
        if not soon or days is None:
            expiry_text = (
                tr("{points} expire on {date}").format(points=balance_text, date=day)
                if day
                else None
            )
        elif days == 0:
            expiry_text = tr("{points} expire today").format(points=balance_text)
        elif days == 1:
            expiry_text = tr("{points} expire tomorrow").format(points=balance_text)
        else:
            expiry_text = tr("{points} expire in {n} days").format(points=balance_text, n=days)
    return PointsLine(None, balance_text, pending, expiry_text, expiring_soon=soon)
