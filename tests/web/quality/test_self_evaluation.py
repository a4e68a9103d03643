import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from csc_workforce.core.register import rolling_year
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Case
from csc_workforce.web.quality.models import (
    ActionItem,
    AuditTemplate,
    CaseAudit,
    Observation,
)
from csc_workforce.web.quality.self_evaluation import self_evaluation
from tests.conftest import client_for
from tests.factories import TeamFactory, UserFactory

SINCE, UNTIL = dt.date(2024, 10, 1), dt.date(2025, 9, 30)


@pytest.fixture
def evidence(db: None, settings: Any) -> dict[str, Any]:
    """Six audits, two observations and three actions, with the period 1 October 2024 to
    30 September 2025 (the twelve months to 30 September 2025)."""
    settings.CSCW_TODAY = "2025-09-30"
    team = TeamFactory(name="Child protection 1")
    psw = UserFactory(username="psw.se", roles=[Role.PSW])
    template = AuditTemplate.objects.get(name="Voice of the child")
    made = []
    rows = [
        # areas, status, submitted_on, grade, moderated_grade, themes
        (["help_protection"], "submitted", dt.date(2025, 3, 1), "good", "", ["voice", "drift"]),
        (["help_protection", "in_care"], "moderated", dt.date(2025, 4, 1),
         "requires_improvement", "inadequate", ["drift"]),
        (["help_protection"], "moderated", dt.date(2025, 5, 1), "inadequate", "good", ["voice"]),
        (["in_care"], "submitted", dt.date(2025, 6, 1), "outstanding", "", ["permanence"]),
        # Before the period.
        (["help_protection"], "submitted", dt.date(2024, 9, 30), "outstanding", "", ["voice"]),
        # Not yet done.
        (["help_protection"], "assigned", None, "", "", []),
    ]  # fmt: skip
    for number, (areas, status, submitted, grade, moderated, themes) in enumerate(rows):
        made.append(
            CaseAudit.objects.create(
                case=Case.objects.create(cms_id=f"SE{number:04d}", opened=dt.date(2024, 1, 1)),
                team=team,
                template=template,
                auditor=psw,
                assigned_on=dt.date(2024, 9, 1),
                deadline=dt.date(2024, 9, 15),
                status=status,
                submitted_on=submitted,
                grade=grade,
                moderated_grade=moderated,
                themes=themes,
                judgement_areas=areas,
            )
        )
    for on in (dt.date(2025, 6, 1), dt.date(2024, 9, 1)):
        Observation.objects.create(on=on, session="home_visit", observer=psw)

    def action(text: str, audit: CaseAudit | None, status: str, source: str) -> None:
        ActionItem.objects.create(
            issue="i",
            action=text,
            risk="r",
            priority="high",
            proposed_date=dt.date(2025, 10, 31),
            owner=psw,
            status=status,
            source=source,
            audit=audit,
        )

    action("Tackle drift in plans", made[1], "in_progress", "audit")
    action("Share good direct work", made[0], "done", "audit")
    action("Respond to the inspection letter", None, "open", "inspection")
    return {"psw": psw, "audits": made}


def test_each_area_has_its_audits_grades_themes_and_actions(evidence: dict[str, Any]) -> None:
    result = self_evaluation(since=SINCE, until=UNTIL, viewer=evidence["psw"])
    areas = {row.area: row for row in result.areas}
    assert list(areas) == ["leaders", "help_protection", "in_care", "care_leavers"]

    # Help and protection: audits 0, 1 and 2 (4 is before the period, 5 not done).
    # Final grades: good; inadequate (moderated); good (moderated) -> 2 of 3 good or better
    # (66.7%), 1 of 3 inadequate (33.3%). Themes: drift in 0 and 1, voice in 0 and 2.
    help_protection = areas["help_protection"]
    assert (help_protection.audits, help_protection.good_or_better) == (3, 2)
    assert help_protection.inadequate == 1
    assert help_protection.good_or_better_share == pytest.approx(200 / 3)
    assert help_protection.inadequate_share == pytest.approx(100 / 3)
    assert help_protection.themes == [("drift", 2), ("voice", 2)]
    # One open action, from audit 1; the one from audit 0 is done.
    assert help_protection.open_actions == 1
    assert [item.action for item in help_protection.actions] == ["Tackle drift in plans"]

    # In care: audits 1 (inadequate) and 3 (outstanding) -> 50% and 50%.
    in_care = areas["in_care"]
    assert (in_care.audits, in_care.good_or_better_share, in_care.inadequate_share) == (2, 50, 50)
    assert in_care.themes == [("drift", 1), ("permanence", 1)]
    assert in_care.open_actions == 1

    leaders = areas["leaders"]
    assert (leaders.audits, leaders.good_or_better_share, leaders.themes) == (0, None, [])
    assert leaders.open_actions == 0

    # One observation on 1 June 2025; the other (1 September 2024) is before the period.
    assert result.observations == 1


def test_the_twelve_months_to_today() -> None:
    assert rolling_year(dt.date(2025, 9, 30)) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    assert rolling_year(dt.date(2024, 2, 29)) == (dt.date(2023, 3, 1), dt.date(2024, 2, 29))


def test_the_page_shows_the_three_questions(evidence: dict[str, Any]) -> None:
    page = client_for(evidence["psw"]).get(reverse("quality:self_evaluation")).content.decode()
    assert page.count("What do we know about the quality of practice?") == 4
    assert "1 October 2024 to 30 September 2025" in page
    assert "67%" in page
    assert "33%" in page
    assert "Tackle drift in plans" in page
    assert "Respond to the inspection letter" not in page


def test_a_period_can_be_chosen_and_bad_dates_are_named(evidence: dict[str, Any]) -> None:
    client = client_for(evidence["psw"])
    url = reverse("quality:self_evaluation")
    page = client.get(url, {"from": "2024-09-01", "to": "2025-09-30"}).content.decode()
    assert "1 September 2024 to 30 September 2025" in page
    assert "4 completed case audits tagged to this area" in page
    assert "1 October 2024 to 30 September 2025" in client.get(url).content.decode()  # default
    for bad, message in (
        ({"from": "2025-13-01"}, "Enter the first day as a real date, like 2024-10-01"),
        ({"from": "2025-09-30", "to": "2025-01-01"}, "The first day must be the same as or"),
        ({"from": "2025-12-01"}, "The first day must be the same as or"),  # after the default end
    ):
        page = client.get(url, bad).content.decode()
        assert "There is a problem" in page
        assert message in page
        assert "tagged to this area" not in page  # no figures for a period not asked for


def test_the_analyst_sees_counts_but_not_the_actions(evidence: dict[str, Any]) -> None:
    analyst: User = UserFactory(username="analyst.se", roles=[Role.ANALYST])
    response = client_for(analyst).get(reverse("quality:self_evaluation"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 action not yet completed" in page
    assert "Tackle drift in plans" not in page


def test_a_social_worker_may_not_see_it(db: None) -> None:
    worker = UserFactory(username="sw.se", roles=[Role.SOCIAL_WORKER])
    assert client_for(worker).get(reverse("quality:self_evaluation")).status_code == 403


def test_the_results_page_links_to_it(evidence: dict[str, Any]) -> None:
    page = client_for(evidence["psw"]).get(reverse("quality:results")).content.decode()
    assert reverse("quality:self_evaluation") in page
