"""Installing the UI language's catalogues on the QApplication (``[display] language``).

Light on purpose: the first screen ("Starting…") is translated before anything heavy loads
(gui/launch.py), so this module needs only QtCore and :mod:`pos_profile.paths`. Showing
texts in that language is :mod:`pos_profile.gui.translations`.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from pos_profile import paths

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
_TRANSLATOR_NAME = "posProfileTranslator"
_INSTALLED = "posProfileTranslatorInstalled"
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


def catalogue(language: str) -> str:
    """Path of pos-profile's compiled catalogue for ``language`` (it may not exist)."""
    return str(paths.resource("translations", f"pos_profile_{language}.qm"))


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Show the UI in ``language``; True when a pos-profile catalogue was installed.

    ``en`` (the source language) installs nothing. An unknown language or a missing
    catalogue is logged and leaves the UI in English. A translator installed earlier by
    this function is removed first, so calling it again switches the language.
    """
    if app.property(_INSTALLED):  # findChildren costs ~7 ms on the first screen's path
        remove_translators(app)
    language = language.strip()
    if not language or language == SOURCE_LANGUAGE:
        return False
    if not _LANGUAGE.fullmatch(language):
        log.warning("display language %r is not a language code; showing English", language)
        return False
    ours = QTranslator(app)
    if not ours.load(catalogue(language)):
        log.warning("no translation for display language %r; showing English", language)
        ours.deleteLater()
        return False
    ours.setObjectName(_TRANSLATOR_NAME)
    app.installTranslator(ours)
    app.setProperty(_INSTALLED, True)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        qt_own.setObjectName(_TRANSLATOR_NAME)
        app.installTranslator(qt_own)
    else:
        log.info(
            "Qt's own %s translation is not installed; standard buttons stay English", language
        )
        qt_own.deleteLater()
    return True


def installed_translators(app: QCoreApplication) -> list[QTranslator]:
    """The translators :func:`install_translator` put on ``app``."""
    return [
        child for child in app.findChildren(QTranslator) if child.objectName() == _TRANSLATOR_NAME
    ]


def remove_translators(app: QCoreApplication) -> None:
    """Back to English: remove what :func:`install_translator` installed."""
    for translator in installed_translators(app):
        app.removeTranslator(translator)
        translator.setObjectName("")
        translator.deleteLater()
    app.setProperty(_INSTALLED, False)


__all__ = [
    "SOURCE_LANGUAGE",
    "catalogue",
    "install_translator",
    "installed_translators",
    "remove_translators",
]
