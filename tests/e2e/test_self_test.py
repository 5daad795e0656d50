"""``pos-profile --self-test`` from the source install, as store IT or CI runs it.

The command runs as a subprocess with its own config/log dirs. When the test run has a D-Bus
session (``.ci/run`` starts one with an unlocked gnome-keyring), the real keyring is checked.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, SandboxProcess, Till, command
from tests.helpers.pty_scanner import PtyScanner

pytestmark = pytest.mark.e2e

BUILD_CHECKS = (
    "qt",
    "config",
    "resources",
    "style",
    "icon",
    "translations",
    "sandbox data",
    "identifiers",
    "keyring",
    "scanner",
)
DEMO_CHECKS = (*BUILD_CHECKS, "tenant", "lookup")
TILL_CHECKS = (*BUILD_CHECKS, "base_url", "api key", "tenant", "contact type")
CHECKS = tuple(dict.fromkeys((*DEMO_CHECKS, *TILL_CHECKS)))
PERSONAL = ("Astrid", "Lindqvist", "7001234567", "198604122385", "astrid.lindqvist", "+46701740612")
DEMO_KEY = "sandbox-key"


def till_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("POS_PROFILE", "PYTHON_KEYRING"))
    }
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
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def lines_by_check(stdout: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in stdout.splitlines():
        tag, _, rest = line.partition(" ")
        name = rest.strip().split(":", 1)[0]
        if tag in ("ok", "skip", "FAIL") and name in CHECKS:
            found[name] = tag
    return found


def detail(stdout: str, name: str) -> str:
    for line in stdout.splitlines():
        tag, _, rest = line.partition(" ")
        if tag in ("ok", "skip", "FAIL") and rest.strip().startswith(f"{name}:"):
            return rest.strip()[len(name) + 1 :].strip()
    raise AssertionError(f"no {name!r} line in:\n{stdout}")


def test_demo_self_test_passes_and_reports_every_check(tmp_path: Path) -> None:
    result = run([*command(), "--self-test", "--demo"], till_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    tags = lines_by_check(result.stdout)
    assert set(tags) == set(DEMO_CHECKS), result.stdout
    for name in ("qt", "resources", "style", "icon", "sandbox data", "identifiers", "lookup"):
        assert tags[name] == "ok", result.stdout
    assert tags["tenant"] == "skip"
    assert "ok   lookup: demo member found, points shown" in result.stdout
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):  # .ci/run: a real, unlocked Secret Service
        assert "ok   keyring: backend keyring.backends.SecretService.Keyring" in result.stdout
    else:
        assert tags["keyring"] == "skip"
    assert result.stdout.rstrip().endswith("self-test passed")
    for text in PERSONAL:  # the demo member is compared, never printed
        assert text not in result.stdout + result.stderr


# ------------------------------------------------------------------ the till as configured


@pytest.fixture
def configured(till: Till, sandbox_process: SandboxProcess) -> Till:
    till.configure(sandbox_process.base_url)
    stored = till.run("credentials", "set", stdin=DEMO_KEY)
    assert stored.returncode == 0, stored.stderr
    return till


def self_test(till: Till) -> subprocess.CompletedProcess[str]:
    till.env["QT_QPA_PLATFORM"] = "offscreen"
    return till.run("--self-test", timeout=90)


def test_a_configured_till_passes_without_any_sandbox_lookup(
    configured: Till, sandbox_process: SandboxProcess
) -> None:
    result = self_test(configured)

    assert result.returncode == 0, result.stdout + result.stderr
    tags = lines_by_check(result.stdout)
    assert set(tags) == set(TILL_CHECKS), result.stdout
    for name in ("base_url", "api key", "tenant", "contact type"):
        assert tags[name] == "ok", result.stdout
    assert detail(result.stdout, "base_url") == sandbox_process.base_url
    assert detail(result.stdout, "contact type") == '"member" exists at the tenant'
    assert "lookup" not in tags  # the built-in sandbox is only used with --demo
    assert DEMO_KEY not in result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("self-test passed")


def test_a_wrong_key_fails_the_tenant_check(
    configured: Till, sandbox_process: SandboxProcess
) -> None:
    assert configured.run("credentials", "set", stdin="not-the-key").returncode == 0

    result = self_test(configured)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Engage refused the API key (HTTP 401)" in detail(result.stdout, "tenant")
    assert lines_by_check(result.stdout)["contact type"] == "skip"
    assert "not-the-key" not in result.stdout + result.stderr
    assert "self-test FAILED: tenant" in result.stdout


def test_an_unknown_contact_type_fails(configured: Till, sandbox_process: SandboxProcess) -> None:
    configured.configure(sandbox_process.base_url, contact_type="membr")

    result = self_test(configured)

    assert result.returncode == 1, result.stdout + result.stderr
    tags = lines_by_check(result.stdout)
    assert tags["tenant"] == "ok"
    assert tags["contact type"] == "FAIL"
    assert 'no contact type "membr"' in detail(result.stdout, "contact type")
    assert str(configured.config) in detail(result.stdout, "contact type")


def test_no_base_url_fails_and_names_the_file(till: Till) -> None:
    till.config.write_text('[display]\nlanguage = "en"\n')

    result = self_test(till)

    assert result.returncode == 1, result.stdout + result.stderr
    assert detail(result.stdout, "base_url") == (
        f"not set: set [engage] base_url in {till.config} (or press F10)"
    )
    tags = lines_by_check(result.stdout)
    assert tags["api key"] == tags["tenant"] == tags["contact type"] == "skip"


def test_no_stored_key_fails(till: Till, sandbox_process: SandboxProcess) -> None:
    till.configure(sandbox_process.base_url)

    result = self_test(till)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "none stored for" in detail(result.stdout, "api key")
    assert "pos-profile credentials set" in detail(result.stdout, "api key")


def test_an_unreachable_tenant_fails(till: Till) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    till.configure(base_url, connect_timeout_seconds=1.0)
    assert till.run("credentials", "set", stdin=DEMO_KEY).returncode == 0

    result = self_test(till)

    assert result.returncode == 1, result.stdout + result.stderr
    assert detail(result.stdout, "tenant").startswith(f"cannot reach 127.0.0.1:{port}")


def test_missing_resources_fail_with_a_clear_line(tmp_path: Path) -> None:
    empty = tmp_path / "resources"
    empty.mkdir()
    script = (
        "import sys, pathlib, pos_profile.paths as p\n"
        f"p.resources_dir = lambda: pathlib.Path({str(empty)!r})\n"
        "from pos_profile.cli import main\n"
        "sys.exit(main(['--self-test', '--demo']))\n"
    )
    result = run([sys.executable, "-c", script], till_env(tmp_path))

    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"FAIL resources: missing in {empty}: icons/pos-profile.svg, style/app.qss, "
        "sandbox/index.json"
    ) in result.stdout
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
    result = run([*command(), "--self-test", "--demo"], env)

    assert result.returncode == 1, result.stdout + result.stderr
    assert lines_by_check(result.stdout)["keyring"] == "FAIL"
    assert "FAIL keyring: No usable system keyring was found" in result.stdout
    assert "self-test FAILED: keyring" in result.stdout


def test_self_test_fails_on_a_broken_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[engage]\ncontct_type = "member"\n')
    env = {
        **os.environ,
        "POS_PROFILE_CONFIG": str(config),
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pos_profile", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 5
    assert "FAIL config" in result.stdout
    assert "did you mean contact_type" in result.stdout
    assert result.stderr.strip() == (
        f"pos-profile: {config}: [engage] contct_type: unknown key (did you mean contact_type?)"
    )


def test_the_serial_scanner_is_checked(
    configured: Till, sandbox_process: SandboxProcess, tmp_path: Path
) -> None:
    scanner = PtyScanner(tmp_path / "ttyScanner")
    try:
        with configured.config.open("a") as config:
            config.write(f'\n[scanner]\nsource = "serial"\nserial_port = "{scanner.link}"\n')
        result = self_test(configured)
        assert result.returncode == 0, result.stdout + result.stderr
        assert detail(result.stdout, "scanner") == f"serial {scanner.link} open"

        scanner.unplug()
        scanner.link.unlink()
        result = self_test(configured)
        assert result.returncode == 1
        assert detail(result.stdout, "scanner") == f"serial {scanner.link}: cannot open it"
    finally:
        scanner.unplug()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="evdev is Linux only")
def test_a_missing_evdev_scanner_fails_the_scanner_check(
    configured: Till, sandbox_process: SandboxProcess
) -> None:
    with configured.config.open("a") as config:
        config.write('\n[scanner]\nsource = "evdev"\nevdev_device = "name:No Such Scanner"\n')
    result = self_test(configured)
    assert result.returncode == 1
    assert detail(result.stdout, "scanner") == (
        "evdev name:No Such Scanner: no such input device is plugged in"
    )
