"""Where the cashier window lives: a normal window, or a strip beside the POS.

``[display] placement = "right"`` (or ``"left"``) opens the window as a full-height strip at
that edge of the screen it starts on, ``[display] width`` pixels wide, kept on top of the
POS and shown without taking the keyboard focus: a customer appears without the POS losing
its focus (the cashier clicks into the strip to type). ``"window"`` is an ordinary window
that remembers its size. A strip narrower than :data:`COMPACT_BELOW` uses the compact layout.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

COMPACT_BELOW = 560
"""Strips narrower than this (px) get the compact layout."""


def is_strip(placement: str) -> bool:
    return placement in ("left", "right")


def strip_geometry(available: QRect, placement: str, width: int) -> QRect:
    """The strip's rectangle inside the screen's ``available`` area (taskbars excluded)."""
    width = max(260, min(width, available.width()))
    x = available.left() if placement == "left" else available.right() - width + 1
    return QRect(x, available.top(), width, available.height())


def prepare_strip(window: QWidget) -> None:
    """Before the first show: on top, and shown without taking the focus."""
    # Imported here: Python's first use of the ``Qt`` namespace builds all of its enums
    # (~20 ms), which an ordinary window's first paint does without (gui/main_window.py).
    from PySide6.QtCore import Qt

    window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)


def place_strip(window: QWidget, placement: str, width: int) -> QRect:
    """Move ``window`` to its strip on the screen it is on (the primary one at start)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    geometry = strip_geometry(screen.availableGeometry(), placement, width)
    window.setGeometry(geometry)
    return geometry


__all__ = ["COMPACT_BELOW", "is_strip", "place_strip", "prepare_strip", "strip_geometry"]
