"""EngageClient against the sandbox over a real socket: every demo contact and error case."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator

import pytest

from pos_profile import errors
from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.engage.identifiers import classify
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.sandbox import DEMO_API_KEY, DemoContactInfo, Fault, demo_contacts
from pos_profile.sandbox.server import SandboxServer

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TODAY = NOW.date()
CONTACTS = demo_contacts()
PATH = "/api/v3/contactoverview"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(api_key=DEMO_API_KEY, now=lambda: NOW) as server:
        yield server


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[EngageClient]:
    sandbox.faults.clear()
    with EngageClient(
        sandbox.base_url,
        DEMO_API_KEY,
        timeout_seconds=2.0,
        retry=RetryPolicy(max_attempts=3, budget_seconds=1.0, backoff_seconds=0.01),
    ) as engage:
        yield engage
    sandbox.faults.clear()


def contact_type(contact: DemoContactInfo) -> str:
    return contact.contact_type.lower()


@pytest.mark.parametrize("contact", CONTACTS, ids=[c.slug for c in CONTACTS])
def test_every_contact_by_contact_id_with_points(
    client: EngageClient, contact: DemoContactInfo
) -> None:
    overview = client.contact_overview(Lookup(LookupKind.CONTACT_ID, contact.contact_id))
    assert overview.id == contact.contact_id
    accounts = client.point_accounts(contact.contact_id)
    assert isinstance(accounts.items, tuple)


@pytest.mark.parametrize("contact", [c for c in CONTACTS if c.member_number], ids=lambda c: c.slug)
def test_every_member_by_scanned_member_number(
    client: EngageClient, contact: DemoContactInfo
) -> None:
    assert contact.member_number is not None
    overview = client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, contact.member_number))
    assert overview.id == contact.contact_id


@pytest.mark.parametrize(
    "contact",
    [c for c in CONTACTS if c.email != "familjen.holm@example.com"],
    ids=lambda c: c.slug,
)
def test_every_unique_email_classified_as_typed(
    client: EngageClient, contact: DemoContactInfo
) -> None:
    lookup = classify(contact.email)
    assert lookup.kind is LookupKind.EMAIL
    overview = client.contact_overview(lookup, contact_type(contact))
    assert overview.id == contact.contact_id


@pytest.mark.parametrize(
    "contact", [c for c in CONTACTS if c.social_security_number], ids=lambda c: c.slug
)
def test_every_personal_number_classified_as_typed(
    client: EngageClient, contact: DemoContactInfo
) -> None:
    assert contact.social_security_number is not None
    lookup = classify(contact.social_security_number, today=TODAY)
    assert lookup.kind is LookupKind.SOCIAL_SECURITY_NUMBER
    assert client.contact_overview(lookup).id == contact.contact_id


@pytest.mark.parametrize("contact", [c for c in CONTACTS if c.mobile_phone], ids=lambda c: c.slug)
def test_every_phone_typed_in_national_format(
    client: EngageClient, contact: DemoContactInfo
) -> None:
    assert contact.mobile_phone is not None
    national = "0" + contact.mobile_phone.removeprefix("+46")
    typed = f"{national[:3]}-{national[3:6]} {national[6:8]} {national[8:]}"
    lookup = classify(typed)
    assert lookup == Lookup(LookupKind.MOBILE_PHONE, contact.mobile_phone)
    assert client.contact_overview(lookup).id == contact.contact_id


def test_shared_email_is_several_matches_with_both_ids(client: EngageClient) -> None:
    with pytest.raises(errors.MultipleMatchesError) as info:
        client.contact_overview(classify("familjen.holm@example.com"))
    holms = {c.contact_id for c in CONTACTS if c.email == "familjen.holm@example.com"}
    assert set(info.value.candidate_ids) == holms


def test_member_number_that_looks_like_a_personal_number(client: EngageClient) -> None:
    """Why scans go as customKey: Engage's `any` stops at the first kind that validates."""
    with pytest.raises(errors.ContactNotFoundError):
        client.contact_overview(Lookup(LookupKind.ANY, "7003151003"))
    assert client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7003151003")).id


def test_unknown_member_is_not_found(client: EngageClient) -> None:
    with pytest.raises(errors.ContactNotFoundError):
        client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7000000000"))


def test_unknown_contact_type_is_rejected_for_the_admin(client: EngageClient) -> None:
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"), "medlem")
    assert info.value.error_code == "InvalidContactType"
    assert info.value.audience is errors.Audience.ADMIN


@pytest.mark.parametrize(
    ("lookup", "code"),
    [
        (Lookup(LookupKind.MOBILE_PHONE, "0701740612"), "InvalidPhoneNumber"),
        (Lookup(LookupKind.SOCIAL_SECURITY_NUMBER, "198604122386"), "InvalidSocialSecurityNumber"),
        (Lookup(LookupKind.EMAIL, "not-an-email"), "InvalidEmailAddress"),
    ],
)
def test_malformed_identifiers_get_the_documented_400(
    client: EngageClient, lookup: Lookup, code: str
) -> None:
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.contact_overview(lookup)
    assert info.value.error_code == code
    assert lookup.value not in info.value.message


def test_wrong_key_is_refused(sandbox: SandboxServer) -> None:
    with (
        EngageClient(sandbox.base_url, "wrong-key") as wrong,
        pytest.raises(errors.AuthRefusedError) as info,
    ):
        wrong.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    assert "wrong-key" not in info.value.message


def test_points_of_the_full_member(client: EngageClient) -> None:
    accounts = client.point_accounts("50a74cff-026f-4c84-aa8f-f5f8d837115f")
    assert accounts.main is not None
    assert (accounts.main.balance, accounts.main.pending_points) == (1240, 150)


@pytest.mark.parametrize(
    ("fault", "error_class", "attempts"),
    [
        (Fault.HTML_502, errors.ServerError, 3),
        (Fault.SERVER_ERROR, errors.ServerError, 1),
        (Fault.SERVER_ERROR_EMPTY, errors.ServerError, 1),
        # no Retry-After: a one-second wait (plus jitter) is assumed, beyond this 1 s budget
        (Fault.RATE_LIMITED_NO_RETRY_AFTER, errors.RateLimitedError, 1),
        (Fault.INVALID_JSON, errors.UnreadableResponseError, 1),
        (Fault.TRUNCATED_JSON, errors.UnreadableResponseError, 1),
        (Fault.HUGE_BODY, errors.UnreadableResponseError, 1),
        (Fault.UNAUTHORIZED, errors.AuthRefusedError, 1),
        (Fault.FORBIDDEN, errors.AuthRefusedError, 1),
        (Fault.RESET, errors.OfflineError, 3),
    ],
)
def test_faults_map_to_errors_with_bounded_retries(
    client: EngageClient,
    sandbox: SandboxServer,
    fault: Fault,
    error_class: type[errors.EngageError],
    attempts: int,
) -> None:
    sandbox.faults[PATH] = fault
    before = len(sandbox.requests)
    with pytest.raises(error_class):
        client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    assert len(sandbox.requests) - before == attempts


def test_wrong_types_still_give_a_profile(client: EngageClient, sandbox: SandboxServer) -> None:
    sandbox.faults[PATH] = Fault.WRONG_TYPES
    overview = client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    assert overview is not None


def test_a_hanging_server_times_out(sandbox: SandboxServer) -> None:
    sandbox.faults[PATH] = Fault.HANG
    try:
        with (
            EngageClient(sandbox.base_url, DEMO_API_KEY, timeout_seconds=0.3) as slow,
            pytest.raises(errors.RequestTimeoutError),
        ):
            slow.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    finally:
        sandbox.faults.clear()


def test_one_connection_serves_many_lookups(sandbox: SandboxServer) -> None:
    before = sandbox.connections_accepted
    with EngageClient(sandbox.base_url, DEMO_API_KEY) as engage:
        for _ in range(20):
            engage.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    assert sandbox.connections_accepted - before == 1


# --------------------------------------------------------------------------- tenant check


@pytest.mark.parametrize("contact_type", ["member", "contact", "Member"])
def test_tenant_check_passes_for_the_sandbox_contact_types(
    client: EngageClient, sandbox: SandboxServer, contact_type: str
) -> None:
    before = len(sandbox.requests)
    client.check_tenant(contact_type)
    (request,) = sandbox.requests[before:]
    assert request[1].startswith(PATH + "?")
    assert "customKey=0000000000000" in request[1]


def test_the_tenant_check_probe_is_a_member_nobody_has(client: EngageClient) -> None:
    with pytest.raises(errors.ContactNotFoundError):
        client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "0000000000000"))


def test_tenant_check_reports_an_unknown_contact_type_to_store_it(client: EngageClient) -> None:
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.check_tenant("medlem")
    assert info.value.error_code == "InvalidContactType"
    assert info.value.audience is errors.Audience.ADMIN
    assert "contact type" in info.value.message


def test_tenant_check_reports_a_refused_key(sandbox: SandboxServer) -> None:
    with (
        EngageClient(sandbox.base_url, "wrong-key") as wrong,
        pytest.raises(errors.AuthRefusedError),
    ):
        wrong.check_tenant()


def test_tenant_check_retries_like_every_request(
    client: EngageClient, sandbox: SandboxServer
) -> None:
    sandbox.faults.set(PATH, Fault.HTML_502, times=1)
    before = len(sandbox.requests)
    client.check_tenant()
    assert len(sandbox.requests) - before == 2


# --------------------------------------------------------------------------- points errors

POINTS_PATH = "/api/v3/point-accounts"


@pytest.mark.parametrize(
    ("fault", "error_class", "words"),
    [
        (Fault.SERVER_ERROR, errors.ServerError, "problem fetching the points"),
        (Fault.INVALID_JSON, errors.UnreadableResponseError, "points pos-profile cannot read"),
        (Fault.FORBIDDEN, errors.AuthRefusedError, "may not read points"),
        (Fault.RESET, errors.OfflineError, "while fetching the points"),
        (Fault.RATE_LIMITED_NO_RETRY_AFTER, errors.RateLimitedError, "to see the points"),
    ],
)
def test_failed_points_say_so_in_points_words(
    client: EngageClient,
    sandbox: SandboxServer,
    fault: Fault,
    error_class: type[errors.EngageError],
    words: str,
) -> None:
    sandbox.faults[POINTS_PATH] = fault
    with pytest.raises(error_class) as info:
        client.point_accounts("50a74cff-026f-4c84-aa8f-f5f8d837115f")
    assert words in info.value.message
    assert "sale can go on" not in info.value.message
    assert "another identifier" not in info.value.message


def test_points_of_a_malformed_contact_id_are_refused_in_points_words(
    client: EngageClient,
) -> None:
    with pytest.raises(errors.IdentifierRejectedError) as info:
        client.point_accounts("not-a-guid")
    assert info.value.error_code == "InvalidContactId"
    assert info.value.message == (
        "Loyalty refused the points request. Ask store IT if it happens again."
    )


def test_points_that_time_out_say_so(sandbox: SandboxServer) -> None:
    sandbox.faults[POINTS_PATH] = Fault.HANG
    try:
        with (
            EngageClient(sandbox.base_url, DEMO_API_KEY, timeout_seconds=0.3) as slow,
            pytest.raises(errors.RequestTimeoutError) as info,
        ):
            slow.point_accounts("50a74cff-026f-4c84-aa8f-f5f8d837115f")
        assert info.value.message == "Loyalty did not answer about points in time."
    finally:
        sandbox.faults.clear()


# --------------------------------------------------------------------------- closing


def _in_thread(call: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    failures: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


def test_closing_ends_requests_in_flight_with_request_cancelled() -> None:
    with SandboxServer(api_key=DEMO_API_KEY) as server:
        server.faults["*"] = Fault.HANG
        client = EngageClient(server.base_url, DEMO_API_KEY, timeout_seconds=30.0)
        member = Lookup(LookupKind.CUSTOM_KEY, "7001234567")
        workers = [
            _in_thread(lambda: client.contact_overview(member)),
            _in_thread(lambda: client.point_accounts("50a74cff-026f-4c84-aa8f-f5f8d837115f")),
            _in_thread(client.check_tenant),
        ]
        assert server.wait_for_requests(3, timeout=10)  # all three are in flight
        closers = [_in_thread(client.close) for _ in range(2)]  # from two threads at once
        for thread, _ in workers + closers:
            thread.join(timeout=5)  # far below the 30 s read timeout
            assert not thread.is_alive()
        outcomes = [failures for _, failures in workers]
        assert [[type(e) for e in f] for f in outcomes] == [[errors.RequestCancelledError]] * 3
        assert outcomes[0][0].message == "The lookup was cancelled."
        assert outcomes[1][0].message == "The points request was cancelled."
        assert all(failures == [] for _, failures in closers)
        assert client.closed


def test_a_client_used_after_close_says_cancelled(sandbox: SandboxServer) -> None:
    client = EngageClient(sandbox.base_url, DEMO_API_KEY)
    client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    client.close()
    before = len(sandbox.requests)
    with pytest.raises(errors.RequestCancelledError) as info:
        client.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    assert info.value.message == "The lookup was cancelled."
    with pytest.raises(errors.RequestCancelledError):
        client.check_connection()
    client.warm_up()  # only logs
    client.close()  # twice is fine
    assert len(sandbox.requests) == before  # nothing was sent
