"""EngageClient over httpx.MockTransport: every status code and failure, retries, privacy."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import trustme

from pos_profile import errors
from pos_profile.engage import tls
from pos_profile.engage.client import EngageClient, RetryPolicy, check_base_url
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.settings import EngageSettings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
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
        (
            json_response(400, "error-400-invalid-phone-number.json"),
            errors.IdentifierRejectedError,
            2,
        ),
        (
            json_response(400, "error-400-invalid-contact-type.json"),
            errors.IdentifierRejectedError,
            2,
        ),
        (json_response(404, "error-404-contact-not-found.json"), errors.ContactNotFoundError, 3),
        (json_response(409, "error-409-multiple-matches.json"), errors.MultipleMatchesError, 4),
        (httpx.Response(401, content=b""), errors.AuthRefusedError, 5),
        (httpx.Response(403, text="Forbidden"), errors.AuthRefusedError, 5),
        (json_response(500, "error-500-invalid-system-configuration.json"), errors.ServerError, 7),
        (httpx.Response(500, content=b""), errors.ServerError, 7),
        (httpx.Response(500, text="An error has occurred"), errors.ServerError, 7),
        (httpx.Response(418, text="teapot"), errors.ServerError, 7),
        (
            httpx.Response(302, headers={"location": "https://login.example.com/"}),
            errors.ServerError,
            7,
        ),
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
    response = httpx.Response(200, content=b"{}", headers={"content-length": str(50 * 1024 * 1024)})
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
    # full jitter under an exponential cap: 0-0.25 s, then 0-0.5 s
    assert 0 <= sleep.calls[0] <= 0.25 and 0 <= sleep.calls[1] <= 0.5
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
    (pause,) = sleep.calls
    assert 1.0 <= pause <= 2.0  # Retry-After, plus a random part so tills do not come back together


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
    (pause,) = sleep.calls
    assert 0.0 <= pause <= 1.0  # a date in the past: retry within a jittered second


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


# --------------------------------------------------------------------------- error bodies

PROBLEM_TYPE = "https://tools.ietf.org/html/rfc9110#section-15.5.1"


def _body(value: object) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode()


@pytest.mark.parametrize(
    "body",
    [
        {"statusCode": 400, "errorCode": "InvalidContactType", "message": "x"},
        {"code": "InvalidContactType"},
        {"error": "InvalidContactType"},
        {"error": {"code": "InvalidContactType", "message": "The type does not exist."}},
        {"ErrorCode": "InvalidContactType"},
        {"title": "InvalidContactType", "status": 400},
        {"Message": "InvalidContactType"},
        {"Message": "The contact type 'medlem' does not exist."},
        {"message": "contactType is required with every identifier except contactId."},
        {
            "type": PROBLEM_TYPE,
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": {"contactType": ["The contactType field is required."]},
            "traceId": "00-ab",
        },
        {"type": PROBLEM_TYPE, "title": "Bad Request", "errors": {"ContactType": "Unknown."}},
        {
            "title": "One or more validation errors occurred.",
            "errors": {"$.contactType": ["The JSON value could not be converted."]},
        },
        {"type": "https://tenant.voyado.com/errors/InvalidContactType", "title": "Bad Request"},
        {"title": "Invalid contact type", "detail": "No such type on this tenant."},
        {"errors": [{"code": "InvalidContactType", "message": "Unknown type"}]},
        {"error": "invalid_request", "error_description": "unknown contact_type"},
        b'"InvalidContactType"',
        b"InvalidContactType",
        b"The contact type does not exist.",
    ],
    ids=lambda body: _body(body)[:60].decode(),
)
def test_invalid_contact_type_reaches_store_it_in_any_body_shape(body: object) -> None:
    client, _ = make_client(Recorder(httpx.Response(400, content=_body(body))))
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.contact_overview(MEMBER)
    assert info.value.error_code == "InvalidContactType"
    assert info.value.audience is errors.Audience.ADMIN
    assert info.value.exit_code == 2
    assert "contact type" in info.value.message
    assert_private(info.value)


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ({"errorCode": "InvalidContactId"}, "InvalidContactId", "contact id"),
        (
            {"errors": {"contactId": ["The value 'x' is not valid."]}},
            "InvalidContactId",
            "contact id",
        ),
        (
            {"errors": {"email": ["The Email field is not a valid e-mail address."]}},
            "InvalidEmailAddress",
            "e-mail",
        ),
        (
            {"type": PROBLEM_TYPE, "errors": {"mobilePhone": ["Invalid."]}},
            "InvalidPhoneNumber",
            "phone number",
        ),
        (
            {
                "errorCode": "InvalidPhoneNumber",
                "message": "The value '+4670' is not a valid phone number for contactType member.",
            },
            "InvalidPhoneNumber",
            "phone number",
        ),  # a stated Engage code wins over the text
        ({"errorCode": "SomethingNew"}, "SomethingNew", "refused the lookup"),
        ({"title": "Bad Request", "status": 400}, None, "refused the lookup"),
        (b"", None, "refused the lookup"),
        (b"<html><body><h1>400 Bad Request</h1></body></html>", None, "refused the lookup"),
        (b"\xff\xfe\x00 not utf-8", None, "refused the lookup"),
        (b"[1, 2, 3]", None, "refused the lookup"),
        (
            b'{"errorCode": "InvalidContactType", "pad": "' + b"x" * 100_000 + b'"}',
            None,
            "refused the lookup",
        ),  # a 100 KB error body is not read
    ],
)
def test_other_400_bodies_stay_with_the_cashier(body: object, code: str | None, words: str) -> None:
    client, _ = make_client(Recorder(httpx.Response(400, content=_body(body))))
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.contact_overview(MEMBER)
    assert info.value.error_code == code
    assert info.value.audience is errors.Audience.CASHIER
    assert words in info.value.message
    assert_private(info.value)


@pytest.mark.parametrize(
    "body",
    [
        {"messageDetails": {"multipleMatchesFound": ["a", "b"]}},
        {"MessageDetails": {"MultipleMatchesFound": ["a", "b"]}},
        {"multipleMatchesFound": ["a", "b"]},
        {"errorCode": "MultipleMatches", "messageDetails": {"multipleMatchesFound": ["a", 7]}},
    ],
)
def test_409_candidates_in_every_spelling(body: object) -> None:
    client, _ = make_client(Recorder(httpx.Response(409, content=_body(body))))
    with pytest.raises(errors.MultipleMatchesError) as info:
        client.contact_overview(EMAIL)
    assert len(info.value.candidate_ids) == 2


@pytest.mark.parametrize(
    "body",
    [
        {"errorCode": "InvalidSystemConfiguration"},
        {"code": "InvalidSystemConfiguration"},
        {"title": "InvalidSystemConfiguration", "status": 500},
    ],
)
def test_invalid_system_configuration_in_other_shapes(body: object) -> None:
    client, _ = make_client(Recorder(httpx.Response(500, content=_body(body))))
    with pytest.raises(errors.ServerError) as info:
        client.contact_overview(MEMBER)
    assert info.value.audience is errors.Audience.ADMIN


# --------------------------------------------------------------------------- tenant check


def test_check_tenant_asks_for_a_member_nobody_has_with_the_contact_type() -> None:
    recorder = Recorder(json_response(404, "error-404-contact-not-found.json"))
    client, _ = make_client(recorder, contact_type="member")
    client.check_tenant()
    client.check_tenant("contact")
    first, second = recorder.requests
    assert first.url.path == "/api/v3/contactoverview"
    assert dict(first.url.params) == {"contactType": "member", "customKey": "0000000000000"}
    assert second.url.params["contactType"] == "contact"
    assert first.headers["apikey"] == API_KEY


@pytest.mark.parametrize(
    "response",
    [
        json_response(404, "error-404-contact-not-found.json"),
        httpx.Response(404),
        json_response(200, "contactoverview-contact-minimal.json"),
        json_response(409, "error-409-multiple-matches.json"),
    ],
)
def test_check_tenant_passes_when_the_contact_type_exists(response: httpx.Response) -> None:
    client, _ = make_client(Recorder(response))
    client.check_tenant()


@pytest.mark.parametrize(
    ("response", "error_class"),
    [
        (httpx.Response(401), errors.AuthRefusedError),
        (httpx.Response(403, text="Forbidden"), errors.AuthRefusedError),
        (httpx.Response(500, text="An error has occurred"), errors.ServerError),
        (httpx.ConnectError("[Errno 111] Connection refused"), errors.OfflineError),
        (httpx.ReadTimeout("timed out"), errors.RequestTimeoutError),
    ],
)
def test_check_tenant_failures(
    response: httpx.Response | Exception, error_class: type[errors.EngageError]
) -> None:
    client, _ = make_client(Recorder(response))
    with pytest.raises(error_class):
        client.check_tenant()


def test_check_tenant_reports_an_unknown_contact_type_for_store_it() -> None:
    client, _ = make_client(Recorder(json_response(400, "error-400-invalid-contact-type.json")))
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.check_tenant("medlem")
    assert info.value.error_code == "InvalidContactType"
    assert info.value.audience is errors.Audience.ADMIN


def test_check_tenant_raises_other_400s_for_the_caller_to_report() -> None:
    client, _ = make_client(Recorder(httpx.Response(400, json={"errorCode": "InvalidSearchQuery"})))
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.check_tenant()
    assert info.value.error_code == "InvalidSearchQuery"
    client, _ = make_client(Recorder(httpx.Response(400)))
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.check_tenant()
    assert info.value.error_code is None


def test_check_tenant_retries_like_every_request() -> None:
    recorder = Recorder(
        httpx.ConnectError("refused"),
        httpx.Response(503),
        json_response(404, "error-404-contact-not-found.json"),
    )
    client, sleep = make_client(recorder, retry=RetryPolicy(max_attempts=3, budget_seconds=10))
    client.check_tenant()
    assert len(recorder.requests) == 3 and len(sleep.calls) == 2


# --------------------------------------------------------------------------- points wording

CONTACT_ID = "50a74cff-026f-4c84-aa8f-f5f8d837115f"


@pytest.mark.parametrize(
    ("answer", "error_class", "message"),
    [
        (
            json_response(400, "error-400-invalid-contact-type.json"),
            errors.IdentifierRejectedError,
            "Loyalty refused the points request. Ask store IT if it happens again.",
        ),
        (
            httpx.Response(400, json={"errorCode": "InvalidContactId"}),
            errors.IdentifierRejectedError,
            "Loyalty refused the points request. Ask store IT if it happens again.",
        ),
        (
            httpx.ReadTimeout("timed out"),
            errors.RequestTimeoutError,
            "Loyalty did not answer about points in time.",
        ),
        (
            httpx.ConnectTimeout("timed out"),
            errors.RequestTimeoutError,
            "Loyalty did not answer about points in time.",
        ),
        (
            httpx.ReadError("reset"),
            errors.OfflineError,
            "The connection to loyalty broke off while fetching the points.",
        ),
        (
            httpx.Response(403),
            errors.AuthRefusedError,
            "The API key may not read points. Ask store IT to allow points for the API connection "
            "in Engage.",
        ),
        (
            httpx.Response(404),
            errors.ContactNotFoundError,
            "Loyalty has no points for this member.",
        ),
        (
            httpx.Response(429, headers={"retry-after": "600"}),
            errors.RateLimitedError,
            "Loyalty is busy right now. Scan again in a moment to see the points.",
        ),
        (httpx.Response(500), errors.ServerError, "Loyalty had a problem fetching the points."),
        (
            httpx.Response(200, text="<html>"),
            errors.UnreadableResponseError,
            "Loyalty sent points pos-profile cannot read.",
        ),
    ],
)
def test_failed_points_carry_points_words(
    answer: httpx.Response | Exception, error_class: type[errors.EngageError], message: str
) -> None:
    client, _ = make_client(Recorder(answer), retry=RetryPolicy(max_attempts=1))
    with pytest.raises(error_class) as info:
        client.point_accounts(CONTACT_ID)
    assert info.value.message == message == str(info.value)
    assert info.value.exit_code == error_class.exit_code
    assert_private(info.value)


def test_points_of_an_untrusted_certificate_stay_for_store_it() -> None:
    failure = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    failure.__context__ = ssl.SSLCertVerificationError("certificate verify failed")
    client, _ = make_client(Recorder(failure))
    with pytest.raises(errors.TlsError) as info:
        client.point_accounts(CONTACT_ID)
    assert info.value.audience is errors.Audience.ADMIN
    assert "certificate" in info.value.message and "points" in info.value.message


def test_lookup_errors_keep_their_lookup_words() -> None:
    client, _ = make_client(Recorder(httpx.ReadTimeout("timed out")))
    with pytest.raises(errors.RequestTimeoutError) as info:
        client.contact_overview(MEMBER)
    assert info.value.message == errors.RequestTimeoutError.default_message


# --------------------------------------------------------------------------- TLS reasons


def _verify_failure(code: int, text: str) -> httpx.ConnectError:
    cause = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] {text}")
    cause.verify_code = code
    cause.verify_message = text
    failure = httpx.ConnectError(str(cause))
    failure.__cause__ = cause
    return failure


@pytest.mark.parametrize(
    ("failure", "reason", "words"),
    [
        (
            _verify_failure(20, "unable to get local issuer certificate"),
            errors.TlsReason.UNTRUSTED,
            "not trusted on this till",
        ),
        (
            _verify_failure(19, "self-signed certificate in certificate chain"),
            errors.TlsReason.UNTRUSTED,
            "[engage] ca_file",
        ),
        (_verify_failure(10, "certificate has expired"), errors.TlsReason.CLOCK, "clock"),
        (_verify_failure(9, "certificate is not yet valid"), errors.TlsReason.CLOCK, "clock"),
        (
            _verify_failure(62, "Hostname mismatch, certificate is not valid for 'x'."),
            errors.TlsReason.HOSTNAME,
            "does not match its address",
        ),
        (
            _verify_failure(
                -2146762487,
                "A certificate chain processed, but terminated in a root "
                "certificate which is not trusted by the trust provider.",
            ),  # Windows
            errors.TlsReason.UNTRUSTED,
            "not trusted",
        ),
    ],
)
def test_certificate_problems_are_worded_for_store_it(
    failure: httpx.ConnectError, reason: errors.TlsReason, words: str
) -> None:
    client, sleep = make_client(Recorder(failure))
    with pytest.raises(errors.TlsError) as info:
        client.contact_overview(MEMBER)
    assert info.value.reason is reason
    assert words in info.value.message
    assert info.value.audience is errors.Audience.ADMIN
    assert sleep.calls == []  # never retried


def test_another_handshake_failure_keeps_the_general_tls_message() -> None:
    failure = httpx.ConnectError("[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] handshake failure")
    failure.__context__ = ssl.SSLError(1, "[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] handshake failure")
    client, _ = make_client(Recorder(failure))
    with pytest.raises(errors.TlsError) as info:
        client.contact_overview(MEMBER)
    assert info.value.reason is None
    assert info.value.message == errors.TlsError.default_message


# --------------------------------------------------------------------------- from_settings


def test_from_settings_builds_the_client_the_settings_describe() -> None:
    recorder = Recorder(json_response(200, "contactoverview-contact-minimal.json"))
    engage = EngageSettings(
        base_url="https://tenant.voyado.com",
        contact_type="contact",
        timeout_seconds=7.0,
        connect_timeout_seconds=2.0,
    )
    client = EngageClient.from_settings(engage, API_KEY, transport=httpx.MockTransport(recorder))
    client.contact_overview(MEMBER)
    (request,) = recorder.requests
    assert request.url.host == "tenant.voyado.com"
    assert request.url.params["contactType"] == "contact"
    assert request.headers["apikey"] == API_KEY
    assert request.extensions["timeout"] == {"connect": 2.0, "read": 7.0, "write": 7.0, "pool": 2.0}


def test_from_settings_base_url_override_for_the_demo() -> None:
    recorder = Recorder(json_response(404, "error-404-contact-not-found.json"))
    client = EngageClient.from_settings(
        EngageSettings(),
        "sandbox-key",
        base_url="http://127.0.0.1:8765",
        transport=httpx.MockTransport(recorder),
    )
    client.check_tenant()
    assert str(recorder.requests[0].url).startswith("http://127.0.0.1:8765/api/v3/")


def test_from_settings_without_an_address_or_key() -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        EngageClient.from_settings(EngageSettings(), API_KEY)
    assert "[engage] base_url" in info.value.message
    with pytest.raises(errors.ConfigurationError):
        EngageClient.from_settings(EngageSettings(base_url="https://tenant.voyado.com"), " ")


def test_from_settings_uses_the_os_trust_store_and_ca_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[object] = []
    real = tls.create_ssl_context

    def spy(ca_file: object = None) -> ssl.SSLContext:
        made.append(ca_file)
        return real(ca_file)  # type: ignore[arg-type]

    monkeypatch.setattr(tls, "create_ssl_context", spy)
    pem = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(pem))
    with EngageClient.from_settings(
        EngageSettings(base_url="https://tenant.voyado.com", ca_file=str(pem)), API_KEY
    ):
        pass
    with EngageClient.from_settings(EngageSettings(base_url="https://tenant.voyado.com"), API_KEY):
        pass
    assert made == [str(pem), None]


# --------------------------------------------------------------------------- closing


def test_a_closed_client_sends_nothing_and_says_cancelled() -> None:
    recorder = Recorder(json_response(200, "contactoverview-member-full.json"))
    client, _ = make_client(recorder)
    client.close()
    client.close()
    for call in (
        lambda: client.contact_overview(MEMBER),
        client.check_connection,
        client.check_tenant,
    ):
        with pytest.raises(errors.RequestCancelledError) as info:
            call()
        assert info.value.message == "The lookup was cancelled."
    with pytest.raises(errors.RequestCancelledError) as info:
        client.point_accounts(CONTACT_ID)
    assert info.value.message == "The points request was cancelled."
    assert recorder.requests == []
    assert client.closed
    client.warm_up()  # logs, never raises


def test_closing_during_a_request_is_not_reported_as_offline_nor_retried() -> None:
    holder: list[EngageClient] = []

    def close_then_fail(request: httpx.Request) -> httpx.Response:
        holder[0].close()
        raise httpx.ReadError("Bad file descriptor")

    recorder = Recorder(close_then_fail)
    client, sleep = make_client(recorder)
    holder.append(client)
    with pytest.raises(errors.RequestCancelledError) as info:
        client.contact_overview(MEMBER)
    assert len(recorder.requests) == 1 and sleep.calls == []
    assert_private(info.value)


def test_closing_cuts_the_wait_between_retries_short() -> None:
    answered = threading.Event()

    def unavailable(request: httpx.Request) -> httpx.Response:
        answered.set()
        return httpx.Response(503)

    client = EngageClient(
        "https://tenant.voyado.com",
        API_KEY,
        transport=httpx.MockTransport(unavailable),
        retry=RetryPolicy(max_attempts=3, budget_seconds=120, backoff_seconds=60),
    )  # the default sleep: a wait that close() ends
    failures: list[BaseException] = []

    def lookup() -> None:
        try:
            client.contact_overview(MEMBER)
        except BaseException as exc:
            failures.append(exc)

    worker = threading.Thread(target=lookup)
    worker.start()
    assert answered.wait(5)
    client.close()
    worker.join(5)  # far less than the 60 s backoff
    assert not worker.is_alive()
    assert [type(e) for e in failures] == [errors.RequestCancelledError]
