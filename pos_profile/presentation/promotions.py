"""Promotions: what the till does (discount, amount off, offer code, instruction, swipe),
whether it can be honoured at the till, expiry, status and order (at the till first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from pos_profile.presentation.dates import Expiry, expiry_of
from pos_profile.presentation.items import ItemStatus, item_status, usable_and_history
from pos_profile.presentation.text import (
    MAX_LONG_TEXT,
    NBSP,
    clean,
    finite,
    format_money,
    format_number,
    humanise,
    money_in,
)

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models
    from pos_profile.presentation.items import Redeemable
    from pos_profile.presentation.options import PanelOptions, Translator


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
    pos_code: str | None = None
    """What the cashier keys into the POS: an offer code or swipe value, alone (None when
    the promotion is a discount to apply, or not for the till)."""
    item_id: str | None = None
    """The promotion's own Engage ``id`` (the assignment a redeem posts to, never
    ``promotionId``), None when Engage sent none."""

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


def _channel_action(
    channel: models.RedemptionChannel, options: PanelOptions, tr: Translator
) -> tuple[str, str]:
    kind = (channel.value_type or "").strip().upper()
    value = channel.value
    if kind == "PERCENT":
        number = finite(value) if isinstance(value, Decimal) else None
        if number is None and isinstance(value, str):
            try:
                number = finite(Decimal(value.strip().rstrip("%").replace(",", ".")))
            except InvalidOperation:
                number = None
        if number is not None:
            return tr("Discount"), f"{format_number(number)}{NBSP}%"
        return tr("Discount"), clean(value, 40)
    if kind == "MONEY":
        from pos_profile.engage.models import Money

        money = value if isinstance(value, Money) else None
        amount, shown = money_in(money, channel.local_values, options.currency)
        if amount is not None:
            return tr("Amount off"), format_money(amount, options.currency, options.currency)
        if shown is not None and shown.amount is not None and shown.currency:
            return tr("Amount off"), format_money(shown.amount, shown.currency, options.currency)
        if isinstance(value, Decimal) and finite(value) is not None:
            return tr("Amount off"), format_number(value)
        return tr("Amount off"), clean(value, 40) if isinstance(value, str) else ""
    if kind == "EXTERNALOFFER":
        return tr("Offer code"), clean(value, 60) if isinstance(value, str) else ""
    if kind == "MANUAL":
        instruction = clean(channel.instruction, MAX_LONG_TEXT)
        if instruction:
            return tr("Instruction"), instruction
        return tr("Instruction"), clean(value, 80) if isinstance(value, str) else ""
    if kind == "SWIPE":
        return tr("Swipe"), clean(value, 80) if isinstance(value, str) else ""
    label = humanise(kind) if kind else tr("Offer")
    text = clean(channel.instruction, MAX_LONG_TEXT)
    if not text and isinstance(value, str | Decimal):
        text = clean(str(value), 80)
    return label, text


_CODE_KINDS = frozenset({"EXTERNALOFFER", "SWIPE"})  # MANUAL: an instruction to follow


def _pos_code(channel: models.RedemptionChannel) -> str | None:
    """The code a POS channel gives the cashier to key in (the value alone)."""
    kind = (channel.value_type or "").strip().upper()
    if kind not in _CODE_KINDS or not isinstance(channel.value, str):
        return None
    return clean(channel.value, 80) or None


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
    status, status_text = item_status(promotion, expiry, now, tr)
    return PromotionRow(
        key=clean(promotion.id, 80) or clean(promotion.promotion_id, 80) or f"#{index}",
        title=title,
        heading=heading,
        description=clean(promotion.description, MAX_LONG_TEXT) or None,
        action_label=label,
        action=action,
        at_till=pos is not None,
        channel_note=note,
        expiry=expiry,
        status=status,
        status_text=status_text,
        pos_code=_pos_code(pos) if pos is not None else None,
        item_id=clean(promotion.id, 80) or None,
    )


def present_promotions(
    promotions: Iterable[models.Promotion],
    now: dt.datetime,
    options: PanelOptions,
    tr: Translator,
) -> tuple[tuple[PromotionRow, ...], tuple[PromotionRow, ...]]:
    """(open promotions: at the till first, then by expiry; history: redeemed or expired)."""
    pairs: list[tuple[PromotionRow, Redeemable]] = [
        (_promotion_row(promotion, index, now, options, tr), promotion)
        for index, promotion in enumerate(promotions)
    ]
    return usable_and_history(
        pairs, name=lambda row: row.title, group=lambda row: 0 if row.at_till else 1
    )
