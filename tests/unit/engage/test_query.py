"""The contactoverview query parameters for a ``Lookup`` (engage/query.py)."""

from __future__ import annotations

import datetime

import httpx
import pytest

from pos_profile.engage.identifiers import classify
from pos_profile.engage.query import query_params
from pos_profile.errors import ConfigurationError
from pos_profile.lookup import Lookup, LookupKind

TODAY = datetime.date(2025, 6, 1)
PHONE = LookupKind.MOBILE_PHONE
EMAIL = LookupKind.EMAIL
CID = LookupKind.CONTACT_ID
GUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def c(text: str) -> Lookup:
    return classify(text, today=TODAY)


def test_query_params_send_contact_type_except_with_contact_id() -> None:
    assert query_params(Lookup(EMAIL, "a@b.se"), "member") == {
        "contactType": "member",
        "email": "a@b.se",
    }
    assert query_params(Lookup(CID, GUID), "member") == {"contactId": GUID}


def test_query_params_without_contact_type_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        query_params(Lookup(PHONE, "+46701740605"), "  ")
    assert query_params(Lookup(CID, GUID), "") == {"contactId": GUID}


def test_httpx_encodes_plus_and_at() -> None:
    base = "https://tenant.example/api/v3/contactoverview"
    phone = httpx.Request("GET", base, params=query_params(c("070-174 06 05"), "member"))
    assert phone.url.query == b"contactType=member&mobilePhone=%2B46701740605"
    mail = httpx.Request("GET", base, params=query_params(c("a.b+c@example.com"), "member"))
    assert mail.url.query == b"contactType=member&email=a.b%2Bc%40example.com"
    assert httpx.URL(base, params=query_params(c(GUID), "member")).query == (
        b"contactId=" + GUID.encode()
    )
