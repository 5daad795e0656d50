"""The ``[scanner]`` section of the config: detector thresholds and what a member code is.

Owned by the scanning package; ``pos_profile.settings`` embeds it as ``Settings.scanner``.
Every field has the default recommended by the POS research (pos-domain.md (a)).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ScannerConfig(BaseModel):
    """Thresholds of :class:`~pos_profile.scanning.detector.ScanDetector` and code rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    max_gap_ms: float = Field(50.0, gt=0, description="longest gap between two keys of a scan")
    max_mean_gap_ms: float = Field(30.0, gt=0, description="mean gap over a whole scan")
    min_length: int = Field(6, ge=1, description="shortest scan payload (no terminator)")
    max_length: int = Field(256, ge=1, description="longer bursts are never scans")
    max_duration_ms: float = Field(2000.0, gt=0, description="longer bursts are never scans")
    silence_ms: float = Field(100.0, gt=0, description="silence that ends a suffix-less scan")
    requires_terminator: bool = Field(True, description="false for scanners with no Enter/Tab suffix")
    duplicate_window_ms: float = Field(1500.0, ge=0, description="same code again within this counts once")
    host_layout: Literal["us", "sv", "fi"] = "sv"
