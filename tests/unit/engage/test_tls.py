"""The TLS context: the OS trust store via truststore, always verifying, plus ca_file."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
import trustme
import truststore

from pos_profile import errors
from pos_profile.engage import tls


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA(organization_name="pos-profile unit-test CA")


def test_the_context_is_the_os_trust_store_and_always_verifies() -> None:
    context = tls.create_ssl_context()
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_ca_file_is_loaded_on_top_of_the_os_store(ca: trustme.CA, tmp_path: Path) -> None:
    """(truststore's context cannot list its CAs; tests/integration/test_tls.py shows a
    server certificate of this CA accepted through it.)"""
    pem = tmp_path / "company.pem"
    ca.cert_pem.write_to_path(str(pem))
    context = tls.create_ssl_context(pem)
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_a_bundle_with_several_cas_and_comments(ca: trustme.CA, tmp_path: Path) -> None:
    pem = tmp_path / "bundle.pem"
    pem.write_bytes(b"# company bundle\n" + ca.cert_pem.bytes() + trustme.CA().cert_pem.bytes())
    assert tls.ca_file_problem(pem) is None
    plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    plain.load_verify_locations(cafile=str(pem))
    assert len(plain.get_ca_certs()) == 2
    tls.create_ssl_context(pem)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "file not found"),
        (b"", "not a PEM file of CA certificates (no BEGIN CERTIFICATE block)"),
        (
            b"\x30\x82\x03\x00" * 20,
            "not a PEM file of CA certificates (no BEGIN CERTIFICATE block)",
        ),
        (
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "not a readable PEM file of CA certificates",
        ),
    ],
)
def test_ca_file_problems(tmp_path: Path, content: bytes | None, problem: str) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_bytes(content)
    assert tls.ca_file_problem(path) == problem
    with pytest.raises(errors.ConfigurationError) as info:
        tls.create_ssl_context(path)
    assert info.value.message == f"[engage] ca_file: {problem}. Ask store IT to fix the setting."
    assert str(tmp_path) not in info.value.message


def test_ca_file_that_is_a_directory(tmp_path: Path) -> None:
    assert tls.ca_file_problem(tmp_path) == "is a directory, not a PEM file"


def test_ca_file_that_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ca.pem"
    path.write_text("x", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert tls.ca_file_problem(path) == "cannot read the file (permission denied)"
