"""Benchmark 2: cold start to "ready to scan", in fresh subprocesses, vs a bare QMainWindow.

App child: ``pos_profile.cli.main(["--quit-after", "60"])`` — the real entry point (logging,
settings from a config file, the key from a keyring, the window) against a sandbox in the
parent process. ``app.build`` is wrapped only to watch it: the child prints ``shown`` at the
first idle turn of the event loop after the window is shown, and ``ready`` at the first idle
turn after the start-up task connected (the window says "Ready to scan"; a scan now works).
Baseline child: QApplication + a 900×680 QMainWindow shown, ``ready`` at the first idle turn.
Times are taken in the parent from ``Popen`` to the line arriving. ``--quit-after`` makes
the app skip the single-instance check and the saved geometry, as in a headless check.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.helpers.app_rig import Report, Row

REPO = Path(__file__).resolve().parents[2]
RATIO_TARGET = 1.3

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(900, 680); w.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""

APP = """
import sys
from pos_profile import cli
from pos_profile.gui import app as app_module
from PySide6.QtCore import QTimer
original = app_module.build
def build(*args, **kwargs):
    application = original(*args, **kwargs)
    QTimer.singleShot(0, lambda: print("shown", flush=True))
    def finished(channel, token, result):
        if channel == app_module.STARTUP:
            QTimer.singleShot(0, lambda: (print("ready", application.window.state().value,
                                                flush=True), application.qapp.quit()))
    def failed(channel, token, error):
        if channel == app_module.STARTUP:
            print("failed", type(error).__name__, flush=True)
            application.qapp.quit()
    application.runner.finished.connect(finished)
    application.runner.failed.connect(failed)
    return application
app_module.build = build
sys.exit(cli.main(["--quit-after", "60"]))
"""


def environment(base_url: str, tmp: Path) -> dict[str, str]:
    from pos_profile.credentials import CredentialStore
    from pos_profile.sandbox.server import DEMO_API_KEY

    home = tmp / "home"
    home.mkdir(exist_ok=True)
    (tmp / "config.toml").write_text(f'[engage]\nbase_url = "{base_url}"\n')
    user = CredentialStore(base_url).user
    (tmp / "keyring.json").write_text(json.dumps({f"pos-profile\n{user}": DEMO_API_KEY}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POS_PROFILE", "XDG_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        POS_PROFILE_CONFIG=str(tmp / "config.toml"),
        PYTHON_KEYRING_BACKEND="tests.helpers.file_keyring.FileKeyring",
        POS_PROFILE_TEST_KEYRING=str(tmp / "keyring.json"),
    )
    return env


def time_child(code: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from Popen to each line the child prints (first word = the mark)."""
    marks: dict[str, float] = {}
    t0 = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=REPO,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            word = line.split()[0] if line.split() else ""
            marks.setdefault(word, time.perf_counter() - t0)
            if word == "ready" and line.split()[1:] not in ([], ["ready"]):
                raise AssertionError(f"app was not ready to scan: {line.strip()}")
            if word in ("ready", "failed"):
                break
        proc.wait(30)
    if "ready" not in marks:
        raise AssertionError(f"child never became ready: {marks}")
    return marks


def import_profile(env: dict[str, str], top: int = 12) -> list[tuple[float, str]]:
    """Cumulative import times (ms) of the heaviest non-Qt modules the app imports at start."""
    out = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import pos_profile.cli, pos_profile.gui.app, pos_profile.settings, pos_profile.logs",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    )
    rows: list[tuple[float, str]] = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
        depth = len(name) - len(name.lstrip())
        if depth <= 3:  # the modules the app imports itself, and their direct imports
            rows.append((float(cumulative_us) / 1000, name.strip()))
    return sorted(rows, reverse=True)[:top]


def run(report: Report, *, quick: bool) -> None:
    from tests.helpers.fault_matrix import new_sandbox

    rounds = 5 if quick else 9
    sandbox = new_sandbox()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = environment(sandbox.base_url, Path(tmp))
            bare_env = dict(env)
            time_child(BARE, bare_env)  # warm the OS file cache for both
            time_child(APP, env)
            bare: list[float] = []
            shown: list[float] = []
            ready: list[float] = []
            for _ in range(rounds):
                bare.append(time_child(BARE, bare_env)["ready"])
                marks = time_child(APP, env)
                shown.append(marks.get("shown", float("nan")))
                ready.append(marks["ready"])
            b = statistics.median(bare) * 1000
            s = statistics.median(shown) * 1000
            r = statistics.median(ready) * 1000
            report.add(
                Row(
                    f"Cold start → ready to scan (median of {rounds})",
                    f"window shown {s:.0f} ms; ready to scan (connected) {r:.0f} ms",
                    f"bare QMainWindow {b:.0f} ms",
                    f"{r / b:.2f} (shown: {s / b:.2f})",
                    f"≤ {RATIO_TARGET}",
                    r / b <= RATIO_TARGET,
                    "fresh `python` subprocess each; real entry point with config + keyring",
                )
            )
            if r / b > RATIO_TARGET:
                heavy = import_profile(env)
                report.say(
                    "heaviest start-up imports (cumulative ms): "
                    + ", ".join(f"{name} {ms:.0f}" for ms, name in heavy)
                )
    finally:
        sandbox.stop()


if __name__ == "__main__":
    rep = Report()
    run(rep, quick=True)
    for row in rep.rows:
        print(row)
