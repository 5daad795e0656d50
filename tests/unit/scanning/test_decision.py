"""Scan decisions (scanning/decision.py): what a finished burst is, what may be shown, what
to look up. No Qt: bursts come from a real ScanDetector fed with timestamps."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_profile.lookup import Lookup, LookupKind
from pos_profile.scanning.codes import CodeKind, RejectReason, ScanResult
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import (
    DUPLICATE_REASON,
    DuplicateFilter,
    Outcome,
    ScanDecision,
    card_like,
    decide,
    decide_text,
)
from pos_profile.scanning.detector import (
    TRACK_SENTINELS,
    KeyInput,
    KeyKind,
    Replay,
    ScanDetector,
    Scanned,
)

EAN = "7350053850019"
PAN = "6012345678901234"
SWIPE = f"%B{PAN}^DOE/JANE^2912101000?;{PAN}=2912101000?"
BANK_PAN = "4111111111111111"
BANK = f"%B{BANK_PAN}^BANK/CARD^2912101000?;{BANK_PAN}=2912101000?"
US_KEYED_TRACK2 = f"ö{PAN}´2912101000_"  # ;PAN=...? from a US-keyed reader on an sv host
LOYALTY = ScannerConfig(card_loyalty_prefixes=("601234",))
DEFAULT = ScannerConfig()
GAP_MS = 5.0


def keys(text: str, start_ms: float = 1000.0, gap_ms: float = GAP_MS) -> list[KeyInput]:
    return [
        KeyInput(KeyKind.CHAR, ch, start_ms + i * gap_ms, handle=i) for i, ch in enumerate(text)
    ]


def enter(after: KeyInput, gap_ms: float = GAP_MS) -> KeyInput:
    return KeyInput(KeyKind.ENTER, "\r", after.timestamp_ms + gap_ms)


def scanned(detector: ScanDetector, text: str, start_ms: float = 1000.0) -> Scanned:
    """Feed ``text`` + Enter at scanner speed; the detector's Scanned for it."""
    typed = keys(text, start_ms)
    actions = [a for k in [*typed, enter(typed[-1])] for a in detector.feed(k).actions]
    assert len(actions) == 1 and isinstance(actions[0], Scanned), actions
    return actions[0]


def replayed(text: str, config: ScannerConfig = DEFAULT) -> Replay:
    """A fast burst too short for a scan, ended by silence: the detector replays it."""
    detector = ScanDetector(config)
    typed = keys(text)
    for key in typed:
        assert detector.feed(key).actions == ()
    actions = detector.poll(typed[-1].timestamp_ms + 10_000)
    assert len(actions) == 1 and isinstance(actions[0], Replay), actions
    return actions[0]


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    text: str
    config: ScannerConfig
    outcome: Outcome
    reason: str
    display: str
    sensitive: bool
    code: CodeKind | None = None
    member: str | None = None  # the customKey looked up
    refused: RejectReason | None = None
    secrets: tuple[str, ...] = ()  # must appear in no shown or logged field


CASES = {
    "EAN member": Case(EAN, DEFAULT, Outcome.SCAN, "ean", EAN, False, CodeKind.EAN, EAN),
    "Code 128 text": Case(
        "AB-1234", DEFAULT, Outcome.SCAN, "code128", "AB-1234", False, CodeKind.CODE128, "AB-1234"
    ),
    "track with loyalty prefix": Case(
        SWIPE,
        LOYALTY,
        Outcome.SCAN,
        "card_track",
        "Card •••• 1234",
        True,
        CodeKind.CARD_TRACK,
        PAN,
        secrets=(PAN, "DOE", "JANE"),
    ),
    "US-keyed track on a Swedish host": Case(
        US_KEYED_TRACK2,
        LOYALTY,
        Outcome.SCAN,
        "card_track (keyboard layout corrected)",
        "Card •••• 1234",
        True,
        CodeKind.CARD_TRACK,
        PAN,
        secrets=(PAN,),
    ),
    "payment card track": Case(
        BANK,
        LOYALTY,
        Outcome.REJECTED,
        "Payment card — use the member card.",
        "",
        True,
        refused=RejectReason.PAYMENT_CARD,
        secrets=(BANK_PAN, "4111", "BANK"),
    ),
    "payment card number as a barcode": Case(
        BANK_PAN,
        DEFAULT,
        Outcome.REJECTED,
        "Payment card — use the member card.",
        "",
        True,  # not card-like, but a payment card: its keys are never shown
        refused=RejectReason.PAYMENT_CARD,
        secrets=(BANK_PAN, "4111"),
    ),
    "incomplete swipe": Case(
        "%B60123456",
        LOYALTY,
        Outcome.REJECTED,
        "Card read incomplete — swipe again.",
        "",
        True,
        refused=RejectReason.INCOMPLETE_CARD,
        secrets=("60123456",),
    ),
    "garbage": Case(
        "!!@@##**",
        DEFAULT,
        Outcome.REJECTED,
        "Code not recognised — scan again.",
        "",
        False,
        refused=RejectReason.UNRECOGNISED,
    ),
    "wrong EAN check digit": Case(
        "7350053850018",
        DEFAULT,
        Outcome.REJECTED,
        "Code not recognised — scan again.",
        "",
        False,
        refused=RejectReason.UNRECOGNISED,
    ),
}


def shown(decision: ScanDecision) -> str:
    """Everything a screen or the log may carry (``lookup`` is for the lookup only)."""
    return " ".join(
        [
            repr(decision),
            decision.reason,
            decision.display,
            decision.terminator,
            decision.log_line() or "",
            str(decision.error or ""),
        ]
    )


def check(decision: ScanDecision, case: Case) -> None:
    assert decision.outcome is case.outcome
    assert (decision.reason, decision.display) == (case.reason, case.display)
    assert decision.sensitive is case.sensitive
    assert decision.code is case.code
    expected = None if case.member is None else Lookup(LookupKind.CUSTOM_KEY, case.member)
    assert decision.lookup == expected
    if case.refused is None:
        assert decision.error is None
    else:
        assert decision.error is not None and decision.error.reason is case.refused
        assert decision.error.message == case.reason
    for secret in case.secrets:
        assert secret not in shown(decision)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_scanned_burst(case: Case) -> None:
    burst = scanned(ScanDetector(case.config), case.text)
    decision = decide(burst, case.config)
    check(decision, case)
    assert decision.length == len(case.text)
    assert decision.terminator == "Enter"
    assert (decision.max_gap_ms, decision.mean_gap_ms) == (GAP_MS, GAP_MS)
    assert decision.duration_ms == GAP_MS * len(case.text)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_whole_line_from_a_source_without_key_timing(case: Case) -> None:
    decision = decide_text(case.text, case.config, terminator="line")
    check(decision, case)
    assert (decision.length, decision.terminator) == (len(case.text), "line")
    assert (decision.duration_ms, decision.max_gap_ms, decision.mean_gap_ms) == (0, 0, 0)


# --------------------------------------------------------------------------- duplicates, typing


@pytest.mark.parametrize(
    ("text", "config", "sensitive"), [(EAN, DEFAULT, False), (BANK, LOYALTY, True)]
)
def test_the_same_scan_again_is_a_duplicate_and_not_interpreted(
    text: str, config: ScannerConfig, sensitive: bool
) -> None:
    detector = ScanDetector(config)
    scanned(detector, text)
    again = scanned(detector, text, start_ms=2000.0)
    assert again.duplicate
    decision = decide(again, config)
    assert (decision.outcome, decision.reason) == (Outcome.DUPLICATE, DUPLICATE_REASON)
    assert decision.sensitive is sensitive
    assert (decision.lookup, decision.error, decision.display) == (None, None, "")
    assert decision.length == len(text)
    assert BANK_PAN not in shown(decision)


@pytest.mark.parametrize(
    ("text", "sensitive"),
    [("%B12", True), (";601", True), ("ö601", True), ("Ö12", True), ("1234", False)],
)
def test_typing_replay_is_sensitive_when_card_like(text: str, sensitive: bool) -> None:
    replay = replayed(text)
    decision = decide(replay, DEFAULT)
    assert decision.outcome is Outcome.TYPING
    assert decision.reason == replay.reason
    assert decision.sensitive is sensitive
    assert decision.length == len(text)  # keys replayed
    assert (decision.lookup, decision.error, decision.display) == (None, None, "")
    assert decision.log_line() is None  # typing is never logged


# --------------------------------------------------------------------------- the rules


def test_card_like_is_the_detectors_track_sentinels() -> None:
    """One definition: the detector waits for silence after exactly these, too."""
    assert all(card_like(s + "123") for s in TRACK_SENTINELS)
    assert not any(card_like(t) for t in ("", "7350053850019", "B%", "a;"))


def test_a_scan_is_looked_up_as_the_result_says(monkeypatch: pytest.MonkeyPatch) -> None:
    assert decide_text(EAN, DEFAULT).lookup == Lookup(LookupKind.CUSTOM_KEY, EAN)
    monkeypatch.setattr(ScanResult, "identifier_type", "contactId")
    assert decide_text(EAN, DEFAULT).lookup == Lookup(LookupKind.CONTACT_ID, EAN)


def test_log_line_has_outcome_reason_length_and_timing_only() -> None:
    decision = decide(scanned(ScanDetector(LOYALTY), SWIPE), LOYALTY)
    assert decision.log_line() == (
        f"scanner: scan (card_track), {len(SWIPE)} chars in {GAP_MS * len(SWIPE):.0f} ms, "
        f"max gap {GAP_MS:.0f} ms, mean gap {GAP_MS:.1f} ms"
    )


def test_outcomes_read_as_the_words_the_log_and_diagnostics_use() -> None:
    assert [str(o) for o in Outcome] == ["scan", "rejected", "duplicate", "typing"]


_TRACKISH = st.text(alphabet="%;öÖB0123456789^=?´_&/ABCDEJN", min_size=1, max_size=80)


@given(st.one_of(_TRACKISH, st.text(max_size=80)))
def test_no_text_escapes_into_what_is_shown_of_a_sensitive_decision(text: str) -> None:
    """Any line: a decision or nothing else (no crash); a sensitive one shows no part of it
    beyond the last four digits of a member card."""
    for config in (DEFAULT, LOYALTY):
        decision = decide_text(text, config)
        assert decision.outcome in (Outcome.SCAN, Outcome.REJECTED)
        assert (decision.lookup is None) is (decision.outcome is Outcome.REJECTED)
        assert (decision.error is None) is (decision.outcome is Outcome.SCAN)
        if card_like(text):
            assert decision.sensitive
        if decision.sensitive and len(text) >= 8:
            assert text not in shown(decision)
            if decision.lookup is not None and len(decision.lookup.value) > 4:
                assert decision.lookup.value not in shown(decision)


def test_a_double_read_counts_once_for_line_sources() -> None:
    duplicates = DuplicateFilter(1500.0)
    member = decide_text("7001234567", ScannerConfig())
    assert duplicates.check(member, 0.0).outcome is Outcome.SCAN
    again = duplicates.check(member, 800.0)
    assert again.outcome is Outcome.DUPLICATE and again.lookup is None
    assert duplicates.check(member, 2500.0).outcome is Outcome.SCAN  # a new sale, much later
    refused = decide_text("7350053850019", ScannerConfig(member_only=True))
    assert duplicates.check(refused, 2600.0) is refused  # only scans are filtered
