"""What the sandbox answers: Engage's v3 contactoverview and point-accounts, without sockets.

Checks, in this order (the first that fails decides the reply):

1. path: ``/api/v3/contactoverview``, ``/api/v3/point-accounts`` or a redemption endpoint
   (:mod:`.redemption`; case-insensitive, trailing ``/`` tolerated), else 404
   ``ResourceNotFound``; the endpoint's method (GET; POST to redeem), else 405;
2. ``apikey`` header equal to the key, else 401 ``Unauthorized``;
3. a non-empty ``User-Agent`` header, else 403 ``UserAgentRequired`` (Voyado requires one on
   every call; 403 because it is a set-up fault of the caller, like a refused key);
4. ``Content-Type: application/json``, else 500 with ASP.NET's generic body
   ``{"Message": "An error has occurred."}`` (Engage's documented behaviour, even on GET);
5. the query (see :meth:`EngageApi.contact_overview` and :meth:`EngageApi.point_accounts`).

Error bodies have the documented shape ``{statusCode, errorCode, message, messageDetails}``.
Like the fixtures, 400 messages quote the rejected value: a client must never show or log
Engage's message text as it is.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from pos_profile.sandbox import redemption
from pos_profile.sandbox import validation as v
from pos_profile.sandbox.data import DemoContact, DemoDataSet, overview_at, point_accounts_at

CONTACT_OVERVIEW_PATH = "/api/v3/contactoverview"
POINT_ACCOUNTS_PATH = "/api/v3/point-accounts"
PATHS = (CONTACT_OVERVIEW_PATH, POINT_ACCOUNTS_PATH)

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
IDENTIFIER_PARAMETERS = (
    v.CONTACT_ID,
    v.EMAIL,
    v.MOBILE_PHONE,
    v.SOCIAL_SECURITY_NUMBER,
    v.CUSTOM_KEY,
    v.ANY,
)
_ATTRIBUTE_OF_KIND = {
    v.EMAIL: "email",
    v.MOBILE_PHONE: "mobile_phone",
    v.SOCIAL_SECURITY_NUMBER: "social_security_number",
}


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, body bytes, content type and extra headers."""

    status: int
    body: bytes = b""
    content_type: str | None = JSON_CONTENT_TYPE
    headers: tuple[tuple[str, str], ...] = field(default=())


def json_reply(status: int, payload: Any, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, JSON_CONTENT_TYPE, headers)


def error_reply(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> Reply:
    """An error in the documented shape ``{statusCode, errorCode, message, messageDetails}``."""
    return json_reply(
        status,
        {"statusCode": status, "errorCode": code, "message": message, "messageDetails": details},
    )


GENERIC_500 = json_reply(500, {"Message": "An error has occurred."})


def canonical_path(path: str) -> str | None:
    """The endpoint ``path`` names (for a redemption path with an id, its template such as
    ``/api/v3/reward-vouchers/{id}/redeem``), or None."""
    candidate = path.rstrip("/").lower() or "/"
    if candidate in PATHS:
        return candidate
    matched = redemption.match(candidate)
    return matched[0] if matched else None


class EngageApi:
    """Answers requests from a :class:`DemoDataSet` at the time ``now()`` returns."""

    def __init__(self, data: DemoDataSet, api_key: str, now: Callable[[], datetime]) -> None:
        self.data = data
        self.api_key = api_key
        self.now = now
        self.redemptions = redemption.RedemptionState(data, now)
        """Which vouchers and promotions are redeemed, for this run."""

    # ------------------------------------------------------------------ entry point

    def handle(
        self,
        method: str,
        path: str,
        query: str,
        headers: Mapping[str, str],
        body: bytes = b"",
    ) -> Reply:
        """Answer one request. ``headers`` must have lower-case names."""
        endpoint = canonical_path(path)
        if endpoint is None:
            return error_reply(404, "ResourceNotFound", "No such resource.")
        matched = redemption.match(path.rstrip("/").lower())
        if matched is not None:
            refusal = self.check_headers(headers)
            if refusal is not None:
                return refusal
            template, item_id = matched
            answer = self.redemptions.handle(method, template, item_id, _parameters(query), body)
            return json_reply(answer.status, answer.payload)
        if method != "GET":
            return Reply(
                405,
                json.dumps(
                    {"Message": f"The requested resource does not support http method '{method}'."}
                ).encode(),
                JSON_CONTENT_TYPE,
                (("Allow", "GET"),),
            )
        refusal = self.check_headers(headers)
        if refusal is not None:
            return refusal
        parameters = _parameters(query)
        if endpoint == CONTACT_OVERVIEW_PATH:
            return self.contact_overview(parameters)
        return self.point_accounts(parameters)

    def check_headers(self, headers: Mapping[str, str]) -> Reply | None:
        """The refusal for a request without a good key, User-Agent or Content-Type."""
        key = headers.get("apikey", "")
        if not key or not hmac.compare_digest(key.encode(), self.api_key.encode()):
            return error_reply(401, "Unauthorized", "The API key is missing or not valid.")
        if not headers.get("user-agent", "").strip():
            return error_reply(
                403,
                "UserAgentRequired",
                "A User-Agent header naming the calling system and its version is required.",
            )
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return GENERIC_500
        return None

    # ------------------------------------------------------------------ contactoverview

    def contact_overview(self, parameters: dict[str, list[str]]) -> Reply:
        """``GET /api/v3/contactoverview`` with exactly one identifier (+ ``contactType``)."""
        given = [
            (name, value)
            for name in IDENTIFIER_PARAMETERS
            for value in parameters.get(name.lower(), [])
        ]
        if len(given) != 1:
            return error_reply(
                400,
                "InvalidSearchQuery",
                "Give exactly one of contactId, email, mobilePhone, socialSecurityNumber, "
                "customKey or any.",
            )
        kind, value = given[0]
        contact_types = parameters.get("contacttype", [])
        if len(contact_types) > 1:
            return error_reply(400, "InvalidSearchQuery", "Give contactType once.")
        requested_type = contact_types[0].strip() if contact_types else ""
        contact_type: str | None = None
        if requested_type:
            contact_type = self.data.canonical_contact_type(requested_type)
            if contact_type is None:
                return error_reply(
                    400,
                    "InvalidContactType",
                    f"The contact type '{requested_type}' does not exist.",
                )
        elif kind != v.CONTACT_ID:
            return error_reply(
                400,
                "InvalidContactType",
                "contactType is required with every identifier except contactId.",
            )

        if kind == v.CONTACT_ID:
            if not v.is_contact_id(value):
                return error_reply(400, "InvalidSearchQuery", "contactId must be a GUID.")
            found = self.data.by_id(value)
            matches = [found] if found and contact_type in (None, found.contact_type) else []
            return self._overview_reply(matches)

        today = self.now().astimezone(self.data.reference_now.tzinfo).date()
        if kind == v.ANY:
            resolved = v.resolve_any(value, today)
            if resolved is None:
                return error_reply(400, "InvalidSearchQuery", "The value of any is empty.")
            kind, normalized = resolved
        else:
            maybe = v.normalize(kind, value, today)
            if maybe is None:
                return _invalid_identifier(kind, value)
            normalized = maybe
        candidates = [c for c in self.data.contacts if c.contact_type == contact_type]
        matches = [c for c in candidates if normalized in _keys(c, kind, today)]
        return self._overview_reply(matches)

    def _overview_reply(self, matches: list[DemoContact]) -> Reply:
        if not matches:
            return error_reply(
                404, "ContactNotFound", "No contact was found for the given identifier."
            )
        if len(matches) > 1:
            return error_reply(
                409,
                "MultipleMatches",
                "More than one contact matches the given identifier.",
                {"multipleMatchesFound": [c.contact_id for c in matches]},
            )
        return json_reply(200, overview_at(matches[0], self.data.reference_now, self.now()))

    # ------------------------------------------------------------------ point accounts

    def point_accounts(self, parameters: dict[str, list[str]]) -> Reply:
        """``GET /api/v3/point-accounts?contactId=`` -> the v3 list wrapper with ``items``."""
        ids = parameters.get("contactid", [])
        if len(ids) != 1 or not v.is_contact_id(ids[0]):
            return error_reply(400, "InvalidContactId", "Give one contactId (a GUID).")
        try:
            offset = int(parameters.get("offset", ["0"])[0])
            count = int(parameters.get("count", ["100"])[0])
        except ValueError:
            return error_reply(400, "InvalidSearchQuery", "offset and count must be integers.")
        if offset < 0 or not 1 <= count <= 1000:
            return error_reply(400, "InvalidSearchQuery", "offset >= 0 and 1 <= count <= 1000.")
        contact = self.data.by_id(ids[0])
        if contact is None:
            return error_reply(
                404, "ContactNotFound", "No contact was found for the given contactId."
            )
        accounts = point_accounts_at(contact, self.data.reference_now, self.now())
        page = accounts[offset : offset + count]
        return json_reply(
            200,
            {
                "links": [],
                "count": len(page),
                "offset": offset,
                "totalCount": len(accounts),
                "items": page,
            },
        )


def _parameters(query: str) -> dict[str, list[str]]:
    """Query parameters by lower-case name (ASP.NET binds names case-insensitively)."""
    result: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        result.setdefault(name.lower(), []).append(value)
    return result


def _keys(contact: DemoContact, kind: str, today: Any) -> set[str]:
    """The normalised values of ``contact`` that an identifier of ``kind`` is compared with."""
    if kind == v.CUSTOM_KEY:
        return {k for k in (contact.member_number, contact.external_id) if k}
    stored = getattr(contact, _ATTRIBUTE_OF_KIND[kind])
    if not stored:
        return set()
    normalized = v.normalize(kind, stored, today)
    return {normalized} if normalized else set()


_INVALID_CODES = {
    v.EMAIL: ("InvalidEmailAddress", "a valid e-mail address"),
    v.MOBILE_PHONE: ("InvalidPhoneNumber", "a valid phone number"),
    v.SOCIAL_SECURITY_NUMBER: ("InvalidSocialSecurityNumber", "a valid social security number"),
    v.CUSTOM_KEY: ("InvalidSearchQuery", "a valid custom key"),
}


def _invalid_identifier(kind: str, value: str) -> Reply:
    code, what = _INVALID_CODES[kind]
    return error_reply(400, code, f"The value '{value}' is not {what}.")
