"""How long since the till was last used — anywhere, not only in pos-profile's window.

At a checkout the cashier works in the POS program; pos-profile only sees its own keys and
clicks. The idle clear must not drop the customer in the middle of the sale, so it also asks
the operating system when the last input happened:

* **X11** (Linux desktops, Xvfb): the MIT-SCREEN-SAVER extension's idle time
  (``XScreenSaverQueryInfo`` from ``libXss.so.1``, Debian package ``libxss1``) over a
  display connection of its own. Verified here under Xvfb with xdotool input.
* **Windows**: ``GetLastInputInfo`` against ``GetTickCount``. **macOS**:
  ``CGEventSourceSecondsSinceLastEventType`` (CoreGraphics). Both are plain calls with no
  hooks, written from the platform documentation and not run on those systems yet.
* **Wayland** and anything else: unknown (``None``); the panel then counts pos-profile's own
  input, scans and lookups only.

Every provider answers ``None`` rather than raising when the platform cannot tell. Qt-free.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from typing import Any, Protocol

log = logging.getLogger(__name__)


class IdleProvider(Protocol):
    """Seconds since the last keyboard or mouse input on the till, or None if unknown."""

    @property
    def name(self) -> str: ...

    def seconds_since_input(self) -> float | None: ...


class NoIdleInfo:
    name = "none"

    def seconds_since_input(self) -> float | None:
        return None


@functools.cache
def _xss_info_type() -> Any:
    """``XScreenSaverInfo`` as a ctypes structure (ctypes loads only when it is needed)."""
    import ctypes

    class XScreenSaverInfo(ctypes.Structure):
        _fields_ = [
            ("window", ctypes.c_ulong),
            ("state", ctypes.c_int),
            ("kind", ctypes.c_int),
            ("til_or_since", ctypes.c_ulong),
            ("idle", ctypes.c_ulong),
            ("event_mask", ctypes.c_ulong),
        ]

    return XScreenSaverInfo


class X11Idle:
    """The X server's idle time (MIT-SCREEN-SAVER), on a display connection of its own."""

    name = "x11"

    def __init__(self, display: str | None = None) -> None:
        import ctypes
        import ctypes.util

        info_type = _xss_info_type()
        xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(info_type)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(info_type),
        ]
        name = display if display is not None else os.environ.get("DISPLAY", "")
        connection = xlib.XOpenDisplay(name.encode() if name else None)
        if not connection:
            raise OSError("cannot open the X display")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(
            connection, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            xlib.XCloseDisplay(connection)
            raise OSError("the X server has no MIT-SCREEN-SAVER extension")
        self._xlib, self._xss, self._display = xlib, xss, connection
        self._root = xlib.XDefaultRootWindow(connection)
        self._info = xss.XScreenSaverAllocInfo()

    def seconds_since_input(self) -> float | None:
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return float(self._info.contents.idle) / 1000.0


class WindowsIdle:
    """``GetLastInputInfo``: the tick of the last input in this session."""

    name = "windows"

    def __init__(self) -> None:
        import ctypes

        windll = getattr(ctypes, "windll", None)
        if windll is None:
            raise OSError("not Windows")

        class LastInputInfo(ctypes.Structure):
            _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

        self._ctypes, self._info_type = ctypes, LastInputInfo
        self._user32, self._kernel32 = windll.user32, windll.kernel32

    def seconds_since_input(self) -> float | None:
        info = self._info_type()
        info.cbSize = self._ctypes.sizeof(info)
        if not self._user32.GetLastInputInfo(self._ctypes.byref(info)):
            return None
        now = self._kernel32.GetTickCount() & 0xFFFFFFFF
        return float((now - info.dwTime) & 0xFFFFFFFF) / 1000.0  # wraps every 49.7 days


class MacIdle:
    """CoreGraphics' seconds since any input event of the HID system state."""

    name = "macos"
    _HID_SYSTEM_STATE = 1
    _ANY_INPUT_EVENT = 0xFFFFFFFF

    def __init__(self) -> None:
        import ctypes
        import ctypes.util

        path = ctypes.util.find_library("ApplicationServices")
        if path is None:
            raise OSError("no ApplicationServices framework")
        self._cg = ctypes.CDLL(path)
        self._cg.CGEventSourceSecondsSinceLastEventType.restype = ctypes.c_double
        self._cg.CGEventSourceSecondsSinceLastEventType.argtypes = [ctypes.c_int, ctypes.c_uint32]

    def seconds_since_input(self) -> float | None:
        seconds = self._cg.CGEventSourceSecondsSinceLastEventType(
            self._HID_SYSTEM_STATE, self._ANY_INPUT_EVENT
        )
        return float(seconds) if seconds >= 0 else None


def _native(platform_name: str) -> IdleProvider:
    try:
        if sys.platform == "win32":
            return WindowsIdle()
        if sys.platform == "darwin":
            return MacIdle()
        if platform_name in ("xcb", "") and os.environ.get("DISPLAY"):
            return X11Idle()
    except (OSError, AttributeError) as exc:
        log.info("no system idle time (%s): the idle clear counts pos-profile's input only", exc)
    return NoIdleInfo()


class SystemIdle:
    """The platform's provider, found (ctypes loaded, the display opened) on first use —
    minutes after start-up, when the idle clear first asks — not while the window opens."""

    def __init__(self, platform_name: str) -> None:
        self._platform_name = platform_name
        self._provider: IdleProvider | None = None

    @property
    def provider(self) -> IdleProvider:
        if self._provider is None:
            self._provider = _native(self._platform_name)
        return self._provider

    @property
    def name(self) -> str:
        return self.provider.name

    def seconds_since_input(self) -> float | None:
        return self.provider.seconds_since_input()


def detect(platform_name: str = "") -> SystemIdle:
    """The provider for this till; ``platform_name`` is Qt's (``xcb``, ``windows``, …)."""
    return SystemIdle(platform_name)


__all__ = [
    "IdleProvider",
    "MacIdle",
    "NoIdleInfo",
    "SystemIdle",
    "WindowsIdle",
    "X11Idle",
    "detect",
]
