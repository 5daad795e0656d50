"""Nothing the cashier acts on is cut, space goes to what is usable, every glyph exists, and
the keyboard focus is visible: every demo customer at 320, 640, 900 and 1600 px.

The checks read the widgets' own geometry and the delegate's text layouts (QTextLayout):
a row's voucher number, offer code, instruction or name is never elided and never wider
than its room; a wrapped label is as tall as its text. A screenshot per customer and width
goes to test-output/screenshots/panel-fit/ for a person to look at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pos_profile.engage import models
from pos_profile.gui.profile_view import ProfileView
from pos_profile.gui.row_delegate import FOCUS_RING, RowDelegate
from pos_profile.gui.widgets import FocusRing
from pos_profile.sandbox.data import DemoContact, default_data_set

WIDTHS = (320, 640, 900, 1600)
DATA = default_data_set()
CONTACTS = [c for c in DATA.contacts]


def present(view: ProfileView, contact: DemoContact) -> None:
    overview = models.parse_contact_overview(json.dumps(contact.overview).encode())
    view.show_profile(overview, now=DATA.reference_now)
    if contact.has_point_accounts:
        accounts = json.dumps(list(contact.point_accounts)).encode()
        view.show_points(models.parse_point_accounts(accounts))


def settle(qtbot: QtBot, view: ProfileView, width: int) -> None:
    """Resize and let the layout (and the rows' re-wrap) run to the end."""
    view.resize(width, 900)
    page = view.findChild(QWidget, "profilePage")
    assert page is not None
    qtbot.waitUntil(lambda: view.width() == width and page.width() <= width)
    for _ in range(4):  # deferred fits: page, lists, rows
        QApplication.processEvents()


def cut_labels(view: ProfileView) -> list[str]:
    """Visible labels shorter or narrower than their text, or reaching past the panel."""
    page = view.findChild(QWidget, "profilePage")
    assert page is not None
    problems = []
    for label in view.findChildren(QLabel):
        if not label.isVisibleTo(view) or not label.text():
            continue
        right = label.mapTo(page, QPoint(label.width(), 0)).x()
        if right > page.width() + 1:
            problems.append(f"{label.objectName()}: reaches {right} > {page.width()}")
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if label.height() < needed:
                problems.append(f"{label.objectName()}: {label.height()} < {needed} px tall")
        elif label.width() < label.sizeHint().width():
            problems.append(f"{label.objectName()}: {label.width()} < {label.sizeHint().width()}")
    return problems


def cut_rows(view: ProfileView) -> list[str]:
    """Rows whose texts were elided, overflow their room or the row painted for them."""
    problems = []
    for lst in view.findChildren(QListView):
        if not lst.isVisibleTo(view):
            continue
        delegate = lst.itemDelegate()
        assert isinstance(delegate, RowDelegate)
        model = lst.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            layout = delegate.row_layout(index)
            assert layout is not None
            painted = lst.visualRect(index)
            if painted.height() and painted.height() < layout.height:
                problems.append(
                    f"{lst.objectName()}[{row}]: row {painted.height()} < {layout.height}"
                )
            if layout.width > lst.viewport().width():
                problems.append(f"{lst.objectName()}[{row}]: laid out wider than the list")
            for piece in layout.pieces:
                if "".join(piece.line_texts()) != piece.text or "…" in "".join(piece.line_texts()):
                    problems.append(f"{lst.objectName()}[{row}] {piece.role}: elided")
                if piece.overflows() or piece.origin.x() + piece.width > layout.width:
                    problems.append(f"{lst.objectName()}[{row}] {piece.role}: {piece.text!r} cut")
                if piece.origin.y() + piece.height() > layout.height:
                    problems.append(f"{lst.objectName()}[{row}] {piece.role}: below the row")
    return problems


@pytest.fixture
def panel(qtbot: QtBot) -> ProfileView:
    view = ProfileView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize("contact", CONTACTS, ids=[c.slug for c in CONTACTS])
def test_nothing_the_cashier_acts_on_is_cut(
    qtbot: QtBot, panel: ProfileView, contact: DemoContact, screenshot_dir: Path
) -> None:
    out = screenshot_dir / "panel-fit"
    out.mkdir(exist_ok=True)
    for width in WIDTHS:
        panel.set_compact(width < 500)
        present(panel, contact)
        for toggle in panel.findChildren(QAbstractButton):
            if toggle.isVisibleTo(panel) and toggle.isCheckable():
                toggle.setChecked(True)  # the history too
        settle(qtbot, panel, width)
        assert panel.grab().save(str(out / f"{contact.slug}-{width}.png"))
        problems = cut_labels(panel) + cut_rows(panel)
        assert not problems, f"{contact.slug} at {width} px: {problems}"


def test_a_long_voucher_number_and_instruction_wrap_whole(qtbot: QtBot, panel: ProfileView) -> None:
    """The texts the issue saw cut ("No. 251130…", "Registrera kampanjkod 4410…")."""
    number = "2511300000000000049"
    instruction = "Registrera kampanjkod 4410 99 12 i kassan och ge kunden en present"
    payload = {
        "attributes": {"firstName": "Long", "lastName": "Texts", "memberNumber": "7001"},
        "meta": {"contactType": "Member"},
        "rewardVouchers": [{"id": "v", "voucherNumber": number, "name": "Bonuscheck september 2026",
                            "value": {"currency": "SEK", "amount": 100},
                            "expiresOn": "2027-01-30T00:00:00+01:00"}],
        "promotions": [{"id": "p", "name": "Gratis tygkasse",
                        "expiresOn": "2027-01-30T00:00:00+01:00",
                        "redemptionChannels": [{"type": "POS", "valueType": "MANUAL",
                                                "value": "Promotion",
                                                "instruction": instruction}]}],
    }  # fmt: skip
    panel.set_compact(True)
    panel.show_profile(models.ContactOverview.model_validate(payload), now=DATA.reference_now)
    settle(qtbot, panel, 320)
    assert not cut_rows(panel)
    vouchers = panel.findChild(QListView, "voucherList")
    layout = vouchers.itemDelegate().row_layout(vouchers.model().index(0, 0))
    code = layout.piece("code")
    assert code is not None and number in code.text
    promotions = panel.findChild(QListView, "promotionList")
    detail = promotions.itemDelegate().row_layout(promotions.model().index(0, 0))
    assert any(p.text == instruction and p.layout.lineCount() > 1 for p in detail.pieces)


# --------------------------------------------------------------------------- space


def test_one_row_takes_one_row_and_history_never_shrinks_the_usable_list(
    qtbot: QtBot, panel: ProfileView
) -> None:
    maja = next(c for c in CONTACTS if c.slug == "maja-berg")
    present(panel, maja)
    settle(qtbot, panel, 900)
    vouchers = panel.findChild(QListView, "voucherList")
    rows = vouchers.model().rowCount()
    total = sum(vouchers.visualRect(vouchers.model().index(r, 0)).height() for r in range(rows))
    assert vouchers.height() <= total + 2 * vouchers.frameWidth() + 1  # no empty box

    erik = next(c for c in CONTACTS if c.slug == "erik-johansson-nyberg")
    present(panel, erik)
    settle(qtbot, panel, 640)
    before = vouchers.height()
    first_row = vouchers.visualRect(vouchers.model().index(0, 0)).height()
    assert before >= 2.5 * first_row  # several usable rows, not 1.3
    toggle = panel.findChild(QAbstractButton, "voucherHistoryToggle")
    toggle.setFocus()
    qtbot.keyClick(toggle, Qt.Key.Key_Space)
    history = panel.findChild(QListView, "voucherHistoryList")
    qtbot.waitUntil(history.isVisible)
    settle(qtbot, panel, 640)
    assert vouchers.height() >= before


# --------------------------------------------------------------------------- glyphs


def missing_glyphs(widget: QWidget) -> list[str]:
    missing = []
    for label in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not label.isVisibleTo(widget.window()):
            continue
        metrics = QFontMetrics(label.font())
        for char in set(label.text()) - {"\n", "\u00a0", "&"}:
            if not metrics.inFontUcs4(ord(char)):
                missing.append(f"{label.objectName()}: U+{ord(char):04X} {char}")
    for lst in widget.findChildren(QListView):
        delegate = lst.itemDelegate()
        if not isinstance(delegate, RowDelegate) or not lst.isVisibleTo(widget.window()):
            continue
        for row in range(lst.model().rowCount()):
            layout = delegate.row_layout(lst.model().index(row, 0))
            for piece in layout.pieces if layout else ():
                metrics = QFontMetrics(piece.layout.font())
                missing += [
                    f"{lst.objectName()}: U+{ord(c):04X}"
                    for c in set(piece.text) - {"\u00a0"}
                    if not metrics.inFontUcs4(ord(c))
                ]
    return missing


@pytest.mark.parametrize("contact", CONTACTS, ids=[c.slug for c in CONTACTS])
def test_every_character_on_the_panel_has_a_glyph(
    qtbot: QtBot, panel: ProfileView, contact: DemoContact
) -> None:
    present(panel, contact)
    settle(qtbot, panel, 900)
    assert not missing_glyphs(panel)


# --------------------------------------------------------------------------- focus


def ring_pixels(image: QImage, color: QColor) -> int:
    target = color.rgb()
    return sum(
        1
        for y in range(0, image.height(), 1)
        for x in (1, 2, image.width() - 2, image.width() - 3)
        if image.pixel(x, y) == target
    )


@pytest.fixture(params=["light", "dark"])
def themed_window(request: pytest.FixtureRequest, qtbot: QtBot) -> tuple[QWidget, ProfileView]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    if request.param == "dark":
        dark = QPalette()
        for role, color in (
            (QPalette.ColorRole.Window, "#202124"),
            (QPalette.ColorRole.Base, "#2b2c2f"),
            (QPalette.ColorRole.Text, "#e8eaed"),
            (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Button, "#303134"),
            (QPalette.ColorRole.ButtonText, "#e8eaed"),
        ):
            dark.setColor(role, QColor(color))
        app.setPalette(dark)
    FocusRing.install(app)
    host = QWidget()
    layout = QVBoxLayout(host)
    search = QLineEdit()
    layout.addWidget(search)
    view = ProfileView()
    layout.addWidget(view)
    qtbot.addWidget(host)
    host.resize(900, 800)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    yield host, view
    app.setPalette(old)


def test_tab_shows_a_ring_on_every_control_and_the_focused_row(
    qtbot: QtBot, themed_window: tuple[QWidget, ProfileView]
) -> None:
    host, view = themed_window
    erik = next(c for c in CONTACTS if c.slug == "erik-johansson-nyberg")
    present(view, erik)
    settle(qtbot, view, view.width())
    seen: set[str] = set()
    for _ in range(8):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        ring = FocusRing.of(host)
        qtbot.waitUntil(lambda r=ring, w=now: r.isVisible() and r.target() is w)
        QApplication.processEvents()
        shot = host.grab().toImage()
        top_left = now.mapTo(host, QPoint(0, 0))
        inner = shot.copy(top_left.x(), top_left.y(), now.width(), now.height())
        assert ring_pixels(inner, FocusRing.COLOR) >= 2 * now.height(), now.objectName()
        seen.add(now.objectName())
        if isinstance(now, QListView):  # the row in focus has its own ring
            qtbot.keyClick(now, Qt.Key.Key_Down)
            rect = now.visualRect(now.currentIndex())
            assert rect.isValid()
            image = now.viewport().grab(rect).toImage()
            assert ring_pixels(image, FOCUS_RING) >= rect.height()
    assert {"voucherList", "promotionList", "voucherHistoryToggle"} <= seen
