"""``pos-profile --self-test``: can this till look customers up? Prints one line per check.

Store IT runs it after an install or a config change (the README's deployment script does),
and CI runs it on the frozen bundle. First what a frozen build typically loses — resources,
Qt plugins, the style, translations, the keyring backend, the phone-number and
personal-number data — then the till as configured (:mod:`pos_profile.tenant_check`):
``base_url`` is set, an API key is stored for it, the tenant answers and accepts the key,
and the configured contact type exists there (one harmless GET).

``--self-test --demo`` replaces the tenant checks with one real lookup through the whole
stack (classification, runner, client, models, panel rendering) against the built-in
sandbox on loopback: it proves the install, not the till's configuration.

Each check prints ``ok   NAME: detail``, ``skip NAME: why`` or ``FAIL NAME: what is wrong``;
the exit code is 0 when nothing failed, else 1 (a config file that cannot be read stops
earlier, in ``cli.run_gui``, with exit 5). The lines are also logged. Nothing personal or
secret is printed: check names, counts, kinds, backend names, addresses and paths. The demo
customer's name is compared, never shown.

With no display (Linux without ``DISPLAY``/``WAYLAND_DISPLAY``) Qt is switched to the
``offscreen`` platform; otherwise the native platform plugin is loaded (that is one of the
things checked) but no window is ever shown.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from PySide6.QtCore import QEventLoop, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from pos_profile import paths, tenant_check

if TYPE_CHECKING:
    from pos_profile.gui.cashier_view import CashierView
    from pos_profile.scanning.config import ScannerConfig
    from pos_profile.settings import Settings

log = logging.getLogger(__name__)

#: The demo contact the lookup check asks for, by member number (see resources/sandbox).
DEMO_MEMBER_NUMBER = "7001234567"
DEMO_NAME = "Astrid Lindqvist"
LOOKUP_DEADLINE_SECONDS = 20.0
KEYRING_DEADLINE_SECONDS = 10.0
#: The keyring entry read to prove the backend answers (nothing is ever stored under it).
PROBE_URL = "https://self-test.invalid"


class CheckFailed(Exception):
    """A check found a problem; the message is the one line printed after ``FAIL``."""


class Skipped(Exception):
    """A check does not apply on this machine; the message says why."""


@dataclass
class Report:
    out: TextIO | None
    failures: list[str] = field(default_factory=list)

    def add(self, check: tenant_check.Check) -> None:
        if check.failed:
            self.failures.append(check.name)
        self._line(f"{check.outcome:<4}", check.name, check.detail)

    def run(self, name: str, check: Callable[[], str]) -> None:
        try:
            detail = check()
            self._line("ok  ", name, detail)
        except Skipped as exc:
            self._line("skip", name, str(exc))
        except CheckFailed as exc:
            self.failures.append(name)
            self._line("FAIL", name, str(exc))
        except Exception as exc:  # a check must never stop the others
            self.failures.append(name)
            self._line("FAIL", name, f"{type(exc).__name__}: {_short(str(exc))}")

    def _line(self, tag: str, name: str, detail: str) -> None:
        line = f"{tag} {name}" + (f": {detail}" if detail else "")
        log.info("self-test %s", line)
        if self.out is not None:
            print(line, file=self.out, flush=True)


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- entry point


def run_self_test(settings: Settings, *, demo: bool = False, out: TextIO | None = None) -> int:
    """Run every check against ``settings``; 0 when all passed, else 1."""
    report = Report(out if out is not None else sys.stdout)  # None in a windowed Windows exe
    platform_note = use_offscreen_without_display()
    from pos_profile.gui.qapp import create_qapplication

    qapp = create_qapplication(settings.display.language)
    report.run("qt", lambda: f"{qapp.platformName()} platform{platform_note}")
    report.run("config", lambda: check_config(settings))
    report.run("resources", check_resources)
    report.run("style", lambda: check_style(qapp))
    report.run("icon", check_icon)
    report.run("translations", check_translations)
    report.run("sandbox data", check_sandbox_data)
    report.run("identifiers", check_identifiers)
    report.run("keyring", check_keyring)
    report.run("scanner", lambda: check_scanner(settings.scanner))
    if demo:
        report.add(
            tenant_check.Check(
                "tenant", "skip", "--demo: the built-in sandbox stands in for Engage"
            )
        )
        report.run("lookup", lambda: check_lookup(settings))
    else:
        for check in tenant_check.check_tenant(
            settings.engage, config_file=config_file(settings), read_key=read_key_in_time
        ):
            report.add(check)
    if report.failures:
        if report.out is not None:
            print(f"self-test FAILED: {', '.join(report.failures)}", file=report.out, flush=True)
        return 1
    if report.out is not None:
        print("self-test passed", file=report.out, flush=True)
    return 0


def config_file(settings: Settings) -> Path:
    """The file an admin edits: the last one read, else the user file to create."""
    from pos_profile.settings import user_settings_path

    return settings.sources[-1] if settings.sources else user_settings_path()


T = TypeVar("T")


class NoAnswerInTime(Exception):
    """The keyring did not answer before the deadline."""


def keyring_call_in_time(call: Callable[[], T]) -> T:
    """``call()`` on a thread of its own: a locked keyring may wait for its unlock prompt
    forever, and the self-test must still finish. Its exception is raised here."""
    answer: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            answer.append(call())
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run, name="self-test-keyring", daemon=True)
    worker.start()
    worker.join(KEYRING_DEADLINE_SECONDS)
    if worker.is_alive():
        raise NoAnswerInTime(
            f"gave no answer in {KEYRING_DEADLINE_SECONDS:.0f} s "
            "(a locked keyring waiting for its unlock prompt?)"
        )
    if failure:
        raise failure[0]
    return answer[0]


def read_key_in_time(base_url: str) -> str | None:
    """The stored key, or CredentialError when the keyring does not answer in time."""
    from pos_profile.credentials import CredentialStore
    from pos_profile.errors import CredentialError

    try:
        return keyring_call_in_time(CredentialStore(base_url).get)
    except NoAnswerInTime as exc:
        raise CredentialError(f"the keyring {exc}") from None


def use_offscreen_without_display(environ: dict[str, str] | None = None) -> str:
    """Pick ``offscreen`` on Linux/BSD when there is no display; returns a note for the line."""
    env = os.environ if environ is None else environ
    if env.get("QT_QPA_PLATFORM"):
        return ""
    if sys.platform.startswith(("linux", "freebsd", "openbsd")) and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    ):
        env["QT_QPA_PLATFORM"] = "offscreen"
        return " (no display found)"
    return ""


# --------------------------------------------------------------------------- checks


def check_config(settings: Settings) -> str:
    """Which files were read (a broken file was already reported by the caller's loader)."""
    files = ", ".join(str(path) for path in settings.sources)
    return files or f"no config file, defaults (the user file would be {config_file(settings)})"


def check_resources() -> str:
    try:
        root = paths.resources_dir()
    except FileNotFoundError as exc:
        raise CheckFailed(str(exc)) from None
    missing = [
        part
        for part in ("icons/pos-profile.svg", "style/app.qss", "sandbox/index.json")
        if not (root / part).is_file()
    ]
    if missing:
        raise CheckFailed(f"missing in {root}: {', '.join(missing)}")
    return str(root)


def check_style(qapp: QApplication) -> str:
    path = paths.resource("style", "app.qss")
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise CheckFailed(f"{path} is empty")
    if qapp.styleSheet() != text:
        qapp.setStyleSheet(text)
    return f"{path.name}, {len(text)} characters applied"


def check_icon() -> str:
    path = paths.resource("icons", "pos-profile.svg")
    pixmap = QIcon(str(path)).pixmap(64, 64)
    if pixmap.isNull():
        raise CheckFailed(f"{path.name} does not render (Qt SVG image plugin missing?)")
    image = pixmap.toImage()
    colours = {image.pixel(x, y) for x in range(0, 64, 4) for y in range(0, 64, 4)}
    if len(colours) < 2:
        raise CheckFailed(f"{path.name} renders as a blank square")
    return f"{path.name} renders at 64x64"


def check_translations() -> str:
    directory = paths.resource("translations")
    catalogues = sorted(directory.glob("*.qm")) if directory.is_dir() else []
    if not catalogues:  # git keeps no empty folder, so a missing one means "none built"
        raise Skipped(f"no built .qm catalogues in {directory} (English only)")
    broken = [qm.name for qm in catalogues if not QTranslator().load(str(qm))]
    if broken:
        raise CheckFailed(f"cannot load {', '.join(broken)}")
    return ", ".join(qm.stem for qm in catalogues)


def check_sandbox_data() -> str:
    from pos_profile.sandbox.data import load_data_set

    try:
        data = load_data_set()
    except (OSError, ValueError, KeyError) as exc:
        raise CheckFailed(f"cannot read the demo data ({type(exc).__name__})") from None
    if not data.contacts:
        raise CheckFailed("the demo data set has no contacts")
    points = sum(1 for contact in data.contacts if contact.point_accounts)
    json.dumps([c.overview for c in data.contacts])  # every file is plain JSON
    return f"{len(data.contacts)} demo contacts, {points} with points"


def check_identifiers() -> str:
    """phonenumbers' region metadata and python-stdnum (loaded lazily: easy to lose)."""
    import phonenumbers

    from pos_profile.engage.identifiers import classify
    from pos_profile.lookup import LookupKind

    # Invented numbers of the documented shapes; nothing real.
    samples = (
        ("070-174 06 12", "SE", LookupKind.MOBILE_PHONE),
        ("040 123 4567", "FI", LookupKind.MOBILE_PHONE),
        ("+47 412 34 567", "SE", LookupKind.MOBILE_PHONE),
        ("19860412-2385", "SE", LookupKind.SOCIAL_SECURITY_NUMBER),
        ("131052-308T", "FI", LookupKind.SOCIAL_SECURITY_NUMBER),
        ("astrid@example.com", "SE", LookupKind.EMAIL),
    )
    wrong = []
    for number, (text, region, expected) in enumerate(samples, 1):
        try:
            kind = classify(text, default_region=region).kind
        except Exception as exc:
            kind_text = type(exc).__name__
        else:
            kind_text = kind.value
        if kind_text != expected.value:
            wrong.append(f"sample {number} ({expected.value}) classified as {kind_text}")
    if wrong:
        raise CheckFailed("; ".join(wrong))
    regions = len(phonenumbers.SUPPORTED_REGIONS)
    return f"{len(samples)} samples classified (phonenumbers: {regions} regions, python-stdnum)"


def keyring_expected(environ: dict[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Windows and macOS always have one; Linux only within a D-Bus session."""
    env = os.environ if environ is None else environ
    if platform.startswith(("win", "darwin")):
        return True
    return bool(env.get("DBUS_SESSION_BUS_ADDRESS"))


def check_keyring() -> str:
    import keyring

    from pos_profile.credentials import CredentialStore
    from pos_profile.errors import PosProfileError

    backend = keyring.get_keyring()
    backend_id = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if not keyring_expected():
        raise Skipped(f"backend {backend_id}; no D-Bus session bus, so no Secret Service expected")

    store = CredentialStore(PROBE_URL)
    try:
        keyring_call_in_time(store.get)
    except NoAnswerInTime as exc:
        raise CheckFailed(f"backend {backend_id} {exc}") from None
    except PosProfileError as exc:
        raise CheckFailed(exc.message) from None
    except Exception as exc:
        raise CheckFailed(f"{type(exc).__name__} from the keyring backend") from None
    return f"backend {backend_id} ({store.backend_name()}) answers"


def check_scanner(config: ScannerConfig) -> str:
    """The configured scan source: for ``serial``, the port opens (then is closed again)."""
    if config.source == "keyboard":
        if not config.enabled:
            return "keyboard, scan detection off ([scanner] enabled = false)"
        return "keyboard: scans are read while pos-profile's window has the focus"
    if config.source == "serial":
        return check_serial_port(config.serial_port or "", config.serial_baudrate)
    if config.source == "evdev":
        return check_evdev_device(config.evdev_device or "", passthrough=config.evdev_passthrough)
    raise Skipped(f"{config.source}: not checked by the self-test")


def check_evdev_device(spec: str, *, passthrough: bool) -> str:
    """The scanner's input nodes exist and can be read; /dev/uinput can be written."""
    from pos_profile.scanning.evdev_source import find_nodes, list_nodes

    nodes = find_nodes(spec, list_nodes())
    if not nodes:
        raise CheckFailed(f"evdev {spec}: no such input device is plugged in")
    unreadable = [n.path for n in nodes if not os.access(n.path, os.R_OK | os.W_OK)]
    if unreadable:
        raise CheckFailed(
            f"evdev {spec}: cannot open {', '.join(unreadable)} (install the udev rules from "
            "packaging/linux and add the till's user to the input group)"
        )
    if passthrough and not os.access("/dev/uinput", os.W_OK):
        raise CheckFailed(
            "evdev: /dev/uinput cannot be written, so other scans could not go on to the POS "
            "(install the udev rules from packaging/linux)"
        )
    paths = ", ".join(n.path for n in nodes)
    return f"evdev {spec}: {paths}" + (", pass-through to the POS" if passthrough else "")


def check_serial_port(spec: str, baudrate: int) -> str:
    import serial

    from pos_profile.scanning.serial_source import find_port

    device = find_port(spec)
    if device is None:
        raise CheckFailed(f"serial {spec}: no such USB serial device is plugged in")
    try:
        port = serial.Serial(device, baudrate, timeout=0)
    except serial.SerialException as exc:
        denied = "ermission denied" in str(exc)
        hint = " (add the till's user to the dialout group)" if denied else ""
        raise CheckFailed(f"serial {device}: cannot open it{hint}") from None
    port.close()
    return f"serial {device} open"


def check_lookup(settings: Settings) -> str:
    """Built-in sandbox -> client -> controller -> window -> rendered panel, one member."""
    from pos_profile.gui import app
    from pos_profile.gui.status_view import State

    application = app.build(settings, demo=True, state_store=None)
    window = application.view
    try:
        waiting = (State.STARTING, State.READY, State.LOOKING_UP)
        if not wait_until(lambda: window.state() is not State.STARTING, 10.0):
            raise CheckFailed("the built-in sandbox did not start within 10 s")
        if window.state() is not State.READY:
            raise CheckFailed(f"start-up ended in {window.state().value}: {_status_title(window)}")
        index = window.contact_type_box.findData("member")
        if index >= 0:
            window.contact_type_box.setCurrentIndex(index)
        window.search_box.setText(DEMO_MEMBER_NUMBER)
        window.search_button.click()
        points = window.profile_view.points_label

        def settled() -> bool:
            state = window.state()
            if state is State.PROFILE:
                return points.property("state") in ("ready", "error")
            return state not in waiting

        if not wait_until(settled, LOOKUP_DEADLINE_SECONDS):
            raise CheckFailed(
                f"no answer within {LOOKUP_DEADLINE_SECONDS:.0f} s (state {window.state().value})"
            )
        if window.state() is not State.PROFILE:
            raise CheckFailed(f"lookup ended in {window.state().value}: {_status_title(window)}")
        if points.property("state") != "ready":
            raise CheckFailed("the profile came but its points failed")
        if DEMO_NAME not in window.profile_view.name_label.text():
            raise CheckFailed("the panel does not show the demo member's name")
        shown = window.profile_view.current_presentation()
        vouchers = len(shown.vouchers) if shown is not None else 0
        window.resize(1000, 700)
        picture = window.grab()
        if picture.isNull() or picture.width() < 100:
            raise CheckFailed("the window does not render")
        return (
            f"demo member found, points shown, {vouchers} vouchers, "
            f"window rendered {picture.width()}x{picture.height()}"
        )
    finally:
        window.close()
        application.shutdown()
        window.deleteLater()


def _status_title(window: CashierView) -> str:
    return str(window.status_view.status.title)


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Run the event loop until ``condition()`` holds or ``seconds`` pass (no sleeping)."""
    if condition():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start(int(seconds * 1000))
    loop.exec()
    poll.stop()
    deadline.stop()
    return condition()
