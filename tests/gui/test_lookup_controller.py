"""LookupController on a hand-driven pool: every interleaving is chosen by the test.

The pool runs each task only when the test says so, on the test's own thread, so which
answer comes first (a slow card A after card B, an answer after Esc, a client replaced
under a request) is decided here, not by the scheduler. The client is a small fake with
canned answers; the real-thread, real-socket versions of these paths are in
test_main_window.py, test_app_flow.py and tests/integration/test_scan_storm.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QRunnable, QThreadPool

from pos_profile import errors
from pos_profile.engage import models
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.runner import TaskRunner
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.presenter import PresentedPoints, PresentedProfile, ProfilePresenter

pytestmark = pytest.mark.gui

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CARD_A = Lookup(LookupKind.CUSTOM_KEY, "7001234567")
CARD_B = Lookup(LookupKind.CUSTOM_KEY, "2400004711205")


class ManualPool(QThreadPool):
    """Holds every task until :meth:`run` is called (FIFO by default)."""

    def __init__(self) -> None:
        super().__init__()
        self.queued: list[QRunnable] = []

    def start(self, runnable: QRunnable, priority: int = 0) -> None:  # type: ignore[override]
        self.queued.append(runnable)

    def run(self, index: int = 0) -> None:
        self.queued.pop(index).run()

    def run_all(self) -> None:
        while self.queued:
            self.run()

    def waitForDone(self, msecs: int = -1) -> bool:  # Qt's name
        return not self.queued


def overview(name: str, contact_id: str) -> models.ContactOverview:
    data = json.loads((FIXTURES / "contactoverview-member-full.json").read_text("utf-8"))
    data["id"] = contact_id
    data["attributes"]["firstName"] = name
    return models.parse_contact_overview(json.dumps(data).encode())


class FakeClient:
    """Canned answers by member number; records what was asked."""

    def __init__(self, answers: dict[str, Callable[[], models.ContactOverview]]) -> None:
        self.answers = answers
        self.asked: list[str] = []
        self.points: Callable[[str], models.PointAccounts] = lambda _id: points_fixture()

    def contact_overview(
        self, lookup: Lookup, contact_type: str | None = None
    ) -> models.ContactOverview:
        self.asked.append(lookup.value)
        return self.answers[lookup.value]()

    def point_accounts(self, contact_id: str) -> models.PointAccounts:
        return self.points(contact_id)


def points_fixture() -> models.PointAccounts:
    return models.parse_point_accounts((FIXTURES / "point-accounts.json").read_bytes())


def raise_(exc: BaseException) -> Callable[[], Any]:
    def fail() -> Any:
        raise exc

    return fail


class Rig:
    def __init__(self, client: FakeClient) -> None:
        self.pool = ManualPool()
        self.runner = TaskRunner(pool=self.pool)
        self.controller = LookupController(
            self.runner, presenter=ProfilePresenter(clock=lambda: NOW), watchdog_seconds=60
        )
        self.controller.set_client(client)  # type: ignore[arg-type]
        self.started: list[Lookup] = []
        self.failed: list[BaseException] = []
        self.profiles: list[PresentedProfile] = []
        self.points: list[PresentedPoints] = []
        self.points_failed: list[str] = []
        self.controller.lookup_started.connect(self.started.append)
        self.controller.lookup_failed.connect(self.failed.append)
        self.controller.profile_ready.connect(self.profiles.append)
        self.controller.points_ready.connect(self.points.append)
        self.controller.points_failed.connect(self.points_failed.append)

    def names(self) -> list[str]:
        return [p.shown.header.title for p in self.profiles]

    def deliver(self) -> None:
        """Run what is queued and let the event loop deliver (the points start from it)."""
        for _ in range(3):
            self.pool.run_all()
            QCoreApplication.processEvents()


@pytest.fixture
def client() -> FakeClient:
    return FakeClient(
        {
            CARD_A.value: lambda: overview("Astrid", "a"),
            CARD_B.value: lambda: overview("Bertil", "b"),
        }
    )


def test_a_profile_is_presented_on_the_worker_and_then_its_points(
    qapp: Any, client: FakeClient
) -> None:
    rig = Rig(client)
    rig.controller.lookup(CARD_A)

    assert rig.started == [CARD_A]
    assert rig.profiles == []  # nothing until the worker ran
    rig.pool.run()
    assert rig.names() == ["Astrid Lindqvist"]
    assert rig.profiles[0].now == NOW  # presented at the presenter's clock
    assert rig.points == []  # the points wait for the profile's paint
    rig.deliver()
    assert len(rig.points) == 1
    assert "240 points" in rig.points[0].shown.text


def test_the_points_are_asked_only_after_the_profile_was_painted(
    qtbot: Any, client: FakeClient
) -> None:
    """A second request started before the paint would compete with it for the GIL."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QLabel

    rig = Rig(client)
    name = QLabel("")
    name.resize(400, 40)
    qtbot.addWidget(name)
    order: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                order.append("painted " + name.text())
            return False

    paints = Paints()
    name.installEventFilter(paints)
    name.show()
    qtbot.waitUntil(lambda: "painted " in order)  # on screen, nothing pending
    order.clear()
    rig.controller.profile_ready.connect(lambda p: name.setText(p.shown.header.title))
    rig.controller.lookup(CARD_A)
    queue = rig.pool.start

    def start(runnable: QRunnable, priority: int = 0) -> None:
        order.append("points asked")
        queue(runnable, priority)

    rig.pool.start = start  # type: ignore[method-assign]
    rig.pool.run()  # the profile arrives; the window shows it
    assert rig.pool.queued == []  # no points request yet
    qtbot.waitUntil(lambda: len(rig.pool.queued) == 1)
    assert order[:2] == ["painted Astrid Lindqvist", "points asked"]
    rig.deliver()
    assert len(rig.points) == 1


def test_a_slow_answer_for_an_older_card_never_replaces_the_newer_one(
    qapp: Any, client: FakeClient
) -> None:
    rig = Rig(client)
    rig.controller.lookup(CARD_A)
    rig.controller.lookup(CARD_B)
    rig.pool.run(1)  # B answers first
    rig.pool.run(0)  # then A's late answer
    assert rig.names() == ["Bertil Lindqvist"]


def test_esc_before_the_answer_shows_nothing(qapp: Any, client: FakeClient) -> None:
    rig = Rig(client)
    rig.controller.lookup(CARD_A)
    rig.controller.cancel()
    rig.deliver()
    assert rig.profiles == []
    assert rig.failed == []


def test_not_found_is_reported_and_no_points_are_asked(qapp: Any, client: FakeClient) -> None:
    client.answers[CARD_A.value] = raise_(errors.ContactNotFoundError())
    rig = Rig(client)
    rig.controller.lookup(CARD_A)
    rig.deliver()
    assert [type(e) for e in rig.failed] == [errors.ContactNotFoundError]
    assert rig.points == []


def test_points_not_found_reads_no_points_account(qapp: Any, client: FakeClient) -> None:
    def no_account(_contact_id: str) -> models.PointAccounts:
        raise errors.ContactNotFoundError()

    client.points = no_account
    rig = Rig(client)
    rig.controller.lookup(CARD_A)
    rig.deliver()
    assert rig.names() == ["Astrid Lindqvist"]
    assert rig.points[0].shown.text == "No points account"


def test_points_failure_keeps_the_profile(qapp: Any, client: FakeClient) -> None:
    def slow(_contact_id: str) -> models.PointAccounts:
        raise errors.RequestTimeoutError("Loyalty did not answer about points in time.")

    client.points = slow
    rig = Rig(client)
    rig.controller.lookup(CARD_A)
    rig.deliver()
    assert rig.names() == ["Astrid Lindqvist"]
    assert rig.points_failed == ["Loyalty did not answer about points in time."]


def test_a_lookup_cancelled_by_a_new_client_is_asked_again_on_it(
    qapp: Any, client: FakeClient
) -> None:
    rig = Rig(client)
    old = FakeClient({CARD_A.value: raise_(errors.RequestCancelledError())})
    rig.controller.set_client(old)  # type: ignore[arg-type]
    rig.controller.lookup(CARD_A)
    rig.controller.set_client(client)  # type: ignore[arg-type]  # setup saved meanwhile
    rig.deliver()
    assert old.asked == [CARD_A.value]
    assert client.asked == [CARD_A.value]
    assert rig.names() == ["Astrid Lindqvist"]
    assert rig.failed == []


def test_without_a_client_the_problem_is_reported_at_once(qapp: Any) -> None:
    rig = Rig(FakeClient({}))
    problem = errors.ConfigurationError("No Engage address is configured.")
    rig.controller.set_problem(problem)
    rig.controller.lookup(CARD_A)
    assert rig.failed == [problem]
    assert rig.pool.queued == []  # nothing was sent


def test_new_display_options_apply_from_the_next_answer(qapp: Any, client: FakeClient) -> None:
    rig = Rig(client)
    presenter = rig.controller.presenter
    options = dataclass_replace(presenter.options, currency="EUR")
    rig.controller.set_presenter(presenter.with_options(options))
    rig.controller.lookup(CARD_A)
    rig.deliver()
    total = rig.profiles[0].shown.voucher_total.text
    assert "€" in total or "EUR" in total, total


def dataclass_replace(options: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(options, **changes)


def test_a_scan_during_start_up_is_sent_once_connected(qapp: Any, client: FakeClient) -> None:
    pool = ManualPool()
    controller = LookupController(
        TaskRunner(pool=pool), presenter=ProfilePresenter(clock=lambda: NOW)
    )
    shown: list[PresentedProfile] = []
    failed: list[BaseException] = []
    controller.profile_ready.connect(shown.append)
    controller.lookup_failed.connect(failed.append)

    controller.lookup(CARD_A)  # the app is still connecting
    assert failed == [] and pool.queued == []
    controller.set_client(client)  # type: ignore[arg-type]
    pool.run_all()
    assert [p.shown.header.title for p in shown] == ["Astrid Lindqvist"]
    assert failed == []


def test_a_scan_during_start_up_reports_the_start_up_problem(qapp: Any) -> None:
    controller = LookupController(TaskRunner(pool=ManualPool()))
    failed: list[BaseException] = []
    controller.lookup_failed.connect(failed.append)
    controller.lookup(CARD_A)
    problem = errors.ConfigurationError("No Engage address is configured.")
    controller.set_problem(problem)
    assert failed == [problem]


# --------------------------------------------------------------------------- several matches


def test_several_matches_are_fetched_at_once_and_a_newer_lookup_drops_them(
    qapp: Any, client: FakeClient
) -> None:
    ids = [f"00000000-0000-0000-0000-00000000000{i}" for i in range(7)]
    client.answers["shared@example.com"] = raise_(errors.MultipleMatchesError(tuple(ids)))
    for i, contact_id in enumerate(ids):
        client.answers[contact_id] = lambda i=i, contact_id=contact_id: overview(
            f"Name{i}", contact_id
        )
    rig = Rig(client)
    loading: list[tuple[int, int]] = []
    rows: list[tuple[int, str]] = []
    rig.controller.candidates_loading.connect(
        lambda shown, total, _by: loading.append((shown, total))
    )
    rig.controller.candidate_ready.connect(lambda index, row: rows.append((index, row.title)))
    rig.controller.lookup(Lookup(LookupKind.EMAIL, "shared@example.com"))
    rig.pool.run()
    QCoreApplication.processEvents()
    assert loading == [(5, 7)]  # at most five shown, the total said
    assert len(rig.pool.queued) == 5  # all five requests in flight together, one channel each
    rig.pool.run(4)
    rig.pool.run(0)
    QCoreApplication.processEvents()
    assert sorted(rows) == [(0, "Name0 L."), (4, "Name4 L.")]  # first name, last initial
    assert rig.profiles == []  # nobody picked automatically
    rig.controller.lookup(CARD_A)  # the next customer: the other matches are dropped
    rig.deliver()
    assert len(rows) == 2
    assert rig.names() == ["Astrid Lindqvist"]


def test_retry_asks_the_last_lookup_again_and_forget_drops_it(
    qapp: Any, client: FakeClient
) -> None:
    calls = {"n": 0}

    def offline_once() -> models.ContactOverview:
        calls["n"] += 1
        if calls["n"] == 1:
            raise errors.OfflineError()
        return overview("Astrid", "a")

    client.answers[CARD_A.value] = offline_once
    rig = Rig(client)
    rig.controller.lookup(CARD_A)
    rig.deliver()
    assert isinstance(rig.failed[-1], errors.OfflineError)
    assert rig.controller.can_retry()
    assert rig.controller.retry()
    rig.deliver()
    assert rig.names() == ["Astrid Lindqvist"]
    assert not rig.controller.can_retry()  # found: nothing kept
    rig.controller.lookup(CARD_B)
    rig.controller.forget()
    assert not rig.controller.retry()
