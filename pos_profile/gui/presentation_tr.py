"""The translator the display model's templates go through (context ``ProfilePresentation``).

:mod:`pos_profile.presentation` is Qt-free and takes a plain ``tr`` callable; this is the
one the GUI gives it. ``QCoreApplication.translate`` only reads the installed catalogues,
so the presenter may call it on a worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos_profile.presentation import Translator

CONTEXT = "ProfilePresentation"


def presentation_translator() -> Translator:
    def translate(text: str) -> str:
        return QCoreApplication.translate(CONTEXT, text)

    return translate
