"""Benchmarks 4 and 5: big-profile render time and the UI heartbeat during slow lookups/renders.

Render: the controller's ``profile_ready`` signal is emitted on the GUI thread with a parsed
profile, exactly as a finished lookup does; the clock stops when the paint pass that first
painted the panel is over. Between rounds the window goes back to "looking up".

Heartbeat: a 5 ms PreciseTimer runs on the GUI thread; the longest gap between two ticks is
how long the cashier's screen was frozen.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

from tests.helpers.app_rig import (
    DEMO_MEMBERS,
    AppRig,
    Report,
    Row,
    Summary,
    app_rig,
    settle,
    wait_until,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MANY = "contactoverview-member-many-items.json"
RENDER_TARGETS_MS = {"45/42": 50.0, "500/500": 200.0}
HEARTBEAT_TARGET_MS = 20.0


def synthetic_payload(vouchers: int, promotions: int) -> bytes:
    """The many-items fixture with its vouchers and promotions repeated to the given counts."""
    base = json.loads((FIXTURES / MANY).read_bytes())

    def grow(items: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
        out = []
        for i in range(count):
            item = copy.deepcopy(items[i % len(items)])
            if "id" in item:
                item["id"] = f"{item['id']}-{i}"
            out.append(item)
        return out

    base["rewardVouchers"] = grow(base["rewardVouchers"], vouchers)
    base["promotions"] = grow(base["promotions"], promotions)
    return json.dumps(base).encode()


def overview_of(body: bytes) -> Any:
    from pos_profile.engage import models

    return models.parse_contact_overview(body)


def render_once(rig: AppRig, overview: Any) -> float:
    """A profile arrives as in the app: the display model is computed on a worker thread
    (as LookupController does), then the GUI thread lays it out and paints. Timed from the
    start of the worker's part to the panel painted."""
    import threading

    from pos_profile.gui import status_view

    rig.window.show_status(status_view.looking_up_status("member number"))
    settle(10)
    rig.probe.arm()
    t0 = time.perf_counter()
    box: dict[str, Any] = {}
    present = rig.app.controller.presenter.profile
    worker = threading.Thread(target=lambda: box.setdefault("presented", present(overview)))
    worker.start()
    wait_until(lambda: "presented" in box, 10.0, "the display model")
    worker.join()
    rig.app.controller.profile_ready.emit(box["presented"])
    wait_until(lambda: rig.probe.done_at is not None, 10.0, "the panel to be painted")
    assert rig.probe.done_at is not None
    return (rig.probe.done_at - t0) * 1000


class Heartbeat:
    """A 5 ms timer on the GUI thread; :attr:`longest_gap_ms` is the worst stall seen."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.gaps: list[float] = []

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append((now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self._last = None
        self.gaps.clear()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def longest_gap_ms(self) -> float:
        return max(self.gaps) if self.gaps else float("nan")


def bench_render(report: Report, *, quick: bool) -> None:
    rounds = 5 if quick else 15
    bodies = {"45/42": (FIXTURES / MANY).read_bytes(), "500/500": synthetic_payload(500, 500)}
    with app_rig() as rig:
        for label, body in bodies.items():
            overview = overview_of(body)
            render_once(rig, overview)  # first render builds caches (fonts, style)
            times = [render_once(rig, overview) for _ in range(rounds)]
            s = Summary.of(times)
            target = RENDER_TARGETS_MS[label]
            report.add(
                Row(
                    f"Big profile render {label} (vouchers/promotions)",
                    s.text(),
                    "—",
                    "—",
                    f"≤ {target:.0f} ms",
                    s.p95 <= target,
                    "profile arrives → painted (display model on a worker, then layout, paint)",
                )
            )


def bench_heartbeat(report: Report, *, quick: bool) -> None:
    lookups = 2 if quick else 4
    big = overview_of(synthetic_payload(500, 500))
    beat = Heartbeat()
    with app_rig(timeout_seconds=10.0) as rig:
        # 1. lookups against a server that takes 2 s to answer
        rig.sandbox.latency_ms = 2000
        beat.start()
        for i in range(lookups):
            rig.type_scan(DEMO_MEMBERS[i % len(DEMO_MEMBERS)])
            rig.probe.arm()
            rig.press_enter()
            wait_until(lambda: rig.probe.done_at is not None, 15.0, "the slow profile")
            rig.wait_idle(15.0)
        beat.stop()
        slow_gap = beat.longest_gap_ms
        slow_n = len(beat.gaps)
        rig.sandbox.latency_ms = 0
        # 2. rendering a 500/500 profile
        render_once(rig, big)
        gaps = []
        for _ in range(3 if quick else 8):
            beat.start()
            settle(20)
            render_once(rig, big)
            settle(20)
            beat.stop()
            gaps.append(beat.longest_gap_ms)
        render_gap = max(gaps)
    report.add(
        Row(
            "UI heartbeat (5 ms timer): lookups vs 2 s slow server",
            f"longest gap {slow_gap:.1f} ms over {slow_n} ticks ({lookups} lookups)",
            "5 ms (the interval)",
            f"{slow_gap / 5:.1f}×",
            f"≤ {HEARTBEAT_TARGET_MS:.0f} ms",
            slow_gap <= HEARTBEAT_TARGET_MS,
            "GUI thread only waits on queued signals while the worker blocks",
        )
    )
    report.add(
        Row(
            "UI heartbeat: rendering a 500/500 profile",
            f"longest gap {render_gap:.1f} ms",
            "5 ms (the interval)",
            f"{render_gap / 5:.1f}×",
            f"≤ {HEARTBEAT_TARGET_MS:.0f} ms",
            render_gap <= HEARTBEAT_TARGET_MS,
            "display model on a worker; GUI thread lays out and paints",
        )
    )


def run(report: Report, *, quick: bool) -> None:
    bench_render(report, quick=quick)
    bench_heartbeat(report, quick=quick)


if __name__ == "__main__":
    r = Report()
    run(r, quick=True)
    for row in r.rows:
        print(row)
