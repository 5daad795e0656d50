"""First-run setup: test the connection, save the key to the keyring and the rest to the file."""

from __future__ import annotations

import socket
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.setup_dialog import SetupDialog
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from tests.helpers.memory_keyring import MemoryKeyring


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[SetupDialog]:
    runner = TaskRunner()
    setup = SetupDialog(runner, config_path=tmp_path / "config.toml")
    qtbot.addWidget(setup)
    setup.show()
    yield setup
    runner.wait_for_done(5000)


def fill(qtbot: QtBot, dialog: SetupDialog, url: str, key: str) -> None:
    dialog.url_edit.clear()
    qtbot.keyClicks(dialog.url_edit, url)
    qtbot.keyClicks(dialog.key_edit, key)


def test_connection_test_reports_success(
    qtbot: QtBot, dialog: SetupDialog, sandbox: SandboxServer
) -> None:
    fill(qtbot, dialog, sandbox.base_url, DEMO_API_KEY)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connected" in dialog.result_label.text(), timeout=5000)
    assert "contact type “member”" in dialog.result_label.text()


def test_unknown_contact_type_is_not_called_connected(
    qtbot: QtBot, dialog: SetupDialog, sandbox: SandboxServer
) -> None:
    fill(qtbot, dialog, sandbox.base_url, DEMO_API_KEY)
    dialog.type_box.setEditText("membr")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "✕" in dialog.result_label.text(), timeout=5000)
    text = dialog.result_label.text()
    assert "Connected" not in text
    assert "no contact type “membr”" in text


def test_refused_key_is_explained(
    qtbot: QtBot, dialog: SetupDialog, sandbox: SandboxServer
) -> None:
    fill(qtbot, dialog, sandbox.base_url, "wrong-key")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused the key" in dialog.result_label.text(), timeout=5000)
    assert "wrong-key" not in dialog.result_label.text()


def test_unreachable_host_is_explained(qtbot: QtBot, dialog: SetupDialog) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fill(qtbot, dialog, f"http://127.0.0.1:{port}", "k")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cannot reach" in dialog.result_label.text(), timeout=10000)


def test_plain_http_to_a_remote_host_is_refused(qtbot: QtBot, dialog: SetupDialog) -> None:
    fill(qtbot, dialog, "http://tenant.voyado.com", "k")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "https://" in dialog.result_label.text(), timeout=5000)


def test_save_puts_the_key_in_the_keyring_and_the_rest_in_the_file(
    qtbot: QtBot,
    dialog: SetupDialog,
    sandbox: SandboxServer,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    fill(qtbot, dialog, sandbox.base_url + "/api/v3/", DEMO_API_KEY)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.accepted.emit()
    written = (tmp_path / "config.toml").read_text()
    assert DEMO_API_KEY not in written
    assert tomllib.loads(written)["engage"]["base_url"] == sandbox.base_url
    assert memory_keyring.store[("pos-profile", sandbox.base_url)] == DEMO_API_KEY
    assert dialog.key_edit.text() == ""


def test_save_without_any_key_is_refused(
    qtbot: QtBot, dialog: SetupDialog, sandbox: SandboxServer, tmp_path: Path
) -> None:
    fill(qtbot, dialog, sandbox.base_url, "")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "API key" in dialog.result_label.text(), timeout=5000)
    assert dialog.isVisible()
    assert not (tmp_path / "config.toml").exists()
