"""The X server's idle time as the idle clear reads it: real Xvfb, real input from xdotool."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest

from pos_profile.system_idle import X11Idle, detect

pytestmark = pytest.mark.x11


def move_the_mouse() -> None:
    subprocess.run(["xdotool", "mousemove_relative", "--", "3", "3"], check=True, timeout=10)


def test_input_anywhere_resets_the_idle_time() -> None:
    idle = X11Idle()
    move_the_mouse()
    first = idle.seconds_since_input()
    assert first is not None and first < 1.0

    tick = threading.Event()
    deadline = time.monotonic() + 5.0
    while (now := idle.seconds_since_input()) is not None and now < first + 0.3:
        assert time.monotonic() < deadline, "the idle time does not grow"
        tick.wait(0.05)
    grown = idle.seconds_since_input()
    assert grown is not None and grown >= first + 0.3

    move_the_mouse()
    after = idle.seconds_since_input()
    assert after is not None and after < grown


def test_detect_picks_the_x11_provider_on_xcb() -> None:
    assert detect("xcb").name == "x11"
    assert detect("offscreen").name in ("none", "windows", "macos")
