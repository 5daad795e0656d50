"""Display text from untrusted values: one clean line, readable identifiers, numbers, money.

Money is written the sv-SE way: non-breaking space between thousands, decimal comma, whole
amounts without decimals (``1 250 kr``), others with two (``49,50 kr``). The unit is ``kr``
for SEK/NOK/DKK *when it is the store's currency*, ``€`` for EUR, and the ISO code otherwise
(``100 NOK`` in a Swedish store), so a foreign amount never looks local.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models
    from pos_profile.presentation.options import Translator

NBSP = "\u00a0"
MAX_TEXT = 200
MAX_LONG_TEXT = 600
_MAX_AMOUNT = Decimal(10) ** 12
_LOCAL_KRONA = frozenset({"SEK", "NOK", "DKK"})


def clean(text: object, limit: int = MAX_TEXT) -> str:
    """One line of display text: whitespace collapsed, control characters dropped, clipped."""
    if not isinstance(text, str):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in text[: limit * 4])
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def humanise(identifier: str) -> str:
    """``memberTerms`` -> ``Member terms``; ``Missing_mobile`` -> ``Missing mobile``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", clean(identifier, 80))
    words = spaced.replace("_", " ").replace("-", " ").split()
    if not words:
        return ""
    first, rest = words[0], words[1:]
    rest = [w if w.isupper() and len(w) > 1 else w.lower() for w in rest]
    return " ".join([first[:1].upper() + first[1:], *rest])


def finite(value: Decimal | None) -> Decimal | None:
    """``value`` when it is a finite amount below 10¹², else None."""
    try:
        if value is None or not value.is_finite() or abs(value) >= _MAX_AMOUNT:
            return None
    except (InvalidOperation, TypeError):
        return None
    return value


def format_number(value: Decimal) -> str:
    """sv-SE: ``1 240``, ``49,50``, ``-3``. Whole values without decimals."""
    if value == value.to_integral_value():
        text = f"{int(value):,}"
    else:
        text = f"{value.quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", NBSP).replace(".", ",")


def currency_unit(currency: str, store_currency: str) -> str:
    code = currency.upper()
    if code in _LOCAL_KRONA and code == store_currency.upper():
        return "kr"
    if code == "EUR":
        return "€"
    return code


def format_money(amount: Decimal, currency: str, store_currency: str) -> str:
    """``100 kr`` (SEK in a SEK store), ``10 €``, ``49,50 kr``, ``100 NOK`` (NOK in a SEK store)."""
    unit = currency_unit(clean(currency, 8) or "?", store_currency)
    return f"{format_number(amount)}{NBSP}{unit}"


def money_in(
    value: models.Money | None, local_values: Iterable[models.Money], currency: str
) -> tuple[Decimal | None, models.Money | None]:
    """The amount in ``currency`` (own value first, then localValues) and the fallback money."""
    wanted = currency.upper()
    candidates = [value, *local_values]
    for money in candidates:
        if money is None or not isinstance(money.currency, str):
            continue
        amount = finite(money.amount)
        if amount is not None and money.currency.strip().upper() == wanted:
            return amount, money
    if value is not None and finite(value.amount) is not None and value.currency:
        return None, value
    return None, None


def points_text(value: Decimal, tr: Translator) -> str:
    """``1 240 points``."""
    return tr("{points} points").format(points=format_number(value))
