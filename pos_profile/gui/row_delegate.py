"""RowDelegate: paints a reward-voucher or promotion row of the panel's lists.

A value/action column beside lines of text (:mod:`pos_profile.gui.row_layout` places them).
Every text wraps instead of eliding, so a row is as tall as its text at the list's width;
the layouts are cached per width, so a list of hundreds stays fast. Colours are the panel's
palette (the rest of the panel is styled in ``resources/style/app.qss``); contrast ratios are
noted beside them. Every state also has a symbol and words: the expiry warning is an icon, a
bar and bold text, never colour alone. The row in focus has a 3 px ring.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from pos_profile import presentation
from pos_profile.gui.row_layout import RowFonts, RowLayout, lay_out_row
from pos_profile.gui.widgets import scaled_font

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""Model role holding the presentation row (VoucherRow or PromotionRow)."""

_TEXT = QColor("#1b1f24")
_MUTED = QColor("#4b5563")  # 7.6:1 on white
_FAINT_LINE = QColor("#e2e5ea")
_WARN_BG = QColor("#fff3cd")
_WARN_TEXT = QColor("#6b3f00")  # 8.9:1 on the amber background
_WARN_BAR = QColor("#c77700")
_SELECTED_BG = QColor("#dde9fb")
FOCUS_RING = QColor("#1d4ed8")  # 6.7:1 on white, 5.5:1 on the selected/amber backgrounds
FOCUS_RING_WIDTH = 3

_CACHED_WIDTHS = 3
"""Widths whose layouts are kept (a resize sweep does not grow the cache without end)."""


class RowDelegate(QStyledItemDelegate):
    """Paints a voucher or promotion row: a value/action column beside wrapped text.

    Vouchers: value | name / number / expiry. Promotions: what the till must do | name /
    instruction or description / expiry. Expiring rows get an amber bar, the warning icon and
    the expiry text in bold: the message survives without colour.
    """

    def __init__(self, view: QListView, *, history: bool) -> None:
        super().__init__(view)
        self._view = view
        self._history = history
        self._compact = False
        self._icon: QIcon = view.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._cache: dict[int, dict[int, RowLayout]] = {}
        self._heights: dict[tuple[int, int, int], tuple[int, bool]] = {}
        self._text_width: tuple[int, int] = (-1, 0)  # (view width, text width)
        self.set_base_font(view.font())
        view.viewport().installEventFilter(self)

    # ------------------------------------------------------------------ settings

    def set_base_font(self, base: QFont) -> None:
        self._fonts = RowFonts(
            value=scaled_font(base, 1.45, bold=True),
            title=scaled_font(base, 1.15, bold=True),
            small=scaled_font(base, 1.0),
            small_bold=scaled_font(base, 1.0, bold=True),
        )
        self.forget_layouts()

    def set_compact(self, compact: bool) -> None:
        self._compact = compact
        self.forget_layouts()

    def forget_layouts(self) -> None:
        """Drop cached layouts (new rows, fonts or mode)."""
        self._cache.clear()
        self._heights.clear()
        self._text_width = (-1, 0)

    # ------------------------------------------------------------------ layout

    def text_width(self) -> int:
        """The width rows are laid out for: the viewport less room for a scroll bar, so a
        scroll bar appearing never re-wraps the rows."""
        view = self._view
        width = view.width()
        if self._text_width[0] != width:  # asked for every row: measured once per width
            bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
            frame = view.frameWidth() * 2
            self._text_width = (width, max(width - frame - bar, 60))
        return self._text_width[1]

    def rows_height(
        self, model: QAbstractItemModel, limit: int, enough: int = 1 << 30
    ) -> tuple[int, bool]:
        """Height of the first ``limit`` rows of ``model`` at the current width, and whether
        that is every row; measuring stops once ``enough`` pixels are reached (the rows then
        count as not all measured). Cached with the layouts: the list asks on every fit."""
        width = self.text_width()
        key = (width, limit, enough)
        known = self._heights.get(key)
        if known is not None:
            return known
        count = model.rowCount()
        total = 0
        measured = 0
        for row in range(min(count, limit)):
            layout = self.row_layout(model.index(row, 0))
            total += layout.height if layout is not None else 0
            measured += 1
            if total >= enough:
                break
        known = self._heights[key] = (total, measured == count)
        return known

    def row_layout(self, index: QModelIndex | QPersistentModelIndex) -> RowLayout | None:
        """The layout of the row at ``index`` at the current width (cached)."""
        width = self.text_width()
        by_row = self._cache.get(width)
        if by_row is not None:  # the list asks several times per row and layout pass
            known = by_row.get(index.row())
            if known is not None:
                return known
        row = index.data(ROW_ROLE)
        if row is None:
            return None
        if by_row is None:
            if len(self._cache) >= _CACHED_WIDTHS:
                self._cache.pop(next(iter(self._cache)))
                self._heights = {k: v for k, v in self._heights.items() if k[0] in self._cache}
            by_row = self._cache[width] = {}
        layout = by_row.get(index.row())
        if layout is None:
            layout = lay_out_row(
                row, width, self._fonts, compact=self._compact, soon=self._soon(row)
            )
            by_row[index.row()] = layout
        return layout

    @staticmethod
    def _color(role: str, font: QFont, *, soon: bool, muted: bool) -> QColor:
        if role == "expiry" and soon:
            return _WARN_TEXT
        if role == "label" or (role == "detail" and not font.bold()):
            return _MUTED
        return _MUTED if muted else _TEXT

    def _soon(self, row: presentation.VoucherRow | presentation.PromotionRow) -> bool:
        return bool(row.expiry.soon) and not self._history

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        layout = self.row_layout(index)
        return QSize(self.text_width(), layout.height if layout is not None else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # new width: the rows re-wrap
            self.sizeHintChanged.emit(QModelIndex())
        return False

    # ------------------------------------------------------------------ paint

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ROW_ROLE)
        layout = self.row_layout(index)
        if row is None or layout is None:
            return
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus) and self._view.hasFocus()
        soon = self._soon(row)
        muted = self._history or (isinstance(row, presentation.PromotionRow) and not row.at_till)

        painter.save()
        painter.setClipRect(rect)
        background = _SELECTED_BG if selected or focused else (_WARN_BG if soon else QColor("#fff"))
        painter.fillRect(rect, background)
        if soon:
            painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), _WARN_BAR)
        painter.setPen(QPen(_FAINT_LINE, 1))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        for piece in layout.pieces:
            if piece.icon is not None:
                self._icon.paint(painter, piece.icon.translated(rect.topLeft()))
            painter.setPen(self._color(piece.role, piece.layout.font(), soon=soon, muted=muted))
            piece.layout.draw(painter, piece.origin + rect.topLeft().toPointF())
        if focused:
            half = FOCUS_RING_WIDTH // 2
            painter.setPen(QPen(FOCUS_RING, FOCUS_RING_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(half + 1, half, -half - 1, -half - 1))
        painter.restore()
