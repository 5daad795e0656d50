"""The TLS context pos-profile talks to Engage with: the operating system's trust store.

:func:`create_ssl_context` returns a ``truststore.SSLContext``: certificates are verified by
the platform's own verifier and store, so a corporate CA that store IT installed the usual
way is trusted without anything else:

* Windows: the CryptoAPI certificate store (``certmgr.msc``, group policy);
* macOS: the Security framework (the System and login keychains);
* Linux and other Unix: OpenSSL's default verify paths, i.e. the distribution's CA bundle
  (``update-ca-certificates`` / ``update-ca-trust``). ``SSL_CERT_FILE`` and ``SSL_CERT_DIR``
  override those paths, as for every OpenSSL program.

``[engage] ca_file`` adds one PEM file of CA certificates on top of that store (it never
replaces it). Verification is always on: ``CERT_REQUIRED`` with host-name checking and at
least TLS 1.2. See https://truststore.readthedocs.io/ for how each platform is used.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from pos_profile import errors
from pos_profile.i18n import english_only

MINIMUM_TLS = ssl.TLSVersion.TLSv1_2


def create_ssl_context(ca_file: Path | str | None = None) -> ssl.SSLContext:
    """A client context that trusts the OS store, plus the CAs in ``ca_file`` when given.

    Raises ConfigurationError (one line, naming ``[engage] ca_file``) when ``ca_file``
    cannot be read or holds no certificate.
    """
    import truststore  # here, not at start-up: only a client needs it

    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = MINIMUM_TLS
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    if ca_file is not None:
        problem = _load_ca_file(context, Path(ca_file))
        if problem is not None:
            raise errors.ConfigurationError(
                english_only(f"[engage] ca_file: {problem}. Ask store IT to fix the setting.")
            )
    return context


def ca_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot serve as ``[engage] ca_file`` (a phrase), or None when it can."""
    return _load_ca_file(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), path)


def _load_ca_file(context: ssl.SSLContext, path: Path) -> str | None:
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return "file not found"
    except IsADirectoryError:
        return "is a directory, not a PEM file"
    except PermissionError:
        return "cannot read the file (permission denied)"
    except OSError as exc:
        return f"cannot read the file ({exc.strerror or type(exc).__name__})"
    if b"-----BEGIN CERTIFICATE-----" not in text:
        return "not a PEM file of CA certificates (no BEGIN CERTIFICATE block)"
    try:
        context.load_verify_locations(cafile=str(path))
    except (ssl.SSLError, ValueError):
        return "not a readable PEM file of CA certificates"
    except OSError as exc:
        return f"cannot read the file ({exc.strerror or type(exc).__name__})"
    return None


__all__ = ["MINIMUM_TLS", "ca_file_problem", "create_ssl_context"]
