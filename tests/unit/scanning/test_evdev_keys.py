"""KeyHolder and FrameSplitter (``[scanner] source = "evdev"``): recorded key-event sequences in,
what is taken and what is passed on out. No device: the VM test (tests/vm) runs the same
holder against real grabbed and uinput devices.

"Passed on unchanged" is checked event for event: the frames written to the pass-through
device, put together, are exactly the frames the scanner sent.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_profile.scanning.codes import RejectReason
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import Outcome
from pos_profile.scanning.evdev_keys import (
    EV_KEY,
    EV_MSC,
    EV_SYN,
    KEY_ENTER,
    KEY_LEFTSHIFT,
    MSC_SCAN,
    SYN_DROPPED,
    SYN_REPORT,
    US_KEYS,
    Frame,
    FrameSplitter,
    HolderAction,
    Judged,
    KeyHolder,
    PassOn,
    RawEvent,
    carries_keys,
    decode,
)
from tests.helpers.evdev_typing import events, key_frame, tap, typed

MEMBER = "7001234567"
PRODUCT_EAN = "7350053850019"
PAYMENT_TRACK = "%B4111111111111111^BANK/CARD^2912101000?"
KEY_BACKSPACE, KEY_LEFT, KEY_F2, KEY_LEFTCTRL, KEY_C = 14, 105, 60, 29, 46

CONFIG = ScannerConfig(member_prefix="7001", ean_prefixes=("2400",), member_only=True)


class Run:
    """Feeds frames GAP_MS apart, then lets the holder go quiet; keeps every action."""

    GAP_MS = 8.0

    def __init__(self, config: ScannerConfig = CONFIG) -> None:
        self.holder = KeyHolder(config)
        self.now = 1000.0
        self.actions: list[HolderAction] = []

    def feed(self, frames: Iterable[Frame]) -> list[HolderAction]:
        new: list[HolderAction] = []
        for frame in frames:
            self.now += self.GAP_MS
            new.extend(self.holder.feed(frame, self.now))
        self.actions.extend(new)
        return new

    def quiet(self) -> list[HolderAction]:
        deadline = self.holder.deadline()
        new = self.holder.poll(deadline) if deadline is not None else []
        if deadline is not None:
            self.now = deadline
        self.actions.extend(new)
        return new

    @property
    def passed_on(self) -> list[RawEvent]:
        return [e for a in self.actions if isinstance(a, PassOn) for e in a.events]

    @property
    def judged(self) -> list[Judged]:
        return [a for a in self.actions if isinstance(a, Judged)]


# ------------------------------------------------------------------------ the US table


def test_the_key_codes_are_the_kernels() -> None:
    ecodes = pytest.importorskip("evdev").ecodes  # a dependency on Linux: present in CI
    assert (EV_SYN, EV_KEY, EV_MSC, SYN_REPORT, SYN_DROPPED, MSC_SCAN) == (
        ecodes.EV_SYN,
        ecodes.EV_KEY,
        ecodes.EV_MSC,
        ecodes.SYN_REPORT,
        ecodes.SYN_DROPPED,
        ecodes.MSC_SCAN,
    )
    names = {
        "1": "KEY_1", "0": "KEY_0", "a": "KEY_A", "z": "KEY_Z", "-": "KEY_MINUS",
        "=": "KEY_EQUAL", "[": "KEY_LEFTBRACE", ";": "KEY_SEMICOLON", "'": "KEY_APOSTROPHE",
        "`": "KEY_GRAVE", "\\": "KEY_BACKSLASH", ",": "KEY_COMMA", ".": "KEY_DOT",
        "/": "KEY_SLASH", " ": "KEY_SPACE",
    }  # fmt: skip
    for char, name in names.items():
        assert decode(ecodes.ecodes[name], shift=False) == char, name
    assert decode(ecodes.KEY_KP7, shift=False) == "7"
    assert decode(ecodes.KEY_KPDOT, shift=True) == "."  # the keypad ignores Shift
    assert (KEY_ENTER, KEY_LEFTSHIFT) == (ecodes.KEY_ENTER, ecodes.KEY_LEFTSHIFT)


def test_shift_gives_the_us_symbols() -> None:
    shifted = "".join(decode(code, shift=True) or "" for code in range(2, 14))
    assert shifted == "!@#$%^&*()_+"
    assert decode(39, shift=True) == ":" and decode(40, shift=True) == '"'
    assert decode(KEY_ENTER, shift=False) is None and decode(KEY_BACKSPACE, False) is None
    assert len(US_KEYS) == 63


def test_a_node_carries_keys_when_it_has_enter_or_digits() -> None:
    assert carries_keys([KEY_ENTER])
    assert carries_keys([2, 3])
    assert not carries_keys([113, 114, 115, 164])  # consumer control: mute, volume, play


# ------------------------------------------------------------------------ taken or passed on


def test_a_member_card_is_taken_and_nothing_reaches_the_pos() -> None:
    run = Run()
    run.feed(typed(MEMBER))
    (judged,) = run.judged
    assert judged.taken and judged.decision.outcome is Outcome.SCAN
    assert judged.decision.lookup is not None and judged.decision.lookup.value == MEMBER
    assert judged.decision.terminator == "Enter" and judged.decision.length == len(MEMBER)
    assert judged.decision.mean_gap_ms == pytest.approx(2 * Run.GAP_MS)  # press to press
    assert run.passed_on == []  # not a digit, not the Enter, not the Enter's release
    assert run.quiet() == [] and not run.holder.holding


def test_a_product_code_goes_on_unchanged_event_for_event() -> None:
    run = Run()
    sent = typed(PRODUCT_EAN)
    run.feed(sent)
    (judged,) = run.judged
    assert not judged.taken and judged.decision.outcome is Outcome.REJECTED
    assert judged.decision.error is not None
    assert judged.decision.error.reason is RejectReason.NOT_MEMBER_CARD
    assert run.passed_on == events(sent)


def test_without_member_rules_an_ean_is_a_member_card() -> None:
    run = Run(ScannerConfig())
    run.feed(typed(PRODUCT_EAN))
    assert [j.taken for j in run.judged] == [True] and run.passed_on == []


def test_a_payment_card_swipe_goes_on_to_the_pos_and_is_marked_sensitive() -> None:
    run = Run()
    sent = typed(PAYMENT_TRACK)
    run.feed(sent)
    (judged,) = run.judged
    assert not judged.taken and judged.decision.sensitive
    assert judged.decision.error is not None
    assert judged.decision.error.reason is RejectReason.PAYMENT_CARD
    assert run.passed_on == events(sent)


def test_typing_keys_go_on_at_once() -> None:
    run = Run()
    for code in (KEY_BACKSPACE, KEY_LEFT, KEY_F2):
        press, release = tap(code)
        assert run.feed([press]) == [PassOn((press,), "not a scanner key")]
        assert run.feed([release]) == [PassOn((release,), "release of a key passed on")]
    assert not run.holder.holding and run.judged == []


def test_a_ctrl_chord_goes_on_and_so_does_what_was_held() -> None:
    run = Run()
    sent = [*typed("70", suffix=""), key_frame(KEY_LEFTCTRL, 1), *tap(KEY_C)]
    sent.append(key_frame(KEY_LEFTCTRL, 0))
    run.feed(sent)
    assert run.passed_on == events(sent) and run.judged == []


def test_a_short_burst_and_a_lone_enter_go_on() -> None:
    run = Run()
    sent = [*typed("12"), *tap(KEY_ENTER)]  # under min_length = 6, then Enter on its own
    run.feed(sent)
    assert run.passed_on == events(sent) and run.judged == []


def test_shift_is_tracked_for_upper_case_codes_and_taken_with_them() -> None:
    config = ScannerConfig(member_pattern=r"[A-Z]{3}-[0-9]{3}")
    run = Run(config)
    sent = typed("ABC-123")
    assert sum(1 for f in sent if f[1].code == KEY_LEFTSHIFT) == 6
    run.feed(sent)
    (judged,) = run.judged
    assert judged.taken and judged.decision.display == "ABC-123"
    assert run.passed_on == []


def test_an_upper_case_product_code_goes_on_with_its_shifts() -> None:
    run = Run(ScannerConfig(member_pattern=r"7001[0-9]{6}", member_only=True))
    sent = typed("ABC-123")
    run.feed(sent)
    assert [j.taken for j in run.judged] == [False]
    assert run.passed_on == events(sent)


def test_no_suffix_then_silence_ends_the_scan() -> None:
    run = Run(CONFIG.model_copy(update={"requires_terminator": False}))
    assert run.feed(typed(MEMBER, suffix="")) == []  # held until the scanner goes quiet
    deadline = run.holder.deadline()
    assert deadline is not None and deadline == pytest.approx(run.now + 100.0)  # silence_ms
    assert run.holder.poll(deadline - 1.0) == []
    (judged,) = run.quiet()
    assert isinstance(judged, Judged) and judged.taken
    assert judged.decision.terminator == "silence" and run.passed_on == []


def test_no_suffix_when_one_is_required_goes_on_after_the_silence() -> None:
    run = Run()
    sent = typed(MEMBER, suffix="")
    run.feed(sent)
    assert run.passed_on == []
    run.quiet()
    assert run.passed_on == events(sent) and run.judged == []


def test_a_card_swipe_without_suffix_is_judged_by_silence() -> None:
    run = Run(CONFIG.model_copy(update={"card_loyalty_prefixes": ("6012",)}))
    run.feed(typed(";6012345678901=2912?", suffix=""))
    run.quiet()
    (judged,) = run.judged
    assert judged.taken and judged.decision.terminator == "silence" and judged.decision.sensitive


def test_an_over_long_burst_goes_on_whole_and_the_next_scan_works() -> None:
    run = Run(CONFIG.model_copy(update={"max_length": 20}))
    sent = typed("7001" + "1" * 40)
    run.feed(sent)
    assert run.judged == [] and run.passed_on == events(sent)
    run.feed(typed(MEMBER))
    assert [j.taken for j in run.judged] == [True]
    assert run.passed_on == events(sent)


def test_the_same_card_twice_is_taken_twice_and_looked_up_once() -> None:
    run = Run()
    run.feed(typed(MEMBER))
    run.feed(typed(MEMBER))
    assert [j.decision.outcome for j in run.judged] == [Outcome.SCAN, Outcome.DUPLICATE]
    assert run.judged[1].taken and run.judged[1].decision.lookup is None
    assert run.passed_on == []


def test_a_release_of_a_key_pressed_before_the_scan_goes_on_at_once() -> None:
    run = Run()
    backspace_down, backspace_up = tap(KEY_BACKSPACE)
    run.feed([backspace_down])
    run.feed(typed(MEMBER, suffix="")[:4])  # a scan starts while Backspace is down
    assert run.feed([backspace_up]) == [PassOn((backspace_up,), "release of a key passed on")]
    run.feed(typed(MEMBER)[4:])
    assert [j.taken for j in run.judged] == [True]
    assert run.passed_on == [*backspace_down, *backspace_up]


def test_flush_passes_on_what_is_held() -> None:
    run = Run()
    sent = typed("7001", suffix="")
    run.feed(sent)
    (action,) = run.holder.flush("source stopped")
    assert isinstance(action, PassOn) and action.events == tuple(events(sent))
    assert not run.holder.holding


# ------------------------------------------------------------------------ frames


def raw(*triples: tuple[int, int, int]) -> list[RawEvent]:
    return [RawEvent(*t) for t in triples]


def test_frames_end_at_syn_report_and_two_keys_in_one_frame_are_split() -> None:
    splitter = FrameSplitter()
    recorded = raw(
        (EV_MSC, MSC_SCAN, 0x700E1), (EV_KEY, KEY_LEFTSHIFT, 1),
        (EV_MSC, MSC_SCAN, 0x70004), (EV_KEY, 30, 1), (EV_SYN, SYN_REPORT, 0),
    )  # fmt: skip
    frames = [f for e in recorded for f in splitter.feed(e)]
    assert frames == [
        (recorded[0], recorded[1], recorded[4]),
        (recorded[2], recorded[3], recorded[4]),
    ]


def test_after_syn_dropped_events_are_dropped_to_the_next_report() -> None:
    splitter = FrameSplitter()
    recorded = raw(
        (EV_KEY, 30, 1), (EV_SYN, SYN_DROPPED, 0), (EV_KEY, 30, 0), (EV_SYN, SYN_REPORT, 0),
        (EV_KEY, 31, 1), (EV_SYN, SYN_REPORT, 0),
    )  # fmt: skip
    frames = [f for e in recorded for f in splitter.feed(e)]
    assert frames == [(recorded[4], recorded[5])] and splitter.dropped


# ------------------------------------------------------------------------ whatever comes

frames_strategy = st.lists(
    st.tuples(
        st.sampled_from([*range(2, 14), 16, 30, KEY_LEFTSHIFT, KEY_ENTER, 15, KEY_BACKSPACE]),
        st.sampled_from([1, 0, 2]),
        st.floats(min_value=0.0, max_value=250.0),
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(frames_strategy)
def test_every_event_is_taken_or_passed_on_exactly_once(
    steps: list[tuple[int, int, float]],
) -> None:
    """Nothing is lost or doubled: what is passed on plus the frames of taken scans is what
    came in; with member_only and no member prefix nothing is taken and everything comes out."""
    holder = KeyHolder(ScannerConfig(member_pattern="(?!)", member_only=True))
    now, sent, out = 0.0, [], []
    for code, value, gap in steps:
        now += gap
        frame = key_frame(code, value)
        sent.append(frame)
        out.extend(holder.feed(frame, now))
    out.extend(holder.flush())
    assert not holder.holding
    assert not any(isinstance(a, Judged) and a.taken for a in out)
    passed = [e for a in out if isinstance(a, PassOn) for e in a.events]
    key = lambda e: (e.type, e.code, e.value)  # noqa: E731
    assert sorted(passed, key=key) == sorted(itertools.chain(*sent), key=key)
