"""What the customer panel shows, checked without Qt (clock frozen at the fixtures' "now")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pos_profile import presentation as p
from pos_profile.engage import models

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NOW = dt.datetime.fromisoformat("2026-11-25T12:00:00+01:00")
NBSP = "\u00a0"
OVERVIEW_FIXTURES = sorted(FIXTURES.glob("contactoverview-*.json"))


def load(name: str) -> models.ContactOverview:
    return models.parse_contact_overview((FIXTURES / name).read_bytes())


def build(**payload: Any) -> models.ContactOverview:
    return models.ContactOverview.model_validate(payload)


def all_strings(value: object) -> list[str]:
    """Every string reachable in a presentation (what the panel could ever display)."""
    out: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, str):
            out.append(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                walk(getattr(item, f.name))
            for extra in ("summary", "text"):
                if isinstance(getattr(type(item), extra, None), property):
                    walk(getattr(item, extra))
        elif isinstance(item, tuple | list):
            for element in item:
                walk(element)

    walk(value)
    return out


def all_text(value: object) -> str:
    return "\n".join(all_strings(value))


def voucher(name: str, expires: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": name,
        "voucherNumber": f"N-{name}",
        "name": name,
        "expiresOn": expires,
        "value": {"currency": "SEK", "amount": 100},
        "redeemed": False,
        **extra,
    }


def promotion(name: str, channels: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": name, "name": name, "redemptionChannels": channels, **extra}


# --------------------------------------------------------------------------- every fixture


@pytest.mark.parametrize("path", OVERVIEW_FIXTURES, ids=lambda path: path.name)
def test_every_fixture_presents_without_leaking_full_personal_numbers(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    result = p.present_profile(load(path.name), now=NOW)
    text = all_text(result)
    assert result.header.title
    ssn = (raw.get("attributes") or {}).get("socialSecurityNumber")
    if ssn:
        assert ssn not in text
        assert ssn[-4:] not in text.replace(raw["attributes"].get("memberNumber") or "", "")
    # Every usable voucher precedes history; none is both.
    keys = {row.key for row in result.vouchers}
    assert keys.isdisjoint(row.key for row in result.voucher_history)
    assert len(result.vouchers) + len(result.voucher_history) == len(raw["rewardVouchers"])
    assert len(result.promotions) + len(result.promotion_history) == len(raw["promotions"])


def test_full_member_header_tier_and_masked_personal_number() -> None:
    header = p.present_profile(load("contactoverview-member-full.json"), now=NOW).header
    assert header.title == "Astrid Lindqvist"
    assert not header.protected
    assert header.member_number == "7001234567"
    assert header.contact_type == "Member"
    assert header.store == "Borås"
    assert header.personal_number == "19860412-****"
    assert header.age == "40 years"
    assert header.address == "Vallmovägen 14, 413 26 Göteborg"
    labels = [fact.label for fact in header.facts]
    assert labels == ["Member no.", "Type", "Store", "Personal no.", "Age"]


def test_full_member_tier_text() -> None:
    tier = p.present_profile(load("contactoverview-member-full.json"), now=NOW).tier
    assert tier is not None
    assert tier.name == "Guld"
    assert tier.based_on == f"based on 2{NBSP}480 points"
    assert tier.remaining == "520 points to the next tier"
    assert tier.expires == "valid until 2027-03-31"


def test_top_tier_has_nothing_remaining() -> None:
    tier = p.present_profile(load("contactoverview-member-many-items.json"), now=NOW).tier
    assert tier is not None
    assert tier.name == "Platina"
    assert tier.remaining is None


# --------------------------------------------------------------------------- protected identity


def test_secrecy_marked_contact_shows_no_personal_data_anywhere() -> None:
    overview = build(
        attributes={
            "firstName": "Hemlig",
            "lastName": "Person",
            "street": "Gömdavägen 1",
            "zipCode": "111 11",
            "city": "Stockholm",
            "careOf": "c/o Skydd",
            "email": "hemlig@example.com",
            "mobilePhone": "+46701740699",
            "socialSecurityNumber": "198604122385",
            "birthDay": "1986-04-12",
            "age": 40,
            "memberNumber": "7002918833",
            "secrecyMarked": True,
        },
        meta={"contactType": "Member"},
    )
    result = p.present_profile(overview, now=NOW)
    text = all_text(result)
    assert result.header.title == "Protected identity"
    assert result.header.protected
    for secret in (
        "Hemlig", "Person", "Gömdavägen", "111 11", "Stockholm", "Skydd", "hemlig@example.com",
        "+46701740699", "198604122385", "19860412", "860412", "40 years",
    ):  # fmt: skip
        assert secret not in text, secret
    assert "7002918833" in text  # the member number and status stay


def test_secrecy_marked_fixture() -> None:
    raw = json.loads((FIXTURES / "contactoverview-secrecy-marked.json").read_text("utf-8"))
    result = p.present_profile(load("contactoverview-secrecy-marked.json"), now=NOW)
    text = all_text(result)
    assert result.header.title == "Protected identity"
    assert raw["attributes"]["email"] not in text
    assert raw["attributes"]["mobilePhone"] not in text
    assert result.header.contact_facts == ()
    assert result.tier is not None
    assert result.tier.name == "Silver"


# --------------------------------------------------------------------------- personal numbers


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("198604122385", "19860412-****"),
        ("19860412-2385", "19860412-****"),
        ("8604122385", "860412-****"),
        ("860412-2385", "860412-****"),
        ("491201+1234", "491201+****"),
        ("198504902385", "19850490-****"),  # samordningsnummer
        ("010594Y9032", "010594Y****"),  # HETU, new century sign
        ("010594y9032", "010594Y****"),
        ("150385-208R", "150385-****"),
        ("010100A123B", "010100A****"),
        ("garbage-value", "****"),
        ("", None),
        (None, None),
    ],
)
def test_personal_number_masking(raw: str | None, masked: str | None) -> None:
    assert p.mask_personal_number(raw) == masked


# --------------------------------------------------------------------------- vouchers


def test_scenario_21_expiring_voucher_flagged_and_expired_redeemed_in_history() -> None:
    overview = build(
        rewardVouchers=[
            voucher("Later", "2027-01-30T23:59:59+01:00"),
            voucher("Soon", "2026-11-28T23:59:59+01:00"),
            voucher("Gone", "2026-10-31T23:59:59+01:00"),
            voucher("Used", "2026-12-30T23:59:59+01:00", redeemed=True,
                    redeemedOn="2026-11-13T15:21:00+01:00"),
        ]
    )  # fmt: skip
    result = p.present_profile(overview, now=NOW)
    assert [row.name for row in result.vouchers] == ["Soon", "Later"]
    soon, later = result.vouchers
    assert soon.expiry.text == "Expires in 3 days"
    assert soon.expiry.soon
    assert later.expiry.text == "Expires 2027-01-30"
    assert not later.expiry.soon
    history = {row.name: row for row in result.voucher_history}
    assert history["Used"].status is p.ItemStatus.REDEEMED
    assert history["Used"].status_text == "Redeemed 2026-11-13"
    assert history["Gone"].status is p.ItemStatus.EXPIRED
    assert history["Gone"].status_text == "Expired 2026-10-31"
    assert result.voucher_total.text == f"200{NBSP}kr"
    assert result.voucher_total.count == 2


@pytest.mark.parametrize(
    ("expires", "text", "soon"),
    [
        ("2026-11-25T23:59:59+01:00", "Expires today", True),
        ("2026-11-26T23:59:59+01:00", "Expires tomorrow", True),
        ("2026-12-02T23:59:59+01:00", "Expires in 7 days", True),
        ("2026-12-03T23:59:59+01:00", "Expires 2026-12-03", False),
        ("2026-11-25T11:59:59+01:00", "Expired 2026-11-25", False),
        ("2026-11-25T23:30:00+00:00", "Expires tomorrow", True),  # 00:30 on the 26th locally
    ],
)
def test_expiry_wording_and_window(expires: str, text: str, soon: bool) -> None:
    moment = dt.datetime.fromisoformat(expires)
    expiry = p.expiry_of(moment, NOW, p.PanelOptions(), lambda s: s)
    assert (expiry.text, expiry.soon) == (text, soon)


def test_expiry_window_is_configurable() -> None:
    overview = build(rewardVouchers=[voucher("A", "2026-12-10T23:59:59+01:00")])
    default = p.present_profile(overview, now=NOW).vouchers[0]
    wide = p.present_profile(
        overview, now=NOW, options=p.PanelOptions(expiry_warning_days=30)
    ).vouchers[0]
    assert (default.expiry.soon, default.expiry.text) == (False, "Expires 2026-12-10")
    assert (wide.expiry.soon, wide.expiry.text) == (True, "Expires in 15 days")


def test_usable_vouchers_sorted_by_expiry_with_no_expiry_last() -> None:
    overview = build(
        rewardVouchers=[
            voucher("Never", None),
            voucher("March", "2027-03-01T00:00:00+01:00"),
            voucher("December", "2026-12-01T00:00:00+01:00"),
            voucher("Also never", None),
        ]
    )
    names = [row.name for row in p.present_profile(overview, now=NOW).vouchers]
    assert names == ["December", "March", "Also never", "Never"]
    assert p.present_profile(overview, now=NOW).vouchers[-1].expiry.text == "No expiry date"


def test_many_items_fixture_sorting_flags_and_total() -> None:
    result = p.present_profile(load("contactoverview-member-many-items.json"), now=NOW)
    expiries = [row.expiry.days_left for row in result.vouchers]
    known = [d for d in expiries if d is not None]
    assert known == sorted(known)
    assert expiries[: len(known)] == known  # no-expiry ones (if any) at the end
    assert result.vouchers[0].expiry.text == "Expires today"
    assert result.vouchers[1].expiry.text == "Expires tomorrow"
    assert all(row.status is p.ItemStatus.USABLE for row in result.vouchers)
    assert all(row.status is not p.ItemStatus.USABLE for row in result.voucher_history)
    flagged = [row for row in result.vouchers if row.expiry.soon]
    assert len(flagged) == 7
    assert result.voucher_total.count == 23
    assert result.voucher_total.text == f"4{NBSP}349,50{NBSP}kr"
    assert result.voucher_total.note is None


def test_voucher_value_falls_back_to_local_values_then_own_value() -> None:
    overview = build(
        rewardVouchers=[
            voucher("Euro with SEK local", "2027-01-01T00:00:00+01:00",
                    value={"currency": "EUR", "amount": 10},
                    localValues=[{"currency": "NOK", "amount": 110},
                                 {"currency": "SEK", "amount": 115}]),
            voucher("Euro only", "2027-01-02T00:00:00+01:00",
                    value={"currency": "EUR", "amount": 3}, localValues=[]),
            voucher("Nothing", "2027-01-03T00:00:00+01:00", value=None),
        ]
    )  # fmt: skip
    result = p.present_profile(overview, now=NOW)
    rows = {row.name: row for row in result.vouchers}
    assert rows["Euro with SEK local"].value_text == f"115{NBSP}kr"
    assert rows["Euro with SEK local"].amount == Decimal(115)
    assert rows["Euro only"].value_text == f"3{NBSP}€"
    assert rows["Euro only"].amount is None
    assert rows["Nothing"].value_text == "—"
    total = result.voucher_total
    assert total.text == f"115{NBSP}kr"
    assert total.missing == 2
    assert total.note == "2 vouchers have no value in SEK and are not counted"


def test_store_currency_changes_value_and_unit() -> None:
    overview = load("contactoverview-member-full.json")
    euro = p.present_profile(overview, now=NOW, options=p.PanelOptions(currency="EUR"))
    assert [row.value_text for row in euro.vouchers] == [f"5{NBSP}€", f"10{NBSP}€"]
    assert euro.voucher_total.text == f"15{NBSP}€"
    nok = p.present_profile(overview, now=NOW, options=p.PanelOptions(currency="NOK"))
    assert nok.voucher_total.text == f"150{NBSP}kr"


@pytest.mark.parametrize(
    ("amount", "currency", "store", "text"),
    [
        ("100", "SEK", "SEK", f"100{NBSP}kr"),
        ("49.5", "SEK", "SEK", f"49,50{NBSP}kr"),
        ("1250", "SEK", "SEK", f"1{NBSP}250{NBSP}kr"),
        ("10.00", "EUR", "SEK", f"10{NBSP}€"),
        ("9.99", "EUR", "EUR", f"9,99{NBSP}€"),
        ("100", "NOK", "SEK", f"100{NBSP}NOK"),
        ("100", "SEK", "EUR", f"100{NBSP}SEK"),
        ("100", "DKK", "DKK", f"100{NBSP}kr"),
        ("-3", "USD", "SEK", f"-3{NBSP}USD"),
    ],
)
def test_money_format(amount: str, currency: str, store: str, text: str) -> None:
    assert p.format_money(Decimal(amount), currency, store) == text


# --------------------------------------------------------------------------- promotions


def test_promotions_at_the_till_first_with_what_the_till_must_do() -> None:
    overview = build(
        promotions=[
            promotion("Web", [{"type": "ECOM", "valueType": "EXTERNALOFFER", "value": "WEB1"}],
                      expiresOn="2026-11-26T23:59:59+01:00"),
            promotion("Partner", [{"type": "OTHER", "valueType": "MANUAL", "value": "Promotion",
                                   "instruction": "Löses in hos partner."}]),
            promotion("Percent", [{"type": "POS", "valueType": "PERCENT", "value": 20}],
                      expiresOn="2026-12-31T23:59:59+01:00"),
            promotion("Money", [{"type": "POS", "valueType": "MONEY",
                                 "value": {"currency": "SEK", "amount": 100}}],
                      expiresOn="2026-12-12T23:59:59+01:00"),
            promotion("Code", [{"type": "POS", "valueType": "EXTERNALOFFER", "value": "VINTER26"},
                               {"type": "ECOM", "valueType": "EXTERNALOFFER", "value": "X"}]),
            promotion("Manual", [{"type": "POS", "valueType": "MANUAL", "value": "Promotion",
                                  "instruction": "Lämna ut en tygkasse."}],
                      expiresOn="2026-11-27T23:59:59+01:00"),
            promotion("Swipe", [{"type": "POS", "valueType": "SWIPE", "value": "SW-1"}]),
            promotion("Used", [{"type": "POS", "valueType": "PERCENT", "value": 5}],
                      redeemed=True, redeemedOn="2026-11-20T10:00:00+01:00"),
        ]
    )  # fmt: skip
    result = p.present_profile(overview, now=NOW)
    titles = [row.title for row in result.promotions]
    assert titles == ["Manual", "Money", "Percent", "Code", "Swipe", "Web", "Partner"]
    rows = {row.title: row for row in result.promotions}
    assert (rows["Percent"].action_label, rows["Percent"].action) == ("Discount", f"20{NBSP}%")
    assert (rows["Money"].action_label, rows["Money"].action) == ("Amount off", f"100{NBSP}kr")
    assert (rows["Code"].action_label, rows["Code"].action) == ("Offer code", "VINTER26")
    assert rows["Manual"].action == "Lämna ut en tygkasse."
    assert rows["Manual"].expiry.text == "Expires in 2 days"
    assert rows["Manual"].expiry.soon
    assert (rows["Swipe"].action_label, rows["Swipe"].action) == ("Swipe", "SW-1")
    assert all(rows[t].at_till and rows[t].channel_note is None for t in titles[:5])
    assert (rows["Web"].at_till, rows["Web"].channel_note) == (False, "Web shop only")
    assert (rows["Partner"].at_till, rows["Partner"].channel_note) == (False, "Not at the till")
    assert [row.title for row in result.promotion_history] == ["Used"]
    assert result.promotion_history[0].status_text == "Redeemed 2026-11-20"


def test_money_promotion_uses_local_value_in_store_currency() -> None:
    overview = build(
        promotions=[
            promotion("EUR", [{"type": "POS", "valueType": "MONEY",
                               "value": {"currency": "EUR", "amount": 10},
                               "localValues": [{"currency": "SEK", "amount": 110}]}]),
            promotion("EUR only", [{"type": "POS", "valueType": "MONEY",
                                    "value": {"currency": "EUR", "amount": 7.5}}]),
        ]
    )  # fmt: skip
    rows = {row.title: row for row in p.present_profile(overview, now=NOW).promotions}
    assert rows["EUR"].action == f"110{NBSP}kr"
    assert rows["EUR only"].action == f"7,50{NBSP}€"


def test_many_items_promotions_pos_first_and_redeemed_or_expired_in_history() -> None:
    raw = json.loads((FIXTURES / "contactoverview-member-many-items.json").read_text("utf-8"))
    result = p.present_profile(load("contactoverview-member-many-items.json"), now=NOW)
    at_till = [row.at_till for row in result.promotions]
    assert at_till == sorted(at_till, reverse=True)
    assert at_till.count(True) > 0 and at_till.count(False) > 0
    redeemed = sum(1 for item in raw["promotions"] if item["redeemed"])
    assert redeemed > 0
    assert all(row.status is not p.ItemStatus.USABLE for row in result.promotion_history)
    assert sum(r.status is p.ItemStatus.REDEEMED for r in result.promotion_history) == redeemed
    notes = {row.channel_note for row in result.promotions if not row.at_till}
    assert notes == {"Web shop only", "Not at the till"}


# --------------------------------------------------------------------------- warnings & the rest


def test_warnings_become_actions_and_unknown_codes_show_as_is() -> None:
    rows = p.present_warnings(
        ["MissingMobileNumber", "InvalidEmail", "EmailBounced", "SomeCode", "", "MissingEmail"],
        lambda s: s,
    )
    actions = [row.action for row in rows]
    assert actions == [
        "Ask for a mobile number",
        "Ask the customer to check their e-mail address",
        "Some code (SomeCode)",
        "Ask for an e-mail address",
    ]
    assert rows[1].codes == ("InvalidEmail", "EmailBounced")


def test_minimal_contact_warning_and_empty_sections() -> None:
    result = p.present_profile(load("contactoverview-contact-minimal.json"), now=NOW)
    assert result.header.title == "No name on file"
    assert result.header.contact_type == "Contact"
    assert [w.action for w in result.warnings] == ["Ask for a mobile number"]
    assert result.tier is None
    assert result.vouchers == () and result.promotions == ()
    assert result.voucher_total.text == f"0{NBSP}kr"
    assert [(r.label, r.value_text) for r in result.preferences] == [
        ("E-mail", "Yes"), ("SMS", "Unknown"), ("Post", "Unknown"),
    ]  # fmt: skip


def test_consents_preferences_and_audiences() -> None:
    result = p.present_profile(load("contactoverview-member-many-items.json"), now=NOW)
    assert [(r.label, r.value_text) for r in result.consents] == [
        ("Member terms", "Yes"), ("Newsletter", "No"), ("Profiling", "Not set"),
    ]  # fmt: skip
    assert [(r.label, r.value_text) for r in result.preferences] == [
        ("E-mail", "Yes"), ("SMS", "No"), ("Post", "Yes"),
    ]  # fmt: skip
    assert result.audiences == ("Stamkunder Västmanland", "Herrmode 45+", "Hög köpfrekvens")


def test_translator_is_applied_to_templates() -> None:
    swedish = {"Expires in {n} days": "Går ut om {n} dagar", "Protected identity": "Skyddad"}
    overview = build(
        attributes={"secrecyMarked": True},
        rewardVouchers=[voucher("A", "2026-11-28T23:59:59+01:00")],
    )
    result = p.present_profile(overview, now=NOW, tr=lambda s: swedish.get(s, s))
    assert result.header.title == "Skyddad"
    assert result.vouchers[0].expiry.text == "Går ut om 3 dagar"


# --------------------------------------------------------------------------- points


def test_points_from_fixture() -> None:
    accounts = models.parse_point_accounts((FIXTURES / "point-accounts.json").read_bytes())
    points = p.present_points(accounts, now=NOW)
    assert points.balance == f"1{NBSP}240 points"
    assert points.pending == "150 pending"
    assert points.expiry == f"1{NBSP}240 points expire on 2026-12-31"
    assert not points.expiring_soon


def test_points_expiring_soon_and_missing_account() -> None:
    accounts = models.PointAccounts.model_validate(
        [{"definitionId": 1, "balance": 80, "balanceExpires": "2026-11-28T23:59:59+01:00"}]
    )
    points = p.present_points(accounts, now=NOW)
    assert (points.expiry, points.expiring_soon) == ("80 points expire in 3 days", True)
    assert points.pending is None
    empty = p.present_points(models.PointAccounts(), now=NOW)
    assert empty.text == "No points account"


# --------------------------------------------------------------------------- hostile input


def test_empty_overview_gives_a_sane_empty_panel() -> None:
    result = p.present_profile(models.ContactOverview(), now=NOW)
    assert result.header.title == "No name on file"
    assert result.header.facts == ()
    assert result.tier is None
    assert result.vouchers == result.voucher_history == ()
    assert result.promotions == result.promotion_history == ()
    assert result.warnings == result.consents == result.audiences == ()
    assert result.voucher_total.count == 0


def test_hostile_values_do_not_break_the_panel() -> None:
    body = json.dumps(
        {
            "attributes": {
                "firstName": "A\x00\n\tB" + "x" * 5000,
                "age": -4,
                "socialSecurityNumber": 198604122385,
                "secrecyMarked": "perhaps",
            },
            "tiers": {"tierName": None, "basedOnPoints": "lots"},
            "warnings": ["", None, 5, "x" * 1000, "Line\nbreak"],
            "consents": [{"id": None, "value": "maybe"}, {"id": "a"}, {"id": "a"}],
            "audiences": ["", "  ", "Tag", "Tag", None],
            "rewardVouchers": [
                {"value": {"currency": None, "amount": 1e300}},
                {"value": {"currency": "SEK", "amount": "NaN"}, "expiresOn": "0001-01-01"},
                {"expiresOn": "9999-12-31T23:59:59+14:00", "localValues": "nope"},
                {"redeemed": True},
                "not an object",
            ],
            "promotions": [
                {"redemptionChannels": [{"type": "POS", "valueType": "PERCENT", "value": True}]},
                {"redemptionChannels": [{"type": "POS", "valueType": "MONEY", "value": "12"}]},
                {"redemptionChannels": [{"type": "POS", "valueType": "WEIRD", "value": 3}]},
                {"redemptionChannels": None, "name": None, "heading": "Only heading"},
                {"expiresOn": "garbage"},
            ],
        }
    )
    overview = models.parse_contact_overview(body)
    result = p.present_profile(overview, now=NOW)
    assert len(result.header.title) <= 120
    assert result.header.title.startswith("A B")
    assert not any("\x00" in text or "\n" in text for text in all_strings(result))
    assert result.tier is None
    assert len(result.vouchers) + len(result.voucher_history) == len(overview.reward_vouchers)
    assert result.voucher_total.text == f"0{NBSP}kr"
    assert result.voucher_total.missing == len(result.vouchers)
    assert [row.title for row in result.promotions][:1] == ["Promotion"]
    assert "Only heading" in [row.title for row in result.promotions]
    assert all(len(w.action) < 200 for w in result.warnings)
    assert result.audiences == ("Tag",)
    assert [c.label for c in result.consents] == ["A"]


def test_extreme_dates_do_not_break_expiry_or_sorting() -> None:
    utc = dt.UTC
    overview = models.ContactOverview(
        reward_vouchers=(
            models.RewardVoucher(name="Ancient", expires_on=dt.datetime(1, 1, 1, tzinfo=utc)),
            models.RewardVoucher(
                name="Far", expires_on=dt.datetime(9999, 12, 31, 23, 0, tzinfo=utc)
            ),
            models.RewardVoucher(name="Soon", expires_on=NOW + dt.timedelta(days=1)),
        )
    )
    result = p.present_profile(overview, now=NOW)
    assert [row.name for row in result.vouchers] == ["Soon", "Far"]
    assert [row.name for row in result.voucher_history] == ["Ancient"]


def test_naive_now_is_accepted() -> None:
    naive = dt.datetime(2026, 11, 25, 12)
    result = p.present_profile(load("contactoverview-member-full.json"), now=naive)
    assert result.vouchers


# --------------------------------------------------------------------------- several point accounts


def accounts(*items: dict[str, Any]) -> models.PointAccounts:
    return models.PointAccounts.model_validate({"items": list(items)})


def account(definition: object, balance: object, **extra: Any) -> dict[str, Any]:
    return {"definitionId": definition, "balance": balance, **extra}


def test_configured_definition_shows_that_account_only() -> None:
    answer = models.parse_point_accounts((FIXTURES / "point-accounts.json").read_bytes())
    points = p.present_points(answer, now=NOW, options=p.PanelOptions(point_definition_id="2"))
    assert points.text == "0 points"
    assert len(points.lines) == 1 and points.lines[0].label is None


def test_configured_definition_missing_from_the_answer() -> None:
    answer = accounts(account(1, 500), account(2, 20))
    points = p.present_points(answer, now=NOW, options=p.PanelOptions(point_definition_id="9"))
    assert points.text == "No points account for the configured definition"
    assert points.lines == ()
    empty = p.present_points(
        models.PointAccounts(), now=NOW, options=p.PanelOptions(point_definition_id="1")
    )
    assert empty.text == "No points account for the configured definition"


def test_configured_definition_matches_text_ids_case_insensitively() -> None:
    answer = accounts(account("AB12", 70), account("cd34", 30))
    options = p.PanelOptions(point_definition_id="ab12")
    assert p.present_points(answer, now=NOW, options=options).text == "70 points"


def test_without_configuration_the_default_definition_is_shown() -> None:
    answer = accounts(account(2, 20), account(1, 500))  # definition 1: Voyado's default
    assert p.present_points(answer, now=NOW).text == "500 points"


def test_an_account_marked_default_wins() -> None:
    answer = accounts(account(1, 500), account(3, 42, isDefault=True))
    assert p.present_points(answer, now=NOW).text == "42 points"


def test_several_accounts_without_a_default_are_each_named() -> None:
    answer = accounts(
        account(2, 1240, definitionName="Bonus", pendingPoints=150),
        account(3, 80, name="Klubbpoäng", balanceExpires="2026-11-27T23:59:59+01:00"),
        account(4, 5),
    )
    points = p.present_points(answer, now=NOW)
    assert [line.label for line in points.lines] == ["Bonus", "Klubbpoäng", "Points definition 4"]
    assert points.text == (
        f"Bonus: 1{NBSP}240 points · 150 pending; "
        "Klubbpoäng: 80 points · 80 points expire in 2 days; "
        "Points definition 4: 5 points"
    )
    assert points.expiring_soon  # one of them expires soon
    assert points.balance == f"1{NBSP}240 points"  # the first, for callers that show one


def test_an_account_without_definition_or_name_gets_a_number() -> None:
    answer = accounts({"balance": 10}, {"balance": 20})
    assert [line.label for line in p.present_points(answer, now=NOW).lines] == [
        "Points account 1",
        "Points account 2",
    ]


def test_a_single_account_of_another_definition_is_not_labelled() -> None:
    answer = accounts(account(7, 300, definitionName="Bonus"))
    assert p.present_points(answer, now=NOW).text == "300 points"


def test_accounts_without_a_balance_are_left_out() -> None:
    answer = accounts(account(2, None), account(3, "lots"), account(4, 9))
    assert p.present_points(answer, now=NOW).text == "9 points"
    assert p.present_points(accounts(account(2, None)), now=NOW).text == "No points account"


def test_many_accounts_are_capped_and_counted() -> None:
    answer = accounts(*(account(n, n) for n in range(2, 12)))
    points = p.present_points(answer, now=NOW)
    assert len(points.lines) == p.MAX_POINT_ACCOUNTS
    assert points.more == "6 more point accounts"
    assert points.text.endswith("; 6 more point accounts")
    one_more = p.present_points(accounts(*(account(n, n) for n in range(2, 7))), now=NOW)
    assert one_more.more == "1 more point account"


def test_hostile_account_names_are_cleaned_and_bounded() -> None:
    answer = accounts(account(2, 1, name="x" * 500 + "\n\t"), account(3, 2, name="   "))
    labels = [line.label or "" for line in p.present_points(answer, now=NOW).lines]
    assert len(labels[0]) <= 60 and "\n" not in labels[0]
    assert labels[1] == "Points definition 3"


def test_new_points_templates_go_through_the_translator() -> None:
    asked: list[str] = []

    def spy(text: str) -> str:
        asked.append(text)
        return text

    p.present_points(
        accounts(account(1, 1)), now=NOW, options=p.PanelOptions(point_definition_id="5"), tr=spy
    )
    p.present_points(accounts(*(account(n, n) for n in range(2, 8))), now=NOW, tr=spy)
    p.present_points(accounts({"balance": 1}, {"balance": 2}), now=NOW, tr=spy)
    assert {
        "No points account for the configured definition",
        "Points definition {id}",
        "Points account {n}",
        "{n} more point accounts",
    } <= set(asked)
