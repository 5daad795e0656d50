"""Waiting like a good citizen of a shared API key: jittered backoff and a 429 memory.

Engage limits requests per API key (about 50/s in normal operation, 429 above about 200/s;
docs/engage-api.md, "Limits and retries"), and a chain often gives every till the same key.
A fleet of tills that waits the same fixed times after a shared hiccup retries in step and
makes its own 429 storm. So:

* :func:`backoff_delay` spreads retries with *full jitter* (a uniform wait between 0 and the
  exponential cap), so no two tills retry at the same instant;
* :func:`retry_after_delay` honours ``Retry-After`` (or one second when Engage sends none: the
  limit is per second) and adds a random part on top, so the tills refused in one second do
  not all come back in the next;
* :class:`RateLimitMemory` is what one client learnt from its last 429: until when it holds
  back. Every later request of that client waits it out first (a lookup within the cashier's
  budget, points longer: they are worth less than the next customer's profile), and a warm-up
  is skipped.

Every wait is drawn from an injected :class:`random.Random`, so tests seed it.
"""

from __future__ import annotations

import enum
import random
import threading
from collections.abc import Callable

WARM_UP_SPREAD_SECONDS = 30.0
"""A configured till's warm-up probe waits a random part of this after connecting, and is
skipped if a lookup came first: tills that restart together (after a shared outage) do not
probe together."""

ASSUMED_RETRY_AFTER_SECONDS = 1.0
"""The wait after a 429 without ``Retry-After`` (Engage documents none; its limit is per second)."""

MIN_RETRY_AFTER_SPREAD_SECONDS = 1.0
"""The random part added to ``Retry-After`` is up to max(Retry-After, this)."""


class Jitter(enum.Enum):
    """How a backoff wait is randomised."""

    FULL = "full"
    """uniform(0, base * 2^(attempt-1)): retries of many clients never line up."""
    PROPORTIONAL = "proportional"
    """base * 2^(attempt-1) * (1 + up to 25 %): the policy before the fleet work (a baseline)."""


class Priority(enum.Enum):
    """How much a request may wait or compete for the shared key."""

    LOOKUP = "lookup"
    """A cashier waits: waits out a 429 memory within the budget, retried as the policy says."""
    BACKGROUND = "background"
    """Points: deferred longer than lookups while limited, never retried after a 429."""


def backoff_delay(attempt: int, base_seconds: float, jitter: Jitter, rng: random.Random) -> float:
    """The wait before attempt ``attempt + 1`` (``attempt`` >= 1 attempts made)."""
    cap = base_seconds * float(2 ** (attempt - 1))
    if jitter is Jitter.FULL:
        return rng.uniform(0.0, cap)
    return cap * (1.0 + rng.random() * 0.25)


def retry_after_delay(
    retry_after: float | None, spread_seconds: float, rng: random.Random
) -> float:
    """The wait after a 429: ``Retry-After`` (or :data:`ASSUMED_RETRY_AFTER_SECONDS`) plus a
    random part up to max(that, ``spread_seconds``); ``spread_seconds`` 0 waits exactly
    ``Retry-After`` (the baseline)."""
    base = ASSUMED_RETRY_AFTER_SECONDS if retry_after is None else max(0.0, retry_after)
    if spread_seconds <= 0:
        return base
    return base + rng.uniform(0.0, max(base, spread_seconds))


def deferred_delay(hold_seconds: float, spread_seconds: float, rng: random.Random) -> float:
    """How long a background request (points) waits while the client is limited: the hold and
    a random part up to hold + spread on top, so the profiles of the next customers go first."""
    return hold_seconds + rng.uniform(0.0, hold_seconds + spread_seconds)


class RateLimitMemory:
    """One client's memory of Engage's 429s and of its own use. Thread-safe."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._until = float("-inf")
        self._requests = 0
        self._limited = 0

    @property
    def until(self) -> float:
        """Clock time until which this client holds back (-inf: not limited)."""
        with self._lock:
            return self._until

    def hold_seconds(self) -> float:
        """How long from now this client still holds back (0 when it need not)."""
        with self._lock:
            return max(0.0, self._until - self._clock())

    def limited_for(self, seconds: float) -> float:
        """Engage said 429: hold back for ``seconds`` from now (a longer hold already noted
        stays). Returns the clock time held back until."""
        with self._lock:
            self._limited += 1
            self._until = max(self._until, self._clock() + seconds)
            return self._until

    def note_request(self) -> None:
        with self._lock:
            self._requests += 1

    @property
    def requests(self) -> int:
        """Requests this client has sent (or is sending)."""
        with self._lock:
            return self._requests

    @property
    def times_limited(self) -> int:
        """429s this client has seen."""
        with self._lock:
            return self._limited


__all__ = [
    "ASSUMED_RETRY_AFTER_SECONDS",
    "WARM_UP_SPREAD_SECONDS",
    "Jitter",
    "Priority",
    "RateLimitMemory",
    "backoff_delay",
    "deferred_delay",
    "retry_after_delay",
]
