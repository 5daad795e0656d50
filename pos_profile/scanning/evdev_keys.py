"""The key events of a grabbed scanner (``[scanner] source = "evdev"``): decode, hold, judge,
pass on. Pure: no evdev, no Qt, no clock of its own (the caller passes monotonic ms).

:mod:`pos_profile.scanning.evdev_source` reads the scanner's raw input events, groups them
into :data:`Frame` s (:class:`FrameSplitter`) and feeds them to one :class:`KeyHolder`, which
answers with what to do:

* :class:`PassOn` — write these frames, unchanged and in order, to the pass-through device
  (the uinput clone of the scanner), so the focused program (the POS) gets exactly what the
  scanner typed: every press, release and repeat, with its ``EV_MSC`` scan code and
  ``SYN_REPORT``;
* :class:`Judged` — a finished code and its :class:`~pos_profile.scanning.decision.ScanDecision`
  (made by :func:`~pos_profile.scanning.decision.decide_text`, the same rules as every source).
  ``taken`` says whether its keys stay with pos-profile (a member card) or are passed on (a
  :class:`PassOn` with them follows at once).

The pass-through rule
---------------------
Only a scan whose decision is ``SCAN`` (a member card by the ``[scanner]`` member rules) is
taken: its keys, terminator included, never reach any program, and the same card again within
``duplicate_window_ms`` is taken too (decided ``DUPLICATE``, looked up once). Everything else
goes on to the POS unchanged: product codes (an EAN outside ``ean_prefixes``, a code refused by
``member_only``), codes nobody recognises, card-track swipes that are refused — a payment card
included, since the POS may take card swipes from the same reader, and passing the raw keys on
is exactly what would happen without pos-profile (pos-profile itself never shows, logs or sends
the track) — and every key that is not part of a scan.

What is held and what is not
----------------------------
* Keys are held from the first press (Shift included) until the burst is finished: by Enter
  or Tab; by ``silence_ms`` of quiet when ``requires_terminator = false`` or the burst starts
  like a card track (``%`` or ``;``); otherwise quiet means "no scan" and the keys go on.
* The burst is judged only when it has at least ``min_length`` characters; a shorter one goes on.
* A key that cannot be part of a scan (Backspace, arrows, F-keys, Escape, Caps Lock, a key
  with Ctrl/Alt/Meta down, an auto-repeat) passes on what is held, then itself.
* A burst over ``max_length`` characters or ``max_duration_ms`` is no scan: what is held goes
  on, and so does the rest of that burst until Enter/Tab or quiet.
* A release (or repeat) of a key whose press was taken is swallowed; a release of a key whose
  press went on before the burst goes on at once (so the POS never sees a key stuck down).

Key codes are decoded with a US table — the scanner's layout, whatever the till's is (scanners
type US key codes unless programmed otherwise); Shift (left or right) is tracked; keypad digits
count as digits. The decoded text is judged with ``host_layout = "us"``: there is nothing to
undo, the key codes are the scanner's own. Nothing here logs, and no reason names a key.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import DuplicateFilter, Outcome, ScanDecision, decide_text

__all__ = [
    "EV_KEY",
    "EV_MSC",
    "EV_SYN",
    "KEY_ENTER",
    "KEY_KPENTER",
    "KEY_LEFTSHIFT",
    "KEY_RIGHTSHIFT",
    "KEY_TAB",
    "MSC_SCAN",
    "SYN_DROPPED",
    "SYN_REPORT",
    "US_KEYS",
    "Frame",
    "FrameSplitter",
    "HolderAction",
    "Judged",
    "KeyHolder",
    "PassOn",
    "RawEvent",
    "carries_keys",
    "decode",
]

# The kernel's input event codes (linux/input-event-codes.h: a stable ABI).
EV_SYN, EV_KEY, EV_MSC = 0x00, 0x01, 0x04
SYN_REPORT, SYN_DROPPED = 0, 3
MSC_SCAN = 4
RELEASE, PRESS, REPEAT = 0, 1, 2

KEY_TAB, KEY_ENTER, KEY_KPENTER = 15, 28, 96
KEY_LEFTSHIFT, KEY_RIGHTSHIFT = 42, 54
KEY_LEFTCTRL, KEY_RIGHTCTRL, KEY_LEFTALT, KEY_RIGHTALT = 29, 97, 56, 100
KEY_LEFTMETA, KEY_RIGHTMETA = 125, 126

SHIFT_KEYS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
CHORD_KEYS = frozenset(
    {KEY_LEFTCTRL, KEY_RIGHTCTRL, KEY_LEFTALT, KEY_RIGHTALT, KEY_LEFTMETA, KEY_RIGHTMETA}
)
TERMINATORS: dict[int, str] = {KEY_ENTER: "Enter", KEY_KPENTER: "Enter", KEY_TAB: "Tab"}


def _row(first_code: int, plain: str, shifted: str) -> dict[int, tuple[str, str]]:
    return {first_code + i: (p, s) for i, (p, s) in enumerate(zip(plain, shifted, strict=True))}


#: US layout: key code -> (plain, with Shift). Keypad keys do not change with Shift.
US_KEYS: dict[int, tuple[str, str]] = {
    **_row(2, "1234567890-=", "!@#$%^&*()_+"),  # KEY_1 .. KEY_EQUAL
    **_row(16, "qwertyuiop[]", "QWERTYUIOP{}"),  # KEY_Q .. KEY_RIGHTBRACE
    **_row(30, "asdfghjkl;'`", 'ASDFGHJKL:"~'),  # KEY_A .. KEY_GRAVE
    **_row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),  # KEY_BACKSLASH .. KEY_SLASH
    57: (" ", " "),  # KEY_SPACE
    **{code: (ch, ch) for code, ch in zip((71, 72, 73, 74), "789-", strict=True)},
    **{code: (ch, ch) for code, ch in zip((75, 76, 77, 78), "456+", strict=True)},
    **{code: (ch, ch) for code, ch in zip((79, 80, 81, 82, 83), "1230.", strict=True)},
    55: ("*", "*"),  # KEY_KPASTERISK
    98: ("/", "/"),  # KEY_KPSLASH
}


def decode(code: int, shift: bool) -> str | None:
    """The character a US-layout key types, or None for a key that types none."""
    pair = US_KEYS.get(code)
    if pair is None:
        return None
    return pair[1] if shift else pair[0]


def carries_keys(key_codes: Iterable[int]) -> bool:
    """True for an event node that can type a code: it has Enter or a digit key (a scanner's
    consumer-control or mouse node has neither)."""
    return any(code == KEY_ENTER or 2 <= code <= 11 for code in key_codes)


class RawEvent(NamedTuple):
    """One input event as read (the kernel's timestamp is dropped: uinput stamps its own)."""

    type: int
    code: int
    value: int


Frame = tuple[RawEvent, ...]
"""Events up to and including their ``SYN_REPORT``; at most one ``EV_KEY`` event."""

_SYN = RawEvent(EV_SYN, SYN_REPORT, 0)


class FrameSplitter:
    """Raw events in, frames out. A frame with several key events (keys pressed in the same
    instant) is split into one frame per key, each with the ``MSC_SCAN`` that came before it;
    after ``SYN_DROPPED`` (the kernel's buffer overflowed) events are dropped up to the next
    ``SYN_REPORT``, as the evdev protocol says, and :attr:`dropped` is set."""

    def __init__(self) -> None:
        self._pending: list[RawEvent] = []
        self._dropping = False
        self.dropped = False

    def feed(self, event: RawEvent) -> list[Frame]:
        if event.type == EV_SYN and event.code == SYN_DROPPED:
            self._pending.clear()
            self._dropping = True
            self.dropped = True
            return []
        if event.type == EV_SYN and event.code == SYN_REPORT:
            pending, self._pending = self._pending, []
            if self._dropping:
                self._dropping = False
                return []
            return _split(pending) if pending else []
        if not self._dropping:
            self._pending.append(event)
        return []


def _split(events: list[RawEvent]) -> list[Frame]:
    if sum(1 for e in events if e.type == EV_KEY) <= 1:
        return [(*events, _SYN)]
    frames: list[Frame] = []
    part: list[RawEvent] = []
    for event in events:
        part.append(event)
        if event.type == EV_KEY:
            frames.append((*part, _SYN))
            part = []
    if part:  # events after the last key (an LED echo): a frame of their own
        frames.append((*part, _SYN))
    return frames


def _key_of(frame: Frame) -> RawEvent | None:
    for event in frame:
        if event.type == EV_KEY:
            return event
    return None


@dataclass(frozen=True)
class PassOn:
    """Write these frames, in order, to the pass-through device. ``reason`` names no key."""

    frames: tuple[Frame, ...]
    reason: str

    @property
    def events(self) -> tuple[RawEvent, ...]:
        return tuple(itertools.chain.from_iterable(self.frames))


@dataclass(frozen=True)
class Judged:
    """A finished code: ``taken`` = its keys stay with pos-profile (outcome SCAN or DUPLICATE)."""

    decision: ScanDecision
    taken: bool


HolderAction = PassOn | Judged
Judge = Callable[[str, str], ScanDecision]


class KeyHolder:
    """Holds a scanner's key frames until a burst is judged; see the module docstring."""

    def __init__(self, config: ScannerConfig, *, judge: Judge | None = None) -> None:
        self.config = config
        us = config.model_copy(update={"host_layout": "us"})
        self._judge: Judge = judge or (lambda text, end: decide_text(text, us, terminator=end))
        self._down: set[int] = set()  # keys of the device that are down now
        self._taken_down: set[int] = set()  # down keys whose press was taken
        self._duplicates = DuplicateFilter(config.duplicate_window_ms)
        self._runaway = False
        self._last_ms: float | None = None
        self._reset()

    # ------------------------------------------------------------------ public API

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def deadline(self) -> float | None:
        """When :meth:`poll` must be called (monotonic ms), or None when nothing waits."""
        if (self._held or self._runaway) and self._last_ms is not None:
            return self._last_ms + self._quiet_ms
        return None

    def poll(self, now_ms: float) -> list[HolderAction]:
        """End a burst that has gone quiet. Call when :meth:`deadline` has passed."""
        deadline = self.deadline()
        if deadline is None or now_ms < deadline:
            return []
        self._runaway = False
        return self._end_quiet() if self._held else []

    def flush(self, reason: str = "flushed") -> list[HolderAction]:
        """Pass on whatever is held, unjudged."""
        self._runaway = False
        return self._pass_held(reason)

    def feed(self, frame: Frame, now_ms: float) -> list[HolderAction]:
        """Handle one frame (see :class:`FrameSplitter`)."""
        actions = self.poll(now_ms)
        key = _key_of(frame)
        if key is None:  # no key in it (an LED echo, a lone MSC): keep it in its place
            if self._held:
                self._hold(frame, now_ms)
            else:
                actions.append(PassOn((frame,), "not a key"))
            return actions
        code, value = key.code, key.value
        if value == PRESS:
            self._down.add(code)
        elif value == RELEASE:
            self._down.discard(code)
        if code in self._taken_down:  # the rest of a key that was part of a taken scan
            if value == RELEASE:
                self._taken_down.discard(code)
            return actions
        if value == RELEASE:
            if code in self._burst_keys:
                self._hold(frame, now_ms)
            else:  # its press went on before this burst: so does its release, at once
                actions.append(PassOn((frame,), "release of a key passed on"))
            return actions
        if value == REPEAT:
            actions.extend(self._pass_held("auto-repeat: a key is held down", frame))
            return actions
        return actions + self._press(code, frame, now_ms)

    # ------------------------------------------------------------------ internals

    @property
    def _quiet_ms(self) -> float:
        return max(self.config.gap_limit_ms, self.config.silence_ms)

    def _reset(self) -> None:
        self._held: list[Frame] = []
        self._text: list[str] = []
        self._press_ms: list[float] = []  # when each character (and the terminator) was pressed
        self._burst_keys: set[int] = set()
        self._start_ms = 0.0

    def _hold(self, frame: Frame, now_ms: float) -> None:
        if not self._held:
            self._start_ms = now_ms
        self._held.append(frame)
        self._last_ms = now_ms

    def _press(self, code: int, frame: Frame, now_ms: float) -> list[HolderAction]:
        cfg = self.config
        if self._runaway:
            self._last_ms = now_ms
            if code in TERMINATORS:
                self._runaway = False
            return [PassOn((frame,), "rest of an over-long burst")]
        if code in TERMINATORS:
            if not self._text:
                return self._pass_held(f"{TERMINATORS[code]} with nothing held", frame)
            self._burst_keys.add(code)
            self._hold(frame, now_ms)
            self._press_ms.append(now_ms)
            return self._finish(TERMINATORS[code])
        if code in SHIFT_KEYS:
            self._burst_keys.add(code)
            self._hold(frame, now_ms)
            return []
        chord = code in CHORD_KEYS or bool(self._down & CHORD_KEYS)
        char = None if chord else decode(code, bool(self._down & SHIFT_KEYS))
        if char is None:
            why = "Ctrl/Alt/Meta chord" if chord else "not a scanner key"
            return self._pass_held(why, frame)
        self._burst_keys.add(code)
        self._hold(frame, now_ms)
        self._text.append(char)
        self._press_ms.append(now_ms)
        if len(self._text) > cfg.max_length or now_ms - self._start_ms > cfg.max_duration_ms:
            why = "too long" if len(self._text) > cfg.max_length else "took too long"
            self._runaway = True
            return self._pass_held(f"burst {why} for a scan")
        return []

    def _end_quiet(self) -> list[HolderAction]:
        cfg = self.config
        if not self._text:
            return self._pass_held("no character held")
        if not cfg.requires_terminator or self._text[0] in "%;":
            return self._finish("silence")
        return self._pass_held("no Enter/Tab after the burst: no scan")

    def _finish(self, terminator: str) -> list[HolderAction]:
        text = "".join(self._text)
        if len(text) < self.config.min_length:
            return self._pass_held(f"too short for a scan ({len(text)} characters)")
        decision = self._timed(self._judge(text, terminator))
        taken = decision.outcome is Outcome.SCAN
        if taken:
            decision = self._duplicates.check(decision, self._press_ms[-1])
        if taken:
            self._taken_down |= self._burst_keys & self._down
            self._reset()
            return [Judged(decision, taken=True)]
        passed = self._pass_held(f"not a member card: {decision.outcome}")
        return [Judged(decision, taken=False), *passed]

    def _timed(self, decision: ScanDecision) -> ScanDecision:
        gaps = [b - a for a, b in itertools.pairwise(self._press_ms)]
        return dataclasses.replace(
            decision,
            duration_ms=self._press_ms[-1] - self._press_ms[0],
            max_gap_ms=max(gaps, default=0.0),
            mean_gap_ms=sum(gaps) / len(gaps) if gaps else 0.0,
        )

    def _pass_held(self, reason: str, *extra: Frame) -> list[HolderAction]:
        frames = (*self._held, *extra)
        self._reset()
        return [PassOn(frames, reason)] if frames else []
