"""The text `pos-profile lookup` prints: the points part (one account, several, failures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pos_profile import lookup_report, presentation
from pos_profile.engage import models
from pos_profile.settings import EngageSettings, Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = dt.datetime.fromisoformat("2026-11-25T12:00:00+01:00")
NBSP = "\u00a0"


def overview() -> models.ContactOverview:
    return models.parse_contact_overview(
        (FIXTURES / "contactoverview-member-full.json").read_bytes()
    )


def report(
    points: models.PointAccounts | None, error: str | None, settings: Settings | None = None
) -> list[str]:
    text = lookup_report.render_text(
        overview(), points, error, settings=settings or Settings(), now=NOW
    )
    return text.splitlines()


def test_one_account_is_one_line() -> None:
    points = models.parse_point_accounts((FIXTURES / "point-accounts.json").read_bytes())
    assert (
        f"Points: 1{NBSP}240 points · 150 pending · 1{NBSP}240 points expire on 2026-12-31"
        in report(points, None)
    )


def test_the_configured_definition_is_used() -> None:
    points = models.parse_point_accounts((FIXTURES / "point-accounts.json").read_bytes())
    settings = Settings(engage=EngageSettings(point_definition_id="2"))
    assert "Points: 0 points" in report(points, None, settings)
    settings = Settings(engage=EngageSettings(point_definition_id="3"))
    assert "Points: No points account for the configured definition" in report(
        points, None, settings
    )
    assert presentation.PanelOptions.from_settings(settings).point_definition_id == "3"


def test_several_accounts_get_a_line_each() -> None:
    points = models.PointAccounts.model_validate(
        [
            {"definitionId": 2, "balance": 10, "definitionName": "Bonus"},
            {"definitionId": 3, "balance": 20},
        ]
    )
    lines = report(points, None)
    start = lines.index("Points:")
    assert lines[start + 1 : start + 3] == [
        "  - Bonus: 10 points",
        "  - Points definition 3: 20 points",
    ]


def test_a_failed_points_request_reads_like_the_panel() -> None:
    lines = report(None, "Loyalty did not answer about points in time.")
    assert "Points unavailable: Loyalty did not answer about points in time." in lines
    assert not any(line.startswith("Points:") for line in lines)


def test_no_points_request_no_points_line() -> None:
    assert not any(line.startswith("Points") for line in report(None, None))


def test_json_document_masks_and_protects() -> None:
    from pos_profile.engage.models import ContactOverview
    from pos_profile.lookup import Lookup, LookupKind
    from pos_profile.lookup_report import json_document

    shown = ContactOverview.model_validate(
        {"id": "x", "attributes": {"firstName": "A", "socialSecurityNumber": "198604122385"}}
    )
    document = json_document(shown, None, None, found_by=Lookup(LookupKind.CUSTOM_KEY, "1"))
    assert document["contact"]["attributes"]["socialSecurityNumber"] == "19860412-****"
    assert document["foundBy"] == "customKey"
    hidden = ContactOverview.model_validate(
        {
            "id": "x",
            "attributes": {
                "firstName": "A",
                "email": "a@example.com",
                "mobilePhone": "+46701740605",
                "socialSecurityNumber": "198604122385",
                "city": "Lund",
                "memberNumber": "7000000001",
                "secrecyMarked": True,
            },
        }
    )
    attributes = json_document(hidden, None, None)["contact"]["attributes"]
    assert set(attributes).isdisjoint(
        {"firstName", "email", "mobilePhone", "socialSecurityNumber", "city"}
    )
    assert attributes["memberNumber"] == "7000000001"
