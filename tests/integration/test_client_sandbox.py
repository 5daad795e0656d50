"""EngageClient against the sandbox over a real socket: every demo contact and error case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from pos_profile.engage import errors
from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.engage.identifiers import Lookup, LookupKind, classify
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
        sandbox.base_url, DEMO_API_KEY, timeout_seconds=2.0,
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


@pytest.mark.parametrize(
    "contact", [c for c in CONTACTS if c.member_number], ids=lambda c: c.slug
)
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


@pytest.mark.parametrize(
    "contact", [c for c in CONTACTS if c.mobile_phone], ids=lambda c: c.slug
)
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
        (Lookup(LookupKind.SOCIAL_SECURITY_NUMBER, "198604122386"),
         "InvalidSocialSecurityNumber"),
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
    with EngageClient(sandbox.base_url, "wrong-key") as wrong, pytest.raises(
        errors.AuthRefusedError
    ) as info:
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
        (Fault.RATE_LIMITED_NO_RETRY_AFTER, errors.RateLimitedError, 3),
        (Fault.INVALID_JSON, errors.UnreadableResponseError, 1),
        (Fault.TRUNCATED_JSON, errors.UnreadableResponseError, 1),
        (Fault.HUGE_BODY, errors.UnreadableResponseError, 1),
        (Fault.UNAUTHORIZED, errors.AuthRefusedError, 1),
        (Fault.FORBIDDEN, errors.AuthRefusedError, 1),
        (Fault.RESET, errors.OfflineError, 3),
    ],
)
def test_faults_map_to_errors_with_bounded_retries(
    client: EngageClient, sandbox: SandboxServer, fault: Fault,
    error_class: type[errors.EngageError], attempts: int,
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
        with EngageClient(sandbox.base_url, DEMO_API_KEY, timeout_seconds=0.3) as slow, \
                pytest.raises(errors.RequestTimeoutError):
            slow.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    finally:
        sandbox.faults.clear()


def test_one_connection_serves_many_lookups(sandbox: SandboxServer) -> None:
    before = sandbox.connections_accepted
    with EngageClient(sandbox.base_url, DEMO_API_KEY) as engage:
        for _ in range(20):
            engage.contact_overview(Lookup(LookupKind.CUSTOM_KEY, "7001234567"))
    assert sandbox.connections_accepted - before == 1
