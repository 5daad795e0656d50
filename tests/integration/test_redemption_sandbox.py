"""The redemption protocol against the sandbox over real sockets (in process, for the faults
and a short POST timeout): the hang past the point of no return, a cached overview, undo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pos_profile.engage.client import EngageClient, RetryPolicy
from pos_profile.lookup import Lookup, LookupKind
from pos_profile.redemption import Redeemer, RedeemKind, RedeemStatus, RedeemTarget
from pos_profile.sandbox import redemption as endpoints
from pos_profile.sandbox.faults import Fault
from pos_profile.sandbox.server import SandboxServer

ASTRID = "50a74cff-026f-4c84-aa8f-f5f8d837115f"
ERIK = "39038363-06bc-4567-a982-7d84c4437b10"
USABLE = "f99e6ae5-c3c7-4558-bad3-67d4ab3e1d35"
EXPIRED = "0772c2c9-0fb5-4661-bfe5-f1b26912b0f8"  # Erik's, expired in September
POS_PROMOTION = "1ea7b5e5-1fe5-4838-927f-92fd7d21e6ef"
WEB_SHOP_PROMOTION = "1b975d0d-154b-4467-8533-97acb3531def"  # Erik's, ECOM only
VOUCHER = RedeemTarget(RedeemKind.VOUCHER, USABLE, ASTRID)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[EngageClient]:
    with EngageClient(
        sandbox.base_url,
        sandbox.api_key,
        post_read_timeout_seconds=0.5,
        retry=RetryPolicy(budget_seconds=0.5),
    ) as engage:
        yield engage


def posts(server: SandboxServer) -> list[str]:
    return [target for method, target in server.requests if method == "POST"]


def test_a_hang_past_the_point_of_no_return_is_one_post_and_redeemed(
    sandbox: SandboxServer, client: EngageClient
) -> None:
    sandbox.faults.set(endpoints.REDEEM_VOUCHER, Fault.HANG_AFTER_APPLY)  # every POST hangs
    redeemer = Redeemer(client, store="0042")

    outcome = redeemer.redeem(VOUCHER)

    assert outcome.status is RedeemStatus.REDEEMED
    assert outcome.answer_was_lost
    assert posts(sandbox) == [f"/api/v3/reward-vouchers/{USABLE}/redeem"]
    again = redeemer.retry(VOUCHER)  # even an explicit retry checks first: no second POST
    assert again.status is RedeemStatus.REFUSED
    assert len(posts(sandbox)) == 1


def test_a_504_is_checked_then_one_retry_goes_through(
    sandbox: SandboxServer, client: EngageClient
) -> None:
    sandbox.faults.set(endpoints.REDEEM_VOUCHER, Fault.GATEWAY_TIMEOUT, times=1)
    redeemer = Redeemer(client)

    first = redeemer.redeem(VOUCHER)
    assert first.status is RedeemStatus.NOT_REDEEMED
    assert first.retry_allowed
    assert first.exit_code == 6
    second = redeemer.retry(VOUCHER)
    assert second.status is RedeemStatus.REDEEMED
    assert not second.answer_was_lost
    assert len(posts(sandbox)) == 2
    # between the two POSTs: the follow-up and the retry's live check
    kinds = [(m, t.split("?")[0]) for m, t in sandbox.requests]
    first_post = kinds.index(("POST", f"/api/v3/reward-vouchers/{USABLE}/redeem"))
    between = kinds[first_post + 1 : -1]
    assert ("GET", "/api/v3/reward-vouchers/available") in between


def test_a_409_from_engage_is_refused_with_its_reason(
    sandbox: SandboxServer, client: EngageClient
) -> None:
    sandbox.faults.set(endpoints.REDEEM_VOUCHER, Fault.CONFLICT, times=1)
    outcome = Redeemer(client).redeem(VOUCHER)
    assert outcome.status is RedeemStatus.REFUSED
    assert outcome.message.english == "This voucher is already redeemed. Do not accept it."
    assert len(posts(sandbox)) == 1


def test_a_voucher_the_cached_overview_still_shows_is_refused_without_a_post(
    sandbox: SandboxServer, client: EngageClient
) -> None:
    sandbox._api.redemptions.handle("POST", endpoints.REDEEM_VOUCHER, USABLE, {}, b"")
    overview = client.contact_overview(Lookup(LookupKind.CONTACT_ID, ASTRID))
    shown = next(v for v in overview.reward_vouchers if v.id == USABLE)
    assert shown.redeemed is False  # the overview is cached: it still looks usable

    outcome = Redeemer(client).redeem(VOUCHER)

    assert outcome.status is RedeemStatus.REFUSED
    assert "already redeemed" in outcome.message.english
    assert posts(sandbox) == []


def test_an_expired_voucher_is_refused_without_a_post(
    sandbox: SandboxServer, client: EngageClient
) -> None:
    outcome = Redeemer(client).redeem(RedeemTarget(RedeemKind.VOUCHER, EXPIRED, ERIK))
    assert outcome.status is RedeemStatus.REFUSED
    assert outcome.message.english == "This voucher has expired. Do not accept it."
    assert posts(sandbox) == []


def test_undo_until_the_reactivation_limit(sandbox: SandboxServer, client: EngageClient) -> None:
    redeemer = Redeemer(client)
    for _ in range(endpoints.REACTIVATION_LIMIT):
        assert redeemer.redeem(VOUCHER).status is RedeemStatus.REDEEMED
        undone = redeemer.undo(VOUCHER)
        assert undone.status is RedeemStatus.UNDONE
        assert undone.undone
    assert redeemer.redeem(VOUCHER).status is RedeemStatus.REDEEMED

    refused = redeemer.undo(VOUCHER)

    assert refused.status is RedeemStatus.REFUSED
    assert refused.exit_code == 4
    assert "reactivated too many times" in refused.message.english


def test_a_web_shop_promotion_is_refused_at_the_till_without_a_post(
    sandbox: SandboxServer, client: EngageClient
) -> None:
    target = RedeemTarget(RedeemKind.PROMOTION, WEB_SHOP_PROMOTION, ERIK)
    outcome = Redeemer(client).redeem(target)
    assert outcome.status is RedeemStatus.REFUSED
    assert outcome.message.english == "This offer cannot be used at the till."
    assert posts(sandbox) == []


def test_a_promotion_is_redeemed_once(sandbox: SandboxServer, client: EngageClient) -> None:
    redeemer = Redeemer(client)
    target = RedeemTarget(RedeemKind.PROMOTION, POS_PROMOTION, ASTRID)
    assert redeemer.redeem(target).status is RedeemStatus.REDEEMED
    again = redeemer.redeem(target)
    assert again.status is RedeemStatus.REFUSED
    assert "already redeemed" in again.message.english
    assert len(posts(sandbox)) == 1
