"""Fuzz: hostile input to the detector, scan codes, identifiers and models never crashes.

Only the project's own errors (PosProfileError subclasses) may escape, and pydantic's
ValidationError from the model parsers (the client turns it into UnreadableResponseError).
Examples per test: ``POS_PROFILE_FUZZ_EXAMPLES`` (CI default 300; the long run uses 10,000+).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from pos_profile import errors, presentation
from pos_profile.engage import models
from pos_profile.engage.identifiers import classify, parse_as
from pos_profile.lookup import LookupKind
from pos_profile.scanning.codes import ScanResult, interpret
from pos_profile.scanning.config import ScannerConfig
from pos_profile.scanning.detector import KeyInput, KeyKind, Replay, ScanDetector, Scanned

EXAMPLES = int(os.environ.get("POS_PROFILE_FUZZ_EXAMPLES", "300"))
settings.register_profile(
    "pos_profile_fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("pos_profile_fuzz")
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def attempt(fn: Callable[[], Any]) -> tuple[Any, errors.PosProfileError | None]:
    """fn's result, or the project error it raised (anything else propagates and fails)."""
    try:
        return fn(), None
    except errors.PosProfileError as exc:
        return None, exc


scanner_text = st.text(
    st.one_of(
        st.sampled_from("0123456789%;?=^/ABCDEFGHXÖöÅ+-_ "),
        st.characters(codec="utf-8"),
    ),
    max_size=120,
)
configs = st.builds(
    ScannerConfig,
    member_prefix=st.sampled_from(["", "70", "24"]),
    member_check_digit=st.sampled_from(["none", "ean", "luhn"]),
    member_only=st.booleans(),
    host_layout=st.sampled_from(["us", "sv", "fi"]),
    scanner_layout=st.sampled_from(["auto", "host", "us"]),
    requires_terminator=st.booleans(),
)


@FUZZ
@given(text=scanner_text, config=configs)
def test_interpret_returns_a_result_or_a_scan_rejection(text: str, config: ScannerConfig) -> None:
    result, error = attempt(lambda: interpret(text, config))
    if error is not None:
        assert error.message
        assert len(text) < 6 or text not in error.message  # card data is never echoed
        return
    assert isinstance(result, ScanResult)
    assert result.member_number


keys = st.lists(
    st.tuples(
        st.sampled_from(list(KeyKind)),
        st.text(max_size=2),
        st.floats(min_value=0, max_value=400, allow_nan=False),
        st.booleans(),
        st.booleans(),
    ),
    max_size=80,
)


@FUZZ
@given(sequence=keys, config=configs, polls=st.lists(st.floats(0, 3000), max_size=5))
def test_detector_never_loses_or_duplicates_a_held_key(
    sequence: list[tuple[KeyKind, str, float, bool, bool]],
    config: ScannerConfig,
    polls: list[float],
) -> None:
    detector = ScanDetector(config)
    now = 1000.0
    held = 0
    decided: list[Any] = []
    for i, (kind, text, gap, shift, ctrl) in enumerate(sequence):
        now += gap
        result = detector.feed(KeyInput(kind, text, now, shift=shift, ctrl=ctrl, handle=i))
        held += int(result.held)
        decided.extend(result.actions)
        if polls and i % 7 == 0:
            decided.extend(detector.poll(now + polls[i % len(polls)]))
    decided.extend(detector.poll(now + 10_000))
    decided.extend(detector.flush())
    handles = [k.handle for a in decided if isinstance(a, Replay | Scanned) for k in a.keys]
    assert len(handles) == len(set(handles)) == held  # every held key comes out exactly once
    assert not detector.holding


identifier_text = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"\+?[0-9 ()\-]{0,20}", fullmatch=True),
    st.from_regex(r"(19|20)?[0-9]{6}[-+]?[0-9]{4}", fullmatch=True),
    st.from_regex(r"[0-9]{6}[-+A][0-9]{3}[0-9A-Y]", fullmatch=True),
    st.emails(),
)


@FUZZ
@given(text=identifier_text, region=st.sampled_from(["SE", "FI", "NO", "DK", "XX", ""]))
def test_classify_gives_a_lookup_or_a_project_error(text: str, region: str) -> None:
    lookup, error = attempt(lambda: classify(text, default_region=region, today=NOW.date()))
    if error is not None:
        assert error.message
        typed = text.strip()
        # never echoed (ignoring input that is itself a piece of the fixed wording, such as
        # "onal n" inside "personal number")
        echoed = len(typed) >= 6 and typed in error.message
        assert not echoed or typed.isalpha() or typed.replace(" ", "").isalpha()
        return
    assert lookup.value and len(lookup.value) <= len(text) + 8


@FUZZ
@given(kind=st.sampled_from([*LookupKind, "nonsense"]), text=identifier_text)
def test_parse_as_gives_a_lookup_or_a_project_error(kind: LookupKind | str, text: str) -> None:
    lookup, error = attempt(lambda: parse_as(kind, text, today=NOW.date()))
    assert (lookup is None) != (error is None)
    assert error is None or error.message


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-11-25T12:00:00+01:00", "2026-13-45", "SEK", "EUR", "", "POS"]),
)
_shallow = st.one_of(json_leaf, st.lists(json_leaf, max_size=3))
json_value = st.one_of(  # two levels of nesting, spelled out (no st.recursive)
    json_leaf,
    st.lists(_shallow, max_size=4),
    st.dictionaries(st.text(max_size=12), _shallow, max_size=4),
)
FIELDS = (
    "id",
    "attributes",
    "meta",
    "preferences",
    "tiers",
    "consents",
    "audiences",
    "warnings",
    "rewardVouchers",
    "promotions",
)
ITEM_FIELDS = (
    "id",
    "name",
    "value",
    "amount",
    "currency",
    "expiresOn",
    "redeemed",
    "redemptionChannels",
    "type",
    "checkNumber",
    "validTo",
    "firstName",
)


def overview_like() -> st.SearchStrategy[dict[str, Any]]:
    item = st.dictionaries(st.sampled_from(ITEM_FIELDS), json_value, max_size=8)
    return st.fixed_dictionaries(
        {},
        optional={
            "id": json_value,
            "attributes": st.one_of(
                json_value, st.dictionaries(st.sampled_from(ITEM_FIELDS), json_value)
            ),
            "tiers": json_value,
            "audiences": json_value,
            "warnings": json_value,
            "rewardVouchers": st.one_of(json_value, st.lists(item, max_size=5)),
            "promotions": st.one_of(json_value, st.lists(item, max_size=5)),
            "consents": json_value,
            "preferences": json_value,
            "meta": json_value,
        },
    )


@FUZZ
@given(body=st.one_of(overview_like(), json_value))
def test_any_json_parses_and_presents_or_is_refused_as_unreadable(body: Any) -> None:
    raw = json.dumps(body, allow_nan=True).encode()
    try:
        overview = models.parse_contact_overview(raw)
    except ValidationError:
        return
    shown = presentation.present_profile(overview, now=NOW, options=presentation.PanelOptions())
    assert shown.header.title is not None


@FUZZ
@given(body=st.one_of(st.binary(max_size=200), json_value.map(lambda v: json.dumps(v).encode())))
def test_error_bodies_never_raise(body: bytes) -> None:
    models.parse_error_body(body)
    with contextlib.suppress(ValidationError):
        models.parse_point_accounts(body)
