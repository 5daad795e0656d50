"""pos_profile.i18n: marks, Message, errors carrying template and fields, the extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_profile import errors, i18n
from pos_profile.i18n import ERRORS, N_, Message


def swedish(context: str, text: str) -> str:
    return {
        "{count} members match.": "{count} medlemmar matchar.",
        "Points unavailable: {reason}": "Poäng ej tillgängliga: {reason}",
        "Loyalty is offline.": "Lojalitet är offline.",
    }.get(text, text)


def test_marks_return_the_text_unchanged() -> None:
    assert N_(ERRORS, "Loyalty is offline.") == "Loyalty is offline."
    assert i18n.english_only("[engage] ca_file: file not found.") == (
        "[engage] ca_file: file not found."
    )


def test_message_is_english_and_translates_template_then_fields() -> None:
    message = Message("{count} members match.", {"count": 3})
    assert message.english == str(message) == "3 members match."
    assert message.translated(swedish) == "3 medlemmar matchar."


def test_a_field_that_is_a_message_is_translated_too() -> None:
    message = Message("Points unavailable: {reason}", {"reason": Message("Loyalty is offline.")})
    assert message.english == "Points unavailable: Loyalty is offline."
    assert message.translated(swedish) == "Poäng ej tillgängliga: Lojalitet är offline."


def test_a_message_without_fields_is_not_formatted() -> None:
    assert Message("Set [engage] {base_url} first.").english == "Set [engage] {base_url} first."


def test_wrong_fields_in_a_translation_fall_back_to_english(
    caplog: pytest.LogCaptureFixture,
) -> None:
    message = Message("{count} members match.", {"count": 2})
    assert message.translated(lambda context, text: "{antal} matchar") == "2 members match."
    assert "wrong fields" in caplog.text


def test_message_fields_are_read_only_and_equal_by_value() -> None:
    fields = {"count": 3}
    message = Message("{count} members match.", fields)
    fields["count"] = 4
    assert message.english == "3 members match."
    assert message == Message("{count} members match.", {"count": 3})
    assert hash(message) == hash(Message("{count} members match.", {"count": 4}))
    with pytest.raises(TypeError):
        message.fields["count"] = 5  # type: ignore[index]


def test_an_error_carries_template_fields_and_the_english_message() -> None:
    exc = errors.MultipleMatchesError(("a", "b", "c"))
    assert exc.template == "{count} members match. Ask for the member card or another identifier."
    assert dict(exc.fields) == {"count": 3}
    assert exc.message == str(exc) == exc.args[0]
    assert exc.message == "3 members match. Ask for the member card or another identifier."


def test_an_error_from_plain_text_or_nothing() -> None:
    assert errors.OfflineError("Gone.").template == "Gone."
    assert errors.OfflineError("Gone.").fields == {}
    assert errors.OfflineError().message == errors.OfflineError.default_message
    assert errors.OfflineError("").message == errors.OfflineError.default_message


def test_points_wording_replaces_template_and_args() -> None:
    exc = errors.reworded_for_points(errors.RequestTimeoutError(status=None))
    assert exc.message == "Loyalty did not answer about points in time."
    assert exc.args == (exc.message,)
    assert exc.template == exc.message and not exc.fields


def test_extraction_reads_marks_and_flags_what_it_cannot_read(tmp_path: Path) -> None:
    presentation = tmp_path / "presentation"
    presentation.mkdir()
    module = tmp_path / "module.py"
    module.write_text(
        "from pos_profile import i18n\n"
        "from pos_profile.i18n import ERRORS, LOOKUP_KIND, N_\n"
        "A = N_(ERRORS, 'One ' 'line.')\n"
        "B = i18n.N_(i18n.LOOKUP_KIND, 'e-mail')\n"
        "C = N_('errors', f'{x} fields')\n"
        "D = N_(context, 'unknown context')\n"
        "E = tr('not in presentation/')\n",
        "utf-8",
    )
    templates = presentation / "vouchers.py"
    templates.write_text(
        "def f(tr, n):\n    return tr('{n} vouchers').format(n=n), tr(f'{n} bad'), tr(n)\n",
        "utf-8",
    )
    found = i18n.marked_texts([module, templates])
    assert found.catalogue_keys() == {
        ("errors", "One line."),
        ("LookupKind", "e-mail"),
        ("ProfilePresentation", "{n} vouchers"),
    }
    assert len(found.problems) == 3
    assert [m.fields for m in found.texts if m.text == "{n} vouchers"] == [["n"]]


def test_the_package_has_no_unreadable_mark() -> None:
    assert i18n.marked_texts().problems == ()


def test_main_writes_the_lupdate_stub(tmp_path: Path) -> None:
    out = tmp_path / "marked.py"
    assert i18n.main([str(out)]) == 0
    text = out.read_text("utf-8")
    assert 'QT_TRANSLATE_NOOP("errors", "Loyalty is offline. The sale can go on without it.")' in (
        text
    )
    assert i18n.main([]) == 2
