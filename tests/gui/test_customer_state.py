"""Issue 13: a panel a cashier can trust. Real key events against the sandbox on a socket.

Per-customer state (contact type, typed text and its undo history, the remembered
identifier), ambiguous typed numbers tried kind by kind, several matches to pick from,
retry after offline, and the tenant shown only when the till is not set up.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_profile.gui.cashier_view import CashierView
from pos_profile.gui.status_view import State
from pos_profile.sandbox.faults import Fault
from pos_profile.sandbox.server import SandboxServer
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.decision import decide_text
from tests.gui.test_main_window import (  # the same real-socket window as the window tests
    WindowFactory,
    make_window,
    search,
    visible_texts,
)

__all__ = ["make_window"]  # a fixture, imported so pytest finds it here

GRETA = "7003151003"  # a member number that is also a valid personnummer (nobody's)
HOLMS = "familjen.holm@example.com"  # two Holms and a protected identity: 409


@pytest.fixture
def window(make_window: WindowFactory) -> CashierView:
    return make_window(idle_clear_seconds=120)


@pytest.fixture
def compact(make_window: WindowFactory) -> CashierView:
    main = make_window(idle_clear_seconds=120)
    main.set_compact(True)
    main.resize(360, 640)
    return main


def undo(qtbot: QtBot, window: CashierView) -> None:
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


# --------------------------------------------------------------------------- 2. typed numbers


def test_a_typed_member_number_that_is_a_personnummer_finds_the_member(
    qtbot: QtBot, window: CashierView
) -> None:
    search(qtbot, window, GRETA)
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "Greta Holmgren" in visible_texts(window)
    assert window.found_by_label.isVisible()
    assert window.found_by_label.text() == "Found by member number"


def test_a_personal_number_says_found_by_personal_number(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, "8604122385")  # Astrid's personnummer without the dash
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "Astrid Lindqvist" in visible_texts(window)
    assert window.found_by_label.text() == "Found by personal number"


def test_not_found_says_every_kind_asked_and_keeps_the_text_selected(
    qtbot: QtBot, window: CashierView
) -> None:
    typed = "7003151011"  # valid personnummer shape, nobody's personnummer or member number
    search(qtbot, window, typed)
    qtbot.waitUntil(lambda: window.state() is State.NOT_FOUND, timeout=5000)
    texts = visible_texts(window)
    assert "No member found by personal number or member number" in texts
    assert typed not in texts.replace(window.search_box.text(), "")  # never echoed
    assert window.search_box.text() == typed
    assert window.search_box.selectedText() == typed
    assert QApplication.focusWidget() is window.search_box
    qtbot.keyClicks(window.search_box, "7003151003")  # typing replaces the selection
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)


def test_invalid_text_stays_selected_for_correction(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, "astrid@@example.com")
    qtbot.waitUntil(lambda: window.state() is State.INVALID, timeout=5000)
    assert window.search_box.selectedText() == "astrid@@example.com"


def test_ctrl_z_never_brings_back_the_previous_customers_email(
    qtbot: QtBot, window: CashierView
) -> None:
    search(qtbot, window, "astrid.lindqvist@example.com")
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert window.search_box.text() == ""
    undo(qtbot, window)
    assert window.search_box.text() == ""
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    window.on_code_scanned(decide_text("7001234567", ScannerConfig()))
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    undo(qtbot, window)
    assert window.search_box.text() == ""


def test_ctrl_z_after_esc_on_a_not_found_text_brings_nothing_back(
    qtbot: QtBot, window: CashierView
) -> None:
    search(qtbot, window, "nobody@example.com")
    qtbot.waitUntil(lambda: window.state() is State.NOT_FOUND, timeout=5000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.state() is State.READY
    undo(qtbot, window)
    assert window.search_box.text() == ""


# --------------------------------------------------------------------------- 10. panel clears


def test_the_previous_customer_goes_as_soon_as_a_typed_lookup_starts(
    qtbot: QtBot, window: CashierView, fixture_time_sandbox: SandboxServer
) -> None:
    search(qtbot, window, "7001234567")
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    fixture_time_sandbox.latency_ms = 300
    try:
        search(qtbot, window, "maja.berg@example.com")
        assert window.state() is State.LOOKING_UP  # at once, before any answer
        assert window.profile_view.current_presentation() is None
        assert "Astrid" not in visible_texts(window)
        qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    finally:
        fixture_time_sandbox.latency_ms = 0


# --------------------------------------------------------------------------- 1. contact type


def choose_contact_type(qtbot: QtBot, window: CashierView, label: str) -> None:
    qtbot.keyClick(window.search_box, Qt.Key.Key_F3)
    box = window.contact_type_box
    qtbot.waitUntil(lambda: box.view().isVisible(), timeout=2000)
    index = box.findText(label)
    view = box.view()
    view.setCurrentIndex(box.model().index(index, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.view().isVisible(), timeout=2000)
    assert box.currentText() == label


def test_the_contact_type_returns_to_the_default_after_esc(
    qtbot: QtBot, window: CashierView
) -> None:
    choose_contact_type(qtbot, window, "Contact")
    assert window.contact_type() == "contact"
    qtbot.keyClick(window.contact_type_box, Qt.Key.Key_Escape)
    assert window.contact_type() == "member"


def test_the_contact_type_is_for_one_customer(qtbot: QtBot, window: CashierView) -> None:
    choose_contact_type(qtbot, window, "Contact")
    search(qtbot, window, "nyhetsbrev.lasare@example.com")
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert window.contact_type() == "member"  # the next member's card is not missed
    window.on_code_scanned(decide_text("7001234567", ScannerConfig()))
    qtbot.waitUntil(lambda: "Astrid Lindqvist" in visible_texts(window), timeout=5000)


def test_a_scan_goes_with_the_default_contact_type(qtbot: QtBot, window: CashierView) -> None:
    choose_contact_type(qtbot, window, "Contact")
    window.on_code_scanned(decide_text("7001234567", ScannerConfig()))
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "Astrid Lindqvist" in visible_texts(window)


def test_compact_f3_opens_the_type_in_place_and_it_stays_visible_while_switched(
    qtbot: QtBot, compact: CashierView
) -> None:
    box = compact.contact_type_box
    assert not box.isVisible()  # the default: no room taken
    qtbot.keyClick(compact.search_box, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: box.view().isVisible(), timeout=2000)
    assert box.isVisible()
    popup = box.view().window().frameGeometry()
    at = QRect(box.mapToGlobal(QPoint(0, 0)), box.size())
    assert popup.intersects(at) or abs(popup.top() - at.bottom()) <= 4  # at the box
    search_box = QRect(compact.search_box.mapToGlobal(QPoint(0, 0)), compact.search_box.size())
    assert not popup.intersects(search_box)  # not over the search box
    view = box.view()
    view.setCurrentIndex(box.model().index(box.findText("Contact"), 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: not box._update_later.isActive(), timeout=2000)  # deferred update ran
    assert box.isVisible()  # not the default: always shown
    qtbot.keyClick(compact.search_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)
    assert compact.contact_type() == "member"


# --------------------------------------------------------------------------- 8. several matches


def test_several_matches_are_listed_without_exposing_strangers(
    qtbot: QtBot, window: CashierView
) -> None:
    search(qtbot, window, HOLMS)
    qtbot.waitUntil(lambda: window.state() is State.MULTIPLE, timeout=5000)
    rows = window.candidate_list
    qtbot.waitUntil(lambda: not any("Fetching" in t for t in rows.texts()), timeout=5000)
    texts = rows.texts()
    assert len(texts) == 3
    assert any(t.startswith("Per H.") for t in texts)
    assert any(t.startswith("Karin H.") for t in texts)
    protected = [t for t in texts if t.startswith("Protected identity")]
    assert len(protected) == 1
    assert "@" not in protected[0] and "+46" not in protected[0]
    joined = "\n".join(texts) + visible_texts(window)
    assert "Holm " not in joined and "familjen.holm" not in joined  # no full names or e-mail
    assert "f***@example.com" in joined
    assert "+46\u00a0*******55" in joined  # masked, and never broken across lines
    assert "Several members match" in visible_texts(window)
    assert window.state() is State.MULTIPLE  # nobody picked automatically
    assert not window._controller.is_busy()  # and no profile on its way


def test_a_match_is_picked_with_the_arrow_keys_and_enter(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, HOLMS)
    rows = window.candidate_list
    qtbot.waitUntil(
        lambda: bool(rows.texts()) and not any("Fetching" in t for t in rows.texts()),
        timeout=5000,
    )
    assert QApplication.focusWidget() is rows.rows
    qtbot.keyClick(rows.rows, Qt.Key.Key_Return)  # nothing selected yet: nothing happens
    assert window.state() is State.MULTIPLE
    qtbot.keyClick(rows.rows, Qt.Key.Key_Down)
    qtbot.keyClick(rows.rows, Qt.Key.Key_Down)
    wanted = rows.texts()[1].split(" ·")[0]
    qtbot.keyClick(rows.rows, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    first_name = wanted.split()[0]
    assert first_name in window.profile_view.current_presentation().header.title  # type: ignore[union-attr]
    assert window.found_by_label.text() == "Found by e-mail"
    assert window.search_box.text() == ""


def test_a_match_is_picked_with_a_click(qtbot: QtBot, window: CashierView) -> None:
    search(qtbot, window, HOLMS)
    rows = window.candidate_list
    qtbot.waitUntil(
        lambda: bool(rows.texts()) and not any("Fetching" in t for t in rows.texts()),
        timeout=5000,
    )
    index = next(i for i, t in enumerate(rows.texts()) if t.startswith("Protected identity"))
    rect = rows.rows.visualItemRect(rows.rows.item(index))
    qtbot.mouseClick(rows.rows.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "Protected identity" in visible_texts(window)


# --------------------------------------------------------------------------- 9. offline, retry


def test_f5_retries_the_last_lookup_without_a_rescan(
    qtbot: QtBot, window: CashierView, fixture_time_sandbox: SandboxServer
) -> None:
    fixture_time_sandbox.faults.set("/api/v3/contactoverview", Fault.RESET, times=3)
    window.on_code_scanned(decide_text("7001234567", ScannerConfig()))
    qtbot.waitUntil(lambda: window.state() is State.OFFLINE, timeout=10000)
    assert window.retry_button.isVisible()
    assert "F5" in visible_texts(window)
    qtbot.keyClick(window.search_box, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    assert "Astrid Lindqvist" in visible_texts(window)
    assert not window.retry_button.isVisible()


def test_the_retry_button_and_forgetting_on_esc(
    qtbot: QtBot, window: CashierView, fixture_time_sandbox: SandboxServer
) -> None:
    fixture_time_sandbox.faults.set("/api/v3/contactoverview", Fault.RESET, times=3)
    search(qtbot, window, "7001234567")
    qtbot.waitUntil(lambda: window.state() is State.OFFLINE, timeout=10000)
    qtbot.mouseClick(window.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state() is State.PROFILE, timeout=5000)
    fixture_time_sandbox.faults.set("/api/v3/contactoverview", Fault.RESET, times=3)
    search(qtbot, window, "maja.berg@example.com")
    qtbot.waitUntil(lambda: window.state() is State.OFFLINE, timeout=10000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)  # the customer is cleared
    assert not window.retry_button.isVisible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_F5)  # a retry would say "looking up" at once
    assert window.state() is State.READY  # the identifier was forgotten


# --------------------------------------------------------------------------- status bar


def test_the_tenant_is_in_the_status_bar_only_when_not_configured(window: CashierView) -> None:
    from pos_profile import errors
    from pos_profile.gui import status_view

    window.set_connection_text("Loyalty: Voyado Engage", tenant="Engage: tenant.example.com")
    assert "tenant.example.com" not in window.connection_label.text()
    window.show_status(status_view.status_for_error(errors.AuthRefusedError()))
    assert "tenant.example.com" in window.connection_label.text()
    window.clear()
    assert "tenant.example.com" not in window.connection_label.text()
