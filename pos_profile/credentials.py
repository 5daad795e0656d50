"""The Engage API key in the operating system's credential store, and nowhere else. No Qt.

The key is stored with :mod:`keyring` under service ``pos-profile`` and user = the configured
base URL, so a till that talks to two tenants (e.g. production and the sandbox) keeps two keys.

There is **no plaintext fallback**. Backends that do not keep the key in an OS credential store
(``keyring.backends.fail``, ``keyring.backends.null``, anything from ``keyrings.alt``, or a chainer
with none of the real ones) are refused with a :class:`CredentialError` that names the backend
and the fix for the platform.

**Every call may block**: the Secret Service can pop up an unlock prompt over D-Bus and the
macOS Keychain can ask for permission. Callers in the GUI must run these methods off the GUI
thread (through the window's ``TaskRunner``); the command line may call them directly.

The key is never put in an exception message or a log record; a key read or written here is
registered with :func:`pos_profile.logs.register_secret` so it is redacted from logs if another
component ever prints it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import unicodedata

import keyring
import keyring.backend
import keyring.core
import keyring.errors
from keyring.backends import chainer, fail, null

from pos_profile.engage.urls import normalise_base_url
from pos_profile.errors import ConfigurationError, CredentialError, InvalidInputError
from pos_profile.i18n import ERRORS, N_, english_only
from pos_profile.logs import register_secret

log = logging.getLogger(__name__)

#: ``CRED_MAX_CREDENTIAL_BLOB_SIZE`` in wincred.h is ``5 * 512`` = 2560 bytes. keyring's Windows
#: backend hands the key to ``CredWriteW`` as a Python ``str``; pywin32(-ctypes) turns it into a
#: ``wchar_t`` (UTF-16) buffer, so the blob is 2 bytes per UTF-16 code unit. Bigger blobs fail
#: with the obscure ``(1783, 'CredWrite', 'The stub received bad data')`` (jaraco/keyring#355).
WINDOWS_MAX_BLOB_BYTES = 5 * 512
#: An API key is printable ASCII (it travels in an HTTP header), one UTF-16 unit per character:
#: 2560 / 2 = 1280 characters. The limit is enforced on every platform so a key that works on a
#: Linux test till also works on a Windows till.
MAX_KEY_CHARS = WINDOWS_MAX_BLOB_BYTES // 2

_FIX = {
    "linux": (
        "install and unlock a Secret Service keyring (gnome-keyring or KWallet) and run "
        "pos-profile inside the desktop session (it needs a D-Bus session bus)"
    ),
    "win32": "check that the Windows Credential Manager service (VaultSvc) is running",
    "darwin": "unlock the login keychain (Keychain Access) and allow pos-profile to use it",
}


def platform_fix(platform: str = sys.platform) -> str:
    """What store IT should do when the keyring cannot be used on ``platform``."""
    key = "linux" if platform.startswith(("linux", "freebsd", "openbsd")) else platform
    return _FIX.get(key, "set up the operating system's credential store")


def _is_refused(backend: keyring.backend.KeyringBackend) -> bool:
    """Backends that would not keep the key in an OS credential store."""
    module = type(backend).__module__
    return (
        isinstance(backend, fail.Keyring | null.Keyring)
        or module == "keyrings.alt"
        or module.startswith("keyrings.alt.")
    )


# --------------------------------------------------------------------------- the default backend

#: keyring's own backends (its ``keyring.backends`` entry points) that cannot work on some
#: platform, by module: importing them there is wasted start-up time. The macOS backend's
#: module looks up the Security framework with ``ctypes.util.find_library``, which on Linux
#: runs ``ldconfig``/``gcc`` (50-70 ms on a till), and its priority refuses any platform but
#: macOS anyway.
_NOT_ON_THIS_PLATFORM = {"keyring.backends.macOS": "darwin"}

_KEYRING_OWN = "keyring.backends."

_detect_lock = threading.Lock()


def default_backend() -> keyring.backend.KeyringBackend:
    """The backend :func:`keyring.get_keyring` gives, found without importing backends that
    cannot work on this platform (see :data:`_NOT_ON_THIS_PLATFORM`).

    keyring's own order is kept: a backend already set (:func:`keyring.set_keyring`),
    ``PYTHON_KEYRING_BACKEND``, keyring's config file, then the viable backend of highest
    priority among keyring's and third-party ones (its ``keyring.backends`` entry points).
    When only keyring's own backends are installed and exactly one viable backend has a
    positive priority, it is the one keyring picks, and it is set as keyring's backend; in
    any other case (a third-party backend; several viable: keyring chains them; none)
    :func:`keyring.get_keyring` decides, as before. Found once per process.
    """
    with _detect_lock:
        if getattr(keyring.core, "_keyring_backend", None) is None:
            chosen = keyring.core.load_env() or keyring.core.load_config() or _single_viable()
            if chosen is not None:
                keyring.set_keyring(chosen)
        return keyring.get_keyring()


def _single_viable() -> keyring.backend.KeyringBackend | None:
    """The only viable backend with a positive priority, or None (none, or several)."""
    if not hasattr(keyring.core, "_keyring_backend"):
        return None  # a keyring whose internals changed: let it detect on its own
    from importlib.metadata import entry_points

    entries = list(entry_points(group="keyring.backends"))
    if any(not entry.value.startswith(_KEYRING_OWN) for entry in entries):
        return None  # a third-party backend is installed: keyring loads and weighs it
    for entry in entries:
        platform = _NOT_ON_THIS_PLATFORM.get(entry.value)
        if platform is not None and not sys.platform.startswith(platform):
            continue
        try:  # as keyring.backend._load_plugins does
            init = entry.load()
            if callable(init):
                init()
        except Exception:
            log.exception("keyring plugin %s could not be loaded", entry.name)
    classes = [
        cls
        for cls in keyring.backend.KeyringBackend.get_viable_backends()
        if not issubclass(cls, chainer.ChainerBackend)  # its priority would load them all
    ]
    backends = []
    for cls in classes:
        with contextlib.suppress(TypeError):  # as keyring.backend.get_all_keyring does
            backends.append(cls())
    positive = [backend for backend in backends if backend.priority > 0]
    return positive[0] if len(positive) == 1 else None


def validate_api_key(api_key: str) -> str:
    """The key without surrounding whitespace, or :class:`InvalidInputError` saying what is wrong.

    The message never contains the key.
    """
    key = api_key.strip()
    if not key:
        raise InvalidInputError(N_(ERRORS, "The API key is empty. Paste the key from Engage."))
    if any(char.isspace() for char in key):
        raise InvalidInputError(
            N_(ERRORS, "The API key contains spaces or line breaks. Paste it again as one word.")
        )
    if any(unicodedata.category(char).startswith("C") for char in key):
        raise InvalidInputError(
            N_(ERRORS, "The API key contains control characters. Paste it again.")
        )
    if not key.isascii():
        raise InvalidInputError(
            N_(
                ERRORS,
                "The API key contains characters other than ASCII letters, digits and punctuation.",
            )
        )
    if len(key.encode("utf-16-le")) > WINDOWS_MAX_BLOB_BYTES:
        raise InvalidInputError(
            english_only(
                f"The API key is {len(key)} characters long; the Windows Credential Manager "
                f"holds at most {MAX_KEY_CHARS}. Check that you pasted only the key."
            )
        )
    return key


class CredentialStore:
    """get/set/delete the API key for one Engage tenant. Every method may block (see module)."""

    SERVICE = "pos-profile"

    def __init__(
        self, base_url: str, *, backend: keyring.backend.KeyringBackend | None = None
    ) -> None:
        if not base_url or not base_url.strip():
            raise ConfigurationError(
                N_(
                    ERRORS,
                    "No Engage base URL is configured, so there is no key to look up. "
                    "Set [engage] base_url first.",
                )
            )
        try:
            self.user = normalise_base_url(base_url)
        except ValueError as exc:
            raise ConfigurationError(english_only(f"The Engage base URL {exc}.")) from None
        self._backend = backend

    # ------------------------------------------------------------------ public API

    def backend_name(self) -> str:
        """Display name of the backend in use, e.g. ``SecretService Keyring``. Never raises."""
        try:
            return self._name(self._resolve())
        except CredentialError:
            return self._name(self._configured())

    def get(self) -> str | None:
        """The stored key, or None when none is stored. CredentialError if the store is unusable."""
        backend = self._usable()
        try:
            value = backend.get_password(self.SERVICE, self.user)
        except Exception as exc:  # backends raise D-Bus, OS and keyring errors
            raise self._failure("read the API key from", backend, exc) from None
        if value:
            register_secret(value)
        return value or None

    def has_key(self) -> bool:
        """True when a key is stored (for ``credentials status`` and the setup check)."""
        return self.get() is not None

    def set(self, api_key: str) -> None:
        """Store ``api_key`` (validated, see :func:`validate_api_key`), replacing any old one."""
        key = validate_api_key(api_key)
        register_secret(key)
        backend = self._usable()
        try:
            backend.set_password(self.SERVICE, self.user, key)
        except Exception as exc:  # see get()
            raise self._failure("store the API key in", backend, exc) from None
        log.info("API key stored in %s (%d characters)", self._name(backend), len(key))

    def delete(self) -> bool:
        """Remove the key. True if one was stored, False if there was nothing to delete."""
        backend = self._usable()
        if self.get() is None:
            return False
        try:
            backend.delete_password(self.SERVICE, self.user)
        except keyring.errors.PasswordDeleteError:
            return False
        except Exception as exc:  # see get()
            raise self._failure("delete the API key from", backend, exc) from None
        log.info("API key deleted from %s", self._name(backend))
        return True

    # ------------------------------------------------------------------ backend choice

    def _configured(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else default_backend()

    def _resolve(self) -> keyring.backend.KeyringBackend:
        """The backend that will hold the key; a chainer resolves to its best acceptable member."""
        backend = self._configured()
        if isinstance(backend, chainer.ChainerBackend):
            members = [b for b in backend.backends if not _is_refused(b)]
            if not members:
                raise self._unusable(backend)
            backend = members[0]
        if _is_refused(backend):
            raise self._unusable(backend)
        return backend

    def _usable(self) -> keyring.backend.KeyringBackend:
        return self._resolve()

    # ------------------------------------------------------------------ messages

    @staticmethod
    def _name(backend: keyring.backend.KeyringBackend) -> str:
        name = getattr(backend, "name", None)
        return str(name) if name else type(backend).__qualname__

    def _unusable(self, backend: keyring.backend.KeyringBackend) -> CredentialError:
        name = self._name(backend)
        if isinstance(backend, chainer.ChainerBackend | fail.Keyring):
            what = f"No usable system keyring was found (keyring backend: {name})"
        elif isinstance(backend, null.Keyring):
            what = f"The keyring backend {name} stores nothing"
        else:
            what = f"The keyring backend {name} does not keep keys in the OS credential store"
        return CredentialError(
            english_only(
                f"{what}; pos-profile never stores the API key in a plain file. "
                f"To fix: {platform_fix()}."
            )
        )

    def _failure(
        self, action: str, backend: keyring.backend.KeyringBackend, exc: Exception
    ) -> CredentialError:
        name = self._name(backend)
        kind = type(exc).__name__
        log.info("keyring %s failed to %s it: %s", name, action.split()[0], kind)
        if isinstance(exc, keyring.errors.KeyringLocked) or "lock" in kind.lower():
            reason = "the keyring is locked"
        elif isinstance(exc, keyring.errors.InitError) or "dismiss" in str(exc).lower():
            reason = "the keyring could not be opened or the unlock prompt was dismissed"
        elif isinstance(exc, keyring.errors.NoKeyringError):
            reason = "no usable keyring backend"
        else:
            reason = f"the keyring reported {kind}"
        return CredentialError(
            english_only(
                f"Could not {action} the system keyring ({name}): {reason}. "
                f"To fix: {platform_fix()}."
            )
        )
