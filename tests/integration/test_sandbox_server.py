"""The sandbox over a real loopback socket, as the Engage client and a cashier's demo see it."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from pos_profile.sandbox import DEMO_API_KEY, DemoContactInfo, Fault, SandboxServer, demo_contacts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CET = timezone(timedelta(hours=1))
FROZEN = datetime(2026, 11, 25, 12, 0, tzinfo=CET)
HEADERS = {
    "apikey": DEMO_API_KEY,
    "User-Agent": "pos-profile-tests/1.0",
    "Content-Type": "application/json",
    "Accept": "application/json",
}
OVERVIEW = "/api/v3/contactoverview"
POINTS = "/api/v3/point-accounts"
CONTACTS = demo_contacts()
BY_SLUG = {c.slug: c for c in CONTACTS}
ASTRID = BY_SLUG["astrid-lindqvist"]
HOLMS = [BY_SLUG["per-holm"], BY_SLUG["karin-holm"], BY_SLUG["holm-protected"]]


def frozen_now() -> datetime:
    return FROZEN


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shared_server() -> Iterator[SandboxServer]:
    with SandboxServer(now=frozen_now) as server:
        yield server


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    """A private server for tests that change latency or faults."""
    with SandboxServer(now=frozen_now) as server:
        yield server


@pytest.fixture(scope="module")
def client(shared_server: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=shared_server.base_url, headers=HEADERS, timeout=5.0) as c:
        yield c


def make_client(server: SandboxServer, **kwargs: Any) -> httpx.Client:
    kwargs.setdefault("timeout", 5.0)
    kwargs.setdefault("headers", HEADERS)
    return httpx.Client(base_url=server.base_url, **kwargs)


def lookup(client: httpx.Client, **params: str) -> httpx.Response:
    return client.get(OVERVIEW, params=params)


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"statusCode", "errorCode", "message", "messageDetails"}
    assert body["statusCode"] == status
    assert body["errorCode"] == code
    assert body["message"]
    return body


def member_type(contact: DemoContactInfo) -> str:
    return contact.contact_type.lower()


# --------------------------------------------------------------------------- found by every kind


@pytest.mark.parametrize("contact", CONTACTS, ids=lambda c: c.slug)
def test_every_contact_is_found_by_contact_id_without_contact_type(
    client: httpx.Client, contact: DemoContactInfo
) -> None:
    response = lookup(client, contactId=contact.contact_id)
    assert response.status_code == 200
    assert response.json()["id"] == contact.contact_id


@pytest.mark.parametrize("contact", CONTACTS, ids=lambda c: c.slug)
def test_every_contact_is_found_by_each_identifier_it_has(
    client: httpx.Client, contact: DemoContactInfo
) -> None:
    kinds: dict[str, str | None] = {
        "customKey": contact.member_number,
        "mobilePhone": contact.mobile_phone,
        "socialSecurityNumber": contact.social_security_number,
        "email": None if contact in HOLMS else contact.email,
    }
    tried = 0
    for kind, value in kinds.items():
        if value is None:
            continue
        response = lookup(client, contactType=member_type(contact), **{kind: value})
        assert response.status_code == 200, (kind, response.text)
        assert response.json()["id"] == contact.contact_id
        tried += 1
    assert tried >= 1


def test_full_member_is_served_exactly_as_the_fixture_on_the_frozen_day(
    client: httpx.Client,
) -> None:
    response = lookup(client, contactType="member", customKey=ASTRID.member_number or "")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == fixture("contactoverview-member-full.json")


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("customKey", "POS-88213"),  # externalId
        ("email", "ASTRID.Lindqvist@Example.com"),
        ("socialSecurityNumber", "19860412-2385"),
        ("socialSecurityNumber", "860412-2385"),
        ("socialSecurityNumber", "8604122385"),
        ("any", "astrid.lindqvist@example.com"),
        ("any", "198604122385"),
        ("any", "+46701740612"),
        ("any", "7001234567"),
    ],
)
def test_astrid_is_found_by_every_spelling_engage_accepts(
    client: httpx.Client, kind: str, value: str
) -> None:
    response = lookup(client, contactType="Member", **{kind: value})
    assert response.status_code == 200, response.text
    assert response.json()["id"] == ASTRID.contact_id


@pytest.mark.parametrize("contact_type", ["member", "Member", "MEMBER"])
def test_contact_type_is_matched_case_insensitively(
    client: httpx.Client, contact_type: str
) -> None:
    response = lookup(client, contactType=contact_type, customKey="7001234567")
    assert response.status_code == 200


def test_finnish_hetu_and_samordningsnummer_find_their_members(client: httpx.Client) -> None:
    aino = lookup(client, contactType="member", socialSecurityNumber="150385-208r")
    assert aino.json()["id"] == BY_SLUG["aino-virtanen"].contact_id
    amir = lookup(client, contactType="member", socialSecurityNumber="880574-3120")
    assert amir.json()["id"] == BY_SLUG["amir-haddad"].contact_id


def test_a_contact_is_not_a_member(client: httpx.Client) -> None:
    email = BY_SLUG["newsletter-contact"].email or ""
    assert_error(lookup(client, contactType="member", email=email), 404, "ContactNotFound")
    found = lookup(client, contactType="contact", email=email)
    assert found.status_code == 200
    assert found.json()["meta"]["contactType"] == "Contact"


def test_contact_id_with_the_wrong_contact_type_is_not_found(client: httpx.Client) -> None:
    response = lookup(client, contactType="contact", contactId=ASTRID.contact_id)
    assert_error(response, 404, "ContactNotFound")


# --------------------------------------------------------------------------- errors


def test_unknown_member_number_is_404(client: httpx.Client) -> None:
    assert_error(
        lookup(client, contactType="member", customKey="7000000000"), 404, "ContactNotFound"
    )


def test_shared_email_is_409_with_both_candidates(client: httpx.Client) -> None:
    response = lookup(client, contactType="member", email="familjen.holm@example.com")
    body = assert_error(response, 409, "MultipleMatches")
    assert sorted(body["messageDetails"]["multipleMatchesFound"]) == sorted(
        c.contact_id for c in HOLMS
    )


def test_any_stops_at_the_first_kind_the_value_is_valid_as(client: httpx.Client) -> None:
    greta = BY_SLUG["greta-holmgren"]
    number = greta.member_number or ""
    assert_error(lookup(client, contactType="member", any=number), 404, "ContactNotFound")
    found = lookup(client, contactType="member", customKey=number)
    assert found.json()["id"] == greta.contact_id


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"customKey": "7001234567"}, "InvalidContactType"),
        ({"contactType": "", "email": "astrid.lindqvist@example.com"}, "InvalidContactType"),
        ({"contactType": "medlem", "customKey": "7001234567"}, "InvalidContactType"),
        ({"contactType": "medlem", "contactId": ASTRID.contact_id}, "InvalidContactType"),
        ({"contactType": "member"}, "InvalidSearchQuery"),
        (
            {"contactType": "member", "customKey": "7001234567", "email": "a@example.com"},
            "InvalidSearchQuery",
        ),
        ({"contactType": "member", "customKey": ""}, "InvalidSearchQuery"),
        ({"contactType": "member", "any": ""}, "InvalidSearchQuery"),
        ({"contactId": "7001234567"}, "InvalidSearchQuery"),
        ({"contactType": "member", "email": "astrid.lindqvist"}, "InvalidEmailAddress"),
        ({"contactType": "member", "email": "a b@example.com"}, "InvalidEmailAddress"),
        ({"contactType": "member", "mobilePhone": "0701740612"}, "InvalidPhoneNumber"),
        ({"contactType": "member", "mobilePhone": "+4670174061x"}, "InvalidPhoneNumber"),
        (
            {"contactType": "member", "socialSecurityNumber": "198604122386"},
            "InvalidSocialSecurityNumber",
        ),
        (
            {"contactType": "member", "socialSecurityNumber": "19861304-2385"},
            "InvalidSocialSecurityNumber",
        ),
        (
            {"contactType": "member", "socialSecurityNumber": "150385-208A"},
            "InvalidSocialSecurityNumber",
        ),
    ],
)
def test_malformed_queries_get_the_documented_400(
    client: httpx.Client, params: dict[str, str], code: str
) -> None:
    assert_error(client.get(OVERVIEW, params=params), 400, code)


def test_a_plus_that_was_not_url_encoded_is_an_invalid_phone(client: httpx.Client) -> None:
    response = client.get(OVERVIEW + "?contactType=member&mobilePhone=+46701740612")
    assert_error(response, 400, "InvalidPhoneNumber")
    encoded = client.get(OVERVIEW + "?contactType=member&mobilePhone=%2B46701740612")
    assert encoded.json()["id"] == ASTRID.contact_id


def test_unknown_contact_type_is_named_in_the_message(client: httpx.Client) -> None:
    body = assert_error(
        lookup(client, contactType="medlem", customKey="1"), 400, "InvalidContactType"
    )
    assert "medlem" in body["message"]


@pytest.mark.parametrize("key", [None, "", "wrong-key", DEMO_API_KEY + "x"])
def test_missing_or_wrong_api_key_is_401_in_json(
    shared_server: SandboxServer, key: str | None
) -> None:
    headers = {k: v for k, v in HEADERS.items() if k != "apikey"}
    if key is not None:
        headers["apikey"] = key
    with make_client(shared_server, headers=headers) as c:
        response = c.get(OVERVIEW, params={"contactType": "member", "customKey": "7001234567"})
    assert_error(response, 401, "Unauthorized")


def test_a_server_with_another_key_refuses_the_demo_key() -> None:
    with SandboxServer(api_key="s3cret-tenant-key", now=frozen_now) as other:
        with make_client(other) as c:
            assert_error(
                c.get(POINTS, params={"contactId": ASTRID.contact_id}), 401, "Unauthorized"
            )
        headers = {**HEADERS, "apikey": "s3cret-tenant-key"}
        with make_client(other, headers=headers) as c:
            assert c.get(POINTS, params={"contactId": ASTRID.contact_id}).status_code == 200


def test_missing_user_agent_is_403(shared_server: SandboxServer) -> None:
    # httpx always adds its own User-Agent unless told otherwise: send an empty one
    with make_client(shared_server, headers={**HEADERS, "User-Agent": ""}) as c:
        response = c.get(OVERVIEW, params={"contactType": "member", "customKey": "7001234567"})
    body = assert_error(response, 403, "UserAgentRequired")
    assert "User-Agent" in body["message"]


def test_missing_content_type_is_500_an_error_has_occurred(shared_server: SandboxServer) -> None:
    headers = {k: v for k, v in HEADERS.items() if k != "Content-Type"}
    with make_client(shared_server, headers=headers) as c:
        response = c.get(OVERVIEW, params={"contactType": "member", "customKey": "7001234567"})
    assert response.status_code == 500
    assert "An error has occurred" in response.text


def test_unknown_path_is_404_and_other_methods_are_405(client: httpx.Client) -> None:
    assert client.get("/api/v3/contacts/id").status_code == 404
    post = client.post(OVERVIEW, json={})
    assert post.status_code == 405
    assert post.headers["allow"] == "GET"


# --------------------------------------------------------------------------- points


def test_point_accounts_come_in_the_v3_wrapper(client: httpx.Client) -> None:
    response = client.get(POINTS, params={"contactId": ASTRID.contact_id})
    assert response.status_code == 200
    assert response.json() == fixture("point-accounts.json")


def test_pending_points_and_a_member_without_accounts(client: httpx.Client) -> None:
    sara = client.get(POINTS, params={"contactId": BY_SLUG["sara-lund"].contact_id}).json()
    assert [(a["balance"], a["pendingPoints"]) for a in sara["items"]] == [(0.0, 300.0)]
    olof = client.get(POINTS, params={"contactId": BY_SLUG["olof-strand"].contact_id}).json()
    assert olof == {"links": [], "count": 0, "offset": 0, "totalCount": 0, "items": []}


def test_point_accounts_page_with_offset_and_count(client: httpx.Client) -> None:
    page = client.get(
        POINTS, params={"contactId": ASTRID.contact_id, "offset": "1", "count": "1"}
    ).json()
    assert (page["count"], page["offset"], page["totalCount"]) == (1, 1, 2)
    assert page["items"][0]["definitionId"] == 2


def test_point_accounts_of_an_unknown_or_malformed_contact(client: httpx.Client) -> None:
    unknown = client.get(POINTS, params={"contactId": "00000000-0000-4000-8000-000000000000"})
    assert_error(unknown, 404, "ContactNotFound")
    assert_error(client.get(POINTS, params={"contactId": "7001234567"}), 400, "InvalidContactId")
    assert_error(client.get(POINTS), 400, "InvalidContactId")


# --------------------------------------------------------------------------- dates and latency


def test_dates_follow_the_injected_clock() -> None:
    later = FROZEN + timedelta(days=100, hours=3)
    with SandboxServer(now=lambda: later) as server, make_client(server) as c:
        maja = lookup(c, contactType="member", customKey=BY_SLUG["maja-berg"].member_number or "")
        accounts = c.get(POINTS, params={"contactId": ASTRID.contact_id}).json()
    expires = datetime.fromisoformat(maja.json()["rewardVouchers"][0]["expiresOn"])
    assert expires.date() - later.date() == timedelta(days=3)
    assert accounts["items"][0]["balanceExpires"].startswith("2027-04-10T23:59:59")


def test_latency_is_added_to_every_request_and_can_change(server: SandboxServer) -> None:
    with make_client(server) as c:
        started = time.perf_counter()
        assert c.get(POINTS, params={"contactId": ASTRID.contact_id}).status_code == 200
        quick = time.perf_counter() - started
        server.latency_ms = 300
        started = time.perf_counter()
        assert c.get(POINTS, params={"contactId": ASTRID.contact_id}).status_code == 200
        slow = time.perf_counter() - started
    assert slow >= 0.3
    assert quick < 0.3


def test_latency_from_the_constructor() -> None:
    with SandboxServer(latency_ms=250, now=frozen_now) as server, make_client(server) as c:
        started = time.perf_counter()
        lookup(c, contactType="member", customKey="7001234567")
        assert time.perf_counter() - started >= 0.25


# --------------------------------------------------------------------------- faults


def get_astrid(c: httpx.Client) -> httpx.Response:
    return lookup(c, contactType="member", customKey="7001234567")


@pytest.mark.parametrize(
    ("fault", "status", "content_type"),
    [
        (Fault.HTML_502, 502, "text/html"),
        (Fault.SERVER_ERROR, 500, "application/json"),
        (Fault.RATE_LIMITED, 429, "application/json"),
        (Fault.RATE_LIMITED_NO_RETRY_AFTER, 429, "application/json"),
        (Fault.UNAUTHORIZED, 401, "application/json"),
        (Fault.FORBIDDEN, 403, "application/json"),
    ],
)
def test_status_faults(server: SandboxServer, fault: Fault, status: int, content_type: str) -> None:
    server.faults[OVERVIEW] = fault
    with make_client(server) as c:
        response = get_astrid(c)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(content_type)
    assert ("retry-after" in response.headers) == (fault is Fault.RATE_LIMITED)
    if fault is Fault.HTML_502:
        assert "<h1>502 Bad Gateway</h1>" in response.text
    else:
        assert response.json()["statusCode"] == status


def test_retry_after_value_is_settable(server: SandboxServer) -> None:
    server.faults.retry_after = "7"
    server.faults[OVERVIEW] = Fault.RATE_LIMITED
    with make_client(server) as c:
        assert get_astrid(c).headers["retry-after"] == "7"


def test_server_error_without_body(server: SandboxServer) -> None:
    server.faults[OVERVIEW] = Fault.SERVER_ERROR_EMPTY
    with make_client(server) as c:
        response = get_astrid(c)
    assert response.status_code == 500
    assert response.content == b""


def test_invalid_truncated_and_wrongly_typed_json(server: SandboxServer) -> None:
    with make_client(server) as c:
        normal = get_astrid(c).content
        server.faults[OVERVIEW] = Fault.INVALID_JSON
        invalid = get_astrid(c)
        server.faults[OVERVIEW] = Fault.TRUNCATED_JSON
        truncated = get_astrid(c)
        server.faults[OVERVIEW] = Fault.WRONG_TYPES
        wrong = get_astrid(c)
        server.faults[POINTS] = Fault.WRONG_TYPES
        wrong_points = c.get(POINTS, params={"contactId": ASTRID.contact_id})
    for response in (invalid, truncated):
        assert response.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.content)
    assert normal.startswith(truncated.content)
    assert 0 < len(truncated.content) < len(normal)
    assert wrong.status_code == 200
    assert isinstance(wrong.json()["attributes"], str)
    assert isinstance(wrong_points.json()["items"][0]["balance"], str)


def test_huge_body_is_ten_megabytes_of_valid_json(server: SandboxServer) -> None:
    server.faults[OVERVIEW] = Fault.HUGE_BODY
    with make_client(server) as c:
        response = get_astrid(c)
    assert len(response.content) >= 10 * 1024 * 1024
    assert response.json()["id"] == ASTRID.contact_id


def test_reset_mid_body_breaks_the_response(server: SandboxServer) -> None:
    server.faults[OVERVIEW] = Fault.RESET
    with make_client(server) as c, pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        get_astrid(c)


def test_hang_never_answers(server: SandboxServer) -> None:
    server.faults[OVERVIEW] = Fault.HANG
    with make_client(server, timeout=0.3) as c, pytest.raises(httpx.ReadTimeout):
        get_astrid(c)


def test_stop_does_not_hang_with_a_hung_request_in_flight() -> None:
    server = SandboxServer(now=frozen_now)
    server.start()
    url = server.base_url
    server.faults["*"] = Fault.HANG
    outcome: list[BaseException | httpx.Response] = []

    def call() -> None:
        with make_client(server, timeout=30.0) as c:
            try:
                outcome.append(get_astrid(c))
            except httpx.HTTPError as error:
                outcome.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    assert server.wait_for_requests(1)
    started = time.perf_counter()
    server.stop()
    stopped_in = time.perf_counter() - started
    caller.join(5.0)
    assert stopped_in < 2.0
    assert not caller.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], httpx.HTTPError)
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + OVERVIEW, headers=HEADERS, timeout=2.0)


def test_fault_for_a_number_of_requests_then_normal(server: SandboxServer) -> None:
    server.faults.set(OVERVIEW, Fault.RATE_LIMITED, times=2)
    with make_client(server) as c:
        statuses = [get_astrid(c).status_code for _ in range(3)]
    assert statuses == [429, 429, 200]
    assert server.faults[OVERVIEW] is None


def test_faults_are_per_path_and_star_matches_every_path(server: SandboxServer) -> None:
    with make_client(server) as c:
        server.faults[POINTS] = Fault.HTML_502
        assert get_astrid(c).status_code == 200
        assert c.get(POINTS, params={"contactId": ASTRID.contact_id}).status_code == 502
        server.faults.clear()
        server.faults["*"] = Fault.FORBIDDEN
        assert get_astrid(c).status_code == 403
        server.faults[OVERVIEW] = Fault.UNAUTHORIZED  # an exact path wins over "*"
        assert get_astrid(c).status_code == 401
        server.faults.clear()
        assert get_astrid(c).status_code == 200
    with pytest.raises(ValueError, match="times"):
        server.faults.set(OVERVIEW, Fault.HANG, times=0)


# --------------------------------------------------------------------------- connections, logs


def test_a_hundred_lookups_on_one_client_use_one_connection(server: SandboxServer) -> None:
    with make_client(server) as c:
        for _ in range(100):
            response = get_astrid(c)
            assert response.http_version == "HTTP/1.1"
            assert response.headers["content-length"] == str(len(response.content))
    assert server.connections_accepted == 1
    with make_client(server) as c:
        get_astrid(c)
    assert server.connections_accepted == 2
    assert len(server.requests) == 101


def test_requests_are_recorded_without_headers(server: SandboxServer) -> None:
    with make_client(server) as c:
        get_astrid(c)
        c.get(POINTS, params={"contactId": ASTRID.contact_id})
    assert server.requests == [
        ("GET", OVERVIEW + "?contactType=member&customKey=7001234567"),
        ("GET", f"{POINTS}?contactId={ASTRID.contact_id}"),
    ]
    assert DEMO_API_KEY not in repr(server.requests)


def test_log_has_path_status_and_duration_but_no_personal_values(
    server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pos_profile.sandbox")
    with make_client(server) as c:
        lookup(c, contactType="member", email="astrid.lindqvist@example.com")
        lookup(c, contactType="member", mobilePhone="0701740612")
        c.get("/api/v3/nowhere?email=maja.berg@example.com")
    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith(f"GET {OVERVIEW} 200 ") and "ms" in line for line in lines)
    assert any(line.startswith(f"GET {OVERVIEW} 400 ") for line in lines)
    text = "\n".join(lines)
    for secret in ("astrid", "example.com", "0701740612", "%40", DEMO_API_KEY, "?"):
        assert secret not in text


def test_serve_forever_returns_on_stop_and_on_ctrl_c() -> None:
    server = SandboxServer(now=frozen_now)
    urls: list[str] = []
    ready = threading.Event()

    def listening(url: str) -> None:
        urls.append(url)
        ready.set()

    runner = threading.Thread(target=server.serve_forever, kwargs={"on_listening": listening})
    runner.start()
    assert ready.wait(5.0)
    with make_client(server) as c:
        assert get_astrid(c).status_code == 200
    server.stop()
    runner.join(5.0)
    assert not runner.is_alive()
    assert urls[0].startswith("http://127.0.0.1:")

    interrupted = SandboxServer(now=frozen_now)

    def press_ctrl_c(url: str) -> None:
        urls.append(url)
        raise KeyboardInterrupt

    interrupted.serve_forever(on_listening=press_ctrl_c)  # returns instead of raising
    port = int(urls[1].rsplit(":", 1)[1])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_base_url_needs_a_running_server() -> None:
    server = SandboxServer()
    with pytest.raises(RuntimeError, match="start"):
        _ = server.base_url
    server.stop()  # stopping a server that never started is harmless
