"""The Swedish cashier UI (``[display] language = "sv"``) and the catalogue behind it.

The window, the status messages and the customer panel are checked in Swedish with the
translator installed on the test QApplication (and removed again, so the other tests stay
English); the ``.ts`` is checked for unfinished texts and broken ``{placeholders}``, and for
drift against the ONE source of the texts, the code:

* every text marked outside the GUI (``i18n.N_``, ``tr("...")`` in ``presentation/``; read
  from the sources by :func:`pos_profile.i18n.marked_texts`) has a finished translation
  with the same placeholders;
* ``pyside6-lupdate`` over the GUI sources and those marks reproduces the catalogue: no
  text missing, none unfinished, none left over;
* no error message is written unmarked: a literal or f-string handed to an error class is
  wrapped in ``N_``/``Message`` (translated) or ``english_only`` (store IT's detail);
* the errors and templates the code produces at run time are marked and shown in Swedish.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import json
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QListView, QWidget
from pytestqt.qtbot import QtBot

from pos_profile import credentials, errors, i18n, paths, presentation
from pos_profile.engage import client, identifiers, limits, models
from pos_profile.engage.client import EngageClient
from pos_profile.gui import status_view, translations
from pos_profile.gui.cashier_view import CashierView
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.profile_view import ProfileView
from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.status_view import State
from pos_profile.lookup import LookupKind
from pos_profile.presenter import ProfilePresenter
from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer
from pos_profile.scanning.codes import REJECT_MESSAGES, RejectReason, ScanRejectedError

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TS_FILE = paths.resource("translations", "pos_profile_sv.ts")
GUI_DIR = Path(translations.__file__).resolve().parent
GUI_SOURCES = sorted(GUI_DIR.glob("*.py"))
"""What ``pyside6-lupdate`` reads for the GUI's own ``self.tr()`` / ``translate()`` texts."""


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


def make_window(qtbot: QtBot, client: EngageClient | None = None) -> CashierView:
    runner = TaskRunner()
    controller = LookupController(runner, presenter=fixed_time_presenter(), watchdog_seconds=10)
    if client is not None:
        controller.set_client(client)
    window = CashierView(controller, idle_clear_seconds=120)
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
        str(model.index(row, 0).data()).replace("\u00a0", " ") for row in range(model.rowCount())
    ]


def search(qtbot: QtBot, window: CashierView, text: str) -> None:
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
    assert window.search_box.placeholderText() == "Skanna kort eller skriv"
    assert window.search_box.toolTip().startswith("Skanna ett kort")


def test_swedish_not_found_and_looking_up(
    qtbot: QtBot, swedish: None, fixture_time_sandbox: SandboxServer
) -> None:
    with EngageClient(fixture_time_sandbox.base_url, DEMO_API_KEY) as client:
        window = make_window(qtbot, client)
        fixture_time_sandbox.latency_ms = 300
        try:
            search(qtbot, window, "7000000000")
            assert "Söker på medlemsnummer…" in visible_texts(window)
            qtbot.waitUntil(lambda: window.state() is State.NOT_FOUND, timeout=5000)
        finally:
            fixture_time_sandbox.latency_ms = 0
        texts = visible_texts(window)
        assert "Ingen medlem hittades" in texts
        assert "Be om medlemskortet eller sök på e-post eller telefonnummer." in texts
        assert "Köpet kan genomföras; kunden kan bli medlem senare." in texts
        assert "No member found" not in texts


def test_swedish_multiple_matches_keeps_the_count(
    qtbot: QtBot, swedish: None, fixture_time_sandbox: SandboxServer
) -> None:
    with EngageClient(fixture_time_sandbox.base_url, DEMO_API_KEY) as client:
        window = make_window(qtbot, client)
        search(qtbot, window, "familjen.holm@example.com")
        qtbot.waitUntil(lambda: window.state() is State.MULTIPLE, timeout=5000)
        texts = visible_texts(window)
        assert "Flera medlemmar hittades" in texts
        assert "3 medlemmar har samma e-post." in texts
        assert "Ingen väljs automatiskt." in texts
        rows = window.candidate_list
        qtbot.waitUntil(lambda: not any("Hämtar" in t for t in rows.texts()), timeout=5000)
        assert sum(t.startswith("Skyddad identitet\nMedlemsnr\u00a0") for t in rows.texts()) == 1


def test_swedish_invalid_input_and_rejected_scan(qtbot: QtBot, swedish: None) -> None:
    window = make_window(qtbot)
    search(qtbot, window, "anna@")
    assert window.state() is State.INVALID
    texts = visible_texts(window)
    assert "Kan inte söka på det" in texts
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
    assert "Bonuscheckar (2)" in texts
    assert "Erbjudanden (" in texts
    assert "Att lösa in: 150 kr" in texts  # "usable" is not lost
    assert "⚠ 1 går ut inom 7 dagar" in texts
    assert "Poäng: hämtas…" in texts
    assert "Nivå Guld · 520 poäng till nästa nivå" in texts
    assert "· Medlem ·" in texts  # the payload's contact type "Member", translated
    vouchers = list_rows(view, "voucherList")
    assert vouchers[0].endswith("Går ut om 4 dagar")
    assert vouchers[1].endswith("Går ut 2027-01-30")
    promotions = list_rows(view, "promotionList")
    assert "Kampanjkod: VINTER26" in promotions[2]
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
        or re.findall(r"[\u2026⚠✕✓⏱▸▾]", source)
        != re.findall(r"[\u2026⚠✕✓⏱▸▾]", translation.text or "")
    ]
    assert problems == []


@functools.cache
def marked() -> i18n.Extraction:
    return i18n.marked_texts()


def finished_translations() -> dict[tuple[str, str], str]:
    return {
        (context, source): translation.text or ""
        for context, source, translation in catalogue()
        if translation.get("type") is None and (translation.text or "").strip()
    }


def test_every_mark_is_readable() -> None:
    """A mark whose context or text is not a literal (an f-string...) cannot be extracted."""
    assert marked().problems == ()
    contexts = {m.context for m in marked().texts}
    assert contexts == {i18n.ERRORS, i18n.PRESENTATION, i18n.LOOKUP_KIND}
    assert len(marked().catalogue_keys()) > 150


def test_every_marked_text_has_a_finished_translation() -> None:
    """A new ``N_(...)`` message (in errors.py, engage/, credentials.py, ...) or a new
    ``tr("...")`` template in presentation/ without Swedish fails here."""
    finished = finished_translations()
    missing = sorted(marked().catalogue_keys() - finished.keys())
    assert missing == []
    wrong_fields = sorted(
        (m.context, m.text, finished[(m.context, m.text)])
        for m in marked().texts
        if m.fields != fields(finished[(m.context, m.text)])
    )
    assert wrong_fields == []


def lupdate_catalogue(tmp_path: Path) -> Path:
    """The committed .ts, updated as resources/translations/README.md says, in tmp_path."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    stub = tmp_path / "marked.py"
    stub.write_text(i18n.lupdate_stub(marked()), "utf-8")
    copy = tmp_path / "check.ts"
    shutil.copy(TS_FILE, copy)
    subprocess.run(
        [
            lupdate,
            *map(str, GUI_SOURCES),
            str(stub),
            "-no-obsolete",
            "-locations",
            "none",
            "-ts",
            str(copy),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return copy


def test_lupdate_reproduces_the_catalogue(tmp_path: Path) -> None:
    """The update procedure changes nothing: every text of the GUI sources (``self.tr()``)
    and of the marks is in the .ts and translated, and the .ts has no text they lack."""
    root = ET.parse(lupdate_catalogue(tmp_path)).getroot()
    unfinished = [
        message.findtext("source")
        for message in root.iter("message")
        if message.find("translation[@type]") is not None
    ]
    assert unfinished == []
    updated = {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }
    committed = {(context, source) for context, source, _ in catalogue()}
    assert sorted(committed - updated) == []  # left over: nothing in the code says it
    assert sorted(updated - committed) == []
    assert marked().catalogue_keys() <= committed


def test_lupdate_stub_reads_back_as_the_marks() -> None:
    """The generated QT_TRANSLATE_NOOP lines carry each text exactly (quotes, …, —)."""
    tree = ast.parse(i18n.lupdate_stub(marked()))
    read = {
        (ast.literal_eval(call.args[0]), ast.literal_eval(call.args[1]))
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
    }
    assert read == marked().catalogue_keys()


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


# --------------------------------------------------------------------------- errors

ENGLISH_ONLY_MODULES = (
    "cli.py",  # the command line is for store IT and English (README: Command line)
    "admin_text.py",
    "tenant_check.py",
    "settings.py",  # config-file errors name the file and the key: store IT's detail
    "config_file.py",  # the same config-file errors, read before the window paints
    "gui/self_test.py",  # the --self-test report
    "fixture_time_sandbox/",
)
"""Modules whose error texts are English by design; every other module marks its own."""

_ACCEPTED_WRAPPERS = {"N_", "Message", "english_only"}


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """Names of PosProfileError and every class derived from it in the sources."""
    names = {"PosProfileError"}
    grown = True
    while grown:
        grown = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {
                        b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)
                        for b in node.bases
                    }
                    if bases & names:
                        names.add(node.name)
                        grown = True
    return names


def _unmarked(node: ast.expr) -> bool:
    """A text written on the spot without a mark (wrapped calls and names are fine)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _unmarked(node.left) or _unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return _unmarked(node.body) or _unmarked(node.orelse)
    return False


def test_error_messages_are_marked_where_they_are_written() -> None:
    """A message handed to an error class as a literal or f-string must say whether it is
    translated (``N_``/``Message``) or English on purpose (``english_only``)."""
    package = i18n.PACKAGE
    trees = {path: ast.parse(path.read_text("utf-8")) for path in i18n.source_files()}
    classes = _error_classes(trees)
    assert {"ScanRejectedError", "InvalidIdentifierError", "TlsError"} <= classes
    unmarked = []
    for path, tree in trees.items():
        relative = path.relative_to(package).as_posix()
        if relative.startswith(ENGLISH_ONLY_MODULES):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in classes:
                continue
            texts = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "message")]
            unmarked += [
                f"{relative}:{node.lineno}: {ast.unparse(text)[:70]}"
                for text in texts
                if _unmarked(text)
            ]
    assert unmarked == []


def test_a_message_written_unmarked_is_caught(tmp_path: Path) -> None:
    """The two checks above see what they must: an unmarked message, an f-string mark."""
    source = tmp_path / "client.py"
    source.write_text(
        "from pos_profile import errors\n"
        "from pos_profile.i18n import ERRORS, N_\n"
        "raise errors.OfflineError('Loyalty fell over.')\n"
        "raise errors.OfflineError(N_(ERRORS, f'Loyalty fell over at {when}.'))\n",
        "utf-8",
    )
    tree = ast.parse(source.read_text("utf-8"))
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "OfflineError"
    ]
    assert [_unmarked(call.args[0]) for call in calls] == [True, False]
    problems = i18n.marked_texts([source]).problems
    assert len(problems) == 1 and "f-string" in problems[0]


def _errors_the_code_makes() -> list[errors.PosProfileError]:
    """Errors as the code raises them: defaults, per-code and per-reason wordings, points,
    scans, the client's status and transport errors, API key checks."""
    made: list[errors.PosProfileError] = []
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, errors.PosProfileError):
            made.append(value())
    codes = [*errors.IdentifierRejectedError._MESSAGES, "SomethingElse"]
    made += [errors.IdentifierRejectedError(code) for code in codes]
    made += [errors.TlsError(reason=reason) for reason in errors.TlsReason]
    made += [errors.reworded_for_points(cls()) for cls, _ in errors.POINTS_MESSAGES]
    made.append(errors.MultipleMatchesError(("a", "b", "c", "d")))
    made += [ScanRejectedError(reason) for reason in RejectReason]
    made += [client._status_error(status, b"") for status in (301, 418, 503)]
    made.append(client._status_error(500, b'{"errorCode": "InvalidSystemConfiguration"}'))
    request = httpx.Request("GET", "https://example.invalid/")
    made += [
        client._transport_error(exc)
        for exc in (
            httpx.ConnectTimeout("t", request=request),
            httpx.ReadTimeout("t", request=request),
            httpx.ConnectError("refused", request=request),
            httpx.ReadError("reset", request=request),
        )
    ]
    for key in ("", "a b", "a\x01b", "nyckelå"):
        try:
            credentials.validate_api_key(key)
        except errors.InvalidInputError as exc:
            made.append(exc)
    return made


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


def _input_errors() -> list[errors.PosProfileError]:
    found: list[errors.PosProfileError] = []
    for text in BAD_INPUTS:
        try:
            identifiers.classify(text, default_region="SE", today=NOW.date())
        except errors.InvalidInputError as exc:
            found.append(exc)
    return found


def test_every_error_message_is_swedish(swedish: None) -> None:
    """Every error the code makes is marked, and shown in Swedish: its template translated,
    its fields (a count, a country code, a status) filled in."""
    made = _errors_the_code_makes() + _input_errors()
    assert len({exc.message for exc in _input_errors()}) >= 18  # really refused
    marked_errors = {text for context, text in marked().catalogue_keys() if context == i18n.ERRORS}
    assert sorted({exc.template for exc in made} - marked_errors) == []
    untranslated = [e.message for e in made if translations.translate_error(e) == e.message]
    assert untranslated == []
    shown = " ".join(map(translations.translate_error, made))
    assert f"Söktexten är för lång (högst {limits.MAX_INPUT_LENGTH} tecken)." in shown
    assert "4 medlemmar matchar." in shown
    assert "(HTTP 418)" in shown and "(HTTP 301)" in shown


def test_fixed_messages_that_travel_as_text_are_swedish(swedish: None) -> None:
    """Scan rejections and points failures reach the window as their English text (a str
    signal): they have no fields, and the text itself is looked up."""
    texts = [*REJECT_MESSAGES.values(), *(message for _, message in errors.POINTS_MESSAGES)]
    assert [t for t in texts if i18n.Message(t).fields or "{" in t] == []
    assert [t for t in texts if translations.translate_error(t) == t] == []


def test_a_translation_with_wrong_fields_falls_back_to_english() -> None:
    message = i18n.Message("{count} members match.", {"count": 3})
    assert message.translated(lambda context, text: "{antal} matchar.") == "3 members match."


def test_lookup_kind_labels_are_swedish(swedish: None) -> None:
    labels = {kind.label: translations.translate_lookup_kind(kind.label) for kind in LookupKind}
    assert [label for label, shown in labels.items() if shown == label] == []
    assert {(i18n.LOOKUP_KIND, label) for label in labels} <= marked().catalogue_keys()


def test_every_presentation_template_is_marked_and_in_the_catalogue() -> None:
    """Everything presentation/ asks ``tr`` for, over all fixtures, is marked in the
    sources and has a translation."""
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
    presentation.present_points(
        points, now=NOW, tr=spy, options=presentation.PanelOptions(point_definition_id="99")
    )
    marked_templates = {
        text for context, text in marked().catalogue_keys() if context == i18n.PRESENTATION
    }
    translated = {
        source for context, source in finished_translations() if context == i18n.PRESENTATION
    }
    assert len(asked) > 20
    assert sorted(asked - marked_templates) == []
    assert sorted(marked_templates - translated) == []
