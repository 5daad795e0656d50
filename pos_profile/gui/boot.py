"""The two pieces of the start-up sequence before the app is complete (Qt only, nothing heavy).

The window is shown from PySide6 and its own modules; the settings validation (pydantic),
the scanner filter, the keyring and httpx load right after its first paint
(:func:`after_first_paint`). Keys typed or scanned in that gap are held by a
:class:`KeyHold` and handed, with the times they arrived, to the scanner filter once it
exists: a scan that arrives before the scanner is ready is decided as a scan, not lost and
not typed into the search box as text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from pos_profile.gui.scanner import ScannerFilter

FIRST_PAINT_FALLBACK_MS = 500
"""Go on anyway when no expose/paint is seen (a platform that never exposes the window)."""

_HELD_TYPES = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, from the event loop, right after ``widget``'s next paint (for a
    window being shown: its first).

    Watches the widget's own paint events; ``then`` runs on the next turn of the loop, when
    the pixels have been flushed (or after :data:`FIRST_PAINT_FALLBACK_MS` without a paint).
    """
    done = False

    def once() -> None:
        nonlocal done
        if done:
            return
        done = True
        if not shiboken6.isValid(widget):
            return  # the widget went (the app is closing): nothing to go on with
        widget.removeEventFilter(watcher)
        watcher.deleteLater()
        then()

    class _Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, self, once)
            return False

    watcher = _Watcher(widget)
    widget.installEventFilter(watcher)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, watcher, once)  # dropped with the widget


class _HeldKey(NamedTuple):
    target: QWidget | None  # None: a key the window got before it had widgets to focus
    event: QKeyEvent
    at_ms: float


class KeyHold(QObject):
    """An application event filter that holds every key press and release until
    :meth:`release` hands them to the scanner filter (or straight to their widgets).

    Keys are the cashier's (or the scanner's) and arrive before anything can decide what they
    are; holding them keeps their order and their times. Shortcut keys (F2, Esc, F10) are held
    too and reach their widget as plain keys: before the app is ready there is nothing for them
    to act on.

    Until the cashier's view exists the hold watches only the window (:meth:`watch`, the
    native window's own events: an app-wide Python filter would see every event of building
    the widgets); :meth:`install` makes it app-wide once the view and its shortcuts exist.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held: list[_HeldKey] = []
        self._app: QCoreApplication | None = None
        self._windows: list[QWindow] = []

    @property
    def count(self) -> int:
        """How many key events are held."""
        return len(self._held)

    def watch(self, window: QWindow) -> None:
        """Hold the keys ``window`` gets (before the app-wide :meth:`install`)."""
        window.installEventFilter(self)
        self._windows.append(window)

    def install(self, app: QCoreApplication) -> None:
        app.installEventFilter(self)
        self._app = app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            event.accept()  # "the widget wants this key": it arrives as a key press, held
            return True
        if etype not in _HELD_TYPES or not isinstance(event, QKeyEvent):
            return False
        target = watched if isinstance(watched, QWidget) else None
        if target is None and not isinstance(watched, QWindow):
            return False
        self._held.append(_HeldKey(target, event.clone(), time.monotonic() * 1000.0))
        return True

    def release(self, scanner: ScannerFilter | None) -> None:
        """Stop holding; feed the held keys, in order and with their times, to ``scanner``
        (before it is installed), and give the widgets those it lets through."""
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
        for window in self._windows:
            if shiboken6.isValid(window):
                window.removeEventFilter(self)
        self._windows = []
        held, self._held = self._held, []
        for key in held:
            valid = key.target is not None and shiboken6.isValid(key.target)
            target = key.target if valid else QApplication.focusWidget()
            if target is None:
                continue
            taken = scanner is not None and scanner.feed_held(target, key.event, key.at_ms)
            if not taken:
                QCoreApplication.sendEvent(target, key.event)
        if scanner is not None:
            scanner.poll()  # a burst that went silent while held is decided now
