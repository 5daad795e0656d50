"""TaskRunner: blocking calls on a QThreadPool, results back on the GUI thread.

Each purpose ("lookup", "points", "keyring", ...) is a *channel*. ``submit`` returns a token;
only the newest token of a channel is delivered, so a slow answer for card A never replaces
card B. Workers run plain functions and never touch widgets: the worker emits from a small
QObject whose signals are connected to bound methods of the TaskRunner, which lives in the
GUI thread, so Qt queues the delivery there (pos_profile/docs/architecture.md, Threads).

A worker runs Python only inside ``run``: its result is posted as its very last step, and the
runnable is not auto-deleted on the pool thread (its Python wrapper dies on the GUI thread at
delivery), so a finished worker never asks for the GIL again while the GUI thread lays out
and paints the answer. :func:`call_after_paint` runs a callback once the repaints already
asked for are done (the points request waits for the profile's paint).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]


class _WorkerSignals(QObject):
    succeeded = Signal(str, int, object)
    failed = Signal(str, int, object)


class _Worker(QRunnable):
    """One task. Not auto-deleted: the TaskRunner holds it until delivery, on the GUI thread.

    (An auto-deleted Python runnable is destroyed on the pool thread right after ``run``,
    which takes the GIL back from the GUI thread in the middle of laying out the answer.)
    """

    def __init__(
        self, channel: str, token: int, fn: Callable[[], Any], signals: _WorkerSignals
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._channel = channel
        self._token = token
        self._fn: Callable[[], Any] | None = fn
        self._signals = signals

    def run(self) -> None:
        fn, self._fn = self._fn, None  # nothing of the task outlives it on this thread
        assert fn is not None
        try:
            result = fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            del fn
            self._signals.failed.emit(self._channel, self._token, exc)
        else:
            del fn
            self._signals.succeeded.emit(self._channel, self._token, result)


@dataclass
class _Pending:
    token: int
    on_success: SuccessCallback | None
    on_failure: FailureCallback | None
    signals: _WorkerSignals
    started: float


class TaskRunner(QObject):
    """Runs blocking calls off the GUI thread; the newest result per channel wins.

    Signals:
        finished(channel, token, result): the newest task of a channel returned.
        failed(channel, token, error): the newest task of a channel raised.
        dropped(channel, token): a superseded task finished; its result was discarded.
    """

    finished = Signal(str, int, object)
    failed = Signal(str, int, object)
    dropped = Signal(str, int)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._tokens = itertools.count(1)
        self._latest: dict[str, _Pending] = {}
        self._in_flight: dict[int, tuple[_WorkerSignals, _Worker]] = {}

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    def submit(
        self,
        channel: str,
        fn: Callable[..., Any],
        *args: Any,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        **kwargs: Any,
    ) -> int:
        """Run ``fn(*args, **kwargs)`` on the pool; supersede the channel's previous task."""
        token = next(self._tokens)
        # Parented to the runner: Qt owns it and it dies on the GUI thread (deleteLater on
        # delivery), never when a worker thread drops the last Python reference.
        signals = _WorkerSignals(self)
        signals.succeeded.connect(self._on_worker_succeeded)
        signals.failed.connect(self._on_worker_failed)
        worker = _Worker(channel, token, lambda: fn(*args, **kwargs), signals)
        self._in_flight[token] = (signals, worker)  # both alive until delivery
        self._latest[channel] = _Pending(token, on_success, on_failure, signals, time.monotonic())
        self._pool.start(worker)
        return token

    def cancel(self, channel: str) -> None:
        """Forget the channel's task: its result, when it comes, is dropped."""
        self._latest.pop(channel, None)

    def is_busy(self, channel: str) -> bool:
        return channel in self._latest

    def current_token(self, channel: str) -> int | None:
        pending = self._latest.get(channel)
        return pending.token if pending else None

    def in_flight(self) -> int:
        """Tasks started and not yet delivered (superseded ones included)."""
        return len(self._in_flight)

    def wait_for_done(self, msecs: int = 2000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    # ------------------------------------------------------------------ delivery

    def _take(self, channel: str, token: int) -> _Pending | None:
        held = self._in_flight.pop(token, None)
        if held is not None:
            held[0].deleteLater()  # the runnable goes with this reference, here
        pending = self._latest.get(channel)
        if pending is None or pending.token != token:
            log.debug("%s: dropped superseded result (token %d)", channel, token)
            self.dropped.emit(channel, token)
            return None
        del self._latest[channel]
        log.debug("%s: done in %.1f ms", channel, (time.monotonic() - pending.started) * 1000)
        return pending

    @Slot(str, int, object)
    def _on_worker_succeeded(self, channel: str, token: int, result: object) -> None:
        pending = self._take(channel, token)
        if pending is None:
            return
        if pending.on_success is not None:
            pending.on_success(result)
        self.finished.emit(channel, token, result)

    @Slot(str, int, object)
    def _on_worker_failed(self, channel: str, token: int, error: object) -> None:
        pending = self._take(channel, token)
        if pending is None:
            return
        assert isinstance(error, BaseException)
        if pending.on_failure is not None:
            pending.on_failure(error)
        self.failed.emit(channel, token, error)


_CALL_LATER = QEvent.Type(QEvent.registerEventType())


class _LowPriorityCalls(QObject):
    """Runs queued callbacks, one per low-priority event posted to it."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._queue: deque[Callable[[], None]] = deque()

    def post(self, fn: Callable[[], None]) -> None:
        self._queue.append(fn)
        QCoreApplication.postEvent(
            self, QEvent(_CALL_LATER), Qt.EventPriority.LowEventPriority.value
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == _CALL_LATER:
            if self._queue:
                self._queue.popleft()()
            return True
        return super().event(event)


_calls: _LowPriorityCalls | None = None


def call_after_paint(fn: Callable[[], None]) -> None:
    """Run ``fn`` on the GUI thread once the repaints asked for so far have been done.

    A widget's repaint is a low-priority posted event (``UpdateRequest``) and the layouts it
    needs go before it; an event posted after it with the same low priority is delivered
    after the paint pass (Qt keeps posted events of one priority in order). Unlike a zero
    timer, which runs before the paint, a request started here does not compete with the
    paint for the GIL. Call on the GUI thread.
    """
    global _calls
    if _calls is None or not shiboken6.isValid(_calls):
        _calls = _LowPriorityCalls(QCoreApplication.instance())
    _calls.post(fn)
