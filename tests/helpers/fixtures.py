"""Where the recorded Engage answers are, and the moment their dates were written for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURES_NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
"""The fixtures' "now": freeze a test's clock here and their expiry dates read as written."""
