"""The command line words errors for store IT, who is the one running it."""

from __future__ import annotations

import pytest

from pos_profile import errors
from pos_profile.admin_text import for_store_it


def test_a_refused_key_names_the_command_that_fixes_it() -> None:
    text = for_store_it(errors.AuthRefusedError(status=401))
    assert text.startswith("Engage refused the API key (HTTP 401).")
    assert "`pos-profile credentials set`" in text
    assert "Ask store IT" not in text


def test_an_unknown_contact_type_names_the_setting_and_the_option() -> None:
    text = for_store_it(errors.IdentifierRejectedError("InvalidContactType"))
    assert "[engage] contact_type" in text
    assert "--contact-type" in text


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (errors.OfflineError(), "Loyalty is offline."),
        (errors.ConfigurationError(), "pos-profile is not configured. Set it up."),
        (
            errors.TlsError(reason=errors.TlsReason.CLOCK),
            "The certificate of the Engage server is not valid at this till's date and time. "
            "Check the till's clock.",
        ),
    ],
)
def test_cashier_phrasing_is_turned_into_instructions(
    error: errors.PosProfileError, expected: str
) -> None:
    assert for_store_it(error) == expected


def test_cashier_errors_keep_their_words() -> None:
    error = errors.ContactNotFoundError()
    assert for_store_it(error) == error.message


def test_an_untrusted_certificate_names_both_fixes() -> None:
    text = for_store_it(errors.TlsError(reason=errors.TlsReason.UNTRUSTED))
    assert text == (
        "The certificate of the Engage server is not trusted on this till. Add the company's "
        "CA certificate to the system's certificate store, or set [engage] ca_file."
    )


def test_the_tenant_check_words_a_certificate_problem_by_its_reason() -> None:
    from pos_profile.tenant_check import tenant_problem

    text = tenant_problem(errors.TlsError(reason=errors.TlsReason.CLOCK), "tenant.voyado.com")
    assert text == (
        "The certificate of the Engage server is not valid at this till's date and time. "
        "Check the till's clock."
    )
