"""Beside the POS, under a real X server: a serial scan while another program has the focus.

pos-profile runs as the installed command on the xcb platform with ``[scanner] source =
"serial"``; ``xmessage`` stands in for the POS and gets the keyboard focus. The scan arrives
on a real pty. The customer is looked up (the sandbox sees the request, the app's log says
the profile was shown) and the focus never leaves the POS.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pos_profile.sandbox import DEMO_API_KEY
from pos_profile.sandbox.server import SandboxServer
from tests.e2e.conftest import REPO, command
from tests.helpers.pty_scanner import PtyScanner

pytestmark = pytest.mark.x11

MEMBER = "7001234567"


def xdotool(*args: str) -> str:
    return subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, timeout=30, check=True
    ).stdout.strip()


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Wait until a condition of another process holds (its log file), polled every 50 ms."""
    deadline = time.monotonic() + seconds
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        tick.wait(0.05)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(api_key=DEMO_API_KEY) as server:
        yield server


@pytest.mark.parametrize("placement", ["window", "right"])
def test_a_serial_scan_shows_the_customer_and_the_pos_keeps_the_focus(
    tmp_path: Path, sandbox: SandboxServer, placement: str
) -> None:
    pty = PtyScanner(tmp_path / "ttyScanner")
    config = tmp_path / "till.toml"
    config.write_text(
        f'[engage]\nbase_url = "{sandbox.base_url}"\n\n'
        f'[scanner]\nsource = "serial"\nserial_port = "{pty.link}"\n\n'
        f'[display]\nplacement = "{placement}"\nwidth = 380\n'
    )
    state = tmp_path / "state"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("POS_PROFILE", "XDG_"))},
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(state),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "tests.helpers.file_keyring.FileKeyring",
        "POS_PROFILE_TEST_KEYRING": str(tmp_path / "keyring.json"),
        "PYTHONPATH": str(REPO),
    }
    stored = subprocess.run(
        [*command(), "--config", str(config), "credentials", "set"],
        input=DEMO_API_KEY,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert stored.returncode == 0, stored.stderr

    app = subprocess.Popen(
        [*command(), "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    pos = subprocess.Popen(["xmessage", "-title", "POS stand-in", "POS"], env=env)
    try:
        app_window = xdotool("search", "--sync", "--onlyvisible", "--name", "^pos-profile$")
        app_window = app_window.split()[0]
        pos_window = xdotool("search", "--sync", "--onlyvisible", "--name", "POS stand-in")
        pos_window = pos_window.split()[0]
        xdotool("windowfocus", "--sync", pos_window)  # no window manager: focus it ourselves
        log_file = state / "pos-profile" / "log" / "pos-profile.log"
        wait_for(
            lambda: log_file.is_file() and "serial: connected" in log_file.read_text(),
            20.0,
            "the serial port to open",
        )
        seen = len(sandbox.requests)

        pty.send(MEMBER.encode() + b"\r\n")

        # the profile, then its points (asked once the profile has been painted)
        assert sandbox.wait_for_requests(seen + 2, timeout=20.0)
        wait_for(lambda: "profile shown" in log_file.read_text(), 20.0, "the profile")
        lookups = [q for _m, q in sandbox.requests[seen:] if "customKey=" in q]  # no probes
        assert lookups == [f"/api/v3/contactoverview?contactType=member&customKey={MEMBER}"]
        assert xdotool("getwindowfocus") == pos_window  # the POS kept the keyboard
        if placement == "right":  # a full-height strip at the right edge of the screen
            screen_w, screen_h = map(int, xdotool("getdisplaygeometry").split())
            geometry = xdotool("getwindowgeometry", "--shell", app_window)
            values = dict(line.split("=", 1) for line in geometry.splitlines())
            assert int(values["WIDTH"]) == 380
            assert int(values["X"]) + int(values["WIDTH"]) == screen_w
            assert int(values["HEIGHT"]) == screen_h
        assert "Astrid" not in log_file.read_text()  # the log names no customer
    finally:
        pos.terminate()
        app.terminate()
        _, err = app.communicate(timeout=20)
        pos.wait(timeout=10)
        pty.unplug()
    assert "Traceback" not in err
