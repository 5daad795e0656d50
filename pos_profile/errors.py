"""The exception tree of pos-profile.

Every error the app expects carries a ``message`` a cashier or an admin can act on, an
``audience`` (who must act) and the ``exit_code`` the command line uses. Messages never
contain the API key or the value that was looked up: they are safe to log and to show.

``message`` is English (logs, the command line). The window shows the error's
``translatable`` (a :class:`~pos_profile.i18n.Message`: ``template`` and ``fields``)
through its translator, so every message marked with :func:`~pos_profile.i18n.N_` (context
``errors``) is shown in the configured language.

::

    PosProfileError
    ├── InvalidInputError            exit 2  typed or scanned text is not a usable identifier
    ├── ConfigurationError           exit 5  base URL / API key missing or unusable
    │   └── CredentialError          exit 5  the OS keyring cannot be used
    └── EngageError                           anything that went wrong talking to Engage
        ├── IdentifierRejectedError  exit 2  HTTP 400 (InvalidEmailAddress, ...)
        ├── ContactNotFoundError     exit 3  HTTP 404 ContactNotFound
        ├── MultipleMatchesError     exit 4  HTTP 409 MultipleMatches (candidate ids kept)
        ├── AuthRefusedError         exit 5  HTTP 401/403
        ├── OfflineError             exit 6  no connection (DNS, refused, reset)
        │   └── TlsError             exit 6  the secure connection failed (certificate, clock)
        ├── RequestTimeoutError      exit 6  connect or read timed out
        ├── RequestCancelledError    exit 6  the client was closed while (or before) asking
        ├── RateLimitedError         exit 7  HTTP 429 after the bounded retries
        ├── ServerError              exit 7  HTTP 5xx and other unexpected statuses
        ├── UnreadableResponseError  exit 7  a body that is not the JSON we expect
        └── RedemptionError          exit 7  a redeem / reactivate POST was answered "no"
            ├── RedemptionInvalidError   exit 2  HTTP 400 (not a valid voucher / offer id)
            ├── RedemptionNotFoundError  exit 3  HTTP 404 (no such voucher / offer)
            └── RedemptionRefusedError   exit 4  HTTP 409 (already redeemed, expired, ...)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import ClassVar

from pos_profile.i18n import ERRORS, N_, Field, Message


class Audience(enum.Enum):
    """Who has to act on an error."""

    CASHIER = "cashier"
    ADMIN = "admin"


class PosProfileError(Exception):
    """Base of every error pos-profile raises on purpose."""

    exit_code: int = 1
    audience: Audience = Audience.CASHIER
    default_message: str = N_(ERRORS, "Something went wrong.")

    def __init__(self, message: str | Message | None = None) -> None:
        super().__init__()
        self.translatable = message or self.default_message

    @property
    def translatable(self) -> Message:
        """The message as its template and fields (what the window translates)."""
        return self._translatable

    @translatable.setter
    def translatable(self, message: str | Message) -> None:
        self._translatable = message if isinstance(message, Message) else Message(message)
        self.args = (self._translatable.english,)

    @property
    def message(self) -> str:
        """The message in English."""
        return self._translatable.english

    @property
    def template(self) -> str:
        """The English template of the message (``{count} members match. …``)."""
        return self._translatable.template

    @property
    def fields(self) -> Mapping[str, Field]:
        """The values of the template's ``{fields}``."""
        return self._translatable.fields


# --------------------------------------------------------------------------- local input


class InvalidInputError(PosProfileError):
    """Typed or scanned text that is not a usable identifier. Nothing was sent."""

    exit_code = 2
    default_message = N_(ERRORS, "That is not a member number, e-mail, phone or personal number.")


class ConfigurationError(PosProfileError):
    """The app is not set up: no base URL, no API key, or an invalid config file."""

    exit_code = 5
    audience = Audience.ADMIN
    default_message = N_(ERRORS, "pos-profile is not configured. Ask store IT to set it up.")


class SettingsError(ConfigurationError):
    """The config file cannot be read or says something invalid. ``message`` is one line."""


class CredentialError(ConfigurationError):
    """The operating system's credential store cannot be used."""

    default_message = N_(ERRORS, "The system keyring cannot be used. Ask store IT to check it.")


# --------------------------------------------------------------------------- Engage


class EngageError(PosProfileError):
    """Talking to Voyado Engage failed. ``status`` is the HTTP status when there was one."""

    exit_code = 7
    default_message = N_(ERRORS, "Loyalty lookup failed. The sale can go on without it.")

    def __init__(
        self,
        message: str | Message | None = None,
        *,
        status: int | None = None,
        error_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code


class IdentifierRejectedError(EngageError):
    """Engage answered 400: the identifier (or the contact type) is not valid."""

    exit_code = 2

    _MESSAGES: ClassVar[dict[str, str]] = {
        "InvalidEmailAddress": N_(
            ERRORS, "Engage does not accept that e-mail address. Check the spelling."
        ),
        "InvalidPhoneNumber": N_(
            ERRORS,
            "Engage does not accept that phone number. "
            "Type it with the country code, e.g. +46 70 123 45 67.",
        ),
        "InvalidSocialSecurityNumber": N_(
            ERRORS, "Engage does not accept that personal number. Check the digits."
        ),
        "InvalidSearchQuery": N_(
            ERRORS, "Engage could not search for that value. Try another identifier."
        ),
        "InvalidContactType": N_(
            ERRORS,
            "Engage does not know the configured contact type. "
            "Ask store IT to check the contact type setting.",
        ),
        "InvalidContactId": N_(
            ERRORS, "Engage does not accept that contact id. Check that the whole id was typed."
        ),
    }
    _OTHER = N_(ERRORS, "Engage refused the lookup as invalid. Try another identifier.")

    def __init__(self, error_code: str | None = None, *, status: int | None = 400) -> None:
        message = self._MESSAGES.get(error_code or "", self._OTHER)
        super().__init__(message, status=status, error_code=error_code)
        if error_code == "InvalidContactType":
            self.audience = Audience.ADMIN


class ContactNotFoundError(EngageError):
    """Engage answered 404: no contact has that identifier."""

    exit_code = 3
    default_message = N_(
        ERRORS, "No member found. Ask for the member card, or search by e-mail or phone number."
    )


class MultipleMatchesError(EngageError):
    """Engage answered 409: several contacts share the identifier. Nobody is auto-picked."""

    exit_code = 4
    default_message = N_(
        ERRORS, "Several members match. Ask for the member card or another identifier."
    )

    def __init__(
        self,
        candidate_ids: tuple[str, ...] = (),
        *,
        status: int | None = 409,
        error_code: str | None = "MultipleMatches",
    ) -> None:
        count = len(candidate_ids)
        message: str | Message = self.default_message
        if count > 1:
            message = Message(
                N_(ERRORS, "{count} members match. Ask for the member card or another identifier."),
                {"count": count},
            )
        super().__init__(message, status=status, error_code=error_code)
        self.candidate_ids = candidate_ids


class AuthRefusedError(EngageError):
    """Engage answered 401 or 403: the API key is wrong, revoked or not allowed from here."""

    exit_code = 5
    audience = Audience.ADMIN
    default_message = N_(
        ERRORS, "Engage refused the API key. Ask store IT to check the key and the IP allowlist."
    )


class OfflineError(EngageError):
    """No connection to Engage: DNS, refused, reset, TLS or proxy trouble."""

    exit_code = 6
    default_message = N_(ERRORS, "Loyalty is offline. The sale can go on without it.")


class TlsReason(enum.Enum):
    """Why the certificate of the Engage server was refused, when that is known."""

    UNTRUSTED = "untrusted"
    """No trusted CA issued it (a TLS-inspecting proxy's CA missing from the OS store)."""
    CLOCK = "clock"
    """Expired or not yet valid: the certificate, or the till's clock, is wrong."""
    HOSTNAME = "hostname"
    """Issued for another host name."""


class TlsError(OfflineError):
    """The TLS handshake failed: certificate not trusted, wrong host name, wrong clock.

    ``reason`` says which, when the verifier told (None: another handshake failure)."""

    audience = Audience.ADMIN
    default_message = N_(
        ERRORS,
        "The secure connection to Engage failed (certificate problem). "
        "Ask store IT to check the till's clock and network.",
    )

    _MESSAGES: ClassVar[dict[TlsReason, str]] = {
        TlsReason.UNTRUSTED: N_(
            ERRORS,
            "The certificate of the Engage server is not trusted on this till. Ask store IT "
            "to add the company's CA certificate to the system's certificate store, or to set "
            "[engage] ca_file.",
        ),
        TlsReason.CLOCK: N_(
            ERRORS,
            "The certificate of the Engage server is not valid at this till's date and time. "
            "Ask store IT to check the till's clock.",
        ),
        TlsReason.HOSTNAME: N_(
            ERRORS,
            "The certificate of the Engage server does not match its address. Ask store IT "
            "to check [engage] base_url and any TLS-inspecting proxy.",
        ),
    }

    def __init__(
        self,
        message: str | Message | None = None,
        *,
        reason: TlsReason | None = None,
        status: int | None = None,
        error_code: str | None = None,
    ) -> None:
        if message is None and reason is not None:
            message = self._MESSAGES[reason]
        super().__init__(message, status=status, error_code=error_code)
        self.reason = reason


class RequestTimeoutError(EngageError):
    """Engage did not answer in time."""

    exit_code = 6
    default_message = N_(ERRORS, "Loyalty did not answer in time. The sale can go on without it.")


class RequestCancelledError(EngageError):
    """The client was closed (settings saved, reconnect, quit) while the request was in
    flight, or before it was made. Nobody waits for the answer: callers may ignore it."""

    exit_code = 6
    default_message = N_(ERRORS, "The lookup was cancelled.")


class RateLimitedError(EngageError):
    """Engage answered 429 and kept doing so within the retry budget."""

    exit_code = 7
    default_message = N_(ERRORS, "Loyalty is busy right now. Try again in a moment.")

    def __init__(self, retry_after: float | None = None, *, status: int | None = 429) -> None:
        super().__init__(status=status)
        self.retry_after = retry_after


class ServerError(EngageError):
    """Engage answered 5xx (or another status we do not expect)."""

    exit_code = 7
    default_message = N_(ERRORS, "Loyalty server error. The sale can go on without it.")


class UnreadableResponseError(EngageError):
    """Engage answered something that is not the JSON we expect."""

    exit_code = 7
    default_message = N_(
        ERRORS, "Loyalty sent an answer pos-profile cannot read. The sale can go on without it."
    )


class RedemptionError(EngageError):
    """A redeem or reactivate request Engage answered with a refusal (the message says
    which, :mod:`pos_profile.engage.redemption`). Nothing was redeemed by that request."""

    exit_code = 7
    default_message = N_(ERRORS, "Loyalty could not redeem it. Nothing was redeemed.")


class RedemptionInvalidError(RedemptionError):
    """HTTP 400: the voucher or offer id (or the channel) is not valid."""

    exit_code = 2


class RedemptionNotFoundError(RedemptionError):
    """HTTP 404: no such voucher or offer (for this customer)."""

    exit_code = 3


class RedemptionRefusedError(RedemptionError):
    """HTTP 409 or the live check: already redeemed, expired, not valid at the till,
    reactivation limit reached."""

    exit_code = 4


# --------------------------------------------------------------------------- points wording


POINTS_MESSAGES: tuple[tuple[type[EngageError], str], ...] = (
    (RequestCancelledError, N_(ERRORS, "The points request was cancelled.")),
    (
        TlsError,
        N_(
            ERRORS,
            "The secure connection to loyalty failed while fetching the points. "
            "Ask store IT to check the certificate.",
        ),
    ),
    (RequestTimeoutError, N_(ERRORS, "Loyalty did not answer about points in time.")),
    (
        OfflineError,
        N_(ERRORS, "The connection to loyalty broke off while fetching the points."),
    ),
    (
        AuthRefusedError,
        N_(
            ERRORS,
            "The API key may not read points. "
            "Ask store IT to allow points for the API connection in Engage.",
        ),
    ),
    (ContactNotFoundError, N_(ERRORS, "Loyalty has no points for this member.")),
    (
        IdentifierRejectedError,
        N_(ERRORS, "Loyalty refused the points request. Ask store IT if it happens again."),
    ),
    (
        RateLimitedError,
        N_(ERRORS, "Loyalty is busy right now. Scan again in a moment to see the points."),
    ),
    (UnreadableResponseError, N_(ERRORS, "Loyalty sent points pos-profile cannot read.")),
    (EngageError, N_(ERRORS, "Loyalty had a problem fetching the points.")),
)
"""What a failed ``/point-accounts`` request says, by error class (the first match wins).

Each reads on its own (``lookup``: "Points unavailable: ...") and after the panel's
"Points unavailable:" prefix; none says "the sale can go on" (the profile is on screen)."""


def reworded_for_points(exc: EngageError) -> EngageError:
    """``exc`` with its message replaced by the points wording of its class.

    The class, status, error code, audience and exit code stay: only the words change.
    Returns the same object (for ``raise errors.reworded_for_points(exc)``).
    """
    for cls, message in POINTS_MESSAGES:
        if isinstance(exc, cls):
            exc.translatable = message
            break
    return exc
