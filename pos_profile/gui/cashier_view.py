"""CashierView: what the cashier's window shows once the app is up. Layout and wiring only.

The top-level window (:class:`~pos_profile.gui.main_window.MainWindow`: placement, geometry,
closing) paints "Starting…" first; this view is built after that first paint and becomes its
content (``MainWindow.set_view``).

Top: the search box (focus rests here when ready), the contact-type selector, Search and
Clear. Middle: the StatusView (ready, looking up, not found, ...), the ProfileView or the
list of several matches. Bottom: the connection and the scanner line; the idle-clear
countdown lies over the page.

Keys: F2 search box, F3 contact type, F4 history toggle (in the panel), F5 try the last
lookup again (after "offline"), Esc clear, F10 settings. Scans are caught app-wide by the
ScannerFilter (wired in by app.py).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_profile import errors, presentation
from pos_profile.engage.limits import MAX_INPUT_LENGTH
from pos_profile.gui import placement as placement_module
from pos_profile.gui import status_view
from pos_profile.gui.candidate_list import CandidateList
from pos_profile.gui.contact_type import ContactTypeBox
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.status_view import State, Status, StatusView
from pos_profile.gui.translations import translate_lookup_kind
from pos_profile.gui.widgets import FocusRing, OverlayBanner, plain_label
from pos_profile.lookup import Lookup
from pos_profile.system_idle import IdleProvider, NoIdleInfo

if TYPE_CHECKING:
    from pos_profile.gui.profile_view import ProfileView
    from pos_profile.presenter import PresentedProfile
    from pos_profile.scanning.decision import ScanDecision  # pydantic: not before the first paint

log = logging.getLogger(__name__)

COUNTDOWN_SECONDS = 10
W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget the object name tests and the style sheet find it by."""
    widget.setObjectName(name)
    return widget


class CashierView(QWidget):
    """The cashier's view: search, the pages (status, panel, several matches), the status line.

    Signals:
        settings_requested(): the admin asked for the setup dialog (F10 / button).
    """

    settings_requested = Signal()

    def __init__(
        self,
        controller: LookupController,
        *,
        contact_type: str = "member",
        phone_region: str = "SE",
        idle_clear_seconds: int = 120,
        panel_options: presentation.PanelOptions | None = None,
        idle_provider: IdleProvider | None = None,
        placement: str = "window",
        strip_width: int = 380,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cashierView")
        self._controller = controller
        self._phone_region = phone_region
        self._default_contact_type = contact_type
        self._idle_seconds = idle_clear_seconds
        self._narrow_strip = (
            placement_module.is_strip(placement) and strip_width < placement_module.COMPACT_BELOW
        )
        self._options = self._effective(panel_options or presentation.PanelOptions())
        if panel_options is not None or self._narrow_strip:  # panel and presenter agree
            controller.set_presenter(controller.presenter.with_options(self._options))
        self._ready_hint = ""
        self._scan_over_customer = False
        """The lookup running came from a scan while a customer was shown."""
        self._system_idle = idle_provider or NoIdleInfo()
        self._idle_started = 0.0  # monotonic: the last scan, lookup or input in this window
        self._countdown_started = 0.0
        self._connection_text = ""
        self._tenant = ""
        self._searched_by: Lookup | None = None  # what a several-matches list was found by
        self._close_guard: Callable[[], bool] | None = None

        self._build(contact_type)
        self._wire()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            FocusRing.install(app)  # a clear ring on whatever has the keyboard focus
        self._placement = placement
        self.show_status(status_view.ready_status())

    # ------------------------------------------------------------------ layout

    def _build(self, contact_type: str) -> None:
        self.search_box = named(QLineEdit(), "searchBox")
        self.search_box.setMaxLength(MAX_INPUT_LENGTH)
        # Short enough to be read whole at any width; the full hint is the tooltip (and the
        # "Ready to scan" page).
        self.search_box.setPlaceholderText(self.tr("Scan a card or type"))
        self.search_box.setToolTip(
            self.tr("Scan a card, or type e-mail, phone, personal or member number")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("Search customer"))

        self.contact_type_box = ContactTypeBox(contact_type)
        for value in dict.fromkeys((contact_type, "member", "contact")):
            self.contact_type_box.addItem(self._contact_type_label(value), value)
        self.contact_type_box.setToolTip(self.tr("Contact type (F3)"))

        self.search_button = named(QPushButton(self.tr("Search")), "searchButton")
        self.search_button.setToolTip(self.tr("Look up what is typed (Enter)"))
        self.clear_button = named(QPushButton(self.tr("Clear  Esc")), "clearButton")
        self.clear_button.setToolTip(self.tr("Clear the customer (Esc)"))
        self.settings_button = named(QPushButton(self.tr("Settings")), "settingsButton")
        self.settings_button.setToolTip(self.tr("Set up this till (F10, store IT)"))
        for button in (self.search_button, self.clear_button, self.settings_button):
            button.setAutoDefault(False)
            button.setDefault(False)

        # The search box beside the buttons; in compact mode on a line of its own, so it
        # stays wide enough to read (set_compact moves it).
        top = QVBoxLayout()
        self._search_row = QHBoxLayout()
        self._search_row.addWidget(self.search_box, 1)
        self._buttons_row = QHBoxLayout()
        for widget in (
            self.contact_type_box,
            self.search_button,
            self.clear_button,
            self.settings_button,
        ):
            self._buttons_row.addWidget(widget)
        self._search_row.addLayout(self._buttons_row)
        top.addLayout(self._search_row)

        self.status_view = StatusView()
        self._profile_view: ProfileView | None = None  # built by build_panel / first use
        self.pages = named(QStackedWidget(), "pages")
        self.pages.addWidget(self.status_view)
        self.candidate_list = CandidateList()
        self.pages.addWidget(self.candidate_list)
        self.found_by_label = named(QLabel(), "foundByLabel")  # "Found by member number"
        self.found_by_label.setVisible(False)
        self.retry_button = named(QPushButton(self.tr("Try again  F5")), "retryButton")
        self.retry_button.setToolTip(self.tr("Look the last customer up again (F5)"))
        self.retry_button.setAutoDefault(False)
        self.retry_button.setVisible(False)

        # Over the top of the page, so the countdown never moves the layout.
        self.countdown_label = named(OverlayBanner(self.pages), "countdownLabel")
        self.scan_note = named(QLabel(), "scanNote")  # a scan that found nobody: why
        self.scan_note.setWordWrap(True)
        self.scan_note.setTextFormat(Qt.TextFormat.PlainText)
        self.scan_note.setVisible(False)
        # The status line's texts wrap in a narrow strip, never cut (QStatusBar fixes its
        # height once, so the line is a row of the window's own layout).
        self.connection_label = named(plain_label(wrap=True), "connectionLabel")
        self.scanner_label = named(plain_label(wrap=True), "scannerLabel")
        self.scanner_label.setVisible(False)

        layout = QVBoxLayout(self)
        self._top = top
        layout.addLayout(top)
        layout.addWidget(self.scan_note)
        layout.addWidget(self.found_by_label)
        layout.addWidget(self.pages, 1)
        self._place_retry_button(layout)
        status_line = named(QWidget(), "statusLine")
        status_row = QHBoxLayout(status_line)
        status_row.setContentsMargins(2, 0, 2, 0)
        status_row.addWidget(self.connection_label, 1)
        status_row.addWidget(self.scanner_label, 1)
        layout.addWidget(status_line)

        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(1000)
        self._remaining = 0
        self._watching = False
        self.set_compact(self._options.compact)

    def _place_retry_button(self, fallback: QVBoxLayout) -> None:
        """Under the offline message (before the status view's closing stretch), else at
        the bottom of the window."""
        status_layout = self.status_view.layout()
        centre = Qt.AlignmentFlag.AlignHCenter
        if isinstance(status_layout, QVBoxLayout) and status_layout.count() > 0:
            status_layout.insertWidget(status_layout.count() - 1, self.retry_button, 0, centre)
        else:
            fallback.addWidget(self.retry_button, 0, centre)

    def _wire(self) -> None:
        self.search_box.returnPressed.connect(self._on_search)
        self.search_button.clicked.connect(self._on_search)
        self.clear_button.clicked.connect(self.clear)
        self.settings_button.clicked.connect(self.settings_requested)
        controller = self._controller
        controller.lookup_started.connect(self._on_lookup_started)
        controller.lookup_failed.connect(self._on_lookup_failed)
        controller.profile_ready.connect(self._on_profile_ready)
        # Points come after a profile, when the panel exists.
        controller.points_loading.connect(lambda: self.profile_view.show_points_loading())
        controller.points_ready.connect(lambda p: self.profile_view.show_presented_points(p))
        controller.points_failed.connect(lambda e: self.profile_view.show_points_error(e))
        controller.candidates_loading.connect(self._on_candidates_loading)
        controller.candidate_ready.connect(self.candidate_list.set_row)
        controller.candidate_failed.connect(self.candidate_list.set_failed)
        self.candidate_list.picked.connect(self._on_candidate_picked)
        self.retry_button.clicked.connect(self.retry)
        self._idle_timer.timeout.connect(self._on_idle_countdown_start)
        self._tick_timer.timeout.connect(self._on_tick)

        def shortcut(key: QKeySequence | Qt.Key | str, slot: Callable[[], object]) -> None:
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)

        shortcut(Qt.Key.Key_F2, self.focus_search)
        shortcut(Qt.Key.Key_F3, self._on_contact_type_key)
        shortcut(Qt.Key.Key_F5, self.retry)
        shortcut(Qt.Key.Key_Escape, self.clear)
        shortcut(Qt.Key.Key_F10, self.settings_requested.emit)

    # ------------------------------------------------------------------ the panel

    @property
    def profile_view(self) -> ProfileView:
        """The customer panel, built on first use (:meth:`build_panel`)."""
        return self._profile_view or self.build_panel()

    def build_panel(self) -> ProfileView:
        """Build the customer panel now (the app does it right after "Ready to scan" is
        painted: its ~60 ms of modules and widgets are not on the way to Ready)."""
        if self._profile_view is not None:
            return self._profile_view
        from pos_profile.gui.profile_view import ProfileView

        view = self._profile_view = ProfileView(options=self._options)
        view.set_compact(self._options.compact)
        view.note.connect(self._show_note)
        self.pages.insertWidget(1, view)
        self.countdown_label.raise_()  # the countdown stays over the page
        return view

    # ------------------------------------------------------------------ public API

    def _effective(self, options: presentation.PanelOptions) -> presentation.PanelOptions:
        """A narrow strip is always compact, whatever ``[display] compact`` says."""
        if self._narrow_strip and not options.compact:
            return dataclasses.replace(options, compact=True)
        return options

    def set_panel_options(self, options: presentation.PanelOptions) -> None:
        """New display settings (setup saved): the panel and its presenter both use them."""
        self._options = self._effective(options)
        self._controller.set_presenter(self._controller.presenter.with_options(self._options))
        if self._profile_view is not None:
            self._profile_view.set_options(self._options)
        self.set_compact(self._options.compact)

    @property
    def lookup_controller(self) -> LookupController:
        return self._controller

    @property
    def is_strip(self) -> bool:
        """A strip beside the POS: it never takes the keyboard focus by itself."""
        return placement_module.is_strip(self._placement)

    def focus_search(self) -> None:
        if not self.is_strip:  # a strip leaves the focus where the cashier put it
            self.activateWindow()
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def contact_type(self) -> str:
        return self.contact_type_box.value()

    def _contact_type_label(self, value: str) -> str:
        labels = {"member": self.tr("Member"), "contact": self.tr("Contact")}
        return labels.get(value, value.capitalize())

    def set_default_contact_type(self, contact_type: str) -> None:
        """The configured contact type changed (setup saved): select it from now on."""
        self._default_contact_type = contact_type
        self.contact_type_box.set_default(contact_type, self._contact_type_label(contact_type))

    def state(self) -> State:
        current = self.pages.currentWidget()
        if current is not None and current is self._profile_view:
            return State.PROFILE
        if self.pages.currentWidget() is self.candidate_list:
            return State.MULTIPLE
        return self.status_view.status.state

    def show_status(self, status: Status) -> None:
        self._scan_over_customer = False
        self._show_scan_note("")
        self.found_by_label.setVisible(False)
        panel = self._profile_view
        if panel is not None and panel.current_presentation() is not None:
            panel.clear()  # never a stale customer behind a message
        self.candidate_list.clear()
        can_retry = status.state is State.OFFLINE and self._controller.can_retry()
        if can_retry:
            status = dataclasses.replace(
                status, next_step=self.tr("Press F5 to try again; no need to scan again.")
            )
        self.retry_button.setVisible(can_retry)
        self.status_view.show_status(status)
        self.pages.setCurrentWidget(self.status_view)
        self._update_connection_label()
        if status.state in (State.READY, State.STARTING, State.LOOKING_UP):
            self._stop_idle_timer()
        else:
            self._start_idle_timer()

    def set_connection_text(self, text: str, *, tenant: str = "") -> None:
        """The connection in the status bar; ``tenant`` ("Engage: host") is added only in
        the not-configured state, where store IT needs it."""
        self._connection_text = text
        self._tenant = tenant
        self._update_connection_label()

    def _update_connection_label(self) -> None:
        text = self._connection_text
        if self._tenant and self.state() is State.NOT_CONFIGURED:
            text = f"{text} · {self._tenant}" if text else self._tenant
        self.connection_label.setText(text)

    def set_scanner_text(self, text: str, *, problem: bool = False) -> None:
        """The scan source's state in the status bar ("Scanner disconnected …")."""
        self.scanner_label.setText(text)
        self.scanner_label.setProperty("problem", problem)
        self.scanner_label.style().unpolish(self.scanner_label)
        self.scanner_label.style().polish(self.scanner_label)
        self.scanner_label.setVisible(bool(text))

    @property
    def ready_hint(self) -> str:
        return self._ready_hint

    def set_ready_hint(self, hint: str) -> None:
        """A line under "Ready to scan" (the demo names customers to try)."""
        self._ready_hint = hint
        if self.state() is State.READY:
            self.show_status(status_view.ready_status(hint))

    def set_compact(self, compact: bool) -> None:
        self.setProperty("compact", compact)
        self.settings_button.setVisible(not compact)
        self.contact_type_box.set_compact(compact)
        if self._profile_view is not None:
            self._profile_view.set_compact(compact)
        # Compact: the search box on a line of its own, the buttons under it.
        self._search_row.removeItem(self._buttons_row)
        self._top.removeItem(self._buttons_row)
        (self._top if compact else self._search_row).addLayout(self._buttons_row)
        if compact:
            self.setMinimumWidth(300)

    def lookup(self, lookup: Lookup | Sequence[Lookup], *, contact_type: str | None = None) -> None:
        """Start a lookup (from the search box or a scan); it replaces whatever is shown."""
        self._controller.lookup(lookup, contact_type or self.contact_type())

    def clear(self) -> None:
        """Back to "ready to scan": no customer on screen, focus in the search box.

        The customer's state goes with them: the typed text and its undo history, the
        remembered identifier (F5), and a switched contact type."""
        self._controller.cancel()
        self._controller.forget()
        self._clear_search_box()
        self.contact_type_box.reset()
        if self._profile_view is not None:
            self._profile_view.clear()
        self.show_status(
            status_view.ready_status(self._ready_hint)
            if self._controller.problem is None
            else status_view.status_for_error(self._controller.problem)
        )
        self.focus_search()

    # ------------------------------------------------------------------ scanner

    def on_code_scanned(self, decision: ScanDecision) -> None:
        """A scan to look up (``ScannerFilter.code_scanned``): by the kind it says it is.

        With a customer on screen the panel stays while the card is looked up: a scan that
        finds nobody (a product's barcode, a card Engage does not know) never replaces the
        customer of the sale; another member's card does.
        """
        if decision.lookup is not None:
            self._scan_over_customer = self.state() is State.PROFILE
            if self._scan_over_customer:
                self._start_idle_timer()  # a scan is work on the sale
            self.contact_type_box.reset()  # a card is the next customer: the default type
            self.lookup(decision.lookup)

    def on_scan_rejected(self, reason: str) -> None:
        """A refused scan (``ScannerFilter.scan_rejected``): its cashier-facing reason."""
        error = errors.InvalidInputError(reason)
        if self.state() is State.PROFILE:  # the customer stays; say why nothing happened
            self._show_scan_note(status_view.status_for_error(error).detail)
            self._start_idle_timer()
            return
        self._controller.show_error(error)

    def _show_scan_note(self, text: str) -> None:
        self._show_note(
            self.tr("{reason} The customer stays on screen.").format(reason=text) if text else ""
        )

    def _show_note(self, text: str) -> None:
        """A line above the panel (a scan that found nobody, a code copied for the POS)."""
        self.scan_note.setText(text)
        self.scan_note.setVisible(bool(text))

    # ------------------------------------------------------------------ slots

    def _on_search(self) -> None:
        text = self.search_box.text()
        if not text.strip():
            self.focus_search()
            return
        from pos_profile.engage.identifiers import classify_all  # phonenumbers: not at start-up

        try:
            lookups = classify_all(text, default_region=self._phone_region)
        except errors.InvalidInputError as exc:
            self._controller.show_error(exc)
            self._select_search_text()  # keep the text so the cashier can fix it
            return
        # The text stays (it is cleared once a customer is found, or kept selected for a
        # correction when nobody is): the lookup asks each kind it can be, in order.
        self._controller.lookup(lookups, self.contact_type())

    def _clear_search_box(self) -> None:
        """Empty the box *and* its undo history: Ctrl+Z must not bring back the previous
        customer's e-mail (``QLineEdit.clear`` is undoable, ``setText`` is not)."""
        self.search_box.setText("")

    def _select_search_text(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_box.selectAll()

    def retry(self) -> None:
        """F5 / "Try again": ask the last lookup again, without a re-scan (offline only)."""
        if self.state() is State.OFFLINE and self._controller.can_retry():
            self._controller.retry()

    def _on_contact_type_key(self) -> None:
        self.contact_type_box.open_in_place()

    def _on_lookup_started(self, lookup: Lookup) -> None:
        if self._scan_over_customer and self.state() is State.PROFILE:
            self._show_scan_note("")  # the panel stays until the answer
            return
        self.show_status(status_view.looking_up_status(lookup.kind.label))

    def _on_lookup_failed(self, exc: BaseException) -> None:
        over_customer, self._scan_over_customer = self._scan_over_customer, False
        if (
            over_customer
            and self.state() is State.PROFILE
            and isinstance(exc, errors.ContactNotFoundError)
        ):
            self._show_scan_note(self.tr("No member for that card."))
            return
        self.show_status(status_view.status_for_error(exc))
        if self.search_box.text() and self.state() in (State.NOT_FOUND, State.INVALID):
            self._select_search_text()  # typed: kept, selected, for a correction

    def _on_candidates_loading(self, shown: int, total: int, searched_by: Lookup) -> None:
        self._searched_by = searched_by
        self.candidate_list.start(shown, total, searched_by.kind.label)
        self.pages.setCurrentWidget(self.candidate_list)
        if not self.is_strip or self.isActiveWindow():  # a strip never grabs the focus
            self.candidate_list.rows.setFocus(Qt.FocusReason.OtherFocusReason)
        self._start_idle_timer()

    def _on_candidate_picked(self, contact_id: str) -> None:
        self._controller.pick_candidate(contact_id, self._searched_by)

    def _on_profile_ready(self, presented: PresentedProfile) -> None:
        self._scan_over_customer = False
        self._show_scan_note("")
        self._clear_search_box()  # found: the typed text (and its undo) goes
        self.contact_type_box.reset()  # the switched type was for this customer only
        self.retry_button.setVisible(False)
        found_by = self._controller.found_by
        self.found_by_label.setText(
            self.tr("Found by {kind}").format(kind=translate_lookup_kind(found_by.kind.label))
            if found_by is not None
            else ""
        )
        self.found_by_label.setVisible(found_by is not None)
        self.candidate_list.clear()
        self.profile_view.show_presented(presented)
        self.pages.setCurrentWidget(self.profile_view)
        self._update_connection_label()
        self._start_idle_timer()

    # ------------------------------------------------------------------ idle clear

    def _start_idle_timer(self) -> None:
        self._tick_timer.stop()
        self.countdown_label.setVisible(False)
        if self._idle_seconds <= 0:
            return
        self._watch_activity(True)
        self._idle_started = time.monotonic()
        self._arm_countdown(max(0, self._idle_seconds - COUNTDOWN_SECONDS))

    def _arm_countdown(self, seconds: float) -> None:
        self._remaining = min(COUNTDOWN_SECONDS, self._idle_seconds)
        self._idle_timer.start(int(seconds * 1000))

    def _input_elsewhere_since(self, moment: float) -> float | None:
        """Seconds since input anywhere on the till, when that came after ``moment``."""
        idle = self._system_idle.seconds_since_input()
        if idle is None or idle >= time.monotonic() - moment:
            return None
        return idle

    def _stop_idle_timer(self) -> None:
        self._idle_timer.stop()
        self._tick_timer.stop()
        self.countdown_label.setVisible(False)
        self._watch_activity(False)

    def _watch_activity(self, on: bool) -> None:
        """Any key or click keeps the customer on screen. The app-wide filter sees every
        event, so it is installed only while a customer is on screen with a timer running."""
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def _on_idle_countdown_start(self) -> None:
        idle = self._input_elsewhere_since(self._idle_started)
        if idle is not None:  # the cashier is working in the POS: the sale goes on
            warn_at = max(0, self._idle_seconds - COUNTDOWN_SECONDS)
            self._arm_countdown(max(1.0, warn_at - idle))
            return
        self._countdown_started = time.monotonic()
        self._show_countdown()
        self._tick_timer.start()

    def _on_tick(self) -> None:
        if self._input_elsewhere_since(self._countdown_started) is not None:
            self._start_idle_timer()  # input in the POS during the countdown keeps the customer
            return
        self._remaining -= 1
        if self._remaining <= 0:
            self._tick_timer.stop()
            self.clear()
            return
        self._show_countdown()

    def _show_countdown(self) -> None:
        self.countdown_label.setText(
            self.tr("Clearing in {n} s — press any key to keep this customer").format(
                n=self._remaining
            )
        )
        self.countdown_label.setVisible(True)

    def idle_seconds_left(self) -> int | None:
        """Seconds until the panel clears, when the countdown is showing."""
        return self._remaining if self._tick_timer.isActive() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self._start_idle_timer()  # activity keeps the customer on screen
        return False

    # ------------------------------------------------------------------ closing

    def set_close_guard(self, guard: Callable[[], bool] | None) -> None:
        """``guard()`` is asked before the window closes; False keeps it open (a redeem in
        flight, gui/redeem_panel.py)."""
        self._close_guard = guard

    def may_close(self) -> bool:
        """Whether the window may close now (asks the close guard, if any)."""
        return self._close_guard is None or self._close_guard()

    def stop_watching(self) -> None:
        """The window closes: the app-wide activity filter goes with it."""
        self._watch_activity(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # a view shown on its own (tests)
        if not self.may_close():
            event.ignore()
            return
        self.stop_watching()
        super().closeEvent(event)
