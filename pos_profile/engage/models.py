"""Pydantic models of the Engage payloads pos-profile reads.

The contactoverview payload is configured per tenant and Voyado adds fields without
notice (engage-api.md §2.6), so every model here is *tolerant*:

* every field is optional and unknown fields are ignored;
* property names match case-insensitively (one doc example says ``Items``);
* a value of the wrong type in an optional field becomes ``None`` (or is dropped from a
  list) instead of failing the whole profile: a cashier would rather see the customer
  without an age than see "unreadable response";
* datetimes accept every ISO-8601 variant the docs show (``Z``, offsets, 3/6/7-digit
  fractions, date only); a datetime without an offset is taken as the till's local time.

Parse raw bodies with :func:`parse_contact_overview`, :func:`parse_point_accounts` and
:func:`parse_error_body` (``model_validate_json`` on the bytes, no intermediate ``json``).
A body that is not a JSON object at all raises :class:`pydantic.ValidationError`; the
client maps that to ``UnreadableResponseError``.
"""

from __future__ import annotations

import datetime as dt
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
    id: Identifier = None
    contact_id: Identifier = None
    definition_id: Identifier = None
    balance: Lenient[Decimal] = None
    pending_points: Lenient[Decimal] = None
    balance_expires: Timestamp = None


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
            if account.definition_id == "1":
                return account
        return self.items[0] if self.items else None


# --------------------------------------------------------------------------- errors


class MessageDetails(EngageModel):
    multiple_matches_found: LenientList[Identifier] = ()


class ErrorBody(EngageModel):
    """An Engage error body. Only ``messageDetails.multipleMatchesFound`` is evidenced;
    the rest is a best guess, so other spellings are accepted and nothing is required."""

    status_code: Lenient[int] = None
    error_code: Lenient[str] = None
    message: Lenient[str] = None
    message_details: Lenient[MessageDetails] = None

    @model_validator(mode="before")
    @classmethod
    def _fallback_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return {}
        lowered = {k.lower(): v for k, v in data.items() if isinstance(k, str)}
        out = dict(data)
        if "errorcode" not in lowered:
            for alt in ("code", "error"):
                if isinstance(lowered.get(alt), str):
                    out["errorCode"] = lowered[alt]
                    break
        if "multiplematchesfound" in lowered and "messagedetails" not in lowered:
            out["messageDetails"] = {"multipleMatchesFound": lowered["multiplematchesfound"]}
        return out

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        if self.message_details is None:
            return ()
        return tuple(i for i in self.message_details.multiple_matches_found if i)


# --------------------------------------------------------------------------- parsing


def parse_contact_overview(body: bytes | str) -> ContactOverview:
    """Parse a contactoverview body. Raises ValidationError unless it is a JSON object."""
    return ContactOverview.model_validate_json(body)


def parse_point_accounts(body: bytes | str) -> PointAccounts:
    """Parse a point-accounts body (wrapper or bare list). Raises ValidationError otherwise."""
    return PointAccounts.model_validate_json(body)


def parse_error_body(body: bytes | str) -> ErrorBody:
    """Parse an error body; never raises (non-JSON and empty bodies give an empty ErrorBody)."""
    try:
        return ErrorBody.model_validate_json(body or b"{}")
    except ValidationError:
        return ErrorBody()
