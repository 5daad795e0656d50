"""The redemption calls: error mapping of every documented code, and the POST is sent once."""

from __future__ import annotations

import json

import httpx
import pytest

from pos_profile import errors
from pos_profile.engage import redemption as api
from pos_profile.engage.client import POST_READ_TIMEOUT_SECONDS, EngageClient
from pos_profile.engage.redemption import Action

V, R, P = Action.REDEEM_VOUCHER, Action.REACTIVATE_VOUCHER, Action.REDEEM_PROMOTION


def body(code: str) -> bytes:
    return json.dumps({"statusCode": 409, "errorCode": code, "message": "x"}).encode()


@pytest.mark.parametrize(
    ("action", "status", "code", "cls", "text"),
    [
        (V, 409, "RewardVoucherAlreadyRedeemed", errors.RedemptionRefusedError, "already redeemed"),
        (V, 409, "RewardVoucherExpired", errors.RedemptionRefusedError, "has expired"),
        (V, 404, "RewardVoucherNotFound", errors.RedemptionNotFoundError, "no such voucher"),
        (V, 400, "InvalidRewardVoucherId", errors.RedemptionInvalidError, "not a valid voucher"),
        (R, 409, "ReactivationLimitExceeded", errors.RedemptionRefusedError, "too many times"),
        (R, 409, "RewardVoucherAlreadyActivated", errors.RedemptionRefusedError, "nothing to undo"),
        (R, 409, "RewardVoucherExpired", errors.RedemptionRefusedError, "cannot be reactivated"),
        (P, 409, "PromotionAlreadyRedeemed", errors.RedemptionRefusedError, "already redeemed"),
        (
            P,
            409,
            "PromotionNotValidForRedemptionChannel",
            errors.RedemptionRefusedError,
            "cannot be used at the till",
        ),
        (
            P,
            404,
            "PromotionNotAssociatedWithContact",
            errors.RedemptionNotFoundError,
            "does not belong to this customer",
        ),
        (P, 404, "PromotionNotFound", errors.RedemptionNotFoundError, "no such offer"),
        (P, 400, "InvalidPromotionIdNoData", errors.RedemptionInvalidError, "not a valid offer"),
    ],
)
def test_each_documented_code_has_its_own_message(
    action: Action, status: int, code: str, cls: type[errors.RedemptionError], text: str
) -> None:
    error = api.redemption_error(action, status, body(code))
    assert type(error) is cls
    assert error.error_code == code
    assert text in error.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"code": "PromotionAlreadyRedeemed"}', "This offer is already redeemed."),
        (b'"PromotionAlreadyRedeemed"', "This offer is already redeemed."),
        (
            b'{"title": "PromotionAlreadyRedeemed", "status": 409}',
            "This offer is already redeemed.",
        ),
        (b"", "Loyalty refused to redeem this offer now."),
        (b"<html>nginx</html>", "Loyalty refused to redeem this offer now."),
        (b'{"errorCode": "SomethingNew"}', "Loyalty refused to redeem this offer now."),
    ],
)
def test_error_bodies_of_any_shape(raw: bytes, expected: str) -> None:
    error = api.redemption_error(P, 409, raw)
    assert isinstance(error, errors.RedemptionRefusedError)
    assert error.message.startswith(expected)
    assert error.exit_code == 4


def test_other_statuses_are_what_a_get_would_raise() -> None:
    assert isinstance(api.redemption_error(V, 401, b""), errors.AuthRefusedError)
    assert isinstance(api.redemption_error(V, 504, b""), errors.ServerError)
    assert isinstance(api.redemption_error(V, 429, b""), errors.RateLimitedError)


def recording_client(status: int = 503) -> tuple[EngageClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json={"errorCode": "GatewayTimeout"})

    client = EngageClient(
        "https://tenant.example.com",
        "key",
        transport=httpx.MockTransport(answer),
        sleep=lambda _s: None,
    )
    return client, seen


@pytest.mark.parametrize("status", [502, 503, 504, 429])
def test_a_post_is_never_retried(status: int) -> None:
    client, seen = recording_client(status=status)
    with client, pytest.raises(errors.EngageError):
        api.redeem_voucher(client, "f99e6ae5-c3c7-4558-bad3-67d4ab3e1d35")
    assert [r.method for r in seen] == ["POST"]


def test_the_promotion_post_names_the_channel_and_keeps_the_headers() -> None:
    client, seen = recording_client(status=200)
    with client:
        api.redeem_promotion(client, "a/b")  # an id can never change the path
    (request,) = seen
    assert request.url.raw_path == b"/api/v3/promotion-assignments/a%2Fb/redeem"
    assert json.loads(request.content) == {"redemptionChannel": "POS"}
    assert request.headers["apikey"] == "key"
    assert request.headers["content-type"] == "application/json"
    assert request.extensions["timeout"]["read"] == POST_READ_TIMEOUT_SECONDS >= 60


def test_a_timed_out_post_is_not_retried() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    client = EngageClient(
        "https://tenant.example.com", "key", transport=httpx.MockTransport(answer)
    )
    with client, pytest.raises(errors.RequestTimeoutError):
        api.redeem_voucher(client, "v1")
    assert len(seen) == 1
