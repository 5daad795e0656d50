"""``pos-profile redeem`` as support or a script uses it: every exit code, over real sockets.

The command runs as a subprocess; the sandbox runs in this process (a real loopback server)
so that a test can give it faults and count the POSTs it received.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pos_profile.sandbox import redemption as endpoints
from pos_profile.sandbox.faults import Fault
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from tests.e2e.conftest import Till

pytestmark = pytest.mark.e2e

ASTRID = "50a74cff-026f-4c84-aa8f-f5f8d837115f"
USABLE = "f99e6ae5-c3c7-4558-bad3-67d4ab3e1d35"
ALREADY_REDEEMED = "448fdfc9-b282-4097-9f1b-fb255eef1f8d"
POS_PROMOTION = "1ea7b5e5-1fe5-4838-927f-92fd7d21e6ef"
UNKNOWN_VOUCHER = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


def configure(till: Till, base_url: str, *, enabled: bool = True) -> Till:
    redeem = '[redeem]\nenabled = true\nstore = "0042"\n' if enabled else ""
    till.config.write_text(f'[engage]\nbase_url = "{base_url}"\n\n{redeem}')
    stored = till.run("credentials", "set", stdin=DEMO_API_KEY + "\n")
    assert stored.returncode == 0, stored.stderr
    return till


@pytest.fixture
def configured(till: Till, sandbox: SandboxServer) -> Till:
    return configure(till, sandbox.base_url)


def posts(server: SandboxServer) -> list[str]:
    return [target for method, target in server.requests if method == "POST"]


def gets(server: SandboxServer) -> list[str]:
    return [target for method, target in server.requests if method == "GET"]


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("pos-profile: ")
    assert "Traceback" not in stderr
    return lines[0]


def test_a_usable_voucher_is_redeemed_once(configured: Till, sandbox: SandboxServer) -> None:
    result = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("redeemed: Voucher redeemed.")
    assert posts(sandbox) == [f"/api/v3/reward-vouchers/{USABLE}/redeem"]
    assert gets(sandbox) == [f"/api/v3/reward-vouchers/available?contactId={ASTRID}"]

    again = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert again.returncode == 4
    assert "already redeemed" in one_error_line(again.stderr)
    assert len(posts(sandbox)) == 1  # the live check refused it: no second POST


def test_a_lost_answer_is_checked_and_reported_redeemed(
    configured: Till, sandbox: SandboxServer
) -> None:
    sandbox.faults.set(endpoints.REDEEM_VOUCHER, Fault.ANSWER_LOST, times=1)
    result = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("redeemed: ")
    assert "a check shows it went through" in result.stdout
    assert posts(sandbox) == [f"/api/v3/reward-vouchers/{USABLE}/redeem"]
    assert gets(sandbox)[-1] == f"/api/v3/reward-vouchers?contactId={ASTRID}"  # the follow-up


def test_a_promotion_is_redeemed_for_the_till(configured: Till, sandbox: SandboxServer) -> None:
    result = configured.run("redeem", "promotion", POS_PROMOTION, "--contact-id", ASTRID)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("redeemed: Offer redeemed.")
    assert posts(sandbox) == [f"/api/v3/promotion-assignments/{POS_PROMOTION}/redeem"]


def test_undo_reactivates_the_voucher(configured: Till, sandbox: SandboxServer) -> None:
    assert configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID).returncode == 0
    undo = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID, "--undo")
    assert undo.returncode == 0, undo.stderr
    assert undo.stdout.startswith("undone: ")
    assert posts(sandbox)[-1] == f"/api/v3/reward-vouchers/{USABLE}/reactivate"
    nothing = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID, "--undo")
    assert nothing.returncode == 4
    assert "nothing to undo" in one_error_line(nothing.stderr)


def test_an_invalid_contact_id_exits_2(configured: Till, sandbox: SandboxServer) -> None:
    result = configured.run("redeem", "voucher", USABLE, "--contact-id", "not-a-guid")
    assert result.returncode == 2
    assert "contact id" in one_error_line(result.stderr)
    assert posts(sandbox) == []


def test_an_unknown_voucher_exits_3(configured: Till, sandbox: SandboxServer) -> None:
    result = configured.run("redeem", "voucher", UNKNOWN_VOUCHER, "--contact-id", ASTRID)
    assert result.returncode == 3
    assert "no such voucher" in one_error_line(result.stderr)
    assert posts(sandbox) == []


def test_a_redeemed_voucher_exits_4_without_a_post(
    configured: Till, sandbox: SandboxServer
) -> None:
    result = configured.run("redeem", "voucher", ALREADY_REDEEMED, "--contact-id", ASTRID)
    assert result.returncode == 4
    assert "already redeemed" in one_error_line(result.stderr)
    assert posts(sandbox) == []


def test_redemption_is_off_by_default(till: Till, sandbox: SandboxServer) -> None:
    configure(till, sandbox.base_url, enabled=False)
    result = till.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 5
    assert "[redeem] enabled" in one_error_line(result.stderr)
    assert sandbox.requests == []


def test_a_refused_key_exits_5(configured: Till, sandbox: SandboxServer) -> None:
    sandbox.faults.set("*", Fault.UNAUTHORIZED)
    result = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 5
    one_error_line(result.stderr)
    assert posts(sandbox) == []


def test_a_broken_named_config_exits_5(till: Till, sandbox: SandboxServer) -> None:
    broken = till.home / "broken.toml"
    broken.write_text("[redeem]\nenabled = maybe\n")
    result = till.run("--config", str(broken), "redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 5
    assert "broken.toml" in one_error_line(result.stderr)
    assert sandbox.requests == []


def test_an_unknown_outcome_exits_6_and_says_to_check_in_engage(
    configured: Till, sandbox: SandboxServer
) -> None:
    sandbox.faults.set(endpoints.REDEEM_VOUCHER, Fault.ANSWER_LOST, times=1)
    sandbox.faults.set(endpoints.ALL_VOUCHERS, Fault.HTML_502)  # the follow-up cannot tell
    result = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 6
    assert "Check in Engage before trying again" in one_error_line(result.stderr)
    assert len(posts(sandbox)) == 1


def test_a_server_error_before_the_post_exits_7(configured: Till, sandbox: SandboxServer) -> None:
    sandbox.faults.set(endpoints.AVAILABLE_VOUCHERS, Fault.SERVER_ERROR)
    result = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 7
    assert "Nothing was redeemed" in one_error_line(result.stderr)
    assert posts(sandbox) == []


def test_the_audit_log_names_item_store_and_result_only(
    configured: Till, sandbox: SandboxServer
) -> None:
    result = configured.run("redeem", "voucher", USABLE, "--contact-id", ASTRID)
    assert result.returncode == 0, result.stderr
    (log_file,) = configured.home.glob(".local/state/pos-profile/log/pos-profile.log")
    text = log_file.read_text(encoding="utf-8")
    assert f"redeem attempt: kind=voucher item={USABLE} store=0042" in text
    assert f"redeem outcome: kind=voucher item={USABLE} store=0042 result=redeemed" in text
    assert ASTRID not in text
    assert DEMO_API_KEY not in text
