"""The panel does the least work a new customer needs: one relayout, each row measured once.

The panel is shown in a window as the till shows it (900 px, one customer after another);
the sandbox's demo customers are presented with the real presentation code. What is counted
is what the cashier would feel as a slow or jumpy panel: widgets moved before the page is
laid out, rows laid out (word-wrapped) more than once, text re-wrapped when the scroll bar
appears, labels made anew for every customer.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from pos_profile.engage import models
from pos_profile.gui import row_delegate
from pos_profile.gui.profile_view import ProfileView
from pos_profile.sandbox.data import DemoContact, default_data_set

pytestmark = pytest.mark.gui

DATA = default_data_set()


def contact(slug: str) -> DemoContact:
    return next(c for c in DATA.contacts if c.slug == slug)


def present(view: ProfileView, slug: str) -> None:
    overview = models.parse_contact_overview(json.dumps(contact(slug).overview).encode())
    view.show_profile(overview, now=DATA.reference_now)


def settle(qtbot: QtBot, view: ProfileView) -> None:
    """Let the deferred layout, fits and paints run to the end."""
    qtbot.wait(30)
    for _ in range(4):
        QApplication.processEvents()


@pytest.fixture
def view(qtbot: QtBot) -> ProfileView:
    panel = ProfileView()
    qtbot.addWidget(panel)
    panel.resize(900, 640)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


class GeometryEvents(QObject):
    """Counts moves and resizes of ``widgets`` (what only the page's layout places)."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.widgets = widgets
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and any(
            watched is widget for widget in self.widgets
        ):
            self.seen += 1
        return False


def test_a_new_customer_is_laid_out_once_not_once_per_widget_shown(
    qtbot: QtBot, view: ProfileView
) -> None:
    present(view, "johan-ek")  # no vouchers, no promotions, no warnings
    settle(qtbot, view)
    page = view.findChild(QWidget, "profilePage")
    assert page is not None
    # The page's own widgets on screen for both customers: the page's layout alone places
    # them, so they move only when it runs (before: once for every widget shown).
    placed = [w for w in page.findChildren(QWidget) if w.parentWidget() is page and w.isVisible()]
    assert view.name_label in placed and view.vouchers in placed
    geometry = GeometryEvents(placed)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(geometry)
    try:
        present(view, "maja-berg")  # lists, toggles, warnings and tags appear
        during = geometry.seen
        settle(qtbot, view)
        after = geometry.seen
    finally:
        app.removeEventFilter(geometry)
    assert during == 0  # nothing was placed while the profile was applied ...
    assert after > 0  # ... the page's one layout pass after it placed it all
    assert view.name_label.text().startswith("Maja")
    assert view.vouchers.list.isVisible() and view.vouchers.list.height() > 0


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, int]]:
    """Every row laid out by a delegate: (the row's key, the width) -> times."""
    counts: Counter[tuple[str, int]] = Counter()
    real = row_delegate.lay_out_row

    def counting(row: Any, width: int, *args: Any, **kwargs: Any) -> Any:
        counts[(row.key, width)] += 1
        return real(row, width, *args, **kwargs)

    monkeypatch.setattr(row_delegate, "lay_out_row", counting)
    return counts


def test_each_row_is_laid_out_once_and_a_closed_history_not_at_all(
    qtbot: QtBot, view: ProfileView, measured: Counter[tuple[str, int]]
) -> None:
    present(view, "astrid-lindqvist")  # lists shown and laid out at the panel's width
    settle(qtbot, view)
    measured.clear()

    present(view, "erik-johansson-nyberg")  # 45 vouchers, 42 promotions
    settle(qtbot, view)

    shown = view.current_presentation()
    assert shown is not None
    usable = {row.key for row in (*shown.vouchers, *shown.promotions)}
    history = {row.key for row in (*shown.voucher_history, *shown.promotion_history)}
    assert usable and history
    laid_out = {key for key, _width in measured}
    assert laid_out == usable  # every usable row, no closed-history row
    assert max(measured.values()) == 1  # and each once
    assert len({width for _key, width in measured}) <= 2  # one width per list

    view.vouchers.toggle.click()  # the cashier opens the voucher history
    settle(qtbot, view)
    opened = {key for key, _width in measured} - usable
    assert opened == {row.key for row in shown.voucher_history}


def test_the_scroll_bar_does_not_re_wrap_the_panel(qtbot: QtBot, view: ProfileView) -> None:
    present(view, "astrid-lindqvist")
    settle(qtbot, view)
    bar = view.scroll_area.verticalScrollBar()
    assert not bar.isVisible()
    widths = (view.vouchers.list.width(), view.promotions.list.width(), view.facts_label.width())

    present(view, "erik-johansson-nyberg")  # needs more than the panel's height
    settle(qtbot, view)
    assert bar.isVisible()
    assert (
        view.vouchers.list.width(),
        view.promotions.list.width(),
        view.facts_label.width(),
    ) == widths


def tag_labels(view: ProfileView) -> list[QLabel]:
    return [label for label in view.findChildren(QLabel, "audienceTag")]


def test_audience_tags_reuse_their_labels_and_keep_nothing_after_clear(
    qtbot: QtBot, view: ProfileView
) -> None:
    present(view, "erik-johansson-nyberg")  # three audiences
    settle(qtbot, view)
    first = tag_labels(view)
    assert len([t for t in first if t.isVisible()]) == 3

    present(view, "maja-berg")  # one audience
    settle(qtbot, view)
    again = tag_labels(view)
    assert again == first  # the same labels, not new ones
    visible = [t for t in again if t.isVisible()]
    assert [t.text() for t in visible] == list(contact("maja-berg").overview["audiences"])[:1]
    assert all(t.text() == "" for t in again if not t.isVisible())

    view.clear()
    assert all(t.text() == "" and not t.isVisible() for t in tag_labels(view))
