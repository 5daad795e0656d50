"""EngageClient over httpx.MockTransport: every status code and failure, retries, privacy."""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from pos_profile.engage import errors
from pos_profile.engage.client import EngageClient, RetryPolicy, check_base_url
from pos_profile.engage.identifiers import Lookup, LookupKind

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
API_KEY = "s3cr3t-api-key-0123456789"
MEMBER = Lookup(LookupKind.CUSTOM_KEY, "7001234567")
EMAIL = Lookup(LookupKind.EMAIL, "astrid.lindqvist+pos@example.com")
PHONE = Lookup(LookupKind.MOBILE_PHONE, "+46701740612")

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that answers from a list and records every request."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_client(handler: Handler, **kwargs: object) -> tuple[EngageClient, FakeSleep]:
    sleep = FakeSleep()
    client = EngageClient(
        "https://tenant.voyado.com",
        API_KEY,
        transport=httpx.MockTransport(handler),
        sleep=sleep,
        **kwargs,  # type: ignore[arg-type]
    )
    return client, sleep


def json_response(status: int, name: str | None = None, **kwargs: object) -> httpx.Response:
    body = (FIXTURES / name).read_bytes() if name else b""
    return httpx.Response(status, content=body, **kwargs)  # type: ignore[arg-type]


def assert_private(exc: BaseException) -> None:
    """Nothing personal or secret in what a user or a log would see of the error."""
    text = f"{exc} {exc!r} {getattr(exc, 'message', '')}"
    for secret in (API_KEY, "7001234567", "astrid", "46701740612", "tenant.voyado.com"):
        assert secret not in text.lower()
    assert exc.__cause__ is None  # httpx errors carry the URL with the query: never chained


# --------------------------------------------------------------------------- success


def test_found_profile_and_the_request_engage_expects() -> None:
    recorder = Recorder(json_response(200, "contactoverview-member-full.json"))
    client, _ = make_client(recorder)

    overview = client.contact_overview(EMAIL)

    assert overview.attributes.full_name == "Astrid Lindqvist"
    (request,) = recorder.requests
    assert request.method == "GET"
    assert request.url.path == "/api/v3/contactoverview"
    assert request.url.params["contactType"] == "member"
    assert request.url.params["email"] == "astrid.lindqvist+pos@example.com"
    assert b"astrid.lindqvist%2Bpos%40example.com" in request.url.raw_path
    assert request.headers["apikey"] == API_KEY
    assert request.headers["user-agent"].startswith("pos-profile/")
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert "authorization" not in request.headers


def test_phone_plus_sign_is_url_encoded() -> None:
    recorder = Recorder(json_response(200, "contactoverview-member-full.json"))
    client, _ = make_client(recorder)
    client.contact_overview(PHONE)
    assert b"mobilePhone=%2B46701740612" in recorder.requests[0].url.raw_path


def test_contact_id_lookup_sends_no_contact_type() -> None:
    recorder = Recorder(json_response(200, "contactoverview-member-full.json"))
    client, _ = make_client(recorder)
    client.contact_overview(Lookup(LookupKind.CONTACT_ID, "50a74cff-026f-4c84-aa8f-f5f8d837115f"))
    assert "contactType" not in recorder.requests[0].url.params


def test_contact_type_per_call_overrides_the_default() -> None:
    recorder = Recorder(json_response(200, "contactoverview-contact-minimal.json"))
    client, _ = make_client(recorder, contact_type="member")
    client.contact_overview(MEMBER, "contact")
    assert recorder.requests[0].url.params["contactType"] == "contact"


def test_point_accounts() -> None:
    recorder = Recorder(json_response(200, "point-accounts.json"))
    client, _ = make_client(recorder)
    accounts = client.point_accounts("50a74cff-026f-4c84-aa8f-f5f8d837115f")
    assert accounts.main is not None and accounts.main.balance == 1240
    assert recorder.requests[0].url.path == "/api/v3/point-accounts"
    assert recorder.requests[0].url.params["contactId"] == "50a74cff-026f-4c84-aa8f-f5f8d837115f"


# --------------------------------------------------------------------------- error statuses


@pytest.mark.parametrize(
    ("response", "error_class", "exit_code"),
    [
        (json_response(400, "error-400-invalid-phone-number.json"),
         errors.IdentifierRejectedError, 2),
        (json_response(400, "error-400-invalid-contact-type.json"),
         errors.IdentifierRejectedError, 2),
        (json_response(404, "error-404-contact-not-found.json"), errors.ContactNotFoundError, 3),
        (json_response(409, "error-409-multiple-matches.json"), errors.MultipleMatchesError, 4),
        (httpx.Response(401, content=b""), errors.AuthRefusedError, 5),
        (httpx.Response(403, text="Forbidden"), errors.AuthRefusedError, 5),
        (json_response(500, "error-500-invalid-system-configuration.json"),
         errors.ServerError, 7),
        (httpx.Response(500, content=b""), errors.ServerError, 7),
        (httpx.Response(500, text="An error has occurred"), errors.ServerError, 7),
        (httpx.Response(418, text="teapot"), errors.ServerError, 7),
        (httpx.Response(302, headers={"location": "https://login.example.com/"}),
         errors.ServerError, 7),
    ],
)
def test_status_maps_to_an_error_a_person_can_act_on(
    response: httpx.Response, error_class: type[errors.EngageError], exit_code: int
) -> None:
    recorder = Recorder(response)
    client, sleep = make_client(recorder)
    with pytest.raises(error_class) as info:
        client.contact_overview(MEMBER)
    assert info.value.exit_code == exit_code
    assert info.value.status == response.status_code
    assert len(recorder.requests) == 1  # none of these is retried
    assert sleep.calls == []
    assert_private(info.value)


def test_400_codes_keep_their_meaning() -> None:
    client, _ = make_client(Recorder(json_response(400, "error-400-invalid-contact-type.json")))
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.contact_overview(MEMBER)
    assert info.value.error_code == "InvalidContactType"
    assert info.value.audience is errors.Audience.ADMIN
    assert "contact type" in info.value.message
    # the server's own message repeats the looked-up value: it must not reach the user
    client, _ = make_client(Recorder(json_response(400, "error-400-invalid-phone-number.json")))
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.contact_overview(PHONE)
    assert "0701740605x" not in info.value.message
    assert "phone" in info.value.message


def test_409_keeps_the_candidate_ids_and_picks_nobody() -> None:
    client, _ = make_client(Recorder(json_response(409, "error-409-multiple-matches.json")))
    with pytest.raises(errors.MultipleMatchesError) as info:
        client.contact_overview(EMAIL)
    assert len(info.value.candidate_ids) == 3
    assert "3 members match" in info.value.message


def test_invalid_system_configuration_is_for_the_admin() -> None:
    client, _ = make_client(
        Recorder(json_response(500, "error-500-invalid-system-configuration.json"))
    )
    with pytest.raises(errors.ServerError) as info:
        client.contact_overview(MEMBER)
    assert info.value.audience is errors.Audience.ADMIN


# --------------------------------------------------------------------------- unreadable bodies


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>Welcome</h1></body></html>",
        b'{"id": "50a74cff", "attributes": {"firstName": "Ast',  # truncated
        b"",
        b"[]",
        b"null",
        b"\xff\xfe\x00garbage",
    ],
)
def test_200_with_an_unreadable_body(body: bytes) -> None:
    client, _ = make_client(Recorder(httpx.Response(200, content=body)))
    with pytest.raises(errors.UnreadableResponseError) as info:
        client.contact_overview(MEMBER)
    assert info.value.exit_code == 7
    assert_private(info.value)


def test_wrong_types_still_give_a_profile() -> None:
    body = json.dumps({"id": "x", "attributes": {"firstName": 5, "age": "old"}, "tiers": []})
    client, _ = make_client(Recorder(httpx.Response(200, text=body)))
    overview = client.contact_overview(MEMBER)
    assert overview.id == "x" and overview.attributes.age is None and overview.tiers is None


def test_huge_body_is_refused_without_reading_it_all() -> None:
    chunk = b" " * (1024 * 1024)
    served: list[int] = []

    def stream() -> object:
        for _ in range(64):
            served.append(1)
            yield chunk

    client, _ = make_client(Recorder(httpx.Response(200, content=stream())))  # type: ignore[arg-type]
    with pytest.raises(errors.UnreadableResponseError) as info:
        client.contact_overview(MEMBER)
    assert "too large" in info.value.message
    assert len(served) <= 10


def test_huge_declared_content_length_is_refused_up_front() -> None:
    response = httpx.Response(
        200, content=b"{}", headers={"content-length": str(50 * 1024 * 1024)}
    )
    client, _ = make_client(Recorder(response))
    with pytest.raises(errors.UnreadableResponseError):
        client.contact_overview(MEMBER)


# --------------------------------------------------------------------------- transport failures


@pytest.mark.parametrize(
    ("failure", "error_class"),
    [
        (httpx.ConnectTimeout("connect timed out"), errors.RequestTimeoutError),
        (httpx.ReadTimeout("read timed out"), errors.RequestTimeoutError),
        (httpx.PoolTimeout("pool"), errors.RequestTimeoutError),
    ],
)
def test_timeouts_are_not_retried(failure: Exception, error_class: type[Exception]) -> None:
    recorder = Recorder(failure)
    client, sleep = make_client(recorder)
    with pytest.raises(error_class) as info:
        client.contact_overview(MEMBER)
    assert len(recorder.requests) == 1 and sleep.calls == []
    assert info.value.exit_code == 6  # type: ignore[attr-defined]
    assert_private(info.value)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ConnectError("[Errno -2] Name or service not known"),
        httpx.ReadError("Connection reset by peer"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
def test_connection_failures_are_retried_a_bounded_number_of_times(failure: Exception) -> None:
    recorder = Recorder(failure)
    client, sleep = make_client(recorder, retry=RetryPolicy(max_attempts=3, budget_seconds=10))
    with pytest.raises(errors.OfflineError) as info:
        client.contact_overview(MEMBER)
    assert len(recorder.requests) == 3
    assert len(sleep.calls) == 2
    assert sleep.calls[1] > sleep.calls[0]  # exponential backoff
    assert info.value.exit_code == 6
    assert_private(info.value)


def test_a_stale_keepalive_connection_is_retried_and_succeeds() -> None:
    recorder = Recorder(
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        json_response(200, "contactoverview-member-full.json"),
    )
    client, sleep = make_client(recorder)
    assert client.contact_overview(MEMBER).attributes.first_name == "Astrid"
    assert len(recorder.requests) == 2 and len(sleep.calls) == 1


def test_tls_failure_is_reported_for_the_admin_and_not_retried() -> None:
    failure = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    failure.__context__ = ssl.SSLCertVerificationError("certificate verify failed")
    recorder = Recorder(failure)
    client, sleep = make_client(recorder)
    with pytest.raises(errors.TlsError) as info:
        client.contact_overview(MEMBER)
    assert info.value.audience is errors.Audience.ADMIN
    assert "certificate" in info.value.message
    assert len(recorder.requests) == 1 and sleep.calls == []


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried_then_reported(status: int) -> None:
    recorder = Recorder(httpx.Response(status, text="<html><h1>Bad Gateway</h1></html>"))
    client, sleep = make_client(recorder, retry=RetryPolicy(max_attempts=3, budget_seconds=10))
    with pytest.raises(errors.ServerError) as info:
        client.contact_overview(MEMBER)
    assert len(recorder.requests) == 3 and len(sleep.calls) == 2
    assert info.value.status == status


def test_gateway_error_then_success() -> None:
    recorder = Recorder(
        httpx.Response(502, text="<html>Bad Gateway</html>"),
        json_response(200, "contactoverview-member-full.json"),
    )
    client, _ = make_client(recorder)
    assert client.contact_overview(MEMBER).id is not None


def test_429_honours_retry_after() -> None:
    recorder = Recorder(
        httpx.Response(429, headers={"retry-after": "1"}),
        json_response(200, "contactoverview-member-full.json"),
    )
    client, sleep = make_client(recorder)
    client.contact_overview(MEMBER)
    assert sleep.calls == [1.0]


def test_429_without_retry_after_backs_off_then_gives_up() -> None:
    recorder = Recorder(httpx.Response(429))
    client, sleep = make_client(recorder, retry=RetryPolicy(max_attempts=3, budget_seconds=10))
    with pytest.raises(errors.RateLimitedError) as info:
        client.contact_overview(MEMBER)
    assert len(recorder.requests) == 3 and len(sleep.calls) == 2
    assert info.value.exit_code == 7


def test_429_with_a_retry_after_beyond_the_budget_fails_at_once() -> None:
    recorder = Recorder(httpx.Response(429, headers={"retry-after": "120"}))
    client, sleep = make_client(recorder, retry=RetryPolicy(budget_seconds=4))
    with pytest.raises(errors.RateLimitedError) as info:
        client.contact_overview(MEMBER)
    assert len(recorder.requests) == 1 and sleep.calls == []
    assert info.value.retry_after == 120


def test_429_with_an_http_date_retry_after() -> None:
    recorder = Recorder(
        httpx.Response(429, headers={"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        json_response(200, "contactoverview-member-full.json"),
    )
    client, sleep = make_client(recorder)
    client.contact_overview(MEMBER)
    assert sleep.calls == [0.0]  # a date in the past: retry at once


def test_total_waiting_is_bounded_by_the_budget() -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    client, sleep = make_client(
        recorder, retry=RetryPolicy(max_attempts=10, budget_seconds=1.0, backoff_seconds=0.3)
    )
    with pytest.raises(errors.OfflineError):
        client.contact_overview(MEMBER)
    assert sum(sleep.calls) <= 1.0
    assert len(recorder.requests) < 10


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    "url",
    ["https://tenant.voyado.com", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"],
)
def test_allowed_base_urls(url: str) -> None:
    check_base_url(url)


@pytest.mark.parametrize(
    "url", ["http://tenant.voyado.com", "ftp://tenant.voyado.com", "tenant.voyado.com", "https://"]
)
def test_refused_base_urls(url: str) -> None:
    with pytest.raises(errors.ConfigurationError):
        EngageClient(url, API_KEY)


def test_missing_key_is_a_configuration_error() -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        EngageClient("https://tenant.voyado.com", "  ")
    assert info.value.exit_code == 5


def test_check_connection_treats_404_as_success_and_401_as_refused() -> None:
    client, _ = make_client(Recorder(json_response(404, "error-404-contact-not-found.json")))
    client.check_connection()
    client, _ = make_client(Recorder(httpx.Response(401)))
    with pytest.raises(errors.AuthRefusedError):
        client.check_connection()
