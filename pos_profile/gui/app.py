"""The composition root: builds every object of the window and wires them together.

Start-up is kept light so the window is ready to scan fast: settings are read on the GUI
thread (a small file), everything slow (the keyring, which may block on D-Bus; httpx and the
client; the demo sandbox) runs on the TaskRunner and the window says "starting" meanwhile.
Unexpected exceptions are logged (redacted) and shown as a message; the app keeps running.
"""

from __future__ import annotations

import argparse
import logging
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import pos_profile
from pos_profile import errors, paths, presentation, system_idle
from pos_profile.gui import status_view
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.main_window import MainWindow
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.redeem_controller import RedeemController
from pos_profile.gui.redeem_panel import RedeemPanel
from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.scanner import ScannerFilter
from pos_profile.gui.single_instance import SingleInstance
from pos_profile.gui.status_view import State, Status
from pos_profile.i18n import ERRORS, N_
from pos_profile.presenter import ProfilePresenter
from pos_profile.redemption import Redeemer
from pos_profile.scanning.codes import ScanRejectedError
from pos_profile.scanning.decision import Outcome
from pos_profile.scanning.serial_source import SourceState, SourceStatus

if TYPE_CHECKING:
    from pos_profile.engage.client import EngageClient
    from pos_profile.gui.evdev_scanner import EvdevScanner
    from pos_profile.gui.serial_scanner import SerialScanner
    from pos_profile.sandbox.server import SandboxServer
    from pos_profile.scanning.config import ScannerConfig
    from pos_profile.scanning.decision import ScanDecision
    from pos_profile.settings import Settings

log = logging.getLogger(__name__)

STARTUP = "startup"


@dataclass
class Connection:
    """What the start-up task hands back to the GUI thread."""

    client: EngageClient  # imported off the GUI thread
    host: str
    sandbox: SandboxServer | None = None  # demo mode

    def description(self) -> str:
        if self.sandbox is not None:
            return QCoreApplication.translate(
                "App", "Demo mode: built-in sandbox with invented customers"
            )
        return QCoreApplication.translate("App", "Loyalty: Voyado Engage")

    def tenant(self) -> str:
        """The tenant, for the status bar in the not-configured state (store IT's view)."""
        if self.sandbox is not None:
            return ""
        return QCoreApplication.translate("App", "Engage: {host}").format(host=self.host)


class Application:
    """Everything build() made, and the connection to Engage; tests drive the app through it.

    The connection is (re)made on the TaskRunner: at start-up and whenever the settings
    change (setup saved). A replaced or closed client ends its requests in flight as
    cancelled (``RequestCancelledError``), which the controller drops quietly.
    """

    def __init__(
        self,
        qapp: QApplication,
        window: MainWindow,
        controller: LookupController,
        runner: TaskRunner,
        scanner: ScannerFilter,
        settings: Settings,
        *,
        demo: bool = False,
        on_not_configured: Callable[[errors.PosProfileError], None] | None = None,
    ) -> None:
        self.qapp = qapp
        self.window = window
        self.controller = controller
        self.runner = runner
        self.scanner = scanner
        self.settings = settings
        self.demo = demo
        self.connection: Connection | None = None
        self.serial: SerialScanner | None = None
        self.evdev: EvdevScanner | None = None
        self.closers: list[Callable[[], None]] = []
        """Extra shutdown steps (the single-instance guard), run last-in first-out."""
        self.on_not_configured = on_not_configured
        """Called (from the event loop) when the setup dialog could fix what is wrong."""
        self.redeem = RedeemController(runner, parent=window)
        self.redeem_panel = RedeemPanel.attach(window, self.redeem)

    def configure_redeem(self) -> None:
        """Redeeming at the till (issue 14): offered only with ``[redeem] enabled`` and a
        connection. WIRING POINT for the settings: ``enabled`` and the Redeemer's ``store``."""
        connection = self.connection
        redeemer = Redeemer(connection.client) if connection is not None else None
        enabled = False  # the integrator: settings.redeem.enabled (off by default)
        self.redeem.configure(redeemer, enabled=enabled)
        self.redeem_panel.refresh()

    # ------------------------------------------------------------------ connection

    def reconnect(self, settings: Settings) -> None:
        """Apply ``settings`` to the running window and connect with them in the background."""
        self.settings = settings
        self.window.set_default_contact_type(settings.engage.contact_type)
        options = presentation.PanelOptions.from_settings(settings)
        self.window.set_panel_options(options)
        self.controller.cancel()  # a lookup on the old connection is not shown any more
        self.window.set_connection_text(QCoreApplication.translate("App", "Connecting…"))
        self.window.show_status(
            Status(
                State.STARTING,
                QCoreApplication.translate("App", "Starting…"),
                QCoreApplication.translate("App", "Connecting to loyalty."),
            )
        )
        self.runner.submit(
            STARTUP,
            connect_demo if self.demo else connect,
            settings,
            on_success=self._connected,
            on_failure=self.not_connected,
        )

    def _connected(self, connection: Connection) -> None:
        self._close_connection()  # the old client's requests in flight end as cancelled
        self.connection = connection
        window = self.window
        self.controller.set_client(connection.client)
        window.set_connection_text(connection.description(), tenant=connection.tenant())
        if connection.sandbox is not None:
            window.set_ready_hint(
                QCoreApplication.translate(
                    "App", "Demo: try 7001234567, 2400004711205 or familjen.holm@example.com."
                )
            )
        if window.state() is State.STARTING:
            window.show_status(status_view.ready_status(window.ready_hint))
        self.configure_redeem()
        self.runner.submit("warmup", connection.client.warm_up)

    def not_connected(self, exc: BaseException) -> None:
        problem = (
            exc
            if isinstance(exc, errors.PosProfileError)
            else errors.ConfigurationError(
                N_(ERRORS, "pos-profile could not start its connection; the log has the details.")
            )
        )
        if not isinstance(exc, errors.PosProfileError):
            log.error("start-up failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._close_connection()
        self.configure_redeem()
        self.show_problem(problem)
        if needs_setup(problem):
            QTimer.singleShot(0, lambda: self._offer_setup(problem))

    def _offer_setup(self, problem: errors.PosProfileError) -> None:
        if self.on_not_configured is not None:
            self.on_not_configured(problem)

    def show_problem(self, problem: errors.PosProfileError) -> None:
        """Nothing can be looked up (not configured, broken config, keyring): say why."""
        self.controller.set_problem(problem)
        base_url = "" if self.demo else (self.settings.engage.base_url or "")
        host = urlsplit(base_url).hostname or ""
        tenant = (
            QCoreApplication.translate("App", "Engage: {host}").format(host=host) if host else ""
        )
        self.window.set_connection_text(
            QCoreApplication.translate("App", "Not connected"), tenant=tenant
        )
        self.window.show_status(status_view.status_for_error(problem))

    def _close_connection(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        for close in (
            connection.client.close,
            *((connection.sandbox.stop,) if connection.sandbox is not None else ()),
        ):
            try:
                close()
            except Exception:
                log.exception("closing the connection failed")

    # ------------------------------------------------------------------ serial and evdev scanners

    def start_scan_source(self, config: ScannerConfig) -> None:
        """``[scanner] source = "serial"`` (scans from the port) or ``"evdev"`` (Linux: the
        scanner grabbed, member cards taken whatever has the focus, every other scan and key
        passed on to the focused program). The keyboard source needs nothing started."""
        source: SerialScanner | EvdevScanner
        if config.source == "serial":
            from pos_profile.gui.serial_scanner import SerialScanner

            source = self.serial = SerialScanner(config, parent=self.window)
        elif config.source == "evdev":
            from pos_profile.gui.evdev_scanner import EvdevScanner

            source = self.evdev = EvdevScanner(config, parent=self.window)
        else:
            return
        source.decided.connect(self._on_source_decision)
        source.status_changed.connect(self._on_source_status)
        self.window.set_scanner_text(
            QCoreApplication.translate("App", "Scanner: connecting to {port}…").format(
                port=source.port
            )
        )
        source.start()

    def _on_source_decision(self, decision: ScanDecision) -> None:
        _log_scan_decision(decision)
        if decision.outcome is Outcome.SCAN:
            self.window.on_code_scanned(decision)
        elif decision.outcome is Outcome.REJECTED:
            self.window.on_scan_rejected(decision.reason)

    def _on_source_status(self, status: SourceStatus) -> None:
        if status.state is SourceState.DROPPED:  # garbage, an over-long line: say so
            self.window.on_scan_rejected(ScanRejectedError().message)  # "Code not recognised"
        elif status.state is SourceState.CONNECTED:
            self.window.set_scanner_text(
                QCoreApplication.translate("App", "Scanner: {port}").format(port=self.scan_port)
            )
        elif status.state is SourceState.DISCONNECTED:
            where = f"{self.scan_port}: {status.reason}" if status.reason else self.scan_port
            self.window.set_scanner_text(
                QCoreApplication.translate(
                    "App", "Scanner disconnected ({port}): waiting for it"
                ).format(port=where),
                problem=True,
            )

    @property
    def scan_port(self) -> str:
        """The serial port or evdev device as configured ("" with the keyboard source)."""
        source = self.serial or self.evdev
        return source.port if source is not None else ""

    # ------------------------------------------------------------------ shutdown

    def shutdown(self) -> None:
        if self.serial is not None:
            self.serial.stop()
        if self.evdev is not None:
            self.evdev.stop()  # closing the device ends the grab: the scanner types into the POS
        self.scanner.uninstall()
        self.controller.cancel()
        self._close_connection()  # requests in flight end at once (as cancelled)
        self.runner.wait_for_done(3000)
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("shutdown step failed")
        self.closers.clear()


def create_qapplication(language: str = "en") -> QApplication:
    """The QApplication with font, icon, style sheet and the UI language installed."""
    from pos_profile.gui.translations import install_translator

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        qapp = existing  # tests and the self-test: dress it like the real app
    else:
        qapp = QApplication(sys.argv[:1])
        qapp.setApplicationName("pos-profile")
        qapp.setOrganizationName("pos-profile")
        qapp.setApplicationVersion(pos_profile.__version__)
        qapp.setDesktopFileName("pos-profile")
    # Workers (HTTP, JSON, the panel's display model) hold the GIL for up to the switch
    # interval at a time; 1 ms instead of Python's 5 ms keeps the GUI thread's timers and
    # paints on time while a big profile is being prepared.
    sys.setswitchinterval(0.001)
    if not qapp.property("posProfileDressed"):
        font = qapp.font()
        font.setPointSizeF(max(font.pointSizeF(), 12.0))  # readable at arm's length
        qapp.setFont(font)
        icon = paths.resource("icons", "pos-profile.svg")
        if icon.exists():
            qapp.setWindowIcon(QIcon(str(icon)))
        style = paths.resource("style", "app.qss")
        if style.exists():
            qapp.setStyleSheet(style.read_text(encoding="utf-8"))
        qapp.setProperty("posProfileDressed", True)
    install_translator(qapp, language)  # before any widget reads its texts
    return qapp


def build(
    settings: Settings,
    *,
    demo: bool = False,
    settings_problem: errors.PosProfileError | None = None,
    state_store: QSettings | None = None,
    on_not_configured: Callable[[errors.PosProfileError], None] | None = None,
) -> Application:
    """Build and wire the window; start connecting in the background."""
    qapp = create_qapplication(settings.display.language)
    runner = TaskRunner(parent=qapp)
    engage = settings.engage
    retry_seconds = 4.0
    options = presentation.PanelOptions.from_settings(settings)
    controller = LookupController(
        runner,
        presenter=ProfilePresenter(options, tr=presentation_translator()),
        watchdog_seconds=engage.connect_timeout_seconds
        + 3 * engage.timeout_seconds
        + retry_seconds
        + 1.0,
    )
    window = MainWindow(
        controller,
        contact_type=engage.contact_type,
        phone_region=engage.phone_region,
        idle_clear_seconds=settings.display.idle_clear_seconds,
        panel_options=options,
        state_store=state_store,
        idle_provider=system_idle.detect(qapp.platformName()),
        placement=settings.display.placement,
        strip_width=settings.display.width,
    )
    scanner = ScannerFilter(settings.scanner, parent=qapp)
    if settings.scanner.enabled:
        scanner.install(qapp)
    scanner.code_scanned.connect(window.on_code_scanned)
    scanner.scan_rejected.connect(window.on_scan_rejected)
    scanner.decided.connect(_log_scan_decision)
    application = Application(
        qapp,
        window,
        controller,
        runner,
        scanner,
        settings,
        demo=demo,
        on_not_configured=on_not_configured,
    )
    application.start_scan_source(settings.scanner)
    if settings_problem is not None:
        application.not_connected(settings_problem)
    else:
        application.reconnect(settings)
    return application


def _log_scan_decision(decision: ScanDecision) -> None:
    """One sanitised line per scan (ScanDecision.log_line: outcome, length and timing;
    never the code itself). Typing is not logged."""
    line = decision.log_line()
    if line is not None:
        log.info("%s", line)


def needs_setup(problem: BaseException) -> bool:
    """Missing address or key: the setup dialog can fix it (a broken keyring it cannot)."""
    return type(problem) is errors.ConfigurationError


def open_setup(application: Application, config_path: Path | None, *, confirm: bool) -> None:
    """Show the setup dialog; on save, reload the config and reconnect."""
    from pos_profile.gui.setup_dialog import SetupDialog, confirm_admin
    from pos_profile.settings import load_settings

    window = application.window
    if confirm and not confirm_admin(window):
        return
    application.scanner.flush()
    engage = application.settings.engage
    dialog = SetupDialog(
        application.runner,
        base_url=engage.base_url or "",
        contact_type=engage.contact_type,
        config_path=config_path,
        engage=engage,
        parent=window,
    )
    accepted = dialog.exec() == SetupDialog.DialogCode.Accepted
    dialog.deleteLater()
    window.focus_search()
    if not accepted:
        return
    try:
        settings = load_settings(config_path)
    except errors.PosProfileError as exc:
        application.show_problem(exc)
        return
    application.reconnect(settings)


# --------------------------------------------------------------------------- off the GUI thread


def connect(settings: Settings) -> Connection:
    """Read the key from the keyring and build the client (runs on the pool)."""
    from pos_profile.credentials import CredentialStore
    from pos_profile.engage.client import EngageClient

    engage = settings.engage
    if not engage.base_url:
        raise errors.ConfigurationError(
            N_(ERRORS, "No Engage address is configured. Store IT: open Settings (F10).")
        )
    api_key = CredentialStore(engage.base_url).get()
    if not api_key:
        raise errors.ConfigurationError(
            N_(ERRORS, "No Engage API key is stored on this till. Store IT: open Settings (F10).")
        )
    client = EngageClient.from_settings(engage, api_key)
    host = engage.base_url.split("://", 1)[-1]
    return Connection(client, host)


def connect_demo(settings: Settings) -> Connection:
    """Start the built-in sandbox on a free loopback port and connect to it."""
    from pos_profile.engage.client import EngageClient
    from pos_profile.sandbox.server import DEMO_API_KEY, SandboxServer

    sandbox = SandboxServer("127.0.0.1", 0, api_key=DEMO_API_KEY)
    sandbox.start()
    client = EngageClient.from_settings(settings.engage, DEMO_API_KEY, base_url=sandbox.base_url)
    return Connection(client, "127.0.0.1", sandbox)


# --------------------------------------------------------------------------- entry point


def install_excepthook(window: MainWindow) -> None:
    """Unexpected errors are logged with their traceback and shown once; the app goes on."""

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: types.TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        try:
            window.show_status(status_view.status_for_error(exc))
        except Exception:  # never let the hook itself crash the app
            log.exception("could not show the error")

    sys.excepthook = hook


def main(
    args: argparse.Namespace,
    settings: Settings,
    *,
    settings_problem: errors.PosProfileError | None = None,
) -> int:
    """The cashier window (or ``--demo``); ``cli.run_gui`` has read the settings."""
    qapp = create_qapplication(settings.display.language)
    headless_check = args.screenshot is not None or args.quit_after is not None
    guard = SingleInstance(parent=qapp)
    if not (args.demo or headless_check):
        if guard.notify_running_instance():
            print("pos-profile is already running; its window was brought to the front.")
            return 0
        guard.claim()

    application = build(
        settings,
        demo=args.demo,
        settings_problem=settings_problem,
        state_store=None if headless_check else QSettings(),
    )
    if not headless_check:  # first run: the setup dialog opens by itself
        application.on_not_configured = lambda problem: open_setup(
            application, args.config, confirm=False
        )
    window = application.window
    window.settings_requested.connect(lambda: open_setup(application, args.config, confirm=True))
    guard.raise_requested.connect(lambda: _bring_to_front(window))
    application.closers.append(guard.release)
    install_excepthook(window)
    window.show()
    window.focus_search()

    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), lambda: _finish(application, args))
    try:
        return int(qapp.exec())
    finally:
        application.shutdown()


def _finish(application: Application, args: argparse.Namespace) -> None:
    if args.screenshot is not None:
        path = Path(args.screenshot)
        path.parent.mkdir(parents=True, exist_ok=True)
        application.window.grab().save(str(path))
        print(f"screenshot saved: {path}")
    application.qapp.quit()


def _bring_to_front(window: MainWindow) -> None:
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()
    window.focus_search()
