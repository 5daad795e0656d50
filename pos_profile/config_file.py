"""The config files as TOML, before validation: where they are, reading them, the first screen.

This is the part of :mod:`pos_profile.settings` the window needs before its first paint, so
it imports only the standard library (``tomllib``) and :mod:`pos_profile.paths`: a file that is
missing, unreadable or not TOML fails here with the same one line :mod:`pos_profile.settings`
gives; what the keys *mean* (pydantic validation) is checked after the window is shown.

:func:`first_screen` picks the few values that shape the first paint (language, placement,
strip width, contact type, compact, the lookup watchdog's timeouts) leniently: a value of
the wrong type is ignored here (the default is painted) and reported by the validation
right after.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pos_profile import paths

if TYPE_CHECKING:
    from pos_profile.errors import SettingsError

ENV_CONFIG = "POS_PROFILE_CONFIG"


def settings_error(message: str) -> SettingsError:
    """A :class:`~pos_profile.errors.SettingsError` (its module, and the message catalogue
    behind it, load only when a file is wrong: not on the first screen's path)."""
    from pos_profile.errors import SettingsError

    return SettingsError(message)


def user_settings_path(
    config_path: Path | None = None, *, environ: Mapping[str, str] = os.environ
) -> Path:
    """The user file: ``config_path``, else ``$POS_PROFILE_CONFIG``, else the platform default."""
    if config_path is not None:
        return Path(config_path)
    from_env = environ.get(ENV_CONFIG, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return paths.user_config_file()


def read_files(
    config_path: Path | None = None,
    *,
    environ: Mapping[str, str] = os.environ,
    site_path: Path | None = None,
) -> list[tuple[Path, dict[str, Any]]]:
    """The site file (defaults) and the user file (overrides) that exist, parsed, in order.

    A file named by ``--config`` or ``$POS_PROFILE_CONFIG`` must exist; ``site_path``
    replaces the platform's site file (tests; ``None`` = the platform default).
    """
    site = site_path if site_path is not None else paths.site_config_file()
    user = user_settings_path(config_path, environ=environ)
    explicit = config_path is not None or bool(environ.get(ENV_CONFIG, "").strip())
    files = [(site, False), (user, explicit)] if site != user else [(user, explicit)]
    found: list[tuple[Path, dict[str, Any]]] = []
    for path, required in files:
        data = read_toml(path, required=required)
        if data is not None:
            found.append((path, data))
    return found


def read_toml(path: Path, *, required: bool) -> dict[str, Any] | None:
    """``path`` parsed; ``None`` when it is missing and not ``required``; one-line errors."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise settings_error(f"{path}: config file not found") from None
        return None
    except IsADirectoryError:
        raise settings_error(f"{path}: is a directory, not a config file") from None
    except OSError as exc:
        raise settings_error(f"{path}: cannot read: {exc.strerror or type(exc).__name__}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise settings_error(f"{path}: invalid TOML: the file is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise settings_error(toml_error(path, str(exc))) from None


def toml_error(path: Path, detail: str) -> str:
    """tomllib's message as one line naming the file, the line and the column."""
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", detail)
    if where:
        what = detail[: where.start()]
        return f"{path} line {where[1]}: invalid TOML: {_lower_first(what)} (column {where[2]})"
    what = re.sub(r"\s*\(at end of document\)\s*$", " at the end of the file", detail)
    return f"{path}: invalid TOML: {_lower_first(what)}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


class FirstScreen(NamedTuple):
    """What the window needs to paint itself before the settings are validated."""

    language: str = "en"
    placement: str = "window"
    width: int = 380
    compact: bool = False
    contact_type: str = "member"
    phone_region: str = "SE"
    idle_clear_seconds: int = 300
    timeout_seconds: float = 5.0
    connect_timeout_seconds: float = 3.0


FIRST_SCREEN_FIELDS: Mapping[str, tuple[str, Callable[[Any], bool]]] = {
    "language": ("display", lambda v: v in ("en", "sv")),
    "placement": ("display", lambda v: v in ("window", "right", "left")),
    "width": ("display", lambda v: type(v) is int and 260 <= v <= 3840),
    "compact": ("display", lambda v: type(v) is bool),
    "idle_clear_seconds": ("display", lambda v: type(v) is int and 0 <= v <= 86400),
    "contact_type": ("engage", lambda v: isinstance(v, str) and bool(v.strip())),
    "phone_region": ("engage", lambda v: isinstance(v, str) and len(v.strip()) == 2),
    "timeout_seconds": ("engage", lambda v: type(v) in (int, float) and 0 < v <= 120),
    "connect_timeout_seconds": ("engage", lambda v: type(v) in (int, float) and 0 < v <= 60),
}
"""Each FirstScreen field: the config table it is read from, and the lenient check a value
must pass to be used before the settings are validated (else the default stays)."""


def first_screen(files: list[tuple[Path, dict[str, Any]]]) -> FirstScreen:
    """The first screen's values from the parsed files (later files win), leniently."""
    values: dict[str, Any] = {}
    for _path, data in files:
        for key, (table, fits) in FIRST_SCREEN_FIELDS.items():
            section = data.get(table)
            if isinstance(section, Mapping) and key in section and fits(section[key]):
                value = section[key]
                values[key] = value.strip() if isinstance(value, str) else value
    if "phone_region" in values:
        values["phone_region"] = values["phone_region"].upper()
    return FirstScreen(**values)


def first_screen_of(settings: Any) -> FirstScreen:
    """The same values from validated settings (``settings.display.language``, ...): what
    ``gui.app.build`` paints when the settings are already validated."""
    return FirstScreen(
        **{
            key: getattr(getattr(settings, table), key)
            for key, (table, _fits) in FIRST_SCREEN_FIELDS.items()
        }
    )
