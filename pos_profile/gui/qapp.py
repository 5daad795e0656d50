"""The QApplication, dressed: name, font, icon, style sheet and the UI language.

Part of the first screen's path (gui/launch.py): QtCore, QtGui and QtWidgets classes,
:mod:`pos_profile.paths` and the translator only.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import pos_profile
from pos_profile import paths
from pos_profile.gui.translator import install_translator

SWITCH_INTERVAL_S = 0.001
"""Workers (HTTP, JSON, the panel's display model) hold the GIL for up to the switch interval
at a time; 1 ms instead of Python's 5 ms keeps the GUI thread's timers and paints on time
while a big profile is being prepared."""


def create_qapplication(language: str = "en") -> QApplication:
    """The QApplication with font, icon, style sheet and the UI language installed."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        qapp = existing  # tests and the self-test: dress it like the real app
    else:
        qapp = QApplication(sys.argv[:1])
        qapp.setApplicationName("pos-profile")
        qapp.setOrganizationName("pos-profile")
        qapp.setApplicationVersion(pos_profile.__version__)
        qapp.setDesktopFileName("pos-profile")
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if not qapp.property("posProfileDressed"):
        font = qapp.font()
        font.setPointSizeF(max(font.pointSizeF(), 12.0))  # readable at arm's length
        qapp.setFont(font)
        icon = paths.resource("icons", "pos-profile.svg")
        if icon.exists():
            qapp.setWindowIcon(QIcon(str(icon)))
        style = paths.resource("style", "app.qss")
        if style.exists():
            qapp.setStyleSheet(style.read_text(encoding="utf-8"))
        qapp.setProperty("posProfileDressed", True)
    install_translator(qapp, language)  # before any widget reads its texts
    return qapp


__all__ = ["create_qapplication"]
