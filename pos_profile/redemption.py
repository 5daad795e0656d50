"""Redeeming a reward voucher or a promotion at the till, never twice, never lost.

The protocol (issue 14; Engage facts in ``pos_profile/docs/engage-api.md``):

1. A live check before the POST (``contactoverview`` may be cached): a voucher or promotion
   that is no longer available is refused with the reason and no POST is sent.
2. One POST, read timeout at least 60 s, never retried automatically.
3. After a timeout, a dropped connection or a 5xx, a follow-up GET decides: it went through
   (``REDEEMED`` with ``answer_was_lost``), it did not (``NOT_REDEEMED``, one retry offered), or
   nobody can tell (``UNKNOWN``: check in Engage before trying again).
4. Never two POSTs for one id without a GET between them that shows it still unredeemed.

This module is the contract the window and the command line share; both call :class:`Redeemer`
from a worker thread (it blocks on the network).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_profile.i18n import Message

if TYPE_CHECKING:
    from pos_profile.engage.client import EngageClient


class RedeemKind(enum.Enum):
    """What is redeemed."""

    VOUCHER = "voucher"
    PROMOTION = "promotion"


@dataclass(frozen=True)
class RedeemTarget:
    """One voucher or promotion of one contact.

    ``item_id``: the reward voucher's ``id``, or the promotion's own ``id`` from
    contactoverview (the assignment id, never ``promotionId``).
    """

    kind: RedeemKind
    item_id: str
    contact_id: str


class RedeemStatus(enum.Enum):
    """How an attempt ended; the value is the ``pos-profile redeem`` exit code's name."""

    REDEEMED = "redeemed"
    """Redeemed now (also when the answer was lost and the follow-up check shows it went
    through: ``RedeemOutcome.answer_was_lost``)."""
    UNDONE = "undone"
    """A voucher's redemption was undone (reactivated)."""
    INVALID = "invalid"
    """400: the id is not a valid id."""
    NOT_FOUND = "not-found"
    """404: no such voucher / promotion for this contact."""
    REFUSED = "refused"
    """409 or the live check: already redeemed, expired, not valid at POS, reactivation limit."""
    NOT_CONFIGURED = "not-configured"
    """Redemption disabled in config, Engage not configured, or the key refused."""
    NOT_REDEEMED = "not-redeemed"
    """The POST failed and the follow-up check shows it did not go through: one retry offered."""
    UNKNOWN = "unknown"
    """Offline or timed out and the follow-up check could not confirm either way."""
    SERVER_ERROR = "server-error"
    """A 5xx or an unreadable answer (when no follow-up check was needed)."""

    @property
    def exit_code(self) -> int:
        """The ``pos-profile redeem`` exit code (README, issue 14)."""
        return _EXIT_CODES[self]


_EXIT_CODES = {
    RedeemStatus.REDEEMED: 0,
    RedeemStatus.UNDONE: 0,
    RedeemStatus.INVALID: 2,
    RedeemStatus.NOT_FOUND: 3,
    RedeemStatus.REFUSED: 4,
    RedeemStatus.NOT_CONFIGURED: 5,
    RedeemStatus.NOT_REDEEMED: 6,
    RedeemStatus.UNKNOWN: 6,
    RedeemStatus.SERVER_ERROR: 7,
}


@dataclass(frozen=True)
class RedeemOutcome:
    """The result of :meth:`Redeemer.redeem` / :meth:`Redeemer.undo`.

    ``message`` is what the cashier (or stdout/stderr) is told, translatable, with no personal
    data. ``retry_allowed``: the one retry of step 3 may be offered. ``answer_was_lost``: the
    POST's answer never came but the follow-up check shows it went through.
    """

    target: RedeemTarget
    status: RedeemStatus
    message: Message
    retry_allowed: bool = False
    answer_was_lost: bool = False
    undone: bool = False

    @property
    def exit_code(self) -> int:
        """The ``pos-profile redeem`` exit code."""
        return self.status.exit_code


class Redeemer:
    """Runs the protocol against Engage. Blocking; call it off the GUI thread.

    ``store`` is the till's configured store, written to the audit log line (never a name, a
    customer number or the key).
    """

    def __init__(self, client: EngageClient, *, store: str | None = None) -> None:
        self._client = client
        self._store = store

    def redeem(self, target: RedeemTarget) -> RedeemOutcome:
        """Live check, one POST, and the follow-up check when the answer was lost."""
        raise NotImplementedError

    def retry(self, target: RedeemTarget) -> RedeemOutcome:
        """The one retry offered after ``NOT_REDEEMED``: checks again before the POST."""
        raise NotImplementedError

    def undo(self, target: RedeemTarget) -> RedeemOutcome:
        """Reactivate a voucher redeemed on this till (vouchers only)."""
        raise NotImplementedError
