"""RowDelegate: paints a reward-voucher or promotion row of the panel's lists.

A value/action column beside lines of text; rows have a uniform height so a list of
hundreds stays fast (the view never measures each row). Colours are the panel's palette
(the rest of the panel is styled in ``resources/style/app.qss``); contrast ratios are noted
beside them. Every state also has a symbol and words: the expiry warning is an icon, a bar
and bold text, never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from pos_profile import presentation
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
_FOCUS = QColor("#1d4ed8")

ROW_LINES = 3
"""Lines of a row: name / number (whole: it is keyed in) / expiry."""


class RowDelegate(QStyledItemDelegate):
    """Paints a voucher or promotion row: a value/action column beside lines of text.

    Vouchers: value | name / number + expiry (expiry on its own line in compact mode).
    Promotions: what the till must do | name / instruction or description / expiry.
    Expiring rows get an amber bar, the warning icon and the expiry text in bold: the
    message survives without colour. Rows have a uniform height, so views stay fast.
    """

    _PAD = 8
    _GAP = 3

    def __init__(self, view: QListView, *, history: bool) -> None:
        super().__init__(view)
        self._history = history
        self._compact = False
        self._icon: QIcon = view.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.set_base_font(view.font())

    def set_base_font(self, base: QFont) -> None:
        self._value_font = scaled_font(base, 1.45, bold=True)
        self._title_font = scaled_font(base, 1.15, bold=True)
        self._small_font = scaled_font(base, 1.0)
        self._small_bold = scaled_font(base, 1.0, bold=True)
        self._value_metrics = QFontMetrics(self._value_font)
        self._title_metrics = QFontMetrics(self._title_font)
        self._small_metrics = QFontMetrics(self._small_font)
        self._small_bold_metrics = QFontMetrics(self._small_bold)

    def set_compact(self, compact: bool) -> None:
        self._compact = compact

    def _first_line_height(self) -> int:
        return max(self._value_metrics.height(), self._title_metrics.height())

    def row_height(self) -> int:
        small = self._small_bold_metrics.height()
        return self._PAD * 2 + self._first_line_height() + (ROW_LINES - 1) * (small + self._GAP)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(200, self.row_height())

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        soon = bool(row.expiry.soon) and not self._history
        muted = self._history or (isinstance(row, presentation.PromotionRow) and not row.at_till)

        painter.save()
        background = _SELECTED_BG if selected else (_WARN_BG if soon else QColor("#ffffff"))
        painter.fillRect(rect, background)
        if soon:
            painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), _WARN_BAR)
        painter.setPen(QPen(_FAINT_LINE, 1))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        if selected and focused:
            painter.setPen(QPen(_FOCUS, 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

        pad = self._PAD
        left = rect.left() + pad + (4 if soon else 0)
        right = rect.right() - pad
        column = 92 if self._compact else 124
        first_h = self._first_line_height()
        small_h = self._small_bold_metrics.height()
        lines = [QRect(left, rect.top() + pad, right - left, first_h)]
        top = rect.top() + pad + first_h + self._GAP
        for _ in range(ROW_LINES - 1):
            lines.append(QRect(left, top, right - left, small_h))
            top += small_h + self._GAP
        text_left = left + column + pad

        if isinstance(row, presentation.VoucherRow):
            self._paint_voucher(painter, row, lines, column, text_left, soon, muted)
        elif isinstance(row, presentation.PromotionRow):
            self._paint_promotion(painter, row, lines, column, text_left, soon, muted)
        painter.restore()

    # -- pieces

    def _paint_expiry(
        self,
        painter: QPainter,
        text: str,
        line: QRect,
        left: int,
        soon: bool,
        muted: bool,
        *,
        align_right: bool,
    ) -> int:
        """Icon (when soon) + text within [left, line.right()]; returns the left edge used."""
        font = self._small_bold if soon else self._small_font
        metrics = self._small_bold_metrics if soon else self._small_metrics
        icon = min(line.height(), 18) if soon else 0
        room = line.right() - left - (icon + 4 if soon else 0)
        if align_right and not self._compact:
            room = min(room, line.width() // 2)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0))
        width = metrics.horizontalAdvance(shown)
        x = line.right() - width if align_right else left + (icon + 4 if soon else 0)
        if soon:
            icon_rect = QRect(x - icon - 4, line.top() + (line.height() - icon) // 2, icon, icon)
            self._icon.paint(painter, icon_rect)
        painter.setFont(font)
        painter.setPen(_WARN_TEXT if soon else (_MUTED if muted else _TEXT))
        painter.drawText(
            QRect(x, line.top(), width + 2, line.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            shown,
        )
        return x - (icon + 4 if soon else 0)

    def _paint_column(
        self,
        painter: QPainter,
        text: str,
        line: QRect,
        column: int,
        color: QColor,
        font: QFont,
        metrics: QFontMetrics,
    ) -> None:
        painter.setFont(font)
        painter.setPen(color)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, column)
        painter.drawText(
            QRect(line.left(), line.top(), column, line.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
            shown,
        )

    def _paint_text(
        self,
        painter: QPainter,
        text: str,
        left: int,
        right: int,
        line: QRect,
        font: QFont,
        metrics: QFontMetrics,
        color: QColor,
    ) -> None:
        if right <= left or not text:
            return
        painter.setFont(font)
        painter.setPen(color)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, right - left)
        painter.drawText(
            QRect(left, line.top(), right - left, line.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            shown,
        )

    def _paint_voucher(
        self,
        painter: QPainter,
        row: presentation.VoucherRow,
        lines: list[QRect],
        column: int,
        text_left: int,
        soon: bool,
        muted: bool,
    ) -> None:
        main = _MUTED if muted else _TEXT
        first = lines[0]
        number = (
            QCoreApplication.translate("ProfileView", "No. {number}").format(number=row.number)
            if row.number
            else ""
        )
        expiry = row.status_text or row.expiry.text
        if self._compact:  # value + expiry / name / number, each line full width
            value_right = self._paint_leading(painter, row.value_text, first, main)
            self._paint_expiry(
                painter, expiry, first, value_right + 12, soon, muted, align_right=True
            )
            self._paint_text(
                painter, row.name, first.left(), first.right(), lines[1],
                self._title_font, self._title_metrics, main,
            )  # fmt: skip
            self._paint_text(
                painter, number, first.left(), first.right(), lines[2],
                self._small_font, self._small_metrics, _MUTED,
            )  # fmt: skip
            return
        self._paint_column(
            painter, row.value_text, first, column, main, self._value_font, self._value_metrics
        )
        self._paint_text(
            painter, row.name, text_left, first.right(), first,
            self._title_font, self._title_metrics, main,
        )  # fmt: skip
        # The voucher number is what the cashier keys in: a line of its own, never elided.
        self._paint_text(
            painter, number, text_left, first.right(), lines[1],
            self._small_font, self._small_metrics, _MUTED,
        )  # fmt: skip
        self._paint_expiry(painter, expiry, lines[2], text_left, soon, muted, align_right=False)

    def _paint_leading(self, painter: QPainter, text: str, line: QRect, color: QColor) -> int:
        """The value/action in large type at the start of a compact row; returns its right."""
        shown = self._value_metrics.elidedText(
            text, Qt.TextElideMode.ElideRight, max(line.width() // 2, 40)
        )
        width = self._value_metrics.horizontalAdvance(shown)
        painter.setFont(self._value_font)
        painter.setPen(color)
        painter.drawText(
            QRect(line.left(), line.top(), width + 2, line.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            shown,
        )
        return line.left() + width

    def _paint_promotion(
        self,
        painter: QPainter,
        row: presentation.PromotionRow,
        lines: list[QRect],
        column: int,
        text_left: int,
        soon: bool,
        muted: bool,
    ) -> None:
        main = _MUTED if muted else _TEXT
        first, second, third = lines[0], lines[1], lines[2]
        expiry = row.status_text or row.expiry.text
        if row.channel_note:
            expiry = f"{row.channel_note} · {expiry}"
        if self._compact:  # action + expiry / name / instruction or description
            short = bool(row.action) and len(row.action) <= 14
            lead = row.action if short else row.action_label
            lead_right = self._paint_leading(painter, lead, first, main)
            self._paint_expiry(
                painter, expiry, first, lead_right + 12, soon, muted, align_right=True
            )
            self._paint_text(
                painter, row.title, first.left(), first.right(), second,
                self._title_font, self._title_metrics, main,
            )  # fmt: skip
            if short:
                detail = " — ".join(p for p in (row.heading, row.description) if p)
                font, metrics, color = self._small_font, self._small_metrics, _MUTED
            else:
                detail = row.action
                font, metrics, color = self._small_bold, self._small_bold_metrics, main
            self._paint_text(
                painter, detail, first.left(), first.right(), third, font, metrics, color
            )
            return
        fits = bool(row.action) and self._value_metrics.horizontalAdvance(row.action) <= column
        if fits:
            self._paint_column(
                painter, row.action, first, column, main, self._value_font, self._value_metrics
            )
            self._paint_column(
                painter, row.action_label, second, column, _MUTED,
                self._small_font, self._small_metrics,
            )  # fmt: skip
        else:
            self._paint_column(
                painter, row.action_label, first, column, main,
                self._title_font, self._title_metrics,
            )  # fmt: skip
        self._paint_text(
            painter, row.title, text_left, first.right(), first,
            self._title_font, self._title_metrics, main,
        )  # fmt: skip
        if fits:
            detail = " — ".join(p for p in (row.heading, row.description) if p)
            font, metrics, color = self._small_font, self._small_metrics, _MUTED
        else:  # the instruction or code is what the cashier must read
            detail = row.action
            font, metrics, color = self._small_bold, self._small_bold_metrics, main
        self._paint_text(painter, detail, text_left, second.right(), second, font, metrics, color)
        self._paint_expiry(painter, expiry, third, text_left, soon, muted, align_right=False)
