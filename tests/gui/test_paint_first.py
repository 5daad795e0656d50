"""Keys that arrive while the window is still starting (before the scanner filter exists).

The window is built as ``gui.launch`` builds it (the window and its starting page, a ``KeyHold``
watching it; then ``build_window`` puts the cashier's view in and the hold goes app-wide);
real key events are typed into it; then the start-up completes against the sandbox. A scan
typed in that gap is looked up; a person's slow typing lands in the box.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from pos_profile.credentials import CredentialStore
from pos_profile.gui import app, boot, launch
from pos_profile.gui.main_window import MainWindow
from pos_profile.gui.qapp import create_qapplication
from pos_profile.gui.status_view import State
from pos_profile.sandbox import DEMO_API_KEY
from pos_profile.sandbox.server import SandboxServer
from pos_profile.settings import DisplaySettings, EngageSettings, Settings
from tests.helpers.memory_keyring import MemoryKeyring


@pytest.fixture
def starting(
    qtbot: QtBot, memory_keyring: MemoryKeyring, sandbox: SandboxServer
) -> Iterator[tuple[app.Application, boot.KeyHold, Settings]]:
    settings = Settings(
        engage=EngageSettings(base_url=sandbox.base_url, timeout_seconds=2.0),
        display=DisplaySettings(idle_clear_seconds=0),
    )
    CredentialStore(sandbox.base_url).set(DEMO_API_KEY)
    application = app.build_window(app.first_screen_of(settings))
    held = boot.KeyHold(parent=application.qapp)
    held.install(application.qapp)
    window = application.view
    qtbot.addWidget(window)
    window.window().show()
    qtbot.waitExposed(window)
    window.focus_search()
    try:
        yield application, held, settings
    finally:
        held.release(None)  # a test that failed before completing leaves no filter behind
        application.shutdown()


def texts(application: app.Application) -> str:
    window = application.view
    return "\n".join(w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window))


def test_a_scan_before_the_scanner_is_ready_is_held_then_looked_up(
    qtbot: QtBot, starting: tuple[app.Application, boot.KeyHold, Settings]
) -> None:
    application, held, settings = starting
    window = application.view
    target = QApplication.focusWidget()
    assert target is window.search_box
    assert window.state() is State.STARTING

    qtbot.keyClicks(target, "7001234567")  # the scanner: a fast burst and Enter
    qtbot.keyClick(target, Qt.Key.Key_Return)

    assert held.count == 22  # 11 presses and their releases, nothing lost, nothing shown yet
    assert window.search_box.text() == ""
    application.complete(settings, held=held)

    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "7001234567" in texts(application)
    assert window.search_box.text() == ""  # a scan is looked up, not typed into the box
    assert held.count == 0


def test_slow_typing_before_the_scanner_is_ready_lands_in_the_box(
    qtbot: QtBot, starting: tuple[app.Application, boot.KeyHold, Settings]
) -> None:
    application, held, settings = starting
    window = application.view

    qtbot.keyClicks(window.search_box, "anna", delay=120)  # a person, not a scanner

    assert window.search_box.text() == ""  # held: nothing decided yet
    application.complete(settings, held=held)

    qtbot.waitUntil(lambda: window.search_box.text() == "anna", timeout=3000)
    qtbot.waitUntil(lambda: window.state() is State.READY, timeout=5000)


def test_a_scan_before_the_view_exists_is_held_by_the_window_then_looked_up(
    qtbot: QtBot, memory_keyring: MemoryKeyring, sandbox: SandboxServer
) -> None:
    """The first screen: only the window and its starting page exist (gui/launch.py). Keys
    the native window gets are held; once the cashier's view is built into the same window
    and the start-up completes, the scan is looked up."""
    settings = Settings(
        engage=EngageSettings(base_url=sandbox.base_url, timeout_seconds=2.0),
        display=DisplaySettings(idle_clear_seconds=0),
    )
    CredentialStore(sandbox.base_url).set(DEMO_API_KEY)
    first = app.first_screen_of(settings)
    qapp = create_qapplication(first.language)
    frame = MainWindow(placement=first.placement, strip_width=first.width)
    page = frame.show_starting(*launch.starting_texts())
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    handle = frame.windowHandle()
    assert handle is not None
    held = boot.KeyHold(parent=qapp)
    held.watch(handle)
    assert page.texts() == ["Starting…", "Connecting to loyalty."]

    for digit in "7001234567":  # the scanner's burst, to the window (no widget has focus)
        QTest.keyClick(handle, Qt.Key(ord(digit)))
    QTest.keyClick(handle, Qt.Key.Key_Return)
    assert held.count == 22

    application = app.build_window(first, window=frame)
    try:
        assert frame.view is application.view and frame.centralWidget() is application.view
        held.install(qapp)
        application.view.focus_search()
        application.complete(settings, held=held)
        window = application.view
        qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
        assert "7001234567" in texts(application)
        assert window.search_box.text() == ""
        assert held.count == 0
    finally:
        held.release(None)
        application.shutdown()
