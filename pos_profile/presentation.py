"""What the customer panel shows, computed without Qt.

:func:`present_profile` turns a :class:`~pos_profile.engage.models.ContactOverview` into a
:class:`ProfilePresentation` (plain frozen dataclasses of display text), and
:func:`present_points` does the same for ``/point-accounts``. The widget in
``pos_profile.gui.profile_view`` only lays these out, so every rule a cashier relies on
(masking, protected identity, sorting, expiry flags, money, what the till must do) is
unit-tested here.

Rules:

* ``now`` is always passed in; nothing here reads the clock.
* Text is English; every template goes through the ``tr`` callable (the widget passes
  Qt's translator, tests use the default identity) and is then ``str.format``-ed.
* Money is written the sv-SE way: non-breaking space between thousands, decimal comma,
  whole amounts without decimals (``1 250 kr``), others with two (``49,50 kr``). The unit
  is ``kr`` for SEK/NOK/DKK *when it is the store's currency*, ``€`` for EUR, and the ISO
  code otherwise (``100 NOK`` in a Swedish store), so a foreign amount never looks local.
* Dates are ISO (``2027-01-30``, the Swedish convention), in ``now``'s time zone. "Expires in
  N days" counts calendar days in that zone.
* A secrecy-marked contact (protected identity) yields no name, address, personal number,
  e-mail, phone or age anywhere in the result.
* Nothing from the payload is trusted: missing, odd or huge values give a sane empty panel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models
    from pos_profile.settings import Settings

Translator = Callable[[str], str]
"""Returns the translation of an English template (which may contain ``{name}`` fields)."""


def _identity(text: str) -> str:
    return text


NBSP = "\u00a0"
_MAX_TEXT = 200
_MAX_LONG_TEXT = 600
_MAX_AMOUNT = Decimal(10) ** 12
_LOCAL_KRONA = frozenset({"SEK", "NOK", "DKK"})


@dataclass(frozen=True)
class PanelOptions:
    """Display settings the lead maps from the ``[display]`` config section."""

    currency: str = "SEK"
    expiry_warning_days: int = 7
    compact: bool = False
    point_definition_id: str | None = None
    """``[engage] point_definition_id``: show only that point account (None: see
    :func:`present_points`)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> PanelOptions:
        """The options the config file sets (``[display]`` and ``[engage]``)."""
        display = settings.display
        return cls(
            currency=display.currency,
            expiry_warning_days=display.expiry_warning_days,
            compact=display.compact,
            point_definition_id=settings.engage.point_definition_id,
        )


# --------------------------------------------------------------------------- result types


class ItemStatus(Enum):
    USABLE = "usable"
    EXPIRED = "expired"
    REDEEMED = "redeemed"


@dataclass(frozen=True)
class Fact:
    """One labelled value in the header, e.g. ``("Member no.", "7001234567")``."""

    label: str
    value: str
    labelled: bool = True  # False: the value speaks for itself ("Member", "40 years")

    @property
    def text(self) -> str:
        return f"{self.label} {self.value}" if self.labelled else self.value


@dataclass(frozen=True)
class Header:
    title: str
    protected: bool
    member_number: str | None = None
    contact_type: str | None = None
    store: str | None = None
    personal_number: str | None = None  # always masked
    age: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    facts: tuple[Fact, ...] = ()  # member number, type, store, personal number, age
    contact_facts: tuple[Fact, ...] = ()  # e-mail, phone, address (never when protected)


@dataclass(frozen=True)
class TierView:
    name: str
    based_on: str | None  # "2 480 points"
    remaining: str | None  # "520 points to the next tier"
    expires: str | None  # "Valid until 2027-03-31"

    @property
    def text(self) -> str:
        return " · ".join(p for p in (self.based_on, self.remaining, self.expires) if p)


@dataclass(frozen=True)
class Expiry:
    text: str  # "Expires in 3 days", "Expires 2027-01-30", "No expiry date", "Expired 2026-10-31"
    soon: bool  # within the warning window (flag it with an icon AND this text)
    days_left: int | None  # calendar days, None without an expiry date


@dataclass(frozen=True)
class VoucherRow:
    key: str
    name: str
    number: str | None  # the voucher number to key in / scan at the till
    value_text: str  # "100 kr", "10 €" (own currency) or "—"
    amount: Decimal | None  # in the store's currency, None when not available in it
    expiry: Expiry
    status: ItemStatus
    status_text: str  # "" when usable, else "Redeemed 2026-11-13" / "Expired 2026-10-31"

    @property
    def summary(self) -> str:
        parts = [self.value_text, self.name]
        if self.number:
            parts.append(self.number)
        parts.append(self.status_text or self.expiry.text)
        return " · ".join(parts)


@dataclass(frozen=True)
class VoucherTotal:
    text: str  # "150 kr"
    count: int  # usable vouchers
    missing: int  # usable vouchers without a value in the store's currency
    note: str | None  # "2 vouchers have no value in SEK and are not counted"


@dataclass(frozen=True)
class PromotionRow:
    key: str
    title: str  # the promotion name (what Voyado shows "in the cash window")
    heading: str | None
    description: str | None
    action_label: str  # "Discount", "Amount off", "Offer code", "Instruction", "Swipe"
    action: str  # "20 %", "100 kr", "VINTER26", the instruction text, the SWIPE value
    at_till: bool
    channel_note: str | None  # "Web shop only", "Not at the till"
    expiry: Expiry
    status: ItemStatus
    status_text: str

    @property
    def summary(self) -> str:
        parts = [self.title]
        if self.action:
            parts.append(f"{self.action_label}: {self.action}")
        if self.channel_note:
            parts.append(self.channel_note)
        parts.append(self.status_text or self.expiry.text)
        if self.heading:
            parts.append(self.heading)
        if self.description:
            parts.append(self.description)
        return " · ".join(parts)


@dataclass(frozen=True)
class WarningRow:
    codes: tuple[str, ...]
    action: str


@dataclass(frozen=True)
class YesNoRow:
    label: str
    value: bool | None
    value_text: str  # "Yes" / "No" / "Not set" (consents) or "Unknown" (preferences)


@dataclass(frozen=True)
class PointsLine:
    """One point account: ``label`` names it when several are shown."""

    label: str | None  # "Bonus" / "Points definition 2"; None when it is the only one
    balance: str  # "1 240 points"
    pending: str | None
    expiry: str | None
    expiring_soon: bool

    @property
    def text(self) -> str:
        body = " · ".join(p for p in (self.balance, self.pending, self.expiry) if p)
        return f"{self.label}: {body}" if self.label else body


@dataclass(frozen=True)
class PointsView:
    """The points of the panel. ``balance``/``pending``/``expiry`` are those of the first
    account shown; ``lines`` has every account shown (more than one only when the answer
    marks no default and no ``point_definition_id`` is configured)."""

    balance: str  # "1 240 points" or "No points account"
    pending: str | None  # "150 pending"
    expiry: str | None  # "Points expire 2026-12-31" / "Points expire in 3 days"
    expiring_soon: bool
    lines: tuple[PointsLine, ...] = ()
    more: str | None = None  # "2 more point accounts" when some were left out

    @property
    def text(self) -> str:
        if len(self.lines) > 1:
            parts = [line.text for line in self.lines]
            return "; ".join([*parts, self.more] if self.more else parts)
        return " · ".join(p for p in (self.balance, self.pending, self.expiry) if p)


@dataclass(frozen=True)
class ProfilePresentation:
    header: Header
    tier: TierView | None = None
    vouchers: tuple[VoucherRow, ...] = ()
    voucher_history: tuple[VoucherRow, ...] = ()
    voucher_total: VoucherTotal = field(
        default_factory=lambda: VoucherTotal(text="0 kr", count=0, missing=0, note=None)
    )
    promotions: tuple[PromotionRow, ...] = ()
    promotion_history: tuple[PromotionRow, ...] = ()
    warnings: tuple[WarningRow, ...] = ()
    consents: tuple[YesNoRow, ...] = ()
    preferences: tuple[YesNoRow, ...] = ()
    audiences: tuple[str, ...] = ()


# --------------------------------------------------------------------------- small helpers


def clean(text: object, limit: int = _MAX_TEXT) -> str:
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


def _finite(value: Decimal | None) -> Decimal | None:
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


def _money_in(
    value: models.Money | None, local_values: Iterable[models.Money], currency: str
) -> tuple[Decimal | None, models.Money | None]:
    """The amount in ``currency`` (own value first, then localValues) and the fallback money."""
    wanted = currency.upper()
    candidates = [value, *local_values]
    for money in candidates:
        if money is None or not isinstance(money.currency, str):
            continue
        amount = _finite(money.amount)
        if amount is not None and money.currency.strip().upper() == wanted:
            return amount, money
    if value is not None and _finite(value.amount) is not None and value.currency:
        return None, value
    return None, None


def _local_date(moment: dt.datetime, now: dt.datetime) -> dt.date | None:
    try:
        return moment.astimezone(now.tzinfo).date()
    except (OverflowError, ValueError, OSError):
        return None


def _aware(now: dt.datetime) -> dt.datetime:
    return now if now.tzinfo is not None else now.astimezone()


def _is_past(moment: dt.datetime | None, now: dt.datetime) -> bool:
    if moment is None:
        return False
    try:
        return moment < now
    except (OverflowError, TypeError):
        return False


def _date_text(moment: dt.datetime | None, now: dt.datetime) -> str | None:
    if moment is None:
        return None
    day = _local_date(moment, now)
    return day.isoformat() if day else None


def expiry_of(
    moment: dt.datetime | None, now: dt.datetime, options: PanelOptions, tr: Translator
) -> Expiry:
    if moment is None:
        return Expiry(tr("No expiry date"), soon=False, days_left=None)
    day = _local_date(moment, now)
    if day is None:
        return Expiry(tr("No expiry date"), soon=False, days_left=None)
    days = (day - now.date()).days
    if _is_past(moment, now):
        return Expiry(tr("Expired {date}").format(date=day.isoformat()), False, days)
    soon = days <= max(options.expiry_warning_days, 0)
    if days <= 0:
        text = tr("Expires today")
    elif days == 1:
        text = tr("Expires tomorrow")
    elif soon:
        text = tr("Expires in {n} days").format(n=days)
    else:
        text = tr("Expires {date}").format(date=day.isoformat())
    return Expiry(text, soon=soon, days_left=days)


def _sort_key_by_expiry(moment: dt.datetime | None, name: str) -> tuple[int, float, str]:
    if moment is None:
        return (1, 0.0, name.casefold())
    try:
        stamp = moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return (1, 0.0, name.casefold())
    return (0, stamp, name.casefold())


def _recent_first(moment: dt.datetime | None) -> float:
    if moment is None:
        return float("inf")
    try:
        return -moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return float("inf")


# --------------------------------------------------------------------------- personal number

_SE_12 = re.compile(r"^(\d{8})[-+]?(\d{4})$")
_SE_10 = re.compile(r"^(\d{6})([-+]?)(\d{4})$")
_HETU = re.compile(r"^(\d{6})([-+ABCDEFUVWXY])(\d{3}[0-9A-Z])$", re.IGNORECASE)


def mask_personal_number(value: str | None) -> str | None:
    """``198604122385`` -> ``19860412-****``; ``860412+2385`` -> ``860412+****``;
    ``010594Y9032`` -> ``010594Y****``. Anything unrecognised is hidden entirely."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "")
    if match := _SE_12.match(text):
        return f"{match.group(1)}-****"
    if match := _SE_10.match(text):
        return f"{match.group(1)}{match.group(2) or '-'}****"
    if match := _HETU.match(text):
        return f"{match.group(1)}{match.group(2).upper()}****"
    return "****"


# --------------------------------------------------------------------------- header & tier


def _age(attributes: models.Attributes, now: dt.datetime) -> int | None:
    age = attributes.age
    if isinstance(age, int) and 0 <= age < 130:
        return age
    born = attributes.birth_day
    if born is None:
        return None
    today = now.date()
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return years if 0 <= years < 130 else None


def present_header(overview: models.ContactOverview, now: dt.datetime, tr: Translator) -> Header:
    attrs, meta = overview.attributes, overview.meta
    protected = attrs.secrecy_marked is True
    member_number = clean(attrs.member_number, 40) or None
    contact_type = humanise(meta.contact_type or "") or None
    store = None
    if attrs.current_store is not None:
        store = clean(attrs.current_store.name, 80) or None

    facts: list[Fact] = []
    if member_number:
        facts.append(Fact(tr("Member no."), member_number))
    if contact_type:
        facts.append(Fact(tr("Type"), contact_type, labelled=False))
    if store:
        facts.append(Fact(tr("Store"), store))

    if protected:
        return Header(
            title=tr("Protected identity"),
            protected=True,
            member_number=member_number,
            contact_type=contact_type,
            store=store,
            facts=tuple(facts),
        )

    personal_number = mask_personal_number(attrs.social_security_number)
    age_years = _age(attrs, now)
    age = tr("{n} years").format(n=age_years) if age_years is not None else None
    if personal_number:
        facts.append(Fact(tr("Personal no."), personal_number))
    if age:
        facts.append(Fact(tr("Age"), age, labelled=False))

    email = clean(attrs.email, 120) or None
    phone = clean(attrs.mobile_phone, 40) or None
    city_line = " ".join(p for p in (clean(attrs.zip_code, 20), clean(attrs.city, 60)) if p)
    address_parts = [clean(attrs.care_of, 80), clean(attrs.street, 120), city_line]
    address = ", ".join(p for p in address_parts if p) or None
    contact_facts = [
        Fact(label, value)
        for label, value in (
            (tr("E-mail"), email),
            (tr("Mobile"), phone),
            (tr("Address"), address),
        )
        if value
    ]
    name = clean(attrs.full_name, 120)
    return Header(
        title=name or tr("No name on file"),
        protected=False,
        member_number=member_number,
        contact_type=contact_type,
        store=store,
        personal_number=personal_number,
        age=age,
        email=email,
        phone=phone,
        address=address,
        facts=tuple(facts),
        contact_facts=tuple(contact_facts),
    )


def _points_text(value: Decimal, tr: Translator) -> str:
    return tr("{points} points").format(points=format_number(value))


def present_tier(tier: models.Tier | None, now: dt.datetime, tr: Translator) -> TierView | None:
    if tier is None:
        return None
    name = clean(tier.tier_name, 60) or clean(tier.tier_id, 60)
    based = _finite(tier.based_on_points)
    remaining = _finite(tier.remaining_to_upgrade)
    if not name and based is None:
        return None
    expires = _date_text(tier.expires, now)
    return TierView(
        name=name or tr("Tier"),
        based_on=(
            tr("based on {points}").format(points=_points_text(based, tr))
            if based is not None
            else None
        ),
        remaining=(
            tr("{points} to the next tier").format(points=_points_text(remaining, tr))
            if remaining is not None and remaining > 0
            else None
        ),
        expires=tr("valid until {date}").format(date=expires) if expires else None,
    )


# --------------------------------------------------------------------------- vouchers


def _voucher_row(
    voucher: models.RewardVoucher,
    index: int,
    now: dt.datetime,
    options: PanelOptions,
    tr: Translator,
) -> VoucherRow:
    amount, shown = _money_in(voucher.value, voucher.local_values, options.currency)
    if amount is not None:
        value_text = format_money(amount, options.currency, options.currency)
    elif shown is not None and shown.amount is not None and shown.currency:
        value_text = format_money(shown.amount, shown.currency, options.currency)
    else:
        value_text = "—"
    expiry = expiry_of(voucher.expires_on, now, options, tr)
    if voucher.redeemed is True:
        status = ItemStatus.REDEEMED
        day = _date_text(voucher.redeemed_on, now)
        status_text = tr("Redeemed {date}").format(date=day) if day else tr("Redeemed")
    elif _is_past(voucher.expires_on, now):
        status = ItemStatus.EXPIRED
        status_text = expiry.text
    else:
        status = ItemStatus.USABLE
        status_text = ""
    return VoucherRow(
        key=clean(voucher.id, 80) or clean(voucher.voucher_number, 80) or f"#{index}",
        name=clean(voucher.name, 120) or tr("Reward voucher"),
        number=clean(voucher.voucher_number, 60) or None,
        value_text=value_text,
        amount=amount,
        expiry=expiry,
        status=status,
        status_text=status_text,
    )


def present_vouchers(
    vouchers: Iterable[models.RewardVoucher],
    now: dt.datetime,
    options: PanelOptions,
    tr: Translator,
) -> tuple[tuple[VoucherRow, ...], tuple[VoucherRow, ...], VoucherTotal]:
    """(usable sorted by expiry with no-expiry last, history most recent first, total)."""
    usable: list[tuple[tuple[int, float, str], VoucherRow]] = []
    history: list[tuple[float, VoucherRow]] = []
    for index, voucher in enumerate(vouchers):
        row = _voucher_row(voucher, index, now, options, tr)
        if row.status is ItemStatus.USABLE:
            usable.append((_sort_key_by_expiry(voucher.expires_on, row.name), row))
        else:
            moment = voucher.redeemed_on if row.status is ItemStatus.REDEEMED else None
            history.append((_recent_first(moment or voucher.expires_on), row))
    usable.sort(key=lambda pair: pair[0])
    history.sort(key=lambda pair: pair[0])
    rows = tuple(row for _, row in usable)
    total = sum((row.amount for row in rows if row.amount is not None), Decimal(0))
    missing = sum(1 for row in rows if row.amount is None)
    note = None
    if missing:
        template = (
            tr("1 voucher has no value in {currency} and is not counted")
            if missing == 1
            else tr("{n} vouchers have no value in {currency} and are not counted")
        )
        note = template.format(n=missing, currency=clean(options.currency, 8))
    return (
        rows,
        tuple(row for _, row in history),
        VoucherTotal(
            text=format_money(total, options.currency, options.currency),
            count=len(rows),
            missing=missing,
            note=note,
        ),
    )


# --------------------------------------------------------------------------- promotions


def _channel_action(
    channel: models.RedemptionChannel, options: PanelOptions, tr: Translator
) -> tuple[str, str]:
    kind = (channel.value_type or "").strip().upper()
    value = channel.value
    if kind == "PERCENT":
        number = _finite(value) if isinstance(value, Decimal) else None
        if number is None and isinstance(value, str):
            try:
                number = _finite(Decimal(value.strip().rstrip("%").replace(",", ".")))
            except InvalidOperation:
                number = None
        if number is not None:
            return tr("Discount"), f"{format_number(number)}{NBSP}%"
        return tr("Discount"), clean(value, 40)
    if kind == "MONEY":
        from pos_profile.engage.models import Money

        money = value if isinstance(value, Money) else None
        amount, shown = _money_in(money, channel.local_values, options.currency)
        if amount is not None:
            return tr("Amount off"), format_money(amount, options.currency, options.currency)
        if shown is not None and shown.amount is not None and shown.currency:
            return tr("Amount off"), format_money(shown.amount, shown.currency, options.currency)
        if isinstance(value, Decimal) and _finite(value) is not None:
            return tr("Amount off"), format_number(value)
        return tr("Amount off"), clean(value, 40) if isinstance(value, str) else ""
    if kind == "EXTERNALOFFER":
        return tr("Offer code"), clean(value, 60) if isinstance(value, str) else ""
    if kind == "MANUAL":
        instruction = clean(channel.instruction, _MAX_LONG_TEXT)
        if instruction:
            return tr("Instruction"), instruction
        return tr("Instruction"), clean(value, 80) if isinstance(value, str) else ""
    if kind == "SWIPE":
        return tr("Swipe"), clean(value, 80) if isinstance(value, str) else ""
    label = humanise(kind) if kind else tr("Offer")
    text = clean(channel.instruction, _MAX_LONG_TEXT)
    if not text and isinstance(value, str | Decimal):
        text = clean(str(value), 80)
    return label, text


def _promotion_row(
    promotion: models.Promotion,
    index: int,
    now: dt.datetime,
    options: PanelOptions,
    tr: Translator,
) -> PromotionRow:
    channels = list(promotion.redemption_channels)
    types = {(c.type or "").strip().upper() for c in channels}
    pos = next((c for c in channels if (c.type or "").strip().upper() == "POS"), None)
    chosen = pos or (channels[0] if channels else None)
    if pos is not None:
        note = None
    elif types == {"ECOM"}:
        note = tr("Web shop only")
    else:
        note = tr("Not at the till")
    label, action = _channel_action(chosen, options, tr) if chosen else (tr("Offer"), "")
    heading = clean(promotion.heading, 120) or None
    name = clean(promotion.name, 120)
    title = name or heading or tr("Promotion")
    if heading == title:
        heading = None
    expiry = expiry_of(promotion.expires_on, now, options, tr)
    if promotion.redeemed is True:
        status = ItemStatus.REDEEMED
        day = _date_text(promotion.redeemed_on, now)
        status_text = tr("Redeemed {date}").format(date=day) if day else tr("Redeemed")
    elif _is_past(promotion.expires_on, now):
        status, status_text = ItemStatus.EXPIRED, expiry.text
    else:
        status, status_text = ItemStatus.USABLE, ""
    return PromotionRow(
        key=clean(promotion.id, 80) or clean(promotion.promotion_id, 80) or f"#{index}",
        title=title,
        heading=heading,
        description=clean(promotion.description, _MAX_LONG_TEXT) or None,
        action_label=label,
        action=action,
        at_till=pos is not None,
        channel_note=note,
        expiry=expiry,
        status=status,
        status_text=status_text,
    )


def present_promotions(
    promotions: Iterable[models.Promotion],
    now: dt.datetime,
    options: PanelOptions,
    tr: Translator,
) -> tuple[tuple[PromotionRow, ...], tuple[PromotionRow, ...]]:
    """(open promotions: at the till first, then by expiry; history: redeemed or expired)."""
    current: list[tuple[tuple[int, int, float, str], PromotionRow]] = []
    history: list[tuple[float, PromotionRow]] = []
    for index, promotion in enumerate(promotions):
        row = _promotion_row(promotion, index, now, options, tr)
        if row.status is ItemStatus.USABLE:
            key = _sort_key_by_expiry(promotion.expires_on, row.title)
            current.append(((0 if row.at_till else 1, *key), row))
        else:
            moment = promotion.redeemed_on if row.status is ItemStatus.REDEEMED else None
            history.append((_recent_first(moment or promotion.expires_on), row))
    current.sort(key=lambda pair: pair[0])
    history.sort(key=lambda pair: pair[0])
    return tuple(row for _, row in current), tuple(row for _, row in history)


# --------------------------------------------------------------------------- the rest

_WARNING_ACTIONS: dict[str, str] = {
    "missingmobilenumber": "Ask for a mobile number",
    "missingphonenumber": "Ask for a mobile number",
    "invalidmobilenumber": "Ask the customer to check their mobile number",
    "invalidphonenumber": "Ask the customer to check their mobile number",
    "missingemail": "Ask for an e-mail address",
    "invalidemail": "Ask the customer to check their e-mail address",
    "emailbounced": "Ask the customer to check their e-mail address",
    "missingaddress": "Ask for a postal address",
    "invalidaddress": "Ask the customer to check their postal address",
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
        rows.append(YesNoRow(label, consent.value, _yes_no(consent.value, tr, "Not set")))
    return tuple(rows)


def present_preferences(prefs: models.Preferences, tr: Translator) -> tuple[YesNoRow, ...]:
    return tuple(
        YesNoRow(tr(label), value, _yes_no(value, tr, "Unknown"))
        for label, value in (
            ("E-mail", prefs.accepts_email),
            ("SMS", prefs.accepts_sms),
            ("Post", prefs.accepts_postal),
        )
    )


def present_audiences(audiences: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for audience in audiences:
        text = clean(audience, 60)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def present_profile(
    overview: models.ContactOverview,
    *,
    now: dt.datetime,
    options: PanelOptions | None = None,
    tr: Translator = _identity,
) -> ProfilePresentation:
    """Everything the customer panel shows for one contact, at ``now``."""
    options = options or PanelOptions()
    now = _aware(now)
    vouchers, voucher_history, total = present_vouchers(overview.reward_vouchers, now, options, tr)
    promotions, promotion_history = present_promotions(overview.promotions, now, options, tr)
    return ProfilePresentation(
        header=present_header(overview, now, tr),
        tier=present_tier(overview.tiers, now, tr),
        vouchers=vouchers,
        voucher_history=voucher_history,
        voucher_total=total,
        promotions=promotions,
        promotion_history=promotion_history,
        warnings=present_warnings(overview.warnings, tr),
        consents=present_consents(overview.consents, tr),
        preferences=present_preferences(overview.preferences, tr),
        audiences=present_audiences(overview.audiences),
    )


MAX_POINT_ACCOUNTS = 4
"""Most point accounts listed on the panel; the rest are counted."""


def present_points(
    accounts: models.PointAccounts,
    *,
    now: dt.datetime,
    options: PanelOptions | None = None,
    tr: Translator = _identity,
) -> PointsView:
    """The points to show, as display text.

    * ``options.point_definition_id`` set: that definition's account only, or "No points
      account for the configured definition" when the answer has none of it;
    * otherwise the account the answer marks as the default (``isDefault``, else
      definition 1: :meth:`~pos_profile.engage.models.PointAccounts.default_account`);
    * otherwise every account, each labelled with its name, else its definition id.
    """
    options = options or PanelOptions()
    now = _aware(now)
    configured = (options.point_definition_id or "").strip() or None
    shown = accounts.accounts_to_show(configured)
    if configured is not None and not shown:
        return PointsView(
            tr("No points account for the configured definition"), None, None, expiring_soon=False
        )
    pairs = [(a, line) for a in shown if (line := _points_line(a, now, options, tr))]
    if not pairs:
        return PointsView(tr("No points account"), None, None, expiring_soon=False)
    lines = [line for _, line in pairs]
    more: str | None = None
    if len(pairs) > 1:
        lines = [
            dataclasses.replace(line, label=_account_label(account, index, tr))
            for index, (account, line) in enumerate(pairs, start=1)
        ]
        left_out = len(lines) - MAX_POINT_ACCOUNTS
        if left_out == 1:
            more = tr("1 more point account")
        elif left_out > 1:
            more = tr("{n} more point accounts").format(n=left_out)
        lines = lines[:MAX_POINT_ACCOUNTS]
    first = lines[0]
    return PointsView(
        first.balance,
        first.pending,
        first.expiry,
        expiring_soon=any(line.expiring_soon for line in lines),
        lines=tuple(lines),
        more=more,
    )


def _account_label(account: models.PointAccount, index: int, tr: Translator) -> str:
    name = clean(account.label or "", 60)
    if name:
        return name
    definition = clean(account.definition_id or "", 40)
    if definition:
        return tr("Points definition {id}").format(id=definition)
    return tr("Points account {n}").format(n=index)


def _points_line(
    account: models.PointAccount, now: dt.datetime, options: PanelOptions, tr: Translator
) -> PointsLine | None:
    """One account's balance, pending points and expiry; None without a usable balance."""
    balance = _finite(account.balance)
    if balance is None:
        return None
    pending_value = _finite(account.pending_points)
    pending = (
        tr("{points} pending").format(points=format_number(pending_value))
        if pending_value
        else None
    )
    expiry_text, soon = None, False
    if account.balance_expires is not None and balance > 0:
        expiry = expiry_of(account.balance_expires, now, options, tr)
        day = _date_text(account.balance_expires, now)
        days = expiry.days_left
        soon = expiry.soon and days is not None and days >= 0
        if not soon or days is None:
            expiry_text = tr("Points expire {date}").format(date=day) if day else None
        elif days == 0:
            expiry_text = tr("Points expire today")
        elif days == 1:
            expiry_text = tr("Points expire tomorrow")
        else:
            expiry_text = tr("Points expire in {n} days").format(n=days)
    return PointsLine(None, _points_text(balance, tr), pending, expiry_text, expiring_soon=soon)
