"""An Engage-compatible HTTP server on loopback: ``pos-profile --demo``, training, tests.

Standard library only (:class:`http.server.ThreadingHTTPServer`), HTTP/1.1 with keep-alive,
``Content-Length`` on every reply. The answers come from
:class:`~pos_profile.sandbox.api.EngageApi` over the demo data set;
:attr:`SandboxServer.faults` makes it misbehave on purpose. With ``ssl_context`` (a
server-side context with a certificate loaded) it speaks HTTPS: the certificate-trust tests
use that.

The log (logger ``pos_profile.sandbox``) carries method, path WITHOUT the query string,
status and duration only: the query holds e-mails, phone and personal numbers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from pos_profile.sandbox.api import (
    CONTACT_OVERVIEW_PATH,
    EngageApi,
    Reply,
    canonical_path,
    error_reply,
    json_reply,
)
from pos_profile.sandbox.data import DemoDataSet, default_data_set
from pos_profile.sandbox.faults import APPLYING_FAULTS, Fault, FaultPlan
from pos_profile.sandbox.rate_limit import KeyRateLimit

__all__ = ["DEMO_API_KEY", "SandboxServer"]

logger = logging.getLogger("pos_profile.sandbox")

DEMO_API_KEY = "sandbox-key"
HUGE_BODY_BYTES = 10 * 1024 * 1024
MAX_RECORDED_REQUESTS = 10_000
IDLE_CONNECTION_TIMEOUT_S = 120.0
STOP_GRACE_S = 5.0
MAX_REQUEST_BODY_BYTES = 64 * 1024

_HTML_502 = b"""<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""


class SandboxServer:
    """A loopback Engage (v3 contactoverview and point-accounts) serving the demo contacts.

    ``with SandboxServer() as server: httpx.get(server.base_url + "/api/v3/...")``
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str = DEMO_API_KEY,
        latency_ms: float = 0.0,
        now: Callable[[], datetime] | None = None,
        data: DemoDataSet | None = None,
        ssl_context: ssl.SSLContext | None = None,
        rate_limit: KeyRateLimit | None = None,
    ) -> None:
        self.host = host
        self.rate_limit = rate_limit
        """Per-API-key limit on the API paths (429 with Retry-After above it); None: no limit."""
        self.ssl_context = ssl_context
        """Server-side TLS context: None serves plain HTTP (the demo)."""
        self.port = port
        self.latency_ms = latency_ms
        """Added to every request on an API path before it is answered (settable any time)."""
        self.faults = FaultPlan()
        self.requests: list[tuple[str, str]] = []
        """(method, path+query) of every request seen, oldest first (the last 10 000)."""
        self._now = now or _system_now
        self._api = EngageApi(data or default_data_set(), api_key, self._clock)
        self._lock = threading.Lock()
        self._connections_accepted = 0
        self._open_sockets: set[socket.socket] = set()
        self._idle = threading.Condition(self._lock)
        self._seen = threading.Condition(self._lock)
        self._requests_seen = 0
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._foreground = False

    # ------------------------------------------------------------------ public API

    @property
    def base_url(self) -> str:
        """``http://host:port`` (``https://`` with a TLS context; no ``/api/v3``); valid once
        the server listens."""
        if self._httpd is None:
            raise RuntimeError("the sandbox is not listening; call start() first")
        host, port = self._httpd.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host_text}]" if ":" in host_text else host_text
        scheme = "https" if self.ssl_context is not None else "http"
        return f"{scheme}://{shown}:{port}"

    @property
    def api_key(self) -> str:
        return self._api.api_key

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted since the server started."""
        with self._lock:
            return self._connections_accepted

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Block until ``count`` requests have been seen (True) or ``timeout`` passes (False).

        For tests: "the request is now in flight" without polling or sleeping.
        """
        with self._seen:
            return self._seen.wait_for(lambda: self._requests_seen >= count, timeout)

    def start(self) -> None:
        """Listen and serve in a daemon thread; returns once the port accepts connections."""
        self._listen()
        assert self._httpd is not None
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="pos-profile-sandbox",
            daemon=True,
        )
        self._thread.start()

    def serve_forever(self, on_listening: Callable[[str], None] | None = None) -> None:
        """Listen and serve in this thread until :meth:`stop` or Ctrl+C (then return cleanly).

        ``on_listening(base_url)`` is called once the port accepts connections.
        """
        self._listen()
        assert self._httpd is not None
        self._foreground = True
        try:
            if on_listening is not None:
                on_listening(self.base_url)
            self._httpd.serve_forever(poll_interval=0.1)
        except KeyboardInterrupt:
            logger.info("sandbox interrupted")
        finally:
            self._foreground = False
            self._close()

    def stop(self) -> None:
        """Stop serving: release hung requests, close keep-alive sockets, join threads."""
        httpd = self._httpd
        if httpd is None:
            return
        self._stopping.set()
        if self._foreground:
            httpd.shutdown()  # serve_forever() returns and closes everything itself
            return
        if self._thread is not None:
            httpd.shutdown()
            self._thread.join(STOP_GRACE_S)
            self._thread = None
        self._close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ internals

    def _clock(self) -> datetime:
        return self._now()

    def _listen(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("the sandbox is already running")
        self._stopping.clear()
        with self._lock:
            self._connections_accepted = 0
            self._requests_seen = 0
            self.requests.clear()
        self._httpd = _HTTPServer((self.host, self.port), self)
        logger.info("sandbox listening on %s", self.base_url)

    def _close(self) -> None:
        """Close every open connection, wait for handlers, close the listening socket."""
        httpd = self._httpd
        if httpd is None:
            return
        self._stopping.set()
        with self._lock:
            for sock in list(self._open_sockets):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self._idle.wait_for(lambda: not self._open_sockets, timeout=STOP_GRACE_S)
        httpd.server_close()
        self._httpd = None
        logger.info("sandbox stopped")

    def _connection_opened(self, sock: socket.socket) -> None:
        with self._lock:
            self._connections_accepted += 1
            self._open_sockets.add(sock)

    def _connection_closed(self, sock: socket.socket) -> None:
        with self._lock:
            self._open_sockets.discard(sock)
            self._idle.notify_all()

    def _record(self, method: str, target: str) -> None:
        with self._lock:
            self.requests.append((method, target))
            if len(self.requests) > MAX_RECORDED_REQUESTS:
                del self.requests[: MAX_RECORDED_REQUESTS // 2]
            self._requests_seen += 1
            self._seen.notify_all()

    def _delay(self) -> None:
        """Wait ``latency_ms``; cut short when the server stops."""
        if self.latency_ms > 0:
            self._stopping.wait(self.latency_ms / 1000.0)

    def _wait_until_stopped(self) -> None:
        self._stopping.wait()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        context = self.sandbox.ssl_context
        if context is not None:
            # the handshake happens in the handler's thread (setup), not in the accept loop
            sock = context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def process_request(self, request: Any, client_address: Any) -> None:
        self.sandbox._connection_opened(request)
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.warning("sandbox: a connection ended with an error", exc_info=False)

    def shutdown_request(self, request: Any) -> None:
        super().shutdown_request(request)
        self.sandbox._connection_closed(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pos-profile-sandbox"
    timeout = IDLE_CONNECTION_TIMEOUT_S
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall
    server: _HTTPServer

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            try:
                self.connection.do_handshake()
            except (ssl.SSLError, OSError):
                # the client refused the certificate (or went away): no request follows
                logger.info("sandbox: TLS handshake failed")
                self.close_connection = True
                self._handshake_failed = True

    def handle(self) -> None:
        if getattr(self, "_handshake_failed", False):
            return
        super().handle()

    # every method is answered by the same code, so 405s look like Engage's
    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def _serve(self) -> None:
        started = time.perf_counter()
        sandbox = self.server.sandbox
        split = urlsplit(self.path)
        path = split.path
        body = self._read_body()
        sandbox._record(self.command, self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        endpoint = canonical_path(path)
        limit = sandbox.rate_limit
        refusal = limit.refusal(headers.get("apikey", "")) if limit and endpoint else None
        if refusal is not None:
            self._send(refusal)
            logger.info("%s %s 429 (rate limit)", self.command, path)
            return
        if endpoint is not None:
            sandbox._delay()
        fault = sandbox.faults.take(endpoint or path)
        status: int | str
        if fault is None:
            reply = sandbox._api.handle(self.command, path, split.query, headers, body)
            self._send(reply)
            status = reply.status
        else:
            status = self._serve_fault(fault, path, endpoint or path, split.query, headers, body)
        logger.info(
            "%s %s %s %.1f ms", self.command, path, status, (time.perf_counter() - started) * 1000
        )

    def _serve_fault(
        self,
        fault: Fault,
        raw_path: str,
        path: str,
        query: str,
        headers: dict[str, str],
        body: bytes,
    ) -> int | str:
        sandbox = self.server.sandbox
        if fault is Fault.HANG:
            sandbox._wait_until_stopped()
            self.close_connection = True
            return "hang"
        if self.command == "GET" or fault in APPLYING_FAULTS:
            normal = sandbox._api.handle(self.command, raw_path, query, headers, body)
        else:  # the fault replaces the POST: nothing is redeemed
            normal = Reply(200, b"{}")
        if fault is Fault.ANSWER_LOST:
            self._reset_without_answer()
            return "answer-lost"
        if fault is Fault.HANG_AFTER_APPLY:
            if sandbox._stopping.wait(sandbox.faults.hang_seconds):
                self.close_connection = True
                return "hang-after-apply"
            self._send(normal)
            return normal.status
        if fault is Fault.RESET:
            self._reset_mid_body(normal)
            return "reset"
        reply = _fault_reply(fault, path, normal, sandbox.faults.retry_after)
        self._send(reply)
        return reply.status

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _reset_mid_body(self, reply: Reply) -> None:
        body = reply.body or b'{"id": "00000000-0000-0000-0000-000000000000"}'
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type or "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        # SO_LINGER with a zero timeout turns close() into a TCP RST
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()  # the descriptor really closes when rfile does, in finish()
        self.close_connection = True

    def _reset_without_answer(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and 0 < int(length) <= MAX_REQUEST_BODY_BYTES:
            return self.rfile.read(int(length))
        if length and length.isdigit() and int(length) > 0:
            self.rfile.read(int(length))  # drained, not kept
        return b""

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's own log: its lines contain the query string."""

    def log_error(self, format: str, *args: Any) -> None:
        logger.warning("sandbox: malformed or timed-out request")


def _fault_reply(fault: Fault, path: str, normal: Reply, retry_after: str) -> Reply:
    """The reply that replaces ``normal`` for every fault except HANG and RESET."""
    if fault is Fault.HTML_502:
        return Reply(502, _HTML_502, "text/html")
    if fault is Fault.SERVER_ERROR:
        return error_reply(
            500, "InvalidSystemConfiguration", "The tenant is not configured for this lookup."
        )
    if fault is Fault.SERVER_ERROR_EMPTY:
        return Reply(500, b"", None)
    if fault is Fault.RATE_LIMITED:
        limited = error_reply(429, "TooManyRequests", "Rate limit exceeded.")
        return Reply(429, limited.body, limited.content_type, (("Retry-After", retry_after),))
    if fault is Fault.RATE_LIMITED_NO_RETRY_AFTER:
        return error_reply(429, "TooManyRequests", "Rate limit exceeded.")
    if fault is Fault.INVALID_JSON:
        return Reply(200, b'{"id": "50a74cff", "attributes": {firstName: Astrid,,}')
    if fault is Fault.TRUNCATED_JSON:
        body = normal.body if normal.status == 200 else _placeholder_overview()
        return Reply(200, body[: len(body) // 2])
    if fault is Fault.WRONG_TYPES:
        return json_reply(200, _wrong_types(path))
    if fault is Fault.HUGE_BODY:
        return Reply(200, _huge_body(normal))
    if fault is Fault.UNAUTHORIZED:
        return error_reply(401, "Unauthorized", "The API key is missing or not valid.")
    if fault is Fault.FORBIDDEN:
        return error_reply(403, "Forbidden", "The API key may not be used from this address.")
    if fault is Fault.GATEWAY_TIMEOUT:
        return error_reply(504, "GatewayTimeout", "The request timed out.")
    if fault is Fault.CONFLICT:
        if "promotion" in path:
            return error_reply(409, "PromotionAlreadyRedeemed", "Already redeemed.")
        return error_reply(409, "RewardVoucherAlreadyRedeemed", "Already redeemed.")
    raise AssertionError(f"unhandled fault {fault}")


def _placeholder_overview() -> bytes:
    return json.dumps({"id": "00000000-0000-0000-0000-000000000000", "attributes": {}}).encode()


def _wrong_types(path: str) -> dict[str, Any]:
    if path == CONTACT_OVERVIEW_PATH:
        return {
            "id": 12345,
            "attributes": "not an object",
            "meta": [1, 2, 3],
            "preferences": {"acceptsEmail": "maybe"},
            "tiers": ["Guld"],
            "consents": {"id": "memberTerms"},
            "audiences": [1, None, {"name": "x"}],
            "warnings": "EmailBounced",
            "rewardVouchers": [{"id": 1, "value": "ten", "expiresOn": 20261231, "redeemed": "no"}],
            "promotions": [{"id": None, "redemptionChannels": "POS", "expiresOn": "tomorrow"}],
        }
    return {
        "links": "none",
        "count": "two",
        "offset": None,
        "totalCount": {},
        "items": [{"id": [1], "balance": "lots", "pendingPoints": [], "balanceExpires": 5}],
    }


def _huge_body(normal: Reply) -> bytes:
    """``normal``'s JSON object (or a placeholder) with a padding field: about 10 MB."""
    base = (
        normal.body
        if normal.status == 200 and normal.body.startswith(b"{")
        else (_placeholder_overview())
    )
    padding = b"x" * max(0, HUGE_BODY_BYTES - len(base) - 13)  # 13: the bytes added around it
    return base[:-1] + b',"padding":"' + padding + b'"}'


def _system_now() -> datetime:
    return datetime.now(UTC).astimezone()
