"""ProfileView: the customer panel.

It lays out what :mod:`pos_profile.presentation` computed (no business rules here): a big
header with the name (or "Protected identity"), facts, tier and points; the cashier actions
from warnings; reward vouchers and promotions as model/view lists painted by a delegate (fast
with hundreds of rows), each with a collapsed history; consents, preferences and audiences.

Expiring items carry a warning icon *and* text, never colour alone. Everything coming from
the payload is shown as plain text (a name such as ``<b>x`` is never interpreted as markup).
The panel never takes keyboard focus by itself: the lists are reachable with Tab and scroll
with the arrow/page keys; the history toggles take focus only from Tab.

Key widgets carry object names for tests and the main window: ``customerName``,
``tierLabel``, ``pointsLabel``, ``warningsBox``, ``voucherTotal``, ``voucherList``,
``voucherHistoryList``, ``voucherHistoryToggle``, ``promotionList``, ``promotionHistoryList``,
``promotionHistoryToggle``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pos_profile import presentation
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.translations import translate_error
from pos_profile.presenter import PresentedPoints, PresentedProfile

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models

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
_BADGE_BG = QColor("#e8eef7")
_BADGE_TEXT = QColor("#12355b")

_STYLE = """
ProfileView { background: #ffffff; }
QLabel { color: #1b1f24; }
QLabel#customerName { font-weight: 700; }
QLabel#protectedNote, QLabel#customerFacts, QLabel#customerContact { color: #374151; }
QLabel#tierBadge {
    background: #12355b; color: #ffffff; border-radius: 6px; padding: 3px 10px;
    font-weight: 700;
}
QLabel#pointsLabel[state="error"] { color: #8a1c1c; }
QFrame#warningsBox {
    background: #fff3cd; border: 1px solid #c77700; border-left: 6px solid #c77700;
    border-radius: 4px;
}
QFrame#warningsBox QLabel { color: #5c3600; font-weight: 600; background: transparent; }
QLabel[role="sectionTitle"] { font-weight: 700; color: #12355b; }
QLabel#voucherTotal { font-weight: 700; color: #0b5d1e; }
QLabel[role="expiringNote"] { color: #6b3f00; font-weight: 600; }
QLabel[role="emptyNote"] { color: #4b5563; padding: 8px 2px; }
QLabel[role="tag"] {
    background: #eef2f7; color: #1f2937; border: 1px solid #cfd6e0; border-radius: 10px;
    padding: 2px 8px;
}
QLabel[role="detail"] { color: #374151; }
QListView { border: 1px solid #d5dae1; border-radius: 4px; background: #ffffff; }
QListView:focus { border: 2px solid #1d4ed8; }
QToolButton[role="historyToggle"] {
    border: none; color: #12355b; padding: 4px 2px; font-weight: 600; text-align: left;
}
QToolButton[role="historyToggle"]:focus { border: 2px solid #1d4ed8; border-radius: 3px; }
QFrame#sectionRule { color: #d5dae1; }
"""


def _unbreakable(text: str) -> str:
    """Keep one fact on one line: wrap only between facts, never inside ``19860412-****``."""
    return text.replace(" ", "\u00a0").replace("-", "\u2011")


def _plain_label(name: str = "", *, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # payload text is never markup
    label.setWordWrap(wrap)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if name:
        label.setObjectName(name)
    return label


def _scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font


# --------------------------------------------------------------------------- model


class _RowModel(QAbstractListModel):
    """A read-only list of presentation rows (anything with a ``summary`` text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[Any] = ()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> Sequence[Any]:
        return self._rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
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


# --------------------------------------------------------------------------- delegate


class _RowDelegate(QStyledItemDelegate):
    """Paints a voucher or promotion row: a value/action column beside lines of text.

    Vouchers: value | name / number + expiry (expiry on its own line in compact mode).
    Promotions: what the till must do | name / instruction or description / expiry.
    Expiring rows get an amber bar, the warning icon and the expiry text in bold: the
    message survives without colour. Rows have a uniform height, so views stay fast.
    """

    _PAD = 8
    _GAP = 3

    def __init__(self, view: QListView, *, kind: str, history: bool) -> None:
        super().__init__(view)
        self._kind = kind
        self._history = history
        self._compact = False
        self._icon: QIcon = view.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.set_base_font(view.font())

    def set_base_font(self, base: QFont) -> None:
        self._value_font = _scaled_font(base, 1.45, bold=True)
        self._title_font = _scaled_font(base, 1.15, bold=True)
        self._small_font = _scaled_font(base, 1.0)
        self._small_bold = _scaled_font(base, 1.0, bold=True)
        self._value_metrics = QFontMetrics(self._value_font)
        self._title_metrics = QFontMetrics(self._title_font)
        self._small_metrics = QFontMetrics(self._small_font)
        self._small_bold_metrics = QFontMetrics(self._small_bold)

    def set_compact(self, compact: bool) -> None:
        self._compact = compact

    def _line_count(self) -> int:
        return 3  # vouchers: name / number (whole, it is keyed in) / expiry

    def _first_line_height(self) -> int:
        return max(self._value_metrics.height(), self._title_metrics.height())

    def row_height(self) -> int:
        small = self._small_bold_metrics.height()
        return (
            self._PAD * 2
            + self._first_line_height()
            + (self._line_count() - 1) * (small + self._GAP)
        )

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
        for _ in range(self._line_count() - 1):
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


# --------------------------------------------------------------------------- sections


class _ItemSection(QWidget):
    """Title row, the list, an empty note and a collapsed history (toggle + list)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.column = layout

        self.title_row = QHBoxLayout()
        self.title = _plain_label(f"{name}Title")
        self.title.setProperty("role", "sectionTitle")
        self.title_row.addWidget(self.title)
        self.title_row.addStretch(1)
        layout.addLayout(self.title_row)

        self.expiring = _plain_label(f"{name}Expiring", wrap=True)
        self.expiring.setProperty("role", "expiringNote")
        layout.addWidget(self.expiring)

        self.model = _RowModel(self)
        self.list = self._make_list(f"{name}List", self.model, kind=name, history=False)
        self.delegate = self.list.itemDelegate()
        layout.addWidget(self.list, 1)

        self.empty = _plain_label(f"{name}Empty", wrap=True)
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

        self.history_model = _RowModel(self)
        self.history = self._make_list(
            f"{name}HistoryList", self.history_model, kind=name, history=True
        )
        self.history.setVisible(False)
        layout.addWidget(self.history, 1)
        layout.addStretch(0)  # takes the space only while both lists are hidden
        self._toggle_texts = ("", "")

    def _make_list(self, name: str, model: _RowModel, *, kind: str, history: bool) -> QListView:
        view = QListView()
        view.setObjectName(name)
        view.setModel(model)
        view.setItemDelegate(_RowDelegate(view, kind=kind, history=history))
        view.setUniformItemSizes(True)
        view.setLayoutMode(QListView.LayoutMode.SinglePass)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        view.setTabKeyNavigation(False)
        view.setMinimumSize(120, 80)
        return view

    def set_rows(
        self,
        rows: Sequence[Any],
        history: Sequence[Any],
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
        self._on_toggle_toggled(False)
        if rows:
            self.list.scrollToTop()

    def _on_toggle_toggled(self, checked: bool) -> None:
        self.history.setVisible(checked and self.history_model.rowCount() > 0)
        self.toggle.setText(self._toggle_texts[1] if checked else self._toggle_texts[0])

    def set_base_font(self, font: QFont, *, compact: bool) -> None:
        for view in (self.list, self.history):
            delegate = view.itemDelegate()
            if isinstance(delegate, _RowDelegate):
                delegate.set_base_font(font)
                delegate.set_compact(compact)
            view.reset()
        self.title.setFont(_scaled_font(font, 1.25 if compact else 1.4, bold=True))
        self.empty.setFont(_scaled_font(font, 1.1))
        self.toggle.setFont(_scaled_font(font, 1.0, bold=True))


# --------------------------------------------------------------------------- the panel


class ProfileView(QWidget):
    """The customer panel. Renders a ContactOverview; points fill in later.

    Methods: ``show_profile(overview, *, now)``, ``show_points_loading()``,
    ``show_points(point_accounts)``, ``show_points_error(message)``, ``clear()``,
    ``set_compact(bool)``, ``set_options(PanelOptions)``. Points calls are ignored while no
    profile is shown, so a late answer never lands on an empty panel.
    """

    _BASE_POINT_SIZE: ClassVar[float] = 11.0

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        options: presentation.PanelOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(_STYLE)
        self._options = options or presentation.PanelOptions()
        self._tr_presentation = presentation_translator()
        self._now: dt.datetime | None = None
        self._overview: models.ContactOverview | None = None
        self._shown: presentation.ProfilePresentation | None = None
        self._warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._build()
        self._apply_compact(self._options.compact)
        self.clear()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        self._root = root

        # Header: name + tier badge, facts, contact details, tier, points.
        name_row = QHBoxLayout()
        name_row.setSpacing(12)
        self.name_label = _plain_label("customerName", wrap=True)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.tier_badge = _plain_label("tierBadge")
        name_row.addWidget(self.name_label, 1)
        name_row.addWidget(self.tier_badge, 0, Qt.AlignmentFlag.AlignTop)
        root.addLayout(name_row)

        self.protected_note = _plain_label("protectedNote", wrap=True)
        self.facts_label = _plain_label("customerFacts", wrap=True)
        self.contact_label = _plain_label("customerContact", wrap=True)
        self.tier_label = _plain_label("tierLabel", wrap=True)
        self.points_label = _plain_label("pointsLabel", wrap=True)
        for widget in (self.protected_note, self.facts_label, self.contact_label):
            root.addWidget(widget)
        root.addWidget(self.tier_label)
        root.addWidget(self.points_label)

        # Warnings: what the cashier should do.
        self.warnings_box = QFrame()
        self.warnings_box.setObjectName("warningsBox")
        box = QHBoxLayout(self.warnings_box)
        box.setContentsMargins(10, 8, 10, 8)
        box.setSpacing(10)
        warn_icon = QLabel()
        warn_icon.setPixmap(self._warning_icon.pixmap(24, 24))
        box.addWidget(warn_icon, 0, Qt.AlignmentFlag.AlignTop)
        self.warnings_label = _plain_label("warningsText", wrap=True)
        box.addWidget(self.warnings_label, 1)
        root.addWidget(self.warnings_box)

        # Vouchers and promotions: side by side, stacked in compact mode.
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(16)
        self.vouchers = _ItemSection("voucher")
        self.voucher_total = _plain_label("voucherTotal")
        self.voucher_total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.vouchers.column.insertWidget(1, self.voucher_total)
        self.voucher_note = _plain_label("voucherTotalNote", wrap=True)
        self.voucher_note.setProperty("role", "expiringNote")
        self.vouchers.column.insertWidget(1, self.voucher_note)
        self.promotions = _ItemSection("promotion")
        self._body.addWidget(self.vouchers, 1)
        self._body.addWidget(self.promotions, 1)
        root.addLayout(self._body, 1)

        # Details: consents, preferences, audiences.
        self.details = QWidget()
        self.details.setObjectName("detailsBox")
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 4, 0, 0)
        details.setSpacing(4)
        self.consents_label = _plain_label("consentsLabel", wrap=True)
        self.preferences_label = _plain_label("preferencesLabel", wrap=True)
        for label in (self.consents_label, self.preferences_label):
            label.setProperty("role", "detail")
            details.addWidget(label)
        self._tags_row = QHBoxLayout()
        self._tags_row.setSpacing(6)
        self._tags_title = _plain_label("audiencesTitle")
        self._tags_title.setProperty("role", "detail")
        self._tags_row.addWidget(self._tags_title)
        self._tag_labels: list[QLabel] = []
        self._tags_row.addStretch(1)
        details.addLayout(self._tags_row)
        root.addWidget(self.details)

    # ------------------------------------------------------------------ public API

    @property
    def options(self) -> presentation.PanelOptions:
        return self._options

    def set_options(self, options: presentation.PanelOptions) -> None:
        """Apply display settings (currency, expiry window, compact); re-renders a shown profile."""
        self._options = options
        if self._overview is not None and self._now is not None:
            self._shown = presentation.present_profile(
                self._overview, now=self._now, options=options, tr=self._tr_presentation
            )
        self._apply_compact(options.compact)

    def set_compact(self, compact: bool) -> None:
        """A narrow strip (~320 px) beside the POS window: lists stacked, details hidden."""
        self._options = dataclasses.replace(self._options, compact=compact)
        self._apply_compact(compact)

    def is_compact(self) -> bool:
        return self._options.compact

    def current_presentation(self) -> presentation.ProfilePresentation | None:
        """What is shown now (None when cleared)."""
        return self._shown

    def show_profile(self, overview: models.ContactOverview, *, now: dt.datetime) -> None:
        """Present and render a contact here (tests, tools); the app presents on a worker and
        calls :meth:`show_presented`. Points show "loading" until the points arrive."""
        shown = presentation.present_profile(
            overview, now=now, options=self._options, tr=self._tr_presentation
        )
        self.show_presented(PresentedProfile(overview, shown, now))

    def show_presented(self, presented: PresentedProfile) -> None:
        """Lay out a profile the presenter computed (on the worker, with the lookup)."""
        self._now = presented.now
        self._overview = presented.overview
        self._shown = presented.shown
        self._render(presented.shown)
        self.show_points_loading()

    def show_points_loading(self) -> None:
        if self._shown is None:
            return
        self._set_points(self.tr("Points: loading…"), state="loading", warn=False)

    def show_points(self, point_accounts: models.PointAccounts) -> None:
        """Present and show the points here (tests, tools); the app uses show_points_view."""
        if self._shown is None:
            return
        now = self._now or dt.datetime.now().astimezone()
        self._show_points_view(
            presentation.present_points(
                point_accounts, now=now, options=self._options, tr=self._tr_presentation
            )
        )

    def show_presented_points(self, presented: PresentedPoints) -> None:
        """Show points the presenter computed (ignored once the panel was cleared)."""
        self._show_points_view(presented.shown)

    def _show_points_view(self, points: presentation.PointsView) -> None:
        if self._shown is None:
            return
        text = self.tr("Points: {points}").format(points=points.text)
        self._set_points(text, state="ready", warn=points.expiring_soon)

    def show_points_error(self, message: str) -> None:
        if self._shown is None:
            return
        detail = presentation.clean(translate_error(message), 160)
        text = (
            self.tr("Points unavailable: {reason}").format(reason=detail)
            if detail
            else self.tr("Points unavailable")
        )
        self._set_points(text, state="error", warn=True)

    def clear(self) -> None:
        """Empty the panel (nothing personal stays in any widget or model)."""
        self._shown = None
        self._now = None
        self._overview = None
        self.name_label.clear()
        self.tier_badge.clear()
        self.tier_badge.hide()
        for label in (
            self.protected_note,
            self.facts_label,
            self.contact_label,
            self.tier_label,
            self.points_label,
            self.warnings_label,
            self.voucher_total,
            self.voucher_note,
            self.consents_label,
            self.preferences_label,
        ):
            label.clear()
            label.hide()
        self.warnings_box.hide()
        for section in (self.vouchers, self.promotions):
            section.set_rows((), (), empty_text="", toggle_texts=("", ""))
            section.title.clear()
            section.expiring.hide()
            section.empty.hide()
        self._set_tags(())
        self.details.hide()

    # ------------------------------------------------------------------ rendering

    def _render(self, shown: presentation.ProfilePresentation) -> None:
        header = shown.header
        self.name_label.setText(header.title)
        self.protected_note.setText(self.tr("Personal details are protected and not shown."))
        self.protected_note.setVisible(header.protected)
        facts = " · ".join(_unbreakable(fact.text) for fact in header.facts)
        self.facts_label.setText(facts)
        self.facts_label.setVisible(bool(facts))
        contact = " · ".join(fact.value for fact in header.contact_facts)
        self.contact_label.setText(contact)
        self.contact_label.setVisible(bool(contact) and not self._options.compact)

        tier = shown.tier
        if tier is not None:
            self.tier_badge.setText(tier.name)
            tier_text = self.tr("Tier {name}").format(name=tier.name)
            if tier.text:
                tier_text = f"{tier_text} · {tier.text}"
            self.tier_label.setText(tier_text)
        else:
            self.tier_badge.clear()
            self.tier_label.setText(self.tr("No tier"))
        self.tier_badge.setVisible(tier is not None)
        self.tier_label.show()

        warnings = "\n".join(f"• {row.action}" for row in shown.warnings)
        self.warnings_label.setText(warnings)
        self.warnings_label.setVisible(bool(warnings))
        self.warnings_box.setVisible(bool(warnings))

        self._render_vouchers(shown)
        self._render_promotions(shown)
        self._render_details(shown)

    def _render_vouchers(self, shown: presentation.ProfilePresentation) -> None:
        section = self.vouchers
        total = shown.voucher_total
        section.title.setText(self.tr("Reward vouchers ({n})").format(n=total.count))
        self.voucher_total.setText(self.tr("Usable {amount}").format(amount=total.text))
        self.voucher_total.setVisible(total.count > 0)
        self.voucher_note.setText(f"⚠ {total.note}" if total.note else "")
        self.voucher_note.setVisible(bool(total.note))
        soon = sum(1 for row in shown.vouchers if row.expiry.soon)
        self._set_expiring_note(section, soon)
        section.set_rows(
            shown.vouchers,
            shown.voucher_history,
            empty_text=self.tr("No usable reward vouchers."),
            toggle_texts=self._history_toggle_texts(len(shown.voucher_history)),
        )

    def _render_promotions(self, shown: presentation.ProfilePresentation) -> None:
        section = self.promotions
        at_till = sum(1 for row in shown.promotions if row.at_till)
        section.title.setText(
            self.tr("Promotions ({n} at the till)").format(n=at_till)
            if at_till != len(shown.promotions)
            else self.tr("Promotions ({n})").format(n=at_till)
        )
        soon = sum(1 for row in shown.promotions if row.expiry.soon and row.at_till)
        self._set_expiring_note(section, soon)
        section.set_rows(
            shown.promotions,
            shown.promotion_history,
            empty_text=self.tr("No promotions."),
            toggle_texts=self._history_toggle_texts(len(shown.promotion_history)),
        )

    def _history_toggle_texts(self, count: int) -> tuple[str, str]:
        return (
            self.tr("▸ Show used and expired ({n})").format(n=count),
            self.tr("▾ Hide used and expired ({n})").format(n=count),
        )

    def _set_expiring_note(self, section: _ItemSection, soon: int) -> None:
        days = self._options.expiry_warning_days
        if soon == 1:
            text = self.tr("⚠ 1 expires within {days} days").format(days=days)
        elif soon:
            text = self.tr("⚠ {n} expire within {days} days").format(n=soon, days=days)
        else:
            text = ""
        section.expiring.setText(text)
        section.expiring.setVisible(bool(soon))

    def _render_details(self, shown: presentation.ProfilePresentation) -> None:
        consents = " · ".join(f"{row.label}: {row.value_text}" for row in shown.consents)
        self.consents_label.setText(
            self.tr("Consents: {items}").format(items=consents) if consents else ""
        )
        self.consents_label.setVisible(bool(consents))
        preferences = " · ".join(f"{row.label}: {row.value_text}" for row in shown.preferences)
        self.preferences_label.setText(
            self.tr("Accepts: {items}").format(items=preferences) if preferences else ""
        )
        self.preferences_label.setVisible(bool(preferences))
        self._set_tags(shown.audiences)
        self.details.setVisible(not self._options.compact)

    def _set_tags(self, audiences: Sequence[str]) -> None:
        for label in self._tag_labels:
            self._tags_row.removeWidget(label)
            label.deleteLater()
        self._tag_labels = []
        limit = 8
        shown = list(audiences[:limit])
        if len(audiences) > limit:
            shown.append(self.tr("+{n} more").format(n=len(audiences) - limit))
        for position, text in enumerate(shown):
            tag = _plain_label("audienceTag")
            tag.setProperty("role", "tag")
            tag.setFont(self._tags_title.font())
            tag.setText(text)
            self._tags_row.insertWidget(1 + position, tag)
            self._tag_labels.append(tag)
        self._tags_title.setText(self.tr("Audiences:") if shown else "")
        self._tags_title.setVisible(bool(shown))

    def _set_points(self, text: str, *, state: str, warn: bool) -> None:
        self.points_label.setText(f"⚠ {text}" if warn else text)
        self.points_label.setProperty("state", state)
        self.points_label.style().unpolish(self.points_label)
        self.points_label.style().polish(self.points_label)
        self.points_label.show()
        self.points_label.updateGeometry()

    # ------------------------------------------------------------------ compact

    def _apply_compact(self, compact: bool) -> None:
        base = QFont(self.font())
        base.setPointSizeF(self._BASE_POINT_SIZE * (0.95 if compact else 1.0))
        self.name_label.setFont(_scaled_font(base, 1.75 if compact else 2.6, bold=True))
        self.tier_badge.setFont(_scaled_font(base, 1.15 if compact else 1.35, bold=True))
        for label in (self.facts_label, self.contact_label, self.protected_note):
            label.setFont(_scaled_font(base, 1.05))
        self.tier_label.setFont(_scaled_font(base, 1.15, bold=True))
        self.points_label.setFont(_scaled_font(base, 1.15, bold=True))
        self.warnings_label.setFont(_scaled_font(base, 1.15, bold=True))
        self.voucher_total.setFont(_scaled_font(base, 1.3 if compact else 1.6, bold=True))
        for section in (self.vouchers, self.promotions):
            section.set_base_font(base, compact=compact)
            section.expiring.setFont(_scaled_font(base, 1.0, bold=True))
        self.voucher_note.setFont(_scaled_font(base, 1.0, bold=True))
        for label in (self.consents_label, self.preferences_label, self._tags_title):
            label.setFont(base)
        for tag in self._tag_labels:
            tag.setFont(_scaled_font(base, 0.95))
        # The usable total has a line of its own under the title, so the two lists keep
        # equal widths (beside the title it made the voucher column the wider one).
        self.vouchers.title_row.removeWidget(self.voucher_total)
        self.vouchers.column.removeWidget(self.voucher_total)
        self.voucher_total.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.vouchers.column.insertWidget(1, self.voucher_total)
        self._body.setDirection(
            QBoxLayout.Direction.TopToBottom if compact else QBoxLayout.Direction.LeftToRight
        )
        margin = 8 if compact else 16
        self._root.setContentsMargins(margin, margin - 2, margin, margin - 2)
        if self._shown is not None and self._now is not None:
            # Re-render so the header/detail visibility follows the new mode.
            self._render(self._shown)
        # setDirection does not refresh the cached minimum size by itself; the new one applies
        # once the event loop has run (resize to a narrow strip after that).
        self._body.invalidate()
        self._root.invalidate()
