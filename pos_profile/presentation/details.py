"""The rest of the panel: warnings turned into what to ask for, consents, preferences and
audiences."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_profile.i18n import N_, PRESENTATION
from pos_profile.presentation.text import clean, humanise

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models
    from pos_profile.presentation.options import Translator


@dataclass(frozen=True)
class WarningRow:
    codes: tuple[str, ...]
    action: str


@dataclass(frozen=True)
class YesNoRow:
    label: str
    value: bool | None
    value_text: str  # "Yes" / "No" / "Not set" (consents) or "Unknown" (preferences)


_WARNING_ACTIONS: dict[str, str] = {
    "missingmobilenumber": N_(PRESENTATION, "Ask for a mobile number"),
    "missingphonenumber": N_(PRESENTATION, "Ask for a mobile number"),
    "invalidmobilenumber": N_(PRESENTATION, "Ask the customer to check their mobile number"),
    "invalidphonenumber": N_(PRESENTATION, "Ask the customer to check their mobile number"),
    "missingemail": N_(PRESENTATION, "Ask for an e-mail address"),
    "invalidemail": N_(PRESENTATION, "Ask the customer to check their e-mail address"),
    "emailbounced": N_(PRESENTATION, "Ask the customer to check their e-mail address"),
    "missingaddress": N_(PRESENTATION, "Ask for a postal address"),
    "invalidaddress": N_(PRESENTATION, "Ask the customer to check their postal address"),
}


def present_warnings(codes: Iterable[str], tr: Translator) -> tuple[WarningRow, ...]:
    """One action per distinct thing to do; unknown codes as ``Some code (SomeCode)``."""
    by_action: dict[str, list[str]] = {}
    for raw in codes:
        code = clean(raw, 80)
        if not code:
            continue
        template = _WARNING_ACTIONS.get(code.replace(" ", "").casefold())
        if template is not None:
            action = tr(template)
        else:
            readable = humanise(code)
            action = code if readable == code else f"{readable} ({code})"
        seen = by_action.setdefault(action, [])
        if code not in seen:
            seen.append(code)
    return tuple(WarningRow(codes=tuple(c), action=a) for a, c in by_action.items())


def _yes_no(value: bool | None, tr: Translator, unknown: str) -> str:
    if value is True:
        return tr("Yes")
    if value is False:
        return tr("No")
    return tr(unknown)


def present_consents(consents: Iterable[models.Consent], tr: Translator) -> tuple[YesNoRow, ...]:
    rows: list[YesNoRow] = []
    seen: set[str] = set()
    for consent in consents:
        label = humanise(consent.id or "")
        if not label or label in seen:
            continue
        seen.add(label)
        rows.append(
            YesNoRow(label, consent.value, _yes_no(consent.value, tr, N_(PRESENTATION, "Not set")))
        )
    return tuple(rows)


def present_preferences(prefs: models.Preferences, tr: Translator) -> tuple[YesNoRow, ...]:
    return tuple(
        YesNoRow(tr(label), value, _yes_no(value, tr, N_(PRESENTATION, "Unknown")))
        for label, value in (
            (N_(PRESENTATION, "E-mail"), prefs.accepts_email),
            (N_(PRESENTATION, "SMS"), prefs.accepts_sms),
            (N_(PRESENTATION, "Post"), prefs.accepts_postal),
        )
    )


def present_audiences(audiences: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for audience in audiences:
        text = clean(audience, 60)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)
