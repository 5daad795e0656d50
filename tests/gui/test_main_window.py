"""The cashier window against the sandbox over a real socket, driven with real key events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from pos_profile.engage.client import EngageClient
from pos_profile.gui.cashier_view import CashierView
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.main_window import MainWindow
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.status_view import State
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.presenter import ProfilePresenter
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import Outcome, ScanDecision, decide_text

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def fixed_time_presenter() -> ProfilePresenter:
    """Dates in the fixtures are judged at NOW, as the window's panel would at that time."""
    return ProfilePresenter(clock=lambda: NOW, tr=presentation_translator())


WindowFactory = Callable[..., CashierView]


@pytest.fixture
def make_window(qtbot: QtBot, fixture_time_sandbox: SandboxServer) -> Iterator[WindowFactory]:
    """Windows wired to a real client (the sandbox unless ``base_url`` says otherwise)."""
    made: list[tuple[TaskRunner, EngageClient]] = []
    frames: list[MainWindow] = []

    def make(
        *, base_url: str | None = None, key: str = DEMO_API_KEY, **options: object
    ) -> CashierView:
        runner = TaskRunner()
        controller = LookupController(runner, presenter=fixed_time_presenter(), watchdog_seconds=10)
        client = EngageClient(base_url or fixture_time_sandbox.base_url, key)
        controller.set_client(client)
        made.append((runner, client))
        frame = MainWindow(
            placement=str(options.get("placement", "window")),
            strip_width=int(options.get("strip_width", 380)),  # type: ignore[call-overload]
            state_store=options.pop("state_store", None),  # type: ignore[arg-type]
        )
        main = CashierView(controller, **options)  # type: ignore[arg-type]
        frame.set_view(main)
        frames.append(frame)  # qtbot keeps only a weak reference
        qtbot.addWidget(frame)
        frame.show()
        qtbot.waitExposed(frame)
        main.focus_search()
        return main

    yield make
    for runner, client in made:
        runner.wait_for_done(5000)
        client.close()


@pytest.fixture
def window(make_window: WindowFactory, tmp_path: object) -> CashierView:
    store = QSettings(str(tmp_path) + "/state.ini", QSettings.Format.IniFormat)
    return make_window(state_store=store, idle_clear_seconds=120)


def visible_texts(window: CashierView) -> str:
    return "\n".join(
        label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)
    )


def search(qtbot: QtBot, window: CashierView, text: str) -> None:
    qtbot.keyClicks(window.search_box, text)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def test_starts_ready_to_scan_with_focus_in_the_search_box(window: CashierView) -> None:
    assert window.state() is State.READY
    assert "Ready to scan" in visible_texts(window)
    assert QApplication.focusWidget() is window.search_box


def test_typed_member_number_shows_the_profile(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, "7001234567")
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "Astrid Lindqvist" in visible_texts(window)
    assert window.search_box.text() == ""  # typed personal data does not linger


def test_looking_up_is_shown_at_once_without_the_value(
    qtbot: QtBot, window: CashierView, fixture_time_sandbox: SandboxServer
) -> None:
    fixture_time_sandbox.latency_ms = 300
    try:
        search(qtbot, window, "astrid.lindqvist@example.com")
        assert window.state() is State.LOOKING_UP  # synchronously, before any answer
        texts = visible_texts(window)
        assert "Looking up by e-mail" in texts
        assert "astrid" not in texts
        qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    finally:
        fixture_time_sandbox.latency_ms = 0


@pytest.mark.parametrize(
    ("typed", "state", "words"),
    [
        ("7000000000", State.NOT_FOUND, "No member found"),
        ("familjen.holm@example.com", State.MULTIPLE, "Several members match"),
    ],
)
def test_engage_answers_become_clear_states(
    qtbot: QtBot, window: CashierView, typed: str, state: State, words: str
) -> None:
    search(qtbot, window, typed)
    qtbot.waitUntil(lambda: window.state() is state, timeout=5000)
    assert words in visible_texts(window)


def test_invalid_input_is_explained_and_kept_for_fixing(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, "19860412-2386")  # wrong check digit
    assert window.state() is State.INVALID
    assert "check digit" in visible_texts(window).lower()
    assert window.search_box.text() == "19860412-2386"


# --------------------------------------------------------------------------- scans
# The ScannerFilter (tests/gui/test_scanner_filter.py) delivers these; app.py wires them.


def test_a_scanned_member_card_shows_the_profile(qtbot: QtBot, window: CashierView) -> None:
    decision = decide_text("7001234567", ScannerConfig())
    assert decision.lookup == Lookup(LookupKind.CUSTOM_KEY, "7001234567")
    window.on_code_scanned(decision)
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "Astrid Lindqvist" in visible_texts(window)


def test_a_scan_is_looked_up_by_the_kind_its_decision_says(
    qtbot: QtBot, window: CashierView, fixture_time_sandbox: SandboxServer
) -> None:
    email = Lookup(LookupKind.EMAIL, "astrid.lindqvist@example.com")
    fixture_time_sandbox.latency_ms = 300
    try:
        window.on_code_scanned(ScanDecision(Outcome.SCAN, "code128", lookup=email))
        assert "Looking up by e-mail" in visible_texts(window)  # not by member number
        qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    finally:
        fixture_time_sandbox.latency_ms = 0
    assert "Astrid Lindqvist" in visible_texts(window)


def test_a_refused_scan_says_why_and_shows_no_card_data(window: CashierView) -> None:
    bank = "%B4111111111111111^BANK/CARD^2912101000?;4111111111111111=2912101000?"
    config = ScannerConfig(card_loyalty_prefixes=("601234",))
    decision = decide_text(bank, config)
    assert decision.outcome is Outcome.REJECTED and decision.error is not None
    window.on_scan_rejected(decision.error.message)
    assert window.state() is State.INVALID
    texts = visible_texts(window)
    assert "Payment card" in texts
    assert "4111" not in texts and "BANK" not in texts


def test_escape_clears_back_to_ready(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, "7001234567")
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.state() is State.READY
    assert "Astrid" not in visible_texts(window)
    assert QApplication.focusWidget() is window.search_box


def test_points_fill_in_after_the_profile(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, "7001234567")
    qtbot.waitUntil(lambda: "240 points" in visible_texts(window), timeout=5000)


def test_server_down_says_offline_and_the_sale_goes_on(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    main = make_window(base_url=f"http://127.0.0.1:{port}", key="k")
    search(qtbot, main, "7001234567")
    qtbot.waitUntil(lambda: main.state() is State.OFFLINE, timeout=10000)
    assert "sale can go on" in visible_texts(main).lower()


def test_idle_clear_counts_down_then_clears(qtbot: QtBot, make_window: WindowFactory) -> None:
    main = make_window(idle_clear_seconds=2)
    search(qtbot, main, "7001234567")
    qtbot.waitUntil(lambda: main.state() is State.PROFILE, timeout=5000)
    qtbot.waitUntil(lambda: main.countdown_label.isVisible(), timeout=3000)
    assert "Clearing in" in main.countdown_label.text()
    qtbot.waitUntil(lambda: main.state() is State.READY, timeout=5000)


def test_window_geometry_is_remembered(qtbot: QtBot, tmp_path: object) -> None:
    path = str(tmp_path) + "/geometry.ini"
    first = MainWindow(state_store=QSettings(path, QSettings.Format.IniFormat))
    first.set_view(CashierView(LookupController(TaskRunner())))
    qtbot.addWidget(first)
    first.show()
    first.resize(640, 500)
    first.close()
    second = MainWindow(state_store=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (640, 500)


def test_a_key_during_the_countdown_keeps_the_customer(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    main = make_window(idle_clear_seconds=11)
    search(qtbot, main, "7001234567")
    qtbot.waitUntil(lambda: main.state() is State.PROFILE, timeout=5000)
    qtbot.waitUntil(lambda: main.countdown_label.isVisible(), timeout=3000)  # 1 s, then 10 s
    qtbot.keyClick(main.search_box, Qt.Key.Key_Shift)
    assert not main.countdown_label.isVisible()
    assert main.state() is State.PROFILE
    assert main.idle_seconds_left() is None


class InputElsewhere:
    """Stands in for the OS idle time: ``idle`` seconds since the last input on the till."""

    name = "test"

    def __init__(self, idle: float | None) -> None:
        self.idle = idle
        self.asked = 0

    def seconds_since_input(self) -> float | None:
        self.asked += 1
        return self.idle


def test_work_in_the_pos_keeps_the_customer(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The cashier types in the POS (input elsewhere, 0 s ago): the idle clear waits."""
    till = InputElsewhere(0.0)
    main = make_window(idle_clear_seconds=2, idle_provider=till)
    search(qtbot, main, "7001234567")
    qtbot.waitUntil(lambda: main.state() is State.PROFILE, timeout=5000)
    qtbot.waitUntil(lambda: till.asked >= 4, timeout=8000)  # well past the 2 idle seconds
    assert main.state() is State.PROFILE
    assert not main.countdown_label.isVisible()

    till.idle = 3600.0  # the till is left alone: now it counts down and clears
    qtbot.waitUntil(lambda: main.countdown_label.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: main.state() is State.READY, timeout=5000)


def test_input_in_the_pos_during_the_countdown_keeps_the_customer(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    till = InputElsewhere(3600.0)
    main = make_window(idle_clear_seconds=11, idle_provider=till)
    search(qtbot, main, "7001234567")
    qtbot.waitUntil(lambda: main.state() is State.PROFILE, timeout=5000)
    qtbot.waitUntil(lambda: main.countdown_label.isVisible(), timeout=3000)
    till.idle = 0.0  # a key in the POS
    qtbot.waitUntil(lambda: not main.countdown_label.isVisible(), timeout=3000)
    assert main.state() is State.PROFILE


@pytest.mark.parametrize("placement", ["right", "left"])
def test_a_strip_beside_the_pos(qtbot: QtBot, make_window: WindowFactory, placement: str) -> None:
    main = make_window(placement=placement, strip_width=380)
    window = main.window()
    available = window.screen().availableGeometry()
    assert window.width() == 380 and window.height() == available.height()
    frame = window.frameGeometry()  # the platform may add a frame of a few pixels
    if placement == "right":
        assert abs(frame.right() - available.right()) <= 8
    else:
        assert abs(frame.left() - available.left()) <= 8
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert main.property("compact") is True  # a narrow strip gets the compact layout
    assert main.is_strip


def test_an_ordinary_window_is_not_kept_on_top(qtbot: QtBot, make_window: WindowFactory) -> None:
    main = make_window()
    assert not main.window().windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert not main.is_strip


def test_the_panel_is_built_on_first_use_under_the_countdown(qtbot: QtBot) -> None:
    """The customer panel is not on the way to "Ready to scan": built when first needed (the
    app builds it right after that paint), and the idle countdown still lies over it."""
    view = CashierView(LookupController(TaskRunner()))
    qtbot.addWidget(view)
    assert view.pages.count() == 2  # the status page and the several-matches list
    panel = view.profile_view
    assert view.pages.count() == 3 and view.profile_view is panel and view.build_panel() is panel
    overlays = [c for c in view.pages.children() if c is view.countdown_label or c is panel]
    assert overlays[-1] is view.countdown_label  # stacked above the panel
