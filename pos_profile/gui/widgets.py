"""Small widget helpers the panel's parts share: plain-text labels, scaled fonts, a page
that scrolls only when it must, and a wrapping row of tags."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QWidget,
)


def plain_label(name: str = "", *, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # payload text is never markup
    label.setWordWrap(wrap)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if name:
        label.setObjectName(name)
    return label


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font


class FitScrollArea(QScrollArea):
    """A page that fills the view and scrolls only when it cannot fit.

    ``QScrollArea(widgetResizable=True)`` makes a page with wrapping labels as tall as its
    *preferred* height, so stretchy lists grow to every row and nothing stays on screen.
    Here the page is exactly as tall as the view, unless the minimum it needs at this width
    (every wrapped label whole, every list at its minimum) is taller: then it scrolls.

    The scroll bar takes the place of the page's right margin (:meth:`set_page_margins`):
    the content keeps its width whether the bar shows or not, so a profile that needs the
    bar does not re-wrap every label and re-measure every row a second time.
    """

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)
        self._fitting = False
        self._margins: QMargins | None = None
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.timeout.connect(self.fit_page)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # Tab into the page: what has focus is on screen
            app.focusChanged.connect(self._reveal_focus)

    def _reveal_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self):  # the application outlived this panel
            return
        page = self.widget()
        if new is not None and page is not None and page.isAncestorOf(new):
            self.ensureWidgetVisible(new, 0, 0)

    def schedule_fit(self) -> None:
        """Something inside changed its minimum: fit the page once the layouts have run."""
        self._fit_later.start(0)

    def set_page_margins(self, margins: QMargins) -> None:
        """The page layout's margins when no scroll bar shows."""
        self._margins = QMargins(margins)
        self._apply_margins()

    def _apply_margins(self) -> None:
        page = self.widget()
        layout = page.layout() if page is not None else None
        if layout is None or self._margins is None:
            return
        bar = max(self.width() - 2 * self.frameWidth() - self.viewport().width(), 0)
        margins = QMargins(self._margins)
        margins.setRight(max(margins.right() - bar, 0))
        if layout.contentsMargins() != margins:
            layout.setContentsMargins(margins)

    def fit_page(self) -> None:
        page = self.widget()
        layout = page.layout() if page is not None else None
        if page is None or layout is None or self._fitting:
            return
        self._fitting = True
        try:
            self._apply_margins()
            width = self.viewport().width()
            width = max(width, layout.minimumSize().width())
            needed = layout.minimumHeightForWidth(width) if layout.hasHeightForWidth() else -1
            needed = max(needed, layout.minimumSize().height())
            page.resize(width, max(self.viewport().height(), needed))
        finally:
            self._fitting = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_page()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_page()  # before the page's layout runs: it never lays out too small
            self.schedule_fit()  # and once the scroll bar has settled
        return False


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next line when the width runs out (tags)."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        gap = self.spacing()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y()


class OverlayBanner(QLabel):
    """A banner drawn over the top of ``target`` (the idle-clear countdown): showing it
    never moves the layout. A clock is painted before the text with QPainter (no glyph a
    font may lack)."""

    ICON = 18

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self._target = target
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        target.installEventFilter(self)
        self.hide()

    def place(self) -> None:
        """At the bottom of the target (over the end of the lists, never the name)."""
        margin = 6
        width = max(self._target.width() - 2 * margin, 40)
        height = max(self.heightForWidth(width), self.minimumSizeHint().height())
        self.setGeometry(margin, self._target.height() - height - margin, width, height)
        self.raise_()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.place()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if visible:
            self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self.palette().color(self.foregroundRole())
        painter.setPen(QPen(color, 2))
        size = self.ICON
        box = QRectF(10, (self.height() - size) / 2, size, size)
        painter.drawEllipse(box.adjusted(1, 1, -1, -1))
        centre = box.center()
        painter.drawLine(centre, QPointF(centre.x(), box.top() + 4))
        painter.drawLine(centre, QPointF(box.right() - 5, centre.y()))
        painter.end()


class FocusRing(QWidget):
    """A 3 px ring around whatever widget has the keyboard focus, in every window.

    A style sheet's ``:focus`` border is lost on a blue button (blue on blue) and depends on
    each widget's style; this ring is the same everywhere: a dark-blue outer ring (8.6:1 on
    white, 6.7:1 on the window grey) with a white inner line, so it also shows on the blue
    Search button and on a dark palette. Lists paint their focused row's own ring.
    Each window gets its own ring (a child of the window); :meth:`install` starts the one
    tracker that moves it.
    """

    COLOR = QColor("#1d4ed8")
    INNER = QColor("#ffffff")
    WIDTH = 3

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []
        self.hide()

    @staticmethod
    def install(app: QApplication) -> None:
        """Start following the focus (once per application)."""
        if app.findChild(_FocusTracker) is None:
            _FocusTracker(app)

    @staticmethod
    def of(window: QWidget) -> FocusRing:
        ring = window.findChild(FocusRing, "focusRing", Qt.FindChildOption.FindDirectChildrenOnly)
        return ring if isinstance(ring, FocusRing) else FocusRing(window)

    def target(self) -> QWidget | None:
        return self._target

    def set_target(self, target: QWidget | None) -> None:
        for watched in self._watched:
            watched.removeEventFilter(self)
        self._watched = []
        self._target = target
        widget: QWidget | None = target
        while widget is not None and widget is not self.parentWidget():
            widget.installEventFilter(self)
            self._watched.append(widget)
            widget = widget.parentWidget()
        self.follow()

    def follow(self) -> None:
        target, window = self._target, self.parentWidget()
        if target is None or window is None or not target.isVisible():
            self.hide()
            return
        self.setGeometry(QRect(target.mapTo(window, QPoint(0, 0)), target.size()))
        self.raise_()
        self.show()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            QTimer.singleShot(0, self.follow)
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        half = self.WIDTH / 2
        painter.setPen(QPen(self.COLOR, self.WIDTH))
        painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))
        painter.setPen(QPen(self.INNER, 1))
        inset = self.WIDTH + 0.5
        painter.drawRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset))
        painter.end()


class _FocusTracker(QObject):
    """Moves each window's FocusRing to the widget that has the focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._ring: FocusRing | None = None
        app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._ring is not None and shiboken6.isValid(self._ring):
            self._ring.set_target(None)
        self._ring = None
        if new is None or new.isWindow() or isinstance(new, FocusRing):
            return
        self._ring = FocusRing.of(new.window())
        self._ring.set_target(new)
