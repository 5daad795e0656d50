"""What the customer panel shows, computed without Qt.

:func:`present_profile` turns a :class:`~pos_profile.engage.models.ContactOverview` into a
:class:`ProfilePresentation` (plain frozen dataclasses of display text), and
:func:`present_points` does the same for ``/point-accounts``. The widget in
``pos_profile.gui.profile_view`` only lays these out, so every rule a cashier relies on
(masking, protected identity, sorting, expiry flags, money, what the till must do) is
unit-tested here.

One module per job:

* :mod:`.options` — :class:`PanelOptions` and the :data:`Translator` the templates go through;
* :mod:`.text` — one clean line of text, readable identifiers, numbers and money;
* :mod:`.dates` — ISO dates in ``now``'s zone and "Expires in N days";
* :mod:`.items` — what vouchers and promotions share: status and order;
* :mod:`.header` — name, member number, masked personal number, contact details; the tier;
* :mod:`.vouchers`, :mod:`.promotions`, :mod:`.points`, :mod:`.details` (warnings, consents,
  preferences, audiences);
* :mod:`.profile` — :func:`present_profile`, the whole panel.

Rules:

* ``now`` is always passed in; nothing here reads the clock.
* Text is English; every template goes through the ``tr`` callable (the widget passes
  Qt's translator in context ``ProfilePresentation``, tests use the default identity) and
  is then ``str.format``-ed. ``tr("...")`` with a literal marks the template for the
  catalogue (:mod:`pos_profile.i18n`); a template kept in a table is marked with ``N_``.
* Money is written the sv-SE way (``1 250 kr``, ``49,50 kr``, ``100 NOK`` in a Swedish
  store): see :mod:`.text`.
* Dates are ISO (``2027-01-30``, the Swedish convention), in ``now``'s time zone. "Expires in
  N days" counts calendar days in that zone.
* A secrecy-marked contact (protected identity) yields no name, address, personal number,
  e-mail, phone or age anywhere in the result.
* Nothing from the payload is trusted: missing, odd or huge values give a sane empty panel.
"""

from __future__ import annotations

from pos_profile.presentation.candidate import CandidateRow, present_candidate
from pos_profile.presentation.dates import Expiry, expiry_of
from pos_profile.presentation.details import (
    WarningRow,
    YesNoRow,
    present_audiences,
    present_consents,
    present_preferences,
    present_warnings,
)
from pos_profile.presentation.header import (
    Fact,
    Header,
    TierView,
    mask_personal_number,
    present_header,
    present_tier,
)
from pos_profile.presentation.items import ItemStatus
from pos_profile.presentation.options import PanelOptions, Translator
from pos_profile.presentation.points import (
    MAX_POINT_ACCOUNTS,
    PointsLine,
    PointsView,
    present_points,
)
from pos_profile.presentation.profile import ProfilePresentation, present_profile
from pos_profile.presentation.promotions import PromotionRow, present_promotions
from pos_profile.presentation.text import (
    NBSP,
    clean,
    currency_unit,
    format_money,
    format_number,
    humanise,
)
from pos_profile.presentation.vouchers import VoucherRow, VoucherTotal, present_vouchers

__all__ = [
    "MAX_POINT_ACCOUNTS",
    "NBSP",
    "CandidateRow",
    "Expiry",
    "Fact",
    "Header",
    "ItemStatus",
    "PanelOptions",
    "PointsLine",
    "PointsView",
    "ProfilePresentation",
    "PromotionRow",
    "TierView",
    "Translator",
    "VoucherRow",
    "VoucherTotal",
    "WarningRow",
    "YesNoRow",
    "clean",
    "currency_unit",
    "expiry_of",
    "format_money",
    "format_number",
    "humanise",
    "mask_personal_number",
    "present_audiences",
    "present_candidate",
    "present_consents",
    "present_header",
    "present_points",
    "present_preferences",
    "present_profile",
    "present_promotions",
    "present_tier",
    "present_vouchers",
    "present_warnings",
]
