"""Logging: a rotating file in the user log dir, and redaction of secrets and personal data. No Qt.

What is removed from every record (message, arguments, exception text and stack):

=====================  ====================================================  ==================
what                   looks like                                            becomes
=====================  ====================================================  ==================
registered secrets     the API key (:func:`register_secret`), also URL-      ``[secret]``
                       encoded; ``apikey: ...`` / ``api_key=...`` pairs
card tracks            ``%B…^NAME^…?`` and ``;PAN=…?`` (also the sv/fi       ``[card-track]``
                       layout-mangled forms ``&``, ``ö``, ``´``, ``_``)
identifier query       ``email=``, ``mobilePhone=``, ``socialSecurityNumber=``,  ``…=[redacted]``
values                 ``customKey=``, ``any=``, ``contactId=`` …
e-mail                 ``x@y`` (also ``%40``)                                 ``[email]``
Finnish HETU           ``DDMMYY`` + century sign + ``NNNC``                  ``[personal-number]``
personnummer           ``YYMMDD-NNNN``, ``YYYYMMDD+NNNN``                    ``[personal-number]``
PAN                    13–19 Luhn-valid digits, also grouped by space/dash    ``[card]``
phone                  ``+…``/``00…``/``0…`` with ≥ 7 digits, or any grouped  ``[phone]`` /
                       digits with ≥ 8 digits (not ``YYYY-MM-DD`` dates)      ``[number]``
long numbers           6 or more digits in a row (member numbers,            ``[number]``
                       10/12-digit personal numbers); not decimals
=====================  ====================================================  ==================

Kept: status codes (404), durations (12.5 ms), ports (:8080), counts, IP addresses, dates.

How redaction reaches every handler:

* :func:`setup_logging` puts a :class:`RedactingFilter` on each handler it creates, and
* installs a log-record factory that redacts each record when it is created, so handlers that
  other code adds later (a GUI log view, pytest's ``caplog``) only ever see redacted records.
  Code that adds its own handler may still add ``RedactingFilter()`` to it; redaction is
  idempotent. Records built by hand with ``logging.makeLogRecord`` skip the factory: only
  handlers with the filter redact them.

Do not pass personal values in ``extra=``: those attributes are not redacted.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from pos_profile import paths

LOG_FILE_NAME = "pos-profile.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

_OURS = "_pos_profile_handler"
_REDACTED = "_pos_profile_redacted"

# --------------------------------------------------------------------------- secrets

_secrets_lock = threading.Lock()
_secrets: frozenset[str] = frozenset()
_secret_pattern: re.Pattern[str] | None = None


def register_secret(value: str) -> None:
    """Redact ``value`` (and its URL-encoded form) from every log record from now on."""
    global _secrets, _secret_pattern
    variants = {v for v in (value, value.strip(), quote(value.strip(), safe="")) if v}
    with _secrets_lock:
        if variants <= _secrets:
            return
        _secrets = _secrets | variants
        ordered = sorted(_secrets, key=len, reverse=True)
        _secret_pattern = re.compile("|".join(re.escape(s) for s in ordered))


def _forget_secrets() -> None:
    """Tests only: drop every registered secret."""
    global _secrets, _secret_pattern
    with _secrets_lock:
        _secrets = frozenset()
        _secret_pattern = None


# --------------------------------------------------------------------------- patterns

_API_KEY_PAIR = re.compile(
    r"(?i)(\bapi[-_]?key[\"']?\s*[:=]\s*[\"']?|\bapikey\b[\"']?,\s*b?[\"']|"
    r"(?<![\w-])x-api-key[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&)]+"
)
# Track 1: % + format code + PAN + ^ (or & on sv/fi layouts) + ... up to the end sentinel.
_TRACK1 = re.compile(r"%[A-Za-z][0-9 ]{1,19}[\^&][^\n?_]*[?_]?")
# Track 2/3: ; (ö on sv/fi layouts) + PAN + = (´) + digits/specials up to the end sentinel.
_TRACK2 = re.compile(r"[;öÖ][0-9]{1,19}[=´][0-9=´:<>]*[?_]?")
_QUERY_IDENTIFIER = re.compile(
    r"(?i)\b(email|e-mail|mobilephone|phone|phonenumber|socialsecuritynumber|ssn|customkey|"
    r"any|externalid|membernumber|cardnumber|contactid|q|query)=([^&\s\"'#]+)"
)
_EMAIL = re.compile(r"[^\s@<>()\[\]\",;:]+(?:@|%40)[^\s@<>()\[\]\",;:]+", re.IGNORECASE)
_HETU = re.compile(r"(?<![\w])\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Za-z](?![\w])")
_PERSONNUMMER = re.compile(r"(?<![\w.])(?:\d{2})?\d{6}[-+]\d{4}(?![\w])")
_GROUPED_DIGITS = re.compile(
    r"(?<![\w.+\-])(?:\+|00)?\(?\d[\d\-() /\u00a0\u2009]*\d\)?(?!\d)(?!\.\d)"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
_DIGIT_RUN = re.compile(r"(?<!\d)(?<!\d\.)\d{6,}(?![\d])(?!\.\d)")


def _luhn_ok(digits: str) -> bool:
    # loaded with the first 13-19 digit candidate, not at start-up (stdnum.util costs ~0.1 s)
    from stdnum import luhn

    return bool(luhn.is_valid(digits))  # False for non-ASCII digits: those become [number]


def _grouped(match: re.Match[str]) -> str:
    text = match.group(0)
    date = _ISO_DATE.match(text)
    if date:  # 2026-11-25 12:00 is a timestamp, not a phone number
        rest = text[date.end() :]
        return date.group(0) + _GROUPED_DIGITS.sub(_grouped, rest)
    digits = re.sub(r"\D", "", text)
    if 13 <= len(digits) <= 19 and _luhn_ok(digits):
        return "[card]"
    stripped = text.lstrip("(")
    if stripped.startswith(("+", "00", "0")) and len(digits) >= 7:
        return "[phone]"
    has_separator = len(digits) != len(text)
    if has_separator and len(digits) >= 8:
        return "[number]"
    return text


def redact(text: str) -> str:
    """``text`` with secrets and anything that looks personal replaced by ``[kind]`` markers."""
    pattern = _secret_pattern
    if pattern is not None:
        text = pattern.sub("[secret]", text)
    text = _API_KEY_PAIR.sub(lambda m: m.group(1) + "[secret]", text)
    text = _TRACK1.sub("[card-track]", text)
    text = _TRACK2.sub("[card-track]", text)
    text = _QUERY_IDENTIFIER.sub(lambda m: m.group(1) + "=[redacted]", text)
    text = _EMAIL.sub("[email]", text)
    text = _HETU.sub("[personal-number]", text)
    text = _PERSONNUMMER.sub("[personal-number]", text)
    text = _GROUPED_DIGITS.sub(_grouped, text)
    return _DIGIT_RUN.sub("[number]", text)


# --------------------------------------------------------------------------- records


_exc_formatter = logging.Formatter()


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Format the message with its args, redact it, and do the same for exception and stack."""
    if getattr(record, _REDACTED, False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must not lose the record
        message = f"{record.msg!s} (log arguments could not be formatted)"
    record.msg = redact(message)
    record.args = ()
    if record.exc_info and not record.exc_text:
        record.exc_text = _exc_formatter.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
        # the formatted text is what formatters print; the live exception could leak values
        record.exc_info = None
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    setattr(record, _REDACTED, True)
    return record


class RedactingFilter(logging.Filter):
    """A handler filter that redacts each record in place (see :func:`redact`). Never drops."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


_factory_lock = threading.Lock()
_installed_factory: Callable[..., logging.LogRecord] | None = None


def install_record_factory() -> None:
    """Redact every record as it is created, whatever handler later sees it. Idempotent."""
    global _installed_factory
    with _factory_lock:
        current = logging.getLogRecordFactory()
        if current is _installed_factory:
            return
        previous = current

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return redact_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _installed_factory = factory


# --------------------------------------------------------------------------- setup


def setup_logging(
    *,
    level: int | str = "INFO",
    log_dir: Path | None = None,
    to_stderr: bool = False,
    stream: TextIO | None = None,
) -> Path | None:
    """Log to a rotating file (1 MB x 5) in ``log_dir`` (default: the user log dir).

    Returns the log file, or None when the directory cannot be created: then warnings and
    errors go to stderr instead (all records do when ``to_stderr`` is true; ``stream``
    replaces stderr for tests). Never raises for an unwritable directory.
    Calling it again replaces the handlers it added before instead of adding more.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level if isinstance(level, int) else level.upper())
    install_record_factory()

    formatter = logging.Formatter(FORMAT)
    new: list[logging.Handler] = []
    directory = log_dir if log_dir is not None else paths.user_log_dir()
    file_path = directory / LOG_FILE_NAME
    log_file: Path | None = file_path
    try:
        directory.mkdir(parents=True, exist_ok=True)
        new.append(
            logging.handlers.RotatingFileHandler(
                file_path,
                maxBytes=MAX_BYTES,
                backupCount=BACKUP_COUNT,
                encoding="utf-8",
            )
        )
    except OSError as exc:
        log_file = None
        problem = f"cannot write logs to {directory}: {exc.strerror or type(exc).__name__}"
    else:
        problem = ""
    if to_stderr or log_file is None:
        console = logging.StreamHandler(stream if stream is not None else sys.stderr)
        if not to_stderr:  # only a fallback: keep a command's stderr to its one-line errors
            console.setLevel(logging.WARNING)
        new.append(console)
    _attach(root, new, formatter)
    if problem:
        logging.getLogger(__name__).warning("%s", problem)
    return log_file


def _attach(
    root: logging.Logger, handlers: Iterable[logging.Handler], formatter: logging.Formatter
) -> None:
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(RedactingFilter())
        setattr(handler, _OURS, True)
        root.addHandler(handler)


def format_exception_redacted(exc: BaseException) -> str:
    """A traceback text safe to show in a crash dialog or write to a report."""
    return redact("".join(traceback.format_exception(exc)))
