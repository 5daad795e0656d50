"""SerialScanner: the ``serial`` scan source for the window (``[scanner] source = "serial"``).

It runs :class:`~pos_profile.scanning.serial_source.SerialSource` (pyserial on its own
thread) and judges each line with :func:`~pos_profile.scanning.decision.decide_text` — the
same rules as a keyboard burst: member rules, tracks, payment-card refusal. Its signals are
emitted from the reading thread and, this object living on the GUI thread, Qt queues them
there. No key is involved, so a scan reaches pos-profile whatever window has the focus.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Signal

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import DuplicateFilter, decide_text
from pos_profile.scanning.serial_source import SerialSource, SourceState, SourceStatus

log = logging.getLogger(__name__)


class SerialScanner(QObject):
    """Signals: ``decided(ScanDecision)`` for every line, ``status_changed(SourceStatus)``."""

    decided = Signal(object)
    status_changed = Signal(object)

    def __init__(self, config: ScannerConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if not config.serial_port:
            raise ValueError("the serial source needs [scanner] serial_port")
        self._config = config
        self._duplicates = DuplicateFilter(config.duplicate_window_ms)
        self.status = SourceStatus(SourceState.DISCONNECTED, "not started")
        self._source = SerialSource(
            config.serial_port,
            baudrate=config.serial_baudrate,
            max_length=config.max_length,
            silence_s=config.silence_ms / 1000.0,
            on_line=self._on_line,
            on_status=self._on_status,
        )

    @property
    def port(self) -> str:
        return self._source.port

    def start(self) -> None:
        self._source.start()

    def stop(self) -> None:
        self._source.stop()

    # ------------------------------------------------------------------ reading thread

    def _on_line(self, line: str) -> None:
        decision = decide_text(line, self._config, terminator="line")
        self.decided.emit(self._duplicates.check(decision, time.monotonic() * 1000.0))

    def _on_status(self, status: SourceStatus) -> None:
        if status.state is not SourceState.DROPPED:
            self.status = status
        self.status_changed.emit(status)
