"""``pos-profile --self-test`` from the source install, as store IT or CI runs it.

The command runs as a subprocess with its own config/log dirs. When the test run has a D-Bus
session (``.ci/run`` starts one with an unlocked gnome-keyring), the real keyring is checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, command

pytestmark = pytest.mark.e2e

CHECKS = ("qt", "config", "resources", "style", "icon", "translations", "sandbox data",
          "identifiers", "keyring", "lookup")
PERSONAL = ("Astrid", "Lindqvist", "7001234567", "198604122385", "astrid.lindqvist",
            "+46701740612")


def till_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("POS_PROFILE", "PYTHON_KEYRING"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=str(REPO),
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=90,
                          stdin=subprocess.DEVNULL, check=False)


def lines_by_check(stdout: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in stdout.splitlines():
        tag, _, rest = line.partition(" ")
        name = rest.strip().split(":", 1)[0]
        if tag in ("ok", "skip", "FAIL") and name in CHECKS:
            found[name] = tag
    return found


def test_self_test_passes_and_reports_every_check(tmp_path: Path) -> None:
    result = run([*command(), "--self-test"], till_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    tags = lines_by_check(result.stdout)
    assert set(tags) == set(CHECKS), result.stdout
    for name in ("qt", "resources", "style", "icon", "sandbox data", "identifiers", "lookup"):
        assert tags[name] == "ok", result.stdout
    assert "ok   lookup: demo member found, points shown" in result.stdout
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):  # .ci/run: a real, unlocked Secret Service
        assert "ok   keyring: backend keyring.backends.SecretService.Keyring" in result.stdout
    else:
        assert tags["keyring"] == "skip"
    assert result.stdout.rstrip().endswith("self-test passed")
    for text in PERSONAL:  # the demo member is compared, never printed
        assert text not in result.stdout + result.stderr


def test_missing_resources_fail_with_a_clear_line(tmp_path: Path) -> None:
    empty = tmp_path / "resources"
    empty.mkdir()
    script = (
        "import sys, pathlib, pos_profile.paths as p\n"
        f"p.resources_dir = lambda: pathlib.Path({str(empty)!r})\n"
        "from pos_profile.cli import main\n"
        "sys.exit(main(['--self-test']))\n"
    )
    result = run([sys.executable, "-c", script], till_env(tmp_path))

    assert result.returncode == 1, result.stdout + result.stderr
    assert (f"FAIL resources: missing in {empty}: icons/pos-profile.svg, style/app.qss, "
            "sandbox/index.json") in result.stdout
    tags = lines_by_check(result.stdout)
    assert tags["lookup"] == "FAIL"  # the sandbox has no data to serve
    assert tags["identifiers"] == "ok"  # the other checks still ran
    assert "self-test FAILED: " in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_fail_backend_is_a_failure_where_a_keyring_is_expected(tmp_path: Path) -> None:
    env = till_env(
        tmp_path,
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'no-bus'}",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    result = run([*command(), "--self-test"], env)

    assert result.returncode == 1, result.stdout + result.stderr
    assert lines_by_check(result.stdout)["keyring"] == "FAIL"
    assert "FAIL keyring: No usable system keyring was found" in result.stdout
    assert "self-test FAILED: keyring" in result.stdout


def test_self_test_fails_on_a_broken_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[engage]\ncontct_type = "member"\n')
    env = {**os.environ, "POS_PROFILE_CONFIG": str(config), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "pos_profile", "--self-test"], capture_output=True, text=True,
        env=env, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert "FAIL config" in result.stdout
    assert "did you mean contact_type" in result.stdout
