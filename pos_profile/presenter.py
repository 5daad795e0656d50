"""ProfilePresenter: the one straight path from Engage's answer to what the panel lays out.

The lookup controller runs it on the worker thread right after each answer — the profile
and the points alike — so the GUI thread only lays out the result. It is pure Python: the
options (``[display]``/``[engage]`` settings), a clock and a translator for the display
templates are given to it when ``app.build`` makes it; it never touches a widget.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from pos_profile import presentation

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models

Clock = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _untranslated(text: str) -> str:
    return text


@dataclasses.dataclass(frozen=True)
class PresentedProfile:
    """A profile as the panel shows it, and the moment its dates were judged against."""

    overview: models.ContactOverview
    shown: presentation.ProfilePresentation
    now: dt.datetime


@dataclasses.dataclass(frozen=True)
class PresentedPoints:
    """The point accounts as Engage sent them, and as the panel shows them."""

    accounts: models.PointAccounts
    shown: presentation.PointsView


@dataclasses.dataclass(frozen=True)
class ProfilePresenter:
    """Turns Engage's answers into display models (thread-safe: immutable)."""

    options: presentation.PanelOptions = dataclasses.field(
        default_factory=presentation.PanelOptions
    )
    clock: Clock = local_now
    tr: presentation.Translator = _untranslated

    def profile(self, overview: models.ContactOverview) -> PresentedProfile:
        now = self.clock()
        shown = presentation.present_profile(overview, now=now, options=self.options, tr=self.tr)
        return PresentedProfile(overview, shown, now)

    def points(
        self, accounts: models.PointAccounts, *, now: dt.datetime | None = None
    ) -> PresentedPoints:
        """The points to show; ``now``: the profile's moment, so both agree on expiry."""
        shown = presentation.present_points(
            accounts, now=now or self.clock(), options=self.options, tr=self.tr
        )
        return PresentedPoints(accounts, shown)

    def candidate(self, overview: models.ContactOverview) -> presentation.CandidateRow:
        """One row of the several-matches list (no personal data beyond what it needs)."""
        return presentation.present_candidate(overview, self.tr)

    def with_options(self, options: presentation.PanelOptions) -> ProfilePresenter:
        return dataclasses.replace(self, options=options)


__all__ = ["PresentedPoints", "PresentedProfile", "ProfilePresenter", "local_now"]
