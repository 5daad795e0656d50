"""The sandbox's per-key token bucket, on a fake clock."""

from __future__ import annotations

import pytest

from pos_profile.sandbox import rate_limit
from pos_profile.sandbox.rate_limit import KeyRateLimit


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_burst_then_429_with_retry_after_until_tokens_come_back() -> None:
    clock = Clock()
    limit = KeyRateLimit(2.0, 3.0, clock=clock)
    assert [limit.refusal("k") for _ in range(3)] == [None, None, None]
    refused = limit.refusal("k")
    assert refused is not None and refused.status == 429
    assert dict(refused.headers)["Retry-After"] == "1"  # 0.5 s, in whole seconds
    assert b"TooManyRequests" in refused.body
    clock.now += 0.5
    assert limit.refusal("k") is None  # one token back
    assert limit.refusal("k") is not None
    assert (limit.admitted, limit.refused) == (4, 2)


def test_each_key_has_its_own_bucket() -> None:
    limit = KeyRateLimit(1.0, 1.0, clock=Clock())
    assert limit.refusal("chain-a") is None
    assert limit.refusal("chain-b") is None
    assert limit.refusal("chain-a") is not None


def test_a_long_wait_is_rounded_up_to_whole_seconds() -> None:
    slow = KeyRateLimit(0.4, 1.0, clock=Clock())  # 2.5 s a token
    assert slow.refusal("k") is None
    assert slow.wait_seconds("k") == pytest.approx(2.5)
    refused = slow.refusal("k")
    assert refused is not None and dict(refused.headers)["Retry-After"] == "3"


def test_random_keys_cannot_grow_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limit, "MAX_KEYS", 4)
    limit = KeyRateLimit(1.0, 1.0, clock=Clock())
    for i in range(10):
        limit.refusal(f"key-{i}")
    assert len(limit._buckets) == 4


@pytest.mark.parametrize(("per_second", "burst"), [(0.0, None), (-1.0, None), (5.0, 0.5)])
def test_a_limit_that_admits_nothing_is_refused(per_second: float, burst: float | None) -> None:
    with pytest.raises(ValueError, match="must"):
        KeyRateLimit(per_second, burst)
