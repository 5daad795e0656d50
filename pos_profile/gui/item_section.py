"""ItemSection: one list of the panel (reward vouchers or promotions) with its history.

A title row, the usable rows, a note when there are none, and a collapsed history of used
and expired ones behind a toggle. RowModel holds presentation rows read-only; RowDelegate
paints them, wrapped to the list's width.

Space goes to what is usable: a list is never taller than its rows (one row takes one row),
the usable list shows at least :data:`MIN_USABLE_ROWS` rows when it has them, and opening the
history never shrinks it (the panel scrolls instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pos_profile import presentation
from pos_profile.gui.row_delegate import ROW_ROLE, RowDelegate
from pos_profile.gui.widgets import plain_label, scaled_font

Row: TypeAlias = presentation.VoucherRow | presentation.PromotionRow
"""What a list shows: a voucher or a promotion, as presentation computed it."""

MIN_USABLE_ROWS = 3
"""Rows a usable list keeps on screen however little room the panel has (it scrolls)."""
MIN_HISTORY_ROWS = 2
_MEASURED_ROWS = 40
"""Rows measured for a list's height; a longer list is as tall as there is room."""
_QWIDGETSIZE_MAX = (1 << 24) - 1


class RowModel(QAbstractListModel):
    """A read-only list of presentation rows (anything with a ``summary`` text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[Row] = ()

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> Sequence[Row]:
        return self._rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return str(row.summary)
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RowList(QListView):
    """A list of rows as tall as its rows (up to the room it gets), never an empty box.

    ``fitted()``: its minimum or maximum height changed (the panel's page re-fits)."""

    fitted = Signal()

    def __init__(self, min_rows: int) -> None:
        super().__init__()
        self._min_rows = min_rows
        self._fitted_width = -1
        self._held = 0
        self._fit_on_show = False
        self._cap = 1 << 30  # the height the rows were last measured up to
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self.fit_to_rows)

    def delegate(self) -> RowDelegate | None:
        delegate = self.itemDelegate()
        return delegate if isinstance(delegate, RowDelegate) else None

    def rows_height(self, limit: int, *, capped: bool = False) -> tuple[int, bool]:
        """Height of the first ``limit`` rows, and whether that is every row.

        ``capped``: stop at the screen's height. A list is never given more room than that,
        so rows past it cannot change how tall it is; they are measured later, in the list's
        own batched layout, not before the first paint."""
        model, delegate = self.model(), self.delegate()
        if model is None or delegate is None:
            return 0, True
        if not capped:
            return delegate.rows_height(model, limit)
        screen = self.screen()
        enough = max(
            screen.availableGeometry().height() if screen is not None else 1 << 30,
            self.window().height(),
        )
        self._cap = enough
        return delegate.rows_height(model, limit, enough)

    def fit_to_rows(self) -> None:
        """Minimum: the first rows (``min_rows``); maximum: every row (no empty space).

        A hidden list (a collapsed history, a list with no rows) is measured when it is
        shown, at the width it then has, not now at a width it no longer has."""
        if self.isHidden():
            self._fit_on_show = True
            return
        self._fit_on_show = False
        frame = self.frameWidth() * 2
        self._fitted_width = self.width()
        least, _ = self.rows_height(self._min_rows)
        most, complete = self.rows_height(_MEASURED_ROWS, capped=True)
        self.setMinimumHeight(max(least + frame, self._held))
        self.setMaximumHeight(most + frame if complete else _QWIDGETSIZE_MAX)
        self.updateGeometry()
        self.fitted.emit()

    def hold_height(self, hold: bool) -> None:
        """Keep the current height as the minimum (the history opened under this list)."""
        self._held = self.height() if hold and self.isVisible() else 0
        self.fit_to_rows()

    def sizeHint(self) -> QSize:
        most, _ = self.rows_height(_MEASURED_ROWS, capped=True)
        return QSize(super().sizeHint().width(), most + self.frameWidth() * 2)

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        if self._fit_on_show:
            self.fit_to_rows()

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        if e.size().height() > self._cap:  # more room than was measured for: measure on
            self._fit_timer.start(0)
        if e.size().width() != self._fitted_width:  # rows re-wrap: heights change
            delegate = self.delegate()
            if delegate is not None:
                delegate.sizeHintChanged.emit(QModelIndex())
            self._fit_timer.start(0)


class ItemSection(QWidget):
    """Title row, the list, an empty note and a collapsed history (toggle + list).

    ``row_chosen(row)``: the cashier clicked a usable row, pressed Enter on it, or Ctrl+C
    (the panel copies the code the POS needs).
    """

    row_chosen = Signal(object)
    history_opened = Signal()
    """The history list was opened (the panel scrolls it into view)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.column = layout

        self.title_row = QHBoxLayout()
        self.title = plain_label(f"{name}Title", wrap=True)
        self.title.setProperty("role", "sectionTitle")
        self.title_row.addWidget(self.title, 1)
        layout.addLayout(self.title_row)

        self.expiring = plain_label(f"{name}Expiring", wrap=True)
        self.expiring.setProperty("role", "expiringNote")
        layout.addWidget(self.expiring)

        self.model = RowModel(self)
        self.list = self._make_list(f"{name}List", self.model, history=False)
        self.delegate = self.list.itemDelegate()
        layout.addWidget(self.list, 1)

        self.empty = plain_label(f"{name}Empty", wrap=True)
        self.empty.setProperty("role", "emptyNote")
        layout.addWidget(self.empty)

        self.toggle = QToolButton()
        self.toggle.setObjectName(f"{name}HistoryToggle")
        self.toggle.setProperty("role", "historyToggle")
        self.toggle.setCheckable(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)

        self.history_model = RowModel(self)
        self.history = self._make_list(f"{name}HistoryList", self.history_model, history=True)
        self.history.setVisible(False)
        layout.addWidget(self.history, 0)
        layout.addStretch(0)  # what the lists (at their full height) leave, at the bottom
        self._toggle_texts = ("", "")
        self._min_timer = QTimer(self)
        self._min_timer.setSingleShot(True)
        self._min_timer.timeout.connect(self._hold_minimum)
        self.list.fitted.connect(self._min_timer.start)
        self.history.fitted.connect(self._min_timer.start)

    def _hold_minimum(self) -> None:
        """The height this section needs at its width, as an explicit minimum: the panel's
        height-for-width layout otherwise gives it its wrapped labels but not its lists'
        minimum rows, and the toggle would sit on the list."""
        layout = self.layout()
        if layout is None or self.width() <= 0:
            return
        needed = layout.minimumHeightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._min_timer.start(0)

    def _make_list(self, name: str, model: RowModel, *, history: bool) -> RowList:
        view = RowList(MIN_HISTORY_ROWS if history else MIN_USABLE_ROWS)
        view.setObjectName(name)
        view.setModel(model)
        delegate = RowDelegate(view, history=history)
        view.setItemDelegate(delegate)
        model.modelReset.connect(delegate.forget_layouts)
        view.setUniformItemSizes(False)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setLayoutMode(QListView.LayoutMode.Batched)
        view.setBatchSize(50)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        view.setTabKeyNavigation(False)
        view.setMinimumWidth(120)
        if not history:  # a usable row: Enter, a click or Ctrl+C hands its code to the POS
            view.clicked.connect(lambda index: self._choose(view, index))
            view.activated.connect(lambda index: self._choose(view, index))
            copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), view)
            copy.setContext(Qt.ShortcutContext.WidgetShortcut)
            copy.activated.connect(lambda: self._choose(view, view.currentIndex()))
        return view

    def _choose(self, view: QListView, index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        if row is not None:
            view.setCurrentIndex(view.model().index(index.row(), 0))
            self.row_chosen.emit(row)

    def set_rows(
        self,
        rows: Sequence[Row],
        history: Sequence[Row],
        *,
        empty_text: str,
        toggle_texts: tuple[str, str],
    ) -> None:
        self.model.set_rows(rows)
        self.history_model.set_rows(history)
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.empty.setText(empty_text)
        self._toggle_texts = toggle_texts
        self.toggle.setVisible(bool(history))
        self.toggle.setChecked(False)
        self._on_toggle_toggled(False)  # fits both lists
        if rows:
            self.list.scrollToTop()

    def weight(self) -> int:
        """How much of the panel's spare height this section asks for: its usable rows."""
        return min(self.model.rowCount(), 6)

    def _on_toggle_toggled(self, checked: bool) -> None:
        self.list.hold_height(checked)  # the history never takes the usable rows' room
        self.history.setVisible(checked and self.history_model.rowCount() > 0)
        self.history.fit_to_rows()
        self.toggle.setText(self._toggle_texts[1] if checked else self._toggle_texts[0])
        if checked:
            self.history_opened.emit()

    def set_base_font(self, font: QFont, *, compact: bool) -> None:
        for view in (self.list, self.history):
            delegate = view.itemDelegate()
            if isinstance(delegate, RowDelegate):
                delegate.set_base_font(font)
                delegate.set_compact(compact)
            view.reset()
            view.fit_to_rows()
        self.title.setFont(scaled_font(font, 1.25 if compact else 1.4, bold=True))
        self.empty.setFont(scaled_font(font, 1.1))
        self.toggle.setFont(scaled_font(font, 1.0, bold=True))
