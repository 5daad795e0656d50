"""Reward vouchers: value in the store's currency, expiry, status, order and the total."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pos_profile.presentation.dates import Expiry, expiry_of
from pos_profile.presentation.items import ItemStatus, item_status, usable_and_history
from pos_profile.presentation.text import clean, format_money, money_in

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models
    from pos_profile.presentation.items import Redeemable
    from pos_profile.presentation.options import PanelOptions, Translator


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
    item_id: str | None = None
    """The voucher's Engage ``id`` (what a redeem posts to), None when Engage sent none."""

    @property
    def pos_code(self) -> str | None:
        """What the cashier keys into the POS for this voucher: its number, alone."""
        return self.number or None

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


def _voucher_row(
    voucher: models.RewardVoucher,
    index: int,
    now: dt.datetime,
    options: PanelOptions,
    tr: Translator,
) -> VoucherRow:
    amount, shown = money_in(voucher.value, voucher.local_values, options.currency)
    if amount is not None:
        value_text = format_money(amount, options.currency, options.currency)
    elif shown is not None and shown.amount is not None and shown.currency:
        value_text = format_money(shown.amount, shown.currency, options.currency)
    else:
        value_text = "—"
    expiry = expiry_of(voucher.expires_on, now, options, tr)
    status, status_text = item_status(voucher, expiry, now, tr)
    return VoucherRow(
        key=clean(voucher.id, 80) or clean(voucher.voucher_number, 80) or f"#{index}",
        name=clean(voucher.name, 120) or tr("Reward voucher"),
        number=clean(voucher.voucher_number, 60) or None,
        value_text=value_text,
        amount=amount,
        expiry=expiry,
        status=status,
        status_text=status_text,
        item_id=clean(voucher.id, 80) or None,
    )


def present_vouchers(
    vouchers: Iterable[models.RewardVoucher],
    now: dt.datetime,
    options: PanelOptions,
    tr: Translator,
) -> tuple[tuple[VoucherRow, ...], tuple[VoucherRow, ...], VoucherTotal]:
    """(usable sorted by expiry with no-expiry last, history most recent first, total)."""
    pairs: list[tuple[VoucherRow, Redeemable]] = [
        (_voucher_row(voucher, index, now, options, tr), voucher)
        for index, voucher in enumerate(vouchers)
    ]
    rows, history = usable_and_history(pairs, name=lambda row: row.name)
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
        history,
        VoucherTotal(
            text=format_money(total, options.currency, options.currency),
            count=len(rows),
            missing=missing,
            note=note,
        ),
    )
