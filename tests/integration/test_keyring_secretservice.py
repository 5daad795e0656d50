"""CredentialStore against a REAL Secret Service (gnome-keyring over D-Bus).

``.ci/run`` runs pytest inside ``dbus-run-session`` with an unlocked gnome-keyring and a
throw-away HOME. Outside CI these tests are skipped when there is no session bus (conftest).
Locally::

    export HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d); unset XDG_DATA_HOME XDG_CONFIG_HOME
    dbus-run-session -- bash -c 'printf %s pw | gnome-keyring-daemon --unlock \
        --components=secrets >/dev/null; exec .venv/bin/python -m pytest \
        tests/integration/test_keyring_secretservice.py'
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_profile.credentials import MAX_KEY_CHARS, CredentialStore

pytestmark = pytest.mark.secretservice


@pytest.fixture
def store() -> Iterator[CredentialStore]:
    """A store for a tenant URL no real till uses, cleaned up even if the test fails."""
    url = f"https://it-{secrets.token_hex(4)}.pos-profile.invalid"
    credential_store = CredentialStore(url)
    yield credential_store
    credential_store.delete()


def test_set_get_delete_with_the_default_backend(store: CredentialStore) -> None:
    key = "it-" + secrets.token_urlsafe(32)
    assert store.backend_name() == "SecretService Keyring"
    assert store.get() is None
    store.set(key)
    assert store.get() == key
    # a second store object (e.g. the next process) finds the same key under the same tenant
    assert CredentialStore(store.user + "/api/v3").get() == key
    assert store.delete() is True
    assert store.get() is None
    assert store.delete() is False


def test_tenants_are_separate_and_set_replaces(store: CredentialStore) -> None:
    other = CredentialStore(store.user.replace("https://it-", "https://other-"))
    try:
        store.set("first-key-aaaaaaaa")
        store.set("second-key-bbbbbbbb")
        assert store.get() == "second-key-bbbbbbbb"
        assert other.get() is None
    finally:
        other.delete()


def test_longest_allowed_key_round_trips(store: CredentialStore) -> None:
    key = secrets.token_urlsafe(MAX_KEY_CHARS)[:MAX_KEY_CHARS]
    store.set(key)
    assert store.get() == key


@pytest.mark.skipif(
    not Path(os.environ.get("HOME", "/"))
    .resolve()
    .is_relative_to(Path(tempfile.gettempdir()).resolve()),
    reason="scans HOME for the key; only with the throw-away HOME of .ci/run",
)
def test_key_is_not_stored_in_plaintext_anywhere_in_home(store: CredentialStore) -> None:
    key = "plain-" + secrets.token_hex(24)
    store.set(key)
    home = Path(os.environ["HOME"])
    leaks = [
        path
        for path in home.rglob("*")
        if path.is_file() and not path.is_symlink() and key.encode() in _read(path)
    ]
    assert leaks == []


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


LOCKED_SCRIPT = """
from pos_profile.credentials import CredentialStore
from pos_profile.errors import CredentialError
store = CredentialStore("https://locked.pos-profile.invalid")
for call in (lambda: store.set("KEY-never-stored-1234"), store.get):
    try:
        call()
        print("NO ERROR")
    except CredentialError as error:
        print("ERROR", error.message)
"""


def test_a_keyring_nobody_unlocked_gives_the_fix_and_does_not_hang(tmp_path: Path) -> None:
    """A fresh session whose gnome-keyring cannot prompt (no display): clear error, no key."""
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", LOCKED_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(("ERROR", "NO "))]
    assert len(lines) == 2, result.stdout + result.stderr
    for line in lines:
        assert line.startswith("ERROR Could not ")
        assert "unlock" in line
        assert "gnome-keyring or KWallet" in line
    assert "KEY-never-stored" not in result.stdout + result.stderr
    assert not any(b"KEY-never-stored" in _read(path) for path in home.rglob("*") if path.is_file())


BACKEND_SCRIPT = """
import sys
if sys.argv[1] == "keyring":
    import keyring
    backend = keyring.get_keyring()
else:
    from pos_profile.credentials import CredentialStore
    store = CredentialStore("https://choice.pos-profile.invalid")
    store.get()
    import keyring
    backend = keyring.get_keyring()
print(type(backend).__module__, type(backend).__qualname__)
print("keyring.backends.macOS" in sys.modules)
"""


def test_the_store_picks_keyrings_backend_without_loading_the_macos_one() -> None:
    """The key is read at start-up: on Linux the backend is found without importing the
    macOS backend (its import runs ldconfig/gcc, 50-70 ms), and it is the one keyring
    itself picks; keyring.get_keyring() afterwards answers the same."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}

    def run(which: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", BACKEND_SCRIPT, which],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        return result.stdout.splitlines()

    assert run("keyring") == ["keyring.backends.SecretService Keyring", "True"]
    assert run("store") == ["keyring.backends.SecretService Keyring", "False"]
