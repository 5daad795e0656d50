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
from pos_profile.scanning.decision import Outcome, ScanDecision, decide_text
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
        self._last: tuple[str, float] | None = None
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
        if decision.outcome is Outcome.SCAN and self._is_duplicate(decision):
            return
        self.decided.emit(decision)

    def _on_status(self, status: SourceStatus) -> None:
        if status.state is not SourceState.DROPPED:
            self.status = status
        self.status_changed.emit(status)

    def _is_duplicate(self, decision: ScanDecision) -> bool:
        """The same code again within ``duplicate_window_ms`` counts once (a double read)."""
        now = time.monotonic()
        code = decision.lookup.value if decision.lookup is not None else decision.display
        last, self._last = self._last, (code, now)
        window = self._config.duplicate_window_ms / 1000.0
        return last is not None and last[0] == code and now - last[1] <= window
