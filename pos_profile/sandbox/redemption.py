"""The sandbox's redemption endpoints, with their state kept for the server's run.

* ``GET  /api/v3/reward-vouchers/available?contactId=``: usable vouchers (not redeemed, not
  expired); ``GET /api/v3/reward-vouchers?contactId=``: all of them, redeemed and expired too.
* ``POST /api/v3/reward-vouchers/{id}/redeem`` and ``.../reactivate`` (at most
  :data:`REACTIVATION_LIMIT` reactivations per voucher, Engage's default).
* ``GET  /api/v3/contacts/{contactId}/promotions[?redemptionChannelType=POS]``: the contact's
  unexpired promotions of that channel, each with its current ``redeemed`` flag;
  ``POST /api/v3/promotion-assignments/{id}/redeem`` with ``{"redemptionChannel": "POS"}``.

The starting state is the demo contacts' own vouchers and promotions (``resources/sandbox/
contacts``); a redemption changes it until the server stops. ``contactoverview`` is served
as stored, as a cached overview would be: only these endpoints are live.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pos_profile.sandbox import validation as v
from pos_profile.sandbox.data import DemoContact, DemoDataSet, overview_at

JSONObject = dict[str, Any]

REACTIVATION_LIMIT = 3
CHANNELS = ("POS", "ECOM", "OTHER")

AVAILABLE_VOUCHERS = "/api/v3/reward-vouchers/available"
ALL_VOUCHERS = "/api/v3/reward-vouchers"
REDEEM_VOUCHER = "/api/v3/reward-vouchers/{id}/redeem"
REACTIVATE_VOUCHER = "/api/v3/reward-vouchers/{id}/reactivate"
CONTACT_PROMOTIONS = "/api/v3/contacts/{id}/promotions"
REDEEM_PROMOTION = "/api/v3/promotion-assignments/{id}/redeem"

GET_ENDPOINTS = (AVAILABLE_VOUCHERS, ALL_VOUCHERS, CONTACT_PROMOTIONS)
POST_ENDPOINTS = (REDEEM_VOUCHER, REACTIVATE_VOUCHER, REDEEM_PROMOTION)
ENDPOINTS = GET_ENDPOINTS + POST_ENDPOINTS
"""Path templates: faults are set on these (``server.faults.set(REDEEM_VOUCHER, ...)``)."""


def match(path: str) -> tuple[str, str | None] | None:
    """``(template, id)`` of a redemption path (lower-cased, ``/`` stripped), or None."""
    parts = path.split("/")
    if path in (AVAILABLE_VOUCHERS, ALL_VOUCHERS):
        return path, None
    if len(parts) == 6 and parts[:4] == ["", "api", "v3", "reward-vouchers"]:
        if parts[5] == "redeem":
            return REDEEM_VOUCHER, parts[4]
        if parts[5] == "reactivate":
            return REACTIVATE_VOUCHER, parts[4]
    if len(parts) == 6 and parts[:4] == ["", "api", "v3", "contacts"] and parts[5] == "promotions":
        return CONTACT_PROMOTIONS, parts[4]
    if (
        len(parts) == 6
        and parts[:4] == ["", "api", "v3", "promotion-assignments"]
        and parts[5] == "redeem"
    ):
        return REDEEM_PROMOTION, parts[4]
    return None


class Answer:
    """Status and JSON payload of one redemption answer (the api module makes the Reply)."""

    def __init__(self, status: int, payload: Any) -> None:
        self.status = status
        self.payload = payload


def _error(status: int, code: str, message: str) -> Answer:
    return Answer(
        status,
        {"statusCode": status, "errorCode": code, "message": message, "messageDetails": None},
    )


class RedemptionState:
    """Which vouchers and promotions are redeemed now, and how often each voucher was
    reactivated. Thread-safe."""

    def __init__(self, data: DemoDataSet, now: Callable[[], datetime]) -> None:
        self._data = data
        self._now = now
        self._lock = threading.Lock()
        self._voucher_owner: dict[str, DemoContact] = {}
        self._promotion_owner: dict[str, DemoContact] = {}
        self._redeemed: dict[str, tuple[bool, str | None]] = {}  # id -> (redeemed, when)
        self._reactivations: dict[str, int] = {}
        for contact in data.contacts:
            for section, owners in (
                ("rewardVouchers", self._voucher_owner),
                ("promotions", self._promotion_owner),
            ):
                for item in _items(contact.overview, section):
                    key = str(item.get("id", "")).lower()
                    if key and key not in owners:
                        owners[key] = contact
                        self._redeemed[key] = (item.get("redeemed") is True, None)

    # ------------------------------------------------------------------ dispatch

    def handle(
        self,
        method: str,
        template: str,
        item_id: str | None,
        params: dict[str, list[str]],
        body: bytes,
    ) -> Answer:
        """Answer one request on a redemption endpoint (headers already checked)."""
        wanted = "POST" if template in POST_ENDPOINTS else "GET"
        if method != wanted:
            return Answer(
                405, {"Message": f"The requested resource does not support http method '{method}'."}
            )
        if template in (AVAILABLE_VOUCHERS, ALL_VOUCHERS):
            return self._vouchers(params, available_only=template == AVAILABLE_VOUCHERS)
        assert item_id is not None
        if template == CONTACT_PROMOTIONS:
            return self._promotions(item_id, params)
        if template == REDEEM_VOUCHER:
            return self._redeem_voucher(item_id)
        if template == REACTIVATE_VOUCHER:
            return self._reactivate_voucher(item_id)
        return self._redeem_promotion(item_id, body)

    # ------------------------------------------------------------------ vouchers

    def _vouchers(self, params: dict[str, list[str]], *, available_only: bool) -> Answer:
        ids = params.get("contactid", [])
        if len(ids) != 1 or not v.is_contact_id(ids[0]):
            return _error(400, "InvalidContactId", "Give one contactId (a GUID).")
        contact = self._data.by_id(ids[0])
        if contact is None:
            return _error(404, "ContactNotFound", "No contact was found for the given contactId.")
        with self._lock:
            items = [self._current(voucher) for voucher in self._shifted(contact, "rewardVouchers")]
        if available_only:
            items = [i for i in items if not i["redeemed"] and not self._expired(i)]
        return Answer(
            200, {"count": len(items), "offset": 0, "items": items, "totalCount": len(items)}
        )

    def _redeem_voucher(self, voucher_id: str) -> Answer:
        if not v.is_contact_id(voucher_id):
            return _error(400, "InvalidRewardVoucherId", "The reward voucher id is not valid.")
        with self._lock:
            voucher = self._voucher(voucher_id)
            if voucher is None:
                return _error(404, "RewardVoucherNotFound", "No such reward voucher.")
            if voucher["redeemed"]:
                return _error(409, "RewardVoucherAlreadyRedeemed", "Already redeemed.")
            if self._expired(voucher):
                return _error(409, "RewardVoucherExpired", "The reward voucher has expired.")
            self._redeemed[voucher_id.lower()] = (True, self._now().isoformat())
            return Answer(200, self._current(voucher))

    def _reactivate_voucher(self, voucher_id: str) -> Answer:
        if not v.is_contact_id(voucher_id):
            return _error(400, "InvalidRewardVoucherId", "The reward voucher id is not valid.")
        key = voucher_id.lower()
        with self._lock:
            voucher = self._voucher(voucher_id)
            if voucher is None:
                return _error(404, "RewardVoucherNotFound", "No such reward voucher.")
            if not voucher["redeemed"]:
                return _error(409, "RewardVoucherAlreadyActivated", "The voucher is active.")
            if self._expired(voucher):
                return _error(409, "RewardVoucherExpired", "The reward voucher has expired.")
            if self._reactivations.get(key, 0) >= REACTIVATION_LIMIT:
                return _error(409, "ReactivationLimitExceeded", "Reactivation limit exceeded.")
            self._reactivations[key] = self._reactivations.get(key, 0) + 1
            self._redeemed[key] = (False, None)
            return Answer(200, self._current(voucher))

    def _voucher(self, voucher_id: str) -> JSONObject | None:
        key = voucher_id.lower()
        contact = self._voucher_owner.get(key)
        if contact is None:
            return None
        return next(
            (
                self._current(item)
                for item in self._shifted(contact, "rewardVouchers")
                if str(item.get("id", "")).lower() == key
            ),
            None,
        )

    # ------------------------------------------------------------------ promotions

    def _promotions(self, contact_id: str, params: dict[str, list[str]]) -> Answer:
        if not v.is_contact_id(contact_id):
            return _error(400, "InvalidContactId", "contactId must be a GUID.")
        contact = self._data.by_id(contact_id)
        if contact is None:
            return _error(404, "ContactNotFound", "No contact was found for the given contactId.")
        channel = (params.get("redemptionchanneltype") or [""])[0].strip().upper()
        if channel and channel not in CHANNELS:
            return _error(400, "NotAValidRedemptionChannel", "Use POS, ECOM or OTHER.")
        with self._lock:
            items = [self._current(p) for p in self._shifted(contact, "promotions")]
        items = [p for p in items if not self._expired(p)]
        if channel:
            items = [p for p in items if channel in _channel_types(p)]
        return Answer(200, items)

    def _redeem_promotion(self, assignment_id: str, body: bytes) -> Answer:
        try:
            request = json.loads(body or b"null")
        except ValueError:
            request = None
        channel = request.get("redemptionChannel") if isinstance(request, dict) else None
        if not isinstance(channel, str) or channel.upper() not in CHANNELS:
            return _error(
                400, "NotAValidRedemptionChannel", "Give redemptionChannel POS, ECOM or OTHER."
            )
        if not v.is_contact_id(assignment_id):
            return _error(400, "InvalidPromotionIdNoData", "The promotion id is not valid.")
        key = assignment_id.lower()
        with self._lock:
            contact = self._promotion_owner.get(key)
            promotion = None
            if contact is not None:
                promotion = next(
                    (
                        self._current(p)
                        for p in self._shifted(contact, "promotions")
                        if str(p.get("id", "")).lower() == key
                    ),
                    None,
                )
            if promotion is None:
                return _error(404, "PromotionNotFound", "No such promotion.")
            if promotion["redeemed"]:
                return _error(409, "PromotionAlreadyRedeemed", "Already redeemed.")
            if channel.upper() not in _channel_types(promotion):
                return _error(
                    409, "PromotionNotValidForRedemptionChannel", "Not valid for that channel."
                )
            if self._expired(promotion):
                return _error(409, "PromotionExpired", "The promotion has expired.")
            self._redeemed[key] = (True, self._now().isoformat())
            return Answer(200, self._current(promotion))

    # ------------------------------------------------------------------ helpers

    def _shifted(self, contact: DemoContact, section: str) -> list[JSONObject]:
        overview = overview_at(contact, self._data.reference_now, self._now())
        return [copy.deepcopy(item) for item in _items(overview, section)]

    def _current(self, item: JSONObject) -> JSONObject:
        """``item`` with the redeemed flag and date of the state now."""
        key = str(item.get("id", "")).lower()
        if key in self._redeemed:
            redeemed, on = self._redeemed[key]
            on = (on or item.get("redeemedOn")) if redeemed else None
            item = {**item, "redeemed": redeemed, "redeemedOn": on}
        return item

    def _expired(self, item: JSONObject) -> bool:
        expires = item.get("expiresOn")
        if not isinstance(expires, str):
            return False
        try:
            when = datetime.fromisoformat(expires)
        except ValueError:
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=self._data.reference_now.tzinfo)
        return when < self._now()


def _items(overview: JSONObject, section: str) -> list[JSONObject]:
    value = overview.get(section)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _channel_types(promotion: JSONObject) -> set[str]:
    channels = promotion.get("redemptionChannels")
    if not isinstance(channels, list):
        return set()
    return {str(c.get("type", "")).upper() for c in channels if isinstance(c, dict)}
