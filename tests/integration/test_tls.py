"""TLS and proxies over real loopback sockets: the OS trust store, ``[engage] ca_file``,
certificate problems worded for store IT, and an HTTP CONNECT proxy from the environment.

The server is the project's sandbox with its socket wrapped in a TLS context; its
certificate comes from a throw-away CA (trustme) that no real trust store holds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import socket
import ssl
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from pos_profile import errors
from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.sandbox import DEMO_API_KEY
from pos_profile.sandbox.server import SandboxServer
from pos_profile.settings import EngageSettings, load_settings

MEMBER = Lookup(LookupKind.CUSTOM_KEY, "7001234567")
ASTRID = "50a74cff-026f-4c84-aa8f-f5f8d837115f"
NO_RETRY = RetryPolicy(max_attempts=1)
PROXY_VARIABLES = (
    "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
    "NO_PROXY", "no_proxy",
)  # fmt: skip


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA(organization_name="pos-profile test CA (throw-away)")


@pytest.fixture(scope="module")
def ca_pem(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "company-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def server_context(ca: trustme.CA, *names: str, **issue: object) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*(names or ("localhost", "127.0.0.1")), **issue).configure_cert(context)  # type: ignore[arg-type]
    return context


@pytest.fixture(scope="module")
def https_sandbox(ca: trustme.CA) -> Iterator[SandboxServer]:
    with SandboxServer(api_key=DEMO_API_KEY, ssl_context=server_context(ca)) as server:
        yield server


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests decide about proxies: none of the machine's own settings leak in."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def settings_with(base_url: str, ca_file: Path | None = None) -> EngageSettings:
    return EngageSettings(
        base_url=base_url,
        ca_file=str(ca_file) if ca_file else None,
        timeout_seconds=5.0,
        connect_timeout_seconds=3.0,
    )


def tls_failure(base_url: str, ca_file: Path | None = None) -> errors.TlsError:
    """The TlsError a lookup against ``base_url`` raises."""
    with EngageClient.from_settings(settings_with(base_url, ca_file), DEMO_API_KEY) as client:
        try:
            client.contact_overview(MEMBER)
        except errors.TlsError as exc:
            return exc
    raise AssertionError("the lookup did not fail on TLS")


# --------------------------------------------------------------------------- trust


def test_a_certificate_from_an_unknown_ca_is_refused_for_store_it(
    https_sandbox: SandboxServer,
) -> None:
    assert https_sandbox.base_url.startswith("https://")
    before = len(https_sandbox.requests)
    failure = tls_failure(https_sandbox.base_url)
    assert failure.reason is errors.TlsReason.UNTRUSTED
    assert "not trusted" in failure.message
    assert "[engage] ca_file" in failure.message
    assert failure.audience is errors.Audience.ADMIN
    assert failure.exit_code == 6
    assert failure.__cause__ is None
    assert len(https_sandbox.requests) == before  # nothing was sent over the refused channel


def test_check_connection_reports_the_untrusted_certificate(https_sandbox: SandboxServer) -> None:
    with (
        EngageClient(https_sandbox.base_url, DEMO_API_KEY) as client,
        pytest.raises(errors.TlsError) as info,
    ):
        client.check_tenant()
    assert info.value.reason is errors.TlsReason.UNTRUSTED


def test_ca_file_is_trusted_on_top_of_the_system_store(
    https_sandbox: SandboxServer, ca_pem: Path
) -> None:
    engage = settings_with(https_sandbox.base_url, ca_pem)
    with EngageClient.from_settings(engage, DEMO_API_KEY) as client:
        assert client.contact_overview(MEMBER).id == ASTRID
        assert client.point_accounts(ASTRID).main is not None
        client.check_tenant()


def test_a_relative_ca_file_from_the_config_file_works_end_to_end(
    https_sandbox: SandboxServer, ca: trustme.CA, tmp_path: Path
) -> None:
    (tmp_path / "certs").mkdir()
    ca.cert_pem.write_to_path(str(tmp_path / "certs" / "ca.pem"))
    config = tmp_path / "config.toml"
    config.write_text(
        f'[engage]\nbase_url = "{https_sandbox.base_url}"\nca_file = "certs/ca.pem"\n',
        encoding="utf-8",
    )
    settings = load_settings(config, environ={}, site_path=tmp_path / "no-site.toml")
    assert settings.engage.ca_file == str(tmp_path / "certs" / "ca.pem")
    with EngageClient.from_settings(settings.engage, DEMO_API_KEY) as client:
        assert client.contact_overview(MEMBER).id == ASTRID


def test_a_certificate_for_another_host_is_refused_even_from_a_trusted_ca(
    ca: trustme.CA, ca_pem: Path
) -> None:
    context = server_context(ca, "engage.example.org")
    with SandboxServer(api_key=DEMO_API_KEY, ssl_context=context) as server:
        failure = tls_failure(server.base_url, ca_pem)
    assert failure.reason is errors.TlsReason.HOSTNAME
    assert "does not match its address" in failure.message


def test_an_expired_certificate_points_at_the_clock(ca: trustme.CA, ca_pem: Path) -> None:
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    context = server_context(
        ca, "localhost", "127.0.0.1", not_before=past, not_after=past + dt.timedelta(days=1)
    )
    with SandboxServer(api_key=DEMO_API_KEY, ssl_context=context) as server:
        failure = tls_failure(server.base_url, ca_pem)
    assert failure.reason is errors.TlsReason.CLOCK
    assert "clock" in failure.message


_SYSTEM_STORE_CHILD = textwrap.dedent(
    """
    import json, ssl, sys
    import truststore  # noqa: F401  (loads truststore._api)
    from pos_profile.engage.client import EngageClient
    from pos_profile.lookup import Lookup, LookupKind
    from pos_profile.settings import EngageSettings

    result = {
        "verify_paths_cafile": ssl.get_default_verify_paths().cafile,
        "truststore_backend": sys.modules["truststore._api"]._configure_context.__module__,
    }
    engage = EngageSettings(base_url=sys.argv[1])  # no ca_file: the system store only
    with EngageClient.from_settings(engage, sys.argv[2]) as client:
        overview = client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    result["contact_id"] = overview.id
    print(json.dumps(result))
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="SSL_CERT_FILE is OpenSSL's: Linux only")
def test_a_ca_in_the_system_store_is_trusted_without_ca_file(
    https_sandbox: SandboxServer, ca_pem: Path, tmp_path: Path
) -> None:
    """On Linux truststore verifies with OpenSSL's default verify paths (it calls
    ``set_default_verify_paths()`` on every handshake), and OpenSSL takes those from
    ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when set: a bundle holding the company CA there is
    what "IT installed the CA in the system store" looks like to the real code path."""
    bundle = tmp_path / "system-bundle.pem"
    bundle.write_bytes(ca_pem.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env.pop("SSL_CERT_DIR", None)
    env["SSL_CERT_FILE"] = str(bundle)
    child = subprocess.run(
        [sys.executable, "-c", _SYSTEM_STORE_CHILD, https_sandbox.base_url, DEMO_API_KEY],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["truststore_backend"] == "truststore._openssl"
    assert result["verify_paths_cafile"] == str(bundle)
    assert result["contact_id"] == ASTRID


# --------------------------------------------------------------------------- proxies


class ConnectProxy:
    """An HTTP CONNECT proxy on loopback that records the tunnels it opened."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.targets: list[str] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._accept_loop, daemon=True)

    def __enter__(self) -> ConnectProxy:
        self._accept.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._accept.join(5)
        for thread in self._threads:
            thread.join(5)
        self.listener.close()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.listener], [], [], 0.1)
            if ready:
                client, _ = self.listener.accept()
                thread = threading.Thread(target=self._tunnel, args=(client,), daemon=True)
                self._threads.append(thread)
                thread.start()

    def _tunnel(self, client: socket.socket) -> None:
        with client:
            client.settimeout(5)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 16384:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            method, target, _ = head.split(b"\r\n", 1)[0].decode("ascii").split(" ", 2)
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            self.targets.append(target)
            host, port = target.rsplit(":", 1)
            with socket.create_connection((host, int(port)), timeout=5) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                self._pipe(client, upstream)

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        peers = {a: b, b: a}
        while not self._stop.is_set():
            ready, _, _ = select.select(list(peers), [], [], 0.1)
            for sock in ready:
                try:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
                except OSError:  # a side hung up mid-handshake (a refused certificate)
                    return


def test_https_goes_through_the_proxy_in_https_proxy(
    https_sandbox: SandboxServer, ca_pem: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpx does not exempt loopback addresses on its own: only NO_PROXY does."""
    with ConnectProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        engage = settings_with(https_sandbox.base_url, ca_pem)
        with EngageClient.from_settings(engage, DEMO_API_KEY) as client:
            assert client.contact_overview(MEMBER).id == ASTRID
        host_port = https_sandbox.base_url.removeprefix("https://")
        assert proxy.targets == [host_port]  # one tunnel, and TLS to the sandbox inside it


def test_the_proxy_does_not_make_an_untrusted_certificate_acceptable(
    https_sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ConnectProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        with (
            EngageClient.from_settings(
                settings_with(https_sandbox.base_url), DEMO_API_KEY
            ) as client,
            pytest.raises(errors.TlsError),
        ):
            client.contact_overview(MEMBER)
        assert len(proxy.targets) == 1


def test_no_proxy_bypasses_the_proxy(
    https_sandbox: SandboxServer, ca_pem: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ConnectProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        engage = settings_with(https_sandbox.base_url, ca_pem)
        with EngageClient.from_settings(engage, DEMO_API_KEY) as client:
            assert client.contact_overview(MEMBER).id == ASTRID
        assert proxy.targets == []


# --------------------------------------------------------------------------- closing


def test_closing_ends_a_hanging_tls_request_promptly(ca: trustme.CA, ca_pem: Path) -> None:
    from pos_profile.sandbox import Fault

    with SandboxServer(api_key=DEMO_API_KEY, ssl_context=server_context(ca)) as server:
        server.faults["*"] = Fault.HANG
        engage = EngageSettings(base_url=server.base_url, ca_file=str(ca_pem), timeout_seconds=30)
        client = EngageClient.from_settings(engage, DEMO_API_KEY)
        outcome: list[BaseException] = []

        def lookup() -> None:
            try:
                client.contact_overview(MEMBER)
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=lookup)
        worker.start()
        assert server.wait_for_requests(1, timeout=10)
        client.close()
        worker.join(timeout=5)  # far below the 30 s read timeout
        assert not worker.is_alive()
        assert [type(e) for e in outcome] == [errors.RequestCancelledError]
