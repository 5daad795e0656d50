"""One ``--config`` rule for every command, as store IT types them (subprocesses, real sockets).

``--config PATH`` and ``--log-level`` mean the same before and after any sub-command; a file
named by ``--config`` or ``$POS_PROFILE_CONFIG`` that is missing or broken fails every
command with exit 5 and one stderr line naming the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import SandboxProcess, Till

pytestmark = pytest.mark.e2e

DEMO_KEY = "sandbox-key"
OTHER_TENANT = "https://other-tenant.example.com"


def placed(where: str, command: list[str], option: list[str]) -> list[str]:
    """``option`` before the sub-command (``before``) or after it (``after``)."""
    return [*option, *command] if where == "before" else [*command, *option]


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def two_tenants(till: Till, sandbox_process: SandboxProcess, tmp_path: Path) -> Path:
    """The default config points at another tenant; ``prod.toml`` at the sandbox."""
    till.configure(OTHER_TENANT)
    prod = tmp_path / "prod.toml"
    prod.write_text(f'[engage]\nbase_url = "{sandbox_process.base_url}"\n')
    return prod


@pytest.mark.parametrize("where", ["before", "after"])
def test_credentials_set_status_clear_use_the_named_file(
    where: str, till: Till, two_tenants: Path, sandbox_process: SandboxProcess
) -> None:
    config = ["--config", str(two_tenants)]

    stored = till.run(*placed(where, ["credentials", "set"], config), stdin=DEMO_KEY)
    assert stored.returncode == 0, stored.stderr
    assert sandbox_process.base_url in stored.stdout

    status = till.run(*placed(where, ["credentials", "status"], config))
    assert status.returncode == 0, status.stdout + status.stderr
    assert f"base_url: {sandbox_process.base_url}" in status.stdout
    assert "api key:  stored" in status.stdout
    # the default config's tenant was not touched
    assert till.run("credentials", "status").returncode == 5

    found = till.run(*placed(where, ["lookup", "7001234567"], config))
    assert found.returncode == 0, found.stderr
    assert "Astrid Lindqvist" in found.stdout

    cleared = till.run(*placed(where, ["credentials", "clear"], config))
    assert cleared.returncode == 0, cleared.stderr
    assert till.run(*placed(where, ["credentials", "status"], config)).returncode == 5


COMMANDS = {
    "credentials set": ["credentials", "set"],
    "credentials status": ["credentials", "status"],
    "credentials clear": ["credentials", "clear"],
    "lookup": ["lookup", "7001234567"],
    "sandbox": ["sandbox", "--port", "0"],
    "--self-test": ["--self-test"],
    "--demo": ["--demo", "--quit-after", "0.1"],
    "--scanner-test": ["--scanner-test", "--quit-after", "0.1"],
}


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_missing_named_file_fails_every_command(
    name: str, where: str, till: Till, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.toml"
    till.env["QT_QPA_PLATFORM"] = "offscreen"

    result = till.run(
        *placed(where, COMMANDS[name], ["--config", str(missing)]),
        stdin=DEMO_KEY if name == "credentials set" else None,
    )

    assert result.returncode == 5, result.stdout + result.stderr
    assert one_error_line(result.stderr) == f"pos-profile: {missing}: config file not found"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_broken_file_from_the_environment_fails_every_command(name: str, till: Till) -> None:
    till.config.write_text('[engage]\nbase_url = "https://tenant.voyado.com"\nlanguage = 1\n')
    till.env["QT_QPA_PLATFORM"] = "offscreen"

    result = till.run(*COMMANDS[name], stdin=DEMO_KEY if name == "credentials set" else None)

    assert result.returncode == 5, result.stdout + result.stderr
    line = one_error_line(result.stderr)
    assert line.startswith(f"pos-profile: {till.config}: [engage] language: unknown key")


def test_the_window_shows_a_broken_file_and_exits_5(till: Till) -> None:
    till.config.write_text("[engage\n")
    till.env["QT_QPA_PLATFORM"] = "offscreen"
    shot = till.home / "shot.png"

    result = till.run("--screenshot", str(shot), "--quit-after", "0.5")

    assert result.returncode == 5, result.stdout + result.stderr
    ours = [line for line in result.stderr.splitlines() if line.startswith("pos-profile:")]
    assert len(ours) == 1, result.stderr  # (the offscreen Qt plugin adds notes of its own)
    assert ours[0].startswith(f"pos-profile: {till.config} line 1:")
    assert "Traceback" not in result.stderr
    assert shot.is_file()  # the cashier saw the window (it says "Loyalty needs store IT")


@pytest.mark.parametrize("where", ["before", "after"])
def test_log_level_is_accepted_on_both_sides(where: str, till: Till, two_tenants: Path) -> None:
    option = ["--log-level", "debug", "--config", str(two_tenants)]
    result = till.run(*placed(where, ["credentials", "status"], option))
    assert result.returncode == 5, result.stderr  # no key yet: exit 5, but the options parsed
    assert "api key:  not stored" in result.stdout


def test_an_unknown_log_level_is_refused_by_the_parser(till: Till) -> None:
    result = till.run("credentials", "status", "--log-level", "loud")
    assert result.returncode == 2
    assert "must be one of DEBUG, INFO, WARNING, ERROR" in result.stderr


def test_sandbox_prints_what_an_admin_needs(till: Till, sandbox_process: SandboxProcess) -> None:
    # the fixture read the first line; the rest of the banner follows at once
    assert sandbox_process.process.stdout is not None
    banner = [sandbox_process.process.stdout.readline() for _ in range(11)]
    text = "".join(banner)
    assert f"API key:       {DEMO_KEY}" in text
    assert "contact types: member, contact" in text
    assert f'base_url = "{sandbox_process.base_url}"' in text
    assert 'contact_type = "member"' in text
