"""The admin's key workflow against a REAL Secret Service (gnome-keyring over D-Bus).

`credentials set` (stdin) → `status` → `lookup` uses the stored key → `clear` → `lookup`
exits 5. Runs inside .ci/run's D-Bus session with an unlocked gnome-keyring; skipped
elsewhere (fails in CI if the session is missing).
"""

from __future__ import annotations

import secrets

import pytest

from tests.e2e.conftest import SandboxProcess, Till

pytestmark = [pytest.mark.secretservice, pytest.mark.e2e]


@pytest.fixture
def real_keyring_till(till: Till) -> Till:
    till.env.pop("PYTHON_KEYRING_BACKEND", None)  # the platform's own backend
    return till


def test_key_lives_only_in_the_secret_service(
    real_keyring_till: Till, sandbox_process: SandboxProcess
) -> None:
    till = real_keyring_till
    # The sandbox accepts only its key; a per-run tenant port keeps parallel runs apart.
    till.configure(sandbox_process.base_url)
    outputs: list[str] = []

    def run(*args: str, stdin: str | None = None) -> int:
        result = till.run(*args, "--log-level", "DEBUG", stdin=stdin)
        outputs.append(result.stdout + result.stderr)
        return result.returncode

    assert run("credentials", "clear") == 0
    assert run("credentials", "set", stdin="sandbox-key\n") == 0
    assert run("credentials", "status") == 0
    assert "SecretService" in outputs[-1]
    assert "stored" in outputs[-1]

    assert run("lookup", "7001234567") == 0
    assert "Astrid Lindqvist" in outputs[-1]

    assert run("credentials", "clear") == 0
    assert run("credentials", "status") == 5
    assert run("lookup", "7001234567") == 5
    assert "credentials set" in outputs[-1]

    # the key is nowhere but the keyring: not in output, config, logs or any file in HOME
    everything = "\n".join(outputs)
    assert "sandbox-key" not in everything
    assert "sandbox-key" not in till.config.read_text()
    for path in till.home.rglob("*"):
        if path.is_file() and "keyrings" not in path.parts:
            assert b"sandbox-key" not in path.read_bytes(), path
    logs = "".join(p.read_text() for p in till.home.rglob("*.log"))
    assert logs, "the commands write a log file"
    assert "7001234567" not in logs
    assert "Astrid" not in logs


def test_a_random_key_round_trips_through_the_cli(real_keyring_till: Till) -> None:
    till = real_keyring_till
    till.configure(f"https://it-{secrets.token_hex(4)}.pos-profile.invalid")
    key = "k-" + secrets.token_urlsafe(40)
    assert till.run("credentials", "set", stdin=key).returncode == 0
    status = till.run("credentials", "status")
    assert status.returncode == 0
    assert key not in status.stdout + status.stderr
    assert till.run("credentials", "clear").returncode == 0
