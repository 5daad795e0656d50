"""The sandbox demo data: shape, synthetic identifiers, coverage, dates that follow today."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from stdnum import ean, luhn
from stdnum.fi import hetu
from stdnum.se import personnummer

from pos_profile.sandbox import demo_contacts
from pos_profile.sandbox.data import (
    DemoDataSet,
    day_shift,
    load_data_set,
    overview_at,
    point_accounts_at,
    sandbox_dir,
    shift_timestamp,
)
from pos_profile.sandbox.validation import resolve_any

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CET = timezone(timedelta(hours=1))
REFERENCE = datetime(2026, 11, 25, 12, 0, tzinfo=CET)
SHARED_EMAIL = "familjen.holm@example.com"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


FULL = fixture("contactoverview-member-full.json")
POINTS = fixture("point-accounts.json")


@pytest.fixture(scope="module")
def data() -> DemoDataSet:
    return load_data_set()


def index() -> dict[str, Any]:
    result: dict[str, Any] = json.loads((sandbox_dir() / "index.json").read_text("utf-8"))
    return result


def contact_files() -> list[Path]:
    return [sandbox_dir() / entry["file"] for entry in index()["contacts"]]


def point_files() -> list[Path]:
    return [sandbox_dir() / e["pointAccounts"] for e in index()["contacts"] if e["pointAccounts"]]


# --------------------------------------------------------------------------- files and shape


def test_index_names_every_file_in_the_folder_and_at_least_twelve_contacts() -> None:
    named = {p.resolve() for p in contact_files() + point_files()}
    on_disk = {p.resolve() for p in sandbox_dir().glob("*/*.json")}
    assert named == on_disk
    assert len(contact_files()) >= 12
    assert datetime.fromisoformat(index()["referenceNow"]) == REFERENCE


@pytest.mark.parametrize("path", contact_files(), ids=lambda p: p.stem)
def test_contact_file_has_the_contactoverview_shape(path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert set(payload) == set(FULL)
    assert set(payload["attributes"]) == set(FULL["attributes"])
    assert set(payload["meta"]) == set(FULL["meta"])
    assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", payload["id"])
    assert payload["meta"]["contactType"] in ("Member", "Contact")
    for voucher in payload["rewardVouchers"]:
        assert set(voucher) == set(FULL["rewardVouchers"][0])
        assert voucher["redeemed"] == (voucher["redeemedOn"] is not None)
    for promotion in payload["promotions"]:
        assert set(promotion) == set(FULL["promotions"][0])
        for channel in promotion["redemptionChannels"]:
            assert set(channel) == set(FULL["promotions"][0]["redemptionChannels"][0])
    if payload["tiers"] is not None:
        assert set(payload["tiers"]) == set(FULL["tiers"])
    assert all(isinstance(w, str) for w in payload["warnings"] + payload["audiences"])


@pytest.mark.parametrize("path", point_files(), ids=lambda p: p.stem)
def test_point_account_file_is_a_list_of_accounts_in_the_fixture_shape(path: Path) -> None:
    accounts = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(accounts, list)
    assert accounts
    for account in accounts:
        assert set(account) == set(POINTS["items"][0])


def test_the_fixture_contacts_are_served_unchanged_on_the_reference_day(data: DemoDataSet) -> None:
    by_id = {c.contact_id: c for c in data.contacts}
    for name in (
        "contactoverview-member-full.json",
        "contactoverview-secrecy-marked.json",
        "contactoverview-contact-minimal.json",
        "contactoverview-member-many-items.json",
    ):
        expected = fixture(name)
        assert overview_at(by_id[expected["id"]], REFERENCE, REFERENCE) == expected
    astrid = by_id[FULL["id"]]
    assert point_accounts_at(astrid, REFERENCE, REFERENCE) == POINTS["items"]


# --------------------------------------------------------------------------- synthetic identifiers


def _valid_swedish(number: str) -> bool:
    """12-digit personnummer or samordningsnummer (day + 60) with a valid check digit."""
    if not re.fullmatch(r"\d{12}", number):
        return False
    year, month, day = int(number[:4]), int(number[4:6]), int(number[6:8])
    if day > 60:
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        return False
    return luhn.is_valid(number[2:])


def test_every_personal_number_is_valid_and_both_special_kinds_are_present(
    data: DemoDataSet,
) -> None:
    numbers = [c.social_security_number for c in data.contacts if c.social_security_number]
    swedish = [n for n in numbers if n.isdigit()]
    finnish = [n for n in numbers if not n.isdigit()]
    assert all(_valid_swedish(n) for n in swedish), swedish
    assert all(hetu.is_valid(n) for n in finnish), finnish
    ordinary = [n for n in swedish if int(n[6:8]) <= 31]
    assert all(personnummer.is_valid(n) for n in ordinary)
    assert any(int(n[6:8]) > 60 for n in swedish), "no samordningsnummer"
    assert finnish, "no Finnish HETU"


def test_phones_are_in_the_fiction_range_and_emails_on_example_com(data: DemoDataSet) -> None:
    for contact in data.contacts:
        if contact.mobile_phone:
            assert re.fullmatch(r"\+467017406(0[5-9]|[1-9]\d)", contact.mobile_phone)
        assert contact.email
        assert contact.email.endswith("@example.com")


def test_member_numbers_look_like_loyalty_cards_and_include_an_ean13(data: DemoDataSet) -> None:
    numbers = [c.member_number for c in data.contacts if c.member_number]
    for number in numbers:
        assert re.fullmatch(r"700\d{7}", number) or (len(number) == 13 and ean.is_valid(number))
    assert sum(len(n) == 13 for n in numbers) >= 1


def test_identifiers_are_unique_except_the_one_shared_email(data: DemoDataSet) -> None:
    members = [c.member_number for c in data.contacts if c.member_number]
    phones = [c.mobile_phone for c in data.contacts if c.mobile_phone]
    ssns = [c.social_security_number for c in data.contacts if c.social_security_number]
    ids = [c.contact_id for c in data.contacts]
    for values in (members, phones, ssns, ids):
        assert len(values) == len(set(values))
    emails = [c.email for c in data.contacts]
    shared = {e for e in emails if emails.count(e) > 1}
    assert shared == {SHARED_EMAIL}
    assert emails.count(SHARED_EMAIL) == 3  # the 409 list: two Holms and a protected identity


def test_only_the_pitfall_member_number_passes_as_a_personal_number(data: DemoDataSet) -> None:
    """Otherwise `any=` would silently miss more demo members than the one meant to show it."""
    misread = [
        c.slug
        for c in data.contacts
        if c.member_number
        and resolve_any(c.member_number, REFERENCE.date()) != ("customKey", c.member_number)
    ]
    assert misread == ["greta-holmgren"]


def test_readme_lists_every_member_number_and_email() -> None:
    readme = (sandbox_dir() / "README.md").read_text(encoding="utf-8")
    for contact in demo_contacts():
        if contact.member_number:
            assert contact.member_number in readme
        assert contact.email
        assert contact.email in readme


# --------------------------------------------------------------------------- coverage


def test_the_data_set_covers_every_case_the_demo_promises(data: DemoDataSet) -> None:
    overviews = [c.overview for c in data.contacts]
    members = [c for c in data.contacts if c.contact_type == "Member"]
    vouchers = [v for o in overviews for v in o["rewardVouchers"]]
    soon = REFERENCE + timedelta(days=7)

    def expires(item: dict[str, Any]) -> datetime | None:
        text = item["expiresOn"]
        return datetime.fromisoformat(text) if text else None

    assert any(o["attributes"]["secrecyMarked"] for o in overviews)
    assert any(c.contact_type == "Contact" for c in data.contacts)
    assert any(o["tiers"] is None for o in overviews if o["meta"]["contactType"] == "Member")
    assert any(o["warnings"] for o in overviews)
    assert any(len(o["rewardVouchers"]) >= 40 and len(o["promotions"]) >= 40 for o in overviews)
    assert any(v["redeemed"] for v in vouchers)
    assert any(not v["redeemed"] and (e := expires(v)) and e < REFERENCE for v in vouchers)
    assert any(not v["redeemed"] and (e := expires(v)) and REFERENCE < e < soon for v in vouchers)
    accounts = [a for c in data.contacts for a in c.point_accounts]
    assert any(a["pendingPoints"] > 0 and a["balance"] == 0 for a in accounts)
    assert any(not c.has_point_accounts for c in members)


# --------------------------------------------------------------------------- dates follow today


def test_time_stamps_move_by_whole_days_and_keep_their_local_time() -> None:
    assert shift_timestamp("2026-11-28T23:59:59+01:00", timedelta(days=10)) == (
        "2026-12-08T23:59:59+01:00"
    )
    # into summer: a Stockholm end-of-day stays end-of-day in summer time
    assert shift_timestamp("2026-11-28T23:59:59+01:00", timedelta(days=200)) == (
        "2027-06-16T23:59:59+02:00"
    )
    assert shift_timestamp("2026-11-28T10:00:00Z", timedelta(days=1)) == "2026-11-29T10:00:00Z"
    assert shift_timestamp("not a date", timedelta(days=1)) == "not a date"


def test_day_shift_counts_calendar_days_in_the_data_zone() -> None:
    assert day_shift(REFERENCE, REFERENCE) == timedelta(0)
    late_evening = datetime(2026, 11, 25, 23, 30, tzinfo=CET)
    assert day_shift(REFERENCE, late_evening) == timedelta(0)
    assert day_shift(REFERENCE, late_evening.astimezone(UTC)) == timedelta(0)
    assert day_shift(REFERENCE, datetime(2027, 3, 1, 8, 0, tzinfo=CET)) == timedelta(days=96)


def test_a_voucher_expiring_in_three_days_does_so_whatever_today_is(data: DemoDataSet) -> None:
    maja = next(c for c in data.contacts if c.slug == "maja-berg")
    today = datetime(2031, 7, 4, 9, 15, tzinfo=timezone(timedelta(hours=2)))
    served = overview_at(maja, REFERENCE, today)
    first = served["rewardVouchers"][0]
    assert first["expiresOn"] == "2031-07-07T23:59:59+02:00"
    assert served["attributes"]["birthDay"] == maja.overview["attributes"]["birthDay"]
    assert served["attributes"]["age"] == 39  # born 1991-07-08, before the birthday
    assert maja.overview["rewardVouchers"][0]["expiresOn"] == "2026-11-28T23:59:59+01:00"


def test_point_account_expiry_follows_today(data: DemoDataSet) -> None:
    astrid = next(c for c in data.contacts if c.contact_id == FULL["id"])
    served = point_accounts_at(astrid, REFERENCE, REFERENCE + timedelta(days=31))
    assert served[0]["balanceExpires"] == "2027-01-31T23:59:59+01:00"
    assert served[1]["balanceExpires"] is None


def test_today_is_the_stockholm_calendar_day_in_summer_time() -> None:
    try:
        ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:
        pytest.skip("no time zone database on this machine (fixed offsets are used)")
    just_after_midnight = datetime(2027, 6, 20, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert day_shift(REFERENCE, just_after_midnight) == timedelta(days=207)
