"""What became of a finished burst: one :class:`ScanDecision` per burst. Pure, no Qt.

A *scan source* delivers input; this module decides what it is. Everything about a finished
burst lives here:

* **what it is** — :func:`pos_profile.scanning.codes.interpret`: a member code to look up,
  or a refusal with the cashier-facing reason;
* **whether it is card-like** — it starts with a magnetic-stripe sentinel
  (:data:`~pos_profile.scanning.detector.TRACK_SENTINELS`, the one definition);
* **the sensitivity rule** — what may be shown and logged: the masked ``display``, the
  length, the timings, the terminator and the reason. Never the text of a card-like burst
  or of a refused payment card (``sensitive`` is then True: a diagnostics view must not
  show its keys either);
* **the** :class:`~pos_profile.lookup.Lookup` **it becomes** — by the result's
  ``identifier_type`` (today always ``customKey``: a scan is never looked up as ``any``).

How a source plugs in
---------------------
* **Key events** (a keyboard wedge; today ``pos_profile.gui.scanner.ScannerFilter``, an
  evdev reader later): feed :class:`~pos_profile.scanning.detector.KeyInput` to a
  :class:`~pos_profile.scanning.detector.ScanDetector`; pass every ``Scanned`` or
  ``Replay`` it returns to :func:`decide` and act on the outcome. The source keeps only
  its plumbing (holding and replaying keys, timers); duplicates within
  ``duplicate_window_ms`` are found by the detector.
* **Whole lines** (a serial-port scanner, a socket): no timing to judge, so call
  :func:`decide_text` with each line (``terminator`` names what ended it, e.g.
  ``"line"``), and its :class:`DuplicateFilter` (a double read of one card counts once,
  as the detector does for key bursts).

Then, for every decision: log it with :meth:`ScanDecision.log_line` (sanitised), look up
``decision.lookup`` when the outcome is ``SCAN``, show ``decision.error`` when it is
``REJECTED``.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from pos_profile.lookup import Lookup, LookupKind
from pos_profile.scanning.codes import (
    CodeKind,
    RejectReason,
    ScanRejectedError,
    ScanResult,
    interpret,
)
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.detector import TRACK_SENTINELS, Replay, Scanned

__all__ = [
    "DUPLICATE_REASON",
    "DuplicateFilter",
    "Outcome",
    "ScanDecision",
    "card_like",
    "decide",
    "decide_text",
]

DUPLICATE_REASON = "same code again: ignored"
LAYOUT_CORRECTED = " (keyboard layout corrected)"


class Outcome(enum.StrEnum):
    """What a finished burst turned out to be."""

    SCAN = "scan"  # a code to look up: ``ScanDecision.lookup``
    REJECTED = "rejected"  # a scan that is refused: ``ScanDecision.error``
    DUPLICATE = "duplicate"  # the same scan again within duplicate_window_ms: ignored
    TYPING = "typing"  # a person typing: the keys went to the widget


@dataclass(frozen=True)
class ScanDecision:
    """What became of one burst. Every field except ``lookup`` is safe to show and log.

    ``lookup`` holds the member number (its ``repr`` shows only kind and length); it is set
    only for ``Outcome.SCAN``. ``error`` is set only for ``Outcome.REJECTED``.
    """

    outcome: Outcome
    reason: str  # why: the code kind, the refusal message or the detector's reason
    display: str = ""  # the decoded code as it may be shown: masked for card tracks
    length: int = 0  # characters of the scan (keys replayed, for typing)
    duration_ms: float = 0.0
    max_gap_ms: float = 0.0
    mean_gap_ms: float = 0.0
    terminator: str = ""  # "Enter", "Tab", "silence", or what a line source says
    sensitive: bool = False  # card-like or a payment card: never show this burst's keys
    code: CodeKind | None = None  # what sort of code was scanned (SCAN only)
    lookup: Lookup | None = None  # what to look up (SCAN only)
    error: ScanRejectedError | None = None  # why it was refused (REJECTED only)

    def log_line(self) -> str | None:
        """One sanitised line for the log (None for typing): never the code, only its
        length and timing, so it is safe even for a card swipe."""
        if self.outcome is Outcome.TYPING:
            return None
        return (
            f"scanner: {self.outcome} ({self.reason}), {self.length} chars in "
            f"{self.duration_ms:.0f} ms, max gap {self.max_gap_ms:.0f} ms, "
            f"mean gap {self.mean_gap_ms:.1f} ms"
        )


def card_like(text: str) -> bool:
    """True when ``text`` starts like a magnetic-stripe track (``%``, ``;`` or ``ö``/``Ö``,
    which is ``;`` from a US-keyed reader on a Swedish/Finnish host)."""
    return text[:1] in TRACK_SENTINELS


def decide(action: Scanned | Replay, config: ScannerConfig) -> ScanDecision:
    """The decision for what the detector returned: a ``Scanned`` burst or a ``Replay``."""
    if isinstance(action, Replay):
        text = "".join(key.text for key in action.keys)
        return ScanDecision(
            Outcome.TYPING, action.reason, length=len(action.keys), sensitive=card_like(text)
        )
    timing = _Timing(
        length=len(action.text),
        duration_ms=action.duration_ms,
        max_gap_ms=action.max_gap_ms,
        mean_gap_ms=action.mean_gap_ms,
        terminator=action.terminator,
    )
    if action.duplicate:
        return timing.decision(Outcome.DUPLICATE, DUPLICATE_REASON, card_like(action.text))
    return _interpret(action.text, config, timing)


def decide_text(text: str, config: ScannerConfig, *, terminator: str = "") -> ScanDecision:
    """The decision for one whole scan delivered as text (a source without key timing)."""
    timing = _Timing(length=len(text), terminator=terminator)
    return _interpret(text, config, timing)


class DuplicateFilter:
    """The same member card again within ``duplicate_window_ms`` counts once (a double read).

    For sources without the detector's timing (serial lines, grabbed evdev keys): pass every
    decision through :meth:`check`; a repeated ``SCAN`` comes back as ``DUPLICATE``.
    """

    def __init__(self, window_ms: float) -> None:
        self.window_ms = window_ms
        self._last: tuple[str, float] | None = None

    def check(self, decision: ScanDecision, now_ms: float) -> ScanDecision:
        if decision.outcome is not Outcome.SCAN or decision.lookup is None:
            return decision
        code = decision.lookup.value
        last, self._last = self._last, (code, now_ms)
        if last is None or last[0] != code or now_ms - last[1] > self.window_ms:
            return decision
        return dataclasses.replace(
            decision, outcome=Outcome.DUPLICATE, reason=DUPLICATE_REASON, lookup=None, code=None
        )


# ------------------------------------------------------------------------ internals


@dataclass(frozen=True)
class _Timing:
    """The safe facts about a burst that every decision about it carries."""

    length: int
    duration_ms: float = 0.0
    max_gap_ms: float = 0.0
    mean_gap_ms: float = 0.0
    terminator: str = ""

    def decision(
        self,
        outcome: Outcome,
        reason: str,
        sensitive: bool,
        *,
        display: str = "",
        code: CodeKind | None = None,
        lookup: Lookup | None = None,
        error: ScanRejectedError | None = None,
    ) -> ScanDecision:
        return ScanDecision(
            outcome,
            reason,
            display,
            length=self.length,
            duration_ms=self.duration_ms,
            max_gap_ms=self.max_gap_ms,
            mean_gap_ms=self.mean_gap_ms,
            terminator=self.terminator,
            sensitive=sensitive,
            code=code,
            lookup=lookup,
            error=error,
        )


def _interpret(text: str, config: ScannerConfig, timing: _Timing) -> ScanDecision:
    card = card_like(text)
    try:
        result = interpret(text, config)
    except ScanRejectedError as error:
        payment = error.reason is RejectReason.PAYMENT_CARD
        return timing.decision(Outcome.REJECTED, error.message, card or payment, error=error)
    reason = result.kind.value + (LAYOUT_CORRECTED if result.layout_corrected else "")
    return timing.decision(
        Outcome.SCAN,
        reason,
        card or result.kind is CodeKind.CARD_TRACK,
        display=result.display,
        code=result.kind,
        lookup=_lookup(result),
    )


def _lookup(result: ScanResult) -> Lookup:
    """The lookup a scan becomes: by the kind the result says (``customKey`` today)."""
    return Lookup(LookupKind(result.identifier_type), result.member_number)
