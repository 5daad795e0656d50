"""The composition root: builds every object of the window and wires them together.

:func:`build_window` puts the cashier's view into the window (the one gui/launch.py painted
"Starting…" in, or a new one); :meth:`Application.complete` adds the scanner filter (given
the keys held meanwhile, :mod:`pos_profile.gui.boot`) and starts the connection (the keyring,
which may block on D-Bus; httpx and the client; the demo sandbox) on the TaskRunner.
:func:`build` does it all at once (tests, the self-test). What a till starts, painting first,
is :mod:`pos_profile.gui.launch`.
Unexpected exceptions are logged (redacted) and shown as a message; the app keeps running.
"""

from __future__ import annotations

import gc
import logging
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from pos_profile import config_file, errors, presentation, system_idle
from pos_profile.gui import boot, status_view
from pos_profile.gui.cashier_view import CashierView
from pos_profile.gui.launch import starting_texts
from pos_profile.gui.lookup_controller import LookupController
from pos_profile.gui.main_window import MainWindow
from pos_profile.gui.presentation_tr import presentation_translator
from pos_profile.gui.qapp import create_qapplication
from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.status_view import State, Status
from pos_profile.i18n import ERRORS, N_
from pos_profile.presenter import ProfilePresenter

if TYPE_CHECKING:
    from pos_profile.engage.client import EngageClient
    from pos_profile.gui.evdev_scanner import EvdevScanner
    from pos_profile.gui.redeem_controller import RedeemController
    from pos_profile.gui.redeem_panel import RedeemPanel
    from pos_profile.gui.scanner import ScannerFilter
    from pos_profile.gui.serial_scanner import SerialScanner
    from pos_profile.sandbox.server import SandboxServer
    from pos_profile.scanning.config import ScannerConfig
    from pos_profile.scanning.decision import ScanDecision
    from pos_profile.scanning.serial_source import SourceStatus
    from pos_profile.settings import Settings

log = logging.getLogger(__name__)

STARTUP = "startup"
SETTINGS = "settings"
"""The runner channel of the validation right after the first paint (:func:`start`)."""


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
        view: CashierView,
        controller: LookupController,
        runner: TaskRunner,
        scanner: ScannerFilter | None,
        settings: Settings | None,
        *,
        demo: bool = False,
        on_not_configured: Callable[[errors.PosProfileError], None] | None = None,
    ) -> None:
        self.qapp = qapp
        self.window = window
        """The top-level window (placement, geometry, closing)."""
        self.view = view
        """The cashier's view in it: search, status, panel, status line."""
        self.controller = controller
        self.runner = runner
        self._scanner = scanner
        self._settings = settings
        self.demo = demo
        self.connection: Connection | None = None
        self.serial: SerialScanner | None = None
        self.evdev: EvdevScanner | None = None
        self.closers: list[Callable[[], None]] = []
        """Extra shutdown steps (the single-instance guard), run last-in first-out."""
        self.on_not_configured = on_not_configured
        """Called (from the event loop) when the setup dialog could fix what is wrong."""
        self.redeem: RedeemController | None = None
        """Redeeming at the till; built by :meth:`configure_redeem` after the first paint (it
        loads the Engage client's modules)."""
        self.redeem_panel: RedeemPanel | None = None
        self.start_up_done = False
        """Start-up has ended: connected, "Ready to scan" painted, the redeem panel configured
        and the connection's warm-up sent; or not connected, saying why. Tests wait for this
        and an idle runner."""

    def configure_redeem(self) -> None:
        """Redeeming at the till (issue 14): offered with ``[redeem] enabled`` and a
        connection, and always in the demo (its sandbox keeps redemptions for the run only)."""
        from pos_profile.gui.redeem_controller import RedeemController
        from pos_profile.gui.redeem_panel import RedeemPanel
        from pos_profile.redemption import Redeemer

        if self.redeem is None or self.redeem_panel is None:
            self.redeem = RedeemController(self.runner, parent=self.view)
            self.redeem_panel = RedeemPanel.attach(self.view, self.redeem)
        connection = self.connection
        settings = self._settings
        store = settings.redeem.store if settings is not None else None
        redeemer = Redeemer(connection.client, store=store) if connection is not None else None
        enabled = self.demo or (settings is not None and settings.redeem.enabled)
        self.redeem.configure(redeemer, enabled=enabled)
        self.redeem_panel.refresh()

    @property
    def scanner(self) -> ScannerFilter:
        """The app-wide scanner filter (built by :meth:`complete`)."""
        if self._scanner is None:
            raise RuntimeError("the app is still starting: no scanner filter yet")
        return self._scanner

    @scanner.setter
    def scanner(self, scanner: ScannerFilter) -> None:  # tests: one with a stepped clock
        self._scanner = scanner

    @property
    def is_complete(self) -> bool:
        """:meth:`complete` has run: the settings are validated, the scanner filter built."""
        return self._scanner is not None

    @property
    def settings(self) -> Settings:
        """The validated settings (from :meth:`complete` on)."""
        if self._settings is None:
            raise RuntimeError("the app is still starting: the settings are not validated yet")
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings

    def complete(
        self,
        settings: Settings,
        *,
        settings_problem: errors.PosProfileError | None = None,
        held: boot.KeyHold | None = None,
    ) -> None:
        """The rest of the start-up, once the settings are validated: the scanner filter
        (given the keys ``held`` meanwhile), a serial/evdev source, the connection."""
        from pos_profile.gui.scanner import ScannerFilter

        self._settings = settings
        scanner = self._scanner = ScannerFilter(settings.scanner, parent=self.qapp)
        window = self.view
        scanner.code_scanned.connect(window.on_code_scanned)
        scanner.scan_rejected.connect(window.on_scan_rejected)
        scanner.decided.connect(_log_scan_decision)
        self.start_scan_source(settings.scanner)
        if settings_problem is not None:
            self.not_connected(settings_problem)
        else:
            self.reconnect(settings)
        if held is not None:  # a held scan is looked up as soon as the connection is made
            held.release(scanner if settings.scanner.enabled else None)
        if settings.scanner.enabled:
            scanner.install(self.qapp)

    # ------------------------------------------------------------------ connection

    def reconnect(self, settings: Settings) -> None:
        """Apply ``settings`` to the running window and connect with them in the background."""
        self.settings = settings
        self.view.set_default_contact_type(settings.engage.contact_type)
        options = presentation.PanelOptions.from_settings(settings)
        self.view.set_panel_options(options)
        self.controller.cancel()  # a lookup on the old connection is not shown any more
        self.view.set_connection_text(QCoreApplication.translate("App", "Connecting…"))
        self.view.show_status(starting_status())
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
        window = self.view
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

        def after_ready() -> None:
            if self.connection is not connection:
                return  # replaced meanwhile (setup saved): that connection does this
            self.view.build_panel()
            self.configure_redeem()
            self.runner.submit(
                "warmup",
                connection.client.warm_up,
                on_success=lambda _result: freeze_start_up_objects(),
                on_failure=lambda _exc: freeze_start_up_objects(),
            )
            self.start_up_done = True

        # "Ready to scan" is painted first: the customer panel (~60 ms of modules and
        # widgets), the redeem panel's modules (~40 ms) and the warm-up's httpx import on a
        # worker (~100 ms, which would hold the GIL against the paint) come after it.
        boot.after_first_paint(window.status_view, after_ready)

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
        self.start_up_done = True
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
        self.view.set_connection_text(
            QCoreApplication.translate("App", "Not connected"), tenant=tenant
        )
        self.view.show_status(status_view.status_for_error(problem))

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

            source = self.serial = SerialScanner(config, parent=self.view)
        elif config.source == "evdev":
            from pos_profile.gui.evdev_scanner import EvdevScanner

            source = self.evdev = EvdevScanner(config, parent=self.view)
        else:
            return
        source.decided.connect(self._on_source_decision)
        source.status_changed.connect(self._on_source_status)
        self.view.set_scanner_text(
            QCoreApplication.translate("App", "Scanner: connecting to {port}…").format(
                port=source.port
            )
        )
        source.start()

    def _on_source_decision(self, decision: ScanDecision) -> None:
        from pos_profile.scanning.decision import Outcome

        _log_scan_decision(decision)
        if decision.outcome is Outcome.SCAN:
            self.view.on_code_scanned(decision)
        elif decision.outcome is Outcome.REJECTED:
            self.view.on_scan_rejected(decision.reason)

    def _on_source_status(self, status: SourceStatus) -> None:
        from pos_profile.scanning.codes import ScanRejectedError
        from pos_profile.scanning.serial_source import SourceState

        if status.state is SourceState.DROPPED:  # garbage, an over-long line: say so
            self.view.on_scan_rejected(ScanRejectedError().message)  # "Code not recognised"
        elif status.state is SourceState.CONNECTED:
            self.view.set_scanner_text(
                QCoreApplication.translate("App", "Scanner: {port}").format(port=self.scan_port)
            )
        elif status.state is SourceState.DISCONNECTED:
            where = f"{self.scan_port}: {status.reason}" if status.reason else self.scan_port
            self.view.set_scanner_text(
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
        if self._scanner is not None:
            self._scanner.uninstall()
        self.controller.cancel()
        self._close_connection()  # requests in flight end at once (as cancelled)
        self.runner.wait_for_done(3000)
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("shutdown step failed")
        self.closers.clear()


def build(
    settings: Settings,
    *,
    demo: bool = False,
    settings_problem: errors.PosProfileError | None = None,
    state_store: QSettings | None = None,
    on_not_configured: Callable[[errors.PosProfileError], None] | None = None,
) -> Application:
    """Build and wire the window; start connecting in the background."""
    application = build_window(
        first_screen_of(settings),
        demo=demo,
        state_store=state_store,
        on_not_configured=on_not_configured,
        panel_options=presentation.PanelOptions.from_settings(settings),
    )
    application.complete(settings, settings_problem=settings_problem)
    return application


def first_screen_of(settings: Settings) -> config_file.FirstScreen:
    """The first screen's values from validated settings (what :func:`build` paints)."""
    return config_file.first_screen_of(settings)


def build_window(
    first: config_file.FirstScreen,
    *,
    demo: bool = False,
    state_store: QSettings | None = None,
    on_not_configured: Callable[[errors.PosProfileError], None] | None = None,
    panel_options: presentation.PanelOptions | None = None,
    window: MainWindow | None = None,
) -> Application:
    """The cashier's view in ``window`` (a new one, placed as ``first`` says, when None),
    saying "Starting…"; :meth:`Application.complete` adds the rest (scanner filter,
    connection) once the settings are validated."""
    qapp = create_qapplication(first.language)
    if window is None:
        window = MainWindow(
            placement=first.placement, strip_width=first.width, state_store=state_store
        )
    runner = TaskRunner(parent=qapp)
    retry_seconds = 4.0
    options = panel_options or presentation.PanelOptions(compact=first.compact)
    controller = LookupController(
        runner,
        presenter=ProfilePresenter(options, tr=presentation_translator()),
        watchdog_seconds=first.connect_timeout_seconds
        + 3 * first.timeout_seconds
        + retry_seconds
        + 1.0,
    )
    view = CashierView(
        controller,
        contact_type=first.contact_type,
        phone_region=first.phone_region,
        idle_clear_seconds=first.idle_clear_seconds,
        panel_options=options,
        idle_provider=system_idle.detect(qapp.platformName()),
        placement=first.placement,
        strip_width=first.width,
    )
    view.show_status(starting_status())
    window.set_view(view)
    return Application(
        qapp,
        window,
        view,
        controller,
        runner,
        None,
        None,
        demo=demo,
        on_not_configured=on_not_configured,
    )


def starting_status() -> Status:
    return Status(State.STARTING, *starting_texts())


def _log_scan_decision(decision: ScanDecision) -> None:
    """One sanitised line per scan (ScanDecision.log_line: outcome, length and timing;
    never the code itself). Typing is not logged."""
    line = decision.log_line()
    if line is not None:
        log.info("%s", line)


def freeze_start_up_objects() -> None:
    """Move everything start-up made (modules, widgets, the client and its httpx) out of the
    garbage collector's reach: a full collection then walks only what lookups make, so it
    pauses the GUI thread for a few ms instead of tens (a 500-row profile allocates enough
    to trigger one mid-render). Once per process: a reconnect's objects stay collectable."""
    global _start_up_frozen
    if not _start_up_frozen:
        _start_up_frozen = True
        gc.freeze()


_start_up_frozen = False


def needs_setup(problem: BaseException) -> bool:
    """Missing address or key: the setup dialog can fix it (a broken keyring it cannot)."""
    return type(problem) is errors.ConfigurationError


def open_setup(application: Application, config_path: Path | None, *, confirm: bool) -> None:
    """Show the setup dialog; on save, reload the config and reconnect."""
    from pos_profile.gui.setup_dialog import SetupDialog, confirm_admin
    from pos_profile.settings import load_settings

    window = application.view
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


def install_excepthook(window: CashierView) -> None:
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


def validate_settings(
    files: list[tuple[Path, dict[str, object]]], user: Path, log_level: str
) -> Settings:
    """Set up the log file, validate the files read before the first paint (runs on the
    pool) and import the scanner filter's modules (pydantic, the scan rules)."""
    from pos_profile import logs

    logs.setup_logging(level=log_level)  # never raises (see logs)
    import pos_profile.gui.scanner  # noqa: F401  (its import is the slow part of building it)
    from pos_profile.settings import validate_files

    return validate_files(files, user)
