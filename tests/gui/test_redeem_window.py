"""Redeeming in the window (issue 14, "In the window"), driven with real key events.

The customer comes from the sandbox over a real socket; the Redeemer is a fake that records
its calls and can be held on a threading.Event, so "a scan arrives during the POST" is a
state the test controls. (The real-sandbox redeem flow is tested where the Redeemer is.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from pos_profile import presentation
from pos_profile.engage.client import EngageClient
from pos_profile.gui import translations
from pos_profile.gui.cashier_view import CashierView
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.redeem_controller import RedeemController
from pos_profile.gui.redeem_dialog import ARM_MS
from pos_profile.gui.redeem_panel import RedeemPanel
from pos_profile.gui.row_delegate import ROW_ROLE
from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.scanner import ScannerFilter
from pos_profile.gui.status_view import State
from pos_profile.i18n import Message
from pos_profile.redemption import (
    Redeemer,
    RedeemKind,
    RedeemOutcome,
    RedeemStatus,
    RedeemTarget,
)
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import decide_text
from tests.gui.test_main_window import fixed_time_presenter

ASTRID = "50a74cff-026f-4c84-aa8f-f5f8d837115f"
MAJA_CARD = "2400004711205"
SEPTEMBER = "b99a14f8-ea3d-4d20-88ec-f0429e19cfdf"  # 50 kr, No. 2511929134653, first usable


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeRedeemer:
    """Answers with ``statuses`` in turn (REDEEMED / UNDONE when empty); ``gate`` holds it."""

    statuses: list[RedeemStatus] = field(default_factory=list)
    calls: list[tuple[str, RedeemTarget]] = field(default_factory=list)
    gate: threading.Event | None = None
    raises: BaseException | None = None

    def _answer(self, action: str, target: RedeemTarget, default: RedeemStatus) -> RedeemOutcome:
        self.calls.append((action, target))
        if self.gate is not None:
            assert self.gate.wait(10)
        if self.raises is not None:
            raise self.raises
        status = self.statuses.pop(0) if self.statuses else default
        return RedeemOutcome(
            target,
            status,
            Message("Engage said {status}.", {"status": status.value}, context="tests"),
            retry_allowed=status is RedeemStatus.NOT_REDEEMED,
        )

    def redeem(self, target: RedeemTarget) -> RedeemOutcome:
        return self._answer("redeem", target, RedeemStatus.REDEEMED)

    def retry(self, target: RedeemTarget) -> RedeemOutcome:
        return self._answer("retry", target, RedeemStatus.REDEEMED)

    def undo(self, target: RedeemTarget) -> RedeemOutcome:
        return self._answer("undo", target, RedeemStatus.UNDONE)


@dataclass
class Till:
    qtbot: QtBot
    window: CashierView
    panel: RedeemPanel
    redeemer: FakeRedeemer | Redeemer
    clock: FakeClock

    def show(self, member: str = "7001234567") -> None:
        self.qtbot.keyClicks(self.window.search_box, member)
        self.qtbot.keyClick(self.window.search_box, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: self.window.state() is State.PROFILE, timeout=5000)

    def focus_first_voucher(self) -> None:
        view = self.window.profile_view.vouchers.list
        view.setFocus(Qt.FocusReason.TabFocusReason)
        self.qtbot.keyClick(view, Qt.Key.Key_Home)
        assert view.currentIndex().row() == 0

    def f6(self) -> None:
        self.qtbot.keyClick(QApplication.focusWidget() or self.window, Qt.Key.Key_F6)

    def open_dialog(self) -> None:
        self.focus_first_voucher()
        self.f6()
        self.qtbot.waitUntil(lambda: self.panel.dialog is not None, timeout=2000)
        dialog = self.panel.dialog
        assert dialog is not None
        self.qtbot.waitExposed(dialog)

    def arm(self) -> None:
        self.clock.now += ARM_MS + 1

    def confirm(self) -> None:
        self.open_dialog()
        self.arm()
        dialog = self.panel.dialog
        assert dialog is not None
        self.qtbot.keyClick(dialog, Qt.Key.Key_Return)
        assert self.panel.dialog is None

    def texts(self) -> str:
        return "\n".join(
            label.text()
            for label in self.window.findChildren(QLabel)
            if label.isVisibleTo(self.window)
        )

    def voucher_rows(self) -> list[presentation.VoucherRow]:
        return list(self.window.profile_view.vouchers.model.rows())  # type: ignore[arg-type]

    def voucher_history(self) -> list[presentation.VoucherRow]:
        return list(self.window.profile_view.vouchers.history_model.rows())  # type: ignore[arg-type]


TillFactory = Callable[..., Till]


@pytest.fixture
def make_till(qtbot: QtBot, fixture_time_sandbox: SandboxServer) -> Iterator[TillFactory]:
    made: list[tuple[TaskRunner, EngageClient, FakeRedeemer | Redeemer]] = []

    def make(*, enabled: bool = True, redeemer: FakeRedeemer | Redeemer | None = None) -> Till:
        runner = TaskRunner()
        lookups = LookupController(runner, presenter=fixed_time_presenter(), watchdog_seconds=10)
        client = EngageClient(fixture_time_sandbox.base_url, DEMO_API_KEY)
        lookups.set_client(client)
        window = CashierView(lookups, idle_clear_seconds=0)
        qtbot.addWidget(window)
        fake = redeemer or FakeRedeemer()
        clock = FakeClock()
        controller = RedeemController(runner, redeemer=fake, enabled=enabled, parent=window)
        panel = RedeemPanel.attach(window, controller, clock=clock)
        window.show()
        qtbot.waitExposed(window)
        window.focus_search()
        made.append((runner, client, fake))
        return Till(qtbot, window, panel, fake, clock)

    yield make
    for runner, client, fake in made:
        if isinstance(fake, FakeRedeemer) and fake.gate is not None:
            fake.gate.set()
        runner.wait_for_done(5000)
        client.close()


@pytest.fixture
def till(make_till: TillFactory) -> Till:
    t = make_till()
    t.show()
    return t


# --------------------------------------------------------------------------- the confirmation


def test_f6_on_a_focused_voucher_shows_its_value_name_and_number(till: Till) -> None:
    till.open_dialog()
    dialog = till.panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.value_label.text() == "50\u00a0kr"
    assert dialog.name_label.text() == "Bonuscheck september 2026"
    assert dialog.number_label.text() == "No. 2511929134653"
    assert till.redeemer.calls == []


def test_escape_cancels_and_nothing_is_sent(till: Till) -> None:
    till.open_dialog()
    till.arm()
    dialog = till.panel.dialog
    assert dialog is not None
    till.qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert till.panel.dialog is None
    assert till.window.state() is State.PROFILE  # Esc closed the dialog, not the customer
    till.qtbot.wait(50)
    assert till.redeemer.calls == []


def test_enter_in_the_first_300_ms_is_ignored_then_enter_redeems_once(till: Till) -> None:
    till.open_dialog()
    dialog = till.panel.dialog
    assert dialog is not None
    till.clock.now += ARM_MS - 20
    till.qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and till.panel.dialog is dialog
    till.clock.now += 100  # a person's second press, well past the first 300 ms
    till.qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert till.panel.dialog is None
    till.qtbot.waitUntil(lambda: len(till.voucher_history()) == 3, timeout=3000)
    assert till.redeemer.calls == [("redeem", RedeemTarget(RedeemKind.VOUCHER, SEPTEMBER, ASTRID))]


def test_a_burst_of_keys_ending_in_enter_never_confirms(till: Till) -> None:
    """A scan the scan filter did not catch: fast keys then Enter, all on the dialog."""
    till.open_dialog()
    till.arm()
    dialog = till.panel.dialog
    assert dialog is not None
    till.qtbot.keyClicks(dialog, "7009876543")  # the clock stands still: a burst
    till.qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert till.redeemer.calls == []


def test_a_scan_during_the_confirmation_never_confirms_and_the_next_customer_cancels_it(
    till: Till,
) -> None:
    """With the app's scan filter in front: the scan's Enter never reaches the dialog; the
    scanned card is the next customer, and the confirmation for the one before goes."""
    scanner = ScannerFilter(ScannerConfig(), parent=till.window)
    scanner.install()
    scanner.code_scanned.connect(till.window.on_code_scanned)
    try:
        till.open_dialog()
        till.arm()
        dialog = till.panel.dialog
        assert dialog is not None
        with till.qtbot.waitSignal(scanner.code_scanned, timeout=3000):
            till.qtbot.keyClicks(dialog, MAJA_CARD)
            till.qtbot.keyClick(dialog, Qt.Key.Key_Return)
        till.qtbot.waitUntil(lambda: "Maja" in till.texts(), timeout=5000)
        assert till.panel.dialog is None
        assert till.redeemer.calls == []
    finally:
        scanner.uninstall()


# --------------------------------------------------------------------------- the outcome


def test_success_moves_the_row_to_history_as_redeemed_now_and_undo_puts_it_back(
    till: Till,
) -> None:
    assert till.voucher_rows()[0].name == "Bonuscheck september 2026"
    till.confirm()
    till.qtbot.waitUntil(lambda: "Redeemed now: Bonuscheck" in till.texts(), timeout=3000)
    first = till.voucher_history()[0]
    assert (first.name, first.status_text) == ("Bonuscheck september 2026", "Redeemed now")
    assert "Bonuscheck september 2026" not in [row.name for row in till.voucher_rows()]
    assert till.window.profile_view.vouchers.history.isVisible()
    assert "Reward vouchers (1)" in till.texts()
    undo = till.panel.bars[till.window.profile_view.vouchers].undo_button
    assert undo.isVisible()
    till.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    till.qtbot.waitUntil(lambda: "can be used again" in till.texts(), timeout=3000)
    assert [action for action, _ in till.redeemer.calls] == ["redeem", "undo"]
    assert "Bonuscheck september 2026" in [row.name for row in till.voucher_rows()]
    assert not undo.isVisible()


def test_a_scan_during_the_post_keeps_the_outcome_for_the_next_customer(
    make_till: TillFactory,
) -> None:
    redeemer = FakeRedeemer(gate=threading.Event())
    till = make_till(redeemer=redeemer)
    till.show()
    till.confirm()
    till.qtbot.waitUntil(lambda: len(redeemer.calls) == 1, timeout=2000)
    assert till.voucher_rows()[0].status_text == "Redeeming…"
    assert "Redeeming Bonuscheck september 2026…" in till.texts()
    till.window.on_code_scanned(decide_text(MAJA_CARD, ScannerConfig()))
    till.qtbot.waitUntil(lambda: "Maja" in till.texts(), timeout=5000)
    redeemer.gate.set()  # type: ignore[union-attr]
    till.qtbot.waitUntil(
        lambda: (
            "Earlier customer, Bonuscheck september 2026: Engage said redeemed." in till.texts()
        ),
        timeout=3000,
    )
    assert "Maja" in till.texts()  # the new customer stays, the outcome is told beside them


def test_not_redeemed_offers_one_retry(make_till: TillFactory) -> None:
    redeemer = FakeRedeemer(statuses=[RedeemStatus.NOT_REDEEMED, RedeemStatus.NOT_REDEEMED])
    till = make_till(redeemer=redeemer)
    till.show()
    till.confirm()
    bar = till.panel.bars[till.window.profile_view.vouchers]
    till.qtbot.waitUntil(lambda: bar.retry_button.isVisible(), timeout=3000)
    assert "Engage said not-redeemed." in till.texts()
    assert till.voucher_rows()[0].status_text == ""  # back as it was
    till.qtbot.mouseClick(bar.retry_button, Qt.MouseButton.LeftButton)
    till.qtbot.waitUntil(lambda: len(redeemer.calls) == 2, timeout=3000)
    till.qtbot.waitUntil(lambda: not till.panel.controller.is_busy(), timeout=3000)
    assert not bar.retry_button.isVisible()  # only once
    assert [action for action, _ in redeemer.calls] == ["redeem", "retry"]


def test_an_unknown_outcome_says_to_check_in_engage(make_till: TillFactory) -> None:
    till = make_till(redeemer=FakeRedeemer(raises=TimeoutError()))
    till.show()
    till.confirm()
    till.qtbot.waitUntil(
        lambda: "Check in Engage before trying again" in till.texts(), timeout=3000
    )
    assert till.voucher_rows()[0].status_text == "Outcome unknown: check in Engage"


def test_quitting_while_a_redeem_is_in_flight_asks_first(make_till: TillFactory) -> None:
    redeemer = FakeRedeemer(gate=threading.Event())
    till = make_till(redeemer=redeemer)
    till.show()
    till.confirm()
    till.qtbot.waitUntil(lambda: len(redeemer.calls) == 1, timeout=2000)
    asked: list[str] = []

    def answer_no() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer_no)
    assert not till.window.close()
    assert till.window.isVisible()
    assert asked and "still being sent to Engage" in asked[0]
    redeemer.gate.set()  # type: ignore[union-attr]
    till.qtbot.waitUntil(lambda: not till.panel.controller.is_busy(), timeout=3000)
    assert till.window.close()  # nothing in flight: no question


def test_disabled_shows_no_button_and_f6_does_nothing(make_till: TillFactory) -> None:
    till = make_till(enabled=False)
    till.show()
    bar = till.panel.bars[till.window.profile_view.vouchers]
    assert not bar.isVisible() and not bar.redeem_button.isVisible()
    till.focus_first_voucher()
    till.f6()
    till.qtbot.wait(50)
    assert till.panel.dialog is None
    assert till.redeemer.calls == []


def test_the_button_is_shown_when_enabled_and_only_usable_rows_with_ids_redeem(
    till: Till,
) -> None:
    bar = till.panel.bars[till.window.profile_view.vouchers]
    assert bar.redeem_button.isVisible()
    promotions = till.window.profile_view.promotions
    assert till.panel.bars[promotions].redeem_button.isVisible()  # "20 %" is for the till


def test_f6_on_a_promotion_for_the_till_redeems_it_by_its_own_id(till: Till) -> None:
    view = till.window.profile_view.promotions.list
    view.setFocus(Qt.FocusReason.TabFocusReason)
    till.qtbot.keyClick(view, Qt.Key.Key_Home)
    row = view.currentIndex().data(ROW_ROLE)
    assert isinstance(row, presentation.PromotionRow) and row.at_till
    till.f6()
    till.qtbot.waitUntil(lambda: till.panel.dialog is not None, timeout=2000)
    dialog = till.panel.dialog
    assert dialog is not None
    assert dialog.value_label.text() == row.action
    assert dialog.name_label.text() == row.title
    till.arm()
    till.qtbot.keyClick(dialog, Qt.Key.Key_Return)
    till.qtbot.waitUntil(lambda: "Redeemed now: " + row.title in till.texts(), timeout=3000)
    ((action, target),) = till.redeemer.calls
    assert (action, target.kind, target.item_id) == ("redeem", RedeemKind.PROMOTION, row.item_id)
    assert row.item_id == "89f688b7-ea96-466b-9684-b74ab09acdcd"  # the id, not promotionId


def test_f6_outside_the_lists_only_says_where_to_go(till: Till) -> None:
    till.window.focus_search()
    till.f6()
    assert till.panel.dialog is None
    assert "then press F6" in till.texts()


def test_an_outcome_during_the_next_customers_lookup_is_told_beside_them(
    make_till: TillFactory, fixture_time_sandbox: SandboxServer
) -> None:
    """The answer comes while the scanned card is still being looked up (the old customer
    still on screen): it shows on the old row, and again beside the next customer."""
    redeemer = FakeRedeemer(gate=threading.Event())
    till = make_till(redeemer=redeemer)
    till.show()
    till.confirm()
    till.qtbot.waitUntil(lambda: len(redeemer.calls) == 1, timeout=2000)
    fixture_time_sandbox.latency_ms = 600
    try:
        till.window.on_code_scanned(decide_text(MAJA_CARD, ScannerConfig()))
        redeemer.gate.set()  # type: ignore[union-attr]
        till.qtbot.waitUntil(lambda: not till.panel.controller.is_busy(), timeout=3000)
        assert "Maja" not in till.texts()  # still looking up: the outcome lands on the row
        assert till.voucher_history()[0].status_text == "Redeemed now"
        till.qtbot.waitUntil(lambda: "Maja" in till.texts(), timeout=5000)
    finally:
        fixture_time_sandbox.latency_ms = 0
    assert "Earlier customer, Bonuscheck september 2026: Engage said redeemed." in till.texts()


@pytest.fixture
def swedish(qapp: QApplication) -> Iterator[None]:
    assert translations.install_translator(qapp, "sv")
    yield
    translations.remove_translators(qapp)


def test_in_swedish_the_dialog_and_an_unknown_outcome_read_in_swedish(
    swedish: None, make_till: TillFactory
) -> None:
    till = make_till(redeemer=FakeRedeemer(raises=TimeoutError()))
    till.show()
    till.open_dialog()
    dialog = till.panel.dialog
    assert dialog is not None
    assert dialog.question_label.text() == "Lösa in den här bonuschecken nu?"
    assert dialog.confirm_button.text() == "Lös in  Enter"
    assert dialog.number_label.text() == "Nr 2511929134653"
    till.arm()
    till.qtbot.keyClick(dialog, Qt.Key.Key_Return)
    till.qtbot.waitUntil(
        lambda: "Kontrollera i Engage innan du försöker igen." in till.texts(), timeout=3000
    )
    assert "Det gick inte att avgöra om inlösen gick igenom." in till.texts()
    assert till.voucher_rows()[0].status_text == "Okänt utfall: kontrollera i Engage"


# --------------------------------------------------------------------------- the real Redeemer


def test_f6_enter_redeems_through_the_sandbox_once_and_undo_reactivates_it(
    make_till: TillFactory, fixture_time_sandbox: SandboxServer
) -> None:
    """The whole path with real parts: F6, Enter, the Redeemer's live check and one POST over
    a socket to the sandbox, "Redeemed now", then Undo (reactivate)."""
    client = EngageClient(fixture_time_sandbox.base_url, DEMO_API_KEY)
    try:
        till = make_till(redeemer=Redeemer(client, store="0042"))
        till.show()
        fixture_time_sandbox.requests.clear()
        till.confirm()
        till.qtbot.waitUntil(lambda: "Redeemed now: Bonuscheck" in till.texts(), timeout=5000)
        posts = [t for m, t in fixture_time_sandbox.requests if m == "POST"]
        assert posts == [f"/api/v3/reward-vouchers/{SEPTEMBER}/redeem"]
        gets = [t.split("?")[0] for m, t in fixture_time_sandbox.requests if m == "GET"]
        assert "/api/v3/reward-vouchers/available" in gets  # the live check came first
        undo = till.panel.bars[till.window.profile_view.vouchers].undo_button
        till.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
        till.qtbot.waitUntil(lambda: "can be used again" in till.texts(), timeout=5000)
        posts = [t for m, t in fixture_time_sandbox.requests if m == "POST"]
        assert posts[-1] == f"/api/v3/reward-vouchers/{SEPTEMBER}/reactivate"
        assert len(posts) == 2
    finally:
        client.close()
