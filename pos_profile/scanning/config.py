"""The ``[scanner]`` section of the config: detector thresholds and what a member code is.

Owned by the scanning package; ``pos_profile.settings`` embeds it as ``Settings.scanner``.
Why each default is what it is: pos_profile/docs/pos-domain.md ("Scans: scan or typing?").

Two thresholds depend on how the scanner is connected: ``max_gap_ms`` and
``max_mean_gap_ms`` default to ``None``, which means "the value of the ``connection``
profile" (USB 50 / 30 ms, Bluetooth 100 / 60 ms). Use :attr:`ScannerConfig.gap_limit_ms`
and :attr:`ScannerConfig.mean_gap_limit_ms` to read the effective values.
"""

from __future__ import annotations

import re
import sys
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: (max gap, max mean gap) in ms per connection profile.
CONNECTION_PROFILES: dict[str, tuple[float, float]] = {
    "usb": (50.0, 30.0),
    "bluetooth": (100.0, 60.0),
}


class ScannerConfig(BaseModel):
    """Thresholds of :class:`~pos_profile.scanning.detector.ScanDetector` and code rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # ------------------------------------------------------------------ where scans come from
    source: Literal["keyboard", "serial", "evdev"] = Field(
        "keyboard",
        description="keyboard: a keyboard-wedge scanner typing into pos-profile's window; "
        "serial: a scanner in USB-COM / CDC-ACM / RS-232 mode, read whatever has the focus; "
        "evdev (Linux): the scanner's input device grabbed, member cards taken, the rest "
        "passed on to the focused program",
    )
    serial_port: str | None = Field(
        None, description="COM3, /dev/ttyACM0, a /dev/serial/by-id/... link, or usb:VID:PID"
    )
    serial_baudrate: int = Field(9600, ge=300, le=4_000_000, description="the port's speed")
    evdev_device: str | None = Field(
        None,
        description="source = evdev: a /dev/input/by-id/... path, usb:VID:PID in hex, or "
        "name:<device name>",
    )
    evdev_passthrough: bool = Field(
        True,
        description="source = evdev: pass every scan that is not a member card, and every "
        "other key, on to the focused program (false: the device is pos-profile's alone)",
    )

    # ------------------------------------------------------------------ detector
    enabled: bool = Field(True, description="false: no scan detection, every key goes through")
    connection: Literal["usb", "bluetooth"] = Field(
        "usb", description="usb: 50 ms max gap / 30 ms mean; bluetooth: 100 ms / 60 ms"
    )
    max_gap_ms: float | None = Field(
        None, gt=0, description="longest gap between two keys of a scan (default: per connection)"
    )
    max_mean_gap_ms: float | None = Field(
        None, gt=0, description="mean gap over a whole scan (default: per connection)"
    )
    min_length: int = Field(6, ge=1, description="shortest scan payload (no terminator)")
    max_length: int = Field(256, ge=1, description="longer bursts are never scans")
    max_duration_ms: float = Field(2000.0, gt=0, description="longer bursts are never scans")
    silence_ms: float = Field(
        100.0, gt=0, description="silence that ends a card swipe or a suffix-less scan"
    )
    requires_terminator: bool = Field(
        True, description="false for scanners with no Enter/Tab suffix (then silence ends a scan)"
    )
    duplicate_window_ms: float = Field(
        1500.0, ge=0, description="same code again within this counts once"
    )

    # ------------------------------------------------------------------ keyboard layouts
    host_layout: Literal["us", "sv", "fi"] = Field(
        "sv", description="keyboard layout of the till's operating system"
    )
    scanner_layout: Literal["auto", "host", "us"] = Field(
        "auto",
        description="how the scanner is programmed: auto = undo US-layout mangling only when "
        "the code is invalid as typed; host = same as host; us = US keyboard",
    )

    # ------------------------------------------------------------------ what a member code is
    member_prefix: str = Field("", description="member numbers start with this ('' = any)")
    member_length: int | None = Field(
        None, ge=1, le=64, description="exact length of a member number, prefix included"
    )
    member_pattern: str | None = Field(
        None,
        description="regular expression a whole member number matches (overrides the two above)",
    )
    member_check_digit: Literal["none", "ean", "luhn"] = Field(
        "none", description="check digit verified on a member number"
    )
    member_only: bool = Field(
        False, description="true: refuse EAN/Code 128 codes that are not member numbers"
    )
    ean_prefixes: tuple[str, ...] = Field(
        (), description="EAN/UPC codes accepted as member cards start with one of these ('' = any)"
    )
    text_code_pattern: str = Field(
        r"[A-Za-z0-9][A-Za-z0-9-]{2,63}",
        description="what a Code 128 text member code may look like",
    )

    # ------------------------------------------------------------------ magnetic card layout
    card_loyalty_prefixes: tuple[str, ...] = Field(
        (),
        description="card numbers (PAN) of loyalty cards start with one of these; any other "
        "Luhn-valid card number is a payment card and is refused",
    )
    card_member_field: Literal["pan", "discretionary"] = Field(
        "pan", description="where the member number is on the card track"
    )
    card_member_start: int = Field(0, ge=0, description="first character of the member number")
    card_member_length: int = Field(
        0, ge=0, description="length of the member number in that field (0 = to the end)"
    )

    @field_validator("member_pattern", "text_code_pattern")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @field_validator("serial_port")
    @classmethod
    def _port(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if value.lower().startswith("usb:") and not re.fullmatch(
            r"usb:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}", value
        ):
            raise ValueError('must be usb:VID:PID in hex, e.g. "usb:0c2e:0b61"')
        if not value:
            raise ValueError("must name a port, e.g. COM3 or /dev/ttyACM0")
        return value

    @field_validator("evdev_device")
    @classmethod
    def _evdev_device(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        lowered = value.lower()
        if lowered.startswith("usb:"):
            if not re.fullmatch(r"usb:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}", value):
                raise ValueError('must be usb:VID:PID in hex, e.g. "usb:0c2e:0b61"')
            return lowered
        if value.startswith("name:"):
            if not value[len("name:") :].strip():
                raise ValueError('name: needs the device name, e.g. "name:Honeywell Scanner"')
            return value
        if not value.startswith("/"):
            raise ValueError(
                "must be a /dev/input/by-id/... path, usb:VID:PID in hex or name:<device name>"
            )
        return value

    @model_validator(mode="after")
    def _serial_needs_a_port(self) -> ScannerConfig:
        if self.source == "serial" and not self.serial_port:
            raise ValueError(
                'source = "serial" needs serial_port (COM3, /dev/ttyACM0 or usb:VID:PID)'
            )
        if self.source == "evdev":
            if not sys.platform.startswith("linux"):
                raise ValueError(
                    'source = "evdev" works on Linux only (use "serial" or "keyboard")'
                )
            if not self.evdev_device:
                raise ValueError(
                    'source = "evdev" needs evdev_device (a /dev/input/by-id/... path, '
                    "usb:VID:PID or name:<device name>)"
                )
        return self

    @property
    def gap_limit_ms(self) -> float:
        """The effective longest gap between two keys of a scan."""
        if self.max_gap_ms is not None:
            return self.max_gap_ms
        return CONNECTION_PROFILES[self.connection][0]

    @property
    def mean_gap_limit_ms(self) -> float:
        """The effective longest mean gap over a scan."""
        if self.max_mean_gap_ms is not None:
            return self.max_mean_gap_ms
        return CONNECTION_PROFILES[self.connection][1]
