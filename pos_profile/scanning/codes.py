"""What a scan is: a member number to look up, or a reason to refuse it.

:func:`interpret` takes the raw text of one scan (from :class:`ScanDetector`) and returns a
:class:`ScanResult` — always looked up as ``customKey`` — or raises
:class:`ScanRejectedError`, whose ``message`` the cashier sees. In order:

1. **Magnetic card tracks** (``%B…^…^…?`` track 1, ``;…=…?`` track 2, ISO/IEC 7813). The
   member number is cut from the PAN or the discretionary data per the card layout in
   :class:`ScannerConfig`. A PAN that starts with a configured loyalty prefix is a member
   card; any other Luhn-valid PAN is a **payment card** and is refused. A track without its
   end sentinel is an incomplete read.
2. **Member numbers** matching the configured prefix / length / pattern (with an optional
   EAN or Luhn check digit).
3. **EAN-13, EAN-8, UPC-A** (all-digit, 13 / 8 / 12 long): the check digit must be right.
4. **Code 128 text** matching ``text_code_pattern``.

A bare 13–19 digit number that is Luhn-valid and starts like a card of a payment network
is also refused as a payment card.

**Keyboard layouts.** A scanner or card reader programmed for a US keyboard on a Swedish or
Finnish host types ``ö`` for ``;``, ``_`` for ``?``, ``&`` for ``^``, ``+`` for ``-``,
``-`` for ``/`` and a dead acute ``´`` for ``=``. With ``scanner_layout = "auto"`` a code
that is not valid as typed is tried again with that mangling undone; ``"us"`` always undoes
it; ``"host"`` never does. A code that is still invalid and contains such characters is
refused with a hint about the scanner's keyboard setting — a mangled code is never looked up.

**Privacy.** The raw text may be a payment card track with a card number and a name. This
module never logs it, and no exception or result text contains it; a card-track result
shows only the last four digits of the member number.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import ClassVar

from pos_profile.errors import InvalidInputError
from pos_profile.i18n import ERRORS, N_
from pos_profile.scanning.config import ScannerConfig


class CodeKind(enum.Enum):
    """What sort of code was scanned."""

    MEMBER_NUMBER = "member_number"
    EAN = "ean"
    CODE128 = "code128"
    CARD_TRACK = "card_track"


class RejectReason(enum.Enum):
    """Why a scan was refused."""

    PAYMENT_CARD = "payment_card"
    INCOMPLETE_CARD = "incomplete_card"
    NOT_MEMBER_CARD = "not_member_card"
    LAYOUT_MISMATCH = "layout_mismatch"
    UNRECOGNISED = "unrecognised"


REJECT_MESSAGES: dict[RejectReason, str] = {
    RejectReason.PAYMENT_CARD: N_(ERRORS, "Payment card — use the member card."),
    RejectReason.INCOMPLETE_CARD: N_(ERRORS, "Card read incomplete — swipe again."),
    RejectReason.NOT_MEMBER_CARD: N_(ERRORS, "That is not a member card — scan the member card."),
    RejectReason.LAYOUT_MISMATCH: N_(
        ERRORS,
        "Scanner keyboard layout mismatch — the code was not looked up. "
        "Ask store IT to set the scanner to the till's keyboard layout.",
    ),
    RejectReason.UNRECOGNISED: N_(ERRORS, "Code not recognised — scan again."),
}


class ScanRejectedError(InvalidInputError):
    """A scan that is not looked up. ``message`` is for the cashier; no scanned data in it."""

    default_message = REJECT_MESSAGES[RejectReason.UNRECOGNISED]

    def __init__(self, reason: RejectReason = RejectReason.UNRECOGNISED) -> None:
        super().__init__(REJECT_MESSAGES[reason])
        self.reason = reason


@dataclass(frozen=True)
class ScanResult:
    """A scan to look up: ``member_number`` goes to Engage as ``customKey``."""

    kind: CodeKind
    member_number: str = field(repr=False)
    display: str  # safe to show and to log: masked for card tracks
    layout_corrected: bool = False  # the US-layout mangling was undone

    identifier_type: ClassVar[str] = "customKey"

    def __str__(self) -> str:
        return self.display


# ------------------------------------------------------------------------ keyboard layouts

#: What a US-keyed device types on a Swedish/Finnish host -> what it meant.
_SV_FI_FROM_US = str.maketrans(
    {
        "ö": ";",
        "Ö": ":",
        "_": "?",
        "&": "^",
        "+": "-",
        "-": "/",
        "´": "=",
        "ä": "'",
        "Ä": '"',
        "å": "[",
        "Å": "{",
    }
)
_MANGLED_CHARS = frozenset("öÖ_&+´äÄåÅ")


def _luhn_valid(digits: str) -> bool:
    from stdnum import luhn  # loaded with the first scan, not at start-up

    return bool(luhn.is_valid(digits))


def _ean_valid(digits: str) -> bool:
    from stdnum import ean

    return bool(ean.is_valid(digits))


def demangle(text: str, host_layout: str) -> str:
    """Undo what a US-keyed scanner's text turns into on ``host_layout``."""
    if host_layout in ("sv", "fi"):
        return text.translate(_SV_FI_FROM_US)
    return text


def _looks_mangled(text: str, host_layout: str) -> bool:
    return host_layout in ("sv", "fi") and any(c in _MANGLED_CHARS for c in text)


# ------------------------------------------------------------------------ card tracks

_TRACK1 = re.compile(
    r"%(?P<fc>[A-Z])(?P<pan>[0-9]{1,19})\^(?P<name>[^^?]{0,26})\^(?P<rest>[^?]*)\?"
)
_TRACK2 = re.compile(r";(?P<pan>[0-9]{1,19})=(?P<rest>[0-9:<=>]*)\?")
_TRACK3 = re.compile(r";[0-9:<=>]*\?")

#: IIN starts of payment networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay).
_PAYMENT_IIN = re.compile(r"4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|35|3[068]|62")


@dataclass(frozen=True)
class _Track:
    pan: str
    discretionary: str


def _discretionary(rest: str) -> str:
    """Data after the expiry date (YYMM) and the service code (3 digits)."""
    return rest[7:] if len(rest) >= 7 else ""


def _parse_tracks(text: str) -> _Track:
    """Parse a swipe (track 1 and/or 2, maybe 3); raise INCOMPLETE_CARD when it is cut."""
    pos = 0
    track1 = track2 = None
    if text.startswith("%"):
        m1 = _TRACK1.match(text)
        if m1 is None:
            raise ScanRejectedError(RejectReason.INCOMPLETE_CARD)
        track1 = m1
        pos = m1.end()
    if text.startswith(";", pos):
        m2 = _TRACK2.match(text, pos)
        if m2 is None:
            raise ScanRejectedError(RejectReason.INCOMPLETE_CARD)
        track2 = m2
        pos = m2.end()
        m3 = _TRACK3.match(text, pos)
        if m3 is not None:
            pos = m3.end()
    if track1 is None and track2 is None:
        raise ScanRejectedError(RejectReason.INCOMPLETE_CARD)
    if text[pos:].strip():
        raise ScanRejectedError(RejectReason.INCOMPLETE_CARD)  # stray data: a bad read
    if track1 is not None and track2 is not None and track1["pan"] != track2["pan"]:
        raise ScanRejectedError(RejectReason.INCOMPLETE_CARD)
    first = track1 if track1 is not None else track2
    assert first is not None
    return _Track(pan=first["pan"], discretionary=_discretionary(first["rest"]))


def _is_track(text: str) -> bool:
    return text[:1] in ("%", ";")


def _mask(number: str) -> str:
    return "•••• " + number[-4:] if len(number) > 4 else "••••"


def _card_result(text: str, config: ScannerConfig, corrected: bool) -> ScanResult:
    track = _parse_tracks(text)
    prefixes = config.card_loyalty_prefixes
    if not any(track.pan.startswith(p) for p in prefixes):
        if _luhn_valid(track.pan):
            raise ScanRejectedError(RejectReason.PAYMENT_CARD)
        if prefixes:
            raise ScanRejectedError(RejectReason.NOT_MEMBER_CARD)
    source = track.pan if config.card_member_field == "pan" else track.discretionary
    start = config.card_member_start
    end = start + config.card_member_length if config.card_member_length else None
    member = source[start:end]
    if not member:
        raise ScanRejectedError(RejectReason.UNRECOGNISED)
    return ScanResult(CodeKind.CARD_TRACK, member, f"Card {_mask(member)}", corrected)


# ------------------------------------------------------------------------ barcodes


def _member_regex(config: ScannerConfig) -> re.Pattern[str] | None:
    if config.member_pattern is not None:
        return re.compile(config.member_pattern)
    if config.member_prefix or config.member_length is not None:
        rest = config.member_length - len(config.member_prefix) if config.member_length else None
        if rest is not None and rest < 0:
            return re.compile(r"(?!)")  # a prefix longer than the length matches nothing
        count = "*" if rest is None else f"{{{rest}}}"
        return re.compile(re.escape(config.member_prefix) + f"[A-Za-z0-9-]{count}")
    return None


def _check_digit_ok(code: str, scheme: str) -> bool:
    if scheme == "ean":
        return code.isdigit() and bool(_ean_valid(code))
    if scheme == "luhn":
        return code.isdigit() and bool(_luhn_valid(code))
    return True


def _barcode_result(text: str, config: ScannerConfig, corrected: bool) -> ScanResult:
    member_re = _member_regex(config)
    if member_re is not None and member_re.fullmatch(text):
        if not _check_digit_ok(text, config.member_check_digit):
            raise ScanRejectedError(RejectReason.UNRECOGNISED)
        return ScanResult(CodeKind.MEMBER_NUMBER, text, text, corrected)

    if text.isascii() and text.isdigit():
        if 13 <= len(text) <= 19 and _PAYMENT_IIN.match(text) and _luhn_valid(text):
            raise ScanRejectedError(RejectReason.PAYMENT_CARD)
        if len(text) in (8, 12, 13):
            if not _ean_valid(text):
                raise ScanRejectedError(RejectReason.UNRECOGNISED)
            # ean_prefixes names the EANs that are member cards; with member_only and no
            # ean_prefixes no EAN is one (a product's barcode is then never sent)
            ours = text.startswith(config.ean_prefixes) if config.ean_prefixes else None
            if ours is False or (ours is None and config.member_only):
                raise ScanRejectedError(RejectReason.NOT_MEMBER_CARD)
            return ScanResult(CodeKind.EAN, text, text, corrected)

    if re.fullmatch(config.text_code_pattern, text):
        if config.member_only:
            raise ScanRejectedError(RejectReason.NOT_MEMBER_CARD)
        return ScanResult(CodeKind.CODE128, text, text, corrected)
    raise ScanRejectedError(RejectReason.UNRECOGNISED)


# ------------------------------------------------------------------------ entry point


def _classify(text: str, config: ScannerConfig, corrected: bool) -> ScanResult:
    if _is_track(text):
        return _card_result(text, config, corrected)
    return _barcode_result(text, config, corrected)


def interpret(raw: str, config: ScannerConfig | None = None) -> ScanResult:
    """Say what the scanned ``raw`` text is, or raise :class:`ScanRejectedError`."""
    config = config or ScannerConfig()
    text = raw.strip("\r\n\t ")
    if not text:
        raise ScanRejectedError(RejectReason.UNRECOGNISED)
    layout = config.host_layout
    fixed = demangle(text, layout)
    if config.scanner_layout == "us" and fixed != text:
        attempts = [(fixed, True)]
    elif config.scanner_layout == "auto" and fixed != text:
        attempts = [(text, False), (fixed, True)]
    else:
        attempts = [(text, False)]

    errors: list[ScanRejectedError] = []
    for candidate, corrected in attempts:
        try:
            return _classify(candidate, config, corrected)
        except ScanRejectedError as exc:
            if exc.reason is RejectReason.PAYMENT_CARD:
                raise ScanRejectedError(RejectReason.PAYMENT_CARD) from None
            errors.append(exc)
    mangled = _looks_mangled(text, layout)
    tried_fixed = attempts[-1][1]
    if errors[-1].reason is RejectReason.INCOMPLETE_CARD and (tried_fixed or not mangled):
        raise ScanRejectedError(RejectReason.INCOMPLETE_CARD) from None
    if mangled:
        raise ScanRejectedError(RejectReason.LAYOUT_MISMATCH) from None
    raise ScanRejectedError(errors[0].reason) from None
