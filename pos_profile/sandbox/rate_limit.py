"""A per-API-key rate limit for the sandbox, like Engage's (``pos-profile sandbox --rate-limit N``).

Engage measures requests per API key and answers 429 above about 200 requests/s
(docs/engage-api.md, "Limits and retries"). The sandbox models that with one token bucket per
``apikey`` header value: ``per_second`` tokens a second, at most ``burst`` saved up (default:
one second's worth). A request without a token gets 429 ``TooManyRequests`` with
``Retry-After`` in whole seconds (at least 1) until a token is there. Engage documents no
``Retry-After``; the sandbox sends one so the client's handling of it is exercised.

Keys are held as SHA-256 digests, never as given, and never logged.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from pos_profile.sandbox.api import Reply, error_reply

MAX_KEYS = 1024
"""Buckets kept; the least recently used goes first (random keys cannot grow memory)."""


@dataclass
class _Bucket:
    tokens: float
    at: float


class KeyRateLimit:
    """Token buckets keyed by API key. Thread-safe."""

    def __init__(
        self,
        per_second: float,
        burst: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_second <= 0:
            raise ValueError("the rate limit must be above 0 requests/s")
        self.per_second = per_second
        self.burst = burst if burst is not None else per_second
        if self.burst < 1:
            raise ValueError("the burst must allow at least one request")
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: OrderedDict[bytes, _Bucket] = OrderedDict()
        self.admitted = 0
        self.refused = 0

    def wait_seconds(self, api_key: str) -> float:
        """Take a token for ``api_key``: 0.0 when admitted, else the seconds until one is there."""
        digest = hashlib.sha256(api_key.encode("utf-8", "surrogateescape")).digest()
        with self._lock:
            now = self._clock()
            bucket = self._buckets.pop(digest, None) or _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.per_second)
            bucket.at = now
            self._buckets[digest] = bucket
            while len(self._buckets) > MAX_KEYS:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                self.admitted += 1
                return 0.0
            self.refused += 1
            return (1.0 - bucket.tokens) / self.per_second

    def refusal(self, api_key: str) -> Reply | None:
        """None when the request may go on, else the 429 to send."""
        wait = self.wait_seconds(api_key)
        if wait <= 0:
            return None
        limited = error_reply(429, "TooManyRequests", "Rate limit exceeded for this API key.")
        retry_after = str(max(1, math.ceil(wait)))
        return Reply(429, limited.body, limited.content_type, (("Retry-After", retry_after),))


__all__ = ["KeyRateLimit"]
