"""The fault matrix: every way Engage can fail, through the whole app, over a real socket.

Used by ``tests/integration/test_fault_matrix.py`` (pytest, CI) and ``tests/perf/run.py``
(printed next to the benchmarks). For each case the real application is built the way
``pos-profile`` builds it (``app.build`` with the key in a keyring, ``connect`` on the
TaskRunner, the pre-warm), a member card is scanned as real key events through the
ScannerFilter, and the case records what the cashier ends up seeing, how long it took, how
many requests reached the server and whether anything reached ``sys.excepthook``. Then the
fault goes away and the same window must show the next scanned customer.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.helpers.app_rig import (
    attach_step_scanner,
    qapp,
    send_scan,
    settings_for_bench,
    wait_until,
)

CONNECT_TIMEOUT_S = 0.5
READ_TIMEOUT_S = 1.0
RETRY_BUDGET_S = 4.0  # RetryPolicy.budget_seconds
MAX_ATTEMPTS = 3  # RetryPolicy.max_attempts
MEMBER = "7001234567"
MEMBER_NAME = "Astrid"
NEXT_MEMBER = "2400004711205"
NEXT_NAME = "Maja"
OVERVIEW_PATH = "/api/v3/contactoverview"


@dataclass(frozen=True)
class Case:
    name: str
    fault: str  # a sandbox Fault value, or "refused" / "connect-timeout"
    state: str  # State value the cashier must end up seeing
    retried: bool = False  # the client may try again (bounded by RetryPolicy)


CASES: tuple[Case, ...] = (
    Case("connection refused", "refused", "offline", retried=True),
    Case("connect timeout", "connect-timeout", "offline"),
    Case("read timeout (server hangs)", "hang", "offline"),
    Case("reset mid-body", "reset", "offline", retried=True),
    Case("HTML 502 from a proxy", "html-502", "offline", retried=True),
    Case("500 with JSON body", "server-error", "not_configured"),
    Case("500 with empty body", "server-error-empty", "offline"),
    Case("429 with Retry-After: 1", "rate-limited", "offline", retried=True),
    Case("429 without Retry-After", "rate-limited-no-retry-after", "offline", retried=True),
    Case("invalid JSON", "invalid-json", "offline"),
    Case("truncated JSON", "truncated-json", "offline"),
    Case("wrong types", "wrong-types", "profile"),
    Case("huge body (10 MB)", "huge-body", "offline"),
    Case("401 Unauthorized", "unauthorized", "not_configured"),
    Case("403 Forbidden", "forbidden", "not_configured"),
)


@dataclass
class Outcome:
    case: Case
    state: str = "?"
    seconds: float = float("nan")
    requests: int | None = None  # contactoverview requests the server saw for the scan
    limit_seconds: float = float("nan")
    recovered: bool = False
    recovered_state: str = "?"
    hooked: list[str] = field(default_factory=list)  # exceptions that reached a hook
    texts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        bounded = self.requests is None or 1 <= self.requests <= MAX_ATTEMPTS
        return (
            self.state == self.case.state
            and self.seconds <= self.limit_seconds
            and bounded
            and self.recovered
            and not self.hooked
        )

    def line(self) -> str:
        req = "—" if self.requests is None else str(self.requests)
        return (
            f"| {self.case.name} | {self.state} (want {self.case.state}) | {req} | "
            f"{self.seconds:.2f} s (≤ {self.limit_seconds:.1f}) | "
            f"{'yes' if self.recovered else 'NO (' + self.recovered_state + ')'} | "
            f"{len(self.hooked)} | {'PASS' if self.ok else 'FAIL'} |"
        )


HEADER = (
    "| Fault | On screen | Requests | Time to state | Next scan shows customer | "
    "Excepthook | Result |\n|---|---|---|---|---|---|---|"
)


def limit_for(case: Case) -> float:
    """The timeout that applies, + 1 s; retried faults may also spend the retry budget."""
    limit = READ_TIMEOUT_S + 1.0
    if case.fault in ("refused", "connect-timeout"):
        limit = CONNECT_TIMEOUT_S + 1.0
    if case.retried:
        limit += RETRY_BUDGET_S
    return limit


# --------------------------------------------------------------------------- plumbing


class MemoryKeyring:
    """Installs an in-memory keyring backend for the duration of a ``with`` block."""

    def __enter__(self) -> MemoryKeyring:
        import keyring

        from tests.helpers.memory_keyring import MemoryKeyring as Backend

        self._old = keyring.get_keyring()
        keyring.set_keyring(Backend())
        return self

    def __exit__(self, *exc: object) -> None:
        import keyring

        keyring.set_keyring(self._old)


@contextlib.contextmanager
def recording_hooks() -> Iterator[list[str]]:
    """Record whatever reaches sys.excepthook or threading.excepthook."""
    seen: list[str] = []
    old_sys, old_thread = sys.excepthook, threading.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: types.TracebackType | None) -> None:
        seen.append(f"{kind.__name__}: {exc}")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        seen.append(f"thread {args.exc_type.__name__}: {args.exc_value}")

    sys.excepthook = hook
    threading.excepthook = thread_hook
    try:
        yield seen
    finally:
        sys.excepthook, threading.excepthook = old_sys, old_thread


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class FullBacklog:
    """A listening socket whose accept queue is full: new connects time out (Linux)."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port = int(self.listener.getsockname()[1])
        self.fillers: list[socket.socket] = []
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", self.port))
            self.fillers.append(filler)

    def close(self) -> None:
        for s in (*self.fillers, self.listener):
            s.close()


def overview_requests(server: Any, since: int) -> int:
    return sum(1 for _, target in server.requests[since:] if target.startswith(OVERVIEW_PATH))


def new_sandbox(port: int = 0) -> Any:
    from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer

    server = SandboxServer("127.0.0.1", port, api_key=DEMO_API_KEY)
    server.start()
    return server


# --------------------------------------------------------------------------- one case


def run_case(case: Case, sandbox: Any) -> Outcome:
    """Run one fault through the app; ``sandbox`` serves the sandbox faults."""
    from pos_profile.credentials import CredentialStore
    from pos_profile.gui import app as app_module
    from pos_profile.gui.status_view import State
    from pos_profile.sandbox.faults import Fault
    from pos_profile.sandbox.server import DEMO_API_KEY

    qapp()
    outcome = Outcome(case, limit_seconds=limit_for(case))
    closers: list[Callable[[], None]] = []
    backlog: FullBacklog | None = None
    server = sandbox
    if case.fault == "refused":
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
    elif case.fault == "connect-timeout":
        backlog = FullBacklog()
        closers.append(backlog.close)
        port = backlog.port
        base_url = f"http://127.0.0.1:{port}"
    else:
        base_url = sandbox.base_url
    CredentialStore(base_url).set(DEMO_API_KEY)
    settings = settings_for_bench(
        base_url=base_url,
        timeout_seconds=READ_TIMEOUT_S,
        connect_timeout_seconds=CONNECT_TIMEOUT_S,
    )
    with recording_hooks() as hooked:
        application = app_module.build(settings)
        window = application.view
        try:
            window.window().show()
            wait_until(lambda: application.connection is not None, 10.0, "the client")
            wait_until(
                lambda: application.start_up_done and application.runner.in_flight() == 0,
                10.0,
                "the warm-up",
            )
            clock, _ = attach_step_scanner(application)
            window.focus_search()
            if case.fault not in ("refused", "connect-timeout"):
                sandbox.faults.set(OVERVIEW_PATH, Fault(case.fault))
            since = len(server.requests) if server is not None else 0

            t0 = time.monotonic()
            send_scan(window, clock, MEMBER)
            wait_until(
                lambda: window.state() is not State.LOOKING_UP,
                outcome.limit_seconds + 10.0,
                f"{case.name}: a final state",
            )
            outcome.seconds = time.monotonic() - t0
            outcome.state = window.state().value
            outcome.texts = window.status_view.texts()
            if case.fault not in ("refused", "connect-timeout"):
                outcome.requests = overview_requests(sandbox, since)
                sandbox.faults.clear()
            else:
                if backlog is not None:
                    backlog.close()
                server = new_sandbox(port)
                closers.append(server.stop)
            # the fault is gone: the next scan must show the next customer
            wait_until(lambda: application.runner.in_flight() == 0, 15.0, "the runner")
            send_scan(window, clock, NEXT_MEMBER)
            with contextlib.suppress(TimeoutError):
                wait_until(
                    lambda: (
                        window.state() is State.PROFILE
                        and NEXT_NAME in window.profile_view.name_label.text()
                    ),
                    10.0,
                )
            outcome.recovered_state = window.state().value
            outcome.recovered = (
                window.state() is State.PROFILE
                and NEXT_NAME in window.profile_view.name_label.text()
            )
            wait_until(lambda: application.runner.in_flight() == 0, 15.0, "the runner")
        finally:
            if case.fault not in ("refused", "connect-timeout"):
                sandbox.faults.clear()
            application.shutdown()
            window.window().close()
            window.window().deleteLater()
            for close in reversed(closers):
                close()
        outcome.hooked = list(hooked)
    return outcome


def run_matrix(cases: tuple[Case, ...] = CASES) -> list[Outcome]:
    with MemoryKeyring():
        sandbox = new_sandbox()
        try:
            return [run_case(case, sandbox) for case in cases]
        finally:
            sandbox.stop()


def matrix_text(outcomes: list[Outcome]) -> str:
    return "\n".join([HEADER, *(o.line() for o in outcomes)])


if __name__ == "__main__":
    print(matrix_text(run_matrix()))
