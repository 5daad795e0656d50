"""The whole window as app.py builds it: real sandbox socket, real keyring call, real keys.

Every state the cashier can meet is reached and saved as a screenshot in
test-output/screenshots (the README's pictures come from the same code path).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from pos_profile.credentials import CredentialStore
from pos_profile.gui import app
from pos_profile.gui.status_view import State
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.sandbox import DEMO_API_KEY, Fault
from pos_profile.sandbox.server import SandboxServer
from pos_profile.settings import DisplaySettings, EngageSettings, Settings
from tests.helpers.memory_keyring import MemoryKeyring

PATH = "/api/v3/contactoverview"


def settings_for(base_url: str, timeout: float = 1.0) -> Settings:
    return Settings(
        engage=EngageSettings(
            base_url=base_url, timeout_seconds=timeout, connect_timeout_seconds=1.0
        ),
        display=DisplaySettings(idle_clear_seconds=0),
    )


Builder = Callable[..., app.Application]


@pytest.fixture
def build(qtbot: QtBot, memory_keyring: MemoryKeyring) -> Iterator[Builder]:
    built: list[app.Application] = []

    def make(settings: Settings, *, key: str | None = DEMO_API_KEY) -> app.Application:
        if key is not None and settings.engage.base_url:
            CredentialStore(settings.engage.base_url).set(key)
        application = app.build(settings)
        built.append(application)
        qtbot.addWidget(application.window)
        application.window.show()
        qtbot.waitExposed(application.window)
        qtbot.waitUntil(lambda: application.view.state() is not State.STARTING, timeout=5000)
        # the connection warm-up (one probe request) is done: it cannot take a test's fault
        qtbot.waitUntil(
            lambda: application.start_up_done and application.runner.in_flight() == 0,
            timeout=5000,
        )
        application.view.focus_search()
        return application

    yield make
    for application in built:
        application.shutdown()


@pytest.fixture
def ready(build: Builder, sandbox: SandboxServer) -> Iterator[app.Application]:
    sandbox.faults.clear()
    yield build(settings_for(sandbox.base_url))
    sandbox.faults.clear()
    sandbox.latency_ms = 0


def texts(application: app.Application) -> str:
    window = application.view
    shown = "\n".join(w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window))
    return shown.replace("\u2011", "-").replace("\xa0", " ")  # non-breaking hyphen/space


def shot(application: app.Application, directory: Path, name: str) -> None:
    application.window.resize(900, 680)
    QApplication.processEvents()
    assert application.window.grab().save(str(directory / f"{name}.png"))


def panel_settled(application: app.Application) -> bool:
    """The panel's lists have their re-wrapped heights: no history toggle sits on a list."""
    for section in (
        application.view.profile_view.vouchers,
        application.view.profile_view.promotions,
    ):
        lst, toggle = section.list, section.toggle
        if lst.isVisible() and toggle.isVisible() and lst.geometry().bottom() >= toggle.y():
            return False
        model, delegate = lst.model(), lst.itemDelegate()
        for row in range(min(model.rowCount(), 5)):
            index = model.index(row, 0)
            layout = delegate.row_layout(index)  # type: ignore[attr-defined]
            if lst.isVisible() and lst.visualRect(index).height() != layout.height:
                return False
    ring = application.view.findChild(QWidget, "focusRing")
    focused = QApplication.focusWidget()
    if ring is not None and focused is not None and ring.isVisible():
        return ring.size() == focused.size()
    return True


def scan(qtbot: QtBot, code: str) -> None:
    """A scanner: the code and Enter in one fast burst to whatever has focus."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def search(qtbot: QtBot, application: app.Application, text: str) -> None:
    box = application.view.search_box
    box.setFocus()
    box.setText(text)  # a person's typing (no burst): what lands in the box
    qtbot.keyClick(box, Qt.Key.Key_Return)


def wait_state(qtbot: QtBot, application: app.Application, state: State, ms: int = 5000) -> None:
    qtbot.waitUntil(lambda: application.view.state() is state, timeout=ms)


# --------------------------------------------------------------------------- the states


def test_ready_profile_and_protected_identity(
    qtbot: QtBot, ready: app.Application, screenshot_dir: Path
) -> None:
    assert ready.view.state() is State.READY
    shot(ready, screenshot_dir, "01-ready")
    scan(qtbot, "7001234567")
    wait_state(qtbot, ready, State.PROFILE)
    qtbot.waitUntil(lambda: "240 points" in texts(ready), timeout=5000)
    assert "Astrid Lindqvist" in texts(ready)
    assert "19860412-****" in texts(ready)
    shot(ready, screenshot_dir, "02-profile")

    scan(qtbot, "7002918833")
    qtbot.waitUntil(lambda: "Protected identity" in texts(ready), timeout=5000)
    assert "Astrid" not in texts(ready)
    shot(ready, screenshot_dir, "03-protected-identity")


def test_looking_up_shows_the_kind_not_the_value(
    qtbot: QtBot, ready: app.Application, sandbox: SandboxServer, screenshot_dir: Path
) -> None:
    sandbox.latency_ms = 400
    search(qtbot, ready, "astrid.lindqvist@example.com")
    assert ready.view.state() is State.LOOKING_UP
    assert "Looking up by e-mail" in texts(ready)
    assert "astrid" not in texts(ready).lower()
    shot(ready, screenshot_dir, "04-looking-up")
    wait_state(qtbot, ready, State.PROFILE)


@pytest.mark.parametrize(
    ("typed", "fault", "state", "words", "name"),
    [
        ("7000000000", None, State.NOT_FOUND, "No member found", "05-not-found"),
        (
            "familjen.holm@example.com",
            None,
            State.MULTIPLE,
            "Several members match",
            "06-several-matches",
        ),
        (
            "7001234567",
            Fault.SERVER_ERROR_EMPTY,
            State.OFFLINE,
            "sale can go on",
            "08-server-error",
        ),
        ("7001234567", Fault.HANG, State.OFFLINE, "did not answer in time", "09-timeout"),
        ("7001234567", Fault.HTML_502, State.OFFLINE, "server error", "10-bad-gateway"),
        ("7001234567", Fault.INVALID_JSON, State.OFFLINE, "cannot read", "11-unreadable"),
        (
            "7001234567",
            Fault.UNAUTHORIZED,
            State.NOT_CONFIGURED,
            "refused the API key",
            "12-key-refused",
        ),
    ],
)
def test_every_outcome_has_a_clear_state_and_the_app_keeps_working(
    qtbot: QtBot,
    ready: app.Application,
    sandbox: SandboxServer,
    screenshot_dir: Path,
    typed: str,
    fault: Fault | None,
    state: State,
    words: str,
    name: str,
) -> None:
    if fault is not None:
        sandbox.faults[PATH] = fault
    search(qtbot, ready, typed)
    wait_state(qtbot, ready, state, ms=8000)
    assert words.lower() in texts(ready).lower()
    if state is State.MULTIPLE:  # the list of matches, each fetched by contact id
        rows = ready.view.candidate_list
        qtbot.waitUntil(
            lambda: len(rows.texts()) == 3 and not any("Fetching" in t for t in rows.texts()),
            timeout=5000,
        )
    if state is State.OFFLINE:
        assert ready.view.retry_button.isVisible()  # F5 asks again, no re-scan needed
    shot(ready, screenshot_dir, name)
    sandbox.faults.clear()
    scan(qtbot, "7001234567")  # the next customer still works
    wait_state(qtbot, ready, State.PROFILE, ms=8000)


def test_invalid_input(qtbot: QtBot, ready: app.Application, screenshot_dir: Path) -> None:
    search(qtbot, ready, "19860412-2386")
    assert ready.view.state() is State.INVALID
    assert "check digit" in texts(ready)
    shot(ready, screenshot_dir, "07-invalid-input")


def test_offline_when_nothing_listens(qtbot: QtBot, build: Builder, screenshot_dir: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    application = build(settings_for(f"http://127.0.0.1:{port}"))
    search(qtbot, application, "7001234567")
    wait_state(qtbot, application, State.OFFLINE, ms=8000)
    assert "Loyalty offline" in texts(application)
    shot(application, screenshot_dir, "13-offline")


def test_not_configured_without_a_key(
    qtbot: QtBot, build: Builder, sandbox: SandboxServer, screenshot_dir: Path
) -> None:
    application = build(settings_for(sandbox.base_url), key=None)
    wait_state(qtbot, application, State.NOT_CONFIGURED)
    assert "No Engage API key" in texts(application)
    shot(application, screenshot_dir, "14-not-configured")
    search(qtbot, application, "7001234567")  # still says what the admin must do
    assert application.view.state() is State.NOT_CONFIGURED


# --------------------------------------------------------------------------- behaviour


def test_scan_is_caught_wherever_focus_is_and_never_presses_the_button(
    qtbot: QtBot, ready: app.Application
) -> None:
    clear_button = ready.view.findChild(QPushButton, "clearButton")
    assert clear_button is not None
    clicked: list[bool] = []
    clear_button.clicked.connect(lambda: clicked.append(True))
    clear_button.setFocus()
    scan(qtbot, "7001234567")
    wait_state(qtbot, ready, State.PROFILE)
    assert clicked == []  # the scanner's Enter did not press "Clear"
    assert ready.view.search_box.text() == ""


def test_latest_scan_wins_never_a_mix(
    qtbot: QtBot, ready: app.Application, sandbox: SandboxServer
) -> None:
    """Card A hangs, card B answers at once: only B is shown; A's late failure is dropped."""
    sandbox.faults.set(PATH, Fault.HANG, times=1)
    seen = len(sandbox.requests)
    ready.view.lookup(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))  # A
    qtbot.waitUntil(lambda: len(sandbox.requests) > seen, timeout=3000)
    ready.view.lookup(Lookup(LookupKind.CUSTOM_KEY, "7000045120"))  # B
    wait_state(qtbot, ready, State.PROFILE)
    assert "Erik" in texts(ready)
    with qtbot.waitSignal(
        ready.runner.dropped, timeout=5000, check_params_cb=lambda ch, _token: ch == "lookup"
    ):
        pass  # A times out (1 s read timeout) long after B was shown
    assert ready.view.state() is State.PROFILE
    shown = texts(ready)
    assert "Erik" in shown
    assert "Astrid" not in shown


def test_ui_never_blocks_during_a_slow_lookup(
    qtbot: QtBot, build: Builder, sandbox: SandboxServer
) -> None:
    ready = build(settings_for(sandbox.base_url, timeout=5.0))
    sandbox.latency_ms = 2000
    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: gaps.append(clock.restart()))
    heartbeat.start()
    scan(qtbot, "7001234567")
    wait_state(qtbot, ready, State.PROFILE, ms=6000)
    heartbeat.stop()
    sandbox.latency_ms = 0
    assert len(gaps) > 100
    assert max(gaps[1:]) < 100, f"the GUI thread stalled for {max(gaps[1:])} ms"


def test_keyboard_only_flow(qtbot: QtBot, ready: app.Application) -> None:
    window = ready.view
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is window.search_box
    # a person types (gaps of ~70 ms: slower than any scanner), then presses Enter
    qtbot.keyClicks(window.search_box, "maja.berg@example.com", delay=35)
    # the last key is held for one max-gap (50 ms) in case a scan follows, then typed
    qtbot.waitUntil(lambda: window.search_box.text() == "maja.berg@example.com", timeout=2000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    wait_state(qtbot, ready, State.PROFILE)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
    assert window.state() is State.READY
    assert QApplication.focusWidget() is window.search_box


def test_second_start_raises_the_first_window(qtbot: QtBot) -> None:
    from pos_profile.gui.single_instance import SingleInstance, default_server_name

    name = default_server_name(suffix=f"test-{id(qtbot)}")
    first = SingleInstance(name)
    assert first.claim()
    second = SingleInstance(name)
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert second.notify_running_instance()
    first.release()
    assert not SingleInstance(name).notify_running_instance()


def test_swedish_compact_strip(
    qtbot: QtBot, build: Builder, sandbox: SandboxServer, screenshot_dir: Path
) -> None:
    """A narrow strip beside the POS window, in Swedish: still readable, nothing lost."""
    from pos_profile.gui.translations import remove_translators

    settings = Settings(
        engage=EngageSettings(base_url=sandbox.base_url),
        display=DisplaySettings(idle_clear_seconds=0, compact=True, language="sv"),
    )
    try:
        application = build(settings)
        window = application.view
        assert "Redo att skanna" in texts(application)
        scan(qtbot, "2400004711205")
        wait_state(qtbot, application, State.PROFILE)
        qtbot.waitUntil(lambda: "Poäng" in texts(application), timeout=5000)
        QApplication.processEvents()
        window.resize(340, 900)
        qtbot.waitUntil(lambda: panel_settled(application))  # rows re-wrapped, page re-fit
        assert window.width() <= 360
        shown = window.profile_view.current_presentation()
        assert shown is not None
        assert any("3 dagar" in row.expiry.text for row in shown.vouchers)
        assert window.grab().save(str(screenshot_dir / "15-compact-swedish.png"))
    finally:
        remove_translators(QApplication.instance())  # type: ignore[arg-type]


def test_logs_at_debug_hold_no_card_data_key_or_customer(
    qtbot: QtBot, build: Builder, sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Scenario 14 and the privacy rule: grep the real log file after a working session."""
    import logging

    from pos_profile import logs

    log_file = logs.setup_logging(level="DEBUG", log_dir=tmp_path)
    assert log_file is not None
    try:
        application = build(settings_for(sandbox.base_url))
        payment_track = "%B4111111111111111^DOE/JANE^2912101000?;4111111111111111=2912101000?"
        scan(qtbot, payment_track)
        qtbot.waitUntil(lambda: "Payment card" in texts(application), timeout=3000)
        scan(qtbot, "7001234567")
        wait_state(qtbot, application, State.PROFILE)
        qtbot.waitUntil(lambda: "240 points" in texts(application), timeout=5000)
        search(qtbot, application, "astrid.lindqvist@example.com")
        wait_state(qtbot, application, State.PROFILE)
        # The points request follows the paint: let it finish before the handler closes
        # (a record logged after close() reopens the file, and that file is never closed).
        qtbot.waitUntil(lambda: application.runner.in_flight() == 0, timeout=5000)
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            handler.flush()
            if isinstance(handler, logging.FileHandler):  # the one setup_logging added
                root.removeHandler(handler)
                handler.close()
        root.setLevel(logging.WARNING)
    written = log_file.read_text()
    assert "scanner: rejected" in written  # the log is useful...
    assert "HTTP 200" in written
    for secret in (
        "4111111111111111",
        "DOE/JANE",
        "JANE",
        "7001234567",
        "Astrid",
        "Lindqvist",
        "astrid.lindqvist",
        "198604122385",
        "+46701740612",
        DEMO_API_KEY,
    ):
        assert secret not in written, secret  # ...and holds nothing personal or secret


# --------------------------------------------------------------------------- a new connection


def test_saved_settings_apply_to_the_running_window(
    qtbot: QtBot, ready: app.Application, sandbox: SandboxServer
) -> None:
    """Setup saved with another contact type: the window uses it at once, no restart."""
    base = settings_for(sandbox.base_url)
    changed = base.model_copy(
        update={"engage": base.engage.model_copy(update={"contact_type": "contact"})}
    )
    ready.reconnect(changed)
    wait_state(qtbot, ready, State.READY)
    assert ready.view.contact_type() == "contact"
    assert ready.view.contact_type_box.currentData() == "contact"

    since = len(sandbox.requests)
    search(qtbot, ready, "familjen.holm@example.com")
    qtbot.waitUntil(lambda: ready.view.state() not in (State.READY, State.LOOKING_UP))
    asked = [
        query
        for _method, query in sandbox.requests[since:]
        if query.startswith(PATH) and "contactId=" not in query  # not the warm-up probe
    ]
    assert asked and all("contactType=contact" in query for query in asked), asked


def test_a_lookup_in_flight_when_the_connection_is_renewed_ends_quietly(
    qtbot: QtBot,
    ready: app.Application,
    sandbox: SandboxServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sandbox.faults.set(PATH, Fault.HANG)
    seen = len(sandbox.requests)
    scan(qtbot, "7001234567")
    assert sandbox.wait_for_requests(seen + 1)
    old_client = ready.connection.client if ready.connection else None

    ready.reconnect(settings_for(sandbox.base_url))
    wait_state(qtbot, ready, State.READY)
    sandbox.faults.clear()
    assert ready.connection is not None and ready.connection.client is not old_client
    qtbot.waitUntil(lambda: ready.runner.in_flight() == 0, timeout=5000)

    scan(qtbot, "2400004711205")  # the new connection works (another card: no duplicate)
    wait_state(qtbot, ready, State.PROFILE)
    assert "Maja" in texts(ready)
    assert "crashed" not in caplog.text
    assert "Cannot send a request" not in caplog.text


def test_quitting_with_points_in_flight_leaves_no_traceback(
    qtbot: QtBot,
    build: Builder,
    sandbox: SandboxServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sandbox.faults.clear()
    application = build(settings_for(sandbox.base_url, timeout=30.0))
    sandbox.faults.set("/api/v3/point-accounts", Fault.HANG)
    try:
        seen = len(sandbox.requests)
        scan(qtbot, "7001234567")
        wait_state(qtbot, application, State.PROFILE)
        # the profile, then the points request (sent from the event loop once painted)
        qtbot.waitUntil(lambda: len(sandbox.requests) >= seen + 2, timeout=5000)
        timer = QElapsedTimer()
        timer.start()
        application.shutdown()  # closes the client under the hanging points request
        assert timer.elapsed() < 3000  # it did not wait for the 30 s read timeout
    finally:
        sandbox.faults.clear()
    assert "crashed" not in caplog.text
    assert "Traceback" not in caplog.text


# --------------------------------------------------------------------------- focus & glyphs


def test_start_up_ends_with_the_panel_and_redeeming_ready(ready: app.Application) -> None:
    """After "Ready to scan" is painted the app builds the customer panel and the redeem
    panel and sends the warm-up: a first customer pays for none of them."""
    assert ready.start_up_done
    assert ready.view.pages.count() == 3
    assert ready.redeem_panel is not None


def test_tab_through_the_window_shows_the_focus_ring_on_each_control(
    qtbot: QtBot, ready: app.Application
) -> None:
    """Keyboard only: every control of the top row carries the 3 px ring when it has focus."""
    from PySide6.QtCore import QPoint

    from pos_profile.gui.widgets import FocusRing

    window = ready.view
    window.activateWindow()
    window.focus_search()
    qtbot.waitUntil(window.search_box.hasFocus)
    top = window.window()  # the ring is a child of the top-level window
    ring = FocusRing.of(top)
    reached = []
    for _ in range(5):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.waitUntil(lambda w=focused: ring.isVisible() and ring.target() is w)
        QApplication.processEvents()
        image = top.grab().toImage()
        corner = focused.mapTo(top, QPoint(0, 0))
        edge = [image.pixelColor(corner.x() + 1, corner.y() + y) for y in range(focused.height())]
        assert sum(c == FocusRing.COLOR for c in edge) >= focused.height() - 2, focused.objectName()
        reached.append(focused.objectName())
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert {"searchBox", "contactTypeBox", "searchButton", "clearButton"} <= set(reached)


def test_every_state_symbol_and_text_has_a_glyph(qtbot: QtBot, ready: app.Application) -> None:
    """No missing-glyph boxes: every character the window shows exists in the font it uses."""
    from PySide6.QtGui import QFontMetrics

    from pos_profile import errors
    from pos_profile.gui import status_view

    window = ready.view
    statuses = [
        status_view.ready_status("hint"),
        status_view.looking_up_status("member number"),
        status_view.status_for_error(errors.ContactNotFoundError()),
        status_view.status_for_error(errors.MultipleMatchesError()),
        status_view.status_for_error(errors.InvalidInputError("x")),
        status_view.status_for_error(errors.OfflineError()),
        status_view.status_for_error(errors.ConfigurationError("x")),
    ]
    for status in statuses:
        window.show_status(status)
        QApplication.processEvents()
        for widget in window.findChildren(QLabel) + window.findChildren(QPushButton):
            if not widget.isVisibleTo(window):
                continue
            metrics = QFontMetrics(widget.font())
            missing = [
                c for c in set(widget.text()) - {"\n", "&"} if not metrics.inFontUcs4(ord(c))
            ]
            assert not missing, (status.state, widget.objectName(), missing)
    window._remaining = 9  # the countdown's text, drawn without a clock glyph
    window._show_countdown()
    metrics = QFontMetrics(window.countdown_label.font())
    assert all(metrics.inFontUcs4(ord(c)) for c in window.countdown_label.text())
    assert "⏱" not in window.countdown_label.text()
