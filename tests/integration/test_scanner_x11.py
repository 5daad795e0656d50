"""End to end under a real X server: xdotool types into the scanner diagnostics window.

The window (``python -m pos_profile.gui.scanner_diagnostics``) runs as a subprocess on the
xcb platform and writes one line per decision to stdout. ``xdotool type --delay N`` gives
gaps of about N/2 ms (measured; pos_profile/docs/architecture.md, Tests): ``--delay 10`` is a
5 ms scanner, ``--delay 240`` a person typing at 120 ms per key. Enter is sent with a separate
``xdotool key Return`` (a newline inside ``type`` does not act as Return). Ctrl+Q closes the
window, which first hands any held keys to the field and then reports the field's text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.x11

ROOT = Path(__file__).resolve().parents[2]
TITLE = "pos-profile scanner test"
EAN = "7350053850019"


def _xdotool(*args: str) -> str:
    done = subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, timeout=30, check=True
    )
    return done.stdout


def _run_window_and(*keystrokes: tuple[str, ...]) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pos_profile.gui.scanner_diagnostics"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wid = _xdotool("search", "--sync", "--onlyvisible", "--name", TITLE).split()[0]
        _xdotool("windowfocus", "--sync", wid)  # no window manager: focus it ourselves
        for stroke in keystrokes:
            _xdotool(*stroke)
        _xdotool("key", "ctrl+q")
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    return out.splitlines()


@pytest.mark.parametrize("delay", ["5", "10"])
def test_scanner_speed_typing_is_one_scan_and_nothing_typed(delay: str) -> None:
    lines = _run_window_and(
        ("type", "--delay", delay, EAN),
        ("key", "Return"),
    )
    assert [line for line in lines if line.startswith("code_scanned")] == [f"code_scanned: {EAN}"]
    decisions = [line for line in lines if line.startswith("decision: ")]
    assert len(decisions) == 1
    assert decisions[0].startswith("decision: scan: ean")
    assert lines[-1] == "field: "  # not a single digit leaked into the focused field


@pytest.mark.parametrize("delay", ["150", "240"])
def test_human_typing_is_typed_and_not_a_scan(delay: str) -> None:
    lines = _run_window_and(
        ("type", "--delay", delay, "12345678"),
    )
    assert not [line for line in lines if line.startswith(("code_scanned", "scan_rejected"))]
    assert not [line for line in lines if line.startswith("decision: scan")]
    assert lines[-1] == "field: 12345678"
