"""Can this till look anyone up? The tenant checks of ``--self-test`` and "Test connection".

In order: ``base_url`` is set, an API key is stored for it, the tenant answers over a
trusted connection and accepts the key, and the configured contact type exists there. The
last two cost one harmless GET (:meth:`EngageClient.check_tenant`: a member number nobody
has, so Engage answers 404 when all is well and 400 ``InvalidContactType`` when the type is
unknown). Each check gives one :class:`Check` worded for store IT; a check whose premise
failed is skipped with the reason. No Qt: the self-test prints the checks, the setup dialog
shows them.

Nothing secret or personal is in a check's text: the address, the contact type, HTTP
statuses, Engage's error codes and the backend name, never the key.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pos_profile import errors
from pos_profile.admin_text import for_store_it

if TYPE_CHECKING:
    from pos_profile.engage.client import EngageClient
    from pos_profile.settings import EngageSettings

Outcome = Literal["ok", "FAIL", "skip"]
ReadKey = Callable[[str], "str | None"]
MakeClient = Callable[["EngageSettings", str], "EngageClient"]

BASE_URL = "base_url"
API_KEY = "api key"
TENANT = "tenant"
CONTACT_TYPE = "contact type"
NAMES = (BASE_URL, API_KEY, TENANT, CONTACT_TYPE)


@dataclasses.dataclass(frozen=True)
class Check:
    """One line of the report: ``ok|FAIL|skip <name>: <detail>``."""

    name: str
    outcome: Outcome
    detail: str

    @property
    def failed(self) -> bool:
        return self.outcome == "FAIL"

    def line(self) -> str:
        return f"{self.outcome:<4} {self.name}: {self.detail}"


def check_tenant(
    engage: EngageSettings,
    *,
    config_file: Path | None,
    read_key: ReadKey,
    make_client: MakeClient | None = None,
) -> list[Check]:
    """The four tenant checks for ``engage`` (``config_file``: where an admin fixes them)."""
    where = f" in {config_file}" if config_file is not None else ""
    base_url = engage.base_url
    if not base_url:
        return [
            Check(BASE_URL, "FAIL", f"not set: set [engage] base_url{where} (or press F10)"),
            *_skipped(API_KEY, TENANT, CONTACT_TYPE, why="no base_url"),
        ]
    checks = [Check(BASE_URL, "ok", base_url)]
    try:
        api_key = read_key(base_url)
    except errors.PosProfileError as exc:
        return [
            *checks,
            Check(API_KEY, "FAIL", exc.message),
            *_skipped(TENANT, CONTACT_TYPE, why="no API key"),
        ]
    if not api_key:
        return [
            *checks,
            Check(
                API_KEY,
                "FAIL",
                f"none stored for {base_url}: run `pos-profile credentials set` (or press F10)",
            ),
            *_skipped(TENANT, CONTACT_TYPE, why="no API key"),
        ]
    checks.append(Check(API_KEY, "ok", f"stored for {base_url}"))
    return checks + _ask_the_tenant(engage, api_key, make_client, where)


def _ask_the_tenant(
    engage: EngageSettings, api_key: str, make_client: MakeClient | None, where: str
) -> list[Check]:
    if make_client is None:
        from pos_profile.engage.client import EngageClient

        make_client = EngageClient.from_settings
    contact_type = engage.contact_type
    host = (engage.base_url or "").split("://", 1)[-1]
    started = time.monotonic()
    try:
        with make_client(engage, api_key) as client:
            client.check_tenant(contact_type)
    except errors.IdentifierRejectedError as exc:
        reached = Check(TENANT, "ok", f"{host} answers and accepts the key")
        if exc.error_code == "InvalidContactType":
            return [
                reached,
                Check(
                    CONTACT_TYPE,
                    "FAIL",
                    f'the tenant has no contact type "{contact_type}" '
                    "(HTTP 400 InvalidContactType): "
                    f"set [engage] contact_type{where} to one it has, e.g. member",
                ),
            ]
        code = exc.error_code or "no error code"
        return [
            reached,
            Check(
                CONTACT_TYPE,
                "FAIL",
                f'cannot tell whether "{contact_type}" exists: Engage refused the probe lookup '
                f"(HTTP {exc.status}, {code})",
            ),
        ]
    except errors.EngageError as exc:
        return [
            Check(TENANT, "FAIL", tenant_problem(exc, host)),
            *_skipped(CONTACT_TYPE, why="the tenant check failed"),
        ]
    elapsed_ms = (time.monotonic() - started) * 1000
    return [
        Check(TENANT, "ok", f"{host} answers and accepts the key ({elapsed_ms:.0f} ms)"),
        Check(CONTACT_TYPE, "ok", f'"{contact_type}" exists at the tenant'),
    ]


def tenant_problem(exc: errors.EngageError, host: str) -> str:
    """What went wrong reaching the tenant, worded for store IT."""
    if isinstance(exc, errors.AuthRefusedError | errors.TlsError):
        return for_store_it(exc)  # the same words as every command-line error
    if isinstance(exc, errors.RequestTimeoutError):
        return f"{host} did not answer in time: check the network, the proxy and the address"
    if isinstance(exc, errors.OfflineError):
        return f"cannot reach {host}: check [engage] base_url, the network and the proxy"
    if isinstance(exc, errors.RateLimitedError):
        return f"{host} answers 429 (rate limited): too many requests for this API key"
    status = f"HTTP {exc.status}" if exc.status is not None else type(exc).__name__
    code = f", {exc.error_code}" if exc.error_code else ""
    return f"{host} gave an unexpected answer ({status}{code}): {exc.message}"


def _skipped(*names: str, why: str) -> list[Check]:
    return [Check(name, "skip", f"not checked ({why})") for name in names]


__all__ = ["NAMES", "Check", "check_tenant", "tenant_problem"]
