"""RedeemPanel: the redeem action in the window (issue 14, "In the window").

It attaches to a CashierView (:meth:`RedeemPanel.attach`) and adds, only while redeeming is
enabled: F6 and a "Redeem" button under each list, for the focused usable voucher or the
focused promotion that can be used at the till; a confirmation (RedeemDialog); the row's state
while the RedeemController works ("Redeeming…"); the outcome on a line under the list with
"Try again" (once, after NOT_REDEEMED) or "Undo" (a voucher redeemed now), and in the
window's note line.

Nothing is lost when the customer changes: an outcome for a customer no longer on screen is
shown on the next customer's note line, and closing the window while a redeem is in flight
asks first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_profile import presentation
from pos_profile.gui.item_section import ItemSection, Row
from pos_profile.gui.redeem_controller import RedeemController
from pos_profile.gui.redeem_dialog import Clock, RedeemDialog, monotonic_ms
from pos_profile.gui.row_delegate import ROW_ROLE
from pos_profile.gui.translations import translate
from pos_profile.gui.widgets import plain_label
from pos_profile.presentation.items import ItemStatus
from pos_profile.redemption import RedeemKind, RedeemOutcome, RedeemStatus, RedeemTarget

if TYPE_CHECKING:
    from pos_profile.gui.cashier_view import CashierView
    from pos_profile.presenter import PresentedProfile


def target_of(row: object, contact_id: str | None) -> RedeemTarget | None:
    """What a row redeems: a usable voucher, or a usable promotion for the till (with ids)."""
    if contact_id is None:
        return None
    if isinstance(row, presentation.VoucherRow):
        kind = RedeemKind.VOUCHER
    elif isinstance(row, presentation.PromotionRow) and row.at_till:
        kind = RedeemKind.PROMOTION
    else:
        return None
    if row.status is not ItemStatus.USABLE or not row.item_id:
        return None
    return RedeemTarget(kind, row.item_id, contact_id)


def row_name(row: Row) -> str:
    return row.name if isinstance(row, presentation.VoucherRow) else row.title


class RedeemBar(QWidget):
    """Under a list: the outcome of the last redeem there, and its buttons."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}RedeemBar")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.label = plain_label(f"{name}RedeemState", wrap=True)  # full width, even compact
        self.label.setProperty("role", "redeemState")
        column.addWidget(self.label)
        layout = QHBoxLayout()
        layout.setSpacing(6)
        layout.addStretch(1)
        column.addLayout(layout)
        self.undo_button = self._button(f"{name}RedeemUndo", self.tr("Undo"))
        self.retry_button = self._button(f"{name}RedeemRetry", self.tr("Try again"))
        self.redeem_button = self._button(f"{name}RedeemButton", self.tr("Redeem  F6"))
        self.redeem_button.setToolTip(self.tr("Redeem the selected one in Engage (F6)"))
        for button in (self.undo_button, self.retry_button, self.redeem_button):
            layout.addWidget(button)

    @staticmethod
    def _button(name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setVisible(False)
        return button


@dataclasses.dataclass
class _Attempt:
    row: Row  # the row as it was before the redeem (to put back)
    section: ItemSection
    action: str = "redeem"
    text: str = ""


class RedeemPanel(QObject):
    """The redeem action of one window. ``ask_quit()`` asks the cashier (a QMessageBox)
    whether to close while a redeem is in flight; tests may replace it."""

    def __init__(
        self, window: CashierView, controller: RedeemController, *, clock: Clock = monotonic_ms
    ) -> None:
        super().__init__(window)
        self._clock = clock
        self.window = window
        self.controller = controller
        self.dialog: RedeemDialog | None = None
        self.ask_quit: Callable[[], bool] = self._ask_quit
        self._attempts: dict[RedeemTarget, _Attempt] = {}
        self._shown_in: dict[ItemSection, RedeemTarget] = {}  # what each bar shows
        self._pending_notes: list[tuple[str, str]] = []
        """(contact id, text): outcomes to tell beside the next customer."""
        view = window.profile_view
        self.bars: dict[ItemSection, RedeemBar] = {}
        for name, section in (("voucher", view.vouchers), ("promotion", view.promotions)):
            bar = RedeemBar(name)
            section.column.insertWidget(section.column.indexOf(section.list) + 1, bar)
            self.bars[section] = bar
            bar.redeem_button.clicked.connect(lambda _=False, s=section: self.request(s))
            bar.retry_button.clicked.connect(lambda _=False, s=section: self._retry(s))
            bar.undo_button.clicked.connect(lambda _=False, s=section: self._undo(s))
            section.list.selectionModel().currentChanged.connect(
                lambda *_args, s=section: self._update_bar(s)
            )
            section.model.modelReset.connect(lambda s=section: self._update_bar(s))
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_F6), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.request_focused)
        controller.started.connect(self._on_started)
        controller.finished.connect(self._on_finished)
        self._looking_up = False  # a lookup (a scan, a search) is on its way to replace the panel
        lookups = window.lookup_controller
        lookups.lookup_started.connect(lambda *_: self._set_looking_up(True))
        lookups.lookup_failed.connect(lambda *_: self._set_looking_up(False))
        lookups.profile_ready.connect(self._on_profile_ready)
        window.set_close_guard(self._may_close)
        self.refresh()

    @classmethod
    def attach(
        cls, window: CashierView, controller: RedeemController, *, clock: Clock = monotonic_ms
    ) -> RedeemPanel:
        return cls(window, controller, clock=clock)

    # ------------------------------------------------------------------ public

    def refresh(self) -> None:
        """Show or hide the action (after ``controller.configure``)."""
        for section in self.bars:
            self._update_bar(section)

    def request_focused(self) -> None:
        """F6: redeem the focused row of the list that has the keyboard focus."""
        if not self.controller.enabled:
            return
        focus = QApplication.focusWidget()
        for section in self.bars:
            if focus is section.list:
                self.request(section)
                return
        self.window.profile_view.note.emit(
            self.tr("Select a voucher or promotion first (Tab to the list), then press F6.")
        )

    def request(self, section: ItemSection) -> None:
        """Confirm, then redeem, the current row of ``section``."""
        if not self.controller.enabled or self.dialog is not None:
            return
        row = self._current_row(section)
        target = target_of(row, self.window.profile_view.contact_id())
        if row is None or target is None:
            return
        if self.controller.is_busy(target):
            return
        if isinstance(row, presentation.VoucherRow):
            value, number = row.value_text, row.number
        else:
            value, number = row.action or row.action_label, row.pos_code
        dialog = RedeemDialog(
            voucher=target.kind is RedeemKind.VOUCHER,
            value=value,
            name=row_name(row),
            number=number,
            parent=self.window,
            clock=self._clock,
        )
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._confirmed(section, row, target))
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    # ------------------------------------------------------------------ steps

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _confirmed(self, section: ItemSection, row: Row, target: RedeemTarget) -> None:
        if self.window.profile_view.contact_id() != target.contact_id:
            return  # the customer changed under the dialog: nothing is sent
        self._attempts[target] = _Attempt(row, section)
        if not self.controller.redeem(target):
            del self._attempts[target]

    def _retry(self, section: ItemSection) -> None:
        target = self._shown_in.get(section)
        if target is not None and target in self._attempts:
            self._attempts[target].action = "retry"
            self.controller.retry(target)

    def _undo(self, section: ItemSection) -> None:
        target = self._shown_in.get(section)
        if target is not None and target in self._attempts:
            self._attempts[target].action = "undo"
            self.controller.undo(target)

    def _on_started(self, target: RedeemTarget) -> None:
        attempt = self._attempts.get(target)
        if attempt is None:
            return
        undoing = attempt.action == "undo"
        attempt.text = (
            self.tr("Undoing {name}…") if undoing else self.tr("Redeeming {name}…")
        ).format(name=row_name(attempt.row))
        self._show_row(attempt, self.tr("Undoing…") if undoing else self.tr("Redeeming…"), undoing)
        self._shown_in[attempt.section] = target
        self._update_bar(attempt.section)

    def _on_finished(self, outcome: RedeemOutcome) -> None:
        target = outcome.target
        attempt = self._attempts.get(target)
        message = translate(outcome.message)
        if attempt is None:
            return
        name = row_name(attempt.row)
        earlier = self.tr("Earlier customer, {name}: {message}").format(name=name, message=message)
        if self.window.profile_view.contact_id() != target.contact_id:
            self._keep_for_next_customer(target.contact_id, earlier)
            return
        if self._looking_up:  # shown on this row now, and beside the next customer if it is
            self._pending_notes.append((target.contact_id, earlier))  # someone else
        status = outcome.status
        if status is RedeemStatus.REDEEMED:
            self._show_row(attempt, self.tr("Redeemed now"), True, status=ItemStatus.REDEEMED)
            attempt.section.toggle.setChecked(True)  # the cashier sees it (and its Undo)
            attempt.text = self.tr("Redeemed now: {name}.").format(name=name)
            if outcome.answer_was_lost:
                attempt.text += " " + message
        elif status is RedeemStatus.UNDONE:
            self._show_row(attempt, None, False)
            attempt.text = self.tr("Undone: {name} can be used again.").format(name=name)
        elif attempt.action == "undo":  # the undo was refused: it stays redeemed
            self._show_row(attempt, self.tr("Redeemed now"), True, status=ItemStatus.REDEEMED)
            attempt.text = message
        elif status is RedeemStatus.UNKNOWN:
            self._show_row(attempt, self.tr("Outcome unknown: check in Engage"), False)
            attempt.text = self.tr("{message} Check in Engage before trying again.").format(
                message=message
            )
        else:
            self._show_row(attempt, None, False)
            attempt.text = message
        self._shown_in[attempt.section] = target
        self._update_bar(attempt.section)
        self.window.profile_view.note.emit(attempt.text)

    def _show_row(
        self,
        attempt: _Attempt,
        status_text: str | None,
        history: bool,
        *,
        status: ItemStatus | None = None,
    ) -> None:
        """Show the attempt's row with ``status_text`` (None: as it was), keep it current."""
        row: Row = attempt.row
        if status_text is not None:
            changes: dict[str, object] = {"status_text": status_text}
            if status is not None:
                changes["status"] = status
            row = dataclasses.replace(row, **changes)  # type: ignore[arg-type]
        self.window.profile_view.replace_item(attempt.row.key, row, history=history)
        section = attempt.section
        if history:
            section.toggle.setChecked(True)
            view, model = section.history, section.history_model
        else:
            view, model = section.list, section.model
        for index, shown in enumerate(model.rows()):
            if shown.key == attempt.row.key:
                view.setCurrentIndex(model.index(index, 0))
                break

    def _set_looking_up(self, on: bool) -> None:
        self._looking_up = on

    def _keep_for_next_customer(self, contact_id: str, text: str) -> None:
        """Told now when nothing is about to replace the note line, else with the next
        customer (a lookup running, a list of matches to pick from)."""
        from pos_profile.gui.status_view import State

        if self._looking_up or self.window.state() is State.MULTIPLE:
            self._pending_notes.append((contact_id, text))
        else:
            self.window.profile_view.note.emit(text)

    def _on_profile_ready(self, presented: PresentedProfile) -> None:
        """A customer is shown: an open confirmation is for the one before (cancelled),
        kept outcomes are told, and a redeem still in flight for this one is shown."""
        self._looking_up = False
        if self.dialog is not None:
            self.dialog.reject()
        self._shown_in.clear()
        contact_id = self.window.profile_view.contact_id()
        notes = [text for other, text in self._pending_notes if other != contact_id]
        self._pending_notes.clear()
        for target, attempt in self._attempts.items():
            if target.contact_id == contact_id and self.controller.is_busy(target):
                section = attempt.section
                for row in section.model.rows():
                    if row.item_id == target.item_id:
                        attempt.row = row
                        self._show_row(attempt, self.tr("Redeeming…"), False)
                        self._shown_in[section] = target
        if notes:
            self.window.profile_view.note.emit(" ".join(notes))
        self.refresh()

    # ------------------------------------------------------------------ the bar

    def _current_row(self, section: ItemSection) -> Row | None:
        index: QModelIndex = section.list.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, presentation.VoucherRow | presentation.PromotionRow) else None

    def _update_bar(self, section: ItemSection) -> None:
        bar = self.bars[section]
        enabled = self.controller.enabled
        contact_id = self.window.profile_view.contact_id()
        target = self._shown_in.get(section)
        if target is not None and target.contact_id != contact_id:
            target = None
        attempt = self._attempts.get(target) if target is not None else None
        busy = target is not None and self.controller.is_busy(target)
        text = attempt.text if attempt is not None else ""
        bar.label.setText(text)
        bar.label.setVisible(bool(text))
        current = target_of(self._current_row(section), contact_id)
        redeemable = any(target_of(row, contact_id) for row in section.model.rows())
        bar.redeem_button.setVisible(enabled and redeemable)
        bar.redeem_button.setEnabled(current is not None and not self.controller.is_busy(current))
        last = self.controller.outcome(target) if target is not None else None
        bar.retry_button.setVisible(
            enabled and target is not None and self.controller.can_retry(target)
        )
        bar.undo_button.setVisible(
            enabled
            and target is not None
            and not busy
            and target.kind is RedeemKind.VOUCHER
            and last is not None
            and last.status is RedeemStatus.REDEEMED
        )
        bar.setVisible(enabled and (redeemable or bool(text)))

    # ------------------------------------------------------------------ quitting

    def _may_close(self) -> bool:
        return not self.controller.is_busy() or self.ask_quit()

    def _ask_quit(self) -> bool:
        answer = QMessageBox.question(
            self.window,
            self.tr("Redeem in progress"),
            self.tr(
                "A redemption is still being sent to Engage. If you quit now, you will not "
                "see whether it went through (check in Engage). Quit anyway?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
