import datetime as dt

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import Post
from csc_workforce.web.workforce.models import PayAndAllowances
from tests.conftest import client_for
from tests.factories import LocalAuthorityFactory, StaffMemberFactory, TeamFactory, UserFactory


@pytest.fixture
def hr(db: None) -> object:
    return client_for(UserFactory(username="hr.posts", roles=[Role.HR]))


def post_form(team_pk: int, **overrides: str) -> dict[str, str]:
    return {
        "team": str(team_pk),
        "reference": "CP-014",
        "role_level": "5",
        "fte": "1",
        "funded_from_0": "1",
        "funded_from_1": "4",
        "funded_from_2": "2024",
    } | overrides


def test_hr_adds_a_post_and_the_team_page_shows_how_it_is_filled(hr: object) -> None:
    team = TeamFactory(name="Assessment")
    StaffMemberFactory(team=team, fte="0.6", role_level=5)
    StaffMemberFactory(team=team, employment_type="agency", fte="1", role_level=5)
    response = hr.post(reverse("workforce:post_new"), post_form(team.pk))  # type: ignore[attr-defined]
    assert response["Location"] == reverse("workforce:team_detail", args=[team.pk])
    hr.post(reverse("workforce:post_new"), post_form(team.pk, reference="CP-015"))  # type: ignore[attr-defined]
    page = hr.get(reverse("workforce:team_detail", args=[team.pk])).content.decode()  # type: ignore[attr-defined]
    # 0.6 employed FTE part fills CP-014 with 0.4 agency cover; CP-015 has the other 0.6 agency.
    assert "<title>Assessment \N{EN DASH} CSC Workforce</title>" in page
    assert page.count("Establishment on") == 1
    assert "Covered by agency" in page
    assert "Part filled" in page


def test_a_post_number_is_unique_and_funding_ends_after_it_starts(hr: object) -> None:
    team = TeamFactory()
    Post.objects.create(
        team=team, reference="CP-014", role_level=5, fte=1, funded_from=dt.date(2024, 1, 1)
    )
    duplicate = hr.post(reverse("workforce:post_new"), post_form(team.pk))  # type: ignore[attr-defined]
    assert "Another post already has this number" in duplicate.content.decode()
    backwards = hr.post(  # type: ignore[attr-defined]
        reverse("workforce:post_new"),
        post_form(team.pk, reference="CP-099")
        | {"funded_to_0": "1", "funded_to_1": "1", "funded_to_2": "2024"},
    )
    assert "Funding must end on or after it starts" in backwards.content.decode()
    assert Post.objects.count() == 1


def test_pay_and_allowance_flags_for_a_year(hr: object) -> None:
    LocalAuthorityFactory()
    flags = dict.fromkeys(
        [
            "recruitment_bonus",
            "retention_bonus",
            "performance_award",
            "car_allowance",
            "relocation_package",
            "regional_weighting",
            "swe_fee_paid",
            "dbs_fee_paid",
        ],
        "0",
    )
    response = hr.post(  # type: ignore[attr-defined]
        reverse("workforce:pay", args=[2025]),
        flags | {"car_allowance": "1", "other_allowances": ""},
    )
    assert response.status_code == 302
    saved = PayAndAllowances.objects.get(year=2025)
    assert (saved.car_allowance, saved.recruitment_bonus) == ("1", "0")
