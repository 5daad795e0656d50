"""ScannerFilter: one application-wide event filter that catches keyboard-wedge scans.

Install it once on the QApplication (:meth:`ScannerFilter.install`). It turns every
``KeyPress`` into a :class:`~pos_profile.scanning.detector.KeyInput` stamped by an
injectable monotonic clock (``QKeyEvent.timestamp()`` is 0 for QTest events, and X server
time elsewhere), feeds :class:`~pos_profile.scanning.detector.ScanDetector`, and:

* **swallows** every key the detector holds (returns True from ``eventFilter``), so the
  keys of a scan — its Enter/Tab included — never reach a widget: the scanner's Enter does
  not press the focused button nor submit the focused line edit;
* **replays** held keys that turn out to be typing to the widget they were going to, in
  order, then lets the current key through;
* hands every finished burst (a ``Scanned`` or a ``Replay``) to
  :func:`pos_profile.scanning.decision.decide`, which says what it is, whether it is
  sensitive and what to look up; this filter only emits the resulting
  :class:`~pos_profile.scanning.decision.ScanDecision`: :attr:`decided` for every burst,
  then :attr:`code_scanned` (the decision, ``lookup`` set) or :attr:`scan_rejected` (the
  cashier-facing reason); duplicates emit only :attr:`decided`;
* emits :attr:`key_seen` for the diagnostics window.

Everything about what a burst *is* lives in ``pos_profile.scanning`` (no Qt): this module is
the Qt plumbing of one scan source — event → ``KeyInput``, clone, hold, replay, the
shortcut guard and the silence timer.

How replay works (the spike's findings)
---------------------------------------
* A held press is *cloned* (``QKeyEvent.clone()``) when it is swallowed: Qt owns and frees
  the original as soon as delivery returns.
* Replay is **synchronous**: ``QCoreApplication.sendEvent(target, clone)`` from inside the
  filter (or the silence timer). A posted (``postEvent``) replay would arrive *after* the key
  that triggered it is let through, breaking the order; ``sendEvent`` delivers the held keys
  before ``eventFilter`` returns False for the current key. Qt widgets (QLineEdit,
  QPlainTextEdit, buttons) handle non-spontaneous key events like real ones.
* The filter recognises its own clones by their C++ address (a set of pointers of events
  being replayed right now) and lets them through untouched, including when Qt propagates
  an ignored key to the parent widgets. A flag would not do: a replayed Enter can run a
  slot with a nested event loop (a dialog), during which real keys must still be checked.
* Replayed clones do not go through Qt's shortcut map. That is fine: the originals already
  did (Qt matches shortcuts before delivering ``KeyPress``), and held keys have no
  Ctrl/Alt/Meta.
* Key *releases* of held presses are cloned and held too, and replayed right after their
  press, so a Space typed on a focused button still clicks it (press + release). Releases of
  keys that were part of a scan are swallowed.
* The same physical key reaches the app filter several times: on X11 first at the
  ``QWidgetWindow`` and then at the focus widget, and again at each parent when a widget
  ignores it. Only ``QWidget`` receivers are considered, and a ``KeyPress`` with the same
  C++ address travelling up the parent chain of the widget that already got it is passed
  on without being fed again.
* While keys are held, ``ShortcutOverride`` for printable keys and Enter/Tab is accepted,
  so a single-key or Return shortcut cannot fire in the middle of a scan. The first key of
  a burst is not protected that way (a real shortcut must keep working). For any other key
  (a chord such as Ctrl+A, F-keys, Esc) the held keys are replayed at ``ShortcutOverride``,
  before Qt matches shortcuts, so a shortcut never overtakes text typed before it.
* Paste (Ctrl+V, Shift+Insert, the context menu) is never a scan: chords go straight
  through, and a paste delivers text without key events.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import Outcome, ScanDecision, decide
from pos_profile.scanning.detector import Action, KeyInput, KeyKind, Replay, ScanDetector, Scanned

Clock = Callable[[], float]


def monotonic_ms() -> float:
    """The default clock: monotonic time in ms."""
    return time.monotonic() * 1000.0


_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
        Qt.Key.Key_Mode_switch,
        Qt.Key.Key_unknown,
    }
)
_DEAD_KEYS = range(Qt.Key.Key_Dead_Grave.value, Qt.Key.Key_Dead_Longsolidusoverlay.value + 1)
_OTHER_KEYS = frozenset(
    {
        Qt.Key.Key_Backspace,
        Qt.Key.Key_Delete,
        Qt.Key.Key_Escape,
        Qt.Key.Key_Backtab,
        Qt.Key.Key_Insert,
    }
)


def key_input(event: QKeyEvent, timestamp_ms: float, handle: object = None) -> KeyInput:
    """Describe a Qt key press for the detector."""
    key = event.key()
    mods = event.modifiers()
    text = event.text()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        kind = KeyKind.ENTER
    elif key == Qt.Key.Key_Tab:
        kind = KeyKind.TAB
    elif key in _MODIFIER_KEYS or key in _DEAD_KEYS:
        kind = KeyKind.MODIFIER
    elif key in _OTHER_KEYS or not text or not text.isprintable():
        kind = KeyKind.OTHER
    else:
        kind = KeyKind.CHAR
    return KeyInput(
        kind=kind,
        text=text,
        timestamp_ms=timestamp_ms,
        shift=bool(mods & Qt.KeyboardModifier.ShiftModifier),
        ctrl=bool(mods & Qt.KeyboardModifier.ControlModifier),
        alt=bool(mods & Qt.KeyboardModifier.AltModifier),
        meta=bool(mods & Qt.KeyboardModifier.MetaModifier),
        auto_repeat=event.isAutoRepeat(),
        handle=handle,
    )


@dataclass(frozen=True)
class KeyDiagnostic:
    """One key press as the detector saw it (for the diagnostics window)."""

    label: str  # the character, or Enter/Tab/modifier/other
    gap_ms: float | None
    held: bool
    note: str


@dataclass
class _Held:
    press: QKeyEvent
    target: QObject
    releases: list[QKeyEvent] = field(default_factory=list)


_ENDS_A_BURST = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick})


def _ptr(obj: shiboken6.Object) -> int:
    return int(shiboken6.getCppPointer(obj)[0])


class ScannerFilter(QObject):
    """App-wide event filter: scans become signals, typing reaches widgets unchanged."""

    code_scanned = Signal(object)  # ScanDecision of Outcome.SCAN: look up its ``lookup``
    scan_rejected = Signal(str)  # cashier-facing reason (the decision's ``error.message``)
    key_seen = Signal(object)  # KeyDiagnostic
    decided = Signal(object)  # ScanDecision, for every burst (typing included)

    def __init__(
        self,
        config: ScannerConfig | None = None,
        clock: Clock = monotonic_ms,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config or ScannerConfig()
        self.detector = ScanDetector(self.config)
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.poll)
        self._replaying: set[int] = set()
        self._held_by_key: dict[int, _Held] = {}  # Qt key -> latest held press not released
        self._swallow_release: dict[int, int] = {}  # Qt key -> releases still to swallow
        self._passed: tuple[int, float, set[int]] | None = None  # ptr, ts, receiver+ancestors
        self._app: QCoreApplication | None = None

    # ------------------------------------------------------------------ installation
    def install(self, app: QCoreApplication | None = None) -> None:
        """Install on the application (the running one by default)."""
        app = app or QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before the ScannerFilter")
        app.installEventFilter(self)
        self._app = app

    def uninstall(self) -> None:
        """Remove the filter; held keys are replayed first."""
        self.flush()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def flush(self) -> None:
        """Give every held key to its widget now (e.g. before showing a modal dialog)."""
        self._timer.stop()
        self._run(self.detector.flush())

    def poll(self) -> None:
        """Decide a burst that went silent; called by the timer (public for tests)."""
        self._run(self.detector.poll(self._clock()))
        self._arm()

    def feed_held(self, target: QWidget, event: QKeyEvent, at_ms: float) -> bool:
        """A key that arrived at ``at_ms``, before this filter existed (``boot.KeyHold``):
        decide it as if the filter had seen it then. True: the filter took it (held or part
        of a scan); False: the caller gives it to ``target``."""
        clock = self._clock
        self._clock = lambda: at_ms
        try:
            return self.eventFilter(target, event)
        finally:
            self._clock = clock

    # ------------------------------------------------------------------ the filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype not in (
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
        ):
            if etype in _ENDS_A_BURST and self.detector.holding:
                # A click after fast typing: the keys reach their field before the click
                # acts on it (e.g. "Test connection" right after pasting-speed typing).
                self.flush()
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        if self._replaying and _ptr(event) in self._replaying:
            return False
        if etype == QEvent.Type.ShortcutOverride:
            return self._shortcut_override(event)
        if etype == QEvent.Type.KeyRelease:
            return self._release(event)
        if self._is_propagation(event, watched):
            return False
        return self._press(event, watched)

    # ------------------------------------------------------------------ internals
    def _shortcut_override(self, event: QKeyEvent) -> bool:
        if not self.detector.holding:
            return False
        ki = key_input(event, 0.0)
        if ki.kind is KeyKind.MODIFIER:
            return False
        if (ki.kind is KeyKind.CHAR and not ki.chord and not ki.auto_repeat) or ki.is_terminator:
            event.accept()  # "the focus widget wants this key": no shortcut fires
            return True
        # A chord or function key may be a shortcut that acts on the field (Ctrl+A, F2,
        # Esc): give it the held keys first, so it sees what the person typed before it.
        self.flush()
        return False

    def _is_propagation(self, event: QKeyEvent, watched: QWidget) -> bool:
        passed = self._passed
        if passed is None:
            return False
        ptr, ts, chain = passed
        return ptr == _ptr(event) and ts == event.timestamp() and _ptr(watched) in chain

    def _remember_passed(self, event: QKeyEvent, watched: QWidget) -> None:
        chain: set[int] = set()
        w: QWidget | None = watched.parentWidget()
        while w is not None:
            chain.add(_ptr(w))
            w = w.parentWidget()
        self._passed = (_ptr(event), event.timestamp(), chain)

    def _press(self, event: QKeyEvent, watched: QWidget) -> bool:
        now = self._clock()
        held = _Held(event.clone(), watched)
        ki = key_input(event, now, held)
        result = self.detector.feed(ki)
        # Actions first: they settle earlier keys (and a held terminator's own scan is
        # reported after its key), so diagnostics read in the order things happened.
        scan_done = result.held and ki.is_terminator
        if result.held and not scan_done:
            self._held_by_key[event.key()] = held
        diagnostic = KeyDiagnostic(ki.label, result.gap_ms, result.held, result.note)
        if not scan_done:
            self._run(result.actions)
            self.key_seen.emit(diagnostic)
        else:
            self.key_seen.emit(diagnostic)
            self._run(result.actions)
        self._arm()
        if result.held:
            return True
        self._remember_passed(event, watched)
        return False

    def _release(self, event: QKeyEvent) -> bool:
        key = event.key()
        pending = self._swallow_release.get(key, 0)
        if pending:
            if pending == 1:
                del self._swallow_release[key]
            else:
                self._swallow_release[key] = pending - 1
            return True
        held = self._held_by_key.get(key)
        if held is not None and not held.releases:
            held.releases.append(event.clone())
            return True
        return False

    def _arm(self) -> None:
        deadline = self.detector.deadline()
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start(max(0, int(deadline - self._clock() + 0.999)))

    def _run(self, actions: Sequence[Action]) -> None:
        for action in actions:
            if isinstance(action, Replay):
                self._replay(action)
            else:
                self._scanned(action)

    def _forget(self, keys: Sequence[KeyInput]) -> list[_Held]:
        helds = [k.handle for k in keys if isinstance(k.handle, _Held)]
        for h in helds:
            if self._held_by_key.get(h.press.key()) is h:
                del self._held_by_key[h.press.key()]
        return helds

    def _replay(self, action: Replay) -> None:
        self.decided.emit(decide(action, self.config))
        for held in self._forget(action.keys):
            for ev in (held.press, *held.releases):
                self._send(held.target, ev)

    def _send(self, target: QObject, event: QKeyEvent) -> None:
        if not shiboken6.isValid(target):  # the widget went away: give it to the focus
            focus = QApplication.focusWidget()
            if focus is None:
                return
            target = focus
        ptr = _ptr(event)
        self._replaying.add(ptr)
        try:
            QCoreApplication.sendEvent(target, event)
        finally:
            self._replaying.discard(ptr)

    def _scanned(self, scan: Scanned) -> None:
        for held in self._forget(scan.keys):
            if not held.releases:
                key = held.press.key()
                self._swallow_release[key] = self._swallow_release.get(key, 0) + 1
        self._emit(decide(scan, self.config))

    def _emit(self, decision: ScanDecision) -> None:
        self.decided.emit(decision)
        if decision.outcome is Outcome.SCAN:
            self.code_scanned.emit(decision)
        elif decision.outcome is Outcome.REJECTED and decision.error is not None:
            self.scan_rejected.emit(decision.error.message)
