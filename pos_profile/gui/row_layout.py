"""RowLayout: where each text of a voucher or promotion row goes at a given width.

Nothing the cashier acts on is ever cut: every text is laid out with ``QTextLayout`` and
wraps (at word boundaries, or anywhere inside a long voucher number or offer code) instead
of eliding, and the row is as tall as its wrapped text. The delegate paints these layouts
and caches them per width; tests read them to prove that no text overflows its room.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QPointF, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

from pos_profile import presentation

PAD = 8
GAP = 3
ICON_GAP = 4
SOON_INDENT = 4
"""An expiring row's text starts right of its amber bar."""


@dataclass
class Piece:
    """One paragraph of a row: its text, laid out within ``width`` from ``origin``."""

    text: str
    layout: QTextLayout
    origin: QPointF  # relative to the row's top-left corner
    width: float
    role: str  # "value", "title", "detail", "code", "expiry", "label"
    icon: QRect | None = None  # the warning icon before an expiring row's date

    def height(self) -> float:
        return self.layout.boundingRect().height()

    def line_texts(self) -> list[str]:
        lines = (self.layout.lineAt(i) for i in range(self.layout.lineCount()))
        return [
            self.text[line.textStart() : line.textStart() + line.textLength()] for line in lines
        ]

    def overflows(self) -> bool:
        """A line wider than its room: the text would be clipped (never true by design)."""
        return any(
            self.layout.lineAt(i).naturalTextWidth() > self.width + 0.5
            for i in range(self.layout.lineCount())
        )


@dataclass
class RowLayout:
    width: int
    height: int
    pieces: list[Piece] = field(default_factory=list)

    def piece(self, role: str) -> Piece | None:
        return next((p for p in self.pieces if p.role == role), None)


@dataclass(frozen=True)
class RowFonts:
    value: QFont
    title: QFont
    small: QFont
    small_bold: QFont
    metrics: dict[str, QFontMetrics] = field(default_factory=dict, compare=False)
    """Metrics of the fonts above by field name, made once (every row asks)."""

    def metrics_of(self, name: str) -> QFontMetrics:
        known = self.metrics.get(name)
        if known is None:
            known = self.metrics[name] = QFontMetrics(getattr(self, name))
        return known


_OPTIONS: dict[Qt.AlignmentFlag, QTextOption] = {}


def _wrapping(align: Qt.AlignmentFlag) -> QTextOption:
    """The text option of a wrapped paragraph (one per alignment; QTextLayout copies it)."""
    option = _OPTIONS.get(align)
    if option is None:
        option = _OPTIONS[align] = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


def paragraph(
    text: str,
    font: QFont,
    width: float,
    *,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> QTextLayout:
    """``text`` wrapped into lines of at most ``width`` (breaking inside a long word too)."""
    layout = QTextLayout(text, font)
    layout.setTextOption(_wrapping(align))
    layout.setCacheEnabled(True)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1.0))
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def _fits_one_line(text: str, metrics: QFontMetrics, width: float) -> bool:
    return metrics.horizontalAdvance(text) <= width


class _Column:
    """Stacks paragraphs top to bottom between ``left`` and ``left + width``."""

    def __init__(self, left: float, top: float, width: float) -> None:
        self.left, self.top, self.width = left, top, max(width, 1.0)
        self.bottom = top
        self.pieces: list[Piece] = []

    def add(
        self,
        text: str,
        font: QFont,
        role: str,
        *,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        icon: int = 0,
    ) -> None:
        if not text:
            return
        if self.pieces:
            self.bottom += GAP
        indent = icon + ICON_GAP if icon else 0
        layout = paragraph(text, font, self.width - indent, align=align)
        icon_rect = None
        if icon:
            first = layout.lineAt(0).height() if layout.lineCount() else icon
            icon_rect = QRect(int(self.left), int(self.bottom + (first - icon) / 2), icon, icon)
        piece = Piece(
            text, layout, QPointF(self.left + indent, self.bottom), self.width - indent, role,
            icon_rect,
        )  # fmt: skip
        self.pieces.append(piece)
        self.bottom += piece.height()


def _number_text(row: presentation.VoucherRow) -> str:
    if not row.number:
        return ""
    return QCoreApplication.translate("ProfileView", "No. {number}").format(number=row.number)


def _promotion_expiry(row: presentation.PromotionRow) -> str:
    expiry = row.status_text or row.expiry.text
    return f"{row.channel_note} · {expiry}" if row.channel_note else expiry


def lay_out_row(
    row: presentation.VoucherRow | presentation.PromotionRow,
    width: int,
    fonts: RowFonts,
    *,
    compact: bool,
    soon: bool,
) -> RowLayout:
    """Where every text of ``row`` goes in a row ``width`` pixels wide."""
    left = PAD + (SOON_INDENT if soon else 0)
    inner = max(width - left - PAD, 40)
    icon = min(fonts.metrics_of("small_bold").height(), 18) if soon else 0
    expiry_font = fonts.small_bold if soon else fonts.small
    is_voucher = isinstance(row, presentation.VoucherRow)
    if is_voucher:
        assert isinstance(row, presentation.VoucherRow)
        expiry = row.status_text or row.expiry.text
        detail, detail_font, detail_role = _number_text(row), fonts.small, "code"
        title = row.name
    else:
        assert isinstance(row, presentation.PromotionRow)
        expiry = _promotion_expiry(row)
        title = row.title
    # A column for the value/action beside the text, unless the row is too narrow for it.
    column = 92 if compact or inner < 320 else 124
    two_columns = inner >= column + PAD + 120
    if two_columns:
        lead = _Column(left, PAD, column)
        text = _Column(left + column + PAD, PAD, inner - column - PAD)
    else:
        lead = text = _Column(left, PAD, inner)
    right = Qt.AlignmentFlag.AlignRight if two_columns else Qt.AlignmentFlag.AlignLeft

    if is_voucher:
        assert isinstance(row, presentation.VoucherRow)
        lead.add(row.value_text, fonts.value, "value", align=right)
    else:
        assert isinstance(row, presentation.PromotionRow)
        short = bool(row.action) and _fits_one_line(
            row.action, fonts.metrics_of("value"), lead.width
        )
        if short:  # "20 %", "VINTER26": big, with what it is under it
            lead.add(row.action, fonts.value, "value", align=right)
            lead.add(row.action_label, fonts.small, "label", align=right)
            detail = " — ".join(p for p in (row.heading, row.description) if p)
            detail_font, detail_role = fonts.small, "detail"
        else:  # an instruction or a long code: what the cashier must read, in bold
            words_fit = all(
                _fits_one_line(word, fonts.metrics_of("title"), lead.width)
                for word in row.action_label.split()
            )
            label_font = fonts.title if words_fit else fonts.small_bold
            lead.add(row.action_label, label_font, "label", align=right)
            detail, detail_font = row.action, fonts.small_bold
            detail_role = "code" if row.pos_code else "detail"
    text.add(title, fonts.title, "title")
    text.add(detail, detail_font, detail_role)
    text.add(expiry, expiry_font, "expiry", icon=icon)
    pieces = lead.pieces + (text.pieces if text is not lead else [])
    bottom = max(lead.bottom, text.bottom)
    return RowLayout(width, int(bottom + PAD + 1.5), pieces)
