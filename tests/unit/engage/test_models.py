"""The payload models against every fixture and against hostile payloads."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from pos_profile.engage import models

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CET = dt.timezone(dt.timedelta(hours=1))


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_full_member_fixture_has_every_section() -> None:
    overview = models.parse_contact_overview(fixture("contactoverview-member-full.json"))

    assert overview.id == "50a74cff-026f-4c84-aa8f-f5f8d837115f"
    attrs = overview.attributes
    assert attrs.full_name == "Astrid Lindqvist"
    assert attrs.member_number == "7001234567"
    assert attrs.birth_day == dt.date(1986, 4, 12)
    assert attrs.current_store is not None and attrs.current_store.name == "Borås"
    assert attrs.secrecy_marked is False
    assert attrs.children == (dt.datetime(2015, 6, 2, tzinfo=dt.timezone(dt.timedelta(hours=2))),)
    assert overview.meta.contact_type == "Member"
    assert overview.meta.recruited_by_store is not None
    assert overview.meta.recruited_by_store.external_id == "SE023"
    assert overview.preferences.accepts_postal is False
    assert overview.tiers is not None
    assert (overview.tiers.tier_name, overview.tiers.based_on_points) == ("Guld", Decimal(2480))
    assert overview.tiers.remaining_to_upgrade == Decimal(520)
    assert [c.id for c in overview.consents] == ["memberTerms", "newsletter", "profiling"]
    assert overview.audiences == ("Stamkunder Västra Götaland", "Barnfamiljer")
    assert overview.warnings == ()

    voucher = overview.reward_vouchers[0]
    assert voucher.value == models.Money(currency="SEK", amount=Decimal(100))
    assert [v.currency for v in voucher.local_values] == ["NOK", "EUR"]
    assert voucher.expires_on == dt.datetime(2027, 1, 30, 23, 59, 59, tzinfo=CET)
    assert overview.reward_vouchers[2].redeemed is True


def test_promotion_channel_values_keep_their_kind() -> None:
    overview = models.parse_contact_overview(fixture("contactoverview-member-full.json"))
    values = {
        p.redemption_channels[0].value_type: p.redemption_channels[0].value
        for p in overview.promotions
    }

    assert values["PERCENT"] == Decimal(20)
    assert values["MONEY"] == models.Money(currency="SEK", amount=Decimal(100))
    assert values["EXTERNALOFFER"] == "VINTER26"
    assert values["MANUAL"] == "Promotion"
    manual = overview.promotions[3].redemption_channels[0]
    assert manual.instruction is not None and "tygkasse" in manual.instruction


@pytest.mark.parametrize(
    ("name", "vouchers", "promotions"),
    [
        ("contactoverview-member-full.json", 4, 4),
        ("contactoverview-member-many-items.json", 45, 42),
        ("contactoverview-secrecy-marked.json", 1, 1),
        ("contactoverview-contact-minimal.json", 0, 0),
    ],
)
def test_every_fixture_parses_completely(name: str, vouchers: int, promotions: int) -> None:
    overview = models.parse_contact_overview(fixture(name))
    assert len(overview.reward_vouchers) == vouchers
    assert len(overview.promotions) == promotions


def test_secrecy_marked_fixture() -> None:
    overview = models.parse_contact_overview(fixture("contactoverview-secrecy-marked.json"))
    assert overview.attributes.secrecy_marked is True
    assert overview.attributes.social_security_number in (None, "")
    assert overview.attributes.street in (None, "")


def test_minimal_contact_has_nulls_and_a_warning() -> None:
    overview = models.parse_contact_overview(fixture("contactoverview-contact-minimal.json"))
    assert overview.tiers is None
    assert overview.attributes.full_name == ""
    assert overview.meta.contact_type == "Contact"
    assert overview.warnings == ("MissingMobileNumber",)
    assert overview.preferences.accepts_sms is None


def test_point_accounts_wrapper_bare_list_and_capitalised_items() -> None:
    wrapped = models.parse_point_accounts(fixture("point-accounts.json"))
    assert len(wrapped.items) == 2
    assert wrapped.main is not None and wrapped.main.balance == Decimal("1240.0")
    assert wrapped.main.pending_points == Decimal(150)

    bare = models.parse_point_accounts(b'[{"id": 17, "definitionId": 1, "balance": 5}]')
    assert bare.items[0].id == "17"
    assert bare.main is not None and bare.main.balance == Decimal(5)

    capitalised = models.parse_point_accounts(b'{"Items": [{"Id": "a", "Balance": 3}]}')
    assert capitalised.items[0].id == "a"
    assert capitalised.items[0].balance == Decimal(3)

    assert models.parse_point_accounts(b'{"items": []}').main is None


@pytest.mark.parametrize(
    ("body", "code", "candidates"),
    [
        (fixture("error-409-multiple-matches.json"), "MultipleMatches", 3),
        (fixture("error-404-contact-not-found.json"), "ContactNotFound", 0),
        (fixture("error-400-invalid-contact-type.json"), "InvalidContactType", 0),
        (b'{"code": "InvalidPhoneNumber"}', "InvalidPhoneNumber", 0),
        (b'{"multipleMatchesFound": ["a", "b"]}', None, 2),
        (b"<html><body>502 Bad Gateway</body></html>", None, 0),
        (b"", None, 0),
        (b"[1, 2]", None, 0),
        (b'{"errorCode": 5, "messageDetails": "x"}', None, 0),
    ],
)
def test_error_body_is_read_tolerantly(body: bytes, code: str | None, candidates: int) -> None:
    parsed = models.parse_error_body(body)
    assert parsed.error_code == code
    assert len(parsed.candidate_ids) == candidates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-25T12:00:00Z", dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)),
        ("2026-11-25T12:00:00.123Z", dt.datetime(2026, 11, 25, 12, 0, 0, 123000, tzinfo=dt.UTC)),
        ("2026-11-25T12:00:00+01:00", dt.datetime(2026, 11, 25, 12, tzinfo=CET)),
        (
            "2026-11-25T11:00:00.408622+00:00",
            dt.datetime(2026, 11, 25, 11, 0, 0, 408622, tzinfo=dt.UTC),
        ),
        (
            "2026-11-25T11:00:00.4086221+00:00",
            dt.datetime(2026, 11, 25, 11, 0, 0, 408622, tzinfo=dt.UTC),
        ),
    ],
)
def test_datetimes_in_every_documented_variant(text: str, expected: dt.datetime) -> None:
    voucher = models.RewardVoucher.model_validate_json(json.dumps({"expiresOn": text}))
    assert voucher.expires_on == expected


def test_naive_datetime_is_taken_as_local_time() -> None:
    voucher = models.RewardVoucher.model_validate_json(b'{"expiresOn": "2026-11-25T12:00:00"}')
    assert voucher.expires_on is not None and voucher.expires_on.tzinfo is not None
    assert voucher.expires_on.replace(tzinfo=None) == dt.datetime(2026, 11, 25, 12)


def test_nulls_everywhere() -> None:
    body = json.dumps(
        {
            key: None
            for key in (
                "id",
                "attributes",
                "meta",
                "preferences",
                "tiers",
                "consents",
                "audiences",
                "warnings",
                "rewardVouchers",
                "promotions",
            )
        }
    )
    overview = models.parse_contact_overview(body)
    assert overview.attributes.full_name == ""
    assert overview.reward_vouchers == () and overview.promotions == ()


def test_wrong_types_in_optional_fields_degrade_field_by_field() -> None:
    body = json.dumps(
        {
            "id": 12,
            "attributes": {
                "firstName": "Ada",
                "age": "forty",
                "secrecyMarked": "maybe",
                "children": "none",
                "currentStore": "Borås",
            },
            "tiers": 5,
            "audiences": ["VIP", 3, None, {"x": 1}],
            "warnings": "MissingMobileNumber",
            "rewardVouchers": [1, "x", {"value": "100 kr", "expiresOn": "soon", "name": "ok"}],
            "promotions": [{"redemptionChannels": [{"type": "POS", "value": [1]}, "junk"]}],
            "somethingNew": {"nested": True},
        }
    )
    overview = models.parse_contact_overview(body)
    assert overview.id == "12"
    assert overview.attributes.first_name == "Ada"
    assert overview.attributes.age is None and overview.attributes.secrecy_marked is None
    assert overview.attributes.current_store is None
    assert overview.tiers is None
    assert overview.audiences == ("VIP",)
    assert overview.warnings == ()
    (voucher,) = overview.reward_vouchers
    assert (voucher.name, voucher.value, voucher.expires_on) == ("ok", None, None)
    (channel,) = overview.promotions[0].redemption_channels
    assert channel.type == "POS" and channel.value is None


@pytest.mark.parametrize("body", [b"", b"null", b"[]", b'"text"', b"42", b"<html>", b'{"id": "a"'])
def test_a_body_that_is_no_json_object_is_refused(body: bytes) -> None:
    with pytest.raises(ValidationError):
        models.parse_contact_overview(body)


def test_repr_never_shows_personal_attributes() -> None:
    overview = models.parse_contact_overview(fixture("contactoverview-member-full.json"))
    text = repr(overview)
    for secret in (
        "Astrid",
        "Lindqvist",
        "198604122385",
        "astrid.lindqvist",
        "+46701740612",
        "Vallmovägen",
    ):
        assert secret not in text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    [
        "id",
        "attributes",
        "meta",
        "preferences",
        "tiers",
        "consents",
        "audiences",
        "warnings",
        "rewardVouchers",
        "promotions",
        "firstName",
        "expiresOn",
        "value",
        "redemptionChannels",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, JSON_VALUES | st.dictionaries(KEYS, JSON_VALUES), max_size=8))
def test_any_json_object_parses_into_a_profile(payload: dict[str, object]) -> None:
    overview = models.parse_contact_overview(json.dumps(payload))
    assert isinstance(overview.reward_vouchers, tuple)


# ------------------------------------------------------------------ error bodies of any shape

PROBLEM = "https://tools.ietf.org/html/rfc9110#section-15.5.1"


@pytest.mark.parametrize(
    ("body", "stated", "inferred"),
    [
        ({"errorCode": "InvalidContactType"}, "InvalidContactType", "InvalidContactType"),
        ({"ERRORCODE": "InvalidPhoneNumber"}, "InvalidPhoneNumber", "InvalidPhoneNumber"),
        ({"code": "InvalidEmailAddress"}, "InvalidEmailAddress", "InvalidEmailAddress"),
        ({"error": "ContactNotFound"}, "ContactNotFound", "ContactNotFound"),
        (
            {"error": {"code": "MultipleMatches", "message": "x"}},
            "MultipleMatches",
            "MultipleMatches",
        ),
        ({"errors": [{"code": "InvalidSearchQuery"}]}, "InvalidSearchQuery", "InvalidSearchQuery"),
        ({"title": "InvalidContactType"}, "InvalidContactType", "InvalidContactType"),
        ({"Message": "InvalidContactId"}, "InvalidContactId", "InvalidContactId"),
        ({"Message": "An error has occurred."}, None, None),
        (
            {"type": "https://x.example/problems/InvalidContactType"},
            "InvalidContactType",
            "InvalidContactType",
        ),
        (
            {
                "type": PROBLEM,
                "title": "One or more validation errors occurred.",
                "status": 400,
                "errors": {"contactType": ["The contactType field is required."]},
            },
            None,
            "InvalidContactType",
        ),
        ({"type": PROBLEM, "errors": {"$.MobilePhone": ["bad"]}}, None, "InvalidPhoneNumber"),
        ({"errors": {"socialSecurityNumber": "bad"}}, None, "InvalidSocialSecurityNumber"),
        ({"errors": {"somethingElse": ["bad"]}}, None, None),
        (
            {"type": "about:blank", "title": "Bad Request", "detail": "Unknown contact type."},
            None,
            "InvalidContactType",
        ),
        ({"message": "The contact_type 'x' is unknown"}, None, "InvalidContactType"),
        (
            {"errorCode": "TenantSpecific", "message": "contactType missing"},
            "TenantSpecific",
            "InvalidContactType",
        ),
        (
            {"errorCode": "InvalidPhoneNumber", "message": "bad for contactType member"},
            "InvalidPhoneNumber",
            "InvalidPhoneNumber",
        ),
        ({"errorCode": 5, "code": None, "title": ["x"]}, None, None),
        ("InvalidContactType", "InvalidContactType", "InvalidContactType"),
        ("no such contact type", None, "InvalidContactType"),
        (None, None, None),
        ([{"errorCode": "InvalidContactType"}], None, None),
    ],
)
def test_error_codes_from_every_shape(
    body: object, stated: str | None, inferred: str | None
) -> None:
    parsed = models.parse_error_body(json.dumps(body).encode())
    assert parsed.error_code == stated
    assert parsed.inferred_code == inferred


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   ",
        b"<html><body>contact type</body></html>",
        b"\xff\xfe\xfd",
        b'{"errorCode": "InvalidContactType"',  # truncated
        b"[" * 100_000,  # deeply nested
        b'{"errorCode": "InvalidContactType", "x": "' + b"y" * 70_000 + b'"}',  # too big to read
    ],
)
def test_unusable_error_bodies_give_nothing_and_never_raise(raw: bytes) -> None:
    parsed = models.parse_error_body(raw)
    assert parsed.error_code is None
    assert parsed.inferred_code in (None, "InvalidContactType")  # truncated text may mention it
    assert parsed.candidate_ids == ()


def test_plain_text_error_bodies() -> None:
    assert models.parse_error_body(b"InvalidContactType").error_code == "InvalidContactType"
    assert models.parse_error_body(b"Unknown contactType").inferred_code == "InvalidContactType"
    assert models.parse_error_body("Bad Request").inferred_code is None


def test_error_texts_are_kept_out_of_the_repr() -> None:
    parsed = models.parse_error_body(b'{"message": "The value \'anna@example.com\' is bad"}')
    assert "anna" not in repr(parsed)


# --------------------------------------------------------------------------- which accounts to show


def point_accounts(*items: dict[str, object]) -> models.PointAccounts:
    return models.PointAccounts.model_validate(list(items))


def test_accounts_to_show() -> None:
    both = point_accounts({"definitionId": 2, "balance": 1}, {"definitionId": 1, "balance": 2})
    assert [a.definition_id for a in both.accounts_to_show()] == ["1"]
    assert [a.definition_id for a in both.accounts_to_show("2")] == ["2"]
    assert [a.definition_id for a in both.accounts_to_show(" 2 ")] == ["2"]
    assert both.accounts_to_show("3") == ()
    assert [a.definition_id for a in both.accounts_to_show("")] == ["1"]
    marked = point_accounts({"definitionId": 1}, {"definitionId": 5, "isDefault": True})
    assert marked.default_account() is not None and marked.default_account().definition_id == "5"
    neither = point_accounts({"definitionId": 2}, {"definitionId": 3})
    assert neither.default_account() is None
    assert len(neither.accounts_to_show()) == 2
    assert models.PointAccounts().accounts_to_show() == ()


def test_point_account_names_and_default_marks_are_read_tolerantly() -> None:
    parsed = point_accounts(
        {"definitionId": 2, "DefinitionName": " Bonus ", "isDefault": "maybe"},
        {"definitionId": "x", "name": "Klubb", "definitionName": 7},
    )
    first, second = parsed.items
    assert (first.label, first.is_default) == ("Bonus", None)
    assert second.label == "Klubb"
