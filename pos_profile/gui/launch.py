"""What a till starts: the window first, everything else right after its first paint.

Before the first paint this module uses only PySide6, ``tomllib`` (:mod:`pos_profile.config_file`)
and the window's own light modules (:mod:`~pos_profile.gui.qapp`,
:mod:`~pos_profile.gui.main_window`, :mod:`~pos_profile.gui.boot`, the single-instance guard):
the window maps and paints "Starting…" in the configured placement and language.

Right after that paint :mod:`pos_profile.gui.app` is imported and builds the cashier's view
into the same window; the TaskRunner validates the settings (pydantic) and imports the
scanner filter; back on the GUI thread the filter is built and given the keys held meanwhile
(:class:`~pos_profile.gui.boot.KeyHold`), and the connection (keyring, httpx, the demo
sandbox) is made on the TaskRunner (:meth:`pos_profile.gui.app.Application.complete`).

A config file that is missing, unreadable or not TOML is found before the window opens;
one whose keys are wrong right after its first paint. Either way its one line goes to
stderr; ``--demo`` then stops with exit 5, the cashier window stays open saying "Loyalty
needs store IT" and exits 5 when it is closed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, QTimer

from pos_profile import config_file
from pos_profile.gui import boot
from pos_profile.gui.main_window import MainWindow
from pos_profile.gui.qapp import create_qapplication
from pos_profile.gui.single_instance import SingleInstance

if TYPE_CHECKING:
    from pos_profile import errors
    from pos_profile.gui.app import Application
    from pos_profile.settings import Settings


def starting_texts() -> tuple[str, str]:
    """The first screen's title and detail, in the installed language."""
    return (
        QCoreApplication.translate("App", "Starting…"),
        QCoreApplication.translate("App", "Connecting to loyalty."),
    )


class Launch:
    """One run of the cashier window (or ``--demo``): the first screen, then the app."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.problem: errors.PosProfileError | None = None
        """A config file that could not be read (not even TOML)."""
        self.files: list[tuple[Path, dict[str, object]]] = []
        self.exit_code = 0
        self.application: Application | None = None
        self._finish_when_complete = False
        self.headless_check = args.screenshot is not None or args.quit_after is not None

    def run(self) -> int:
        args = self.args
        try:
            self.files = config_file.read_files(args.config)
        except Exception as exc:
            from pos_profile import errors  # only now: the classes load with the message catalogue

            if not isinstance(exc, errors.PosProfileError):
                raise
            self.problem = exc
            fail(exc.message)
            if args.demo:
                return exc.exit_code
            self.exit_code = exc.exit_code
        self.first = config_file.first_screen(self.files)
        qapp = self.qapp = create_qapplication(self.first.language)
        route_qt_messages_to_the_log()
        guard = self.guard = SingleInstance(parent=qapp)
        if not (args.demo or self.headless_check):
            if guard.notify_running_instance():
                print("pos-profile is already running; its window was brought to the front.")
                return 0
            guard.claim()
        self.held = boot.KeyHold(parent=qapp)
        window = self.window = MainWindow(
            placement=self.first.placement,
            strip_width=self.first.width,
            state_store=None if self.headless_check else QSettings(),
        )
        window.show_starting(*starting_texts())
        window.show()
        handle = window.windowHandle()
        if handle is not None:
            self.held.watch(handle)  # keys from now on; the event loop delivers them
        boot.after_first_paint(window, self._after_paint)
        if args.quit_after is not None:
            QTimer.singleShot(int(args.quit_after * 1000), self._finish)
        try:
            code = int(qapp.exec())
        finally:
            if self.application is not None:
                self.application.shutdown()
            else:
                guard.release()
        return self.exit_code if code == 0 else code

    # ------------------------------------------------------------------ after the paint

    def _after_paint(self) -> None:
        from pos_profile.gui import app  # the cashier's view, the controllers, the runner

        args = self.args
        application = self.application = app.build_window(
            self.first, demo=args.demo, window=self.window
        )
        if not self.headless_check:  # first run: the setup dialog opens by itself
            application.on_not_configured = lambda problem: app.open_setup(
                application, args.config, confirm=False
            )
        view = application.view
        view.settings_requested.connect(
            lambda: app.open_setup(application, args.config, confirm=True)
        )
        self.guard.raise_requested.connect(lambda: bring_to_front(application))
        application.closers.append(self.guard.release)
        app.install_excepthook(view)
        self.held.install(self.qapp)  # the view's shortcuts exist: hold app-wide
        view.focus_search()
        if self.problem is not None:  # not even TOML: nothing to validate
            from pos_profile import logs
            from pos_profile.settings import Settings

            logs.setup_logging(level=args.log_level or "INFO")
            self._complete(Settings(), settings_problem=self.problem)
            return
        user = config_file.user_settings_path(args.config)

        def validate() -> None:
            application.runner.submit(
                app.SETTINGS,
                app.validate_settings,
                self.files,
                user,
                args.log_level or "INFO",
                on_success=self._complete,
                on_failure=self._invalid,
            )

        # After the view's first paint: a worker importing pydantic while the GUI thread
        # polishes and paints the new widgets slows both (each import's file reads hand the
        # GIL over for a switch interval).
        boot.after_first_paint(view, validate)

    def _complete(
        self, settings: Settings, *, settings_problem: errors.PosProfileError | None = None
    ) -> None:
        assert self.application is not None
        self.application.complete(settings, settings_problem=settings_problem, held=self.held)
        if self._finish_when_complete:
            self._finish()

    def _invalid(self, exc: BaseException) -> None:
        from pos_profile import errors
        from pos_profile.settings import Settings

        if not isinstance(exc, errors.PosProfileError):
            raise exc  # the excepthook logs and shows it
        fail(exc.message)
        self.exit_code = exc.exit_code
        if self.args.demo:
            self.qapp.exit(self.exit_code)
            return
        self._complete(Settings(), settings_problem=exc)

    def _finish(self) -> None:
        """``--quit-after`` / ``--screenshot``: never before the settings are validated."""
        application = self.application
        if application is None or not application.is_complete:
            self._finish_when_complete = True
            return
        if self.args.screenshot is not None:
            path = Path(self.args.screenshot)
            path.parent.mkdir(parents=True, exist_ok=True)
            application.window.grab().save(str(path))
            print(f"screenshot saved: {path}")
        application.qapp.quit()


def main(args: argparse.Namespace) -> int:
    """The cashier window (or ``--demo``), painted first (see the module's docstring)."""
    return Launch(args).run()


def fail(message: str) -> None:
    print(f"pos-profile: {message}", file=sys.stderr, flush=True)


def route_qt_messages_to_the_log() -> None:
    """Qt's own notes (e.g. a platform plugin's "does not support ...") go to the log file,
    not to stderr, where store IT reads pos-profile's one-line errors."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.INFO,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        qt_log.log(levels.get(kind, logging.INFO), "%s", message)

    qInstallMessageHandler(handler)


def bring_to_front(application: Application) -> None:
    """Another start asked this one to come forward (the single-instance guard)."""
    from PySide6.QtCore import Qt

    window = application.window
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()
    application.view.focus_search()


__all__ = ["Launch", "main", "starting_texts"]
