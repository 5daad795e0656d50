"""The rate-limited sandbox over real sockets: the client recovers from 429 with Retry-After,
points give way to profiles, and a small fleet on one key loses no lookup to its own 429s."""

from __future__ import annotations

import random
from collections.abc import Iterator

import httpx
import pytest

from pos_profile import errors
from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.sandbox.rate_limit import KeyRateLimit
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from tests.perf.bench_fleet import FleetPlan, run_fleet

MEMBER = Lookup(LookupKind.CUSTOM_KEY, "7001234567")
HEADERS = {"apikey": DEMO_API_KEY, "User-Agent": "test", "Content-Type": "application/json"}


@pytest.fixture
def limited_sandbox() -> Iterator[SandboxServer]:
    """One request a second per key, none saved up."""
    with SandboxServer(rate_limit=KeyRateLimit(1.0, 1.0)) as server:
        yield server


def test_the_sandbox_answers_429_with_retry_after_per_key(limited_sandbox: SandboxServer) -> None:
    url = limited_sandbox.base_url + "/api/v3/contactoverview"
    params = {"contactType": "member", "customKey": "7001234567"}
    with httpx.Client() as http:
        assert http.get(url, params=params, headers=HEADERS).status_code == 200
        refused = http.get(url, params=params, headers=HEADERS)
        other_key = http.get(url, params=params, headers={**HEADERS, "apikey": "another"})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["errorCode"] == "TooManyRequests"
    assert other_key.status_code == 401  # its own bucket: admitted, then refused as a bad key


def test_the_client_recovers_from_429_with_retry_after(limited_sandbox: SandboxServer) -> None:
    limit = limited_sandbox.rate_limit
    assert limit is not None
    with EngageClient(limited_sandbox.base_url, DEMO_API_KEY, rng=random.Random(3)) as client:
        client.contact_overview(MEMBER)  # takes the one token
        overview = client.contact_overview(MEMBER)  # 429, waits Retry-After + jitter, then 200
    assert overview.attributes.first_name == "Astrid"
    assert limit.refused == 1 and limit.admitted == 2


def test_points_give_way_to_the_next_profile(limited_sandbox: SandboxServer) -> None:
    limit = limited_sandbox.rate_limit
    assert limit is not None
    with EngageClient(limited_sandbox.base_url, DEMO_API_KEY, rng=random.Random(4)) as client:
        overview = client.contact_overview(MEMBER)
        assert overview.id
        with pytest.raises(errors.RateLimitedError) as busy:
            client.point_accounts(overview.id)  # 429: not retried, the client holds back
        assert "Scan again in a moment to see the points" in busy.value.message
        assert limit.refused == 1
        client.contact_overview(MEMBER)  # the next customer waits the hold out: no 429
        with pytest.raises(errors.RateLimitedError):
            client.point_accounts(overview.id)  # that profile took the second's only token
    assert limit.admitted == 2  # both profiles, each at its first attempt
    assert limit.refused == 2  # only the points
    assert client.rate_limit.times_limited == 2


def test_a_small_fleet_on_one_key_loses_no_lookup_to_its_own_429s() -> None:
    plan = FleetPlan(1_000, simulated=50, peak_s=1.5, outage_s=1.0, recovery_s=4.0, seed=3)
    before = run_fleet(plan, RetryPolicy.before_fleet(), "before")
    after = run_fleet(plan, RetryPolicy(), "fleet-aware")
    assert before.statuses[429] > 0  # the reconnect of every till at once does hit the limit
    assert len(after.lookups) > 10
    assert after.lost() == []
    assert after.share_429 < before.share_429
    assert after.probes_sent <= before.probes_sent
