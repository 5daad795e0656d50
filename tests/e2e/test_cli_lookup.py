"""``pos-profile lookup`` as an admin or a script uses it: output and exit codes.

The command and the sandbox both run as subprocesses, over a real loopback socket.
"""

from __future__ import annotations

import json
import socket

import pytest

from tests.e2e.conftest import SandboxProcess, Till

pytestmark = pytest.mark.e2e

DEMO_KEY = "sandbox-key"


@pytest.fixture
def configured(till: Till, sandbox_process: SandboxProcess) -> Till:
    till.configure(sandbox_process.base_url)
    stored = till.run("credentials", "set", stdin=DEMO_KEY + "\n")
    assert stored.returncode == 0, stored.stderr
    return till


def assert_one_line_error(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("pos-profile: ")
    assert "Traceback" not in stderr


def test_found_prints_the_profile(configured: Till) -> None:
    result = configured.run("lookup", "7001234567")
    assert result.returncode == 0, result.stderr
    assert "Astrid Lindqvist" in result.stdout
    assert "Guld" in result.stdout
    assert "1\u00a0240 points" in result.stdout or "1 240 points" in result.stdout
    assert "19860412-****" in result.stdout
    assert "198604122385" not in result.stdout  # the personal number is never shown whole


def test_json_output_has_profile_and_points(configured: Till) -> None:
    result = configured.run("lookup", "astrid.lindqvist@example.com", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["contact"]["attributes"]["firstName"] == "Astrid"
    assert (
        document["points"]["items"][0]["balance"] == "1240.0"
        or float(document["points"]["items"][0]["balance"]) == 1240
    )


def test_a_member_number_that_is_a_personnummer_is_found_by_member_number(
    configured: Till,
) -> None:
    text = configured.run("lookup", "7003151003")  # personnummer first (404), then member
    assert text.returncode == 0, text.stderr
    assert "Greta Holmgren" in text.stdout
    assert "Found by member number" in text.stdout
    as_json = json.loads(configured.run("lookup", "7003151003", "--json").stdout)
    assert as_json["foundBy"] == "customKey"
    by_ssn = configured.run("lookup", "8604122385")
    assert "Found by personal number" in by_ssn.stdout


def test_not_found_names_every_kind_asked(configured: Till) -> None:
    result = configured.run("lookup", "7003151011")
    assert result.returncode == 3
    assert_one_line_error(result.stderr)
    assert "No member found by personal number or member number" in result.stderr
    assert "7003151011" not in result.stderr


def test_json_masks_the_personal_number_as_the_panel_does(configured: Till) -> None:
    result = configured.run("lookup", "7001234567", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["contact"]["attributes"]["socialSecurityNumber"] == "19860412-****"
    assert "198604122385" not in result.stdout
    assert "2385" not in result.stdout.replace("-****", "")


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_protected_identity_prints_no_personal_data(configured: Till, as_json: bool) -> None:
    result = configured.run("lookup", "7002918833", *(["--json"] if as_json else []))
    assert result.returncode == 0, result.stderr
    for secret in ("kund.7002918833@example.com", "+46701740633", "0701740633", "Uppsalavägen"):
        assert secret not in result.stdout
    if as_json:
        attributes = json.loads(result.stdout)["contact"]["attributes"]
        assert attributes["secrecyMarked"] is True
        for key in ("firstName", "lastName", "email", "mobilePhone", "socialSecurityNumber"):
            assert key not in attributes
        for key in ("street", "zipCode", "city", "birthDay"):
            assert key not in attributes
        assert attributes["memberNumber"] == "7002918833"
    else:
        assert result.stdout.startswith("Protected identity")
        assert "  E-mail:" not in result.stdout and "  Mobile:" not in result.stdout


def test_phone_and_personal_number_are_classified(configured: Till) -> None:
    assert configured.run("lookup", "070-174 06 12").returncode == 0
    assert configured.run("lookup", "19860412-2385").returncode == 0


def test_local_validation_error_exits_2_without_asking_engage(configured: Till) -> None:
    result = configured.run("lookup", "19860412-2386")  # wrong check digit
    assert result.returncode == 2
    assert_one_line_error(result.stderr)
    assert "19860412" not in result.stderr


def test_engage_400_exits_2(configured: Till) -> None:
    result = configured.run("lookup", "7001234567", "--contact-type", "medlem")
    assert result.returncode == 2
    assert_one_line_error(result.stderr)
    assert "contact type" in result.stderr


def test_not_found_exits_3(configured: Till) -> None:
    result = configured.run("lookup", "7000000000")
    assert result.returncode == 3
    assert_one_line_error(result.stderr)
    assert "No member found" in result.stderr


def test_several_matches_exits_4(configured: Till) -> None:
    result = configured.run("lookup", "familjen.holm@example.com")
    assert result.returncode == 4
    assert_one_line_error(result.stderr)
    assert "3 members match" in result.stderr


def test_wrong_key_exits_5(till: Till, sandbox_process: SandboxProcess) -> None:
    till.configure(sandbox_process.base_url)
    assert till.run("credentials", "set", stdin="not-the-key").returncode == 0
    result = till.run("lookup", "7001234567")
    assert result.returncode == 5
    assert_one_line_error(result.stderr)
    assert "not-the-key" not in result.stderr + result.stdout
    # worded for store IT, who runs the command: what to do, not whom to ask
    assert result.stderr.startswith("pos-profile: Engage refused the API key (HTTP 401).")
    assert "`pos-profile credentials set`" in result.stderr
    assert "Ask store IT" not in result.stderr


def test_unknown_contact_type_is_worded_for_store_it(
    till: Till, sandbox_process: SandboxProcess
) -> None:
    till.configure(sandbox_process.base_url)
    assert till.run("credentials", "set", stdin=DEMO_KEY).returncode == 0
    result = till.run("lookup", "7001234567", "--contact-type", "membr")
    assert result.returncode == 2
    assert_one_line_error(result.stderr)
    assert "[engage] contact_type" in result.stderr


def test_no_key_exits_5(till: Till, sandbox_process: SandboxProcess) -> None:
    till.configure(sandbox_process.base_url)
    result = till.run("lookup", "7001234567")
    assert result.returncode == 5
    assert "credentials set" in result.stderr


def test_unconfigured_till_exits_5_and_names_the_setting(till: Till) -> None:
    del till.env["POS_PROFILE_CONFIG"]  # falls back to the (empty) user config dir
    result = till.run("lookup", "7001234567")
    assert result.returncode == 5
    assert_one_line_error(result.stderr)
    assert "base_url" in result.stderr
    assert str(till.home / ".config" / "pos-profile" / "config.toml") in result.stderr


def test_missing_explicit_config_file_exits_5(till: Till) -> None:
    result = till.run("lookup", "7001234567")  # $POS_PROFILE_CONFIG names a missing file
    assert result.returncode == 5
    assert_one_line_error(result.stderr)
    assert "config.toml" in result.stderr and "not found" in result.stderr


def test_server_down_exits_6(till: Till) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    till.configure(f"http://127.0.0.1:{port}")
    till.run("credentials", "set", stdin=DEMO_KEY)
    result = till.run("lookup", "7001234567")
    assert result.returncode == 6
    assert_one_line_error(result.stderr)
    assert "offline" in result.stderr.lower()


def test_debug_log_holds_no_key_and_no_personal_data(configured: Till) -> None:
    result = configured.run("lookup", "7001234567", "--log-level", "DEBUG")
    assert result.returncode == 0
    # the log file (DEBUG) holds neither the key nor the looked-up value
    logs = list(configured.home.rglob("*.log"))
    assert logs, "lookup writes a log file"
    text = "".join(path.read_text() for path in logs)
    assert DEMO_KEY not in text
    assert "7001234567" not in text
    assert "Astrid" not in text
