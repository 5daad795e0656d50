"""RedeemDialog: "Redeem this voucher?" — value, name and number; Enter confirms, Esc cancels.

A scanner's Enter can never confirm: the ScannerFilter swallows a scan's keys before any
widget sees them, and this dialog adds two guards of its own for a burst the filter let
through (a scanner too slow for it, the filter switched off): Enter is ignored for the first
:data:`ARM_MS` after the dialog opened, and an Enter that ends a fast key burst (the keys
before it closer than :data:`BURST_GAP_MS`) is ignored too. The buttons take no focus, so
Space or a scanned Enter cannot press one; a click on "Redeem" confirms.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from pos_profile.gui.widgets import plain_label, scaled_font

ARM_MS = 300.0
"""Enter within this long after the dialog opened is ignored (issue 14)."""
BURST_GAP_MS = 60.0
"""An Enter this soon after another key ends a burst (a scan), not a cashier's decision."""

Clock = Callable[[], float]


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class RedeemDialog(QDialog):
    """The confirmation before a redeem. ``accepted`` = redeem, ``rejected`` = leave it."""

    def __init__(
        self,
        *,
        voucher: bool,
        value: str,
        name: str,
        number: str | None,
        parent: QWidget | None = None,
        clock: Clock = monotonic_ms,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("redeemDialog")
        self.setWindowTitle(self.tr("Redeem"))
        self.setModal(True)
        self.setMinimumWidth(min(440, max(280, parent.width() - 40) if parent else 440))
        self._clock = clock
        self._opened_at = clock()
        self._last_key_at: float | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(8)
        question = (
            self.tr("Redeem this reward voucher now?")
            if voucher
            else self.tr("Redeem this promotion now?")
        )
        self.question_label = plain_label("redeemQuestion", wrap=True)
        self.question_label.setText(question)
        self.value_label = plain_label("redeemValue", wrap=True)
        self.value_label.setText(value)
        self.name_label = plain_label("redeemName", wrap=True)
        self.name_label.setText(name)
        self.number_label = plain_label("redeemNumber", wrap=True)
        self.number_label.setText(self.tr("No. {number}").format(number=number) if number else "")
        self.number_label.setVisible(bool(number))
        self.hint_label = plain_label("redeemHint", wrap=True)
        self.hint_label.setText(
            self.tr("It is marked as used in Engage at once. Enter redeems, Esc cancels.")
        )
        base = self.font()
        self.question_label.setFont(scaled_font(base, 1.1, bold=True))
        self.value_label.setFont(scaled_font(base, 1.8, bold=True))
        self.name_label.setFont(scaled_font(base, 1.2, bold=True))
        self.number_label.setFont(scaled_font(base, 1.1))
        for label in (
            self.question_label,
            self.value_label,
            self.name_label,
            self.number_label,
            self.hint_label,
        ):
            layout.addWidget(label)

        self.confirm_button = QPushButton(self.tr("Redeem  Enter"))
        self.confirm_button.setObjectName("redeemConfirm")
        self.cancel_button = QPushButton(self.tr("Cancel  Esc"))
        self.cancel_button.setObjectName("redeemCancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.confirm_button):
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no key can press a button
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.confirm_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def showEvent(self, event: QShowEvent) -> None:
        self._opened_at = self._clock()
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def is_armed(self) -> bool:
        """Enter confirms from now on (the first :data:`ARM_MS` have passed)."""
        return self._clock() - self._opened_at >= ARM_MS

    def keyPressEvent(self, event: QKeyEvent) -> None:
        now = self._clock()
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            after_burst = self._last_key_at is not None and now - self._last_key_at < BURST_GAP_MS
            self._last_key_at = now
            event.accept()
            if self.is_armed() and not after_burst and not event.isAutoRepeat():
                self.accept()
            return
        if key == Qt.Key.Key_Escape:
            self._last_key_at = now
            self.reject()
            return
        self._last_key_at = now
        event.accept()  # typed or scanned characters go nowhere
