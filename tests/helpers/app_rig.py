"""Shared pieces of the benchmarks: statistics, the machine summary, waiting on Qt, the app rig.

Benchmarks build the real application (``pos_profile.gui.app.build`` in demo mode: window,
LookupController, TaskRunner, EngageClient and the built-in sandbox over a loopback socket)
and drive it with real key events. Nothing here sleeps: waits spin the Qt event loop until a
condition holds.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEMO_MEMBERS = (
    "7001234567",
    "7000045120",
    "2400004711205",
    "7004412250",
    "7005520016",
    "2400009814604",
    "7007740038",
    "7008850049",
    "7009960050",
    "7003151003",
)
"""Demo member numbers (resources/sandbox/README.md) that each find exactly one member."""


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True)
class Summary:
    """p50/p95/max of a sample, in the unit it was measured in."""

    n: int
    p50: float
    p95: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        return cls(len(values), percentile(values, 50), percentile(values, 95), max(values))

    def text(self, unit: str = "ms") -> str:
        return f"p50 {self.p50:.1f} / p95 {self.p95:.1f} / max {self.max:.1f} {unit} (n={self.n})"


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of ys over xs."""
    return statistics.linear_regression(xs, ys).slope


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of the benchmark table."""

    name: str
    figure: str
    baseline: str
    ratio: str
    target: str
    passed: bool | None  # None: informational, no target
    note: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def say(self, line: str) -> None:
        self.details.append(line)
        print(f"  {line}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_summary() -> dict[str, str]:
    from PySide6 import QtCore
    from PySide6 import __version__ as pyside_version

    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu_model(),
        "cores": str(os.cpu_count() or "?"),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "qt": f"Qt {QtCore.qVersion()}, PySide6 {pyside_version}",
        "qpa": os.environ.get("QT_QPA_PLATFORM", "default"),
    }


# --------------------------------------------------------------------------- /proc


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """VmRSS/VmHWM (kB) and Threads of a process (Linux)."""
    out: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    return out


# --------------------------------------------------------------------------- Qt


def none_refcount() -> int:
    return sys.getrefcount(None)


def qapp() -> Any:
    from pos_profile.gui.app import create_qapplication

    return create_qapplication()


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Run a Qt event loop until ``predicate()`` holds; TimeoutError after ``timeout`` s.

    A real ``QEventLoop.exec()`` (not bare ``processEvents``), as in the running app: only
    an event loop performs deferred deletes (``deleteLater``). A 2 ms timer re-checks the
    predicate; measurements take their time stamps in the slots themselves, not here.
    """
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    qapp()
    if predicate():
        return
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timed_out = False

    def check() -> None:
        nonlocal timed_out
        if predicate():
            loop.quit()
        elif time.monotonic() > deadline:
            timed_out = True
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(2)
    timer.timeout.connect(check)
    timer.start()
    try:
        loop.exec()
    finally:
        timer.stop()
    if timed_out:
        raise TimeoutError(f"timed out waiting for {what or predicate}")


def settle(ms: int = 50) -> None:
    """Let the event loop run for ``ms`` (paint, layout, deferred deletes)."""
    end = time.monotonic() + ms / 1000.0
    wait_until(lambda: time.monotonic() >= end, ms / 1000.0 + 5.0, "time to pass")


class StepClock:
    """The ScannerFilter's clock: every call moves 2 ms on, so a burst is scanner-fast."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        self.now += 2.0
        return self.now

    def pause(self, ms: float) -> None:
        self.now += ms


class PaintProbe:
    """Notes when the paint pass that painted a widget has finished.

    An event filter on the widget counts its paint events; a second filter on its window
    runs the window's ``UpdateRequest`` (the pass that paints every dirty widget and flushes
    the backing store) itself, and when the widget was painted in that pass after
    :meth:`arm`, :attr:`done_at` is the moment the pass returned (``time.perf_counter``).

    (An earlier probe stopped the clock in a zero-time callback posted from the paint: that
    ran only after whatever else was queued by then, such as the points answer and its
    relayout, and so charged work after the paint to the paint.)
    """

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        probe = self
        self._armed = False
        self.painted = 0
        self.passes = 0
        self.pass_ms = 0.0  # how long the last pass that painted the widget took
        self.done_at: float | None = None

        class PaintFilter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    probe.painted += 1
                return False

        class PassFilter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() != QEvent.Type.UpdateRequest:
                    return False
                before = probe.painted
                started = time.perf_counter()
                watched.event(event)  # the paint pass and the flush, now
                if probe.painted != before:
                    probe.passes += 1
                    probe.pass_ms = (time.perf_counter() - started) * 1000
                    if probe._armed:
                        probe._armed = False
                        probe.done_at = time.perf_counter()
                return True  # handled above

        self._filter = PaintFilter(widget)
        widget.installEventFilter(self._filter)
        self._window = widget.window()
        self._pass_filter = PassFilter(self._window)
        self._window.installEventFilter(self._pass_filter)

    def arm(self) -> None:
        self._armed = True
        self.done_at = None


def drain(max_rounds: int = 200) -> None:
    """Run the event loop until a round delivers no layout, paint, timer or queued call.

    What a finished lookup leaves queued (the points answer's relayout and repaint, the
    lists' zero-time fit timers, deferred deletes) is done before the next scan starts, so
    a scan's clock never includes the previous customer's paint. Deterministic: no sleep.
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject

    busy_types = {
        QEvent.Type.LayoutRequest,
        QEvent.Type.UpdateRequest,
        QEvent.Type.Paint,
        QEvent.Type.Timer,
        QEvent.Type.MetaCall,
        QEvent.Type.DeferredDelete,
    }
    seen = [False]

    class Watch(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() in busy_types:
                seen[0] = True
            return False

    app = qapp()
    watch = Watch()
    app.installEventFilter(watch)
    try:
        for _ in range(max_rounds):
            seen[0] = False
            QCoreApplication.sendPostedEvents(None, int(QEvent.Type.DeferredDelete))
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            if not seen[0]:
                return
    finally:
        app.removeEventFilter(watch)


@dataclass
class AppRig:
    """The whole application in demo mode, with a step clock on its scanner."""

    app: Any  # pos_profile.gui.app.Application
    clock: StepClock
    scanner: Any  # the ScannerFilter with the step clock
    sandbox: Any  # SandboxServer
    probe: PaintProbe

    @property
    def window(self) -> Any:
        return self.app.view

    def scan(self, code: str) -> None:
        send_scan(self.window, self.clock, code)

    def type_scan(self, code: str) -> None:
        """Type ``code`` as a scanner would (fast keys), without the terminating Enter."""
        from PySide6.QtTest import QTest

        self.clock.pause(2000.0)  # well past the duplicate window and any silence
        for ch in code:
            QTest.keyClicks(self.window.search_box, ch)

    def press_enter(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.keyClick(self.window.search_box, Qt.Key.Key_Return)

    def idle(self) -> bool:
        """No lookup or points request in flight."""
        return bool(self.app.runner.in_flight() == 0)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """No request in flight and nothing left queued on the GUI thread (see :func:`drain`)."""
        wait_until(self.idle, timeout, "the runner to be idle")
        drain()

    def shown_name(self) -> str:
        return str(self.window.profile_view.name_label.text())


def attach_step_scanner(application: Any) -> tuple[StepClock, Any]:
    """Swap the app's ScannerFilter for one on a StepClock, wired to the window as build() does."""
    from pos_profile.gui.scanner import ScannerFilter

    application.scanner.uninstall()
    clock = StepClock()
    scanner = ScannerFilter(application.settings.scanner, clock=clock, parent=application.qapp)
    scanner.install(application.qapp)
    scanner.code_scanned.connect(application.view.on_code_scanned)
    scanner.scan_rejected.connect(application.view.on_scan_rejected)
    application.scanner = scanner  # shutdown() uninstalls this one
    return clock, scanner


def send_scan(window: Any, clock: StepClock, code: str) -> None:
    """A scanner burst of ``code`` + Enter as real key events through the QApplication."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    clock.pause(2000.0)
    for ch in code:
        QTest.keyClicks(window.search_box, ch)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)


def settings_for_bench(**engage: Any) -> Any:
    from pos_profile.settings import Settings

    settings = Settings()
    if engage:
        settings = settings.model_copy(update={"engage": settings.engage.model_copy(update=engage)})
    return settings


@contextmanager
def app_rig(*, warm_up: bool = True, **engage: Any) -> Iterator[AppRig]:
    """Build the demo app (sandbox on loopback), show the window, wait until ready to scan.

    The app's ScannerFilter is swapped for one on a :class:`StepClock` so QTest key bursts
    are scanner-fast whatever the machine load; it is wired to the window exactly as
    ``app.build`` wires its own.
    """
    from pos_profile.gui import app as app_module
    from pos_profile.gui.status_view import State

    settings = settings_for_bench(**engage)
    qapp()
    if not warm_up:
        from pos_profile.engage.client import EngageClient

        original = EngageClient.warm_up
        EngageClient.warm_up = lambda self: None  # type: ignore[method-assign]
    try:
        application = app_module.build(settings, demo=True)
        window = application.view
        window.window().show()
        wait_until(
            lambda: application.connection is not None and window.state() is State.READY,
            20.0,
            "the demo app to connect",
        )
        application.runner.wait_for_done(10_000)
        wait_until(
            lambda: application.start_up_done and application.runner.in_flight() == 0,
            10.0,
            "warm-up",
        )
    finally:
        if not warm_up:
            EngageClient.warm_up = original  # type: ignore[method-assign]
    clock, scanner = attach_step_scanner(application)
    window.focus_search()
    settle(50)
    assert application.connection is not None
    rig = AppRig(
        application,
        clock,
        scanner,
        application.connection.sandbox,
        PaintProbe(window.profile_view.name_label),
    )
    try:
        yield rig
    finally:
        scanner.uninstall()
        application.shutdown()
        window.window().close()
        window.window().deleteLater()
        settle(20)
