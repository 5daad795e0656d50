"""One row of the several-matches list: enough to tell members apart, no stranger exposed."""

from __future__ import annotations

from pos_profile.engage.models import ContactOverview
from pos_profile.presentation import present_candidate


def overview(**attributes: object) -> ContactOverview:
    return ContactOverview.model_validate(
        {"id": "e1482a55-85db-48f1-82df-7147462e4744", "attributes": attributes}
    )


def test_first_name_last_initial_member_number_store_masked_contacts() -> None:
    row = present_candidate(
        overview(
            firstName="Per",
            lastName="Holm",
            memberNumber="7003301184",
            email="familjen.holm@example.com",
            mobilePhone="+46701740655",
            socialSecurityNumber="196502123570",
            street="Storgatan 1",
            currentStore={"name": "Malmö Triangeln"},
        )
    )
    assert row.title == "Per H."
    assert row.text == (
        "Per H. · Member no. 7003301184 · Store Malmö Triangeln · f***@example.com · +46 *******55"
    )
    for secret in ("Holm", "familjen", "19650212", "Storgatan", "740655"):
        assert secret not in row.text


def test_a_protected_identity_shows_no_name_or_contact_details() -> None:
    row = present_candidate(
        overview(
            firstName="Hidden",
            lastName="Person",
            memberNumber="7003301200",
            email="familjen.holm@example.com",
            mobilePhone="+46701740657",
            secrecyMarked=True,
        )
    )
    assert row.protected
    assert row.text == "Protected identity · Member no. 7003301200"
