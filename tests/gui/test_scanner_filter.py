"""ScannerFilter with real QKeyEvents through the QApplication and a controlled clock.

QTest key events carry no real timing, so the filter's injected clock is advanced by hand
before each key; the silence timer is stood in for by calling ``poll()`` after moving the
clock past the deadline.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from pos_profile.gui.scanner import KeyDiagnostic, ScannerFilter
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.scanning.codes import CodeKind
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import ScanDecision

EAN = "7350053850019"
SWIPE = "%B6012345678901234^DOE/JANE^2912101000?;6012345678901234=2912101000?"
BANK = "%B4111111111111111^BANK/CARD^2912101000?;4111111111111111=2912101000?"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Rig:
    qtbot: QtBot
    clock: FakeClock
    filter: ScannerFilter
    window: QWidget
    edit: QLineEdit
    button: QPushButton
    scans: list[ScanDecision]
    rejections: list[str]
    returns: list[str]
    clicks: list[bool]
    decisions: list[ScanDecision]

    def key(self, widget: QWidget, key: Qt.Key | str, after_ms: float) -> None:
        self.clock.now += after_ms
        QTest.keyClick(widget, key)

    def type(self, widget: QWidget, text: str, gap_ms: float) -> None:
        for ch in text:
            self.key(widget, ch, gap_ms)

    def enter(self, widget: QWidget, after_ms: float) -> None:
        self.key(widget, Qt.Key.Key_Return, after_ms)

    def wait_silence(self, ms: float = 1000.0) -> None:
        """Let ``ms`` pass and fire the silence timer, as the event loop would."""
        self.clock.now += ms
        self.filter.poll()


@pytest.fixture
def rig_factory(qtbot: QtBot) -> Iterator[object]:
    filters: list[ScannerFilter] = []

    def make(config: ScannerConfig | None = None) -> Rig:
        clock = FakeClock()
        window = QWidget()
        window.setWindowTitle("scanner filter test")
        edit = QLineEdit(window)
        edit.setMaxLength(64)
        button = QPushButton("Clear customer", window)
        button.setAutoDefault(True)  # Enter on a focused auto-default button clicks it
        layout = QVBoxLayout(window)
        layout.addWidget(edit)
        layout.addWidget(button)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        filt = ScannerFilter(config or ScannerConfig(), clock=clock)
        filt.install()
        filters.append(filt)
        rig = Rig(qtbot, clock, filt, window, edit, button, [], [], [], [], [])
        filt.code_scanned.connect(rig.scans.append)
        filt.scan_rejected.connect(rig.rejections.append)
        filt.decided.connect(rig.decisions.append)
        edit.returnPressed.connect(lambda: rig.returns.append(edit.text()))
        button.clicked.connect(lambda: rig.clicks.append(True))
        edit.setFocus()
        return rig

    yield make
    for filt in filters:
        filt.uninstall()


@pytest.fixture
def rig(rig_factory: object) -> Rig:
    return rig_factory()  # type: ignore[operator,no-any-return]


def test_scan_into_focused_line_edit_leaves_it_untouched_and_emits_one_scan(rig: Rig) -> None:
    rig.type(rig.edit, EAN, gap_ms=5)
    rig.enter(rig.edit, 5)
    rig.wait_silence()
    assert rig.edit.text() == ""
    assert rig.returns == []  # the scanner's Enter did not submit the search box
    assert [(s.code, s.lookup) for s in rig.scans] == [
        (CodeKind.EAN, Lookup(LookupKind.CUSTOM_KEY, EAN))
    ]
    assert rig.rejections == []


def test_scan_does_not_disturb_text_already_in_the_field(rig: Rig) -> None:
    rig.edit.setText("anna@")
    rig.type(rig.edit, EAN, gap_ms=5)
    rig.enter(rig.edit, 5)
    assert rig.edit.text() == "anna@"
    assert len(rig.scans) == 1


def test_scan_while_button_has_focus_does_not_click_it(rig: Rig) -> None:
    rig.button.setFocus()
    rig.type(rig.button, EAN, gap_ms=5)
    rig.enter(rig.button, 5)
    rig.wait_silence()
    assert rig.clicks == []
    assert len(rig.scans) == 1
    # the same button does answer a person's Enter (the test can tell the difference)
    rig.enter(rig.button, 2000)
    assert rig.clicks == [True]


def test_person_typing_at_150ms_gets_exactly_their_text_and_no_scan(rig: Rig) -> None:
    rig.type(rig.edit, "12345678", gap_ms=150)
    rig.wait_silence()
    assert rig.edit.text() == "12345678"
    assert rig.scans == [] and rig.rejections == []
    rig.enter(rig.edit, 150)
    assert rig.returns == ["12345678"]


def test_fast_typist_with_a_pause_keeps_every_character_in_order(rig: Rig) -> None:
    rig.type(rig.edit, "abcd", gap_ms=20)
    rig.clock.now += 280
    rig.type(rig.edit, "efgh", gap_ms=20)
    rig.enter(rig.edit, 20)
    assert rig.edit.text() == "abcdefgh"
    assert rig.returns == ["abcdefgh"]
    assert rig.scans == []


def test_four_fast_chars_and_enter_are_replayed_including_enter(rig: Rig) -> None:
    rig.type(rig.edit, "1234", gap_ms=5)
    assert rig.edit.text() == ""  # held while it could still be a scan
    rig.enter(rig.edit, 5)
    assert rig.edit.text() == "1234"
    assert rig.returns == ["1234"]  # Enter reached the field after the text
    assert rig.scans == [] and rig.rejections == []
    assert rig.decisions[-1].outcome == "typing"


def test_fast_burst_without_enter_is_typed_after_the_silence(rig: Rig) -> None:
    rig.type(rig.edit, "abc", gap_ms=5)
    assert rig.edit.text() == ""
    rig.wait_silence(60)
    assert rig.edit.text() == "abc"


def test_silence_timer_fires_by_itself(rig: Rig) -> None:
    rig.filter._clock = lambda: __import__("time").monotonic() * 1000  # real time for once
    QTest.keyClick(rig.edit, "x")
    assert rig.edit.text() == ""
    rig.qtbot.waitUntil(lambda: rig.edit.text() == "x", timeout=2000)


def test_wrong_ean_check_digit_is_rejected_and_nothing_typed(rig: Rig) -> None:
    rig.type(rig.edit, "7350053850018", gap_ms=5)
    rig.enter(rig.edit, 5)
    rig.wait_silence()
    assert rig.rejections == ["Code not recognised — scan again."]
    assert rig.scans == []
    assert rig.edit.text() == ""
    assert rig.returns == []


def test_card_swipe_emits_member_number_and_types_nothing(rig_factory: object) -> None:
    rig: Rig = rig_factory(ScannerConfig(card_loyalty_prefixes=("601234",)))  # type: ignore[operator]
    rig.type(rig.edit, SWIPE, gap_ms=2)
    rig.enter(rig.edit, 2)
    rig.wait_silence()
    assert [s.lookup for s in rig.scans] == [Lookup(LookupKind.CUSTOM_KEY, "6012345678901234")]
    assert rig.scans[0].display == "Card •••• 1234"
    assert rig.scans[0] is rig.decisions[-1]  # the same decision on both signals
    assert rig.edit.text() == ""
    assert rig.decisions[-1].sensitive


def test_payment_card_swipe_emits_a_rejection_and_nothing_else(rig_factory: object) -> None:
    rig: Rig = rig_factory(ScannerConfig(card_loyalty_prefixes=("601234",)))  # type: ignore[operator]
    rig.type(rig.edit, BANK, gap_ms=2)
    rig.enter(rig.edit, 2)
    rig.wait_silence()
    assert rig.rejections == ["Payment card — use the member card."]
    assert rig.scans == []
    assert rig.edit.text() == ""
    assert rig.returns == []
    shown = repr(rig.decisions)
    assert "4111" not in shown and "BANK" not in shown


def test_truncated_swipe_without_cr_is_rejected_after_silence(rig: Rig) -> None:
    rig.type(rig.edit, "%B60123456", gap_ms=2)
    rig.wait_silence(99)
    assert rig.rejections == []
    rig.wait_silence(1)
    assert rig.rejections == ["Card read incomplete — swipe again."]
    assert rig.edit.text() == ""


def test_same_card_twice_within_a_second_is_one_scan(rig: Rig) -> None:
    for _ in range(2):
        rig.type(rig.edit, EAN, gap_ms=5)
        rig.enter(rig.edit, 5)
        rig.clock.now += 500
    assert len(rig.scans) == 1
    assert [d.outcome for d in rig.decisions] == ["scan", "duplicate"]


def test_paste_of_10kb_is_not_a_scan(rig: Rig) -> None:
    QApplication.clipboard().setText("7" * 10_240)
    rig.clock.now += 500
    QTest.keyClick(rig.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rig.enter(rig.edit, 5)
    rig.wait_silence()
    assert rig.edit.text() == "7" * 64  # capped to the field's limit
    assert rig.returns == ["7" * 64]  # the Enter is the person's
    assert rig.scans == [] and rig.rejections == []


def test_auto_repeat_goes_straight_to_the_field(rig: Rig) -> None:
    rig.key(rig.edit, "1", 500)
    for _ in range(20):
        rig.clock.now += 33
        press = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1", True
        )
        QApplication.sendEvent(rig.edit, press)
    assert rig.edit.text() == "1" * 21
    assert rig.scans == []


def test_space_typed_on_a_button_still_clicks_it(rig: Rig) -> None:
    rig.button.setFocus()
    rig.key(rig.button, Qt.Key.Key_Space, 500)  # press and release are both held
    assert rig.clicks == []
    rig.wait_silence(60)
    assert rig.clicks == [True]


class _IgnoresKeys(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.ignore()


class _Recorder(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.child = _IgnoresKeys(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.keys.append(event.text())


def test_a_key_propagated_to_the_parent_is_fed_once(rig: Rig, qtbot: QtBot) -> None:
    recorder = _Recorder()
    qtbot.addWidget(recorder)
    recorder.show()
    recorder.child.setFocus()
    for ch in "abc":
        rig.key(recorder.child, ch, 150)
    rig.wait_silence()
    assert "".join(recorder.keys) == "abc"  # each once, in order, via the parent
    rig.type(recorder.child, EAN, gap_ms=5)
    rig.enter(recorder.child, 5)
    assert "".join(recorder.keys) == "abc"
    assert len(rig.scans) == 1
    # a key that goes straight through (Escape) is seen once although two widgets get it
    seen: list[KeyDiagnostic] = []
    rig.filter.key_seen.connect(seen.append)
    rig.key(recorder.child, Qt.Key.Key_Escape, 500)
    assert [k.label for k in seen] == ["other"]
    assert recorder.keys[-1] == "\x1b"


def test_key_diagnostics_report_gaps_and_decisions(rig: Rig) -> None:
    seen: list[KeyDiagnostic] = []
    rig.filter.key_seen.connect(seen.append)
    rig.type(rig.edit, EAN, gap_ms=5)
    rig.enter(rig.edit, 7)
    assert [k.label for k in seen] == [*EAN, "Enter"]
    assert seen[0].gap_ms is None or seen[0].gap_ms > 50
    assert [k.gap_ms for k in seen[1:]] == [5.0] * 12 + [7.0]
    assert all(k.held for k in seen)
    decision = rig.decisions[-1]
    assert (decision.outcome, decision.display, decision.length) == ("scan", EAN, 13)
    assert decision.max_gap_ms == 7.0


def test_disabled_scanner_lets_a_scan_through_as_typing(rig_factory: object) -> None:
    rig: Rig = rig_factory(ScannerConfig(enabled=False))  # type: ignore[operator]
    rig.type(rig.edit, EAN, gap_ms=5)
    rig.enter(rig.edit, 5)
    assert rig.edit.text() == EAN
    assert rig.returns == [EAN]
    assert rig.scans == []


def test_a_shortcut_sees_text_typed_just_before_it(rig: Rig) -> None:
    seen_by_shortcut: list[str] = []
    shortcut = QShortcut(QKeySequence("Ctrl+L"), rig.window)
    shortcut.activated.connect(lambda: seen_by_shortcut.append(rig.edit.text()))
    rig.type(rig.edit, "ab", gap_ms=10)  # still held: could be the start of a scan
    rig.clock.now += 10
    QTest.keyClick(rig.edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen_by_shortcut == ["ab"]
    assert rig.edit.text() == "ab"


def test_a_single_key_shortcut_cannot_fire_in_the_middle_of_a_scan(rig: Rig) -> None:
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence("5"), rig.window)
    shortcut.activated.connect(lambda: fired.append(True))
    rig.button.setFocus()  # unlike a line edit, a button lets single-key shortcuts fire
    rig.type(rig.button, EAN, gap_ms=5)  # contains a 5 after the first key
    rig.enter(rig.button, 5)
    assert fired == []
    assert len(rig.scans) == 1


def test_diagnostics_window_shows_gaps_and_masks_card_data(rig_factory: object) -> None:
    from pos_profile.gui.scanner_diagnostics import ScannerDiagnosticsWindow

    rig: Rig = rig_factory(ScannerConfig(card_loyalty_prefixes=("601234",)))  # type: ignore[operator]
    window = ScannerDiagnosticsWindow(rig.filter)
    rig.qtbot.addWidget(window)
    rig.type(rig.edit, EAN, gap_ms=5)
    rig.enter(rig.edit, 5)
    rig.clock.now += 2000
    rig.type(rig.edit, SWIPE, gap_ms=2)
    rig.enter(rig.edit, 2)

    table = window.table
    cells = [
        table.item(r, c).text()  # type: ignore[union-attr]
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if table.item(r, c) is not None
    ]
    shown = " ".join(cells)
    assert "".join(table.item(r, 0).text() for r in range(13)) == EAN  # type: ignore[union-attr]
    assert [table.item(r, 1).text() for r in range(1, 4)] == ["5.0"] * 3  # type: ignore[union-attr]
    assert "scan: ean — 7350053850019" in shown
    keys = "".join(table.item(r, 0).text() for r in range(table.rowCount()))  # type: ignore[union-attr]
    assert "6012345678901234" not in keys and "DOE" not in keys
    assert "•" * len(SWIPE) in keys
    assert "6012345678901234" not in shown and "DOE" not in shown
    assert "Card •••• 1234" in window.last.text()


def test_diagnostics_rows_follow_the_order_of_events(rig: Rig) -> None:
    from pos_profile.gui.scanner_diagnostics import ScannerDiagnosticsWindow

    window = ScannerDiagnosticsWindow(rig.filter)
    rig.qtbot.addWidget(window)
    rig.type(rig.edit, "hi", gap_ms=180)
    rig.wait_silence()
    col0 = [window.table.item(r, 0).text() for r in range(window.table.rowCount())]  # type: ignore[union-attr]
    assert col0 == ["h", "⇒", "i", "⇒"]
    assert window.table.item(1, 1).text().startswith("typing:")  # type: ignore[union-attr]
    assert rig.edit.text() == "hi"


def test_a_click_right_after_fast_typing_comes_after_the_typed_text(rig: Rig) -> None:
    """A fast burst with no Enter is held for a moment; a click ends it first."""
    seen_at_click: list[str] = []
    rig.button.clicked.connect(lambda: seen_at_click.append(rig.edit.text()))
    rig.type(rig.edit, "sandbox-key", gap_ms=20)  # scanner speed, no Enter yet: held
    assert rig.edit.text() == ""
    rig.clock.now += 5
    QTest.mouseClick(rig.button, Qt.MouseButton.LeftButton)
    assert seen_at_click == ["sandbox-key"]
    assert rig.scans == []
