"""The TOML config file: where it is, what it may say, and one-line errors when it is wrong. No Qt.

Two files are read and merged table by table, key by key:

1. the machine-wide file an admin deploys to every till
   (:func:`pos_profile.paths.site_config_file`), which provides defaults;
2. the user file, which overrides it: ``--config PATH``, else ``$POS_PROFILE_CONFIG``, else
   :func:`pos_profile.paths.user_config_file`. A missing default user file is fine (defaults are
   used); a file named explicitly by ``--config`` or ``$POS_PROFILE_CONFIG`` must exist.

Every problem raises :class:`SettingsError` with one line naming the file and the key, e.g.
``/etc/xdg/pos-profile/config.toml: [engage] contct_type: unknown key (did you mean
contact_type?)``.
Messages never repeat the offending value (an admin may have pasted the API key in the wrong place).

The API key is never in these files: it lives in the OS keyring (:mod:`pos_profile.credentials`).
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from pos_profile.config_file import (
    ENV_CONFIG,
    read_files,
    read_toml,
    user_settings_path,
)
from pos_profile.engage.phone_regions import PHONE_REGIONS
from pos_profile.engage.urls import normalise_base_url
from pos_profile.errors import SettingsError
from pos_profile.scanning.config import ScannerConfig

# Keys that look like an attempt to put the API key in the file get a pointer to the keyring.
_SECRET_KEY_NAMES = frozenset(
    {"api_key", "apikey", "api-key", "key", "password", "secret", "token"}
)


# --------------------------------------------------------------------------- base URL


# normalise_base_url lives with the client, which enforces the same rule; re-exported here.
__all__ = ["ENV_CONFIG", "SettingsError", "normalise_base_url", "user_settings_path"]


# --------------------------------------------------------------------------- models


class EngageSettings(BaseModel):
    """``[engage]``: where Engage is and how to ask it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str | None = Field(None, description="tenant URL, scheme + host")
    contact_type: str = Field("member", description="Engage contact type sent with lookups")
    timeout_seconds: float = Field(5.0, gt=0, le=120, description="read timeout per request")
    connect_timeout_seconds: float = Field(3.0, gt=0, le=60, description="connect timeout")
    phone_region: str = Field("SE", description="region for phone numbers typed without +")
    ca_file: str | None = Field(
        None, description="PEM file of extra CA certificates, on top of the OS trust store"
    )
    point_definition_id: str | None = Field(
        None, description="show only the point account of this point definition"
    )

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        return None if value is None else normalise_base_url(value)

    @field_validator("contact_type")
    @classmethod
    def _contact_type(cls, value: str) -> str:
        value = value.strip()
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value):
            raise ValueError("must be a contact type name such as member or contact")
        return value

    @field_validator("ca_file")
    @classmethod
    def _ca_file(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError("must be the path of a PEM file (or leave the key out)")
        from pos_profile.engage.tls import ca_file_problem

        path = Path(value).expanduser()
        problem = ca_file_problem(path)
        if problem is not None:
            raise ValueError(f"{problem} (a relative path is read from the config file's folder)")
        return str(path)

    @field_validator("point_definition_id", mode="before")
    @classmethod
    def _point_definition_id(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value = value.strip()
            if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value):
                raise ValueError("must be a point definition id such as 1")
            return value
        if value is None:
            return None
        raise ValueError("must be a point definition id such as 1 (a number or text)")

    @field_validator("phone_region")
    @classmethod
    def _phone_region(cls, value: str) -> str:
        region = value.strip().upper()
        if region not in PHONE_REGIONS:  # phonenumbers' regions, without importing it
            raise ValueError("must be a two-letter country code such as SE or FI")
        return region


class DisplaySettings(BaseModel):
    """``[display]``: what the cashier sees."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: Literal["en", "sv"] = "en"
    idle_clear_seconds: int = Field(
        300, ge=0, le=86400, description="0 = never clear; counts input anywhere on the till"
    )
    compact: bool = False
    placement: Literal["window", "right", "left"] = Field(
        "window", description="right/left: a full-height strip at that screen edge, on top"
    )
    width: int = Field(380, ge=260, le=3840, description="width of the strip in pixels")
    currency: str = Field("SEK", description="ISO 4217 code of the store's currency")
    expiry_warning_days: int = Field(7, ge=0, le=366)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError("must be a three-letter currency code such as SEK or EUR")
        return code


class RedeemSettings(BaseModel):
    """``[redeem]``: whether this till may redeem vouchers and promotions in Engage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(
        False,
        description="off by default: a POS that reports receipts to Engage would double-redeem",
    )
    store: str | None = Field(
        None, description="the till's store, named in the redemption audit log"
    )

    @field_validator("store")
    @classmethod
    def _store(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not re.fullmatch(r"[A-Za-z0-9_.:/-]{1,64}", value):
            raise ValueError("must be a store code such as 0042 or stockholm-city (no spaces)")
        return value


class Settings(BaseModel):
    """The whole configuration. ``sources`` are the files it was read from (never dumped)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engage: EngageSettings = Field(default_factory=EngageSettings)
    scanner: ScannerConfig = Field(default_factory=ScannerConfig)
    display: DisplaySettings = Field(default_factory=DisplaySettings)
    redeem: RedeemSettings = Field(default_factory=RedeemSettings)
    sources: tuple[Path, ...] = Field((), exclude=True)


# --------------------------------------------------------------------------- finding files


def load_settings(
    config_path: Path | None = None,
    *,
    environ: Mapping[str, str] = os.environ,
    site_path: Path | None = None,
) -> Settings:
    """Read the site file (defaults) and the user file (overrides) and validate them.

    ``site_path`` replaces the platform's site file (tests; ``None`` = the platform default).
    """
    files = read_files(config_path, environ=environ, site_path=site_path)
    return validate_files(files, user_settings_path(config_path, environ=environ))


def validate_files(files: list[tuple[Path, dict[str, Any]]], user: Path) -> Settings:
    """Validate the parsed files (:func:`pos_profile.config_file.read_files`) and merge them;
    ``user`` is the file an error names when there is none."""
    merged: dict[str, Any] = {}
    sources: list[Path] = []
    for path, raw in files:
        data = _resolve_paths(raw, path)
        _validate(data, path)  # errors name the file they are in
        merged = _deep_merge(merged, data)
        sources.append(path)
    settings = _validate(merged, sources[-1] if sources else user)
    return settings.model_copy(update={"sources": tuple(sources)})


_PATH_KEYS = (("engage", "ca_file"),)
"""Keys holding a file path: a relative one is relative to the config file that sets it."""


def _resolve_paths(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """``data`` with each relative path key made absolute against ``path``'s folder."""
    result = dict(data)
    for table, key in _PATH_KEYS:
        section = result.get(table)
        if not isinstance(section, Mapping):
            continue
        value = section.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        target = Path(value.strip()).expanduser()
        if not target.is_absolute():
            target = path.absolute().parent / target
        result[table] = {**section, key: str(target)}
    return result


def _deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


# --------------------------------------------------------------------------- validation errors


def _validate(data: Mapping[str, Any], path: Path) -> Settings:
    if "sources" in data:  # a field of the model, but not something a file may set
        raise SettingsError(f"{path}: sources: unknown key")
    try:
        return Settings.model_validate(data, strict=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        first = _describe(errors[0], data)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SettingsError(f"{path}: {first}{more}") from None


def _describe(error: ErrorDetails, data: Mapping[str, Any]) -> str:
    loc = tuple(str(part) for part in error["loc"])
    model: type[BaseModel] | None = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(part) if model else None
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            model = None
    name = loc[-1] if loc else ""
    where = _where(loc)
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "extra_forbidden":
        is_table = len(loc) == 1 and isinstance(data.get(name), Mapping)
        noun = "table" if is_table else "key"
        where = f"[{name}]" if is_table else where
        if name.lower() in _SECRET_KEY_NAMES:
            return (
                f"{where}: unknown key (the API key never goes in the config file; "
                "remove it and use: pos-profile credentials set)"
            )
        candidates = list(model.model_fields) if model else []
        if model is Settings:
            candidates.remove("sources")
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        if close:
            suggestion = f"[{close[0]}]" if is_table else close[0]
            return f"{where}: unknown {noun} (did you mean {suggestion}?)"
        known = ", ".join(candidates)
        return f"{where}: unknown {noun} (known: {known})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where}: must be a table, e.g. [{name}]"
    if kind == "value_error":
        return f"{where}: {ctx.get('error', error['msg'])}"
    return f"{where}: {_friendly(kind, ctx, error['msg'])}"


def _where(loc: tuple[str, ...]) -> str:
    if len(loc) == 1:
        return f"[{loc[0]}]" if loc[0] in Settings.model_fields else loc[0]
    return f"[{loc[0]}] " + ".".join(loc[1:])


def _friendly(kind: str, ctx: Mapping[str, Any], msg: str) -> str:
    simple = {
        "bool_type": "must be true or false",
        "int_type": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_type": "must be a number",
        "string_type": 'must be text in quotes, e.g. "value"',
        "finite_number": "must be a finite number",
    }
    if kind in simple:
        return simple[kind]
    bounds = {
        "greater_than": "greater than",
        "greater_than_equal": "at least",
        "less_than": "less than",
        "less_than_equal": "at most",
    }
    if kind in bounds:
        limit = next(iter(ctx.values()), "")
        return f"must be {bounds[kind]} {limit}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}".replace("'", '"')
    return _lower_first(msg)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


# --------------------------------------------------------------------------- saving


def save_user_settings(
    updates: Mapping[str, Mapping[str, object]],
    path: Path | None = None,
    *,
    environ: Mapping[str, str] = os.environ,
) -> Path:
    """Merge ``updates`` (``{"engage": {"base_url": ...}}``) into the user file and write it.

    The file is edited, not rewritten: an admin's comments, key order and formatting stay as
    they are (tomlkit); only the updated keys change, and a missing table or file is created.
    The result is validated before anything is written, values are stored normalised, a value
    of ``None`` removes the key, and the file is replaced atomically. Never pass the API key:
    such keys are refused. Returns the path written.
    """
    import tomlkit  # here, not at start-up: only the setup dialog's Save writes the file

    target = user_settings_path(path, environ=environ)
    for table, values in updates.items():
        for key in values:
            if key.lower() in _SECRET_KEY_NAMES:
                raise SettingsError(
                    f"{target}: [{table}] {key}: the API key never goes in the config file"
                )
    current = read_toml(target, required=False)  # errors worded as when the file is loaded
    merged = _deep_merge(current or {}, {t: dict(v) for t, v in updates.items()})
    normalised = _validate(_resolve_paths(merged, target), target).model_dump()
    try:
        document = (
            tomlkit.document()
            if current is None
            else tomlkit.parse(target.read_bytes().decode("utf-8-sig"))  # keeps CRLF
        )
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        raise SettingsError(
            f"{target}: cannot be edited: changed while saving, or unusual TOML"
        ) from None
    for table, values in updates.items():
        section = document.get(table)
        if section is None:
            document.add(table, tomlkit.table())
            section = document[table]
        for key in values:
            value = normalised[table][key]
            if value is None:
                section.pop(key, None)
            else:
                section[key] = list(value) if isinstance(value, tuple) else value
    text = tomlkit.dumps(document)
    try:  # what is written must load as what was validated
        _validate(_resolve_paths(tomllib.loads(text), target), target)
    except tomllib.TOMLDecodeError:
        raise SettingsError(f"{target}: cannot be edited: unusual TOML") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".config-", suffix=".toml.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target
