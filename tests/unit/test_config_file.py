"""The first screen's values, read leniently from the files before the settings are validated."""

from __future__ import annotations

from pathlib import Path

from pos_profile import config_file
from pos_profile.config_file import FIRST_SCREEN_FIELDS, FirstScreen, first_screen
from pos_profile.settings import DisplaySettings, EngageSettings, Settings


def files(**tables: dict[str, object]) -> list[tuple[Path, dict[str, object]]]:
    return [(Path("config.toml"), dict(tables))]


def test_every_first_screen_value_is_read_from_a_table() -> None:
    assert set(FIRST_SCREEN_FIELDS) == set(FirstScreen._fields)


def test_the_files_values_are_used_and_bad_ones_keep_the_default() -> None:
    screen = first_screen(
        files(
            display={"language": "sv", "placement": "right", "width": 340, "compact": "yes"},
            engage={"phone_region": " no ", "timeout_seconds": 500},
        )
    )
    assert (screen.language, screen.placement, screen.width) == ("sv", "right", 340)
    assert screen.compact is False  # not a bool: the default until validation says why
    assert screen.phone_region == "NO"
    assert screen.timeout_seconds == FirstScreen().timeout_seconds


def test_later_files_win() -> None:
    site = (Path("site.toml"), {"display": {"language": "sv", "width": 400}})
    user = (Path("user.toml"), {"display": {"language": "en"}})
    screen = first_screen([site, user])
    assert (screen.language, screen.width) == ("en", 400)


def test_validated_settings_give_the_same_first_screen_as_their_file() -> None:
    display = {"language": "sv", "placement": "left", "width": 300, "compact": True}
    engage = {"contact_type": "contact", "phone_region": "FI", "timeout_seconds": 7.5}
    settings = Settings(
        display=DisplaySettings(**display),  # type: ignore[arg-type]
        engage=EngageSettings(**engage),  # type: ignore[arg-type]
    )
    assert config_file.first_screen_of(settings) == first_screen(
        files(display=display, engage=engage)
    )


def test_no_file_paints_what_the_validated_defaults_then_show() -> None:
    assert first_screen([]) == config_file.first_screen_of(Settings())
