"""EngageClient: the two Engage calls pos-profile makes, over one shared ``httpx.Client``.

* One ``httpx.Client`` per EngageClient keeps the TCP/TLS connection alive between
  lookups; it is safe to call from several worker threads at once.
* Every request has explicit connect and read timeouts.
* Retries happen only where they are safe and bounded: a GET whose connection failed
  before an answer arrived, a 429 (honouring ``Retry-After`` when it fits the budget) and
  502/503/504. At most ``RetryPolicy.max_attempts`` attempts and ``RetryPolicy.budget_seconds``
  of waiting in total. A slow answer (read timeout) is not retried: the cashier is waiting.
* A fleet of tills shares one API key (:mod:`.backoff`): waits are jittered, a 429 makes the
  whole client hold back (points wait longer than lookups and are never retried after a
  429), and the warm-up probe is spread out and skipped when it is not needed.
* Every failure becomes an :mod:`pos_profile.errors` exception with a message for a
  person. Nothing raised from here contains the API key or the looked-up value (httpx
  exceptions are not chained: their request carries the query string).
* The log says which kind of identifier was looked up, the status, the attempt and the
  time taken; never the value or the URL query.
* TLS always verifies, against the operating system's trust store (:mod:`.tls`, via
  ``truststore``) plus ``[engage] ca_file``. Proxies come from the environment
  (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``; on Windows and macOS also
  the system proxy settings urllib reads) and use the same TLS context.
* :meth:`EngageClient.close` may be called from any thread, also while requests are in
  flight: they end at once with :class:`~pos_profile.errors.RequestCancelledError`
  (the client shuts down the sockets it opened), and so does every call made after it.
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import logging
import random
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import pos_profile
from pos_profile import errors
from pos_profile.engage import tls
from pos_profile.engage.backoff import (
    WARM_UP_SPREAD_SECONDS,
    Jitter,
    Priority,
    RateLimitMemory,
    backoff_delay,
    deferred_delay,
    retry_after_delay,
)
from pos_profile.engage.query import query_params
from pos_profile.engage.urls import API_PATH, is_loopback_host, normalise_base_url
from pos_profile.i18n import ERRORS, N_, Message, english_only
from pos_profile.lookup import Lookup

if TYPE_CHECKING:
    import httpx

    from pos_profile.engage import models
    from pos_profile.settings import EngageSettings

# httpx (with httpcore, ~100 ms to import on a till), the response models and pydantic are
# imported when the first request is sent, not with this module: the window builds its
# EngageClient right after the first paint, on the way to "Ready to scan", and the
# connection warm-up that follows sends the first request.

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024 * 1024
"""Largest body read. A 500-voucher/500-promotion profile is well under 1 MB."""

PROBE_CONTACT_ID = "00000000-0000-0000-0000-000000000000"
"""contactId used by :meth:`EngageClient.check_connection`: a harmless GET that cannot match."""

PROBE_MEMBER_NUMBER = "0000000000000"
"""customKey used by :meth:`EngageClient.check_tenant`.

Thirteen zeros: a well-formed member number (digits only; its EAN-13 and Luhn check digits
are valid, so no tenant-side format check refuses it) that no card programme issues. The
check is a GET, which changes nothing in Engage; should a tenant have such a contact after
all, the answer (200, or 409) still proves the contact type exists and is thrown away
unread and unlogged."""


T = TypeVar("T")

POST_READ_TIMEOUT_SECONDS = 60.0
"""Read timeout of every POST (a redemption): Engage finishes a redemption past its "point
of no return" however long it takes, and Voyado advises at least 60 s (engage-api.md)."""

_TOO_LARGE = N_(
    ERRORS, "Loyalty sent an answer that is far too large. The sale can go on without it."
)


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a request is retried. Defaults suit a cashier who waits."""

    max_attempts: int = 3
    budget_seconds: float = 4.0
    """Longest total time spent waiting between attempts."""
    backoff_seconds: float = 0.25
    """Cap of the first backoff; the cap doubles per attempt (the wait is drawn below it)."""
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    jitter: Jitter = Jitter.FULL
    retry_after_spread_seconds: float = 1.0
    """A random wait up to max(Retry-After, this) is added to every Retry-After."""
    fleet_aware: bool = True
    """A 429 makes the whole client hold back; points defer and are not retried after a 429;
    the warm-up probe is single, spread and skipped when a request came first."""

    @classmethod
    def before_fleet(cls) -> RetryPolicy:
        """The policy as it was before the fleet work (a benchmark baseline): backoff with up
        to 25 % jitter, ``Retry-After`` waited exactly, no memory of 429s, points and
        warm-ups like any request."""
        return cls(jitter=Jitter.PROPORTIONAL, retry_after_spread_seconds=0.0, fleet_aware=False)


def check_base_url(base_url: str) -> str:
    """The normalised base URL, or ConfigurationError: https only, http only for loopback."""
    try:
        return normalise_base_url(base_url)
    except ValueError as exc:
        raise errors.ConfigurationError(
            english_only(f"The Engage address {exc}. Ask store IT to fix [engage] base_url.")
        ) from None


class EngageClient:
    """Calls Voyado Engage. Thread-safe; close it when the app quits."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        contact_type: str = "member",
        timeout_seconds: float = 5.0,
        connect_timeout_seconds: float = 3.0,
        retry: RetryPolicy | None = None,
        ssl_context: ssl.SSLContext | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        post_read_timeout_seconds: float = POST_READ_TIMEOUT_SECONDS,
    ) -> None:
        """``post_read_timeout_seconds`` is the read timeout of a POST (a redemption; tests
        shorten it, nothing else should); ``ssl_context`` defaults to the OS trust store
        (:func:`.tls.create_ssl_context`);
        ``transport`` replaces the network (tests; environment proxies are then not used);
        ``sleep`` waits between retries (default: a wait that :meth:`close` cuts short);
        ``rng`` draws every jittered wait (tests seed it)."""
        if not api_key or not api_key.strip():
            raise errors.ConfigurationError(
                N_(ERRORS, "No Engage API key is stored on this till. Ask store IT to set it up.")
            )
        base = check_base_url(base_url)
        self.contact_type = contact_type
        self._retry = retry or RetryPolicy()
        self._post_read_timeout = post_read_timeout_seconds
        self._closed = threading.Event()
        self._close_lock = threading.Lock()
        self._sockets_lock = threading.Lock()
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._sleep = sleep if sleep is not None else self._wait_unless_closed
        self._clock = clock
        self._rng = rng or random.Random()
        self._limits = RateLimitMemory(clock)
        host = urlsplit(base).hostname or ""
        self._warm_up_spread = 0.0 if is_loopback_host(host) else WARM_UP_SPREAD_SECONDS
        if ssl_context is None and transport is None:
            ssl_context = tls.create_ssl_context()
        self._http_options: dict[str, Any] = {
            "base_url": base + API_PATH,
            "headers": {
                "apikey": api_key.strip(),
                "User-Agent": f"pos-profile/{pos_profile.__version__}",
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
            "timeout": (timeout_seconds, connect_timeout_seconds),
            "verify": ssl_context if ssl_context is not None else True,
            "transport": transport,
        }
        self._http_client: httpx.Client | None = None
        self._http_lock = threading.Lock()
        # httpx logs every request URL at INFO; URLs carry personal values in the query.
        for name in ("httpx", "httpcore"):
            logging.getLogger(name).setLevel(logging.WARNING)

    @property
    def _http(self) -> httpx.Client:
        """The one ``httpx.Client``, made by the first request (see the imports above).
        Raises RequestCancelledError once the client is closed."""
        client = self._http_client
        if client is not None:
            return client
        with self._http_lock:  # not the close lock: close() never waits for the imports
            if self._http_client is None:
                client = self._new_http_client()
                with self._close_lock:
                    self._http_client = client
                    if self._closed.is_set():  # closed meanwhile: close() may have missed it
                        client.close()
            if self._closed.is_set():
                raise errors.RequestCancelledError()
            return self._http_client

    def _new_http_client(self) -> httpx.Client:
        import httpx

        options = self._http_options
        read, connect = options["timeout"]
        return httpx.Client(
            base_url=options["base_url"],
            headers=options["headers"],
            timeout=httpx.Timeout(read, connect=connect, pool=connect),
            verify=options["verify"],
            trust_env=True,
            transport=options["transport"],
            follow_redirects=False,
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=4),
        )

    @classmethod
    def from_settings(
        cls,
        engage: EngageSettings,
        api_key: str,
        *,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> EngageClient:
        """The client ``[engage]`` describes: address, contact type, timeouts, TLS (the OS
        trust store plus ``ca_file``).

        ``base_url`` replaces ``engage.base_url`` (the demo sandbox). Raises
        ConfigurationError when there is no address, no key, or ``ca_file`` is unusable.
        """
        address = base_url or engage.base_url
        if not address:
            raise errors.ConfigurationError(
                N_(
                    ERRORS,
                    "No Engage address is configured. Ask store IT to set [engage] base_url.",
                )
            )
        context = None if transport is not None else tls.create_ssl_context(engage.ca_file)
        return cls(
            address,
            api_key,
            contact_type=engage.contact_type,
            timeout_seconds=engage.timeout_seconds,
            connect_timeout_seconds=engage.connect_timeout_seconds,
            ssl_context=context,
            transport=transport,
        )

    # ------------------------------------------------------------------ public calls

    def contact_overview(
        self, lookup: Lookup, contact_type: str | None = None
    ) -> models.ContactOverview:
        """The enriched profile of the contact ``lookup`` identifies."""
        from pos_profile.engage import models

        params = query_params(lookup, contact_type or self.contact_type)
        body = self._get("/contactoverview", params, what=lookup.kind.label)
        return self._parse(models.parse_contact_overview, body)

    def point_accounts(self, contact_id: str) -> models.PointAccounts:
        """The contact's point accounts (v3 moved points out of the overview).

        Failures raise the usual error classes, worded for points
        (:func:`~pos_profile.errors.reworded_for_points`). A background request: while the
        client holds back after a 429 it waits longer than a lookup, or fails at once with
        RateLimitedError when the hold is beyond the budget; a 429 is not retried."""
        from pos_profile.engage import models

        try:
            body = self._get(
                "/point-accounts",
                {"contactId": contact_id},
                what="point accounts",
                priority=Priority.BACKGROUND,
            )
            return self._parse(models.parse_point_accounts, body)
        except errors.EngageError as exc:
            raise errors.reworded_for_points(exc) from None

    def check_connection(self) -> None:
        """One harmless request proving the address, TLS and key work.

        Looks up a contactId that cannot exist: 404 (or a 400 about the id) means the
        address, TLS and key all work. Raises AuthRefusedError, OfflineError, TlsError,
        RequestTimeoutError or ServerError otherwise.
        """
        try:
            self._get("/contactoverview", {"contactId": PROBE_CONTACT_ID}, what="probe")
        except (errors.ContactNotFoundError, errors.IdentifierRejectedError):
            return

    def check_tenant(self, contact_type: str | None = None) -> None:
        """One harmless GET proving the address, TLS, the key AND the contact type.

        Asks for a member number nobody has (:data:`PROBE_MEMBER_NUMBER`) with
        ``contactType`` (default: the client's). Returns on 404 (and on 200/409: the type
        exists). Raises IdentifierRejectedError with ``error_code="InvalidContactType"``
        (audience ADMIN) when Engage does not know the type, IdentifierRejectedError for any
        other 400, AuthRefusedError on 401/403, and OfflineError, TlsError,
        RequestTimeoutError, ServerError... as every request does (same retries).
        """
        params = {
            "contactType": contact_type or self.contact_type,
            "customKey": PROBE_MEMBER_NUMBER,
        }
        try:
            self._get("/contactoverview", params, what="tenant check")
        except (errors.ContactNotFoundError, errors.MultipleMatchesError):
            return

    def warm_up(self, spread_seconds: float | None = None) -> None:
        """Open the connection ahead of the first scan; failures are only logged.

        With the fleet-aware policy it first waits a random part of ``spread_seconds``
        (default :data:`~.backoff.WARM_UP_SPREAD_SECONDS`; 0 for a loopback address, the
        sandbox of one till; :meth:`close` cuts the wait short), then probes only if this
        client has sent nothing yet (a lookup came first: the connection is open) and holds
        back for no 429; one attempt, never retried. Tills that reconnect together then do
        not probe together, and a probe costs the shared key at most one request per start.
        """
        if self._retry.fleet_aware:
            spread = self._warm_up_spread if spread_seconds is None else spread_seconds
            if spread > 0:
                self._sleep(self._rng.uniform(0.0, spread))
            if self.closed or self._limits.requests or self._limits.hold_seconds() > 0:
                log.info("warm-up skipped: a request came first, or Engage asked to hold back")
                return
        try:
            self._probe(attempts=1 if self._retry.fleet_aware else None)
        except errors.EngageError as exc:
            log.info("warm-up failed: %s", type(exc).__name__)

    def _probe(self, attempts: int | None) -> None:
        try:
            self._get(
                "/contactoverview",
                {"contactId": PROBE_CONTACT_ID},
                what="probe",
                max_attempts=attempts,
            )
        except (errors.ContactNotFoundError, errors.IdentifierRejectedError):
            return

    @property
    def rate_limit(self) -> RateLimitMemory:
        """What this client learnt from Engage's 429s (and how many requests it sent)."""
        return self._limits

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def close(self) -> None:
        """Close the client. Safe from any thread, any number of times; requests in flight
        end promptly with RequestCancelledError, as does every later call."""
        self._closed.set()
        with self._sockets_lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)
        with self._close_lock:
            if self._http_client is not None:
                self._http_client.close()

    def __enter__(self) -> EngageClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ internals

    def _get(
        self,
        path: str,
        params: Mapping[str, str],
        *,
        what: str,
        priority: Priority = Priority.LOOKUP,
        max_attempts: int | None = None,
    ) -> bytes:
        policy = self._retry
        attempts_allowed = max_attempts or policy.max_attempts
        started = self._clock()
        waited = 0.0
        attempt = 0
        covered = float("-inf")  # the hold this request has already waited out itself
        while True:
            attempt += 1
            if policy.fleet_aware:
                waited += self._hold_back(what, priority, waited, covered)
                self._limits.note_request()
            t0 = self._clock()
            try:
                status, headers, body = self._send(path, params)
            except errors.RequestCancelledError:
                log.info("%s cancelled (attempt %d)", what, attempt)
                raise
            except errors.EngageError as exc:
                retryable = isinstance(exc, errors.OfflineError) and not isinstance(
                    exc, errors.TlsError
                )
                delay = self._backoff(attempt)
                if retryable and self._may_retry(attempt, waited, delay, attempts_allowed):
                    log.info("%s: %s, retry %d in %.2f s", what, type(exc).__name__, attempt, delay)
                    self._sleep(delay)
                    waited += delay
                    continue
                log.warning(
                    "%s failed after %d attempt(s), %.0f ms: %s%s",
                    what,
                    attempt,
                    (self._clock() - started) * 1000,
                    type(exc).__name__,
                    f" ({exc.reason.value})"
                    if isinstance(exc, errors.TlsError) and exc.reason
                    else "",
                )
                raise
            elapsed_ms = (self._clock() - t0) * 1000
            log.info("%s: HTTP %d in %.1f ms (attempt %d)", what, status, elapsed_ms, attempt)
            if status == 200:
                return body
            if status in policy.retry_statuses:
                pause = self._retry_delay(status, headers, attempt)
                if status == 429 and policy.fleet_aware:
                    covered = self._limits.limited_for(pause)
                    if priority is Priority.BACKGROUND:
                        raise errors.RateLimitedError(_retry_after_seconds(headers))
                if self._may_retry(attempt, waited, pause, attempts_allowed):
                    self._sleep(pause)
                    waited += pause
                    continue
                if status == 429:
                    raise errors.RateLimitedError(_retry_after_seconds(headers))
            raise _status_error(status, body)

    def post(
        self,
        path: str,
        payload: Mapping[str, Any] | None = None,
        *,
        what: str,
        read_timeout_seconds: float | None = None,
    ) -> tuple[int, bytes]:
        """Send one POST (``path`` below ``/api/v3``) and return its status and body.

        Sent exactly once: never retried, whatever happens (a POST that may have taken effect
        is checked with a GET by the caller, never repeated blindly). Same headers, TLS,
        socket tracking and :meth:`close` behaviour as every GET; the read timeout is
        ``read_timeout_seconds`` (default: the client's ``post_read_timeout_seconds``,
        :data:`POST_READ_TIMEOUT_SECONDS` unless a test shortens it). Transport
        failures raise the usual errors (OfflineError, RequestTimeoutError, TlsError,
        RequestCancelledError); any HTTP status is returned, not raised.
        """
        read_timeout = (
            self._post_read_timeout if read_timeout_seconds is None else read_timeout_seconds
        )
        if self._retry.fleet_aware:
            self._limits.note_request()
        content = json.dumps(dict(payload)).encode() if payload is not None else b""
        started = self._clock()
        try:
            status, _headers, body = self._send(
                path, {}, method="POST", content=content, read_timeout=read_timeout
            )
        except errors.EngageError as exc:
            log.warning(
                "%s failed after %.0f ms: %s (not retried)",
                what,
                (self._clock() - started) * 1000,
                type(exc).__name__,
            )
            raise
        log.info("%s: HTTP %d in %.1f ms", what, status, (self._clock() - started) * 1000)
        return status, body

    def get_json(self, path: str, params: Mapping[str, str], *, what: str) -> bytes:
        """A GET below ``/api/v3`` with the usual retries; the 200 body, else the mapped
        error (:func:`status_error`)."""
        return self._get(path, params, what=what)

    def _send(
        self,
        path: str,
        params: Mapping[str, str],
        *,
        method: str = "GET",
        content: bytes | None = None,
        read_timeout: float | None = None,
    ) -> tuple[int, httpx.Headers, bytes]:
        if self._closed.is_set():
            raise errors.RequestCancelledError()
        try:
            return self._exchange(path, params, method, content, read_timeout)
        except errors.EngageError:
            if self._closed.is_set():
                raise errors.RequestCancelledError() from None
            raise
        except Exception as exc:
            if self._closed.is_set():
                # closed under our feet: a reset socket, or httpx's "client has been closed"
                raise errors.RequestCancelledError() from None
            import httpx  # imported by the request that failed

            if isinstance(exc, httpx.TransportError | httpx.DecodingError):
                raise _transport_error(exc) from None
            raise

    def _exchange(
        self,
        path: str,
        params: Mapping[str, str],
        method: str = "GET",
        content: bytes | None = None,
        read_timeout: float | None = None,
    ) -> tuple[int, httpx.Headers, bytes]:
        import httpx

        extensions = {"trace": self._trace}
        current = self._http.timeout
        timeout = httpx.Timeout(
            connect=current.connect,
            read=current.read if read_timeout is None else read_timeout,
            write=current.write,
            pool=current.pool,
        )
        with self._http.stream(
            method,
            path,
            params=params or None,
            content=content,
            extensions=extensions,
            timeout=timeout,
        ) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                raise errors.UnreadableResponseError(_TOO_LARGE, status=response.status_code)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise errors.UnreadableResponseError(_TOO_LARGE, status=response.status_code)
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's ``trace`` extension: remember every socket opened, so that close()
        can shut it down under a thread blocked reading from it."""
        if not event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            return
        get_extra_info = getattr(info.get("return_value"), "get_extra_info", None)
        sock = get_extra_info("socket") if callable(get_extra_info) else None
        if not isinstance(sock, socket.socket):
            return
        with self._sockets_lock:
            self._sockets.add(sock)
        if self._closed.is_set():
            _shutdown(sock)

    def _wait_unless_closed(self, seconds: float) -> None:
        self._closed.wait(seconds)

    def _parse(self, parse: Callable[[bytes], T], body: bytes) -> T:
        from pydantic import ValidationError

        try:
            return parse(body)
        except ValidationError:
            log.warning("unreadable response body (%d bytes)", len(body))
            raise errors.UnreadableResponseError(status=200) from None

    def _hold_back(self, what: str, priority: Priority, waited: float, covered: float) -> float:
        """Wait out a 429 another request of this client met (not one this request has
        already waited for); the time waited. RateLimitedError when it is beyond the budget."""
        if self._limits.until <= covered:
            return 0.0
        hold = self._limits.hold_seconds()
        if hold <= 0:
            return 0.0
        if priority is Priority.BACKGROUND:
            hold = deferred_delay(hold, self._retry.retry_after_spread_seconds, self._rng)
        if waited + hold > self._retry.budget_seconds:
            log.info("%s not sent: Engage asked to hold back %.1f s", what, hold)
            raise errors.RateLimitedError(hold)
        log.info("%s waits %.2f s: Engage asked to hold back", what, hold)
        self._sleep(hold)
        return hold

    def _backoff(self, attempt: int) -> float:
        policy = self._retry
        return backoff_delay(attempt, policy.backoff_seconds, policy.jitter, self._rng)

    def _retry_delay(self, status: int, headers: httpx.Headers, attempt: int) -> float:
        policy = self._retry
        if status == 429:
            retry_after = _retry_after_seconds(headers)
            if retry_after is not None or policy.fleet_aware:
                return retry_after_delay(retry_after, policy.retry_after_spread_seconds, self._rng)
        return self._backoff(attempt)

    def _may_retry(self, attempt: int, waited: float, delay: float, attempts_allowed: int) -> bool:
        return attempt < attempts_allowed and waited + delay <= self._retry.budget_seconds


# --------------------------------------------------------------------------- helpers


def _transport_error(exc: Exception) -> errors.EngageError:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            return errors.RequestTimeoutError(
                N_(ERRORS, "Loyalty could not be reached in time. The sale can go on without it.")
            )
        return errors.RequestTimeoutError()
    if isinstance(exc, httpx.ConnectError):
        if _caused_by_tls(exc):
            return errors.TlsError(reason=_tls_reason(exc))
        return errors.OfflineError()
    # reset, disconnect mid-body, proxy trouble, broken chunked/gzip encoding
    return errors.OfflineError(
        N_(ERRORS, "The connection to loyalty broke off. The sale can go on without it.")
    )


def _shutdown(sock: socket.socket) -> None:
    """Wake a thread blocked on ``sock`` (close() alone does not, on Linux)."""
    try:
        if sock.fileno() != -1:
            # the plain socket's shutdown, also for an SSLSocket: SSLSocket.shutdown would
            # drop its SSL object under the reading thread's feet
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, ValueError):
        pass


def status_error(status: int, body: bytes) -> errors.EngageError:
    """The error an answer other than 200 means (a body of any shape is read)."""
    return _status_error(status, body)


def _status_error(status: int, body: bytes) -> errors.EngageError:
    from pos_profile.engage import models

    parsed = models.parse_error_body(body)
    code = parsed.error_code
    if status == 400:
        return errors.IdentifierRejectedError(parsed.inferred_code)
    if status in (401, 403):
        return errors.AuthRefusedError(status=status, error_code=code)
    if status == 404:
        return errors.ContactNotFoundError(status=status, error_code=code)
    if status == 409:
        return errors.MultipleMatchesError(parsed.candidate_ids)
    if status == 429:
        return errors.RateLimitedError()
    if code == "InvalidSystemConfiguration":
        err = errors.ServerError(
            N_(
                ERRORS,
                "Engage reports a configuration problem for this kind of lookup. "
                "Ask store IT to contact Voyado.",
            ),
            status=status,
            error_code=code,
        )
        err.audience = errors.Audience.ADMIN
        return err
    if 300 <= status < 400:
        err = errors.ServerError(
            Message(
                N_(
                    ERRORS,
                    "Engage answered with a redirect (HTTP {status}). "
                    "Ask store IT to check [engage] base_url.",
                ),
                {"status": status},
            ),
            status=status,
        )
        err.audience = errors.Audience.ADMIN
        return err
    if status >= 500:
        return errors.ServerError(status=status, error_code=code)
    return errors.ServerError(
        Message(
            N_(
                ERRORS,
                "Loyalty gave an unexpected answer (HTTP {status}). The sale can go on without it.",
            ),
            {"status": status},
        ),
        status=status,
        error_code=code,
    )


def _retry_after_seconds(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


_OPENSSL_CLOCK_CODES = frozenset({9, 10})  # X509_V_ERR_CERT_NOT_YET_VALID / _HAS_EXPIRED
_OPENSSL_NAME_CODES = frozenset({62, 64})  # X509_V_ERR_HOSTNAME_MISMATCH / _IP_ADDRESS_MISMATCH


def _tls_reason(exc: BaseException) -> errors.TlsReason | None:
    """Why the certificate was refused, from the verifier's error (OpenSSL, or truststore's
    Windows/macOS verifiers, whose codes differ: their message text decides there)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            code = getattr(seen, "verify_code", None)
            text = f"{getattr(seen, 'verify_message', '')} {seen}".lower()
            if code in _OPENSSL_CLOCK_CODES or "expired" in text or "not yet valid" in text:
                return errors.TlsReason.CLOCK
            if code in _OPENSSL_NAME_CODES or any(
                word in text for word in ("hostname", "host name", "mismatch")
            ):
                return errors.TlsReason.HOSTNAME
            return errors.TlsReason.UNTRUSTED
        seen = seen.__cause__ or seen.__context__
    text = str(exc).upper()
    if "CERTIFICATE_VERIFY_FAILED" in text or "CERTIFICATE VERIFY FAILED" in text:
        return errors.TlsReason.UNTRUSTED
    return None


def _caused_by_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE" in str(exc).upper() or "SSL" in str(exc).upper()


__all__ = [
    "POST_READ_TIMEOUT_SECONDS",
    "PROBE_CONTACT_ID",
    "PROBE_MEMBER_NUMBER",
    "EngageClient",
    "RetryPolicy",
    "check_base_url",
    "status_error",
]
