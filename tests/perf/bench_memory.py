"""Benchmark 3: memory. Peak RSS after 1 and after N lookups, each in a fresh subprocess.

The app child builds the demo app (the sandbox runs in the same process, as with ``--demo``),
does one lookup, reads VmHWM/VmRSS from /proc/self/status, does N-1 more and reads them
again. The baseline child shows a bare PySide6 QMainWindow of the same size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers.app_rig import Report, Row

REPO = Path(__file__).resolve().parents[2]
GROWTH_TARGET_MB = 10.0

BARE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from tests.helpers.app_rig import proc_status
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(900, 680); w.show()
def done():
    print(json.dumps(proc_status()), flush=True)
    app.quit()
QTimer.singleShot(200, done)
app.exec()
"""

APP = """
import json, sys
from tests.helpers.app_rig import DEMO_MEMBERS, app_rig, proc_status, wait_until
N = int(sys.argv[1])
samples = {}
with app_rig() as rig:
    for i in range(N):
        rig.probe.arm()
        rig.scan(DEMO_MEMBERS[i % len(DEMO_MEMBERS)])
        wait_until(lambda: rig.probe.done_at is not None, 10.0)
        rig.wait_idle()
        if i + 1 in (1, 10, N // 4, N // 2, N) or (i + 1) % 100 == 0:
            samples[i + 1] = proc_status()
print(json.dumps(samples), flush=True)
"""


def child(code: str, *args: str) -> Any:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=900,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(report: Report, *, quick: bool) -> None:
    n = 200 if quick else 1000
    bare = child(BARE)
    samples = {int(k): v for k, v in child(APP, str(n)).items()}
    first, last = samples[1], samples[n]
    growth_mb = (last["VmHWM"] - first["VmHWM"]) / 1024
    rss_growth_mb = (last["VmRSS"] - first["VmRSS"]) / 1024
    trail = ", ".join(f"{k}: {v['VmRSS'] / 1024:.1f}" for k, v in sorted(samples.items()))
    report.say(f"memory: RSS MB after lookups {trail}; threads {last['Threads']}")
    report.add(
        Row(
            f"Memory: peak RSS after 1 → {n} lookups",
            f"{first['VmHWM'] / 1024:.1f} → {last['VmHWM'] / 1024:.1f} MB "
            f"(growth {growth_mb:+.1f} MB; RSS {rss_growth_mb:+.1f} MB)",
            f"bare QMainWindow {bare['VmHWM'] / 1024:.1f} MB",
            f"{last['VmHWM'] / bare['VmHWM']:.2f}",
            f"growth ≤ {GROWTH_TARGET_MB:.0f} MB",
            growth_mb <= GROWTH_TARGET_MB,
            "app + in-process sandbox (demo mode); the sandbox keeps its last 10,000 request lines",
        )
    )


if __name__ == "__main__":
    r = Report()
    run(r, quick="--quick" in sys.argv)
    for row in r.rows:
        print(row)
