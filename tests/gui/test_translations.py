"""The Swedish cashier UI (``[display] language = "sv"``) and the catalogue behind it.

The window, the status messages and the customer panel are checked in Swedish with the
translator installed on the test QApplication (and removed again, so the other tests stay
English); the ``.ts`` is checked for unfinished texts and broken ``{placeholders}``, and for
drift: every error message and presentation template the code can produce has a translation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QListView, QWidget
from pytestqt.qtbot import QtBot

from pos_profile import errors, paths, presentation
from pos_profile.engage import identifiers, models
from pos_profile.engage.client import EngageClient
from pos_profile.gui import status_view, translations
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.main_window import MainWindow
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.profile_view import ProfileView
from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.status_view import State
from pos_profile.presenter import ProfilePresenter
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from pos_profile.scanning.codes import REJECT_MESSAGES

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TS_FILE = paths.resource("translations", "pos_profile_sv.ts")
GUI_DIR = Path(translations.__file__).resolve().parent
LUPDATE_SOURCES = [
    GUI_DIR / name
    for name in (
        "main_window.py",
        "status_view.py",
        "setup_dialog.py",
        "profile_view.py",
        "scanner_diagnostics.py",
        "translations.py",
        "app.py",
    )
]


def fixed_time_presenter() -> ProfilePresenter:
    """Dates in the fixtures are judged at NOW, as the window's panel would at that time."""
    return ProfilePresenter(clock=lambda: NOW, tr=presentation_translator())


# --------------------------------------------------------------------------- helpers


def app() -> QApplication:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    return instance


@pytest.fixture
def swedish(qapp: QApplication) -> Iterator[None]:
    assert translations.install_translator(qapp, "sv")
    yield
    translations.remove_translators(qapp)
    assert QCoreApplication.translate("StatusView", "Ready to scan") == "Ready to scan"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(api_key=DEMO_API_KEY, now=lambda: NOW)
    server.start()
    yield server
    server.stop()


def make_window(qtbot: QtBot, client: EngageClient | None = None) -> MainWindow:
    runner = TaskRunner()
    controller = LookupController(runner, presenter=fixed_time_presenter(), watchdog_seconds=10)
    if client is not None:
        controller.set_client(client)
    window = MainWindow(controller, idle_clear_seconds=120)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.focus_search()
    return window


def visible_texts(widget: QWidget) -> str:
    return "\n".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def list_rows(widget: QWidget, name: str) -> list[str]:
    view = widget.findChild(QListView, name)
    assert view is not None
    model = view.model()
    return [
        str(model.index(row, 0).data()).replace("\u00a0", " ")
        for row in range(model.rowCount())
    ]


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    qtbot.keyClicks(window.search_box, text)  # type: ignore[no-untyped-call]
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]


def load(name: str) -> models.ContactOverview:
    return models.ContactOverview.model_validate_json((FIXTURES / name).read_text("utf-8"))


def catalogue() -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) for every message in the .ts."""
    root = ET.parse(TS_FILE).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


def fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


# --------------------------------------------------------------------------- the window


def test_swedish_window_is_ready_to_scan(qtbot: QtBot, swedish: None) -> None:
    window = make_window(qtbot)
    texts = visible_texts(window)
    assert window.state() is State.READY
    assert "Redo att skanna" in texts
    assert (
        "Skanna medlemskortet eller skriv e-post, telefon-, person- eller medlemsnummer." in texts
    )
    assert "Ready to scan" not in texts
    assert window.search_button.text() == "Sök"
    assert window.clear_button.text().startswith("Rensa")
    assert window.settings_button.text() == "Inställningar"
    assert window.contact_type_box.itemText(0) == "Medlem"
    assert window.search_box.placeholderText().startswith("Skanna ett kort")


def test_swedish_not_found_and_looking_up(
    qtbot: QtBot, swedish: None, sandbox: SandboxServer
) -> None:
    with EngageClient(sandbox.base_url, DEMO_API_KEY) as client:
        window = make_window(qtbot, client)
        sandbox.latency_ms = 300
        try:
            search(qtbot, window, "7000000000")
            assert "Söker på medlemsnummer…" in visible_texts(window)
            qtbot.waitUntil(lambda: window.state() is State.NOT_FOUND, timeout=5000)
        finally:
            sandbox.latency_ms = 0
        texts = visible_texts(window)
        assert "Ingen medlem hittades" in texts
        assert "Be om medlemskortet eller sök på e-post eller telefonnummer." in texts
        assert "Köpet kan genomföras; kunden kan bli medlem senare." in texts
        assert "No member found" not in texts


def test_swedish_multiple_matches_keeps_the_count(
    qtbot: QtBot, swedish: None, sandbox: SandboxServer
) -> None:
    with EngageClient(sandbox.base_url, DEMO_API_KEY) as client:
        window = make_window(qtbot, client)
        search(qtbot, window, "familjen.holm@example.com")
        qtbot.waitUntil(lambda: window.state() is State.MULTIPLE, timeout=5000)
        texts = visible_texts(window)
        assert "Flera medlemmar matchar" in texts
        assert "2 medlemmar matchar. Be om medlemskortet eller en annan uppgift." in texts


def test_swedish_invalid_input_and_rejected_scan(qtbot: QtBot, swedish: None) -> None:
    window = make_window(qtbot)
    search(qtbot, window, "anna@")
    assert window.state() is State.INVALID
    texts = visible_texts(window)
    assert "Det går inte att söka på" in texts
    assert "E-postadressen saknar delen efter @." in texts
    window.clear()
    search(qtbot, window, "+46 70 12")
    assert "Telefonnumret är för kort för +46." in visible_texts(window)
    window.on_scan_rejected(REJECT_MESSAGES[next(iter(REJECT_MESSAGES))])
    assert "Betalkort — använd medlemskortet." in visible_texts(window)


def test_swedish_standard_buttons(swedish: None) -> None:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    assert sorted(b.text().replace("&", "") for b in buttons.buttons()) == ["Avbryt", "Spara"]


# --------------------------------------------------------------------------- the customer panel


def test_swedish_profile_panel(qtbot: QtBot, swedish: None) -> None:
    view = ProfileView()
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitExposed(view)
    view.show_profile(load("contactoverview-member-full.json"), now=NOW)
    texts = visible_texts(view).replace("\u00a0", " ").replace("\u2011", "-")
    assert "Medlemsnr 7001234567" in texts
    assert "40 år" in texts
    assert "Värdecheckar (2)" in texts
    assert "Erbjudanden (" in texts
    assert "Totalt 150 kr" in texts
    assert "⚠ 1 går ut inom 7 dagar" in texts
    assert "Poäng: hämtas…" in texts
    assert "Nivå Guld · baserat på 2 480 poäng · 520 poäng till nästa nivå" in texts
    vouchers = list_rows(view, "voucherList")
    assert vouchers[0].endswith("Går ut om 4 dagar")
    assert vouchers[1].endswith("Går ut 2027-01-30")
    promotions = list_rows(view, "promotionList")
    assert "Erbjudandekod: VINTER26" in promotions[2]
    for english in ("Reward vouchers", "Promotions", "Expires", "Member no.", "points"):
        assert english not in texts + "\n".join(vouchers + promotions)


def test_swedish_protected_identity(qtbot: QtBot, swedish: None) -> None:
    view = ProfileView()
    qtbot.addWidget(view)
    view.show_profile(load("contactoverview-secrecy-marked.json"), now=NOW)
    texts = visible_texts(view)
    assert "Skyddad identitet" in texts
    assert "Personuppgifterna är skyddade och visas inte." in texts


# --------------------------------------------------------------------------- English stays English


def test_english_installs_nothing_and_stays_english(qtbot: QtBot, qapp: QApplication) -> None:
    assert not translations.install_translator(qapp, "en")
    assert translations.installed_translators(qapp) == []
    window = make_window(qtbot)
    assert "Ready to scan" in visible_texts(window)
    assert window.search_button.text() == "Search"
    status = status_view.status_for_error(errors.MultipleMatchesError(("a", "b", "c")))
    assert (status.title, status.detail) == (
        "Several members match",
        "3 members match. Ask for the member card or another identifier.",
    )
    view = ProfileView()
    qtbot.addWidget(view)
    view.show_profile(load("contactoverview-member-full.json"), now=NOW)
    assert "Reward vouchers (2)" in visible_texts(view)
    assert list_rows(view, "voucherList")[0].endswith("Expires in 4 days")


def test_switching_back_to_english_removes_the_translators(qapp: QApplication) -> None:
    assert translations.install_translator(qapp, "sv")
    assert translations.install_translator(qapp, "sv")  # again: replaces, does not stack
    assert len(translations.installed_translators(qapp)) == 2  # ours + Qt's qtbase
    assert status_view.ready_status().title == "Redo att skanna"
    assert not translations.install_translator(qapp, "en")
    assert translations.installed_translators(qapp) == []
    assert status_view.ready_status().title == "Ready to scan"


def test_unknown_language_falls_back_to_english(qapp: QApplication) -> None:
    assert not translations.install_translator(qapp, "xx")
    assert not translations.install_translator(qapp, "../sv")
    assert translations.installed_translators(qapp) == []
    assert status_view.ready_status().title == "Ready to scan"


# --------------------------------------------------------------------------- the catalogue


def test_every_translation_is_finished() -> None:
    messages = catalogue()
    assert len(messages) > 150
    problems = [
        (context, source)
        for context, source, translation in messages
        if translation.get("type") is not None or not (translation.text or "").strip()
    ]
    assert problems == []


def test_placeholders_match_their_source() -> None:
    problems = [
        (context, source, translation.text)
        for context, source, translation in catalogue()
        if fields(source) != fields(translation.text or "")
        or re.findall(r"[\u2026⚠✕✓⏱▸▾]", source) != re.findall(
            r"[\u2026⚠✕✓⏱▸▾]", translation.text or ""
        )
    ]
    assert problems == []


def test_catalogue_has_every_text_of_the_gui_sources(tmp_path: Path) -> None:
    """A new self.tr() text without a Swedish translation fails here (run lupdate)."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    copy = tmp_path / "check.ts"
    shutil.copy(TS_FILE, copy)
    subprocess.run(
        [lupdate, *map(str, LUPDATE_SOURCES), "-no-obsolete", "-locations", "none", "-ts",
         str(copy)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    root = ET.parse(copy).getroot()
    unfinished = [
        message.findtext("source")
        for message in root.iter("message")
        if message.find("translation[@type]") is not None
    ]
    assert unfinished == []


def test_compiled_catalogue_matches_the_source(tmp_path: Path) -> None:
    """The committed .qm was rebuilt after the last change to the .ts."""
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed next to this Python")
    built = tmp_path / "check.qm"
    subprocess.run(
        [lrelease, str(TS_FILE), "-qm", str(built)], check=True, capture_output=True, timeout=60
    )
    assert built.read_bytes() == paths.resource("translations", "pos_profile_sv.qm").read_bytes()


def _error_messages() -> list[str]:
    found: list[str] = []
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, errors.PosProfileError):
            found.append(value.default_message)
    found += errors.IdentifierRejectedError._MESSAGES.values()
    found += errors.TlsError._MESSAGES.values()
    found += [message for _cls, message in errors.POINTS_MESSAGES]
    found.append(errors.IdentifierRejectedError("SomethingElse").message)
    found.append(errors.MultipleMatchesError(("a", "b", "c", "d")).message)
    found += REJECT_MESSAGES.values()
    return found


BAD_INPUTS = [
    "",
    "x" * 300,
    "anna @example.com",
    "a@b@example.com",
    "@example.com",
    "anna@",
    "anna@example",
    "19860412-2386",
    "19861332-2380",
    "20991231-2387",
    "010594Y9033",
    "310294Y9032",
    "a\tb",
    "\ud800x",
    "+4670+1234567",
    "+999 123 456",
    "+46 70 12",
    "+46 70 123 45 67 89 12",
    "+46 070 123 45 67",
    "070-12x45",
    "1+2",
    "abc def",
    "x" * 70,
]


def _input_messages() -> list[str]:
    found = []
    for text in BAD_INPUTS:
        try:
            identifiers.classify(text, default_region="SE", today=NOW.date())
        except errors.InvalidInputError as exc:
            found.append(exc.message)
    return found


def test_every_error_message_is_swedish(swedish: None) -> None:
    messages = _error_messages() + _input_messages()
    assert len(set(_input_messages())) >= 18  # the bad inputs really are refused
    untranslated = [m for m in messages if translations.translate_error(m) == m]
    assert untranslated == []
    assert "Söktexten är för lång (högst" in " ".join(map(translations.translate_error, messages))


def test_every_presentation_template_is_in_the_catalogue() -> None:
    """Everything presentation.py asks ``tr`` for, over all fixtures, has a translation."""
    asked: set[str] = set()

    def spy(text: str) -> str:
        asked.add(text)
        return text

    for path in sorted(FIXTURES.glob("contactoverview-*.json")):
        overview = models.ContactOverview.model_validate_json(path.read_text("utf-8"))
        presentation.present_profile(overview, now=NOW, tr=spy)
    points = models.PointAccounts.model_validate(
        json.loads((FIXTURES / "point-accounts.json").read_text("utf-8"))
    )
    presentation.present_points(points, now=NOW, tr=spy)
    presentation.present_points(models.PointAccounts.model_validate([]), now=NOW, tr=spy)
    translated = {
        source for context, source, _ in catalogue() if context == translations.PRESENTATION
    }
    assert len(asked) > 20
    assert sorted(asked - translated) == []
    assert set(translations.PRESENTATION_TEMPLATES) <= translated
