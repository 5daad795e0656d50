"""The regions phonenumbers can parse numbers of, as data: checked at start-up without it. No Qt.

``[engage] phone_region`` is validated with the settings right after the window's first paint.
Importing :mod:`phonenumbers` only to read ``SUPPORTED_REGIONS`` costs 20–30 ms there (its
package loads the metadata of every region), so the set is kept here; the module itself
still loads on the first phone-number search. ``tests/unit/engage/test_phone_regions.py``
fails when an upgraded phonenumbers supports other regions: regenerate the list from
``sorted(phonenumbers.SUPPORTED_REGIONS)``.
"""

from __future__ import annotations

_CODES = (
    "AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO "
    "BQ BR BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK "
    "DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ "
    "GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM "
    "KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO "
    "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH "
    "PK PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR "
    "SS ST SV SX SY SZ TA TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC "
    "VE VG VI VN VU WF WS XK YE YT ZA ZM ZW"
)

PHONE_REGIONS = frozenset(_CODES.split())
"""``phonenumbers.SUPPORTED_REGIONS`` of the phonenumbers version in use (two-letter codes)."""
