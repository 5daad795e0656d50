"""Where pos-profile finds its resources and keeps its files. No Qt.

``resources/`` lives at the top of the checkout. A wheel carries it as
``pos_profile/resources`` (see ``force-include`` in pyproject.toml) and a PyInstaller
bundle as ``resources`` next to the executable's internals (``sys._MEIPASS``).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import platformdirs

APP_NAME = "pos-profile"
_PACKAGE_DIR = Path(__file__).resolve().parent


@functools.cache
def resources_dir() -> Path:
    """The directory holding icons, style, translations and sandbox data."""
    candidates: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    candidates += [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]
    for candidate in candidates:
        if (candidate / "sandbox").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"pos-profile resources not found (looked in {tried})")


def resource(*parts: str) -> Path:
    """Path of one file under ``resources/``."""
    return resources_dir().joinpath(*parts)


def user_config_file() -> Path:
    """The per-user config file (``$POS_PROFILE_CONFIG`` overrides it, see settings)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def site_config_file() -> Path:
    """The machine-wide config file an admin deploys to every till."""
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def user_log_dir() -> Path:
    """Where the rotating log file lives."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
