"""What the display model is given besides the payload: the panel options and ``tr``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pos_profile.settings import Settings

Translator = Callable[[str], str]
"""Returns the translation of an English template (which may contain ``{name}`` fields)."""


def identity(text: str) -> str:
    """The default :data:`Translator`: English as written."""
    return text


@dataclass(frozen=True)
class PanelOptions:
    """Display settings the lead maps from the ``[display]`` config section."""

    currency: str = "SEK"
    expiry_warning_days: int = 7
    compact: bool = False
    point_definition_id: str | None = None
    """``[engage] point_definition_id``: show only that point account (None: see
    :func:`~pos_profile.presentation.present_points`)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> PanelOptions:
        """The options the config file sets (``[display]`` and ``[engage]``)."""
        display = settings.display
        return cls(
            currency=display.currency,
            expiry_warning_days=display.expiry_warning_days,
            compact=display.compact,
            point_definition_id=settings.engage.point_definition_id,
        )
