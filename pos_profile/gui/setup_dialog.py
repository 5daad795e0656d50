"""SetupDialog: first-run setup of a till by store IT.

Tenant address, default contact type and the API key (a password field). "Test connection"
makes one harmless request off the GUI thread and says in plain words what is wrong.
"Save" stores the key in the OS keyring and the rest in the user config file, both off
the GUI thread (the keyring may block on a D-Bus or keychain prompt).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_profile import errors
from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.translations import translate_error
from pos_profile.i18n import ERRORS, N_, english_only

if TYPE_CHECKING:
    from pos_profile.settings import EngageSettings

log = logging.getLogger(__name__)

TEST = "setup-test"
SAVE = "setup-save"


@dataclass(frozen=True)
class SetupValues:
    base_url: str
    contact_type: str
    api_key: str  # empty: keep the stored key


def describe_problem(exc: BaseException, contact_type: str = "") -> str:
    """What an admin reads when the connection test fails."""
    if isinstance(exc, errors.AuthRefusedError):
        return QCoreApplication.translate(
            "SetupDialog",
            "✕ Engage refused the key (HTTP {status}). Check the key, and the IP "
            "allowlist of the API connection in Engage.",
        ).format(status=exc.status)
    if isinstance(exc, errors.TlsError):
        return QCoreApplication.translate(
            "SetupDialog",
            "✕ The secure connection failed: the certificate is not trusted or the till's "
            "clock is wrong. Check the address, the clock and any TLS-inspecting proxy.",
        )
    if isinstance(exc, errors.RequestTimeoutError):
        return QCoreApplication.translate(
            "SetupDialog",
            "✕ The host did not answer in time. Check the address, network and proxy.",
        )
    if isinstance(exc, errors.OfflineError):
        return QCoreApplication.translate(
            "SetupDialog",
            "✕ Cannot reach the host. Check the address "
            "(https://TENANT.voyado.com) and the network.",
        )
    if isinstance(exc, errors.IdentifierRejectedError) and exc.error_code == "InvalidContactType":
        return QCoreApplication.translate(
            "SetupDialog",
            "✕ The address and the key work, but this tenant has no contact type "
            "“{contact_type}”. Type the contact type's handle as Engage spells it "
            "(e.g. member).",
        ).format(contact_type=contact_type)
    if isinstance(exc, errors.PosProfileError):
        return f"✕ {translate_error(exc)}"
    return QCoreApplication.translate(
        "SetupDialog", "✕ Unexpected problem; the log file has the details."
    )


def run_connection_test(
    values: SetupValues,
    stored_key: Callable[[str], str | None],
    engage: EngageSettings | None = None,
) -> str:
    """Runs on the pool: the self-test's tenant check with the typed (or stored) key.

    One harmless GET proves the address, TLS (with ``engage``'s ``ca_file``), the key and
    that the typed contact type exists at the tenant. Raises the EngageError that says
    what is wrong; returns the normalised base URL.
    """
    from pos_profile.engage.client import EngageClient
    from pos_profile.settings import EngageSettings, normalise_base_url

    try:
        base_url = normalise_base_url(values.base_url)
    except ValueError as exc:
        raise errors.ConfigurationError(english_only(f"The address {exc}.")) from None
    key = values.api_key or stored_key(base_url)
    if not key:
        raise errors.ConfigurationError(
            N_(ERRORS, "Type the API key: none is stored for this address.")
        )
    typed = (engage or EngageSettings()).model_copy(
        update={"base_url": base_url, "contact_type": values.contact_type}
    )
    with EngageClient.from_settings(typed, key) as client:
        client.check_tenant(values.contact_type)
    return base_url


def save(values: SetupValues, config_path: Path | None) -> Path:
    """Runs on the pool: key to the keyring, the rest to the user config file."""
    from pos_profile.credentials import CredentialStore
    from pos_profile.settings import normalise_base_url, save_user_settings

    try:
        base_url = normalise_base_url(values.base_url)
    except ValueError as exc:
        raise errors.ConfigurationError(english_only(f"The address {exc}.")) from None
    store = CredentialStore(base_url)
    if values.api_key:
        store.set(values.api_key)
    elif store.get() is None:
        raise errors.ConfigurationError(
            N_(ERRORS, "Type the API key: none is stored for this address.")
        )
    return save_user_settings(
        {"engage": {"base_url": base_url, "contact_type": values.contact_type}}, config_path
    )


def _stored_key(base_url: str) -> str | None:
    from pos_profile.credentials import CredentialStore

    return CredentialStore(base_url).get()


class SetupDialog(QDialog):
    """Tenant URL, contact type and API key, with a connection test."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        base_url: str = "",
        contact_type: str = "member",
        config_path: Path | None = None,
        engage: EngageSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Set up pos-profile"))
        self.setMinimumWidth(560)
        self._runner = runner
        self._config_path = config_path
        self._engage = engage
        self.saved_path: Path | None = None

        intro = QLabel(
            self.tr(
                "Store IT: connect this till to Voyado Engage. The API key is kept in the "
                "operating system's keyring, never in a file."
            )
        )
        intro.setWordWrap(True)
        self.url_edit = QLineEdit(base_url)
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText("https://tenant.voyado.com")
        self.type_box = QComboBox()
        self.type_box.setObjectName("contactTypeEdit")
        self.type_box.setEditable(True)
        for value in dict.fromkeys((contact_type, "member", "contact")):
            self.type_box.addItem(value)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("leave empty to keep the stored key"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("testButton")
        self.test_button.setAutoDefault(False)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Engage address"), self.url_edit)
        form.addRow(self.tr("Contact type"), self.type_box)
        form.addRow(self.tr("API key"), self.key_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.test_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

        self.test_button.clicked.connect(self._on_test_clicked)
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ helpers

    def values(self) -> SetupValues:
        return SetupValues(
            base_url=self.url_edit.text().strip(),
            contact_type=self.type_box.currentText().strip() or "member",
            api_key=self.key_edit.text().strip(),
        )

    def _busy(self, busy: bool, text: str = "") -> None:
        self.test_button.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        if text:
            self.result_label.setText(text)

    # ------------------------------------------------------------------ slots

    def _on_test_clicked(self) -> None:
        self._busy(True, self.tr("Testing…"))
        self._runner.submit(
            TEST,
            run_connection_test,
            self.values(),
            _stored_key,
            self._engage,
            on_success=self._on_test_passed,
            on_failure=self._on_test_failed,
        )

    def _on_test_passed(self, base_url: object) -> None:
        self._busy(
            False,
            self.tr(
                "✓ Connected: the address, the key and the contact type “{contact_type}” work."
            ).format(contact_type=self.values().contact_type),
        )

    def _on_test_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, errors.PosProfileError):
            log.error("connection test crashed", exc_info=(type(exc), exc, exc.__traceback__))
        self._busy(False, describe_problem(exc, self.values().contact_type))

    def _on_save_clicked(self) -> None:
        self._busy(True, self.tr("Saving…"))
        self._runner.submit(
            SAVE,
            save,
            self.values(),
            self._config_path,
            on_success=self._on_saved,
            on_failure=self._on_save_failed,
        )

    def _on_saved(self, path: object) -> None:
        self.key_edit.clear()
        self.saved_path = path if isinstance(path, Path) else None
        self._busy(False)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, errors.PosProfileError):
            log.error("saving the setup crashed", exc_info=(type(exc), exc, exc.__traceback__))
        self._busy(False, describe_problem(exc))

    def reject(self) -> None:
        self._runner.cancel(TEST)
        self._runner.cancel(SAVE)
        self.key_edit.clear()
        super().reject()


def confirm_admin(parent: QWidget) -> bool:
    """Settings are for store IT: ask before opening them from the cashier window."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("SetupDialog", "Till settings"),
        QCoreApplication.translate(
            "SetupDialog",
            "These settings are for store IT. Change how this till connects to loyalty?",
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
