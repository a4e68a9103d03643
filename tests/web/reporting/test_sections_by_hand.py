"""The annual report's sickness and action plan sections, which no page counts the same way,
on small data worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from csc_workforce.web.quality.models import ActionItem
from csc_workforce.web.reporting.selectors import report_content
from csc_workforce.web.workforce.models import SicknessEpisode
from tests.factories import SicknessEpisodeFactory

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
