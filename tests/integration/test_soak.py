"""Soak: many lookups in one app; RSS, threads and Python's singletons must not trend up/down.

CI runs 200 lookups (``POS_PROFILE_SOAK_LOOKUPS`` sets the count; the issue's long run is
2,000). RSS and the thread count are sampled every few lookups from /proc/self/status; a
least-squares slope over the second half (after caches have filled) must stay under a bound.
"""

from __future__ import annotations

import os
import sys

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from tests.helpers.app_rig import (
    DEMO_MEMBERS,
    app_rig,
    none_refcount,
    proc_status,
    slope,
    wait_until,
)

LOOKUPS = int(os.environ.get("POS_PROFILE_SOAK_LOOKUPS", "200"))
SAMPLES = 20
RSS_SLOPE_LIMIT_KB = 10.0  # per lookup: 10 MB per 1,000 lookups (the memory target)
PYSIDE_NONE_LEAK = sys.version_info < (3, 12) and shiboken6.__version__.startswith("6.12.")


def lookup(rig: object, code: str) -> None:
    from tests.helpers.app_rig import AppRig

    assert isinstance(rig, AppRig)
    rig.probe.arm()
    rig.scan(code)
    wait_until(lambda: rig.probe.done_at is not None, 10.0, "the profile")
    rig.wait_idle()


@pytest.mark.slow
def test_soak_rss_and_threads_do_not_grow(qtbot: QtBot) -> None:
    xs: list[float] = []
    rss: list[float] = []
    threads: list[float] = []
    every = max(1, LOOKUPS // SAMPLES)
    with app_rig() as rig:
        for i in range(LOOKUPS):
            lookup(rig, DEMO_MEMBERS[i % len(DEMO_MEMBERS)])
            if (i + 1) % every == 0:
                status = proc_status()
                xs.append(i + 1)
                rss.append(status["VmRSS"])
                threads.append(status["Threads"])
        assert rig.window.state().value == "profile"
    half = len(xs) // 2
    rss_slope = slope(xs[half:], rss[half:])
    assert rss_slope < RSS_SLOPE_LIMIT_KB, f"RSS grows {rss_slope:.1f} kB per lookup: {rss}"
    assert max(threads[half:]) - min(threads[half:]) <= 2, threads
    assert threads[-1] <= threads[half] + 1, threads


@pytest.mark.xfail(
    PYSIDE_NONE_LEAK,
    strict=True,
    reason="PySide6/shiboken6 6.12 returns None from void methods without a reference; on "
    "CPython 3.11 every lookup drains ~190 refs from None and the app aborts (none_dealloc) "
    "after ~100 lookups. Fix: pin PySide6-Essentials<6.12 or require Python >= 3.12.",
)
def test_lookups_do_not_drain_python_singletons(qtbot: QtBot) -> None:
    """A lookup must not leave None's reference count lower than before (it would crash)."""
    with app_rig() as rig:
        for code in DEMO_MEMBERS[:3]:
            lookup(rig, code)
        before = none_refcount()
        for code in DEMO_MEMBERS * 2:
            lookup(rig, code)
        drained = (before - none_refcount()) / (2 * len(DEMO_MEMBERS))
    assert drained < 5, f"{drained:.0f} references to None lost per lookup"
