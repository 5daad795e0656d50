"""The config file as an admin writes it: defaults, merge, errors they can act on, saving."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import trustme

from pos_profile.errors import ConfigurationError
from pos_profile.settings import (
    Settings,
    SettingsError,
    load_settings,
    normalise_base_url,
    save_user_settings,
    user_settings_path,
)

NO_ENV: dict[str, str] = {}


@pytest.fixture
def no_site(tmp_path: Path) -> Path:
    """A site file path that does not exist, so the machine's real /etc is never read."""
    return tmp_path / "no-site" / "config.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path, site: Path) -> str:
    with pytest.raises(SettingsError) as info:
        load_settings(path, environ=NO_ENV, site_path=site)
    return info.value.message


# --------------------------------------------------------------------------- good files


def test_missing_default_user_file_is_fine(
    tmp_path: Path, no_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "pos_profile.paths.user_config_file", lambda: tmp_path / "absent" / "config.toml"
    )
    settings = load_settings(environ=NO_ENV, site_path=no_site)
    assert settings == Settings()
    assert settings.sources == ()
    assert settings.engage.base_url is None
    assert settings.engage.contact_type == "member"
    assert settings.engage.timeout_seconds == 5.0
    assert settings.engage.connect_timeout_seconds == 3.0
    assert settings.engage.phone_region == "SE"
    assert settings.display.language == "en"
    assert settings.display.idle_clear_seconds == 300
    assert settings.display.currency == "SEK"
    assert settings.display.expiry_warning_days == 7
    assert settings.scanner.enabled is True


def test_full_file_is_read_and_normalised(tmp_path: Path, no_site: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        """
        [engage]
        base_url = "HTTPS://Tenant.Voyado.COM/api/v3/"
        contact_type = "contact"
        timeout_seconds = 8
        connect_timeout_seconds = 2.5
        phone_region = "fi"

        [scanner]
        max_gap_ms = 40

        [display]
        language = "sv"
        idle_clear_seconds = 0
        compact = true
        currency = "eur"
        expiry_warning_days = 14
        """.replace("\n        ", "\n"),
    )
    settings = load_settings(path, environ=NO_ENV, site_path=no_site)
    assert settings.engage.base_url == "https://tenant.voyado.com"
    assert settings.engage.contact_type == "contact"
    assert settings.engage.timeout_seconds == 8.0
    assert settings.engage.phone_region == "FI"
    assert settings.scanner.max_gap_ms == 40.0
    assert settings.display.language == "sv"
    assert settings.display.idle_clear_seconds == 0
    assert settings.display.compact is True
    assert settings.display.currency == "EUR"
    assert settings.sources == (path,)
    assert "sources" not in settings.model_dump()


def test_validating_phone_region_does_not_load_phonenumbers(tmp_path: Path) -> None:
    """The settings are validated right after the first paint; phonenumbers (20-30 ms to
    import) waits for the first phone-number search, and a bad region is still refused."""
    good = write(tmp_path / "good.toml", '[engage]\nphone_region = "fi"\n')
    bad = write(tmp_path / "bad.toml", '[engage]\nphone_region = "XX"\n')
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pos_profile.settings import SettingsError, load_settings\n"
        "print(load_settings(Path(sys.argv[1]), environ={}, site_path=Path(sys.argv[3]))"
        ".engage.phone_region)\n"
        "try:\n"
        "    load_settings(Path(sys.argv[2]), environ={}, site_path=Path(sys.argv[3]))\n"
        "except SettingsError as exc:\n"
        "    print(exc.message.split(': ', 1)[1])\n"
        "print(sorted(m for m in sys.modules if m.startswith('phonenumbers')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(good), str(bad), str(tmp_path / "no-site.toml")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == [
        "FI",
        "[engage] phone_region: must be a two-letter country code such as SE or FI",
        "[]",
    ]


def test_site_file_gives_defaults_and_user_file_overrides_key_by_key(tmp_path: Path) -> None:
    site = write(
        tmp_path / "etc" / "config.toml",
        '[engage]\nbase_url = "https://shop.voyado.com"\ncontact_type = "contact"\n'
        '[display]\nlanguage = "sv"\n',
    )
    user = write(tmp_path / "user.toml", '[engage]\ncontact_type = "member"\n')
    settings = load_settings(user, environ=NO_ENV, site_path=site)
    assert settings.engage.base_url == "https://shop.voyado.com"  # from the site file
    assert settings.engage.contact_type == "member"  # the user file wins
    assert settings.display.language == "sv"  # a table only the site file has
    assert settings.sources == (site, user)


def test_env_var_names_the_user_file(tmp_path: Path, no_site: Path) -> None:
    path = write(tmp_path / "from-env.toml", '[engage]\nbase_url = "https://env.example.com"\n')
    settings = load_settings(environ={"POS_PROFILE_CONFIG": str(path)}, site_path=no_site)
    assert settings.engage.base_url == "https://env.example.com"


def test_config_argument_beats_env_var(tmp_path: Path, no_site: Path) -> None:
    env_file = write(tmp_path / "env.toml", '[engage]\ncontact_type = "fromenv"\n')
    arg_file = write(tmp_path / "arg.toml", '[engage]\ncontact_type = "fromarg"\n')
    settings = load_settings(
        arg_file, environ={"POS_PROFILE_CONFIG": str(env_file)}, site_path=no_site
    )
    assert settings.engage.contact_type == "fromarg"


def test_explicit_config_that_does_not_exist_is_an_error(tmp_path: Path, no_site: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert load_error(missing, no_site) == f"{missing}: config file not found"
    with pytest.raises(SettingsError, match="config file not found"):
        load_settings(environ={"POS_PROFILE_CONFIG": str(missing)}, site_path=no_site)


def test_settings_error_is_a_configuration_error_with_exit_code_5() -> None:
    assert issubclass(SettingsError, ConfigurationError)
    assert SettingsError("x").exit_code == 5


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[engage]\ncontct_type = "member"\n',
            "[engage] contct_type: unknown key (did you mean contact_type?)",
        ),
        ("[enagge]\nbase_url = 1\n", "[enagge]: unknown table (did you mean [engage]?)"),
        ("[display]\nlangauge = 'sv'\n", "[display] langauge: unknown key (did you mean language"),
        ("[scanner]\nmax_gap = 40\n", "[scanner] max_gap: unknown key (did you mean max_gap_ms"),
        (
            '[engage]\nbase_url = "http://tenant.voyado.com"\n',
            "[engage] base_url: must start with https:// (http is allowed only for localhost)",
        ),
        ("[engage]\ntimeout_seconds = 0\n", "[engage] timeout_seconds: must be greater than 0"),
        ('[engage]\ntimeout_seconds = "5"\n', "[engage] timeout_seconds: must be a number"),
        ("[display]\nidle_clear_seconds = -1\n", "[display] idle_clear_seconds: must be at least"),
        ("[display]\nidle_clear_seconds = 1.5\n", "[display] idle_clear_seconds: must be a whole"),
        ('[display]\ncompact = "yes"\n', "[display] compact: must be true or false"),
        ('[display]\nlanguage = "de"\n', '[display] language: must be one of "en" or "sv"'),
        ('[display]\ncurrency = "kronor"\n', "[display] currency: must be a three-letter currency"),
        ('[engage]\nphone_region = "Sweden"\n', "[engage] phone_region: must be a two-letter"),
        ('[engage]\ncontact_type = ""\n', "[engage] contact_type: must be a contact type name"),
        ("engage = 5\n", "[engage]: must be a table"),
        ("sources = []\n", "sources: unknown key"),
    ],
)
def test_bad_value_names_file_and_key_on_one_line(
    tmp_path: Path, no_site: Path, text: str, expected: str
) -> None:
    path = write(tmp_path / "config.toml", text)
    message = load_error(path, no_site)
    assert message.startswith(f"{path}: {expected}")
    assert "\n" not in message


def test_api_key_in_the_config_file_is_refused_without_repeating_it(
    tmp_path: Path, no_site: Path
) -> None:
    path = write(tmp_path / "config.toml", '[engage]\napi_key = "s3cr3t-KEY-value"\n')
    message = load_error(path, no_site)
    assert "[engage] api_key: unknown key" in message
    assert "pos-profile credentials set" in message
    assert "s3cr3t" not in message


def test_bad_url_value_is_not_repeated_in_the_message(tmp_path: Path, no_site: Path) -> None:
    path = write(tmp_path / "c.toml", '[engage]\nbase_url = "https://user:hunter2@x.com"\n')
    message = load_error(path, no_site)
    assert "must not contain a user name or password" in message
    assert "hunter2" not in message


def test_invalid_toml_names_the_line(tmp_path: Path, no_site: Path) -> None:
    path = write(tmp_path / "config.toml", '[engage]\ncontact_type = "member"\nbase_url = \n')
    message = load_error(path, no_site)
    assert message.startswith(f"{path} line 3: invalid TOML: ")
    assert "\n" not in message


def test_not_utf8_is_reported(tmp_path: Path, no_site: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[engage]\ncontact_type = "\xff"\n')
    assert load_error(path, no_site) == f"{path}: invalid TOML: the file is not UTF-8 text"


def test_several_errors_report_the_first_and_count_the_rest(tmp_path: Path, no_site: Path) -> None:
    path = write(tmp_path / "c.toml", "[engage]\ntimeout_seconds = 0\nfoo = 1\nbar = 2\n")
    assert load_error(path, no_site).endswith("(and 2 more)")


def test_error_in_the_site_file_names_the_site_file(tmp_path: Path) -> None:
    site = write(tmp_path / "site.toml", "[display]\nlanguage = 'xx'\n")
    user = write(tmp_path / "user.toml", "[display]\nlanguage = 'sv'\n")
    message = load_error(user, site)
    assert message.startswith(f"{site}: [display] language:")


# --------------------------------------------------------------------------- base_url


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("https://tenant.voyado.com", "https://tenant.voyado.com"),
        ("https://tenant.voyado.com/", "https://tenant.voyado.com"),
        ("  https://Tenant.Voyado.Com/  ", "https://tenant.voyado.com"),
        ("https://tenant.voyado.com/api/v3", "https://tenant.voyado.com"),
        ("https://tenant.voyado.com/api/v3/", "https://tenant.voyado.com"),
        ("https://tenant.voyado.com/API/V3", "https://tenant.voyado.com"),
        ("https://tenant.voyado.com:443", "https://tenant.voyado.com"),
        ("https://tenant.voyado.com:8443/", "https://tenant.voyado.com:8443"),
        ("HTTPS://tenant.voyado.com", "https://tenant.voyado.com"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://LOCALHOST:8080/api/v3", "http://localhost:8080"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.1.2.3", "http://127.1.2.3"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("http://[0:0:0:0:0:0:0:1]:8080", "http://[::1]:8080"),
        ("https://[2001:DB8::1]", "https://[2001:db8::1]"),
        ("https://kund.exämple.se", "https://kund.xn--exmple-cua.se"),
    ],
)
def test_base_url_normalisation(raw: str, normal: str) -> None:
    assert normalise_base_url(raw) == normal


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("http://tenant.voyado.com", "http is allowed only for localhost"),
        ("http://10.0.0.5:8080", "http is allowed only for localhost"),
        ("http://[::2]", "http is allowed only for localhost"),
        ("http://128.0.0.1", "http is allowed only for localhost"),
        ("tenant.voyado.com", "must start with https://"),
        ("ftp://tenant.voyado.com", "must start with https://"),
        ("https://tenant.voyado.com/api/v2", "must be only scheme and host"),
        ("https://tenant.voyado.com/something", "must be only scheme and host"),
        ("https://tenant.voyado.com?x=1", "must not contain a query"),
        ("https://tenant.voyado.com:99999", "not a valid URL"),
        ("https://", "has no host name"),
        ("https://bad_host.example.com", "invalid host name"),
        ("", "must not be empty"),
    ],
)
def test_base_url_refused(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalise_base_url(raw)


# --------------------------------------------------------------------------- saving


def test_save_then_load_round_trip(tmp_path: Path, no_site: Path) -> None:
    target = tmp_path / "cfg" / "config.toml"
    written = save_user_settings(
        {"engage": {"base_url": "https://Shop.Voyado.com/api/v3", "contact_type": "contact"}},
        target,
        environ=NO_ENV,
    )
    assert written == target
    settings = load_settings(target, environ=NO_ENV, site_path=no_site)
    assert settings.engage.base_url == "https://shop.voyado.com"  # stored normalised
    assert settings.engage.contact_type == "contact"
    assert 'base_url = "https://shop.voyado.com"' in target.read_text(encoding="utf-8")


def test_save_keeps_other_keys_of_the_user_file(tmp_path: Path, no_site: Path) -> None:
    target = write(
        tmp_path / "config.toml", '[display]\nlanguage = "sv"\n[engage]\ntimeout_seconds = 9\n'
    )
    save_user_settings({"engage": {"base_url": "https://a.example.com"}}, target, environ=NO_ENV)
    settings = load_settings(target, environ=NO_ENV, site_path=no_site)
    assert settings.display.language == "sv"
    assert settings.engage.timeout_seconds == 9.0
    assert settings.engage.base_url == "https://a.example.com"


def test_save_uses_env_var_path(tmp_path: Path) -> None:
    target = tmp_path / "env" / "config.toml"
    env = {"POS_PROFILE_CONFIG": str(target)}
    assert user_settings_path(environ=env) == target
    assert save_user_settings({"display": {"compact": True}}, environ=env) == target
    assert target.is_file()


def test_save_refuses_invalid_values_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    with pytest.raises(SettingsError, match="base_url: must start with https://"):
        save_user_settings({"engage": {"base_url": "http://shop.example.com"}}, target)
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_the_api_key(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    with pytest.raises(SettingsError, match="never goes in the config file") as info:
        save_user_settings({"engage": {"api_key": "k-123456"}}, target)
    assert "k-123456" not in info.value.message
    assert not target.exists()


def test_save_replaces_atomically_leaving_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    for language in ("sv", "en", "sv"):
        save_user_settings({"display": {"language": language}}, target, environ=NO_ENV)
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


ADMIN_FILE = """\
# Till 12 -- deployed by store IT, ticket 4711. Keep these comments.
[display]
language = "sv"   # the cashiers read Swedish
idle_clear_seconds = 60

[engage]
# production tenant (moved in November)
base_url = "https://old.example.com"  # before the move
timeout_seconds = 9
[scanner]
connection = "bluetooth"
"""


def test_save_edits_the_file_keeping_comments_order_and_formatting(tmp_path: Path) -> None:
    target = write(tmp_path / "config.toml", ADMIN_FILE)
    save_user_settings(
        {"engage": {"base_url": "https://New.Example.com/", "contact_type": "contact"}},
        target,
        environ=NO_ENV,
    )
    expected = ADMIN_FILE.replace("https://old.example.com", "https://new.example.com").replace(
        "timeout_seconds = 9\n", 'timeout_seconds = 9\ncontact_type = "contact"\n'
    )
    assert target.read_text(encoding="utf-8") == expected


def test_save_creates_a_missing_table_after_the_others(tmp_path: Path) -> None:
    original = "# display only\n[display]\ncompact = true # the strip\n"
    target = write(tmp_path / "config.toml", original)
    save_user_settings({"engage": {"contact_type": "contact"}}, target, environ=NO_ENV)
    text = target.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert tomllib.loads(text) == {
        "display": {"compact": True},
        "engage": {"contact_type": "contact"},
    }


def test_save_creates_a_missing_file_and_its_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "config.toml"
    save_user_settings(
        {"engage": {"base_url": "https://a.example.com", "contact_type": "member"}},
        target,
        environ=NO_ENV,
    )
    assert tomllib.loads(target.read_text(encoding="utf-8")) == {
        "engage": {"base_url": "https://a.example.com", "contact_type": "member"}
    }


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (
            'engage = { base_url = "https://old.example.com" } # inline\n',
            'engage = { base_url = "https://new.example.com" } # inline\n',
        ),
        (
            'engage.base_url = "https://old.example.com" # dotted\n',
            'engage.base_url = "https://new.example.com" # dotted\n',
        ),
        (
            '[engage]\r\nbase_url = "https://old.example.com"\r\n',
            '[engage]\r\nbase_url = "https://new.example.com"\r\n',
        ),
    ],
    ids=["inline-table", "dotted-keys", "crlf"],
)
def test_save_edits_other_table_forms_in_place(
    tmp_path: Path, original: str, expected: str
) -> None:
    target = tmp_path / "config.toml"
    target.write_bytes(original.encode())
    save_user_settings({"engage": {"base_url": "https://new.example.com"}}, target, environ=NO_ENV)
    assert target.read_bytes() == expected.encode()


def test_save_none_removes_the_key_and_keeps_the_rest(tmp_path: Path) -> None:
    target = write(tmp_path / "config.toml", '[engage]\n# why 7\npoint_definition_id = "7"\n')
    save_user_settings({"engage": {"point_definition_id": None}}, target, environ=NO_ENV)
    assert target.read_text(encoding="utf-8") == "[engage]\n# why 7\n"


@pytest.mark.parametrize(
    ("updates", "reason"),
    [
        ({"engage": {"base_url": "http://shop.example.com"}}, "base_url: must start with https://"),
        ({"engage": {"contact_type": "no spaces please"}}, "contact_type: must be a contact type"),
        ({"engage": {"contct_type": "member"}}, "did you mean contact_type"),
        ({"engage": {"apikey": "k-123456"}}, "never goes in the config file"),
        ({"display": {"language": "de"}}, "[display] language: must be one of"),
    ],
)
def test_invalid_updates_leave_a_commented_file_untouched(
    tmp_path: Path, updates: dict[str, dict[str, object]], reason: str
) -> None:
    target = write(tmp_path / "config.toml", ADMIN_FILE)
    before = target.read_bytes()
    with pytest.raises(SettingsError) as info:
        save_user_settings(updates, target, environ=NO_ENV)
    assert reason in info.value.message
    assert "k-123456" not in info.value.message
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ("[engage\nbase_url = 1\n", "invalid TOML"),
        ('[engage]\nbase_url = "https://a.example.com"\nbase_url = "x"\n', "invalid TOML"),
        ("[engage]\ntimeout_seconds = -1\n", "timeout_seconds: must be greater than 0"),
    ],
)
def test_a_broken_file_is_refused_not_overwritten(tmp_path: Path, broken: str, reason: str) -> None:
    target = write(tmp_path / "config.toml", broken)
    with pytest.raises(SettingsError, match=reason):
        save_user_settings({"engage": {"contact_type": "member"}}, target, environ=NO_ENV)
    assert target.read_text(encoding="utf-8") == broken


# --------------------------------------------------------------------------- ca_file


@pytest.fixture(scope="module")
def ca_pem_bytes() -> bytes:
    return bytes(trustme.CA().cert_pem.bytes())


def test_ca_file_relative_to_the_file_that_sets_it(tmp_path: Path, ca_pem_bytes: bytes) -> None:
    (tmp_path / "etc" / "certs").mkdir(parents=True)
    (tmp_path / "etc" / "certs" / "company.pem").write_bytes(ca_pem_bytes)
    site = write(tmp_path / "etc" / "config.toml", '[engage]\nca_file = "certs/company.pem"\n')
    user = write(tmp_path / "home" / "user.toml", '[engage]\ncontact_type = "contact"\n')
    settings = load_settings(user, environ=NO_ENV, site_path=site)
    assert settings.engage.ca_file == str(tmp_path / "etc" / "certs" / "company.pem")
    assert settings.engage.contact_type == "contact"


def test_ca_file_absolute_and_user_override(tmp_path: Path, ca_pem_bytes: bytes) -> None:
    pem = tmp_path / "abs.pem"
    pem.write_bytes(ca_pem_bytes)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "mine.pem").write_bytes(ca_pem_bytes)
    site = write(tmp_path / "etc" / "config.toml", f'[engage]\nca_file = "{pem}"\n')
    assert load_settings(site, environ=NO_ENV, site_path=site).engage.ca_file == str(pem)
    user = write(tmp_path / "home" / "user.toml", '[engage]\nca_file = "mine.pem"\n')
    settings = load_settings(user, environ=NO_ENV, site_path=site)
    assert settings.engage.ca_file == str(tmp_path / "home" / "mine.pem")


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "[engage] ca_file: file not found"),
        ("directory", "[engage] ca_file: is a directory, not a PEM file"),
        ("text", "[engage] ca_file: not a PEM file of CA certificates"),
        ("der", "[engage] ca_file: not a PEM file of CA certificates"),
        ("broken", "[engage] ca_file: not a readable PEM file of CA certificates"),
        ("empty", "[engage] ca_file: must be the path of a PEM file"),
        ("number", "[engage] ca_file: must be text in quotes"),
    ],
)
def test_unusable_ca_file_is_one_line_naming_file_and_key_without_the_value(
    tmp_path: Path, no_site: Path, setup: str, expected: str
) -> None:
    target = tmp_path / "secret-name-ca.pem"
    value = '"secret-name-ca.pem"'
    if setup == "directory":
        target.mkdir()
    elif setup == "text":
        target.write_text("api key: s3cr3t\n", encoding="utf-8")
    elif setup == "der":
        target.write_bytes(b"\x30\x82\x01\x0a\x02\x82\x01\x01\x00" * 10)
    elif setup == "broken":
        target.write_text(
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
            encoding="utf-8",
        )
    elif setup == "empty":
        value = '""'
    elif setup == "number":
        value = "5"
    path = write(tmp_path / "config.toml", f"[engage]\nca_file = {value}\n")
    message = load_error(path, no_site)
    assert message.startswith(f"{path}: {expected}")
    assert "\n" not in message
    assert "secret-name" not in message.removeprefix(str(path))
    assert "s3cr3t" not in message


def test_saving_other_keys_keeps_a_relative_ca_file(
    tmp_path: Path, no_site: Path, ca_pem_bytes: bytes
) -> None:
    (tmp_path / "ca.pem").write_bytes(ca_pem_bytes)
    path = write(tmp_path / "config.toml", '[engage]\nca_file = "ca.pem"\n')
    save_user_settings({"engage": {"contact_type": "contact"}}, path, environ=NO_ENV)
    assert tomllib.loads(path.read_text("utf-8"))["engage"]["ca_file"] == "ca.pem"
    assert load_settings(path, environ=NO_ENV, site_path=no_site).engage.ca_file == str(
        tmp_path / "ca.pem"
    )


# --------------------------------------------------------------------------- point_definition_id


@pytest.mark.parametrize(
    ("raw", "stored"), [("1", "1"), ("2", "2"), ('" 7 "', "7"), ('"bonus-points"', "bonus-points")]
)
def test_point_definition_id_number_or_text(
    tmp_path: Path, no_site: Path, raw: str, stored: str
) -> None:
    path = write(tmp_path / "config.toml", f"[engage]\npoint_definition_id = {raw}\n")
    assert load_settings(path, environ=NO_ENV, site_path=no_site).engage.point_definition_id == (
        stored
    )


def test_point_definition_id_defaults_to_none(tmp_path: Path, no_site: Path) -> None:
    path = write(tmp_path / "config.toml", "[engage]\n")
    assert load_settings(path, environ=NO_ENV, site_path=no_site).engage.point_definition_id is None


@pytest.mark.parametrize("raw", ['""', "true", '"two words"', "[1]", "1.5"])
def test_point_definition_id_refused(tmp_path: Path, no_site: Path, raw: str) -> None:
    path = write(tmp_path / "config.toml", f"[engage]\npoint_definition_id = {raw}\n")
    message = load_error(path, no_site)
    assert message.startswith(f"{path}: [engage] point_definition_id: must be a point definition")
    assert "\n" not in message


def test_new_keys_have_typo_suggestions(tmp_path: Path, no_site: Path) -> None:
    path = write(tmp_path / "config.toml", '[engage]\nca_fille = "x.pem"\n')
    assert "[engage] ca_fille: unknown key (did you mean ca_file?)" in load_error(path, no_site)
    path = write(tmp_path / "config.toml", "[engage]\npoint_definition = 1\n")
    assert "(did you mean point_definition_id?)" in load_error(path, no_site)


# --------------------------------------------------------------------------- [redeem]


def test_redemption_is_off_by_default_and_names_no_store() -> None:
    assert Settings().redeem.enabled is False
    assert Settings().redeem.store is None


def test_redeem_section_is_read(tmp_path: Path, no_site: Path) -> None:
    path = write(tmp_path / "config.toml", '[redeem]\nenabled = true\nstore = " 0042 "\n')
    settings = load_settings(path, environ=NO_ENV, site_path=no_site)
    assert settings.redeem.enabled is True
    assert settings.redeem.store == "0042"


@pytest.mark.parametrize(
    "text", ['[redeem]\nstore = "Main street 1"\n', '[redeem]\nenabled = "maybe"\n']
)
def test_a_bad_redeem_value_names_the_key(tmp_path: Path, no_site: Path, text: str) -> None:
    path = write(tmp_path / "config.toml", text)
    message = load_error(path, no_site)
    assert message.startswith(f"{path}: [redeem] ")
    assert "\n" not in message
