"""RedeemController: runs Redeemer.redeem / retry / undo on the TaskRunner, keeps every outcome.

Each target has a channel of its own (``redeem:<kind>:<id>``) that nothing cancels: a redeem
that was sent is always delivered, whatever the window shows meanwhile (a new customer, an
empty panel), so its outcome is never lost. One attempt per target at a time; the one retry
of ``NOT_REDEEMED`` is offered once (:meth:`can_retry`).

Whether redeeming is offered at all is ``enabled`` (``[redeem] enabled``) *and* a Redeemer
(Engage configured): :meth:`configure` sets both (gui/app.py wires them from the settings).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from pos_profile.gui.runner import TaskRunner
from pos_profile.gui.translations import QT_TRANSLATE_NOOP
from pos_profile.i18n import Message
from pos_profile.redemption import RedeemKind, RedeemOutcome, RedeemStatus, RedeemTarget

log = logging.getLogger(__name__)

_CONTEXT = "RedeemController"
_FAILED = QT_TRANSLATE_NOOP(
    "RedeemController",
    "Nobody could tell whether the redemption went through.",
)


class RedeemerLike(Protocol):
    """What the window needs of :class:`pos_profile.redemption.Redeemer`."""

    def redeem(self, target: RedeemTarget) -> RedeemOutcome: ...

    def retry(self, target: RedeemTarget) -> RedeemOutcome: ...

    def undo(self, target: RedeemTarget) -> RedeemOutcome: ...


def channel_of(target: RedeemTarget) -> str:
    return f"redeem:{target.kind.value}:{target.item_id}"


class RedeemController(QObject):
    """Signals:
    started(target): an attempt (redeem, retry or undo) went to the worker.
    finished(outcome): its RedeemOutcome, on the GUI thread; always delivered.
    """

    started = Signal(object)
    finished = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        redeemer: RedeemerLike | None = None,
        enabled: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._redeemer = redeemer
        self._enabled = enabled
        self._in_flight: dict[RedeemTarget, str] = {}  # target -> "redeem" / "retry" / "undo"
        self._retried: set[RedeemTarget] = set()
        self._outcomes: dict[RedeemTarget, RedeemOutcome] = {}

    def configure(self, redeemer: RedeemerLike | None, *, enabled: bool) -> None:
        """The Redeemer (None while Engage is not configured) and ``[redeem] enabled``."""
        self._redeemer = redeemer
        self._enabled = enabled

    @property
    def enabled(self) -> bool:
        """The redeem action is offered: enabled in the settings and Engage configured."""
        return self._enabled and self._redeemer is not None

    def is_busy(self, target: RedeemTarget | None = None) -> bool:
        """An attempt is in flight (for ``target``, or for any target)."""
        return bool(self._in_flight) if target is None else target in self._in_flight

    def outcome(self, target: RedeemTarget) -> RedeemOutcome | None:
        """The last outcome for ``target`` (kept for the whole run)."""
        return self._outcomes.get(target)

    def can_retry(self, target: RedeemTarget) -> bool:
        """The one retry after ``NOT_REDEEMED`` is still on offer."""
        last = self._outcomes.get(target)
        return (
            last is not None
            and last.status is RedeemStatus.NOT_REDEEMED
            and last.retry_allowed
            and target not in self._retried
            and not self.is_busy(target)
        )

    def redeem(self, target: RedeemTarget) -> bool:
        """Start a redeem; False (nothing sent) when disabled or one is in flight for it."""
        return self._start(target, "redeem")

    def retry(self, target: RedeemTarget) -> bool:
        if not self.can_retry(target):
            return False
        self._retried.add(target)
        return self._start(target, "retry")

    def undo(self, target: RedeemTarget) -> bool:
        """Reactivate a voucher this till redeemed (vouchers only)."""
        last = self._outcomes.get(target)
        if target.kind is not RedeemKind.VOUCHER or last is None:
            return False
        if last.status is not RedeemStatus.REDEEMED:
            return False
        return self._start(target, "undo")

    def _start(self, target: RedeemTarget, action: str) -> bool:
        redeemer = self._redeemer
        if not self.enabled or redeemer is None or target in self._in_flight:
            return False
        call: Callable[[RedeemTarget], RedeemOutcome] = getattr(redeemer, action)
        self._in_flight[target] = action
        self._runner.submit(
            channel_of(target),
            call,
            target,
            on_success=lambda result: self._done(target, result),
            on_failure=lambda error: self._failed(target, error),
        )
        self.started.emit(target)
        return True

    def _done(self, target: RedeemTarget, result: object) -> None:
        self._in_flight.pop(target, None)
        assert isinstance(result, RedeemOutcome)
        self._outcomes[target] = result
        self.finished.emit(result)

    def _failed(self, target: RedeemTarget, error: BaseException) -> None:
        """The Redeemer raised: nobody knows whether the POST went through."""
        log.warning("redeem %s %s: %s", target.kind.value, target.item_id, type(error).__name__)
        self._done(
            target, RedeemOutcome(target, RedeemStatus.UNKNOWN, Message(_FAILED, context=_CONTEXT))
        )
