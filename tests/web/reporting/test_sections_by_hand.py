"""The annual report's sickness and action plan sections, which no page counts the same way,
on small data worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.quality.models import ActionItem
from csc_workforce.web.reporting.selectors import report_content
from csc_workforce.web.workforce.models import SicknessEpisode
from tests.factories import SicknessEpisodeFactory, StaffMemberFactory, TeamFactory

D = dt.date
Reason = SicknessEpisode.Reason


def test_sickness_by_reason_with_small_numbers_as_c(people: dict) -> None:
    # Started in the year to 30 September 2025: 6 stress episodes of 10 days (60.0), 5
    # musculoskeletal of 2 (10.0), 2 infections of 2.5 (5.0) and 3 gastrointestinal of 1 (3.0):
    # 16 occurrences, 78.0 days. Infections (2) and gastrointestinal (3) are 1 to 4: c, with
    # their days; together 5, so the total gives neither away. One respiratory episode that
    # started on 30 September 2024, the year before, is not counted.
    staff = people["colleague_a"]
    for reason, n, days in ((Reason.STRESS, 6, "10.0"), (Reason.MUSCULOSKELETAL, 5, "2.0"),
                            (Reason.INFECTIONS, 2, "2.5"), (Reason.GASTRO, 3, "1.0")):  # fmt: skip
        for _ in range(n):
            SicknessEpisodeFactory(
                staff=staff, start_date=D(2024, 11, 4), end_date=D(2024, 11, 29),
                reason=reason, working_days_lost=Decimal(days),
            )  # fmt: skip
    SicknessEpisodeFactory(
        staff=staff, start_date=D(2024, 9, 30), end_date=D(2024, 10, 4), reason=Reason.RESPIRATORY
    )
    table = report_content(year=2025)[1]["sickness"].tables[0]
    assert table.rows == [
        ["Stress, anxiety or depression", "6", "60.0"],
        ["Musculoskeletal", "5", "10.0"],
        ["Infections", "c", "c"],
        ["Gastrointestinal", "c", "c"],
        ["All reasons", "16", "78.0"],
    ]


def test_the_action_plan_by_source_and_status(people: dict) -> None:
    # Due in the year to 30 September 2025: 2 audit actions not started, 1 completed; 1 practice
    # week action in progress. Due 1 October 2025, after the year: not counted.
    owner = people["users"][next(iter(people["users"]))]

    def item(source: str, status: str, due: dt.date) -> None:
        ActionItem.objects.create(
            issue="Issue", action="Action", risk="Risk", priority="high", proposed_date=due,
            owner=owner, status=status, source=source,
        )  # fmt: skip

    item("audit", "open", D(2024, 10, 1))
    item("audit", "open", D(2025, 9, 30))
    item("audit", "done", D(2025, 3, 1))
    item("practice_week", "in_progress", D(2025, 6, 1))
    item("inspection", "open", D(2025, 10, 1))
    table = report_content(year=2025)[1]["action_plan"].tables[0]
    assert table.header == ["Source", "Not started", "In progress", "Completed"]
    assert table.rows == [
        ["Case audit", "2", "0", "1"],
        ["Practice week", "0", "1", "0"],
        ["Inspection", "0", "0", "0"],
        ["Peer review", "0", "0", "0"],
        ["Staff health check", "0", "0", "0"],
    ]


def _in_post(role: int, n: int, sex: str, ethnicity: str, **fields: object) -> None:
    team = TeamFactory()
    for _ in range(n):
        StaffMemberFactory(team=team, role_level=role, sex=sex, ethnicity=ethnicity, **fields)


def test_ethnicity_and_sex_by_role_level(db: None) -> None:
    # In post on 30 September 2025: 5 middle managers (men, Indian), 5 senior practitioners
    # (women, White British), 10 case holders (5 men Black African, 5 women White British).
    # Not counted: an agency case holder, one who left on 31 August 2025 and one who starts on
    # 1 October 2025. Nothing is under 5, so nothing is hidden; shares of the role level.
    Role = StaffMember.RoleLevel
    _in_post(Role.MIDDLE_MANAGER, 5, "M", "AIND")
    _in_post(Role.SENIOR_PRACTITIONER, 5, "F", "WBRI")
    _in_post(Role.CASE_HOLDER, 5, "M", "BAFR")
    _in_post(Role.CASE_HOLDER, 5, "F", "WBRI")
    _in_post(Role.CASE_HOLDER, 1, "M", "WBRI", employment_type=StaffMember.Employment.AGENCY)
    _in_post(Role.CASE_HOLDER, 1, "F", "WBRI", end_date=D(2025, 8, 31))
    _in_post(Role.CASE_HOLDER, 1, "F", "WBRI", start_date=D(2025, 10, 1))
    tables = {t.caption: t for t in report_content(year=2025)[1]["diversity"].tables}
    sex = tables["Social workers in post on 30 September 2025 by role level and sex"]
    assert sex.header == ["Role level", "Male", "Male (%)", "Female", "Female (%)", "Total"]
    assert sex.rows == [
        ["Middle manager", "5", "100.0%", "0", "0.0%", "5"],
        ["Senior practitioner", "0", "0.0%", "5", "100.0%", "5"],
        ["Case holder", "5", "50.0%", "5", "50.0%", "10"],
        ["All role levels", "10", "50.0%", "10", "50.0%", "20"],
    ]
    ethnic = tables["Social workers in post on 30 September 2025 by role level and ethnic group"]
    assert ethnic.header[1::2] == [
        "White",
        "Mixed or multiple ethnic groups",
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Other ethnic group",
        "Total",
    ]
    assert ethnic.rows == [
        ["Middle manager", *("0", "0.0%") * 2, "5", "100.0%", *("0", "0.0%") * 2, "5"],
        ["Senior practitioner", "5", "100.0%", *("0", "0.0%") * 4, "5"],
        ["Case holder", "5", "50.0%", *("0", "0.0%") * 2, "5", "50.0%", "0", "0.0%", "10"],
        ["All role levels", "10", "50.0%", "0", "0.0%", "5", "25.0%", "5", "25.0%", "0", "0.0%",
         "20"],
    ]  # fmt: skip


def test_a_small_role_level_is_hidden_with_what_would_give_it_away(db: None) -> None:
    # 2 first line managers (women, White British), 5 male and 10 female case holders. The
    # dashboard shows 17 in post, 5 men, 12 women: shown here too. The managers' 2 are c; then
    # 12 - 10 would give them away, so the case holders' women are c, and then their men (15 -
    # 10); but the men's 5 less the managers' 0 gives the case holders' 5: no cell can be
    # shown, so every cell and role level's total is c (zeros too), and only the dashboard's
    # totals are shown, with their shares of 17 (29.4%, 70.6%).
    Role = StaffMember.RoleLevel
    _in_post(Role.FIRST_LINE_MANAGER, 2, "F", "WBRI")
    _in_post(Role.CASE_HOLDER, 5, "M", "WBRI")
    _in_post(Role.CASE_HOLDER, 10, "F", "WBRI")
    tables = {t.caption: t for t in report_content(year=2025)[1]["diversity"].tables}
    sex = tables["Social workers in post on 30 September 2025 by role level and sex"]
    assert sex.rows == [
        ["First line manager", *["c"] * 5],
        ["Case holder", *["c"] * 5],
        ["All role levels", "5", "29.4%", "12", "70.6%", "17"],
    ]
