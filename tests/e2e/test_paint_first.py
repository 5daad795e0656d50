"""The window paints before the heavy modules load (a real process, watched at its first paint).

The child is the real entry point (``pos_profile.cli.main``) with ``Launch._after_paint``
(what runs at the window's first paint, gui/launch.py) wrapped only to look: it prints the
window's state, its texts and which heavy modules are already imported (the cashier's view
and the panel are among them: the first screen is the window's own starting page), then
lets the start-up go on until the window is ready to scan.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import SandboxProcess, Till

pytestmark = pytest.mark.e2e

HEAVY = (
    "pydantic",
    "httpx",
    "keyring",
    "pos_profile.settings",
    "pos_profile.gui.scanner",
    "pos_profile.scanning.config",
    "pos_profile.engage.client",
    "pos_profile.sandbox.server",
    "pos_profile.logs",
    "pos_profile.gui.app",
    "pos_profile.gui.cashier_view",
    "pos_profile.gui.profile_view",
    "pos_profile.presentation",
)

PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from pos_profile import cli
from pos_profile.gui import launch
HEAVY = HEAVY_NAMES
original_after_view = launch.Launch._after_paint
def after_view(self):  # called at the window's first paint
    widget = self.window
    loaded = [name for name in HEAVY if name in sys.modules]
    state = "starting" if widget.view is None else widget.view.state().value
    print("painted", json.dumps({"state": state, "loaded": loaded,
                                 "texts": widget.centralWidget().texts()}), flush=True)
    original_after_view(self)
    from pos_profile.gui import app as app_module
    application = self.application
    def finished(channel, token, result):
        if channel == app_module.STARTUP:
            QTimer.singleShot(0, lambda: (print("ready", json.dumps(
                {"state": application.view.state().value,
                 "loaded": [n for n in HEAVY if n in sys.modules]}), flush=True),
                application.qapp.quit()))
    application.runner.finished.connect(finished)
launch.Launch._after_paint = after_view
sys.exit(cli.main(sys.argv[1:]))
""".replace("HEAVY_NAMES", repr(HEAVY))


def run_probe(till: Till, *args: str) -> dict[str, dict[str, object]]:
    till.env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--quit-after", "30"],
        capture_output=True,
        text=True,
        env=till.env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    marks = {}
    for line in result.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word in ("painted", "ready"):
            marks[word] = json.loads(rest)
    assert set(marks) == {"painted", "ready"}, result.stdout + result.stderr
    return marks


def test_the_demo_window_paints_before_pydantic_httpx_keyring_and_the_scanner(
    till: Till,
) -> None:
    till.configure("https://tenant.voyado.com")  # a till's file; the demo ignores its tenant
    marks = run_probe(till, "--demo")

    assert marks["painted"] == {
        "state": "starting",
        "loaded": [],
        "texts": ["Starting…", "Connecting to loyalty."],
    }
    assert marks["ready"]["state"] == "ready"  # then it went on and connected
    assert "pydantic" in marks["ready"]["loaded"]  # (the probe can see them when they load)


def test_a_configured_till_paints_before_its_settings_are_validated(
    till: Till, sandbox_process: SandboxProcess
) -> None:
    till.configure(sandbox_process.base_url)
    stored = till.run("credentials", "set", stdin="sandbox-key")
    assert stored.returncode == 0, stored.stderr

    marks = run_probe(till)

    assert marks["painted"]["state"] == "starting"
    assert marks["painted"]["loaded"] == []
    assert marks["ready"]["state"] == "ready"
    # httpx loads with the client's first request (the warm-up right after ready), not on
    # the way to ready: whether it is there yet is a race, so only the rest is asserted
    assert {"keyring", "pos_profile.gui.scanner", "pos_profile.engage.client"} <= set(
        marks["ready"]["loaded"]
    )
