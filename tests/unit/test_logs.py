"""What ends up in the log file: useful facts yes, secrets and personal values never."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_profile import logs
from pos_profile.logs import RedactingFilter, redact, register_secret, setup_logging


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    """Leave the root logger, the record factory and the secret list as they were."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    factory = logging.getLogRecordFactory()
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging.setLogRecordFactory(factory)
    logs._forget_secrets()


def emit(message: str, *args: object, exc: BaseException | None = None) -> str:
    """Log one record through a handler carrying RedactingFilter; return what it wrote."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter())
    # A logger outside the manager: pytest attaches its capture handlers to every registered
    # non-propagating logger, and those would see the record before this filter does.
    logger = logging.Logger("test.redaction", logging.DEBUG)  # noqa: LOG001
    logger.addHandler(handler)
    try:
        if exc is None:
            logger.info(message, *args)
        else:
            try:
                raise exc
            except type(exc):
                logger.exception(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


CONTEXTS = st.sampled_from(
    ["{}", "value={}", "({})", "'{}'", '"{}"', "lookup {} failed", "{}.", "x {}, y", "{}\tz"]
)


def assert_gone(value: str, context: str) -> None:
    """The value is absent whether it comes as an argument, inside the text, or in an error."""
    text = context.format(value)
    outputs = [
        emit("looked up %s for the cashier", text),
        emit("looked up " + text.replace("%", "%%") + " for the cashier"),
        emit("lookup failed", exc=ValueError(f"no contact for {text}")),
        emit("args %r", (text, 404)),
    ]
    for output in outputs:
        assert value not in output
        message = re.sub(r'File ".*", line \d+', "", output).replace("404", "")
        assert not re.search(r"\d", message), output


# --------------------------------------------------------------------------- generators


def luhn_digit(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char)
        if index % 2 == 0:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str((10 - total % 10) % 10)


@st.composite
def personnummer(draw: st.DrawFn) -> str:
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    coordination = draw(st.booleans())
    day_of_month = day.day + (60 if coordination else 0)
    serial = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    short = f"{day:%y%m}{day_of_month:02d}{serial}"
    check = luhn_digit(short)
    style = draw(
        st.sampled_from(
            ["YYMMDD-NNNC", "YYMMDD+NNNC", "YYYYMMDDNNNC", "YYMMDDNNNC", "YYYYMMDD-NNNC"]
        )
    )
    century = f"{day.year // 100:02d}"
    return {
        "YYMMDD-NNNC": f"{short[:6]}-{short[6:]}{check}",
        "YYMMDD+NNNC": f"{short[:6]}+{short[6:]}{check}",
        "YYYYMMDDNNNC": f"{century}{short}{check}",
        "YYMMDDNNNC": f"{short}{check}",
        "YYYYMMDD-NNNC": f"{century}{short[:6]}-{short[6:]}{check}",
    }[style]


@st.composite
def hetu(draw: st.DrawFn) -> str:
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    sign = {18: "+", 19: draw(st.sampled_from("-YXWVU")), 20: draw(st.sampled_from("ABCDEF"))}[
        day.year // 100
    ]
    serial = draw(st.integers(2, 899))
    number = int(f"{day:%d%m%y}{serial:03d}")
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[number % 31]
    value = f"{day:%d%m%y}{sign}{serial:03d}{check}"
    return value.lower() if draw(st.booleans()) else value


@st.composite
def phones(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["SE", "FI", "NO", "DK", "DE", "GB", "US", "FR", "NL"]))
    kind = draw(
        st.sampled_from(
            [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
        )
    )
    example = phonenumbers.example_number_for_type(region, kind)
    national = str(example.national_number)
    tail = draw(st.integers(0, min(4, len(national) - 2)))
    digits = draw(st.from_regex(rf"[0-9]{{{tail}}}", fullmatch=True)) if tail else ""
    number = phonenumbers.PhoneNumber(
        country_code=example.country_code,
        national_number=int(national[: len(national) - tail] + digits),
    )
    fmt = draw(
        st.sampled_from(
            [
                phonenumbers.PhoneNumberFormat.E164,
                phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                phonenumbers.PhoneNumberFormat.NATIONAL,
            ]
        )
    )
    return str(phonenumbers.format_number(number, fmt))


PAN = st.from_regex(r"[1-9][0-9]{12,18}", fullmatch=True)
NAME = st.from_regex(r"[A-Z]{2,12}/[A-Z]{2,12}( [A-Z]\.?)?", fullmatch=True)


@st.composite
def card_tracks(draw: st.DrawFn) -> tuple[str, str]:
    pan = draw(PAN)
    name = draw(NAME)
    expiry = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    extra = draw(st.from_regex(r"[0-9]{3,20}", fullmatch=True))
    track1 = f"%B{pan}^{name}^{expiry}{extra}?"
    track2 = f";{pan}={expiry}{extra}?"
    layout = draw(st.sampled_from(["both", "track1", "track2", "sv"]))
    if layout == "sv":  # Swedish host layout: ^ -> &, ; -> ö, = -> ´, ? -> _
        return f"%B{pan}&{name}&{expiry}{extra}_ö{pan}´{expiry}{extra}_", name
    return {"both": track1 + track2, "track1": track1, "track2": track2}[layout], name


@st.composite
def grouped_pans(draw: st.DrawFn) -> str:
    body = draw(st.from_regex(r"[1-9][0-9]{14}", fullmatch=True))
    pan = body + luhn_digit(body)
    sep = draw(st.sampled_from([" ", "-", ""]))
    return sep.join(pan[i : i + 4] for i in range(0, 16, 4))


# --------------------------------------------------------------------------- properties


@given(st.emails(), CONTEXTS)
def test_emails_never_reach_the_log(email: str, context: str) -> None:
    for output in (emit("mail %s", context.format(email)), emit("x", exc=KeyError(email))):
        assert email not in output
        assert "@" not in output


@given(phones(), CONTEXTS)
def test_phone_numbers_never_reach_the_log(phone: str, context: str) -> None:
    assert_gone(phone, context)


@given(personnummer(), CONTEXTS)
def test_swedish_personal_numbers_never_reach_the_log(number: str, context: str) -> None:
    assert_gone(number, context)


@given(hetu(), CONTEXTS)
def test_finnish_personal_numbers_never_reach_the_log(number: str, context: str) -> None:
    assert_gone(number, context)


@given(card_tracks(), CONTEXTS)
def test_card_tracks_never_reach_the_log(track_and_name: tuple[str, str], context: str) -> None:
    track, name = track_and_name
    assert_gone(track, context)
    assert name not in emit("swipe %s", context.format(track))


@given(grouped_pans(), CONTEXTS)
def test_card_numbers_never_reach_the_log(pan: str, context: str) -> None:
    assert_gone(pan, context)


@given(st.from_regex(r"[0-9]{6,16}", fullmatch=True), CONTEXTS)
def test_member_numbers_never_reach_the_log(number: str, context: str) -> None:
    assert_gone(number, context)


@settings(max_examples=50)
@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=8))
def test_registered_secret_never_reaches_the_log(secret: str) -> None:
    register_secret(secret)
    assert secret not in emit("header %s and again %s", secret, f"[{secret}]")


# --------------------------------------------------------------------------- useful info stays


@pytest.mark.parametrize(
    "text",
    [
        "Engage answered 404 ContactNotFound in 12.5 ms",
        'HTTP Request: GET http://127.0.0.1:8080/api/v3/contactoverview "HTTP/1.1 200 OK"',
        "sandbox listening on 127.0.0.1:51234, latency 150 ms",
        "retry 2/3 after 0.25 s (429 Too Many Requests, Retry-After 30)",
        "timeouts: connect 3.0 s, read 5.0 s; port 8443",
        "lookup kind=email length=17 status=409 candidates=3",
        "voucher expires 2026-11-25, 7 days left",
        "at 2026-11-25 12:00:05 the panel cleared after 120 s",
        "scan: 10 keys, mean gap 7.2 ms, max gap 18 ms",
        "pos-profile 0.1.0 on Python 3.11.9, PySide6 6.12.0",
        "contact 3fa85f64-5717-4562-b3fc-2c963f66afa6 has 2 vouchers",
        "payload 734 bytes, 1 audience, 0 promotions",
    ],
)
def test_useful_facts_survive(text: str) -> None:
    assert emit("%s", text) == f"INFO {text}\n"


def test_identifier_query_values_are_removed_from_logged_urls() -> None:
    url = (
        "GET https://t.voyado.com/api/v3/contactoverview?contactType=member"
        "&email=anna.svensson%40example.se"
    )
    assert emit(url) == (
        "INFO GET https://t.voyado.com/api/v3/contactoverview?contactType=member&email=[redacted]\n"
    )
    assert "ABC123" not in emit("?contactType=member&customKey=ABC123")


def test_api_key_headers_are_removed_even_before_registration() -> None:
    assert emit("headers %s", {"apikey": "k3y"}) == "INFO headers {'apikey': '[secret]'}\n"
    assert emit("apikey: k3y-value") == "INFO apikey: [secret]\n"


def test_markers_say_what_was_removed() -> None:
    assert redact("a@b.se +46701234567 19860412-1234 7001234567") == (
        "[email] [phone] [personal-number] [number]"
    )


def test_redaction_is_idempotent() -> None:
    once = redact("mail a@b.se phone 070-123 45 67 track %B6012345678901234^DOE/J^29?")
    assert redact(once) == once


def test_unformattable_arguments_do_not_lose_the_record() -> None:
    output = emit("count %d for 7001234567", "not a number")
    assert "could not be formatted" in output
    assert "7001234567" not in output


def test_stack_info_is_redacted() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.Logger("test.stack")  # noqa: LOG001  (see emit)
    logger.addHandler(handler)

    def inner(email: str) -> None:
        logger.warning("where am I", stack_info=True)

    inner("anna@example.se")
    assert "Stack (most recent call last)" in stream.getvalue()
    assert 'inner("anna@example.se")' not in stream.getvalue()
    assert 'inner("[email]")' in stream.getvalue()


# --------------------------------------------------------------------------- setup_logging


def test_setup_writes_a_redacted_file_in_a_new_directory(tmp_path: Path) -> None:
    log_dir = tmp_path / "deep" / "logs"
    path = setup_logging(level="DEBUG", log_dir=log_dir)
    assert path == log_dir / "pos-profile.log"
    logging.getLogger("pos_profile.test").debug("lookup for %s took %.1f ms", "a@b.se", 12.5)
    text = path.read_text(encoding="utf-8")
    assert "lookup for [email] took 12.5 ms" in text
    assert "a@b.se" not in text
    assert " DEBUG " in text and "pos_profile.test" in text


def test_default_directory_is_the_user_log_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pos_profile.paths.user_log_dir", lambda: tmp_path / "user-logs")
    assert setup_logging() == tmp_path / "user-logs" / "pos-profile.log"


def test_setup_twice_does_not_duplicate_lines(tmp_path: Path) -> None:
    setup_logging(log_dir=tmp_path)
    path = setup_logging(log_dir=tmp_path, level=logging.INFO)
    assert path is not None
    logging.getLogger("pos_profile.test").info("exactly once")
    assert path.read_text(encoding="utf-8").count("exactly once") == 1
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_pos_profile_handler", False)]
    assert len(ours) == 1


def test_handlers_added_later_also_get_redacted_records(tmp_path: Path) -> None:
    setup_logging(log_dir=tmp_path)
    stream = io.StringIO()
    plain = logging.StreamHandler(stream)  # e.g. a GUI log view, without any filter
    logging.getLogger().addHandler(plain)
    logging.getLogger("pos_profile.test").warning("scan %s", "%B6012345678901234^DOE/JANE^29?")
    assert stream.getvalue() == "scan [card-track]\n"


def test_exception_text_is_redacted_in_the_file(tmp_path: Path) -> None:
    path = setup_logging(log_dir=tmp_path)
    assert path is not None
    try:
        raise LookupError("no contact with phone +46 70 123 45 67")
    except LookupError:
        logging.getLogger("pos_profile.test").exception("lookup failed")
    text = path.read_text(encoding="utf-8")
    assert "LookupError: no contact with phone [phone]" in text
    assert "123 45 67" not in text


def test_stderr_copy_and_level(tmp_path: Path) -> None:
    stream = io.StringIO()
    path = setup_logging(level="warning", log_dir=tmp_path, to_stderr=True, stream=stream)
    log = logging.getLogger("pos_profile.test")
    log.info("hidden")
    log.warning("shown for 7001234567")
    assert "shown for [number]" in stream.getvalue()
    assert "hidden" not in stream.getvalue()
    assert path is not None and "shown for [number]" in path.read_text(encoding="utf-8")


def test_unwritable_log_dir_falls_back_to_stderr(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    stream = io.StringIO()
    assert setup_logging(log_dir=blocker / "logs", stream=stream) is None
    logging.getLogger("pos_profile.test").info("routine detail")
    logging.getLogger("pos_profile.test").warning("still logged")
    assert "cannot write logs to" in stream.getvalue()
    assert "still logged" in stream.getvalue()
    assert "routine detail" not in stream.getvalue()  # a CLI's stderr stays quiet


def test_file_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = setup_logging(log_dir=tmp_path)
    assert path is not None
    for index in range(100):
        logging.getLogger("pos_profile.test").info("line %d of the rotation test", index)
    assert (tmp_path / "pos-profile.log.1").is_file()
    assert len(list(tmp_path.glob("pos-profile.log.*"))) <= logs.BACKUP_COUNT
    assert path.stat().st_size <= 2000


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("4111 1111 1111 1111", "[card]"),  # Luhn-valid: a card number
        ("4111-1111-1111-1112", "[number]"),  # same length, check digit wrong
        ("4111111111111111", "[card]"),
        ("4111111111111112", "[number]"),
    ],
)
def test_luhn_tells_card_numbers_from_other_long_numbers(text: str, marker: str) -> None:
    assert redact(f"swiped {text} at till 3") == f"swiped {marker} at till 3"


def test_importing_logs_loads_no_stdnum() -> None:
    """logs is on the start-up path; stdnum waits for the first 13-19 digit candidate."""
    code = (
        "import sys\n"
        "from pos_profile import logs\n"
        "logs.redact('started in 12.5 ms, status 404')\n"
        "print(sorted(m for m in sys.modules if m.startswith('stdnum')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
