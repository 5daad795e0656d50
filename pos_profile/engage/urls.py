"""The Engage base URL rule, shared by the config file, the setup dialog and the client. No Qt.

``scheme://host[:port]``, https only (http for loopback hosts, the sandbox), lower-case host,
no trailing slash, no ``/api/v3``. TLS verification is never turned off anywhere.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

API_PATH = "/api/v3"


def is_loopback_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_base_url(value: str) -> str:
    """``scheme://host[:port]`` with a lower-case host, no trailing slash and no ``/api/v3``.

    Raises ``ValueError`` with a message that does not repeat ``value``. ``https`` is required,
    except for loopback hosts (127.0.0.0/8, ::1, localhost), which may use ``http`` (the sandbox).
    """
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        raise ValueError("must start with https:// (e.g. https://yourtenant.voyado.com)")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError("is not a valid URL (check the host and the port)") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError("must start with https://")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not contain a user name or password")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise ValueError("must not contain a query (?) or fragment (#)")
    path = parts.path.rstrip("/")
    if path.lower() == API_PATH:
        path = ""
    if path:
        raise ValueError("must be only scheme and host, e.g. https://yourtenant.voyado.com")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError("has no host name")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        host_text = f"[{ip.compressed}]" if ip.version == 6 else ip.compressed
        host = ip.compressed
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise ValueError("has an invalid host name") from None
        if not all(_HOST_LABEL.match(label) for label in host.split(".")):
            raise ValueError("has an invalid host name")
        host_text = host
    if scheme == "http" and not is_loopback_host(host):
        raise ValueError("must start with https:// (http is allowed only for localhost)")
    default_port = 443 if scheme == "https" else 80
    port_text = f":{port}" if port is not None and port != default_port else ""
    return f"{scheme}://{host_text}{port_text}"
