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

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, TypeVar

from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from pos_profile import presentation
from pos_profile.gui.item_section import ItemSection, Row
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.translations import translate_error
from pos_profile.gui.widgets import FitScrollArea, FlowLayout, plain_label, scaled_font
from pos_profile.presenter import PresentedPoints, PresentedProfile

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models


def _unbreakable(text: str) -> str:
    """Keep one fact on one line: wrap only between facts, never inside ``19860412-****``."""
    return text.replace(" ", "\u00a0").replace("-", "\u2011")


R = TypeVar("R", presentation.VoucherRow, presentation.PromotionRow)


def _swap(
    usable: tuple[R, ...], used: tuple[R, ...], key: str, row: R, to_history: bool
) -> tuple[tuple[R, ...], tuple[R, ...]]:
    """(usable, history) with the row ``key`` replaced by ``row``, in the list it goes to."""
    at = next((i for i, old in enumerate(usable) if old.key == key), len(usable))
    kept: list[R] = [old for old in usable if old.key != key]
    history: list[R] = [old for old in used if old.key != key]
    if to_history:
        history.insert(0, row)
    else:
        kept.insert(min(at, len(kept)), row)
    return tuple(kept), tuple(history)


# --------------------------------------------------------------------------- the panel


class ProfileView(QWidget):
    """The customer panel. Renders a ContactOverview; points fill in later.

    Methods: ``show_profile(overview, *, now)``, ``show_points_loading()``,
    ``show_points(point_accounts)``, ``show_points_error(message)``, ``clear()``,
    ``set_compact(bool)``, ``set_options(PanelOptions)``. Points calls are ignored while no
    profile is shown, so a late answer never lands on an empty panel.

    A click, Enter or Ctrl+C on a usable voucher or promotion copies the code the POS needs
    (the voucher number, the offer code: the value alone) to the clipboard; ``note(str)``
    tells the window what to say about it. Clearing the panel also clears a code it copied
    that is still on the clipboard.
    """

    note = Signal(str)

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
        self._options = options or presentation.PanelOptions()
        self._tr_presentation = presentation_translator()
        self._now: dt.datetime | None = None
        self._overview: models.ContactOverview | None = None
        self._shown: presentation.ProfilePresentation | None = None
        self._copied: str | None = None
        self._warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._build()
        self._apply_compact(self._options.compact)
        self.clear()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        # Everything scrolls as one page when it does not fit (a short strip, an open
        # history): no list is squeezed below its first rows and no text is cut.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        page.setObjectName("profilePage")
        # Opaque, in the colour that showed through it: a repaint of the panel paints the
        # page alone, not also the five widgets under it (the same pixels, less work).
        page.setAutoFillBackground(True)
        root = QVBoxLayout(page)
        self.scroll_area = FitScrollArea(page)
        self.scroll_area.setObjectName("profileScroll")
        outer.addWidget(self.scroll_area)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)
        self._root = root

        # Header: name + tier badge, facts, contact details, tier, points.
        name_row = QHBoxLayout()
        name_row.setSpacing(12)
        self.name_label = plain_label("customerName", wrap=True)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.tier_badge = plain_label("tierBadge", wrap=True)
        name_row.addWidget(self.name_label, 1)
        name_row.addWidget(self.tier_badge, 0, Qt.AlignmentFlag.AlignTop)
        root.addLayout(name_row)

        self.protected_note = plain_label("protectedNote", wrap=True)
        self.facts_label = plain_label("customerFacts", wrap=True)
        self.contact_label = plain_label("customerContact", wrap=True)
        self.tier_label = plain_label("tierLabel", wrap=True)
        for widget in (self.protected_note, self.facts_label, self.contact_label):
            root.addWidget(widget)
        root.addWidget(self.tier_label)
        # The numbers customers ask about: the points as large as the usable total, with
        # pending points and what expires when beside them.
        points_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # stacked when compact
        points_row.setSpacing(12)
        self._points_row = points_row
        self.points_label = plain_label("pointsLabel", wrap=True)
        self.points_detail = plain_label("pointsDetail", wrap=True)
        self.points_detail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        points_row.addWidget(self.points_label, 0)
        points_row.addWidget(self.points_detail, 1)
        root.addLayout(points_row)

        # Warnings: what the cashier should do.
        self.warnings_box = QFrame()
        self.warnings_box.setObjectName("warningsBox")
        box = QHBoxLayout(self.warnings_box)
        box.setContentsMargins(10, 8, 10, 8)
        box.setSpacing(10)
        warn_icon = QLabel()
        warn_icon.setPixmap(self._warning_icon.pixmap(24, 24))
        box.addWidget(warn_icon, 0, Qt.AlignmentFlag.AlignTop)
        self.warnings_label = plain_label("warningsText", wrap=True)
        box.addWidget(self.warnings_label, 1)
        root.addWidget(self.warnings_box)

        # Vouchers and promotions: side by side, stacked in compact mode.
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(16)
        self.vouchers = ItemSection("voucher")
        self.voucher_total = plain_label("voucherTotal", wrap=True)
        self.voucher_total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.vouchers.column.insertWidget(1, self.voucher_total)
        self.voucher_note = plain_label("voucherTotalNote", wrap=True)
        self.voucher_note.setProperty("role", "expiringNote")
        self.vouchers.column.insertWidget(1, self.voucher_note)
        self.promotions = ItemSection("promotion")
        for section in (self.vouchers, self.promotions):
            section.list.fitted.connect(self.scroll_area.schedule_fit)
            section.history.fitted.connect(self.scroll_area.schedule_fit)
            section.row_chosen.connect(self._hand_to_pos)
            section.history_opened.connect(
                lambda s=section: QTimer.singleShot(0, lambda: self._reveal(s.history))
            )
        self._body.addWidget(self.vouchers, 1)
        self._body.addWidget(self.promotions, 1)
        root.addLayout(self._body, 1)

        # Details: consents, preferences, audiences.
        self.details = QWidget()
        self.details.setObjectName("detailsBox")
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 4, 0, 0)
        details.setSpacing(4)
        self.consents_label = plain_label("consentsLabel", wrap=True)
        self.preferences_label = plain_label("preferencesLabel", wrap=True)
        for label in (self.consents_label, self.preferences_label):
            label.setProperty("role", "detail")
            details.addWidget(label)
        self._tags_row = FlowLayout(spacing=6)
        self._tags_title = plain_label("audiencesTitle")
        self._tags_title.setProperty("role", "detail")
        self._tags_row.addWidget(self._tags_title)
        self._tag_labels: list[QLabel] = []
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

    def contact_id(self) -> str | None:
        """The Engage id of the contact shown (None when cleared or Engage sent none)."""
        return (self._overview.id or None) if self._overview is not None else None

    def replace_item(self, key: str, row: Row, *, history: bool) -> None:
        """Show ``row`` instead of the voucher/promotion ``key``: in the usable list (where
        it was) or first in the history (a redeem's state, gui/redeem_panel.py)."""
        shown = self._shown
        if shown is None:
            return
        if isinstance(row, presentation.VoucherRow):
            usable, used = _swap(shown.vouchers, shown.voucher_history, key, row, history)
            amount = sum((r.amount for r in usable if r.amount is not None), Decimal(0))
            currency = self._options.currency
            total = dataclasses.replace(
                shown.voucher_total,
                count=len(usable),
                text=presentation.format_money(amount, currency, currency),
            )
            self._shown = dataclasses.replace(
                shown, vouchers=usable, voucher_history=used, voucher_total=total
            )
            with self._one_relayout():
                self._render_vouchers(self._shown)
        elif isinstance(row, presentation.PromotionRow):
            open_, past = _swap(shown.promotions, shown.promotion_history, key, row, history)
            self._shown = dataclasses.replace(shown, promotions=open_, promotion_history=past)
            with self._one_relayout():
                self._render_promotions(self._shown)

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
        self._set_points(self.tr("Points: loading…"), "", state="loading")

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
        first = points.lines[0] if points.lines else None
        balance = points.balance
        if first is not None and first.label:
            balance = f"{first.label}: {balance}"
        beside = [p for p in (points.pending, points.expiry) if p]
        others = [line.text for line in points.lines[1:]]
        detail = " · ".join(beside)
        if others or points.more:
            detail = "; ".join(p for p in (detail, *others, points.more or "") if p)
        if points.expiring_soon:
            detail = f"⚠ {detail}"
        self._set_points(balance, detail, state="ready")

    def show_points_error(self, message: str) -> None:
        if self._shown is None:
            return
        detail = presentation.clean(translate_error(message), 160)
        unavailable = self.tr("Points unavailable")
        self._set_points(f"⚠ {unavailable}", detail, state="error")

    def _hand_to_pos(self, row: Row) -> None:
        code = row.pos_code
        if not code:
            self.note.emit(
                self.tr("No code to key in for this one: apply it in the POS as the row says.")
            )
            return
        QGuiApplication.clipboard().setText(code)
        self._copied = code
        self.note.emit(self.tr("Copied {code}: paste it into the POS (Ctrl+V).").format(code=code))

    def clear(self) -> None:
        """Empty the panel (nothing personal stays in any widget or model)."""
        clipboard = QGuiApplication.clipboard()
        if self._copied is not None and clipboard.text() == self._copied:
            clipboard.clear()  # the last customer's voucher number does not linger
        self._copied = None
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
            self.points_detail,
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

    @contextlib.contextmanager
    def _one_relayout(self) -> Iterator[None]:
        """Change many widgets with one relayout of the page at the end, not one per change.

        Showing a widget makes Qt activate every enabled layout above it at once (so it
        appears at its place): a new customer shows and hides a dozen labels and lists, and
        each relaid out the whole page, word-wrapped labels and all. A disabled layout does
        nothing when asked; it is enabled again and invalidated here, and the page is laid
        out once, before the paint, by the layout request already posted."""
        held = [
            layout
            for layout in (
                self._root,
                self.vouchers.column,
                self.promotions.column,
                self.warnings_box.layout(),
                self.details.layout(),
            )
            if layout is not None and layout.isEnabled()
        ]
        for layout in held:
            layout.setEnabled(False)
        try:
            yield
        finally:
            for layout in held:
                layout.setEnabled(True)
                layout.invalidate()

    def _render(self, shown: presentation.ProfilePresentation) -> None:
        with self._one_relayout():
            self._render_now(shown)

    def _render_now(self, shown: presentation.ProfilePresentation) -> None:
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
            # Tier and what is left to the next one on one line.
            parts = [self.tr("Tier {name}").format(name=tier.name), tier.remaining, tier.expires]
            tier_text = " · ".join(p for p in parts if p)
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
        for position, section in enumerate((self.vouchers, self.promotions)):
            # Stacked (compact), the longer list gets the room; side by side, equal widths.
            self._body.setStretch(position, section.weight() if self._options.compact else 1)
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

    def _set_expiring_note(self, section: ItemSection, soon: int) -> None:
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
        """The audience tags; the labels are made once and reused for every customer (a new
        label costs a style-sheet polish), the ones not needed are hidden and emptied."""
        limit = 8
        shown = list(audiences[:limit])
        if len(audiences) > limit:
            shown.append(self.tr("+{n} more").format(n=len(audiences) - limit))
        while len(self._tag_labels) < len(shown):
            tag = plain_label("audienceTag")
            tag.setProperty("role", "tag")
            tag.setFont(self._tags_title.font())
            self._tags_row.addWidget(tag)
            self._tag_labels.append(tag)
        for index, tag in enumerate(self._tag_labels):
            text = shown[index] if index < len(shown) else ""
            if tag.text() != text:
                tag.setText(text)
            tag.setVisible(bool(text))
        self._tags_title.setText(self.tr("Audiences:") if shown else "")
        self._tags_title.setVisible(bool(shown))

    def _set_points(self, text: str, detail: str, *, state: str) -> None:
        with self._one_relayout():
            self._set_points_now(text, detail, state=state)

    def _set_points_now(self, text: str, detail: str, *, state: str) -> None:
        for label, value in ((self.points_label, text), (self.points_detail, detail)):
            if label.property("state") != state:  # re-style only when the state changes
                label.setProperty("state", state)
                label.style().unpolish(label)
                label.style().polish(label)
            if label.text() != value:  # the same text: no relayout, no repaint
                label.setText(value)
            label.setVisible(bool(value))

    def _reveal(self, widget: QWidget) -> None:
        """Scroll the panel so ``widget`` (an opened history) is on screen."""
        if widget.isVisible():
            self.scroll_area.ensureWidgetVisible(widget, 0, 0)

    # ------------------------------------------------------------------ compact

    def _apply_compact(self, compact: bool) -> None:
        base = QFont(self.font())
        base.setPointSizeF(self._BASE_POINT_SIZE * (0.95 if compact else 1.0))
        self.name_label.setFont(scaled_font(base, 1.75 if compact else 2.6, bold=True))
        self.tier_badge.setFont(scaled_font(base, 1.15 if compact else 1.35, bold=True))
        for label in (self.facts_label, self.contact_label, self.protected_note):
            label.setFont(scaled_font(base, 1.05))
        self.tier_label.setFont(scaled_font(base, 1.15, bold=True))
        big = 1.3 if compact else 1.6  # the usable total's size: the numbers customers ask about
        self.points_label.setFont(scaled_font(base, big, bold=True))
        self.points_detail.setFont(scaled_font(base, 1.05, bold=True))
        self.warnings_label.setFont(scaled_font(base, 1.15, bold=True))
        self.voucher_total.setFont(scaled_font(base, big, bold=True))
        for section in (self.vouchers, self.promotions):
            section.set_base_font(base, compact=compact)
            section.expiring.setFont(scaled_font(base, 1.0, bold=True))
        self.voucher_note.setFont(scaled_font(base, 1.0, bold=True))
        for label in (self.consents_label, self.preferences_label, self._tags_title):
            label.setFont(base)
        for tag in self._tag_labels:
            tag.setFont(scaled_font(base, 0.95))
        # The usable total has a line of its own under the title, so the two lists keep
        # equal widths (beside the title it made the voucher column the wider one).
        self.vouchers.title_row.removeWidget(self.voucher_total)
        self.vouchers.column.removeWidget(self.voucher_total)
        self.voucher_total.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.vouchers.column.insertWidget(1, self.voucher_total)
        self._body.setDirection(
            QBoxLayout.Direction.TopToBottom if compact else QBoxLayout.Direction.LeftToRight
        )
        self._points_row.setDirection(
            QBoxLayout.Direction.TopToBottom if compact else QBoxLayout.Direction.LeftToRight
        )
        self._points_row.setSpacing(2 if compact else 12)
        margin = 8 if compact else 16
        self.scroll_area.set_page_margins(QMargins(margin, margin - 2, margin, margin - 2))
        if self._shown is not None and self._now is not None:
            # Re-render so the header/detail visibility follows the new mode.
            self._render(self._shown)
        # setDirection does not refresh the cached minimum size by itself; the new one applies
        # once the event loop has run (resize to a narrow strip after that).
        self._body.invalidate()
        self._root.invalidate()
