"""The whole panel for one contact: :func:`present_profile`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pos_profile.presentation.dates import aware
from pos_profile.presentation.details import (
    WarningRow,
    YesNoRow,
    present_audiences,
    present_consents,
    present_preferences,
    present_warnings,
)
from pos_profile.presentation.header import Header, TierView, present_header, present_tier
from pos_profile.presentation.options import PanelOptions, Translator, identity
from pos_profile.presentation.promotions import PromotionRow, present_promotions
from pos_profile.presentation.vouchers import VoucherRow, VoucherTotal, present_vouchers

if TYPE_CHECKING:  # the models load with the first lookup, off the start-up path
    from pos_profile.engage import models


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


def present_profile(
    overview: models.ContactOverview,
    *,
    now: dt.datetime,
    options: PanelOptions | None = None,
    tr: Translator = identity,
) -> ProfilePresentation:
    """Everything the customer panel shows for one contact, at ``now``."""
    options = options or PanelOptions()
    now = aware(now)
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
