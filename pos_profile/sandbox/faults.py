"""Fault injection: make the sandbox misbehave on purpose, per path, from a test.

::

    server.faults.set("/api/v3/contactoverview", Fault.HTML_502)          # every request
    server.faults.set("/api/v3/contactoverview", Fault.RATE_LIMITED, times=2)  # the next two
    server.faults["*"] = Fault.HANG                                        # any path
    server.faults.clear()

A fault replaces the whole reply, before the api-key and header checks (so a 401 fault
is served whatever key the request carries). ``times`` counts requests that got the fault; when it
runs out the path answers normally again.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass


class Fault(enum.Enum):
    """Ways the sandbox can fail a request."""

    HANG = "hang"
    """Read the request, never answer (until the server stops; then close)."""
    RESET = "reset"
    """Send the headers and half the body, then reset the connection (TCP RST)."""
    HTML_502 = "html-502"
    """502 Bad Gateway with a proxy's HTML page."""
    SERVER_ERROR = "server-error"
    """500 with the JSON error body ``InvalidSystemConfiguration``."""
    SERVER_ERROR_EMPTY = "server-error-empty"
    """500 with an empty body."""
    RATE_LIMITED = "rate-limited"
    """429 with ``Retry-After`` (seconds, :attr:`FaultPlan.retry_after`)."""
    RATE_LIMITED_NO_RETRY_AFTER = "rate-limited-no-retry-after"
    """429 without ``Retry-After``."""
    INVALID_JSON = "invalid-json"
    """200, ``application/json``, a body that is not JSON."""
    TRUNCATED_JSON = "truncated-json"
    """200, the real payload cut in half (Content-Length matches the cut body)."""
    WRONG_TYPES = "wrong-types"
    """200, valid JSON whose fields have the wrong types."""
    HUGE_BODY = "huge-body"
    """200, a valid payload padded to about 10 MB."""
    UNAUTHORIZED = "unauthorized"
    """401 as for a wrong API key."""
    FORBIDDEN = "forbidden"
    """403 as for a key not allowed from this address."""
    ANSWER_LOST = "answer-lost"
    """The request is applied (a redeem takes effect), then the connection is reset before
    any answer is sent."""
    HANG_AFTER_APPLY = "hang-after-apply"
    """Applied, then answered only after :attr:`FaultPlan.hang_seconds` (past Engage's point
    of no return: the client times out first); cut short, unanswered, when the server stops."""
    GATEWAY_TIMEOUT = "gateway-timeout"
    """504 ``GatewayTimeout`` (Engage gave up before the point of no return: not applied)."""
    CONFLICT = "conflict"
    """409 with the path's "already redeemed" code (not applied)."""


APPLYING_FAULTS = frozenset(
    {
        Fault.RESET,
        Fault.ANSWER_LOST,
        Fault.HANG_AFTER_APPLY,
        Fault.INVALID_JSON,
        Fault.TRUNCATED_JSON,
        Fault.WRONG_TYPES,
        Fault.HUGE_BODY,
    }
)
"""Faults after which a POST has taken effect (the server worked, the answer is bad or lost).
Every other fault replaces the request unapplied."""


ANY_PATH = "*"


@dataclass
class _Entry:
    fault: Fault
    remaining: int | None  # None = for ever


class FaultPlan:
    """Which fault each path gets. Thread-safe; a path of ``"*"`` matches every path."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self.retry_after: str = "1"
        """The ``Retry-After`` value sent with :attr:`Fault.RATE_LIMITED`."""
        self.hang_seconds: float = 120.0
        """How long :attr:`Fault.HANG_AFTER_APPLY` holds the answer back."""

    def set(self, path: str, fault: Fault, *, times: int | None = None) -> None:
        """Serve ``fault`` on ``path`` (without query string) for ``times`` requests or always."""
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for always)")
        with self._lock:
            self._entries[path] = _Entry(fault, times)

    def __setitem__(self, path: str, fault: Fault | None) -> None:
        if fault is None:
            self.clear(path)
        else:
            self.set(path, fault)

    def __getitem__(self, path: str) -> Fault | None:
        with self._lock:
            entry = self._entries.get(path)
            return entry.fault if entry else None

    def clear(self, path: str | None = None) -> None:
        """Remove the fault of ``path``, or every fault."""
        with self._lock:
            if path is None:
                self._entries.clear()
            else:
                self._entries.pop(path, None)

    def take(self, path: str) -> Fault | None:
        """The fault for this request (counts it against ``times``), or None."""
        with self._lock:
            key = path if path in self._entries else ANY_PATH
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.remaining is not None:
                entry.remaining -= 1
                if entry.remaining <= 0:
                    del self._entries[key]
            return entry.fault
