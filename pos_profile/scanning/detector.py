"""Tell a keyboard-wedge scan from a person typing: a pure state machine, no Qt.

The caller (``pos_profile.gui.scanner.ScannerFilter``) feeds every key press as a
:class:`KeyInput` with a monotonic timestamp in ms, and gets a :class:`Feed` back:

* ``Feed.held`` — the detector keeps this key for now: the caller must swallow it. It comes
  out later either in a :class:`Replay` (give it to the focused widget, in order) or as
  part of a :class:`Scanned` burst (never reaches any widget).
* otherwise the key is not held: the caller first carries out ``Feed.actions`` (which
  may replay earlier held keys) and then lets the key through.

Keys also come out of :meth:`ScanDetector.poll` once :meth:`ScanDetector.deadline` has
passed (the caller arms a timer for it): a burst that went silent is either replayed as
typing or, for card swipes and suffix-less scanners, accepted as a scan.

The detector judges timing only. What a finished burst *is* (a member code, a refusal,
what may be shown) is :func:`pos_profile.scanning.decision.decide`'s job: the caller hands
it every ``Scanned`` and ``Replay``.

Invariant (tested with hypothesis): every key fed comes out exactly once — let through,
replayed or part of an accepted scan — and keys that are not part of an accepted scan come
out in the order they were fed. Nothing is held once the caller has passed a deadline.

The rules (pos_profile/docs/pos-domain.md); every threshold lives in :class:`ScannerConfig`:

* A key can be part of a scan only if it is not auto-repeat, has no Ctrl/Alt/Meta chord
  (Ctrl+Alt with text is AltGr and counts as a character; Shift is allowed) and is a
  printable character, or it is Enter/Tab, which end a burst.
* Consecutive keys of a burst are at most ``gap_limit_ms`` apart.
* At Enter/Tab the burst is a scan when it has at least ``min_length`` characters, a mean
  gap of at most ``mean_gap_limit_ms``, lasted at most ``max_duration_ms``. The terminator
  is part of the scan (it must not press the focused button). Otherwise the held keys are
  replayed and the Enter/Tab goes through as typed.
* Without a terminator a burst ends with ``silence_ms`` of silence; it is a scan only when
  the scanner has no suffix (``requires_terminator = false``) or it looks like a card swipe
  (starts with a track sentinel ``%`` or ``;`` — or ``ö``, which is ``;`` from a US-keyed
  reader on a Swedish/Finnish host).
* A burst longer than ``max_length`` or ``max_duration_ms`` is never a scan: its keys are
  replayed and the rest of that run of fast keys goes straight through.
* The same scan again within ``duplicate_window_ms`` is swallowed and reported as a
  duplicate instead of a new scan.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from pos_profile.scanning.config import ScannerConfig

#: Characters that start a magnetic-stripe track, as typed on US and on sv/fi hosts.
TRACK_SENTINELS = frozenset("%;öÖ")

NO_TERMINATOR = (
    "no Enter/Tab after the burst (a scanner without that suffix needs "
    "[scanner] requires_terminator = false): typing"
)


class KeyKind(enum.Enum):
    """What sort of key a press is, as far as scanning is concerned."""

    CHAR = "char"  # produces printable text
    ENTER = "enter"  # Return or keypad Enter
    TAB = "tab"
    MODIFIER = "modifier"  # a bare Shift/Ctrl/Alt/Meta/AltGr/CapsLock/dead key: ignored
    OTHER = "other"  # Backspace, arrows, Escape, F-keys ...: a person is typing


@dataclass(frozen=True)
class KeyInput:
    """One key press. ``handle`` is the caller's own object (e.g. the event to replay)."""

    kind: KeyKind
    text: str
    timestamp_ms: float
    shift: bool = False
    ctrl: bool = False
    alt: bool = False
    meta: bool = False
    auto_repeat: bool = False
    handle: object = field(default=None, compare=False, repr=False)

    @property
    def is_terminator(self) -> bool:
        return self.kind in (KeyKind.ENTER, KeyKind.TAB)

    @property
    def chord(self) -> bool:
        """Ctrl/Alt/Meta held, except AltGr (Ctrl+Alt that still produced text)."""
        if self.meta:
            return True
        if self.ctrl and self.alt:
            return not _printable(self.text)
        return self.ctrl or self.alt

    @property
    def label(self) -> str:
        """A short name for diagnostics: the character, or the key kind."""
        if self.kind is KeyKind.CHAR:
            return self.text
        names: dict[KeyKind, str] = {KeyKind.ENTER: "Enter", KeyKind.TAB: "Tab"}
        return names.get(self.kind, str(self.kind.value))


def _margin(measured_ms: float) -> int:
    """A limit with a 25 % margin over what was measured, rounded up to 5 ms."""
    return int(math.ceil(measured_ms * 1.25 / 5.0) * 5)


def _printable(text: str) -> bool:
    return bool(text) and text.isprintable()


@dataclass(frozen=True)
class Replay:
    """Give these held keys to the widget they were meant for, in this order."""

    keys: tuple[KeyInput, ...]
    reason: str


@dataclass(frozen=True)
class Scanned:
    """A burst accepted as a scan. ``keys`` include the terminator, if any.

    ``text`` is the raw payload: it may be a payment card track — never log it.
    """

    text: str
    keys: tuple[KeyInput, ...]
    terminator: str  # "Enter", "Tab" or "silence"
    duration_ms: float
    gaps_ms: tuple[float, ...]
    duplicate: bool = False

    @property
    def mean_gap_ms(self) -> float:
        return sum(self.gaps_ms) / len(self.gaps_ms) if self.gaps_ms else 0.0

    @property
    def max_gap_ms(self) -> float:
        return max(self.gaps_ms, default=0.0)


Action = Replay | Scanned


@dataclass(frozen=True)
class Feed:
    """What to do with one key: carry out ``actions``, then swallow the key if ``held``."""

    held: bool
    actions: tuple[Action, ...]
    gap_ms: float | None  # since the previous counted key; None for the first
    note: str  # why, for the diagnostics window


class ScanDetector:
    """Hold fast bursts back until they are known to be a scan or typing."""

    def __init__(self, config: ScannerConfig | None = None) -> None:
        self.config = config or ScannerConfig()
        self._held: list[KeyInput] = []
        self._last_ms: float | None = None  # timestamp of the last counted key
        self._runaway = False  # in an over-long fast run: let keys through until a pause
        self._last_scan: tuple[str, float] | None = None

    # ------------------------------------------------------------------ public API
    @property
    def holding(self) -> bool:
        """True while keys are held back."""
        return bool(self._held)

    def deadline(self) -> float | None:
        """When :meth:`poll` must be called (monotonic ms), or None when nothing is held."""
        if not self._held or self._last_ms is None:
            return None
        return self._last_ms + self._wait_ms()

    def poll(self, now_ms: float) -> list[Action]:
        """End a burst that has gone silent. Call when :meth:`deadline` has passed."""
        if not self._held or self._last_ms is None:
            return []
        if now_ms - self._last_ms < self._wait_ms():
            return []
        return self._end_silent_burst()

    def flush(self) -> list[Action]:
        """Release everything held, as typing (e.g. the window lost focus)."""
        self._runaway = False
        return self._replay("flushed")

    def feed(self, key: KeyInput) -> Feed:
        """Handle one key press; see the module docstring for the contract."""
        cfg = self.config
        if not cfg.enabled:
            return Feed(False, (), None, "scanner detection disabled")
        if key.kind is KeyKind.MODIFIER:
            return Feed(False, (), None, "modifier key ignored")

        actions: list[Action] = []
        gap = None if self._last_ms is None else max(0.0, key.timestamp_ms - self._last_ms)
        if gap is not None and gap > cfg.gap_limit_ms:
            # A pause: whatever was held has ended (the timer may not have fired yet).
            actions.extend(self._end_silent_burst())
            self._runaway = False
        self._last_ms = key.timestamp_ms

        if key.auto_repeat or key.chord or key.kind is KeyKind.OTHER:
            why = (
                "auto-repeat"
                if key.auto_repeat
                else "Ctrl/Alt/Meta chord"
                if key.chord
                else "not a scanner key"
            )
            actions.extend(self._replay(f"{why}: typing"))
            return Feed(False, tuple(actions), gap, f"{why}: let through")

        if self._runaway:
            return Feed(False, tuple(actions), gap, "rest of an over-long burst: let through")

        if key.is_terminator:
            if not self._held:
                return Feed(False, tuple(actions), gap, f"{key.label} with nothing held: typed")
            return self._terminate(key, actions, gap)

        if not _printable(key.text):
            actions.extend(self._replay("unprintable key: typing"))
            return Feed(False, tuple(actions), gap, "unprintable key: let through")

        self._held.append(key)
        duration = key.timestamp_ms - self._held[0].timestamp_ms
        if len(self._held) > cfg.max_length or duration > cfg.max_duration_ms:
            too_long = len(self._held) > cfg.max_length
            why = "too long" if too_long else "took too long"
            hint = (
                f"over [scanner] max_length = {cfg.max_length}"
                if too_long
                else f"over [scanner] max_duration_ms = {cfg.max_duration_ms}"
            )
            self._held.pop()  # the current key is let through after the replay
            actions.extend(self._replay(f"burst {why} for a scan ({hint}): typing"))
            self._runaway = True
            return Feed(False, tuple(actions), gap, f"burst {why}: let through")
        return Feed(True, tuple(actions), gap, f"held ({len(self._held)} in burst)")

    # ------------------------------------------------------------------ internals
    def _silence_scan_possible(self) -> bool:
        if not self._held:
            return False
        if not self.config.requires_terminator:
            return True
        return self._held[0].text in TRACK_SENTINELS

    def _wait_ms(self) -> float:
        """How long a held burst waits for its next key before it is decided."""
        gap = self.config.gap_limit_ms
        if self._silence_scan_possible():
            return max(gap, self.config.silence_ms)
        return gap

    def _gaps(self, keys: Sequence[KeyInput]) -> tuple[float, ...]:
        return tuple(max(0.0, b.timestamp_ms - a.timestamp_ms) for a, b in itertools.pairwise(keys))

    def _why_not_scan(self, keys: Sequence[KeyInput], payload_len: int) -> str | None:
        """Why a burst is not a scan, with the ``[scanner]`` setting that would make it one
        (store IT reads these in ``--scanner-test`` and the log)."""
        cfg = self.config
        gaps = self._gaps(keys)
        if payload_len < cfg.min_length:
            return (
                f"too short ({payload_len} < {cfg.min_length} characters; "
                f"for codes this short set [scanner] min_length = {max(1, payload_len)})"
            )
        if gaps and max(gaps) > cfg.gap_limit_ms:
            return (
                f"gap too long ({max(gaps):.0f} > {cfg.gap_limit_ms:.0f} ms; "
                f"{self._slow_hint('max_gap_ms', max(gaps))})"
            )
        mean = sum(gaps) / len(gaps) if gaps else 0.0
        if mean > cfg.mean_gap_limit_ms:
            return (
                f"too slow (mean gap {mean:.0f} > {cfg.mean_gap_limit_ms:.0f} ms; "
                f"{self._slow_hint('max_mean_gap_ms', mean)})"
            )
        duration = keys[-1].timestamp_ms - keys[0].timestamp_ms
        if duration > cfg.max_duration_ms:
            return (
                f"took too long ({duration:.0f} > {cfg.max_duration_ms:.0f} ms; if this was "
                f"the scanner set [scanner] max_duration_ms = {_margin(duration)})"
            )
        return None

    def _slow_hint(self, key: str, measured_ms: float) -> str:
        """The setting that would accept a scanner this slow (a person types slower still)."""
        suggestion = f"{key} = {_margin(measured_ms)}"
        if self.config.connection == "usb":
            return f'if this was the scanner set [scanner] connection = "bluetooth" or {suggestion}'
        return f"if this was the scanner set [scanner] {suggestion}"

    def _terminate(self, key: KeyInput, actions: list[Action], gap: float | None) -> Feed:
        keys = (*self._held, key)
        why = self._why_not_scan(keys, len(self._held))
        if why is not None:
            actions.extend(self._replay(f"{why}: typing"))
            return Feed(False, tuple(actions), gap, f"{key.label} after typing: let through")
        self._held = []
        scan = self._accept(keys, key.label)
        actions.append(scan)
        note = "duplicate scan ignored" if scan.duplicate else "scan"
        return Feed(True, tuple(actions), gap, f"{key.label} ends {note}")

    def _end_silent_burst(self) -> list[Action]:
        keys = tuple(self._held)
        if self._silence_scan_possible():
            why = self._why_not_scan(keys, len(keys))
            if why is None:
                self._held = []
                return [self._accept(keys, "silence")]
            return self._replay(f"{why}: typing")
        return self._replay(NO_TERMINATOR)

    def _accept(self, keys: tuple[KeyInput, ...], terminator: str) -> Scanned:
        payload = "".join(k.text for k in keys if not k.is_terminator)
        end = keys[-1].timestamp_ms
        duplicate = (
            self._last_scan is not None
            and self._last_scan[0] == payload
            and end - self._last_scan[1] <= self.config.duplicate_window_ms
        )
        self._last_scan = (payload, end)
        return Scanned(
            text=payload,
            keys=keys,
            terminator=terminator,
            duration_ms=end - keys[0].timestamp_ms,
            gaps_ms=self._gaps(keys),
            duplicate=duplicate,
        )

    def _replay(self, reason: str) -> list[Action]:
        if not self._held:
            return []
        keys = tuple(self._held)
        self._held = []
        return [Replay(keys, reason)]
