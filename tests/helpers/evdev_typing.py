"""What a US-layout USB scanner sends as evdev events, for the evdev tests (unit and VM).

A scanner types each character as a press frame and a release frame, each frame being
``EV_MSC MSC_SCAN <usage>`` + ``EV_KEY <code> <1|0>`` + ``SYN_REPORT`` (as ``evtest`` shows
for a real HID keyboard); an upper-case letter or a shifted symbol is wrapped in Left Shift.
"""

from __future__ import annotations

from pos_profile.scanning.evdev_keys import (
    EV_KEY,
    EV_MSC,
    EV_SYN,
    KEY_ENTER,
    KEY_LEFTSHIFT,
    KEY_TAB,
    MSC_SCAN,
    SYN_REPORT,
    US_KEYS,
    Frame,
    RawEvent,
)

#: character -> (key code, needs Shift); the main block wins over the keypad.
STROKES: dict[str, tuple[int, bool]] = {}
for _code, (_plain, _shifted) in sorted(US_KEYS.items(), reverse=True):
    STROKES[_plain] = (_code, False)
    if _shifted != _plain:
        STROKES[_shifted] = (_code, True)

SYN = RawEvent(EV_SYN, SYN_REPORT, 0)


def key_frame(code: int, value: int) -> Frame:
    """One frame as a USB HID keyboard sends it (the MSC_SCAN value is the HID usage)."""
    return (RawEvent(EV_MSC, MSC_SCAN, 0x70000 + code), RawEvent(EV_KEY, code, value), SYN)


def tap(code: int) -> list[Frame]:
    return [key_frame(code, 1), key_frame(code, 0)]


def typed(text: str, suffix: str = "\n") -> list[Frame]:
    """The frames a scanner sends for ``text`` and its suffix ("\\n" Enter, "\\t" Tab, "")."""
    frames: list[Frame] = []
    for char in text:
        code, shift = STROKES[char]
        if shift:
            frames.append(key_frame(KEY_LEFTSHIFT, 1))
        frames.extend(tap(code))
        if shift:
            frames.append(key_frame(KEY_LEFTSHIFT, 0))
    for char in suffix:
        frames.extend(tap({"\n": KEY_ENTER, "\t": KEY_TAB}[char]))
    return frames


def events(frames: list[Frame]) -> list[RawEvent]:
    return [event for frame in frames for event in frame]
