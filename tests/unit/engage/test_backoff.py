"""Jittered backoff, Retry-After with jitter, the client's 429 memory, deferred points and the
warm-up that costs the shared key nothing extra. Seeded RNGs, a fake clock, no sleeps."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import httpx
import pytest

from pos_profile import errors
from pos_profile.engage.backoff import (
    Jitter,
    RateLimitMemory,
    backoff_delay,
    deferred_delay,
    retry_after_delay,
)
from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.lookup import Lookup, LookupKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MEMBER = Lookup(LookupKind.CUSTOM_KEY, "7001234567")
CONTACT_ID = "50a74cff-026f-4c84-aa8f-f5f8d837115f"
PROFILE = (FIXTURES / "contactoverview-member-full.json").read_bytes()
POINTS = (FIXTURES / "point-accounts.json").read_bytes()


class FakeTime:
    """A clock that a fake sleep moves on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Engage:
    """A MockTransport handler: answers from a script per path, records every request."""

    def __init__(self, **script: list[httpx.Response]) -> None:
        self.script = script
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[1].replace("-", "_")
        self.paths.append(name)
        answers = self.script[name]
        return answers.pop(0) if len(answers) > 1 else answers[0]


def client_for(
    engage: Engage, fake: FakeTime, policy: RetryPolicy | None = None, seed: int = 1
) -> EngageClient:
    return EngageClient(
        "https://tenant.voyado.com",
        "key",
        transport=httpx.MockTransport(engage),
        sleep=fake.sleep,
        clock=fake.clock,
        rng=random.Random(seed),
        retry=policy,
    )


def limited(retry_after: str | None = "1") -> httpx.Response:
    headers = {"retry-after": retry_after} if retry_after else {}
    return httpx.Response(429, headers=headers)


# --------------------------------------------------------------------------- the waits


def test_full_jitter_stays_under_the_exponential_cap_and_spreads_tills() -> None:
    for attempt, cap in ((1, 0.25), (2, 0.5), (3, 1.0)):
        waits = [backoff_delay(attempt, 0.25, Jitter.FULL, random.Random(i)) for i in range(200)]
        assert all(0.0 <= w <= cap for w in waits)
        slots = Counter(int(w / cap * 20) for w in waits)  # 20 slots of 5 % of the cap each
        assert max(slots.values()) <= 25  # 200 tills do not retry together (10 a slot on average)
        assert min(waits) < cap * 0.1 and max(waits) > cap * 0.9


def test_the_old_policy_retried_within_25_percent_of_the_cap() -> None:
    waits = [backoff_delay(2, 0.25, Jitter.PROPORTIONAL, random.Random(i)) for i in range(100)]
    assert all(0.5 <= w <= 0.625 for w in waits)  # every till within 125 ms: in step


def test_the_same_seed_gives_the_same_waits() -> None:
    assert backoff_delay(3, 0.25, Jitter.FULL, random.Random(5)) == backoff_delay(
        3, 0.25, Jitter.FULL, random.Random(5)
    )


def test_retry_after_gets_a_random_part_on_top() -> None:
    waits = [retry_after_delay(1.0, 1.0, random.Random(i)) for i in range(200)]
    assert all(1.0 <= w <= 2.0 for w in waits)
    assert len({round(w, 2) for w in waits}) > 80
    long = [retry_after_delay(10.0, 1.0, random.Random(i)) for i in range(50)]
    assert all(10.0 <= w <= 20.0 for w in long)  # the spread grows with the wait asked for


def test_retry_after_exactly_without_spread_and_one_second_when_engage_sends_none() -> None:
    assert retry_after_delay(3.0, 0.0, random.Random(1)) == 3.0
    assert retry_after_delay(None, 0.0, random.Random(1)) == 1.0
    assert 1.0 <= retry_after_delay(None, 1.0, random.Random(1)) <= 2.0


def test_deferred_points_wait_longer_than_the_hold() -> None:
    waits = [deferred_delay(1.0, 1.0, random.Random(i)) for i in range(100)]
    assert all(1.0 <= w <= 3.0 for w in waits)


def test_the_memory_holds_back_until_the_longest_429_says() -> None:
    fake = FakeTime()
    memory = RateLimitMemory(fake.clock)
    assert memory.hold_seconds() == 0.0
    memory.limited_for(2.0)
    memory.limited_for(0.5)  # a shorter hold does not shorten the longer one
    assert memory.hold_seconds() == pytest.approx(2.0)
    fake.sleep(1.5)
    assert memory.hold_seconds() == pytest.approx(0.5)
    fake.sleep(1.0)
    assert memory.hold_seconds() == 0.0
    assert memory.times_limited == 2


# --------------------------------------------------------------------------- the client


def test_a_lookup_after_a_429_waits_retry_after_with_jitter_and_is_shown() -> None:
    engage = Engage(contactoverview=[limited("1"), httpx.Response(200, content=PROFILE)])
    fake = FakeTime()
    overview = client_for(engage, fake).contact_overview(MEMBER)
    assert overview.attributes.first_name == "Astrid"
    (pause,) = fake.sleeps
    assert 1.0 <= pause <= 2.0
    assert engage.paths == ["contactoverview", "contactoverview"]


def test_points_are_not_retried_after_a_429_and_the_next_lookup_waits_instead() -> None:
    engage = Engage(
        contactoverview=[httpx.Response(200, content=PROFILE)],
        point_accounts=[limited("1"), httpx.Response(200, content=POINTS)],
    )
    fake = FakeTime()
    client = client_for(engage, fake)
    client.contact_overview(MEMBER)
    with pytest.raises(errors.RateLimitedError) as info:
        client.point_accounts(CONTACT_ID)
    assert info.value.message == (
        "Loyalty is busy right now. Scan again in a moment to see the points."
    )
    assert engage.paths == ["contactoverview", "point_accounts"]  # no retry of the points
    assert fake.sleeps == []
    client.contact_overview(MEMBER)  # the next customer: waits the hold out, then asks once
    (hold,) = fake.sleeps
    assert 1.0 <= hold <= 2.0
    assert engage.paths[-1] == "contactoverview"
    assert client.rate_limit.times_limited == 1


def test_points_are_deferred_behind_a_hold_and_then_fetched() -> None:
    engage = Engage(
        contactoverview=[limited("1"), httpx.Response(200, content=PROFILE)],
        point_accounts=[httpx.Response(200, content=POINTS)],
    )
    fake = FakeTime()
    client = client_for(engage, fake, RetryPolicy(max_attempts=1, budget_seconds=10))
    with pytest.raises(errors.RateLimitedError):  # one attempt: the lookup ends "busy"
        client.contact_overview(MEMBER)
    hold = client.rate_limit.hold_seconds()
    assert 1.0 <= hold <= 2.0
    accounts = client.point_accounts(CONTACT_ID)
    assert accounts.main is not None
    (deferred,) = fake.sleeps
    assert deferred >= hold  # points wait at least as long as a lookup would
    assert engage.paths == ["contactoverview", "point_accounts"]


def test_a_hold_beyond_the_budget_fails_at_once_without_a_request() -> None:
    engage = Engage(
        contactoverview=[limited("30"), httpx.Response(200, content=PROFILE)],
        point_accounts=[httpx.Response(200, content=POINTS)],
    )
    fake = FakeTime()
    client = client_for(engage, fake)
    with pytest.raises(errors.RateLimitedError):
        client.contact_overview(MEMBER)
    with pytest.raises(errors.RateLimitedError) as info:
        client.point_accounts(CONTACT_ID)
    assert "points" in info.value.message
    with pytest.raises(errors.RateLimitedError) as lookup:
        client.contact_overview(MEMBER)
    assert lookup.value.message == "Loyalty is busy right now. Try again in a moment."
    assert engage.paths == ["contactoverview"]  # nothing more was sent into the limit
    assert fake.sleeps == []


def test_the_old_policy_waits_retry_after_exactly() -> None:
    engage = Engage(contactoverview=[limited("1"), httpx.Response(200, content=PROFILE)])
    fake = FakeTime()
    client_for(engage, fake, RetryPolicy.before_fleet()).contact_overview(MEMBER)
    assert fake.sleeps == [1.0]


# --------------------------------------------------------------------------- the warm-up


def probe_engage() -> Engage:
    return Engage(
        contactoverview=[httpx.Response(404)], point_accounts=[httpx.Response(200, content=POINTS)]
    )


def test_the_warm_up_waits_a_random_part_of_the_spread_then_probes_once() -> None:
    waits = []
    for seed in range(20):
        engage, fake = probe_engage(), FakeTime()
        client_for(engage, fake, seed=seed).warm_up(30.0)
        (wait,) = fake.sleeps
        assert 0.0 <= wait <= 30.0
        waits.append(wait)
        assert engage.paths == ["contactoverview"]
    assert len({round(w) for w in waits}) > 10  # tills reconnecting together probe apart


def test_a_tills_warm_up_spreads_over_30_s_and_a_loopback_sandbox_warms_at_once() -> None:
    engage, fake = probe_engage(), FakeTime()
    client_for(engage, fake, seed=2).warm_up()  # https://tenant.voyado.com
    (wait,) = fake.sleeps
    assert 0.0 < wait <= 30.0
    sandbox, fake = probe_engage(), FakeTime()
    EngageClient(
        "http://127.0.0.1:8765",
        "key",
        transport=httpx.MockTransport(sandbox),
        sleep=fake.sleep,
        clock=fake.clock,
    ).warm_up()
    assert fake.sleeps == [] and sandbox.paths == ["contactoverview"]


def test_the_warm_up_is_skipped_when_a_lookup_came_first() -> None:
    engage, fake = probe_engage(), FakeTime()
    client = client_for(engage, fake)
    client.point_accounts(CONTACT_ID)
    client.warm_up()
    assert engage.paths == ["point_accounts"]


def test_the_warm_up_is_skipped_while_engage_asks_to_hold_back() -> None:
    engage = Engage(contactoverview=[httpx.Response(404)], point_accounts=[limited("5")])
    fake = FakeTime()
    client = client_for(engage, fake)
    with pytest.raises(errors.RateLimitedError):
        client.point_accounts(CONTACT_ID)
    client.warm_up()
    assert engage.paths == ["point_accounts"]


def test_a_refused_warm_up_is_not_retried() -> None:
    engage = Engage(contactoverview=[limited("1")], point_accounts=[httpx.Response(404)])
    fake = FakeTime()
    client_for(engage, fake).warm_up(0.0)  # only logs
    assert engage.paths == ["contactoverview"]
    assert fake.sleeps == []


def test_the_old_warm_up_probed_at_once_and_retried() -> None:
    engage = Engage(contactoverview=[limited("1"), httpx.Response(404)])
    fake = FakeTime()
    client_for(engage, fake, RetryPolicy.before_fleet()).warm_up()
    assert engage.paths == ["contactoverview", "contactoverview"]
    assert fake.sleeps == [1.0]
