"""ContactTypeBox: the contact-type selector that is good for one customer only.

The configured ``[engage] contact_type`` is the default. A cashier may switch it (F3) to
look one customer up as, say, a "contact"; the window puts it back to the default once that
customer is done (found, cleared, Esc, idle clear, or the next scan), so the next member's
card is never looked up with the wrong type. In compact mode the box is hidden while it
shows the default and always visible when it does not; F3 shows it in place and opens its
list there (never as a detached popup over the search box).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QWidget


class ContactTypeBox(QComboBox):
    """A combo box of contact types with a default to return to."""

    def __init__(self, default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactTypeBox")
        self._default = default
        self._compact = False
        self._opened = False  # F3 showed it in compact mode; hidden again when closed
        self.currentIndexChanged.connect(self._update)
        # Child timers (not QTimer.singleShot with a callable): they die with the box.
        self._open_later = self._timer(self.showPopup)
        self._update_later = self._timer(self._update)

    def _timer(self, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    @property
    def default(self) -> str:
        return self._default

    def value(self) -> str:
        return str(self.currentData() or self._default)

    def is_default(self) -> bool:
        return self.value() == self._default

    def set_default(self, value: str, label: str) -> None:
        """A new configured type (setup saved): add it when new, and select it."""
        self._default = value
        if self.findData(value) < 0:
            self.insertItem(0, label, value)
        self.reset()

    def reset(self) -> None:
        """Back to the configured default (the customer is done)."""
        index = self.findData(self._default)
        if index >= 0:
            self.setCurrentIndex(index)
        self._update()

    def set_compact(self, compact: bool) -> None:
        self._compact = compact
        self._update()

    def open_in_place(self) -> None:
        """F3: show the box where it sits and open its list over it."""
        self._opened = True
        self._update()
        self.setFocus()
        # The layout places a box that was hidden on the next pass: open the list then,
        # so it opens at the box and not where a hidden widget's geometry says.
        self._open_later.start()

    def hidePopup(self) -> None:
        super().hidePopup()
        self._opened = False
        self._update_later.start()

    def _update(self) -> None:
        shown = not self._compact or self._opened or not self.is_default()
        self.setProperty("notDefault", not self.is_default())
        self.style().unpolish(self)
        self.style().polish(self)
        if self.parentWidget() is not None or not shown:  # never a window of its own
            self.setVisible(shown)
