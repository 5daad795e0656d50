"""The frozen one-folder bundle (``packaging/build.py``) as a till runs it.

Skipped unless ``POS_PROFILE_BUNDLE`` names a built bundle dir (``dist/pos-profile``), or
several separated by ``os.pathsep`` (each is checked); ``packaging/ci_build_and_smoke.sh``
builds one, and ``.ci/run`` exports the variable with one bundle per Python it built with
(the venv's, and ``/usr/bin/python3``'s when that is another interpreter).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BUNDLES = [entry for entry in os.environ.get("POS_PROFILE_BUNDLE", "").split(os.pathsep) if entry]


@pytest.fixture(params=BUNDLES or [""], ids=lambda entry: Path(entry).parent.name or "none")
def exe(request: pytest.FixtureRequest) -> Path:
    bundle = request.param
    if not bundle:
        pytest.skip("POS_PROFILE_BUNDLE is not set (packaging/ci_build_and_smoke.sh sets it)")
    name = "pos-profile-cli.exe" if sys.platform == "win32" else "pos-profile"
    path = Path(bundle) / name
    assert path.is_file(), f"POS_PROFILE_BUNDLE entry {bundle} has no {name}"
    return path


def till_env(tmp_path: Path) -> dict[str, str]:
    """No Python path, no source tree: the bundle must carry everything itself."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("POS_PROFILE", "PYTHON"))
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return env


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        env=till_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_frozen_self_test_passes(exe: Path, tmp_path: Path) -> None:
    result = run([str(exe), "--self-test", "--demo"], tmp_path)  # the sandbox, not a tenant

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok   resources: {exe.parent.resolve()}" in result.stdout  # not the checkout's
    assert "ok   icon:" in result.stdout  # the SVG plugin survived the Qt filter
    assert "ok   identifiers:" in result.stdout  # phonenumbers metadata and stdnum are in
    assert "ok   lookup: demo member found, points shown" in result.stdout
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):  # keyring backends survived freezing
        assert "ok   keyring: backend keyring.backends.SecretService.Keyring" in result.stdout
    assert result.stdout.rstrip().endswith("self-test passed")


def test_frozen_demo_renders_a_screenshot(exe: Path, tmp_path: Path) -> None:
    png = tmp_path / "demo.png"
    result = run([str(exe), "--demo", "--screenshot", str(png), "--quit-after", "2"], tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 5000  # a rendered window, not an empty image
    assert "Traceback" not in result.stderr


def test_frozen_version_matches_the_source(exe: Path, tmp_path: Path) -> None:
    import pos_profile

    result = run([str(exe), "--version"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"pos-profile {pos_profile.__version__}"
