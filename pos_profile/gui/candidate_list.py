"""CandidateList: "several members match" as a list to pick from.

Engage answers 409 when an identifier (a family's shared e-mail) belongs to several
contacts. The controller fetches up to five of them by contact id; this page shows one row
each, with only what tells them apart (:mod:`pos_profile.presentation.candidate`). Nothing
is picked automatically: the cashier asks the customer, then picks with ↑/↓ and Enter or a
click. Rows still being fetched, or that could not be fetched, cannot be picked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_profile.gui.translations import translate_lookup_kind

if TYPE_CHECKING:
    from pos_profile.presentation import CandidateRow

_CONTACT_ID = Qt.ItemDataRole.UserRole
_KEEP_WHOLE = 24
NBSP = "\u00a0"
_PICKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class _Rows(QListWidget):
    """The rows. ↓/↑ with nothing selected selects the first/last row (Qt would move past
    the row it made current on focus-in); Enter picks the selected row, never a merely
    current one."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not self.selectedItems():
            rows = (
                range(self.count()) if key == Qt.Key.Key_Down else range(self.count() - 1, -1, -1)
            )
            for row in rows:
                if self.item(row).flags() & Qt.ItemFlag.ItemIsSelectable:
                    self.setCurrentRow(row)
                    return
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            selected = self.selectedItems()
            if selected:
                self.activated_row.emit(self.row(selected[0]))
            event.accept()
            return
        super().keyPressEvent(event)


class CandidateList(QWidget):
    """The several-matches page.

    Signals:
        picked(str): the cashier picked the match with this contact id.
    """

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidateList")
        self._title = QLabel()
        self._title.setObjectName("candidateTitle")
        self._title.setWordWrap(True)
        self._hint = QLabel()
        self._hint.setObjectName("candidateHint")
        self._hint.setWordWrap(True)
        self.rows = _Rows()
        self.rows.setObjectName("candidateRows")
        self.rows.setWordWrap(True)
        self.rows.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rows.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.rows.setAccessibleName(self.tr("Matching members"))
        self.rows.activated_row.connect(self._pick_row)
        self.rows.itemClicked.connect(lambda item: self._pick_row(self.rows.row(item)))
        self.rows.setSpacing(4)
        title_font = self._title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        self._title.setFont(title_font)
        rows_font = self.rows.font()
        rows_font.setPointSizeF(rows_font.pointSizeF() * 1.15)
        self.rows.setFont(rows_font)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addWidget(self.rows, 1)

    def start(self, shown: int, total: int, searched_kind_label: str) -> None:
        """``shown`` rows are on their way (of ``total`` matches), found by that kind."""
        kind = translate_lookup_kind(searched_kind_label)
        self._title.setText(self.tr("Several members match"))
        hint = self.tr("{n} members have this {kind}.").format(n=total, kind=kind)
        if total > shown:
            hint += " " + self.tr("Showing {shown} of them.").format(shown=shown)
        hint += " " + self.tr(
            "Ask the customer which one, then pick with ↑/↓ and Enter, or click. "
            "Nobody is picked automatically."
        )
        self._hint.setText(hint)
        self.rows.clear()
        for index in range(shown):
            item = QListWidgetItem(self.tr("Fetching match {n}…").format(n=index + 1))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.rows.addItem(item)

    def set_row(self, index: int, row: CandidateRow) -> None:
        item = self.rows.item(index)
        if item is None or not row.contact_id:
            return
        # A short fact ("+46 *******55", "Member no. 7003301184") never breaks inside.
        details = [d.replace(" ", NBSP) if len(d) <= _KEEP_WHOLE else d for d in row.details]
        item.setText("\n".join((row.title, " · ".join(details))) if details else row.title)
        item.setData(_CONTACT_ID, row.contact_id)
        item.setFlags(_PICKABLE)

    def set_failed(self, index: int) -> None:
        item = self.rows.item(index)
        if item is not None:
            item.setText(self.tr("Match {n} could not be fetched.").format(n=index + 1))
            item.setFlags(Qt.ItemFlag.NoItemFlags)

    def clear(self) -> None:
        self.rows.clear()

    def texts(self) -> list[str]:
        """Every row's text (tests and screenshots)."""
        return [self.rows.item(i).text() for i in range(self.rows.count())]

    def _pick_row(self, index: int) -> None:
        item = self.rows.item(index)
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsSelectable:
            return
        contact_id = item.data(_CONTACT_ID)
        if isinstance(contact_id, str) and contact_id:
            self.picked.emit(contact_id)
