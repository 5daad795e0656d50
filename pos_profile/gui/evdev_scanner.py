"""EvdevScanner: the ``evdev`` scan source for the window (``[scanner] source = "evdev"``, Linux).

It runs :class:`~pos_profile.scanning.evdev_source.EvdevSource` (the scanner grabbed, its keys
judged on a worker thread; member cards taken, everything else passed on to the focused
program through the pass-through device). Its signals are emitted from that thread and, this
object living on the GUI thread, Qt queues them there — exactly like
:class:`~pos_profile.gui.serial_scanner.SerialScanner`, so the app handles both alike.

``decided`` carries only what pos-profile acts on: a member card (``SCAN``; a double read is
``DUPLICATE``). A scan that was passed on belongs to the program that has the focus (the POS
takes its product codes; pos-profile's own window, when it has the focus, judges them as
typed keys): it is logged here (outcome and length only) and not shown. With
``evdev_passthrough = false`` nothing is passed on, the device is pos-profile's alone, and
every judged scan is emitted (a refusal shows its note, as with a serial scanner).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.evdev_keys import Judged
from pos_profile.scanning.evdev_source import EvdevSource
from pos_profile.scanning.serial_source import SourceState, SourceStatus

log = logging.getLogger(__name__)


class EvdevScanner(QObject):
    """Signals: ``decided(ScanDecision)``, ``status_changed(SourceStatus)``."""

    decided = Signal(object)
    status_changed = Signal(object)

    def __init__(
        self,
        config: ScannerConfig,
        parent: QObject | None = None,
        *,
        source: EvdevSource | None = None,
    ) -> None:
        super().__init__(parent)
        if not config.evdev_device:
            raise ValueError("the evdev source needs [scanner] evdev_device")
        self._config = config
        self.status = SourceStatus(SourceState.DISCONNECTED, "not started")
        self._source = source or EvdevSource(
            config.evdev_device,
            config,
            passthrough=config.evdev_passthrough,
            on_judged=self.on_judged,
            on_status=self.on_status,
        )

    @property
    def port(self) -> str:
        """The device as configured (what the status bar names)."""
        return self._source.spec

    @property
    def source(self) -> EvdevSource:
        return self._source

    def start(self) -> None:
        self._source.start()

    def stop(self) -> None:
        self._source.stop()

    # ------------------------------------------------------------------ reading thread

    def on_judged(self, judged: Judged) -> None:
        if judged.taken or not self._config.evdev_passthrough:
            self.decided.emit(judged.decision)

    def on_status(self, status: SourceStatus) -> None:
        if status.state is not SourceState.DROPPED:
            self.status = status
        self.status_changed.emit(status)
