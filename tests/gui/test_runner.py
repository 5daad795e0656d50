"""TaskRunner: work runs off the GUI thread, newest result per channel wins."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from pos_profile import errors
from pos_profile.gui.runner import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait_for_done(5000)


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> str:
        seen["worker_is_gui"] = QThread.currentThread() == gui_thread
        return "done"

    def on_success(result: object) -> None:
        seen["delivered_on_gui"] = QThread.currentThread() == gui_thread
        seen["result"] = result

    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        token = runner.submit("lookup", work, on_success=on_success)
    assert blocker.args == ["lookup", token, "done"]
    assert seen == {"worker_is_gui": False, "delivered_on_gui": True, "result": "done"}
    assert not runner.is_busy("lookup")


def test_errors_are_delivered_not_raised(qtbot: QtBot, runner: TaskRunner) -> None:
    def work() -> None:
        raise errors.ContactNotFoundError()

    failures: list[BaseException] = []
    with qtbot.waitSignal(runner.failed, timeout=5000):
        runner.submit("lookup", work, on_failure=failures.append)
    assert isinstance(failures[0], errors.ContactNotFoundError)


def test_a_slow_old_answer_never_replaces_a_newer_one(qtbot: QtBot, runner: TaskRunner) -> None:
    release_a = threading.Event()
    delivered: list[object] = []

    def slow_a() -> str:
        release_a.wait(5)
        return "card A"

    token_a = runner.submit("lookup", slow_a, on_success=delivered.append)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        token_b = runner.submit("lookup", lambda: "card B", on_success=delivered.append)
    with qtbot.waitSignal(runner.dropped, timeout=5000) as dropped:
        release_a.set()
    assert dropped.args == ["lookup", token_a]
    assert delivered == ["card B"]
    assert token_b > token_a
    qtbot.waitUntil(lambda: runner.in_flight() == 0)


def test_channels_are_independent(qtbot: QtBot, runner: TaskRunner) -> None:
    got: dict[str, object] = {}
    with qtbot.waitSignals([runner.finished, runner.finished], timeout=5000):
        runner.submit("lookup", lambda: 1, on_success=lambda r: got.__setitem__("lookup", r))
        runner.submit("points", lambda: 2, on_success=lambda r: got.__setitem__("points", r))
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got == {"lookup": 1, "points": 2}


def test_cancel_drops_the_result(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    delivered: list[object] = []
    runner.submit("lookup", lambda: release.wait(5), on_success=delivered.append)
    runner.cancel("lookup")
    with qtbot.waitSignal(runner.dropped, timeout=5000):
        release.set()
    assert delivered == []


def test_call_after_paint_runs_after_the_repaint_already_asked_for(qtbot: QtBot) -> None:
    """The points request waits for the profile's paint (a zero timer would run before it)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QLabel

    from pos_profile.gui.runner import call_after_paint

    label = QLabel("before")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    qtbot.wait(20)
    order: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                order.append("paint")
            return False

    paints = Paints()
    label.installEventFilter(paints)
    label.setText("after")  # asks for a repaint
    call_after_paint(lambda: order.append("after paint"))
    QTimer.singleShot(0, lambda: order.append("zero timer"))
    qtbot.waitUntil(lambda: "after paint" in order)
    assert order.index("paint") < order.index("after paint")
    assert order.index("zero timer") < order.index("paint")  # what the points used before
