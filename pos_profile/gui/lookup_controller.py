"""LookupController: one lookup at a time, from "looking up" to a profile or a clear message.

It runs ``EngageClient.contact_overview`` and then ``point_accounts`` through the
TaskRunner (newest lookup wins), and on the same worker hands each answer to the injected
:class:`~pos_profile.presenter.ProfilePresenter`, so profile and points arrive on the GUI
thread as display models, presented the same way. A watchdog ends a lookup whose server
trickles bytes forever. It says what happened through signals carrying plain values (a
``Lookup``, an exception, a presented profile); the window decides how to word and show
them. It never touches a widget.

A typed text may be several kinds (:func:`~pos_profile.engage.identifiers.classify_all`):
the worker asks them in order and on 404 the next (:mod:`pos_profile.engage.search`);
``found_by`` says which kind found the customer. On 409 with candidate ids it fetches up to
``MAX_CANDIDATES`` of them by contact id, in parallel (one runner channel each), and hands
over one :class:`~pos_profile.presentation.CandidateRow` per match; nobody is picked.
The last lookup is kept in memory (never on disk) so ``retry`` can ask again after an
offline answer without a re-scan; ``forget`` drops it when the customer is cleared.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pos_profile import errors
from pos_profile.engage.search import first_found
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.runner import TaskRunner, call_after_paint
from pos_profile.i18n import english_only
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.presenter import PresentedPoints, PresentedProfile, ProfilePresenter

if TYPE_CHECKING:
    from pos_profile.engage.client import EngageClient
    from pos_profile.presentation import CandidateRow

log = logging.getLogger(__name__)

LOOKUP = "lookup"
POINTS = "points"
MAX_CANDIDATES = 5


def candidate_channel(index: int) -> str:
    return f"candidate-{index}"


class LookupController(QObject):
    """Runs lookups for the window.

    Signals:
        lookup_started(Lookup): a lookup was sent (the window says "looking up").
        lookup_failed(BaseException): it ended without a profile; the error says why.
        profile_ready(PresentedProfile): show this profile.
        points_loading(): the points request started.
        points_ready(PresentedPoints): the points arrived for the profile on screen.
        points_failed(str): the points could not be fetched (the profile stays).
        candidates_loading(int, int, Lookup): several match: (shown, total, searched by);
            the rows follow one by one.
        candidate_ready(int, CandidateRow): row ``index`` of the several-matches list.
        candidate_failed(int): row ``index`` could not be fetched.
    """

    lookup_started = Signal(object)
    lookup_failed = Signal(object)
    profile_ready = Signal(object)
    points_loading = Signal()
    points_ready = Signal(object)
    points_failed = Signal(str)
    candidates_loading = Signal(int, int, object)
    candidate_ready = Signal(int, object)
    candidate_failed = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        presenter: ProfilePresenter | None = None,
        watchdog_seconds: float = 15.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._presenter = presenter or ProfilePresenter(tr=presentation_translator())
        self._client: EngageClient | None = None
        self._problem: errors.PosProfileError | None = errors.ConfigurationError(
            english_only("pos-profile is still starting.")
        )
        self._starting = True
        self._pending: tuple[tuple[Lookup, ...], str | None] | None = None
        """A lookup asked for while the app was still connecting: sent once it is."""
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog_timeout)
        self._watchdog_ms = int(watchdog_seconds * 1000)
        self._started = 0.0
        self._generation = 0  # bumped by every lookup and cancel
        self._current: tuple[tuple[Lookup, ...], str | None, EngageClient] | None = None
        """The lookup in flight and the client asked, to ask again if that client closes."""
        self._last: tuple[tuple[Lookup, ...], str | None] | None = None
        """The last lookup asked for (memory only), for ``retry``; ``forget`` drops it."""
        self._found_by: Lookup | None = None
        self._found_by_override: Lookup | None = None
        self._candidates = 0

    # ------------------------------------------------------------------ setup

    @property
    def client(self) -> EngageClient | None:
        return self._client

    def set_client(self, client: EngageClient) -> None:
        self._client = client
        self._problem = None
        self._starting = False
        pending, self._pending = self._pending, None
        if pending is not None:  # a scan that came during start-up is not lost
            self.lookup(*pending)

    @property
    def presenter(self) -> ProfilePresenter:
        return self._presenter

    def set_presenter(self, presenter: ProfilePresenter) -> None:
        """New display options (setup saved); applies from the next answer on."""
        self._presenter = presenter

    def set_problem(self, problem: errors.PosProfileError) -> None:
        """The app cannot look anything up (not configured, keyring broken, ...)."""
        self._client = None
        self._problem = problem
        self._starting = False
        pending, self._pending = self._pending, None
        if pending is not None:
            self._watchdog.stop()
            self.lookup_failed.emit(problem)

    @property
    def problem(self) -> errors.PosProfileError | None:
        return self._problem

    def is_busy(self) -> bool:
        return self._runner.is_busy(LOOKUP)

    # ------------------------------------------------------------------ actions

    @property
    def found_by(self) -> Lookup | None:
        """What found the profile last shown (the kind that answered, or the search a
        several-matches pick came from)."""
        return self._found_by

    def can_retry(self) -> bool:
        return self._last is not None

    def retry(self) -> bool:
        """Ask the last lookup again (F5 after "offline"); False when there is none."""
        if self._last is None:
            return False
        self.lookup(*self._last)
        return True

    def forget(self) -> None:
        """The customer is cleared: drop the remembered identifier."""
        self._last = None
        self._found_by = None

    def pick_candidate(self, contact_id: str, searched_by: Lookup | None = None) -> None:
        """The cashier picked one of several matches: fetch that contact's profile."""
        self.lookup(Lookup(LookupKind.CONTACT_ID, contact_id), None, found_by=searched_by)

    def lookup(
        self,
        lookup: Lookup | Sequence[Lookup],
        contact_type: str | None = None,
        *,
        found_by: Lookup | None = None,
    ) -> None:
        """Start a lookup; any lookup still running is superseded.

        ``lookup`` may be the kinds a typed text can be, in order (``classify_all``): the
        first that Engage does not answer 404 decides. ``found_by`` overrides what the
        panel says found the customer (a pick from several matches)."""
        lookups = (lookup,) if isinstance(lookup, Lookup) else tuple(lookup)
        self._generation += 1
        self._cancel_candidates()
        self._runner.cancel(POINTS)
        self._last = (lookups, contact_type)
        self._found_by_override = found_by
        self.lookup_started.emit(lookups[0])
        if self._client is None and self._starting:
            self._runner.cancel(LOOKUP)
            self._pending = (lookups, contact_type)  # sent when the connection is made
            self._watchdog.start(self._watchdog_ms)
            return
        if self._client is None:
            self._runner.cancel(LOOKUP)
            self._watchdog.stop()
            self.lookup_failed.emit(self._problem or errors.ConfigurationError())
            return
        self._started = time.monotonic()
        self._current = (lookups, contact_type, self._client)
        fetch = self._client.contact_overview
        present = self._presenter.profile

        def fetch_and_present() -> tuple[Lookup, PresentedProfile]:  # on the worker
            by, overview = first_found(lambda one: fetch(one, contact_type), lookups)
            return by, present(overview)

        self._runner.submit(
            LOOKUP,
            fetch_and_present,
            on_success=self._on_profile,
            on_failure=self._on_lookup_failed,
        )
        self._watchdog.start(self._watchdog_ms)

    def show_error(self, exc: BaseException) -> None:
        """Show a problem that did not come from a lookup (a rejected scan, bad input)."""
        self.cancel()
        self.lookup_failed.emit(exc)

    def cancel(self) -> None:
        self._generation += 1
        self._pending = None
        self._runner.cancel(LOOKUP)
        self._runner.cancel(POINTS)
        self._cancel_candidates()
        self._watchdog.stop()

    def _cancel_candidates(self) -> None:
        for index in range(self._candidates):
            self._runner.cancel(candidate_channel(index))
        self._candidates = 0

    # ------------------------------------------------------------------ results

    def _on_profile(self, result: tuple[Lookup, PresentedProfile]) -> None:
        by, presented = result
        self._found_by = self._found_by_override or by
        self._last = None  # found: nothing to retry, and the identifier is not kept
        self._watchdog.stop()
        log.info(
            "profile shown %.1f ms after the lookup started",
            (time.monotonic() - self._started) * 1000,
        )
        self.profile_ready.emit(presented)
        contact_id = presented.overview.id
        if contact_id and self._client is not None:
            self.points_loading.emit()
            # Ask for the points once the profile has been painted: the second request
            # would otherwise compete with that paint for the GIL (a zero timer runs before
            # the paint, call_after_paint after it).
            generation = self._generation
            call_after_paint(lambda: self._fetch_points(generation, contact_id, presented.now))
        else:
            self.points_ready.emit(self._no_points(presented.now))

    def _fetch_points(self, generation: int, contact_id: str, now: dt.datetime) -> None:
        if generation != self._generation or self._client is None:
            return  # another lookup (or Esc) came first
        asked = self._client
        fetch = asked.point_accounts
        present = self._presenter.points

        def fetch_and_present() -> PresentedPoints:  # on the worker
            return present(fetch(contact_id), now=now)

        def failed(exc: BaseException) -> None:
            renewed = self._client is not None and self._client is not asked
            if isinstance(exc, errors.RequestCancelledError) and renewed:
                log.info("points cancelled by a new connection; asking it again")
                self._fetch_points(generation, contact_id, now)
            elif isinstance(exc, errors.ContactNotFoundError):
                self.points_ready.emit(self._no_points(now))  # "No points account"
            else:
                self._on_points_failed(exc)

        self._runner.submit(
            POINTS,
            fetch_and_present,
            on_success=self.points_ready.emit,
            on_failure=failed,
        )

    def _no_points(self, now: dt.datetime | None) -> PresentedPoints:
        from pos_profile.engage.models import PointAccounts

        return self._presenter.points(PointAccounts(), now=now)

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self._watchdog.stop()
        if isinstance(exc, errors.RequestCancelledError) and self._current is not None:
            lookups, contact_type, asked = self._current
            if self._client is not None and self._client is not asked:
                # The connection was renewed (setup saved) under this lookup: ask the new
                # one. A GET, so asking again cannot do anything twice.
                log.info("lookup cancelled by a new connection; asking it again")
                self.lookup(lookups, contact_type, found_by=self._found_by_override)
                return

        if not isinstance(exc, errors.PosProfileError):
            log.error("lookup crashed", exc_info=(type(exc), exc, exc.__traceback__))
        else:
            log.info("lookup failed: %s", type(exc).__name__)
        self.lookup_failed.emit(exc)
        if isinstance(exc, errors.MultipleMatchesError) and exc.candidate_ids:
            self._last = None  # several match: asking again gives the same answer
            self._fetch_candidates(exc.candidate_ids)

    def _fetch_candidates(self, candidate_ids: Sequence[str]) -> None:
        """Each match by contact id, in parallel on the pool (one channel per row)."""
        client = self._client
        if client is None or self._current is None:
            return
        searched_by = self._found_by_override or self._current[0][0]
        shown = list(dict.fromkeys(candidate_ids))[:MAX_CANDIDATES]
        self._candidates = len(shown)
        self.candidates_loading.emit(len(shown), len(set(candidate_ids)), searched_by)
        fetch = client.contact_overview
        present = self._presenter.candidate
        for index, contact_id in enumerate(shown):

            def fetch_and_present(contact_id: str = contact_id) -> CandidateRow:  # worker
                return present(fetch(Lookup(LookupKind.CONTACT_ID, contact_id), None))

            def failed(exc: BaseException, index: int = index) -> None:
                log.info("match %d could not be fetched: %s", index, type(exc).__name__)
                self.candidate_failed.emit(index)

            def ready(row: CandidateRow, index: int = index) -> None:
                self.candidate_ready.emit(index, row)

            self._runner.submit(
                candidate_channel(index), fetch_and_present, on_success=ready, on_failure=failed
            )

    def _on_points_failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.PosProfileError):
            self.points_failed.emit(exc.message)  # the panel adds "Points unavailable:"
        else:
            log.error("points crashed", exc_info=(type(exc), exc, exc.__traceback__))
            self.points_failed.emit("")

    def _on_watchdog_timeout(self) -> None:
        if self._pending is not None:  # still not connected: say "did not answer"
            self._pending = None
        elif not self._runner.is_busy(LOOKUP):
            return
        log.warning("lookup watchdog fired after %d ms", self._watchdog_ms)
        self._runner.cancel(LOOKUP)
        self.lookup_failed.emit(errors.RequestTimeoutError())
