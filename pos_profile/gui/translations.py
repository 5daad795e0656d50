"""The cashier UI in the configured language (``[display] language``: ``en`` or ``sv``).

English is the source text everywhere, so ``en`` installs nothing. Any other language loads
``resources/translations/pos_profile_<lang>.qm`` (built from the ``.ts`` next to it, see the
README there) and Qt's own ``qtbase_<lang>.qm`` for the standard buttons (Save, Cancel,
Yes, No). Call :func:`install_translator` before the first window is built: widgets read
their texts when they are created.

Texts that are not written in ``pos_profile/gui`` are listed here by hand, marked with
``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate`` finds them:

* error messages (``errors.py``, ``identifiers.py``, ``scanning/codes.py``, ``client.py``,
  ``credentials.py``, ``app.py``): English, Qt-free modules. The GUI shows them through
  :func:`translate_error`; the English text is the source string. Messages with a value in
  them ("3 members match. …", "… too long for +46.") are matched against
  :data:`ERROR_TEMPLATES` and the translated template is filled with the same values.
* the templates ``presentation.py`` passes to its ``tr`` callable (context
  ``ProfilePresentation``; placeholders such as ``{n}`` must stay as they are).
* the lookup kind labels of "Looking up by {kind}…".
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from pos_profile import paths

log = logging.getLogger(__name__)

ERRORS = "errors"
PRESENTATION = "ProfilePresentation"
LOOKUP_KIND = "LookupKind"
SOURCE_LANGUAGE = "en"
_TRANSLATOR_NAME = "posProfileTranslator"
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for ``pyside6-lupdate`` in ``context``; returns it unchanged (typed)."""
    return text


# --------------------------------------------------------------------------- hand-kept lists

ERROR_MESSAGES: tuple[str, ...] = (
    # errors.py
    QT_TRANSLATE_NOOP("errors", "Something went wrong."),
    QT_TRANSLATE_NOOP("errors", "That is not a member number, e-mail, phone or personal number."),
    QT_TRANSLATE_NOOP("errors", "pos-profile is not configured. Ask store IT to set it up."),
    QT_TRANSLATE_NOOP("errors", "The system keyring cannot be used. Ask store IT to check it."),
    QT_TRANSLATE_NOOP("errors", "Loyalty lookup failed. The sale can go on without it."),
    QT_TRANSLATE_NOOP(
        "errors", "Engage does not accept that e-mail address. Check the spelling."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Engage does not accept that phone number. "
        "Type it with the country code, e.g. +46 70 123 45 67.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Engage does not accept that personal number. Check the digits."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Engage could not search for that value. Try another identifier."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Engage does not know the configured contact type. "
        "Ask store IT to check the contact type setting.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Engage refused the lookup as invalid. Try another identifier."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "No member found. Ask for the member card, or search by e-mail or phone number.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Several members match. Ask for the member card or another identifier."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Engage refused the API key. Ask store IT to check the key and the IP allowlist.",
    ),
    QT_TRANSLATE_NOOP("errors", "Loyalty is offline. The sale can go on without it."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The secure connection to Engage failed (certificate problem). "
        "Ask store IT to check the till's clock and network.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Loyalty did not answer in time. The sale can go on without it."
    ),
    QT_TRANSLATE_NOOP("errors", "Loyalty is busy right now. Try again in a moment."),
    QT_TRANSLATE_NOOP("errors", "Loyalty server error. The sale can go on without it."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Loyalty sent an answer pos-profile cannot read. The sale can go on without it.",
    ),
    QT_TRANSLATE_NOOP("errors", "The lookup was cancelled."),
    QT_TRANSLATE_NOOP(
        "errors", "Engage does not accept that contact id. Check that the whole id was typed."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The certificate of the Engage server is not trusted on this till. Ask store IT to add "
        "the company's CA certificate to the system's certificate store, or to set "
        "[engage] ca_file.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The certificate of the Engage server is not valid at this till's date and time. "
        "Ask store IT to check the till's clock.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The certificate of the Engage server does not match its address. Ask store IT to "
        "check [engage] base_url and any TLS-inspecting proxy.",
    ),
    # errors.py: a failed points request (POINTS_MESSAGES)
    QT_TRANSLATE_NOOP("errors", "The points request was cancelled."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The secure connection to loyalty failed while fetching the points. "
        "Ask store IT to check the certificate.",
    ),
    QT_TRANSLATE_NOOP("errors", "Loyalty did not answer about points in time."),
    QT_TRANSLATE_NOOP("errors", "The connection to loyalty broke off while fetching the points."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The API key may not read points. "
        "Ask store IT to allow points for the API connection in Engage.",
    ),
    QT_TRANSLATE_NOOP("errors", "Loyalty has no points for this member."),
    QT_TRANSLATE_NOOP(
        "errors", "Loyalty refused the points request. Ask store IT if it happens again."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Loyalty is busy right now. Scan again in a moment to see the points."
    ),
    QT_TRANSLATE_NOOP("errors", "Loyalty sent points pos-profile cannot read."),
    QT_TRANSLATE_NOOP("errors", "Loyalty had a problem fetching the points."),
    # identifiers.py
    QT_TRANSLATE_NOOP("errors", "Type something to search for."),
    QT_TRANSLATE_NOOP(
        "errors", "Search text contains a tab, line break or other control character."
    ),
    QT_TRANSLATE_NOOP("errors", "Search text contains characters that cannot be searched for."),
    QT_TRANSLATE_NOOP("errors", "That e-mail address has a space in it."),
    QT_TRANSLATE_NOOP("errors", "That e-mail address has more than one @."),
    QT_TRANSLATE_NOOP("errors", "That e-mail address is missing the @."),
    QT_TRANSLATE_NOOP("errors", "That e-mail address is missing the part before @."),
    QT_TRANSLATE_NOOP("errors", "That e-mail address is missing the part after @."),
    QT_TRANSLATE_NOOP(
        "errors", "That e-mail address needs a domain like example.com after @."
    ),
    QT_TRANSLATE_NOOP("errors", "That personal identity code's date is not a real date."),
    QT_TRANSLATE_NOOP(
        "errors", "That personal identity code's individual number is not in use."
    ),
    QT_TRANSLATE_NOOP("errors", "That personal identity code's check character is wrong."),
    QT_TRANSLATE_NOOP("errors", "That personal number's check digit is wrong."),
    QT_TRANSLATE_NOOP("errors", "That personal number's date is not a real date."),
    QT_TRANSLATE_NOOP("errors", "That personal number's date is not a possible birth date."),
    QT_TRANSLATE_NOOP("errors", "A phone number can only have + at the start."),
    QT_TRANSLATE_NOOP(
        "errors", "A phone number can only have digits, spaces, + - ( ) . and /."
    ),
    QT_TRANSLATE_NOOP("errors", "That phone number's country code is not known."),
    QT_TRANSLATE_NOOP("errors", "That phone number is too long."),
    QT_TRANSLATE_NOOP("errors", "That phone number is too short."),
    QT_TRANSLATE_NOOP(
        "errors",
        "That is not a member number, e-mail, phone or personal number "
        "(a member number has only letters, digits, - _ and .).",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "That is not a Swedish personal number (YYYYMMDD-NNNN) "
        "or a Finnish personal identity code (DDMMYY-NNNC).",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "That is not a contact id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301).",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "No contact type is configured. Ask store IT to set engage.contact_type."
    ),
    # scanning/codes.py
    QT_TRANSLATE_NOOP("errors", "Payment card — use the member card."),
    QT_TRANSLATE_NOOP("errors", "Card read incomplete — swipe again."),
    QT_TRANSLATE_NOOP("errors", "That is not a member card — scan the member card."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Scanner keyboard layout mismatch — the code was not looked up. "
        "Ask store IT to set the scanner to the till's keyboard layout.",
    ),
    QT_TRANSLATE_NOOP("errors", "Code not recognised — scan again."),
    # client.py
    QT_TRANSLATE_NOOP(
        "errors", "No Engage API key is stored on this till. Ask store IT to set it up."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "No Engage address is configured. Ask store IT to set [engage] base_url."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Loyalty sent an answer that is far too large. The sale can go on without it."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Loyalty could not be reached in time. The sale can go on without it."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "The connection to loyalty broke off. The sale can go on without it."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Engage reports a configuration problem for this kind of lookup. "
        "Ask store IT to contact Voyado.",
    ),
    # credentials.py
    QT_TRANSLATE_NOOP("errors", "The API key is empty. Paste the key from Engage."),
    QT_TRANSLATE_NOOP(
        "errors", "The API key contains spaces or line breaks. Paste it again as one word."
    ),
    QT_TRANSLATE_NOOP("errors", "The API key contains control characters. Paste it again."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The API key contains characters other than ASCII letters, digits and punctuation.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "No Engage base URL is configured, so there is no key to look up. "
        "Set [engage] base_url first.",
    ),
    # gui/app.py and gui/setup_dialog.py
    QT_TRANSLATE_NOOP(
        "errors", "pos-profile could not start its connection; the log has the details."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "No Engage address is configured. Store IT: open Settings (F10)."
    ),
    QT_TRANSLATE_NOOP(
        "errors", "No Engage API key is stored on this till. Store IT: open Settings (F10)."
    ),
    QT_TRANSLATE_NOOP("errors", "Type the API key: none is stored for this address."),
    # gui/lookup_controller.py (points)
    QT_TRANSLATE_NOOP("errors", "No points account."),
    QT_TRANSLATE_NOOP("errors", "Points unavailable."),
)
"""Every fixed error message a cashier or admin can see in the window."""

ERROR_TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("errors", "Points unavailable: {reason}"),
    QT_TRANSLATE_NOOP(
        "errors", "{count} members match. Ask for the member card or another identifier."
    ),
    QT_TRANSLATE_NOOP("errors", "Search text is too long (max {n} characters)."),
    QT_TRANSLATE_NOOP("errors", "That member number is too long (max {n} characters)."),
    QT_TRANSLATE_NOOP("errors", "That phone number has an extra 0 after {cc}."),
    QT_TRANSLATE_NOOP("errors", "That phone number is too long for {cc}."),
    QT_TRANSLATE_NOOP("errors", "That phone number is too short for {cc}."),
    QT_TRANSLATE_NOOP(
        "errors", "That phone number does not have the right number of digits for {cc}."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Engage answered with a redirect (HTTP {status}). Ask store IT to check [engage] base_url.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Loyalty gave an unexpected answer (HTTP {status}). The sale can go on without it.",
    ),
)
"""Error messages with a value in them, written as templates.

A field matches any text and is itself translated when it is a known message
("Points unavailable: {reason}")."""

PRESENTATION_TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("ProfilePresentation", "No expiry date"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "No points account for the configured definition"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Points definition {id}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Points account {n}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "1 more point account"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "{n} more point accounts"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Expired {date}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Expires today"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Expires tomorrow"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Expires in {n} days"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Expires {date}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Member no."),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Type"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Store"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Protected identity"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "{n} years"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Personal no."),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Age"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "E-mail"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Mobile"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Address"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "No name on file"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "{points} points"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Tier"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "based on {points}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "{points} to the next tier"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "valid until {date}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Redeemed {date}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Redeemed"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Reward voucher"),
    QT_TRANSLATE_NOOP(
        "ProfilePresentation", "1 voucher has no value in {currency} and is not counted"
    ),
    QT_TRANSLATE_NOOP(
        "ProfilePresentation", "{n} vouchers have no value in {currency} and are not counted"
    ),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Discount"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Amount off"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Offer code"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Instruction"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Swipe"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Offer"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Web shop only"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Not at the till"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Promotion"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Ask for a mobile number"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Ask the customer to check their mobile number"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Ask for an e-mail address"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Ask the customer to check their e-mail address"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Ask for a postal address"),
    QT_TRANSLATE_NOOP(
        "ProfilePresentation", "Ask the customer to check their postal address"
    ),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Yes"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "No"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Not set"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Unknown"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "SMS"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Post"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "No points account"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "{points} pending"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Points expire {date}"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Points expire today"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Points expire tomorrow"),
    QT_TRANSLATE_NOOP("ProfilePresentation", "Points expire in {n} days"),
)
"""Every template ``presentation.py`` passes to ``tr`` (the profile view's translator)."""

LOOKUP_KIND_LABELS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("LookupKind", "contact id"),
    QT_TRANSLATE_NOOP("LookupKind", "e-mail"),
    QT_TRANSLATE_NOOP("LookupKind", "phone number"),
    QT_TRANSLATE_NOOP("LookupKind", "personal number"),
    QT_TRANSLATE_NOOP("LookupKind", "member number"),
    QT_TRANSLATE_NOOP("LookupKind", "any identifier"),
)
"""``LookupKind.label`` values ("Looking up by {kind}…")."""


def _pattern(template: str) -> re.Pattern[str]:
    escaped = re.escape(template)
    return re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", escaped), re.DOTALL)


_TEMPLATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (template, _pattern(template)) for template in ERROR_TEMPLATES
)

# --------------------------------------------------------------------------- runtime


def translate_error(message: str) -> str:
    """An error's English ``message`` in the installed language (unchanged when unknown)."""
    translated = QCoreApplication.translate(ERRORS, message)
    if translated != message:
        return translated
    for template, pattern in _TEMPLATE_PATTERNS:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        try:
            fields = {name: translate_error(value) for name, value in match.groupdict().items()}
            return QCoreApplication.translate(ERRORS, template).format(**fields)
        except (KeyError, IndexError, ValueError):
            log.warning("translation of an error template has wrong fields")
            return message
    return message


def translate_lookup_kind(label: str) -> str:
    """``LookupKind.label`` ("e-mail") in the installed language."""
    return QCoreApplication.translate(LOOKUP_KIND, label)


def catalogue(language: str) -> str:
    """Path of pos-profile's compiled catalogue for ``language`` (it may not exist)."""
    return str(paths.resource("translations", f"pos_profile_{language}.qm"))


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Show the UI in ``language``; True when a pos-profile catalogue was installed.

    ``en`` (the source language) installs nothing. An unknown language or a missing
    catalogue is logged and leaves the UI in English. A translator installed earlier by
    this function is removed first, so calling it again switches the language.
    """
    remove_translators(app)
    language = language.strip()
    if not language or language == SOURCE_LANGUAGE:
        return False
    if not _LANGUAGE.fullmatch(language):
        log.warning("display language %r is not a language code; showing English", language)
        return False
    ours = QTranslator(app)
    if not ours.load(catalogue(language)):
        log.warning("no translation for display language %r; showing English", language)
        ours.deleteLater()
        return False
    ours.setObjectName(_TRANSLATOR_NAME)
    app.installTranslator(ours)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        qt_own.setObjectName(_TRANSLATOR_NAME)
        app.installTranslator(qt_own)
    else:
        log.info("Qt's own %s translation is not installed; standard buttons stay English",
                 language)
        qt_own.deleteLater()
    return True


def installed_translators(app: QCoreApplication) -> list[QTranslator]:
    """The translators :func:`install_translator` put on ``app``."""
    return [
        child
        for child in app.findChildren(QTranslator)
        if child.objectName() == _TRANSLATOR_NAME
    ]


def remove_translators(app: QCoreApplication) -> None:
    """Back to English: remove what :func:`install_translator` installed."""
    for translator in installed_translators(app):
        app.removeTranslator(translator)
        translator.setObjectName("")
        translator.deleteLater()
