"""MainWindow: the top-level cashier window: where it sits, its size, closing, and its content.

It is the first thing a till's process shows, so this module imports only PySide6 classes
and :mod:`pos_profile.gui.placement` (a strip beside the POS also needs Qt's ``Qt``
namespace): the window maps and paints "Starting…" (:class:`StartingPage`) before pydantic,
httpx, the keyring, the scanner filter or the panel's modules load. Once they have, the
cashier's view (:class:`~pos_profile.gui.cashier_view.CashierView`) becomes its content
(:meth:`MainWindow.set_view`) in the same native window: nothing is mapped twice, the window
does not move and a strip never takes the focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from pos_profile.gui import placement as placement_module

if TYPE_CHECKING:
    from pos_profile.gui.cashier_view import CashierView

DEFAULT_SIZE = (900, 680)


class StartingPage(QWidget):
    """The first screen: the status view's "…" symbol, title and detail, centred (by the
    style sheet, ``#startingPage QLabel``), in the same fonts as the status view."""

    def __init__(self, title: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startingPage")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.labels: list[QLabel] = []
        for name, text in (("statusSymbol", "…"), ("statusTitle", title), ("statusDetail", detail)):
            label = QLabel(text)
            label.setObjectName(name)
            label.setWordWrap(True)
            layout.addWidget(label)
            self.labels.append(label)
        layout.addStretch(3)

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels[1:]]


class MainWindow(QMainWindow):
    """The cashier window: a normal window that remembers its geometry, or a strip beside
    the POS (``placement`` "left"/"right", ``strip_width`` px, kept on top, shown without
    taking the focus; :mod:`pos_profile.gui.placement`)."""

    def __init__(
        self,
        *,
        placement: str = "window",
        strip_width: int = 380,
        state_store: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("pos-profile")
        self._placement = placement
        self._state_store = state_store
        self._view: CashierView | None = None
        if placement_module.is_strip(placement):
            placement_module.prepare_strip(self)
            placement_module.place_strip(self, placement, strip_width)
        else:
            self._restore_geometry()

    @property
    def is_strip(self) -> bool:
        return placement_module.is_strip(self._placement)

    @property
    def view(self) -> CashierView | None:
        """The cashier's view, once :meth:`set_view` has put it in (None while starting)."""
        return self._view

    def show_starting(self, title: str, detail: str) -> StartingPage:
        """Show the first screen (before the cashier's view exists)."""
        page = StartingPage(title, detail)
        self.setCentralWidget(page)
        return page

    def set_view(self, view: CashierView) -> None:
        """The cashier's view becomes the window's content (the starting page goes)."""
        self._view = view
        self.setCentralWidget(view)

    def _restore_geometry(self) -> None:
        self.resize(*DEFAULT_SIZE)
        if self._state_store is None:
            return
        geometry = self._state_store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._view is not None and not self._view.may_close():
            event.ignore()  # a redeem in flight, and the cashier said wait
            return
        if self._state_store is not None and not self.is_strip:
            self._state_store.setValue("window/geometry", self.saveGeometry())
            self._state_store.sync()
        if self._view is not None:
            self._view.stop_watching()
        super().closeEvent(event)


__all__ = ["DEFAULT_SIZE", "MainWindow", "StartingPage"]
