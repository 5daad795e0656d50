"""codes.interpret: what a scan is (scenarios 4, 6, 10-14 of pos_profile/docs/pos-domain.md)."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_profile.errors import InvalidInputError
from pos_profile.scanning.codes import (
    CodeKind,
    RejectReason,
    ScanRejectedError,
    ScanResult,
    demangle,
    interpret,
)
from pos_profile.scanning.config import ScannerConfig

SWIPE = "%B6012345678901234^DOE/JANE^2912101000?;6012345678901234=2912101000?"
SWIPE_SV = "%B6012345678901234&DOE-JANE&2912101000_ö6012345678901234´2912101000_"
BANK = "%B4111111111111111^BANK/CARD^2912101000?;4111111111111111=2912101000?"
LOYALTY = ScannerConfig(card_loyalty_prefixes=("601234",))


def rejected(raw: str, config: ScannerConfig | None = None) -> ScanRejectedError:
    with pytest.raises(ScanRejectedError) as info:
        interpret(raw, config)
    return info.value


def test_scenario_4_valid_ean13_is_looked_up_as_custom_key() -> None:
    result = interpret("7350053850019")
    assert result.kind is CodeKind.EAN
    assert result.member_number == "7350053850019"
    assert result.identifier_type == "customKey"
    assert not result.layout_corrected


@pytest.mark.parametrize("code", ["96385074", "036000291452"])  # EAN-8, UPC-A
def test_ean8_and_upca_with_right_check_digit_are_accepted(code: str) -> None:
    assert interpret(code).member_number == code


@pytest.mark.parametrize("code", ["7350053850018", "96385075", "036000291453"])
def test_scenario_6_wrong_check_digit_is_not_recognised(code: str) -> None:
    error = rejected(code)
    assert error.reason is RejectReason.UNRECOGNISED
    assert error.message == "Code not recognised — scan again."
    assert isinstance(error, InvalidInputError)
    assert code not in str(error)


def test_scenario_10_mangled_code128_is_corrected_on_swedish_host() -> None:
    result = interpret("MEM+004711", ScannerConfig(host_layout="sv"))
    assert result.kind is CodeKind.CODE128
    assert result.member_number == "MEM-004711"
    assert result.layout_corrected


def test_scenario_10_correct_code128_is_taken_as_typed() -> None:
    result = interpret("MEM-004711", ScannerConfig(host_layout="sv"))
    assert result.member_number == "MEM-004711"
    assert not result.layout_corrected


def test_scenario_10_scanner_set_to_host_layout_refuses_mangled_code_with_hint() -> None:
    error = rejected("MEM+004711", ScannerConfig(host_layout="sv", scanner_layout="host"))
    assert error.reason is RejectReason.LAYOUT_MISMATCH
    assert "keyboard layout" in error.message


def test_us_host_never_demangles() -> None:
    assert demangle("MEM+004711", "us") == "MEM+004711"
    assert rejected("MEM+004711", ScannerConfig(host_layout="us")).reason is (
        RejectReason.UNRECOGNISED
    )


def test_scenario_11_card_swipe_gives_member_number_from_pan() -> None:
    result = interpret(SWIPE, LOYALTY)
    assert result.kind is CodeKind.CARD_TRACK
    assert result.member_number == "6012345678901234"
    assert result.display == "Card •••• 1234"
    assert "DOE" not in repr(result)
    assert "6012345678901234" not in repr(result)


def test_card_layout_cuts_member_number_out_of_the_pan() -> None:
    config = LOYALTY.model_copy(update={"card_member_start": 6, "card_member_length": 9})
    assert interpret(SWIPE, config).member_number == "567890123"


def test_card_layout_can_take_the_member_number_from_discretionary_data() -> None:
    swipe = "%B6012345678901234^DOE/JANE^2912101000778899?"
    config = LOYALTY.model_copy(update={"card_member_field": "discretionary"})
    assert interpret(swipe, config).member_number == "000778899"


def test_track2_only_swipe_is_accepted() -> None:
    assert interpret(";6012345678901234=2912101000?", LOYALTY).member_number == ("6012345678901234")


def test_scenario_12_swedish_mangled_swipe_is_the_same_member() -> None:
    result = interpret(SWIPE_SV, LOYALTY.model_copy(update={"host_layout": "sv"}))
    assert result.member_number == "6012345678901234"
    assert result.layout_corrected


def test_scenario_12_mangled_swipe_with_host_layout_scanner_gets_layout_hint() -> None:
    config = LOYALTY.model_copy(update={"host_layout": "fi", "scanner_layout": "host"})
    assert rejected(SWIPE_SV, config).reason is RejectReason.LAYOUT_MISMATCH


@pytest.mark.parametrize(
    "raw",
    [
        "%B60123456",
        "%B6012345678901234^DOE/JANE^29",
        ";60123456",
        SWIPE[:-1],
        "%B6012345678901234&DO",
    ],
)
def test_scenario_13_truncated_swipe_asks_to_swipe_again(raw: str) -> None:
    error = rejected(raw, LOYALTY)
    assert error.reason is RejectReason.INCOMPLETE_CARD
    assert error.message == "Card read incomplete — swipe again."


def test_tracks_with_different_card_numbers_are_a_bad_read() -> None:
    raw = "%B6012345678901234^DOE/JANE^2912101000?;6012345678901242=2912101000?"
    assert rejected(raw, LOYALTY).reason is RejectReason.INCOMPLETE_CARD


@pytest.mark.parametrize("layout", ["us", "sv"])
def test_scenario_14_bank_card_is_refused_and_never_in_texts(
    layout: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = LOYALTY.model_copy(update={"host_layout": layout})
    raw = BANK if layout == "us" else BANK.replace("^", "&").replace("?", "_").replace(";", "ö")
    error = rejected(raw, config)
    assert error.reason is RejectReason.PAYMENT_CARD
    assert error.message == "Payment card — use the member card."
    assert error.__cause__ is None
    assert "4111" not in repr(error.__context__) and "BANK" not in repr(error.__context__)
    assert "4111" not in str(error) and "BANK" not in str(error)
    assert caplog.records == []


def test_luhn_valid_swipe_with_no_loyalty_prefixes_configured_is_a_payment_card() -> None:
    assert rejected(SWIPE).reason is RejectReason.PAYMENT_CARD


def test_non_luhn_card_outside_the_loyalty_range_is_not_a_member_card() -> None:
    raw = "%B6099999999999991^X/Y^2912101000?"  # Luhn-invalid
    assert rejected(raw, LOYALTY).reason is RejectReason.NOT_MEMBER_CARD


def test_bare_payment_card_number_is_refused() -> None:
    assert rejected("4111111111111111").reason is RejectReason.PAYMENT_CARD


def test_configured_member_prefix_and_length() -> None:
    config = ScannerConfig(member_prefix="77", member_length=10, member_only=True)
    result = interpret("7712345678", config)
    assert result.kind is CodeKind.MEMBER_NUMBER
    assert result.member_number == "7712345678"
    assert rejected("7350053850019", config).reason is RejectReason.NOT_MEMBER_CARD
    assert rejected("771234567", config).reason is RejectReason.NOT_MEMBER_CARD


def test_member_pattern_with_luhn_check_digit() -> None:
    config = ScannerConfig(member_pattern=r"9\d{9}", member_check_digit="luhn")
    assert interpret("9000000001", config).member_number == "9000000001"
    assert rejected("9000000008", config).reason is RejectReason.UNRECOGNISED


def test_ean_prefixes_restrict_which_eans_are_member_cards() -> None:
    config = ScannerConfig(ean_prefixes=("2",))
    assert interpret("2000000000008", config).kind is CodeKind.EAN
    assert rejected("7350053850019", config).reason is RejectReason.NOT_MEMBER_CARD


@pytest.mark.parametrize("raw", ["", "\r", "ab", "hello world", "x" * 300, "åäö"])
def test_garbage_is_refused(raw: str) -> None:
    assert rejected(raw, ScannerConfig(host_layout="us")).reason in (
        RejectReason.UNRECOGNISED,
        RejectReason.LAYOUT_MISMATCH,
    )


def test_invalid_regex_in_config_is_refused() -> None:
    with pytest.raises(ValueError, match="regular expression"):
        ScannerConfig(member_pattern="(")


@given(st.text(max_size=120), st.sampled_from(["us", "sv", "fi"]), st.booleans())
def test_any_text_is_a_result_or_a_rejection(raw: str, layout: str, loyalty: bool) -> None:
    config = (LOYALTY if loyalty else ScannerConfig()).model_copy(update={"host_layout": layout})
    outcome = _outcome(raw, config)
    if isinstance(outcome, ScanRejectedError):
        assert outcome.message
        assert len(raw.strip()) < 6 or raw.strip() not in outcome.message
    else:
        assert outcome.member_number


def _outcome(raw: str, config: ScannerConfig) -> ScanResult | ScanRejectedError:
    try:
        return interpret(raw, config)
    except ScanRejectedError as error:
        return error


def test_member_only_keeps_the_member_eans_of_ean_prefixes() -> None:
    """The README's beside-the-POS template: member numbers by prefix, member EANs by
    ean_prefixes, everything else (a product) refused before any request."""
    config = ScannerConfig(member_prefix="7001", ean_prefixes=("2400",), member_only=True)
    assert interpret("7001234567", config).kind is CodeKind.MEMBER_NUMBER
    assert interpret("2400004711205", config).kind is CodeKind.EAN
    with pytest.raises(ScanRejectedError) as refused:
        interpret("7350053850019", config)  # a product's EAN-13
    assert refused.value.reason is RejectReason.NOT_MEMBER_CARD
    with pytest.raises(ScanRejectedError):
        interpret("2400004711205", ScannerConfig(member_only=True))  # no ean_prefixes: none
