"""Pydantic models of the Engage payloads pos-profile reads.

The contactoverview payload is configured per tenant and Voyado adds fields without
notice (pos_profile/docs/engage-api.md), so every model here is *tolerant*:

* every field is optional and unknown fields are ignored;
* property names match case-insensitively (one doc example says ``Items``);
* a value of the wrong type in an optional field becomes ``None`` (or is dropped from a
  list) instead of failing the whole profile: a cashier would rather see the customer
  without an age than see "unreadable response";
* datetimes accept every ISO-8601 variant the docs show (``Z``, offsets, 3/6/7-digit
  fractions, date only); a datetime without an offset is taken as the till's local time.

Parse raw bodies with :func:`parse_contact_overview` and :func:`parse_point_accounts`
(``model_validate_json`` on the bytes, no intermediate ``json``). A body that is not a JSON
object at all raises :class:`pydantic.ValidationError`; the client maps that to
``UnreadableResponseError``. :func:`parse_error_body` reads an error body of any shape and
never raises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic.alias_generators import to_camel

T = TypeVar("T")


# --------------------------------------------------------------------------- tolerant types


def _none_on_error(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        return None


def _drop_invalid_items(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Validate a list item by item; drop the items that do not fit."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        return ()
    kept = []
    for item in value:
        try:
            kept.append(handler([item])[0])
        except ValidationError:
            continue
    return tuple(kept)


def _to_local_if_naive(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.astimezone()  # naive -> the till's local zone
    return value


def _id_to_str(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # let validation fail: a boolean is not an id
    if isinstance(value, int):
        return str(value)
    return value


Lenient = Annotated[T | None, WrapValidator(_none_on_error)]
"""An optional field whose wrong-typed value becomes ``None``."""

LenientList = Annotated[tuple[T, ...], WrapValidator(_drop_invalid_items)]
"""A list field: ``null`` becomes empty, items that do not validate are dropped."""

Timestamp = Annotated[
    dt.datetime | None, WrapValidator(_none_on_error), AfterValidator(_to_local_if_naive)
]
Identifier = Annotated[str | None, BeforeValidator(_id_to_str), WrapValidator(_none_on_error)]
"""An id that may arrive as a string (GUID) or an integer (v2 point accounts)."""


class EngageModel(BaseModel):
    """Base of every payload model: frozen, camelCase aliases, extra keys ignored."""

    model_config = ConfigDict(
        extra="ignore",
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        str_strip_whitespace=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _match_keys_case_insensitively(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        wanted = {
            (field.alias or name).lower(): field.alias or name
            for name, field in cls.model_fields.items()
        }
        fixed: dict[str, Any] = {}
        for key, value in data.items():
            if not isinstance(key, str):
                continue
            canonical = wanted.get(key.lower(), key)
            if canonical in fixed and canonical != key:
                continue  # the exactly-spelled key wins over a differently-cased twin
            fixed[canonical] = value
        return fixed


# --------------------------------------------------------------------------- building blocks


class Money(EngageModel):
    """An amount in a currency, e.g. ``{"currency": "SEK", "amount": 100}``."""

    currency: Lenient[str] = None
    amount: Lenient[Decimal] = None


class StoreRef(EngageModel):
    """A store reference (``currentStore``, ``recruitedByStore``)."""

    id: Identifier = None
    name: Lenient[str] = None
    external_id: Lenient[str] = None


class Attributes(EngageModel):
    """The contact's attributes. Tenant-configured: anything may be missing."""

    first_name: Lenient[str] = None
    last_name: Lenient[str] = None
    street: Lenient[str] = None
    zip_code: Lenient[str] = None
    city: Lenient[str] = None
    care_of: Lenient[str] = None
    country: Lenient[str] = None
    country_code: Lenient[str] = None
    email: Lenient[str] = None
    mobile_phone: Lenient[str] = None
    social_security_number: Lenient[str] = None
    gender: Lenient[str] = None
    birth_day: Lenient[dt.date] = None
    age: Lenient[int] = None
    external_id: Lenient[str] = None
    member_number: Identifier = None
    rfm: Lenient[int] = None
    children: LenientList[Timestamp] = ()
    registration_date: Timestamp = None
    secrecy_marked: Lenient[bool] = None
    current_store: Lenient[StoreRef] = None
    created_in_store: Lenient[str] = None

    def __repr_args__(self) -> Any:
        # Attributes are personal data: a repr (log line, traceback) shows which are set, not what.
        for name in type(self).model_fields:
            if getattr(self, name) not in (None, ()):
                yield name, "<set>"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class Meta(EngageModel):
    created_on: Timestamp = None
    modified_on: Timestamp = None
    source_type: Lenient[str] = None
    approved: Lenient[bool] = None
    contact_type: Lenient[str] = None
    recruited_by_store: Lenient[StoreRef] = None


class Preferences(EngageModel):
    accepts_email: Lenient[bool] = None
    accepts_sms: Lenient[bool] = None
    accepts_postal: Lenient[bool] = None


class Tier(EngageModel):
    tier_id: Identifier = None
    tier_name: Lenient[str] = None
    expires: Timestamp = None
    remaining_to_upgrade: Lenient[Decimal] = None
    based_on_points: Lenient[Decimal] = None


class Consent(EngageModel):
    id: Identifier = None
    value: Lenient[bool] = None
    date: Timestamp = None
    source: Lenient[str] = None
    comment: Lenient[str] = None


class RewardVoucher(EngageModel):
    id: Identifier = None
    voucher_number: Identifier = None
    name: Lenient[str] = None
    value: Lenient[Money] = None
    local_values: LenientList[Money] = ()
    points: Lenient[Decimal] = None
    redeemed: Lenient[bool] = None
    redeemed_on: Timestamp = None
    expires_on: Timestamp = None


def _channel_value(value: Any) -> Any:
    """PERCENT sends a number, EXTERNALOFFER/MANUAL/SWIPE a string, MONEY an object."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return Money.model_validate(value)
    return None


ChannelValue = Annotated[Decimal | str | Money | None, BeforeValidator(_channel_value)]


class RedemptionChannel(EngageModel):
    type: Lenient[str] = None  # POS | ECOM | OTHER
    value_type: Lenient[str] = None  # PERCENT | MONEY | EXTERNALOFFER | MANUAL | SWIPE
    value: ChannelValue = None
    local_values: LenientList[Money] = ()
    instruction: Lenient[str] = None


class Promotion(EngageModel):
    id: Identifier = None  # the assignment id: the one to redeem with
    promotion_id: Identifier = None
    external_id: Identifier = None
    type: Lenient[str] = None
    name: Lenient[str] = None
    heading: Lenient[str] = None
    description: Lenient[str] = None
    expires_on: Timestamp = None
    redeemed: Lenient[bool] = None
    redeemed_on: Timestamp = None
    image_url: Lenient[str] = None
    link: Lenient[str] = None
    redemption_channels: LenientList[RedemptionChannel] = ()


# --------------------------------------------------------------------------- contactoverview


class ContactOverview(EngageModel):
    """``GET /api/v3/contactoverview``: the enriched profile of one contact."""

    id: Identifier = None
    attributes: Attributes = Field(default_factory=Attributes)
    meta: Meta = Field(default_factory=Meta)
    preferences: Preferences = Field(default_factory=Preferences)
    tiers: Lenient[Tier] = None
    consents: LenientList[Consent] = ()
    audiences: LenientList[str] = ()
    warnings: LenientList[str] = ()
    reward_vouchers: LenientList[RewardVoucher] = ()
    promotions: LenientList[Promotion] = ()

    @model_validator(mode="before")
    @classmethod
    def _replace_null_sections(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for section in ("attributes", "meta", "preferences"):
                key = next((k for k in data if isinstance(k, str) and k.lower() == section), None)
                if key is not None and not isinstance(data[key], dict):
                    data = {k: v for k, v in data.items() if k != key}
        return data


# --------------------------------------------------------------------------- point accounts


class PointAccount(EngageModel):
    """One contact x one point definition.

    ``id``, ``contactId``, ``definitionId``, ``balance``, ``pendingPoints`` and
    ``balanceExpires`` are what Voyado's points API shows. ``isDefault`` and a name
    (``definitionName``, else ``name``) are read when a tenant sends them; no public example
    shows either, so nothing depends on them.
    """

    id: Identifier = None
    contact_id: Identifier = None
    definition_id: Identifier = None
    definition_name: Lenient[str] = None
    name: Lenient[str] = None
    is_default: Lenient[bool] = None
    balance: Lenient[Decimal] = None
    pending_points: Lenient[Decimal] = None
    balance_expires: Timestamp = None

    @property
    def label(self) -> str | None:
        """The account's name when the answer has one."""
        for text in (self.definition_name, self.name):
            if text and text.strip():
                return text.strip()
        return None

    def has_definition(self, definition_id: str) -> bool:
        return (self.definition_id or "").strip().lower() == definition_id.strip().lower()


DEFAULT_DEFINITION_ID = "1"
"""The id of a tenant's first (default) point definition: Voyado's point-account export
documents ``definitionId`` with "default 1"
(https://developer.voyado.com/docs/data-access/bi-exports/point-account.md)."""


class PointAccounts(EngageModel):
    """``GET /api/v3/point-accounts?contactId=``: a paged wrapper, on some tenants a bare list."""

    items: LenientList[PointAccount] = ()
    total_count: Lenient[int] = None

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_list(cls, data: Any) -> Any:
        if isinstance(data, list):
            return {"items": data}
        return data

    @property
    def main(self) -> PointAccount | None:
        """The account to show: definition 1 if present, else the first one."""
        for account in self.items:
            if account.definition_id == DEFAULT_DEFINITION_ID:
                return account
        return self.items[0] if self.items else None

    def default_account(self) -> PointAccount | None:
        """The account the answer marks as the default one: ``isDefault: true``, else the
        account of definition 1 (Voyado's default definition); None when neither is there."""
        for account in self.items:
            if account.is_default:
                return account
        for account in self.items:
            if account.has_definition(DEFAULT_DEFINITION_ID):
                return account
        return None

    def accounts_to_show(self, definition_id: str | None = None) -> tuple[PointAccount, ...]:
        """What the panel shows.

        * ``definition_id`` given (``[engage] point_definition_id``): that account only;
          empty when the answer has none of that definition.
        * otherwise the default account (:meth:`default_account`) when there is one;
        * otherwise every account (one account: just that one).
        """
        if definition_id is not None and definition_id.strip():
            return tuple(a for a in self.items if a.has_definition(definition_id))[:1]
        default = self.default_account()
        if default is not None:
            return (default,)
        return self.items


# --------------------------------------------------------------------------- errors


KNOWN_ERROR_CODES = frozenset(
    {
        "InvalidEmailAddress",
        "InvalidPhoneNumber",
        "InvalidSocialSecurityNumber",
        "InvalidContactType",
        "InvalidSearchQuery",
        "InvalidContactId",
        "ContactNotFound",
        "MultipleMatches",
        "InvalidSystemConfiguration",
    }
)
"""The error codes Voyado documents for the identify endpoints (and ``InvalidContactId``)."""

MAX_ERROR_BODY_BYTES = 64 * 1024
"""Longer error bodies are not read: no real error body is that long."""

_FIELD_CODES = {
    "contacttype": "InvalidContactType",
    "email": "InvalidEmailAddress",
    "mobilephone": "InvalidPhoneNumber",
    "socialsecuritynumber": "InvalidSocialSecurityNumber",
    "contactid": "InvalidContactId",
    "customkey": "InvalidSearchQuery",
    "any": "InvalidSearchQuery",
}
"""A request parameter named in a validation error -> the code Engage uses for it."""

_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.]{1,79}")
_CONTACT_TYPE_TEXT = re.compile(r"contact[\s_-]?type", re.IGNORECASE)
_CODE_KEYS = ("errorcode", "error_code", "code", "error", "errortype")
_TEXT_KEYS = ("message", "detail", "title", "error_description", "errormessage", "description")


@dataclass(frozen=True)
class ErrorBody:
    """What an Engage error body says, read from whatever shape it has.

    No public source shows a complete Engage error body; only
    ``messageDetails.multipleMatchesFound`` (409) is seen in a public integration. So the
    reader accepts every shape a .NET API commonly sends:

    * ``{statusCode, errorCode, message, messageDetails}`` (the shape the fixtures guess);
    * ``code`` / ``error`` / ``errorType`` instead of ``errorCode``; ``error`` as an object
      ``{code, message}``; ``errors`` as a list of such objects;
    * ASP.NET's ``{"Message": "An error has occurred."}``;
    * RFC 7807 / ASP.NET Core ProblemDetails ``{type, title, status, detail, errors}``
      where ``errors`` maps a field name to its messages
      (https://learn.microsoft.com/aspnet/core/web-api/handle-errors);
    * a bare JSON string or plain text; nothing at all.

    ``error_code`` is a code the body states (a single word such as ``InvalidPhoneNumber``);
    ``inferred_code`` is what the client acts on: a stated code Voyado documents, else the
    code of a request field a validation error names (``errors: {"contactType": [...]}``),
    else ``InvalidContactType`` when a text mentions the contact type, else the stated code.
    The texts are kept for that inference only: they quote looked-up values and are never
    shown or logged.
    """

    error_code: str | None = None
    status_code: int | None = None
    candidate_ids: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    """Request fields named by a validation error, lower-cased (ProblemDetails ``errors``)."""
    texts: tuple[str, ...] = field(default=(), repr=False)

    @property
    def mentions_contact_type(self) -> bool:
        return any(_CONTACT_TYPE_TEXT.search(text) for text in self.texts)

    @property
    def inferred_code(self) -> str | None:
        if self.error_code in KNOWN_ERROR_CODES:
            return self.error_code
        for name in self.fields:
            key = re.sub(r"[^a-z]", "", name.rsplit(".", 1)[-1])
            if key in _FIELD_CODES:
                return _FIELD_CODES[key]
        if self.mentions_contact_type:
            return "InvalidContactType"
        return self.error_code


def _as_code(value: Any) -> str | None:
    if isinstance(value, str) and _CODE.fullmatch(value.strip()):
        return value.strip()
    return None


def _code_from_type(value: Any) -> str | None:
    """ProblemDetails ``type``: a code itself, or a URL whose last segment is one."""
    if not isinstance(value, str):
        return None
    tail = re.split(r"[/#]", value.strip().rstrip("/"))[-1]
    return _as_code(tail) if tail and not tail.lower().startswith("rfc") else None


def _is_candidate_id(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, int) and not isinstance(value, bool)


def _lower_keys(data: dict[Any, Any]) -> dict[str, Any]:
    lowered: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(key, str):
            lowered.setdefault(key.lower(), value)
    return lowered


def _read_error_object(data: dict[Any, Any], depth: int = 0) -> ErrorBody:
    lowered = _lower_keys(data)
    code: str | None = None
    texts: list[str] = []
    fields: list[str] = []
    for key in _CODE_KEYS:
        value = lowered.get(key)
        if isinstance(value, dict) and depth < 2:
            inner = _read_error_object(value, depth + 1)
            code = code or inner.error_code
            texts += inner.texts
            fields += inner.fields
        elif code is None:
            code = _as_code(value)
        if isinstance(value, str) and value.strip() and _as_code(value) is None:
            texts.append(value)
    for key in _TEXT_KEYS:
        value = lowered.get(key)
        if isinstance(value, str):
            texts.append(value)
    code = (
        code
        or _as_code(lowered.get("title"))
        or _code_from_type(lowered.get("type"))
        or _as_code(lowered.get("message"))
    )
    problems = lowered.get("errors")
    if isinstance(problems, dict):
        for name, messages in problems.items():
            if isinstance(name, str) and name.strip():
                fields.append(name.strip().lower())
            if isinstance(messages, str):
                texts.append(messages)
            elif isinstance(messages, list):
                texts += [m for m in messages if isinstance(m, str)]
    elif isinstance(problems, list) and depth < 2:
        for item in problems:
            if isinstance(item, dict):
                inner = _read_error_object(item, depth + 1)
                code = code or inner.error_code
                texts += inner.texts
                fields += inner.fields
            elif isinstance(item, str):
                texts.append(item)
    status = lowered.get("statuscode", lowered.get("status"))
    details = lowered.get("messagedetails")
    candidates = (
        _lower_keys(details).get("multiplematchesfound") if isinstance(details, dict) else None
    )
    if candidates is None:
        candidates = lowered.get("multiplematchesfound")
    ids: tuple[str, ...] = ()
    if isinstance(candidates, list):
        ids = tuple(str(i) for i in candidates if _is_candidate_id(i))
    return ErrorBody(
        error_code=code,
        status_code=status if isinstance(status, int) and not isinstance(status, bool) else None,
        candidate_ids=ids,
        fields=tuple(fields),
        texts=tuple(texts),
    )


# --------------------------------------------------------------------------- parsing


def parse_contact_overview(body: bytes | str) -> ContactOverview:
    """Parse a contactoverview body. Raises ValidationError unless it is a JSON object."""
    return ContactOverview.model_validate_json(body)


def parse_point_accounts(body: bytes | str) -> PointAccounts:
    """Parse a point-accounts body (wrapper or bare list). Raises ValidationError otherwise."""
    return PointAccounts.model_validate_json(body)


def parse_error_body(body: bytes | str) -> ErrorBody:
    """Read an error body of any shape (see :class:`ErrorBody`). Never raises: an empty,
    non-JSON, non-UTF-8 or oversized body gives what could be read, at worst nothing."""
    raw = body.encode("utf-8", "replace") if isinstance(body, str) else body
    if not raw or len(raw) > MAX_ERROR_BODY_BYTES:
        return ErrorBody()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ErrorBody()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = text  # plain text, e.g. "InvalidContactType" or an HTML page
        if text.lstrip().startswith("<"):
            return ErrorBody()
    if isinstance(data, dict):
        return _read_error_object(data)
    if isinstance(data, str):
        return ErrorBody(error_code=_as_code(data), texts=(data[:1000],))
    return ErrorBody()
