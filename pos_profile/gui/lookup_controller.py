"""LookupController: one lookup at a time, from "looking up" to a profile or a clear message.

It runs ``EngageClient.contact_overview`` and then ``point_accounts`` through the
TaskRunner (newest lookup wins), guards each with a watchdog so a server that trickles
bytes forever still ends in "offline", and tells the window what to show through signals.
It never touches a widget.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from pos_profile import errors
from pos_profile.gui import status_view
from pos_profile.gui.runner import TaskRunner

if TYPE_CHECKING:
    from pos_profile.engage.client import EngageClient
    from pos_profile.engage.identifiers import Lookup

log = logging.getLogger(__name__)

LOOKUP = "lookup"
POINTS = "points"


class LookupController(QObject):
    """Runs lookups for the window.

    Signals:
        status_changed(Status): show this message instead of a profile.
        profile_prepared(ContactOverview, prepared): a profile arrived, with what the
            preparer computed for it on the worker (None without a preparer).
        profile_ready(ContactOverview): show this profile (emitted right after).
        points_loading(): the points request started.
        points_ready(PointAccounts): the points arrived for the profile on screen.
        points_failed(str): the points could not be fetched (the profile stays).
    """

    status_changed = Signal(object)
    profile_prepared = Signal(object, object)
    profile_ready = Signal(object)
    points_loading = Signal()
    points_ready = Signal(object)
    points_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        watchdog_seconds: float = 15.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._client: EngageClient | None = None
        self._problem: errors.PosProfileError | None = errors.ConfigurationError(
            "pos-profile is still starting."
        )
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog_timeout)
        self._watchdog_ms = int(watchdog_seconds * 1000)
        self._started = 0.0
        self._prepare: Callable[[Any], Any] | None = None
        self._generation = 0  # bumped by every lookup and cancel
        self._current: tuple[Lookup, str | None, EngageClient] | None = None
        """The lookup in flight and the client asked, to ask again if that client closes."""

    # ------------------------------------------------------------------ setup

    @property
    def client(self) -> EngageClient | None:
        return self._client

    def set_client(self, client: EngageClient) -> None:
        self._client = client
        self._problem = None

    def set_preparer(self, prepare: Callable[[Any], Any] | None) -> None:
        """Work to do on the worker right after a profile arrives (e.g. the panel's display
        model), so the GUI thread only lays out the result. Must not touch widgets."""
        self._prepare = prepare

    def set_problem(self, problem: errors.PosProfileError) -> None:
        """The app cannot look anything up (not configured, keyring broken, ...)."""
        self._client = None
        self._problem = problem

    @property
    def problem(self) -> errors.PosProfileError | None:
        return self._problem

    def is_busy(self) -> bool:
        return self._runner.is_busy(LOOKUP)

    # ------------------------------------------------------------------ actions

    def lookup(self, lookup: Lookup, contact_type: str | None = None) -> None:
        """Start a lookup; any lookup still running is superseded."""
        self._generation += 1
        self._runner.cancel(POINTS)
        self.status_changed.emit(status_view.looking_up_status(lookup.kind.label))
        if self._client is None:
            self._runner.cancel(LOOKUP)
            self._watchdog.stop()
            problem = self._problem or errors.ConfigurationError()
            self.status_changed.emit(status_view.status_for_error(problem))
            return
        self._started = time.monotonic()
        self._current = (lookup, contact_type, self._client)
        fetch = self._client.contact_overview
        prepare = self._prepare

        def fetch_and_prepare() -> tuple[Any, Any]:
            overview = fetch(lookup, contact_type)
            return overview, (prepare(overview) if prepare is not None else None)

        self._runner.submit(
            LOOKUP,
            fetch_and_prepare,
            on_success=self._on_profile,
            on_failure=self._on_lookup_failed,
        )
        self._watchdog.start(self._watchdog_ms)

    def show_error(self, exc: BaseException) -> None:
        """Show a problem that did not come from a lookup (a rejected scan, bad input)."""
        self.cancel()
        self.status_changed.emit(status_view.status_for_error(exc))

    def cancel(self) -> None:
        self._generation += 1
        self._runner.cancel(LOOKUP)
        self._runner.cancel(POINTS)
        self._watchdog.stop()

    # ------------------------------------------------------------------ results

    def _on_profile(self, result: Any) -> None:
        overview, prepared = result
        self._watchdog.stop()
        log.info("profile shown %.1f ms after the lookup started",
                 (time.monotonic() - self._started) * 1000)
        self.profile_prepared.emit(overview, prepared)
        self.profile_ready.emit(overview)
        contact_id = getattr(overview, "id", None)
        if contact_id and self._client is not None:
            self.points_loading.emit()
            # Ask for the points once the profile has been painted: the second request
            # would otherwise compete with that paint for the GIL.
            generation = self._generation
            QTimer.singleShot(0, lambda: self._fetch_points(generation, contact_id))
        else:
            self.points_ready.emit(_no_point_accounts())

    def _fetch_points(self, generation: int, contact_id: str) -> None:
        if generation != self._generation or self._client is None:
            return  # another lookup (or Esc) came first
        asked = self._client

        def failed(exc: BaseException) -> None:
            renewed = self._client is not None and self._client is not asked
            if isinstance(exc, errors.RequestCancelledError) and renewed:
                log.info("points cancelled by a new connection; asking it again")
                self._fetch_points(generation, contact_id)
            else:
                self._on_points_failed(exc)

        self._runner.submit(
            POINTS,
            asked.point_accounts,
            contact_id,
            on_success=self.points_ready.emit,
            on_failure=failed,
        )

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self._watchdog.stop()
        if isinstance(exc, errors.RequestCancelledError) and self._current is not None:
            lookup, contact_type, asked = self._current
            if self._client is not None and self._client is not asked:
                # The connection was renewed (setup saved) under this lookup: ask the new
                # one. A GET, so asking again cannot do anything twice.
                log.info("lookup cancelled by a new connection; asking it again")
                self.lookup(lookup, contact_type)
                return
        if not isinstance(exc, errors.PosProfileError):
            log.error("lookup crashed", exc_info=(type(exc), exc, exc.__traceback__))
        else:
            log.info("lookup failed: %s", type(exc).__name__)
        self.status_changed.emit(status_view.status_for_error(exc))

    def _on_points_failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.ContactNotFoundError):
            self.points_ready.emit(_no_point_accounts())  # the panel says "No points account"
        elif isinstance(exc, errors.PosProfileError):
            self.points_failed.emit(exc.message)  # the panel adds "Points unavailable:"
        else:
            log.error("points crashed", exc_info=(type(exc), exc, exc.__traceback__))
            self.points_failed.emit("")

    def _on_watchdog_timeout(self) -> None:
        if not self._runner.is_busy(LOOKUP):
            return
        log.warning("lookup watchdog fired after %d ms", self._watchdog_ms)
        self._runner.cancel(LOOKUP)
        self.status_changed.emit(status_view.status_for_error(errors.RequestTimeoutError()))


def _no_point_accounts() -> object:
    from pos_profile.engage.models import PointAccounts

    return PointAccounts()
