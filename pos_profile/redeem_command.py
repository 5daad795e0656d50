"""``pos-profile redeem``: redeem a voucher or a promotion, or undo a voucher's redemption.

For scripts and support. The protocol is :class:`~pos_profile.redemption.Redeemer`'s; this
module only checks that redemption is enabled and configured, builds the client, and prints
the outcome: stdout on success (0), one line on stderr otherwise, exit code
:attr:`~pos_profile.redemption.RedeemStatus.exit_code` (README, "Command line").
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from pos_profile import errors
from pos_profile.redemption import RedeemKind, RedeemOutcome, RedeemStatus, RedeemTarget

if TYPE_CHECKING:
    from pos_profile.engage.client import EngageClient
    from pos_profile.settings import Settings

DISABLED = (
    "Redemption is turned off on this till. Set [redeem] enabled = true only where the POS "
    "does not report receipts to Engage (it would redeem twice)."
)


def run(
    settings: Settings,
    client: EngageClient,
    kind: RedeemKind,
    item_id: str,
    contact_id: str,
    *,
    undo: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Redeem (or undo) one item; print the outcome; the exit code."""
    from pos_profile.redemption import Redeemer

    redeemer = Redeemer(client, store=settings.redeem.store)
    target = RedeemTarget(kind, item_id.strip(), contact_id.strip())
    outcome = redeemer.undo(target) if undo else redeemer.redeem(target)
    print_outcome(outcome, stdout=stdout, stderr=stderr)
    return outcome.exit_code


def require_enabled(settings: Settings) -> None:
    """ConfigurationError (exit 5) unless ``[redeem] enabled = true``."""
    if not settings.redeem.enabled:
        raise errors.ConfigurationError(DISABLED)


def print_outcome(
    outcome: RedeemOutcome, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> None:
    """Success on stdout (with ``redeemed`` / ``undone`` first, for scripts); anything else
    as one ``pos-profile: ...`` line on stderr."""
    if outcome.status in (RedeemStatus.REDEEMED, RedeemStatus.UNDONE):
        word = "undone" if outcome.status is RedeemStatus.UNDONE else "redeemed"
        print(f"{word}: {outcome.message.english}", file=stdout or sys.stdout)
        return
    print(f"pos-profile: {outcome.message.english}", file=stderr or sys.stderr)


__all__ = ["DISABLED", "print_outcome", "require_enabled", "run"]
