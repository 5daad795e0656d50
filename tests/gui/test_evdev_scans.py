"""``[scanner] source = "evdev"`` through the whole app: ``app.build`` starts the evdev scanner,
its status reaches the status bar, and what the key holder judges reaches the window from
another thread (as the source's reading thread delivers it) with the real sandbox behind it.

This machine has no input devices, so the source itself reports "not plugged in"; the scans are
key frames a US scanner sends, fed to the real KeyHolder on a worker thread. Grabbing and passing
on against real devices: tests/vm.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from pos_profile.credentials import CredentialStore
from pos_profile.gui import app
from pos_profile.gui.status_view import State
from pos_profile.sandbox import DEMO_API_KEY
from pos_profile.sandbox.server import SandboxServer
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.evdev_keys import Judged, KeyHolder
from pos_profile.scanning.serial_source import SourceState, SourceStatus
from pos_profile.settings import DisplaySettings, EngageSettings, Settings
from tests.helpers.evdev_typing import typed
from tests.helpers.memory_keyring import MemoryKeyring

MEMBER = "7001234567"
DEVICE = "name:No Such Scanner 0c2e:0b61"
RULES = {"member_prefix": "7001", "ean_prefixes": ("2400",)}  # other EANs: products


def start(qtbot: QtBot, sandbox: SandboxServer, **scanner: object) -> app.Application:
    CredentialStore(sandbox.base_url).set(DEMO_API_KEY)
    settings = Settings(
        engage=EngageSettings(base_url=sandbox.base_url, timeout_seconds=2.0),
        display=DisplaySettings(idle_clear_seconds=0),
        scanner=ScannerConfig(source="evdev", evdev_device=DEVICE, **RULES, **scanner),
    )
    application = app.build(settings)
    qtbot.addWidget(application.window)
    application.window.show()
    qtbot.waitUntil(lambda: application.view.state() is State.READY, timeout=5000)
    qtbot.waitUntil(
        lambda: application.start_up_done and application.runner.in_flight() == 0
    )  # the warm-up probe is done
    return application


@pytest.fixture
def evdev_app(
    qtbot: QtBot, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> Iterator[app.Application]:
    application = start(qtbot, sandbox)
    yield application
    application.shutdown()


def scan(application: app.Application, text: str) -> list[Judged]:
    """``text`` as a US scanner types it, judged by the real holder on another thread; what it
    judged goes to the app's evdev scanner the way the source's reading thread hands it on."""
    assert application.evdev is not None
    scanner = application.evdev
    judged: list[Judged] = []

    def reader() -> None:
        holder = KeyHolder(application.settings.scanner)
        for number, frame in enumerate(typed(text)):
            for action in holder.feed(frame, 1000.0 + 8.0 * number):
                if isinstance(action, Judged):
                    judged.append(action)
                    scanner.on_judged(action)

    thread = threading.Thread(target=reader)
    thread.start()
    thread.join(5)
    return judged


def shown_text(application: app.Application) -> str:
    window = application.view
    return "\n".join(w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window))


def test_no_scanner_is_shown_in_the_status_bar_and_the_app_goes_on(
    qtbot: QtBot, evdev_app: app.Application
) -> None:
    label = evdev_app.view.scanner_label
    expected = f"Scanner disconnected ({DEVICE}: not plugged in): waiting for it"
    qtbot.waitUntil(lambda: label.text() == expected, timeout=5000)
    assert label.property("problem") is True
    assert evdev_app.view.state() is State.READY
    assert evdev_app.evdev is not None
    evdev_app.evdev.on_status(SourceStatus(SourceState.CONNECTED, "evdev /dev/input/event3"))
    qtbot.waitUntil(lambda: label.text() == f"Scanner: {DEVICE}", timeout=5000)
    busy = "busy: another program has grabbed it"
    evdev_app.evdev.on_status(SourceStatus(SourceState.DISCONNECTED, "…", busy))
    want = f"Scanner disconnected ({DEVICE}: {busy}): waiting for it"
    qtbot.waitUntil(lambda: label.text() == want, timeout=5000)


def test_a_member_card_shows_the_customer_whatever_has_the_focus(
    qtbot: QtBot, evdev_app: app.Application, sandbox: SandboxServer
) -> None:
    seen = len(sandbox.requests)
    (judged,) = scan(evdev_app, MEMBER)
    assert judged.taken
    qtbot.waitUntil(lambda: evdev_app.view.state() is State.PROFILE, timeout=5000)
    assert "Astrid Lindqvist" in shown_text(evdev_app)
    asked = [q for _m, q in sandbox.requests[seen:] if q.startswith("/api/v3/contactoverview")]
    assert asked == [f"/api/v3/contactoverview?contactType=member&customKey={MEMBER}"]
    assert evdev_app.view.search_box.text() == ""


def test_a_product_code_passed_on_to_the_pos_leaves_the_window_alone(
    qtbot: QtBot, evdev_app: app.Application, sandbox: SandboxServer
) -> None:
    scan(evdev_app, MEMBER)
    qtbot.waitUntil(lambda: evdev_app.view.state() is State.PROFILE, timeout=5000)
    qtbot.waitUntil(lambda: evdev_app.runner.in_flight() == 0, timeout=5000)
    seen = len(sandbox.requests)
    (judged,) = scan(evdev_app, "7350053850019")  # the POS's product
    assert not judged.taken
    scan(evdev_app, "2400004711205")  # then another member's card: it is shown ...
    qtbot.waitUntil(lambda: "Maja" in shown_text(evdev_app), timeout=5000)
    asked = [q for _m, q in sandbox.requests[seen:] if q.startswith("/api/v3/contactoverview")]
    assert asked == ["/api/v3/contactoverview?contactType=member&customKey=2400004711205"]
    assert not evdev_app.view.scan_note.isVisible()  # ... and no note about the product


def test_without_pass_through_a_refused_scan_says_why(
    qtbot: QtBot, sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    application = start(qtbot, sandbox, evdev_passthrough=False)
    try:
        (judged,) = scan(application, "7350053850019")
        assert not judged.taken
        qtbot.waitUntil(lambda: application.view.state() is State.INVALID, timeout=5000)
        assert "not a member card" in shown_text(application)
    finally:
        application.shutdown()


def test_shutdown_stops_the_source(evdev_app: app.Application) -> None:
    assert evdev_app.evdev is not None
    source = evdev_app.evdev.source
    assert source._thread is not None and source._thread.is_alive()
    evdev_app.shutdown()
    assert source._thread is None
