"""StatusView: the big, calm message the window shows when there is no profile to show.

One widget for every non-profile state (ready, looking up, not found, several matches,
invalid input, offline, not configured). Each state has a symbol *and* words, never colour
alone, and a line telling the cashier (or the admin) what to do next.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pos_profile import errors
from pos_profile.gui.translations import (
    QT_TRANSLATE_NOOP,
    translate_error,
    translate_lookup_kind,
)


class State(enum.Enum):
    READY = "ready"
    LOOKING_UP = "looking_up"
    PROFILE = "profile"
    NOT_FOUND = "not_found"
    MULTIPLE = "multiple"
    INVALID = "invalid"
    OFFLINE = "offline"
    NOT_CONFIGURED = "not_configured"
    STARTING = "starting"


@dataclass(frozen=True)
class Status:
    state: State
    title: str
    detail: str = ""
    next_step: str = ""

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self.state]


_SYMBOLS = {
    State.READY: "▤",
    State.STARTING: "…",
    State.LOOKING_UP: "⟳",
    State.PROFILE: "",
    State.NOT_FOUND: "?",
    State.MULTIPLE: "⚠",
    State.INVALID: "✕",
    State.OFFLINE: "⚡",
    State.NOT_CONFIGURED: "⚙",
}

SALE_GOES_ON = QT_TRANSLATE_NOOP("StatusView", "The sale can go on without loyalty.")
"""English source text; show it through ``_tr``."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatusView", text)


def ready_status(hint: str = "") -> Status:
    return Status(
        State.READY,
        QCoreApplication.translate("StatusView", "Ready to scan"),
        QCoreApplication.translate(
            "StatusView",
            "Scan the member card, or type an e-mail, phone, personal or member number.",
        ),
        hint,
    )


def looking_up_status(kind_label: str) -> Status:
    kind = translate_lookup_kind(kind_label)
    return Status(
        State.LOOKING_UP,
        QCoreApplication.translate("StatusView", "Looking up by {kind}…").format(kind=kind),
    )


def status_for_error(exc: BaseException) -> Status:
    """What the window shows for an error: a title, the error's own message, the next step.

    The error carries its message as an English template and fields (errors carry no Qt);
    ``translate_error`` translates the template and fills in the fields.
    """
    message = translate_error(exc) if isinstance(exc, errors.PosProfileError) else ""
    if isinstance(exc, errors.ContactNotFoundError):
        return Status(
            State.NOT_FOUND,
            QCoreApplication.translate("StatusView", "No member found"),
            message,
            QCoreApplication.translate(
                "StatusView", "The sale can go on; the customer can join later."
            ),
        )
    if isinstance(exc, errors.MultipleMatchesError):
        return Status(
            State.MULTIPLE,
            QCoreApplication.translate("StatusView", "Several members match"),
            message,
            QCoreApplication.translate("StatusView", "Nobody was picked automatically."),
        )
    if (
        isinstance(exc, errors.InvalidInputError | errors.IdentifierRejectedError)
        and exc.audience is not errors.Audience.ADMIN
    ):
        return Status(
            State.INVALID,
            QCoreApplication.translate("StatusView", "Cannot look that up"),
            message,
            QCoreApplication.translate(
                "StatusView", "Check the text and try again, or scan the member card."
            ),
        )
    if isinstance(exc, errors.ConfigurationError | errors.AuthRefusedError) or (
        isinstance(exc, errors.PosProfileError) and exc.audience is errors.Audience.ADMIN
    ):
        set_up = isinstance(exc, errors.ConfigurationError | errors.AuthRefusedError)
        return Status(
            State.NOT_CONFIGURED,
            QCoreApplication.translate("StatusView", "Loyalty is not set up on this till")
            if set_up  # no address or key, or the key was refused
            else QCoreApplication.translate("StatusView", "Loyalty needs store IT"),
            message,
            QCoreApplication.translate(
                "StatusView", "{sale_goes_on} Store IT: open Settings (F10)."
            ).format(sale_goes_on=_tr(SALE_GOES_ON)),
        )
    if isinstance(exc, errors.OfflineError | errors.RequestTimeoutError):
        return Status(
            State.OFFLINE,
            QCoreApplication.translate("StatusView", "Loyalty offline"),
            message,
            QCoreApplication.translate("StatusView", "Scan again in a moment."),
        )
    if isinstance(exc, errors.PosProfileError):
        return Status(
            State.OFFLINE,
            QCoreApplication.translate("StatusView", "Loyalty unavailable"),
            message,
            QCoreApplication.translate("StatusView", "Scan again in a moment."),
        )
    return Status(
        State.OFFLINE,
        QCoreApplication.translate("StatusView", "Loyalty unavailable"),
        QCoreApplication.translate(
            "StatusView", "pos-profile hit an unexpected problem; it has been logged."
        ),
        _tr(SALE_GOES_ON),
    )


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class StatusView(QWidget):
    """A large symbol, a title, a detail line and the next step, centred."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusView")
        self._symbol = _label("statusSymbol")
        self._title = _label("statusTitle")
        self._detail = _label("statusDetail")
        self._next = _label("statusNext")
        for label in (self._title, self._detail, self._next):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for label in (self._symbol, self._title, self._detail, self._next):
            layout.addWidget(label)
        layout.addStretch(3)
        self._status = ready_status()
        self.show_status(self._status)

    @property
    def status(self) -> Status:
        return self._status

    def show_status(self, status: Status) -> None:
        state_changed = self.property("state") != status.state.value
        self._status = status
        self.setProperty("state", status.state.value)
        self._symbol.setText(status.symbol)
        self._title.setText(status.title)
        self._detail.setText(status.detail)
        self._detail.setVisible(bool(status.detail))
        self._next.setText(status.next_step)
        self._next.setVisible(bool(status.next_step))
        if state_changed:  # re-polish so the style sheet's [state="..."] selectors apply
            for widget in (self, self._symbol, self._title):
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def texts(self) -> list[str]:
        """Everything the cashier can read right now (for tests and OCR checks)."""
        return [w.text() for w in (self._title, self._detail, self._next) if w.isVisibleTo(self)]
