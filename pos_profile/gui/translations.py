"""The cashier UI in the configured language (``[display] language``: ``en`` or ``sv``).

English is the source text everywhere, so ``en`` installs nothing. Any other language loads
``resources/translations/pos_profile_<lang>.qm`` (built from the ``.ts`` next to it, see the
README there) and Qt's own ``qtbase_<lang>.qm`` for the standard buttons (Save, Cancel,
Yes, No). Call :func:`install_translator` before the first window is built: widgets read
their texts when they are created.

Texts written outside ``pos_profile/gui`` (errors, the display model's templates, the
lookup kind labels) are marked where they are written (:mod:`pos_profile.i18n`) and shown
here: :func:`translate_error` translates an error's template (context ``errors``) and fills
in its fields; the profile view hands ``QCoreApplication.translate`` in context
``ProfilePresentation`` to the display model as its ``tr``.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from pos_profile import errors, paths
from pos_profile.i18n import ERRORS, LOOKUP_KIND, PRESENTATION, Message

log = logging.getLogger(__name__)

__all__ = [
    "ERRORS",
    "LOOKUP_KIND",
    "PRESENTATION",
    "QT_TRANSLATE_NOOP",
    "SOURCE_LANGUAGE",
    "catalogue",
    "install_translator",
    "installed_translators",
    "remove_translators",
    "translate",
    "translate_error",
    "translate_lookup_kind",
]

SOURCE_LANGUAGE = "en"
_TRANSLATOR_NAME = "posProfileTranslator"
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark a GUI text for ``pyside6-lupdate`` in ``context``; returns it unchanged (typed).

    For ``pos_profile/gui`` only; the rest of the package marks with ``i18n.N_``."""
    return text


# --------------------------------------------------------------------------- runtime


def translate(message: Message) -> str:
    """``message`` in the installed language: its template translated, then its fields
    filled in (English when the catalogue has no translation)."""
    return message.translated(QCoreApplication.translate)


def translate_error(error: errors.PosProfileError | Message | str) -> str:
    """An error's message in the installed language.

    A ``str`` is a fixed message (no fields) that came as text, e.g. through a ``str``
    signal (a scan rejection, a points failure); it is looked up as it is."""
    if isinstance(error, errors.PosProfileError):
        return translate(error.translatable)
    if isinstance(error, Message):
        return translate(error)
    return QCoreApplication.translate(ERRORS, error)


def translate_lookup_kind(label: str) -> str:
    """``LookupKind.label`` ("e-mail") in the installed language."""
    return QCoreApplication.translate(LOOKUP_KIND, label)


def catalogue(language: str) -> str:
    """Path of pos-profile's compiled catalogue for ``language`` (it may not exist)."""
    return str(paths.resource("translations", f"pos_profile_{language}.qm"))


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Show the UI in ``language``; True when a pos-profile catalogue was installed.

    ``en`` (the source language) installs nothing. An unknown language or a missing
    catalogue is logged and leaves the UI in English. A translator installed earlier by
    this function is removed first, so calling it again switches the language.
    """
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
