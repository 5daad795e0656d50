"""Engage's redemption calls: the live checks (GET) and the redeem / reactivate POSTs.

Facts and sources: ``pos_profile/docs/engage-api.md`` ("Redemption"). Every POST is sent
exactly once (:meth:`EngageClient.post` never retries); a refusal (400/404/409) becomes a
:class:`~pos_profile.errors.RedemptionError` with a message of its own, a 401/403 the usual
AuthRefusedError, a 5xx a ServerError (the caller then checks with a GET what happened).
Error bodies are read with :func:`~pos_profile.engage.models.parse_error_body` (any shape);
their texts are never shown or logged.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote

from pydantic import ValidationError

from pos_profile import errors
from pos_profile.engage import models
from pos_profile.engage.client import EngageClient, status_error
from pos_profile.engage.models import EngageModel, LenientList, Promotion, RewardVoucher
from pos_profile.i18n import ERRORS, N_

AVAILABLE_VOUCHERS_PATH = "/reward-vouchers/available"
ALL_VOUCHERS_PATH = "/reward-vouchers"
POS_CHANNEL = "POS"

T = TypeVar("T")
Item = TypeVar("Item", RewardVoucher, Promotion)


class Action(enum.Enum):
    """Which POST was refused (the messages differ)."""

    REDEEM_VOUCHER = "redeem voucher"
    REACTIVATE_VOUCHER = "reactivate voucher"
    REDEEM_PROMOTION = "redeem promotion"


class RewardVoucherList(EngageModel):
    """``GET /api/v3/reward-vouchers[/available]?contactId=``: ``{count, offset, items,
    totalCount}`` (a bare list is accepted too)."""

    items: LenientList[RewardVoucher] = ()

    @classmethod
    def parse(cls, body: bytes) -> RewardVoucherList:
        data = json.loads(body)
        return cls.model_validate({"items": data} if isinstance(data, list) else data)

    def find(self, voucher_id: str) -> RewardVoucher | None:
        return _find(self.items, voucher_id)


class PromotionList(EngageModel):
    """``GET /api/v3/contacts/{contactId}/promotions``: a bare JSON array of promotions."""

    items: LenientList[Promotion] = ()

    @classmethod
    def parse(cls, body: bytes) -> PromotionList:
        data = json.loads(body)
        return cls.model_validate({"items": data} if isinstance(data, list) else data)

    def find(self, assignment_id: str) -> Promotion | None:
        return _find(self.items, assignment_id)


def _find(items: tuple[Item, ...], item_id: str) -> Item | None:
    wanted = item_id.strip().lower()
    return next((item for item in items if (item.id or "").lower() == wanted), None)


# --------------------------------------------------------------------------- the calls


def available_vouchers(client: EngageClient, contact_id: str) -> RewardVoucherList:
    """The contact's vouchers that can be used now (live; contactoverview may be cached)."""
    body = client.get_json(AVAILABLE_VOUCHERS_PATH, {"contactId": contact_id}, what="vouchers")
    return _parse(RewardVoucherList.parse, body)


def all_vouchers(client: EngageClient, contact_id: str) -> RewardVoucherList:
    """Every voucher of the contact, available, expired and redeemed (the follow-up check)."""
    body = client.get_json(ALL_VOUCHERS_PATH, {"contactId": contact_id}, what="all vouchers")
    return _parse(RewardVoucherList.parse, body)


def contact_promotions(
    client: EngageClient, contact_id: str, channel: str | None = POS_CHANNEL
) -> PromotionList:
    """The contact's promotions in real time, of ``channel`` (None: every channel)."""
    params = {"redemptionChannelType": channel} if channel else {}
    body = client.get_json(
        f"/contacts/{_segment(contact_id)}/promotions", params, what="promotions"
    )
    return _parse(PromotionList.parse, body)


def redeem_voucher(client: EngageClient, voucher_id: str) -> None:
    """``POST /reward-vouchers/{id}/redeem``, once. Returns on 200."""
    status, body = client.post(
        f"/reward-vouchers/{_segment(voucher_id)}/redeem", None, what="redeem voucher"
    )
    _check(Action.REDEEM_VOUCHER, status, body)


def reactivate_voucher(client: EngageClient, voucher_id: str) -> None:
    """``POST /reward-vouchers/{id}/reactivate`` (undo a redemption), once."""
    status, body = client.post(
        f"/reward-vouchers/{_segment(voucher_id)}/reactivate", None, what="reactivate voucher"
    )
    _check(Action.REACTIVATE_VOUCHER, status, body)


def redeem_promotion(client: EngageClient, assignment_id: str) -> None:
    """``POST /promotion-assignments/{id}/redeem`` with ``{"redemptionChannel": "POS"}``,
    once. ``assignment_id`` is the promotion's own ``id``, never ``promotionId``."""
    status, body = client.post(
        f"/promotion-assignments/{_segment(assignment_id)}/redeem",
        {"redemptionChannel": POS_CHANNEL},
        what="redeem promotion",
    )
    _check(Action.REDEEM_PROMOTION, status, body)


# --------------------------------------------------------------------------- errors


VOUCHER_ALREADY_REDEEMED = N_(ERRORS, "This voucher is already redeemed. Do not accept it.")
VOUCHER_EXPIRED = N_(ERRORS, "This voucher has expired. Do not accept it.")
VOUCHER_NOT_FOUND = N_(ERRORS, "Loyalty has no such voucher for this customer.")
PROMOTION_ALREADY_REDEEMED = N_(ERRORS, "This offer is already redeemed. Do not give it again.")
PROMOTION_NOT_AT_POS = N_(ERRORS, "This offer cannot be used at the till.")
PROMOTION_EXPIRED = N_(ERRORS, "This offer has expired. Do not give it.")
PROMOTION_NOT_FOUND = N_(ERRORS, "Loyalty has no such offer for this customer.")

_MESSAGES: dict[tuple[Action, str], str] = {
    (Action.REDEEM_VOUCHER, "RewardVoucherAlreadyRedeemed"): VOUCHER_ALREADY_REDEEMED,
    (Action.REDEEM_VOUCHER, "RewardVoucherExpired"): VOUCHER_EXPIRED,
    (Action.REDEEM_VOUCHER, "RewardVoucherNotFound"): VOUCHER_NOT_FOUND,
    (Action.REDEEM_VOUCHER, "InvalidRewardVoucherId"): N_(
        ERRORS, "That is not a valid voucher id. Nothing was redeemed."
    ),
    (Action.REACTIVATE_VOUCHER, "RewardVoucherAlreadyActivated"): N_(
        ERRORS, "This voucher is not redeemed, so there is nothing to undo."
    ),
    (Action.REACTIVATE_VOUCHER, "RewardVoucherExpired"): N_(
        ERRORS, "This voucher has expired and cannot be reactivated."
    ),
    (Action.REACTIVATE_VOUCHER, "ReactivationLimitExceeded"): N_(
        ERRORS,
        "This voucher has been reactivated too many times and cannot be reactivated again.",
    ),
    (Action.REACTIVATE_VOUCHER, "RewardVoucherNotFound"): VOUCHER_NOT_FOUND,
    (Action.REACTIVATE_VOUCHER, "InvalidRewardVoucherId"): N_(
        ERRORS, "That is not a valid voucher id. Nothing was reactivated."
    ),
    (Action.REDEEM_PROMOTION, "PromotionAlreadyRedeemed"): PROMOTION_ALREADY_REDEEMED,
    (Action.REDEEM_PROMOTION, "PromotionNotValidForRedemptionChannel"): PROMOTION_NOT_AT_POS,
    (Action.REDEEM_PROMOTION, "PromotionExpired"): PROMOTION_EXPIRED,
    (Action.REDEEM_PROMOTION, "PromotionNotAssociatedWithContact"): N_(
        ERRORS, "This offer does not belong to this customer. Nothing was redeemed."
    ),
    (Action.REDEEM_PROMOTION, "PromotionNotFound"): PROMOTION_NOT_FOUND,
    (Action.REDEEM_PROMOTION, "InvalidPromotionIdNoData"): N_(
        ERRORS, "That is not a valid offer id. Nothing was redeemed."
    ),
    (Action.REDEEM_PROMOTION, "NotAValidRedemptionChannel"): N_(
        ERRORS, "Loyalty refused the till as redemption channel. Nothing was redeemed."
    ),
}

_BY_STATUS: dict[tuple[Action, int], str] = {
    (Action.REDEEM_VOUCHER, 400): N_(
        ERRORS, "Loyalty refused the voucher id as invalid. Nothing was redeemed."
    ),
    (Action.REDEEM_VOUCHER, 404): VOUCHER_NOT_FOUND,
    (Action.REDEEM_VOUCHER, 409): N_(
        ERRORS, "Loyalty refused to redeem this voucher now. Nothing was redeemed."
    ),
    (Action.REACTIVATE_VOUCHER, 400): N_(
        ERRORS, "Loyalty refused the voucher id as invalid. Nothing was reactivated."
    ),
    (Action.REACTIVATE_VOUCHER, 404): VOUCHER_NOT_FOUND,
    (Action.REACTIVATE_VOUCHER, 409): N_(
        ERRORS, "Loyalty refused to reactivate this voucher. Nothing was changed."
    ),
    (Action.REDEEM_PROMOTION, 400): N_(
        ERRORS, "Loyalty refused the offer id as invalid. Nothing was redeemed."
    ),
    (Action.REDEEM_PROMOTION, 404): PROMOTION_NOT_FOUND,
    (Action.REDEEM_PROMOTION, 409): N_(
        ERRORS, "Loyalty refused to redeem this offer now. Nothing was redeemed."
    ),
}

_CLASSES: dict[int, type[errors.RedemptionError]] = {
    400: errors.RedemptionInvalidError,
    404: errors.RedemptionNotFoundError,
    409: errors.RedemptionRefusedError,
}


def redemption_error(action: Action, status: int, body: bytes) -> errors.EngageError:
    """The error a non-200 answer to ``action``'s POST means.

    400/404/409 become RedemptionInvalidError / RedemptionNotFoundError /
    RedemptionRefusedError with the message of the stated code (or of the status); every
    other status what a GET would raise (:func:`~pos_profile.engage.client.status_error`:
    AuthRefusedError for 401/403, RateLimitedError, ServerError for 5xx, ...)."""
    cls = _CLASSES.get(status)
    if cls is None:
        return status_error(status, body)
    code = models.parse_error_body(body).error_code
    message = _MESSAGES.get((action, code or ""), _BY_STATUS[(action, status)])
    return cls(message, status=status, error_code=code)


def _check(action: Action, status: int, body: bytes) -> None:
    if 200 <= status < 300:
        return
    raise redemption_error(action, status, body)


def _segment(item_id: str) -> str:
    """``item_id`` as one URL path segment (nothing in it can change the path)."""
    value = item_id.strip()
    if not value:
        raise errors.RedemptionInvalidError(
            N_(ERRORS, "No id was given. Nothing was redeemed."), status=None
        )
    return quote(value, safe="")


def _parse(parse: Callable[[bytes], T], body: bytes) -> T:
    try:
        return parse(body)
    except (ValidationError, ValueError):
        raise errors.UnreadableResponseError(status=200) from None
