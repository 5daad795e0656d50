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
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_profile import errors
from pos_profile.engage import redemption as api
from pos_profile.i18n import ERRORS, N_, Message

if TYPE_CHECKING:
    from collections.abc import Callable

    from pos_profile.engage.client import EngageClient
    from pos_profile.engage.models import RewardVoucher

audit = logging.getLogger("pos_profile.redemption")
"""One line per attempt and per outcome: kind, item id, the till's store, the result. Never
a name, a customer number, the contact id or the key."""


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

    Thread-safe: while one call works on an id, another call for the same id is refused at
    once ("being redeemed right now"), so two POSTs for one id can never overlap.
    """

    def __init__(self, client: EngageClient, *, store: str | None = None) -> None:
        self._client = client
        self._store = store
        self._lock = threading.Lock()
        self._busy: set[tuple[RedeemKind, str]] = set()

    def redeem(self, target: RedeemTarget) -> RedeemOutcome:
        """Live check, one POST, and the follow-up check when the answer was lost."""
        return self._run("redeem", target, self._redeem)

    def retry(self, target: RedeemTarget) -> RedeemOutcome:
        """The one retry offered after ``NOT_REDEEMED``: checks again before the POST."""
        return self._run("retry", target, self._redeem)

    def undo(self, target: RedeemTarget) -> RedeemOutcome:
        """Reactivate a voucher redeemed on this till (vouchers only)."""
        return self._run("undo", target, self._undo)

    # ------------------------------------------------------------------ the protocol

    def _run(
        self,
        action: str,
        target: RedeemTarget,
        work: Callable[[RedeemTarget], RedeemOutcome],
    ) -> RedeemOutcome:
        key = (target.kind, target.item_id.strip().lower())
        audit.info(
            "%s attempt: kind=%s item=%s store=%s",
            action,
            target.kind.value,
            target.item_id,
            self._store or "-",
        )
        with self._lock:
            busy = key in self._busy
            self._busy.add(key)
        if busy:
            outcome = RedeemOutcome(target, RedeemStatus.REFUSED, Message(BUSY))
        else:
            try:
                outcome = work(target)
            finally:
                with self._lock:
                    self._busy.discard(key)
        audit.info(
            "%s outcome: kind=%s item=%s store=%s result=%s%s",
            action,
            target.kind.value,
            target.item_id,
            self._store or "-",
            outcome.status.value,
            " (answer lost, follow-up check)" if outcome.answer_was_lost else "",
        )
        return outcome

    def _redeem(self, target: RedeemTarget) -> RedeemOutcome:
        try:
            state = self._live_state(target)
        except errors.EngageError as exc:
            return _before_post_failure(target, exc)
        if state is not ItemState.AVAILABLE:
            return _refusal(target, state)
        redeem = api.redeem_voucher if target.kind is RedeemKind.VOUCHER else api.redeem_promotion
        failed = _post_once(target, lambda: redeem(self._client, target.item_id), self._follow_up)
        if failed is not None:
            return failed
        return RedeemOutcome(target, RedeemStatus.REDEEMED, Message(_REDEEMED[target.kind]))

    def _follow_up(self, target: RedeemTarget) -> RedeemOutcome:
        state = self._final_state(target)
        if state is ItemState.REDEEMED:
            return RedeemOutcome(
                target,
                RedeemStatus.REDEEMED,
                Message(_REDEEMED_ANSWER_LOST[target.kind]),
                answer_was_lost=True,
            )
        if state is ItemState.AVAILABLE:
            return RedeemOutcome(
                target,
                RedeemStatus.NOT_REDEEMED,
                Message(_NOT_REDEEMED[target.kind]),
                retry_allowed=True,
            )
        return RedeemOutcome(target, RedeemStatus.UNKNOWN, Message(CHECK_IN_ENGAGE))

    def _undo(self, target: RedeemTarget) -> RedeemOutcome:
        if target.kind is not RedeemKind.VOUCHER:
            return RedeemOutcome(target, RedeemStatus.INVALID, Message(ONLY_VOUCHERS_UNDONE))
        failed = _post_once(
            target,
            lambda: api.reactivate_voucher(self._client, target.item_id),
            self._undo_follow_up,
        )
        if failed is not None:
            return failed
        return RedeemOutcome(target, RedeemStatus.UNDONE, Message(UNDONE), undone=True)

    def _undo_follow_up(self, target: RedeemTarget) -> RedeemOutcome:
        """The reactivate's answer was lost: a GET decides whether it went through."""
        state = self._final_state(target)
        if state is ItemState.AVAILABLE:
            return RedeemOutcome(
                target,
                RedeemStatus.UNDONE,
                Message(UNDONE_ANSWER_LOST),
                answer_was_lost=True,
                undone=True,
            )
        if state is ItemState.REDEEMED:
            return RedeemOutcome(
                target, RedeemStatus.NOT_REDEEMED, Message(NOT_UNDONE), retry_allowed=True
            )
        return RedeemOutcome(target, RedeemStatus.UNKNOWN, Message(CHECK_IN_ENGAGE))

    # ------------------------------------------------------------------ the checks

    def _live_state(self, target: RedeemTarget) -> ItemState:
        """Before the POST: may it be redeemed now? (Only AVAILABLE allows the POST.)"""
        client, contact = self._client, target.contact_id
        if target.kind is RedeemKind.VOUCHER:
            if api.available_vouchers(client, contact).find(target.item_id) is not None:
                return ItemState.AVAILABLE
            return _voucher_state(api.all_vouchers(client, contact).find(target.item_id))
        promotion = api.contact_promotions(client, contact).find(target.item_id)
        if promotion is not None and promotion.redeemed is not True:
            return ItemState.AVAILABLE
        if promotion is not None:
            return ItemState.REDEEMED
        anywhere = api.contact_promotions(client, contact, channel=None).find(target.item_id)
        if anywhere is None:
            return ItemState.ABSENT
        return ItemState.REDEEMED if anywhere.redeemed else ItemState.NOT_AT_POS

    def _final_state(self, target: RedeemTarget) -> ItemState:
        """After a lost answer: did it go through? REDEEMED, AVAILABLE, or UNKNOWN (also when
        the check itself fails)."""
        try:
            return self._checked_final_state(target)
        except errors.EngageError:
            return ItemState.UNKNOWN

    def _checked_final_state(self, target: RedeemTarget) -> ItemState:
        client, contact = self._client, target.contact_id
        if target.kind is RedeemKind.VOUCHER:
            voucher = api.all_vouchers(client, contact).find(target.item_id)
            if voucher is None or voucher.redeemed is None:
                return ItemState.UNKNOWN
            return ItemState.REDEEMED if voucher.redeemed else ItemState.AVAILABLE
        promotion = api.contact_promotions(client, contact, channel=None).find(target.item_id)
        if promotion is None or promotion.redeemed is None:
            return ItemState.UNKNOWN
        return ItemState.REDEEMED if promotion.redeemed else ItemState.AVAILABLE


class ItemState(enum.Enum):
    """What a GET says about one voucher or promotion."""

    AVAILABLE = "available"
    REDEEMED = "redeemed"
    EXPIRED = "expired"
    NOT_AT_POS = "not-at-pos"
    ABSENT = "absent"
    UNKNOWN = "unknown"


def _voucher_state(voucher: RewardVoucher | None) -> ItemState:
    if voucher is None:
        return ItemState.ABSENT
    if voucher.redeemed:
        return ItemState.REDEEMED
    return ItemState.EXPIRED  # in the full list, not redeemed, not available: expired


def _refusal(target: RedeemTarget, state: ItemState) -> RedeemOutcome:
    voucher = target.kind is RedeemKind.VOUCHER
    if state is ItemState.ABSENT:
        text = api.VOUCHER_NOT_FOUND if voucher else api.PROMOTION_NOT_FOUND
        return RedeemOutcome(target, RedeemStatus.NOT_FOUND, Message(text))
    if state is ItemState.REDEEMED:
        text = api.VOUCHER_ALREADY_REDEEMED if voucher else api.PROMOTION_ALREADY_REDEEMED
    elif state is ItemState.NOT_AT_POS:
        text = api.PROMOTION_NOT_AT_POS
    else:
        text = api.VOUCHER_EXPIRED if voucher else api.PROMOTION_EXPIRED
    return RedeemOutcome(target, RedeemStatus.REFUSED, Message(text))


def _refused_by_engage(target: RedeemTarget, exc: errors.RedemptionError) -> RedeemOutcome:
    status = {
        errors.RedemptionInvalidError: RedeemStatus.INVALID,
        errors.RedemptionNotFoundError: RedeemStatus.NOT_FOUND,
        errors.RedemptionRefusedError: RedeemStatus.REFUSED,
    }.get(type(exc), RedeemStatus.SERVER_ERROR)
    return RedeemOutcome(target, status, exc.translatable)


def _before_post_failure(target: RedeemTarget, exc: errors.EngageError) -> RedeemOutcome:
    """The live check failed: nothing was sent, nothing redeemed."""
    if isinstance(exc, errors.AuthRefusedError):
        return RedeemOutcome(target, RedeemStatus.NOT_CONFIGURED, exc.translatable)
    if isinstance(exc, errors.IdentifierRejectedError):
        return RedeemOutcome(target, RedeemStatus.INVALID, Message(INVALID_CONTACT_ID))
    if isinstance(exc, errors.ContactNotFoundError):
        return RedeemOutcome(target, RedeemStatus.NOT_FOUND, Message(CONTACT_NOT_FOUND))
    if isinstance(exc, errors.RedemptionError):
        return _refused_by_engage(target, exc)
    if isinstance(exc, errors.OfflineError | errors.RequestTimeoutError):
        return RedeemOutcome(
            target, RedeemStatus.NOT_REDEEMED, Message(CHECK_FAILED), retry_allowed=True
        )
    if isinstance(exc, errors.RequestCancelledError):
        return RedeemOutcome(target, RedeemStatus.NOT_REDEEMED, Message(CHECK_FAILED))
    return RedeemOutcome(target, RedeemStatus.SERVER_ERROR, Message(CHECK_SERVER_ERROR))


# --------------------------------------------------------------------------- messages

BUSY = N_(ERRORS, "This is being redeemed right now. Wait for the answer.")
CHECK_IN_ENGAGE = N_(
    ERRORS,
    "Loyalty did not answer, so it is not known whether it was redeemed. "
    "Check in Engage before trying again.",
)
CHECK_FAILED = N_(
    ERRORS, "Loyalty could not be reached to check it. Nothing was redeemed. Try again."
)
CHECK_SERVER_ERROR = N_(
    ERRORS, "Loyalty had a problem checking it. Nothing was redeemed. Try again later."
)
INVALID_CONTACT_ID = N_(ERRORS, "Loyalty does not accept that contact id. Nothing was redeemed.")
CONTACT_NOT_FOUND = N_(ERRORS, "Loyalty has no such customer. Nothing was redeemed.")
ONLY_VOUCHERS_UNDONE = N_(ERRORS, "Only a voucher's redemption can be undone.")
UNDONE = N_(ERRORS, "Voucher reactivated: the redemption is undone.")
UNDONE_ANSWER_LOST = N_(
    ERRORS,
    "Voucher reactivated: the answer was lost, but a check shows the redemption is undone.",
)
NOT_UNDONE = N_(ERRORS, "The undo did not go through: the voucher is still redeemed. Try again.")

_REDEEMED = {
    RedeemKind.VOUCHER: N_(ERRORS, "Voucher redeemed."),
    RedeemKind.PROMOTION: N_(ERRORS, "Offer redeemed."),
}
_REDEEMED_ANSWER_LOST = {
    RedeemKind.VOUCHER: N_(
        ERRORS, "Voucher redeemed: the answer was lost, but a check shows it went through."
    ),
    RedeemKind.PROMOTION: N_(
        ERRORS, "Offer redeemed: the answer was lost, but a check shows it went through."
    ),
}
_NOT_REDEEMED = {
    RedeemKind.VOUCHER: N_(
        ERRORS, "The voucher was not redeemed (a check shows it is still unused). Try again."
    ),
    RedeemKind.PROMOTION: N_(
        ERRORS, "The offer was not redeemed (a check shows it is still unused). Try again."
    ),
}


def _post_once(
    target: RedeemTarget,
    send: Callable[[], object],
    answer_lost: Callable[[RedeemTarget], RedeemOutcome],
) -> RedeemOutcome | None:
    """Send one POST (never again here); None when Engage answered it with success.

    A refusal, a refused key or a closed client is final; a timeout, a dropped connection, a
    5xx, a 429 or an unreadable answer may have gone through, so ``answer_lost`` (a GET)
    decides — never a second POST.
    """
    try:
        send()
    except errors.RedemptionError as exc:
        return _refused_by_engage(target, exc)
    except errors.AuthRefusedError as exc:
        return RedeemOutcome(target, RedeemStatus.NOT_CONFIGURED, exc.translatable)
    except errors.RequestCancelledError:
        return RedeemOutcome(target, RedeemStatus.UNKNOWN, Message(CHECK_IN_ENGAGE))
    except errors.EngageError:
        return answer_lost(target)
    return None
