"""The API key in the keyring: stored per tenant, validated, never in plaintext, never echoed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import chainer, fail, null

from pos_profile import logs
from pos_profile.credentials import (
    MAX_KEY_CHARS,
    CredentialStore,
    platform_fix,
    validate_api_key,
)
from pos_profile.errors import ConfigurationError, CredentialError, InvalidInputError
from tests.helpers.memory_keyring import MemoryKeyring

URL = "https://tenant.voyado.com"
KEY = "0f3c9a7e-5b1d-4e2a-9c8b-7a6d5e4f3c2b"


@pytest.fixture(autouse=True)
def _forget_secrets() -> Iterator[None]:
    yield
    logs._forget_secrets()


class RaisingKeyring(keyring.backend.KeyringBackend):
    """A backend whose every call fails the way a locked or broken store does."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


class FakePlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring without installing keyrings.alt."""


FakePlaintextKeyring.__module__ = "keyrings.alt.file"


# --------------------------------------------------------------------------- happy path


def test_set_get_delete_round_trip(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore(URL)
    assert store.get() is None
    assert store.has_key() is False
    store.set(KEY)
    assert store.get() == KEY
    assert store.has_key() is True
    assert memory_keyring.store == {("pos-profile", URL): KEY}
    assert store.delete() is True
    assert store.get() is None
    assert store.delete() is False
    assert memory_keyring.store == {}


def test_user_is_the_normalised_base_url(memory_keyring: MemoryKeyring) -> None:
    CredentialStore("https://Tenant.Voyado.com/api/v3/").set(KEY)
    assert CredentialStore(URL).get() == KEY
    assert list(memory_keyring.store) == [("pos-profile", URL)]


def test_each_tenant_has_its_own_key(memory_keyring: MemoryKeyring) -> None:
    CredentialStore(URL).set(KEY)
    sandbox = CredentialStore("http://127.0.0.1:8080")
    assert sandbox.get() is None
    sandbox.set("sandbox-key")
    assert CredentialStore(URL).get() == KEY
    assert sandbox.get() == "sandbox-key"


def test_surrounding_whitespace_from_a_paste_is_dropped(memory_keyring: MemoryKeyring) -> None:
    CredentialStore(URL).set(f"  {KEY}\r\n")
    assert memory_keyring.store[("pos-profile", URL)] == KEY


def test_explicit_backend_is_used_instead_of_the_default(memory_keyring: MemoryKeyring) -> None:
    own = MemoryKeyring()
    CredentialStore(URL, backend=own).set(KEY)
    assert own.store == {("pos-profile", URL): KEY}
    assert memory_keyring.store == {}


def test_backend_name(memory_keyring: MemoryKeyring) -> None:
    assert CredentialStore(URL).backend_name() == "memory keyring MemoryKeyring"
    assert CredentialStore(URL, backend=fail.Keyring()).backend_name() == "fail Keyring"


def test_delete_when_backend_says_nothing_there(memory_keyring: MemoryKeyring) -> None:
    class Racing(MemoryKeyring):
        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.PasswordDeleteError("gone")

    store = CredentialStore(URL, backend=Racing())
    store.set(KEY)
    assert store.delete() is False


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("abc def", "spaces or line breaks"),
        ("abc\ndef", "spaces or line breaks"),
        ("abc\u00a0def", "spaces or line breaks"),
        ("abc\x00def", "control characters"),
        ("abc\u200bdef", "control characters"),
        ("nyckel-åäö", "ASCII"),
        ("k" * (MAX_KEY_CHARS + 1), f"at most {MAX_KEY_CHARS}"),
    ],
)
def test_bad_keys_are_refused_and_nothing_is_stored(
    memory_keyring: MemoryKeyring, key: str, reason: str
) -> None:
    with pytest.raises(InvalidInputError, match=reason) as info:
        CredentialStore(URL).set(key)
    assert memory_keyring.store == {}
    if key.strip():
        assert key.strip() not in info.value.message


def test_windows_limit_is_1280_characters() -> None:
    assert MAX_KEY_CHARS == 1280  # CRED_MAX_CREDENTIAL_BLOB_SIZE 2560 bytes / 2 bytes (UTF-16)
    assert validate_api_key("k" * 1280) == "k" * 1280


def test_longest_key_round_trips(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore(URL)
    store.set("k" * MAX_KEY_CHARS)
    assert store.get() == "k" * MAX_KEY_CHARS


@pytest.mark.parametrize("base_url", ["", "   ", "http://tenant.voyado.com", "not a url"])
def test_store_needs_a_usable_base_url(base_url: str) -> None:
    with pytest.raises(ConfigurationError):
        CredentialStore(base_url)


# --------------------------------------------------------------------------- no plaintext


@pytest.fixture
def tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name, sub in [
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ]:
        monkeypatch.setenv(name, str(home / sub))
    return home


def test_fail_backend_gives_a_clear_error_and_writes_nothing(tmp_home: Path) -> None:
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = CredentialStore(URL)
        for call in (lambda: store.set(KEY), store.get, store.delete, store.has_key):
            with pytest.raises(CredentialError) as info:
                call()
            message = info.value.message
            assert "fail Keyring" in message
            assert "plain file" in message
            assert KEY not in message
            assert info.value.exit_code == 5
        assert store.backend_name() == "fail Keyring"
    finally:
        keyring.set_keyring(old)
    assert [p for p in tmp_home.rglob("*")] == []


@pytest.mark.parametrize(
    "backend",
    [null.Keyring(), FakePlaintextKeyring()],
    ids=["null", "keyrings.alt"],
)
def test_non_os_backends_are_refused(backend: keyring.backend.KeyringBackend) -> None:
    store = CredentialStore(URL, backend=backend)
    with pytest.raises(CredentialError, match="never stores the API key in a plain file"):
        store.set(KEY)
    if isinstance(backend, MemoryKeyring):
        assert backend.store == {}


def test_chainer_uses_its_best_os_backend_and_skips_plaintext() -> None:
    real, plain = MemoryKeyring(), FakePlaintextKeyring()

    class Chain(chainer.ChainerBackend):
        backends = (plain, real)

    store = CredentialStore(URL, backend=Chain())
    store.set(KEY)
    assert real.store == {("pos-profile", URL): KEY}
    assert plain.store == {}
    assert store.backend_name() == "memory keyring MemoryKeyring"


def test_chainer_with_nothing_usable_is_refused() -> None:
    class Chain(chainer.ChainerBackend):
        backends = (FakePlaintextKeyring(),)

    with pytest.raises(CredentialError, match="No usable system keyring"):
        CredentialStore(URL, backend=Chain()).get()


# --------------------------------------------------------------------------- broken stores


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock the collection!"), "is locked"),
        (
            keyring.errors.InitError("Failed to create the collection: Prompt dismissed.."),
            "unlock prompt was dismissed",
        ),
        (keyring.errors.NoKeyringError("none"), "no usable keyring backend"),
        (OSError(1783, "The stub received bad data"), "reported OSError"),
    ],
)
def test_backend_failures_become_credential_errors(
    error: Exception, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = CredentialStore(URL, backend=RaisingKeyring(error))
    with caplog.at_level(logging.DEBUG):
        for call in (lambda: store.set(KEY), store.get, store.delete):
            with pytest.raises(CredentialError, match=reason) as info:
                call()
            assert "To fix: " in info.value.message
            assert KEY not in info.value.message
            assert "\n" not in info.value.message
    assert KEY not in caplog.text


def test_fix_names_what_to_do_on_each_platform() -> None:
    assert "gnome-keyring" in platform_fix("linux")
    assert "D-Bus" in platform_fix("linux")
    assert "Credential Manager" in platform_fix("win32")
    assert "login keychain" in platform_fix("darwin")


# --------------------------------------------------------------------------- logs


def test_key_is_redacted_from_logs_once_loaded(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.store[("pos-profile", URL)] = KEY
    assert logs.redact(f"header apikey={KEY}") == "header apikey=[secret]"
    # a bare key is not recognisable by its shape until it has been loaded ...
    assert logs.redact(f"debug dump {KEY} end") == f"debug dump {KEY} end"
    CredentialStore(URL).get()
    # ... from then on it is removed wherever it appears
    assert logs.redact(f"debug dump {KEY} end") == "debug dump [secret] end"


def test_store_logs_never_contain_the_key(
    memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        store = CredentialStore(URL)
        store.set(KEY)
        store.get()
        store.delete()
    assert "API key stored" in caplog.text
    assert KEY not in caplog.text
