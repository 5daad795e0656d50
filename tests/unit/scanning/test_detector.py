"""ScanDetector: scenarios 1-15 of pos_profile/docs/pos-domain.md, synthetic timings, properties."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.detector import (
    KeyInput,
    KeyKind,
    Replay,
    ScanDetector,
    Scanned,
)

ENTER = "\n"
TAB = "\t"


def key(ch: str, t: float, **flags: bool) -> KeyInput:
    if ch == ENTER:
        return KeyInput(KeyKind.ENTER, "\r", t, **flags)
    if ch == TAB:
        return KeyInput(KeyKind.TAB, "\t", t, **flags)
    return KeyInput(KeyKind.CHAR, ch, t, **flags)


@dataclass
class Till:
    """Drives a detector like the Qt filter does: a timer fires at every deadline."""

    config: ScannerConfig = field(default_factory=ScannerConfig)
    typed: list[KeyInput] = field(default_factory=list)  # what reached the focused widget
    scans: list[Scanned] = field(default_factory=list)
    now: float = 0.0

    def __post_init__(self) -> None:
        self.detector = ScanDetector(self.config)

    def _run(self, actions: tuple[Replay | Scanned, ...] | list[Replay | Scanned]) -> None:
        for action in actions:
            if isinstance(action, Replay):
                self.typed.extend(action.keys)
            else:
                self.scans.append(action)

    def advance(self, t: float) -> None:
        """Let time pass to ``t``, firing the timer at each deadline on the way."""
        while (d := self.detector.deadline()) is not None and d <= t:
            self.now = max(self.now, d)
            self._run(self.detector.poll(self.now))
        self.now = max(self.now, t)

    def press(self, k: KeyInput) -> None:
        self.advance(k.timestamp_ms)
        result = self.detector.feed(k)
        self._run(result.actions)
        if not result.held:
            self.typed.append(k)

    def type(self, text: str, gap: float, start: float | None = None, **flags: bool) -> float:
        t = self.now if start is None else start
        for i, ch in enumerate(text):
            self.press(key(ch, t + i * gap, **flags))
        return t + (len(text) - 1) * gap

    def settle(self) -> None:
        """Let time pass until nothing is held any more."""
        while (d := self.detector.deadline()) is not None:
            self.advance(d)

    @property
    def typed_text(self) -> str:
        return "".join(k.text for k in self.typed)

    @property
    def scanned_texts(self) -> list[str]:
        return [s.text for s in self.scans if not s.duplicate]


EAN = "7350053850019"
SWIPE = "%B6012345678901234^DOE/JANE^2912101000?;6012345678901234=2912101000?"
SWIPE_SV = "%B6012345678901234&DOE-JANE&2912101000_ö6012345678901234´2912101000_"


def test_scenario_1_human_typing_at_150ms_is_typed_not_scanned() -> None:
    till = Till()
    till.type("12345678", gap=150)
    till.settle()
    assert till.typed_text == "12345678"
    assert till.scans == []


def test_scenario_2_fast_typist_with_pause_gets_all_text_and_enter() -> None:
    till = Till()
    end = till.type("abcd", gap=20)
    end = till.type("efgh", gap=20, start=end + 300)
    till.press(key(ENTER, end + 20))
    till.settle()
    assert till.typed_text == "abcdefgh\r"
    assert till.typed[-1].kind is KeyKind.ENTER
    assert till.scans == []


def test_scenario_3_auto_repeat_goes_to_the_field() -> None:
    till = Till()
    till.press(key("1", 0))
    for i in range(60):  # ~30 per second for 2 s after the 250 ms repeat delay
        till.press(key("1", 250 + i * 33, auto_repeat=True))
    till.settle()
    assert till.typed_text == "1" * 61
    assert till.scans == []


@pytest.mark.parametrize("terminator", [ENTER, TAB])
def test_scenario_4_5_fast_ean_with_terminator_is_one_scan_and_nothing_typed(
    terminator: str,
) -> None:
    till = Till()
    till.type(EAN + terminator, gap=5)
    till.settle()
    assert till.typed == []
    assert till.scanned_texts == [EAN]
    scan = till.scans[0]
    assert scan.terminator == ("Enter" if terminator == ENTER else "Tab")
    assert scan.keys[-1].is_terminator  # the terminator never reaches the focused button
    assert scan.max_gap_ms == pytest.approx(5)
    assert scan.duration_ms == pytest.approx(5 * len(EAN))


def test_scenario_6_bad_check_digit_is_still_a_scan_for_codes_to_refuse() -> None:
    till = Till()
    till.type("7350053850018" + ENTER, gap=5)
    till.settle()
    assert till.typed == []
    assert till.scanned_texts == ["7350053850018"]


def test_scenario_7_four_fast_chars_and_enter_are_replayed_in_order() -> None:
    till = Till()
    till.type("1234" + ENTER, gap=5)
    assert till.typed_text == "1234\r"
    assert till.scans == []
    assert not till.detector.holding


def test_scenario_9_same_code_twice_within_window_counts_once() -> None:
    till = Till()
    till.type(EAN + ENTER, gap=5, start=0)
    till.type(EAN + ENTER, gap=5, start=1000)
    till.type(EAN + ENTER, gap=5, start=5000)  # well after the window: a new scan
    till.settle()
    assert till.typed == []
    assert len(till.scans) == 3
    assert [s.duplicate for s in till.scans] == [False, True, False]


def test_different_codes_back_to_back_are_two_scans() -> None:
    till = Till()
    till.type(EAN + ENTER, gap=5, start=0)
    till.type("73500538500" + "26" + ENTER, gap=5, start=200)
    assert till.scanned_texts == [EAN, "7350053850026"]


def test_scenario_10_code128_with_mangled_dash_is_one_scan() -> None:
    till = Till()
    till.type("MEM+004711" + ENTER, gap=5)
    assert till.scanned_texts == ["MEM+004711"]
    assert till.typed == []


def test_scenario_11_card_swipe_at_2ms_is_one_scan() -> None:
    till = Till()
    till.type(SWIPE + ENTER, gap=2, shift=False)
    till.settle()
    assert till.scanned_texts == [SWIPE]
    assert till.typed == []


def test_scenario_12_swedish_mangled_swipe_is_one_scan() -> None:
    till = Till()
    till.type(SWIPE_SV + ENTER, gap=2)
    till.settle()
    assert till.scanned_texts == [SWIPE_SV]
    assert till.typed == []


def test_card_swipe_without_cr_ends_in_silence() -> None:
    till = Till()
    end = till.type(SWIPE, gap=2)
    till.advance(end + 99)
    assert till.scans == []  # still waiting for the silence
    assert till.typed == []
    till.advance(end + 100)
    assert till.scanned_texts == [SWIPE]
    assert till.scans[0].terminator == "silence"


def test_scenario_13_truncated_swipe_ends_in_silence_as_a_scan_and_types_nothing() -> None:
    till = Till()
    end = till.type("%B60123456", gap=2)
    till.advance(end + 100)
    assert till.scanned_texts == ["%B60123456"]
    assert till.typed == []


def test_scenario_14_bank_swipe_is_a_scan_never_typed() -> None:
    till = Till()
    till.type("%B4111111111111111^BANK/CARD^2912101000?" + ENTER, gap=2)
    assert len(till.scans) == 1
    assert till.typed == []


def test_scenario_15_paste_chord_is_let_through_and_ends_a_held_burst() -> None:
    till = Till()
    till.type("ab", gap=5)
    till.press(KeyInput(KeyKind.CHAR, "\x16", 12, ctrl=True))  # Ctrl+V
    assert till.typed_text == "ab\x16"
    assert till.scans == []
    assert not till.detector.holding


def test_digits_without_terminator_are_typed_after_the_gap_limit() -> None:
    till = Till()
    end = till.type(EAN, gap=5)
    till.advance(end + 49)
    assert till.typed == []  # held: an Enter could still come
    till.advance(end + 50)
    assert till.typed_text == EAN
    assert till.scans == []


def test_suffixless_scanner_is_accepted_on_silence_when_configured() -> None:
    till = Till(ScannerConfig(requires_terminator=False))
    end = till.type(EAN, gap=5)
    till.advance(end + 100)
    assert till.scanned_texts == [EAN]
    assert till.typed == []


def test_suffixless_mode_still_lets_slow_typing_through() -> None:
    till = Till(ScannerConfig(requires_terminator=False))
    till.type("12345678", gap=150)
    till.settle()
    assert till.typed_text == "12345678"
    assert till.scans == []


def test_slow_scanner_over_mean_gap_is_typing() -> None:
    till = Till()
    till.type("12345678" + ENTER, gap=40)  # every gap under 50 ms but mean 40 > 30
    assert till.typed_text == "12345678\r"
    assert till.scans == []


def test_bluetooth_profile_accepts_a_45ms_reader() -> None:
    till = Till(ScannerConfig(connection="bluetooth"))
    till.type("12345678" + ENTER, gap=45)
    assert till.scanned_texts == ["12345678"]
    assert till.typed == []


def test_a_key_after_a_short_gap_but_long_pause_starts_a_new_burst() -> None:
    till = Till()
    end = till.type("123", gap=5)
    till.type(EAN + ENTER, gap=5, start=end + 60)
    assert till.typed_text == "123"
    assert till.scanned_texts == [EAN]


def test_backspace_releases_held_keys_before_itself() -> None:
    till = Till()
    till.type("ab", gap=10)
    till.press(KeyInput(KeyKind.OTHER, "\b", 25))
    assert [k.text for k in till.typed] == ["a", "b", "\b"]


def test_bare_modifiers_are_ignored_and_do_not_break_a_scan() -> None:
    till = Till()
    t = 0.0
    for ch in "%B12345":
        till.press(KeyInput(KeyKind.MODIFIER, "", t))
        till.press(key(ch, t + 1, shift=ch.isupper() or ch == "%"))
        t += 4
    till.press(key(ENTER, t))
    assert till.scanned_texts == ["%B12345"]
    assert till.typed_text == ""  # only the bare Shift presses went through
    assert all(k.kind is KeyKind.MODIFIER for k in till.typed)


def test_altgr_text_counts_as_a_character() -> None:
    till = Till()
    for i, ch in enumerate("ab@cdef"):
        till.press(key(ch, i * 5, ctrl=ch == "@", alt=ch == "@"))
    till.press(key(ENTER, 35))
    assert till.scanned_texts == ["ab@cdef"]


def test_burst_over_max_length_is_never_a_scan() -> None:
    till = Till()
    till.type("9" * 300 + ENTER, gap=1)
    till.settle()
    assert till.scans == []
    assert till.typed_text == "9" * 300 + "\r"


def test_burst_over_max_duration_is_never_a_scan() -> None:
    till = Till(ScannerConfig(max_gap_ms=50, max_mean_gap_ms=45))
    till.type("1" * 60 + ENTER, gap=40)  # 2.4 s of 40 ms gaps
    till.settle()
    assert till.scans == []
    assert till.typed_text == "1" * 60 + "\r"


def test_disabled_detector_lets_everything_through() -> None:
    till = Till(ScannerConfig(enabled=False))
    till.type(EAN + ENTER, gap=5)
    assert till.typed_text == EAN + "\r"
    assert till.scans == []


def test_flush_releases_held_keys_as_typing() -> None:
    till = Till()
    till.type("abc", gap=5)
    till._run(till.detector.flush())
    assert till.typed_text == "abc"
    assert till.detector.deadline() is None


# ---------------------------------------------------------------------------- properties

keys_strategy = st.lists(
    st.tuples(
        st.sampled_from(["1", "2", "a", "%", ";", "ö", "\n", "\t", "\b", "", " ", "\x16"]),
        st.sampled_from([0.0, 1.0, 2.0, 5.0, 20.0, 35.0, 49.0, 50.0, 51.0, 99.0, 150.0, 3000.0]),
        st.sampled_from(["plain", "plain", "plain", "repeat", "ctrl", "altgr", "modifier"]),
    ),
    max_size=80,
)
config_strategy = st.builds(
    ScannerConfig,
    min_length=st.integers(1, 8),
    max_length=st.integers(1, 20),
    requires_terminator=st.booleans(),
    max_duration_ms=st.sampled_from([50.0, 2000.0]),
)


def _make(ch: str, t: float, style: str, seq: int) -> KeyInput:
    kind = {"\n": KeyKind.ENTER, "\t": KeyKind.TAB, "\b": KeyKind.OTHER, "": KeyKind.MODIFIER}.get(
        ch, KeyKind.CHAR
    )
    return KeyInput(
        kind,
        ch,
        t,
        auto_repeat=style == "repeat",
        ctrl=style in ("ctrl", "altgr"),
        alt=style == "altgr",
        handle=seq,
    )


@settings(max_examples=400, deadline=None)
@given(events=keys_strategy, config=config_strategy, timer_fires=st.booleans())
def test_every_key_comes_out_exactly_once_and_typing_keeps_its_order(
    events: list[tuple[str, float, str]], config: ScannerConfig, timer_fires: bool
) -> None:
    till = Till(config)
    t = 0.0
    fed: list[KeyInput] = []
    for seq, (ch, dt, style) in enumerate(events):
        t += dt
        k = _make(ch, t, style, seq)
        fed.append(k)
        if timer_fires:
            till.press(k)
        else:  # the event loop was too busy for the timer: only feed() sees time pass
            result = till.detector.feed(k)
            till._run(result.actions)
            if not result.held:
                till.typed.append(k)
    till.settle()

    scanned = [k.handle for s in till.scans for k in s.keys]
    typed = [k.handle for k in till.typed]
    # exactly once: nothing lost, nothing duplicated
    assert sorted(scanned + typed) == list(range(len(fed)))  # type: ignore[type-var]
    # typing keeps its order (bare modifiers produce no text and always go straight through)
    typing = [k.handle for k in till.typed if k.kind is not KeyKind.MODIFIER]
    assert typing == sorted(typing)  # type: ignore[type-var]
    assert not till.detector.holding
    # a scan is never made of auto-repeat keys or chords
    for s in till.scans:
        assert all(not k.auto_repeat and not k.chord for k in s.keys)
        assert len(s.text) >= config.min_length


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(
            KeyInput,
            kind=st.sampled_from(KeyKind),
            text=st.text(max_size=3),
            timestamp_ms=st.floats(allow_nan=False, min_value=-1e9, max_value=1e9),
            shift=st.booleans(),
            ctrl=st.booleans(),
            alt=st.booleans(),
            meta=st.booleans(),
            auto_repeat=st.booleans(),
        ),
        max_size=50,
    ),
    st.floats(allow_nan=False, allow_infinity=False),
)
def test_no_input_crashes_it(keys: list[KeyInput], poll_at: float) -> None:
    detector = ScanDetector()
    for k in keys:
        feed = detector.feed(k)
        assert isinstance(feed.held, bool)
        detector.poll(poll_at)
    deadline = detector.deadline()
    if deadline is not None:
        detector.poll(deadline)
        assert not detector.holding


def _replay_reasons(config: ScannerConfig, text: str, gap: float, *, enter: bool) -> list[str]:
    detector = ScanDetector(config)
    reasons: list[str] = []
    t = 0.0
    keys = [key(ch, i * gap) for i, ch in enumerate(text)]
    if enter:
        keys.append(key(ENTER, len(text) * gap))
    for k in keys:
        t = k.timestamp_ms
        reasons += [a.reason for a in detector.feed(k).actions if isinstance(a, Replay)]
    while (deadline := detector.deadline()) is not None:
        t = max(t, deadline)
        reasons += [a.reason for a in detector.poll(t) if isinstance(a, Replay)]
    return reasons


def test_a_slow_scanner_is_told_which_setting_accepts_it() -> None:
    # a Bluetooth scanner on the USB profile: every gap under 50 ms, the mean over 30 ms
    reasons = _replay_reasons(ScannerConfig(), EAN, gap=40, enter=True)
    assert reasons == [
        "too slow (mean gap 40 > 30 ms; if this was the scanner set [scanner] connection = "
        '"bluetooth" or max_mean_gap_ms = 50): typing'
    ]


def test_a_slow_scanner_on_the_bluetooth_profile_gets_the_limit_alone() -> None:
    config = ScannerConfig(connection="bluetooth")
    reasons = _replay_reasons(config, EAN, gap=70, enter=True)
    assert reasons == [
        "too slow (mean gap 70 > 60 ms; if this was the scanner set [scanner] "
        "max_mean_gap_ms = 90): typing"
    ]


def test_a_scanner_without_enter_is_told_about_requires_terminator() -> None:
    reasons = _replay_reasons(ScannerConfig(), EAN, gap=5, enter=False)
    assert reasons == [
        "no Enter/Tab after the burst (a scanner without that suffix needs "
        "[scanner] requires_terminator = false): typing"
    ]
