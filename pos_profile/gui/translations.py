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

from PySide6.QtCore import QCoreApplication

from pos_profile import errors
from pos_profile.gui.translator import (
    SOURCE_LANGUAGE,
    catalogue,
    install_translator,
    installed_translators,
    remove_translators,
)
from pos_profile.i18n import ERRORS, LOOKUP_KIND, PRESENTATION, Message

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
