"""``[scanner] source = "serial"`` through the whole app: a real pty, real pyserial, the real
sandbox over a socket and the window as ``app.build`` makes it.

Nothing is typed: the scan arrives on the port, so it works whatever window has the focus
(the X11 version of that is in tests/integration/test_serial_x11.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from pos_profile.credentials import CredentialStore
from pos_profile.gui import app
from pos_profile.gui.status_view import State
from pos_profile.sandbox import DEMO_API_KEY
from pos_profile.sandbox.server import SandboxServer
from pos_profile.scanning.config import ScannerConfig
from pos_profile.settings import DisplaySettings, EngageSettings, Settings
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.pty_scanner import PtyScanner

MEMBER = "7001234567"
PAYMENT_TRACK = "%B4111111111111111^BANK/CARD^2912101000?"


@pytest.fixture
def pty(tmp_path: Path) -> Iterator[PtyScanner]:
    device = PtyScanner(tmp_path / "ttyScanner")
    yield device
    device.unplug()


@pytest.fixture
def serial_app(
    qtbot: QtBot, sandbox: SandboxServer, pty: PtyScanner, memory_keyring: MemoryKeyring
) -> Iterator[app.Application]:
    CredentialStore(sandbox.base_url).set(DEMO_API_KEY)
    settings = Settings(
        engage=EngageSettings(base_url=sandbox.base_url, timeout_seconds=2.0),
        display=DisplaySettings(idle_clear_seconds=0),
        scanner=ScannerConfig(source="serial", serial_port=str(pty.link)),
    )
    application = app.build(settings)
    qtbot.addWidget(application.window)
    application.window.show()
    qtbot.waitUntil(lambda: application.view.state() is State.READY, timeout=5000)
    qtbot.waitUntil(lambda: application.view.scanner_label.text() == f"Scanner: {pty.link}")
    qtbot.waitUntil(
        lambda: application.start_up_done and application.runner.in_flight() == 0
    )  # the warm-up probe is done
    yield application
    application.shutdown()


def shown_text(application: app.Application) -> str:
    window = application.view
    return "\n".join(w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window))


def test_a_member_card_on_the_port_shows_the_customer(
    qtbot: QtBot, serial_app: app.Application, pty: PtyScanner, sandbox: SandboxServer
) -> None:
    seen = len(sandbox.requests)
    pty.send(MEMBER.encode() + b"\r\n")
    qtbot.waitUntil(lambda: serial_app.view.state() is State.PROFILE, timeout=5000)
    assert "Astrid Lindqvist" in shown_text(serial_app)
    asked = [q for _m, q in sandbox.requests[seen:] if q.startswith("/api/v3/contactoverview")]
    assert asked == [f"/api/v3/contactoverview?contactType=member&customKey={MEMBER}"]
    assert serial_app.view.search_box.text() == ""  # nothing was typed anywhere


def test_a_double_read_is_looked_up_once(
    qtbot: QtBot, serial_app: app.Application, pty: PtyScanner, sandbox: SandboxServer
) -> None:
    seen = len(sandbox.requests)
    pty.send(MEMBER.encode() + b"\r" + MEMBER.encode() + b"\r")
    qtbot.waitUntil(lambda: serial_app.view.state() is State.PROFILE, timeout=5000)
    qtbot.waitUntil(lambda: serial_app.runner.in_flight() == 0, timeout=5000)
    asked = [q for _m, q in sandbox.requests[seen:] if q.startswith("/api/v3/contactoverview")]
    assert len(asked) == 1


def test_a_payment_card_is_refused_and_never_sent(
    qtbot: QtBot, serial_app: app.Application, pty: PtyScanner, sandbox: SandboxServer
) -> None:
    seen = len(sandbox.requests)
    pty.send(PAYMENT_TRACK.encode() + b"\r")
    qtbot.waitUntil(lambda: serial_app.view.state() is State.INVALID, timeout=5000)
    assert "Payment card" in shown_text(serial_app)
    assert "4111" not in shown_text(serial_app)
    assert sandbox.requests[seen:] == []


def test_garbage_says_so_and_the_next_scan_works(
    qtbot: QtBot, serial_app: app.Application, pty: PtyScanner
) -> None:
    pty.send(b"\xff\xfe\x01\x02\r")
    qtbot.waitUntil(lambda: serial_app.view.state() is State.INVALID, timeout=5000)
    assert "Code not recognised" in shown_text(serial_app)
    pty.send(MEMBER.encode() + b"\n")
    qtbot.waitUntil(lambda: serial_app.view.state() is State.PROFILE, timeout=5000)


def test_unplugged_scanner_is_shown_and_comes_back_by_itself(
    qtbot: QtBot, serial_app: app.Application, pty: PtyScanner
) -> None:
    label = serial_app.view.scanner_label
    pty.unplug()
    qtbot.waitUntil(lambda: label.text().startswith("Scanner disconnected"), timeout=5000)
    assert label.property("problem") is True
    assert serial_app.view.state() is State.READY  # the app goes on
    pty.plug_in()
    qtbot.waitUntil(lambda: label.text() == f"Scanner: {pty.link}", timeout=5000)
    pty.send(MEMBER.encode() + b"\r")
    qtbot.waitUntil(lambda: serial_app.view.state() is State.PROFILE, timeout=5000)


def test_a_product_barcode_or_unknown_card_keeps_the_customer(
    qtbot: QtBot, serial_app: app.Application, pty: PtyScanner
) -> None:
    window = serial_app.view
    pty.send(MEMBER.encode() + b"\r")
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)

    pty.send(b"7350053850019\r")  # a product's EAN: Engage knows no such member
    qtbot.waitUntil(lambda: window.scan_note.isVisible(), timeout=5000)
    assert window.scan_note.text() == "No member for that card. The customer stays on screen."
    assert window.state() is State.PROFILE
    assert "Astrid Lindqvist" in shown_text(serial_app)

    pty.send(PAYMENT_TRACK.encode() + b"\r")  # refused by the rules: nothing is sent
    qtbot.waitUntil(lambda: "Payment card" in window.scan_note.text(), timeout=5000)
    assert window.state() is State.PROFILE

    pty.send(b"2400004711205\r")  # another member's card does replace the customer
    qtbot.waitUntil(lambda: "Maja" in shown_text(serial_app), timeout=5000)
    assert not window.scan_note.isVisible()


def test_scanner_test_shows_the_serial_stream_and_its_decisions(
    tmp_path: Path, pty: PtyScanner
) -> None:
    """``pos-profile --scanner-test`` with a serial scanner, as store IT runs it."""
    import os
    import subprocess
    import sys

    config = tmp_path / "till.toml"
    config.write_text(f'[scanner]\nsource = "serial"\nserial_port = "{pty.link}"\n')
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_profile", "--config", str(config), "--scanner-test"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline()]  # blocks until the port is open
        assert lines[0].startswith(f"serial: connected: serial {pty.link} open"), lines
        pty.send(MEMBER.encode() + b"\r\n")
        pty.send(PAYMENT_TRACK.encode() + b"\r\n")
        lines += [process.stdout.readline(), process.stdout.readline()]
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert lines[1].startswith("serial decision: scan: ") and MEMBER in lines[1]
    assert lines[2].startswith("serial decision: rejected: Payment card")
    assert "4111111111111111" not in "".join(lines)  # the card number is never shown
