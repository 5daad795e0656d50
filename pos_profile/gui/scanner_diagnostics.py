"""Scanner diagnostics for store staff: see what the scanner really types.

A small window with a test field and a table: every key press with its gap to the previous
key in ms (measured with the monotonic clock, as the detector sees it), whether it was held
back, what the detector decided and why, and the decoded code. What may be shown is
decided in :mod:`pos_profile.scanning.decision`: the keys of a sensitive burst (card-like,
starting with a track sentinel, or a payment card) stay ``•`` and card codes are masked to
the last four digits, so the window can be used with real cards. With it an admin can tune
the ``[scanner]`` thresholds (are the gaps of this scanner under ``max_gap_ms``?) and spot a
keyboard-layout mismatch (``+`` where the card says ``-``, ``ö`` where a track starts with
``;``).

Run it with ``pos-profile --scanner-test`` or ``python -m pos_profile.gui.scanner_diagnostics``.
With ``echo`` on, each decision is also written to stdout as one line (no card data), which
the X11 end-to-end test reads. Ctrl+Q closes the window.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_profile.gui.scanner import KeyDiagnostic, ScannerFilter
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import Outcome, ScanDecision
from pos_profile.scanning.serial_source import SourceStatus

if TYPE_CHECKING:
    from pos_profile.gui.evdev_scanner import EvdevScanner
    from pos_profile.gui.serial_scanner import SerialScanner

TITLE = "pos-profile scanner test"
MAX_ROWS = 2000


def _describe(decision: ScanDecision) -> str:
    """One line per decision; only the fields the sensitivity rule lets through."""
    text = f"{decision.outcome}: {decision.reason}"
    if decision.display:
        text += f" — {decision.display}"
    if decision.outcome is not Outcome.TYPING:
        text += (
            f" ({decision.length} chars, {decision.duration_ms:.0f} ms, "
            f"max gap {decision.max_gap_ms:.1f} ms, mean gap {decision.mean_gap_ms:.1f} ms, "
            f"ended by {decision.terminator})"
        )
    else:
        text += f" (replayed {decision.length} key{'' if decision.length == 1 else 's'})"
    return text


class ScannerDiagnosticsWindow(QWidget):
    """Shows each key, its gap, the detector's decision and the decoded (masked) code."""

    def __init__(
        self,
        scanner: ScannerFilter,
        *,
        echo: TextIO | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self._echo = echo
        self._pending: list[int] = []  # rows of held keys awaiting a decision
        self._source = "keyboard"
        self.setWindowTitle(TITLE)
        self.resize(760, 520)

        cfg = scanner.config
        self.summary = QLabel(
            self.tr(
                "Scan a card or type. Thresholds: max gap {max_gap} ms, "
                "mean gap {mean_gap} ms, min length {min_length}, "
                "silence {silence} ms, host layout {host_layout}, "
                "scanner layout {scanner_layout}."
            ).format(
                max_gap=f"{cfg.gap_limit_ms:.0f}",
                mean_gap=f"{cfg.mean_gap_limit_ms:.0f}",
                min_length=cfg.min_length,
                silence=f"{cfg.silence_ms:.0f}",
                host_layout=cfg.host_layout,
                scanner_layout=cfg.scanner_layout,
            )
        )
        self.summary.setWordWrap(True)
        self.last = QLabel(self.tr("Waiting for input…"))
        self.last.setObjectName("lastDecision")
        self.last.setWordWrap(True)
        self.last.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Test field: typed text lands here, scans do not"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Key"), self.tr("Gap (ms)"), self.tr("Held"), self.tr("Detector")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        clear = QPushButton(self.tr("Clear"))
        clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        top.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.last)
        layout.addWidget(self.table, 1)

        quit_shortcut = QShortcut(QKeySequence("Ctrl+Q"), self)
        quit_shortcut.activated.connect(self.close)
        scanner.key_seen.connect(self._on_key)
        scanner.decided.connect(self._on_decision)
        scanner.code_scanned.connect(
            lambda decision: self._say(f"code_scanned: {decision.display}")
        )
        scanner.scan_rejected.connect(lambda reason: self._say(f"scan_rejected: {reason}"))
        self.field.setFocus()

    # ------------------------------------------------------------------ slots
    def clear(self) -> None:
        self.table.setRowCount(0)
        self._pending.clear()
        self.field.clear()
        self.last.setText(self.tr("Waiting for input…"))

    def _add_row(self, cells: list[str]) -> int:
        if self.table.rowCount() >= MAX_ROWS:
            self.table.removeRow(0)
            self._pending = [r - 1 for r in self._pending if r > 0]
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, text in enumerate(cells):
            self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.scrollToBottom()
        return row

    def _on_key(self, key: KeyDiagnostic) -> None:
        gap = "—" if key.gap_ms is None else f"{key.gap_ms:.1f}"
        label = "•" if key.held else key.label  # revealed once the burst is known safe
        held = self.tr("yes") if key.held else self.tr("no")
        row = self._add_row([label, gap, held, key.note])
        if key.held:
            self._pending.append(row)
            item = self.table.item(row, 0)
            if item is not None:
                item.setData(Qt.ItemDataRole.UserRole, key.label)

    def _on_decision(self, decision: ScanDecision) -> None:
        for row in self._pending:
            item = self.table.item(row, 0)
            if item is not None and not decision.sensitive:
                item.setText(str(item.data(Qt.ItemDataRole.UserRole)))
            if item is not None:
                item.setData(Qt.ItemDataRole.UserRole, None)  # forget the character
        self._pending.clear()
        text = _describe(decision)
        self.last.setText(text)
        row = self._add_row(["⇒", text])
        self.table.setSpan(row, 1, 1, 3)
        self._say(f"decision: {text}")

    def set_source_name(self, name: str) -> None:
        self._source = name

    def on_source_decision(self, decision: ScanDecision) -> None:
        """A decision of the configured serial/evdev source (no keys reach this window)."""
        text = _describe(decision)
        self.last.setText(text)
        row = self._add_row([self._source, "", "", text])
        self.table.setSpan(row, 1, 1, 3)
        self._say(f"{self._source} decision: {text}")

    def on_source_status(self, status: SourceStatus) -> None:
        detail = f"{status.detail} ({status.reason})" if status.reason else status.detail
        row = self._add_row([self._source, "", "", detail])
        self.table.setSpan(row, 1, 1, 3)
        self._say(f"{self._source}: {status.state.value}: {detail}")

    def _say(self, line: str) -> None:
        if self._echo is not None:
            self._echo.write(line + "\n")
            self._echo.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.scanner.flush()  # held keys reach the field before it is reported
        self._say(f"field: {self.field.text()}")
        super().closeEvent(event)


def run_scanner_test(config: ScannerConfig | None = None, *, echo: bool = True) -> int:
    """Show the diagnostics window with a ScannerFilter installed; return the exit code."""
    app = QApplication.instance()
    owns_app = app is None
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    scanner = ScannerFilter(config or ScannerConfig())
    scanner.install(app)
    window = ScannerDiagnosticsWindow(scanner, echo=sys.stdout if echo else None)
    source = _start_source(config or ScannerConfig(), window)
    window.show()
    window.raise_()
    window.activateWindow()
    try:
        return int(app.exec())
    finally:
        if source is not None:
            source.stop()
        scanner.uninstall()
        if owns_app:
            window.deleteLater()


def _start_source(
    config: ScannerConfig, window: ScannerDiagnosticsWindow
) -> SerialScanner | EvdevScanner | None:
    """The serial or evdev source, when configured: its statuses and decisions are shown too."""
    source: SerialScanner | EvdevScanner
    if config.source == "serial":
        from pos_profile.gui.serial_scanner import SerialScanner

        source = SerialScanner(config, parent=window)
    elif config.source == "evdev":
        from pos_profile.gui.evdev_scanner import EvdevScanner

        source = EvdevScanner(config, parent=window)
    else:
        return None
    window.set_source_name(config.source)
    source.decided.connect(window.on_source_decision)
    source.status_changed.connect(window.on_source_status)
    source.start()
    return source


if __name__ == "__main__":
    sys.exit(run_scanner_test())
