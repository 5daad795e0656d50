"""TaskRunner: blocking calls on a QThreadPool, results back on the GUI thread.

Each purpose ("lookup", "points", "keyring", ...) is a *channel*. ``submit`` returns a token;
only the newest token of a channel is delivered, so a slow answer for card A never replaces
card B. Workers run plain functions and never touch widgets: the worker emits from a small
QObject whose signals are connected to bound methods of the TaskRunner, which lives in the
GUI thread, so Qt queues the delivery there (pos_profile/docs/architecture.md, Threads).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]


class _WorkerSignals(QObject):
    succeeded = Signal(str, int, object)
    failed = Signal(str, int, object)


class _Worker(QRunnable):
    def __init__(
        self, channel: str, token: int, fn: Callable[[], Any], signals: _WorkerSignals
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._channel = channel
        self._token = token
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._signals.failed.emit(self._channel, self._token, exc)
        else:
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
        self._in_flight: dict[int, _WorkerSignals] = {}

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
        self._in_flight[token] = signals  # keep the QObject alive until delivery
        self._latest[channel] = _Pending(token, on_success, on_failure, signals, time.monotonic())
        self._pool.start(_Worker(channel, token, lambda: fn(*args, **kwargs), signals))
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
        signals = self._in_flight.pop(token, None)
        if signals is not None:
            signals.deleteLater()
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
