"""``pos-profile sandbox --rate-limit N``: the installed command enforces a per-key limit."""

from __future__ import annotations

import subprocess

import httpx

from tests.e2e.conftest import Till, command

HEADERS = {"apikey": "sandbox-key", "User-Agent": "e2e", "Content-Type": "application/json"}


def test_the_sandbox_refuses_requests_beyond_the_limit_with_retry_after(till: Till) -> None:
    env = {key: value for key, value in till.env.items() if key != "POS_PROFILE_CONFIG"}
    process = subprocess.Popen(
        [*command(), "sandbox", "--port", "0", "--rate-limit", "1", "--rate-burst", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "listening on" in line
        url = line.split("listening on", 1)[1].split()[0] + "/api/v3/contactoverview"
        params = {"contactType": "member", "customKey": "7001234567"}
        with httpx.Client() as http:
            statuses = [http.get(url, params=params, headers=HEADERS) for _ in range(3)]
        assert [r.status_code for r in statuses] == [200, 200, 429]
        assert statuses[2].headers["retry-after"] == "1"
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_a_rate_limit_below_one_is_refused(till: Till) -> None:
    env = {key: value for key, value in till.env.items() if key != "POS_PROFILE_CONFIG"}
    done = subprocess.run(
        [*command(), "sandbox", "--port", "0", "--rate-limit", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert done.returncode == 2
    assert "--rate-limit: must be at least 1" in done.stderr
