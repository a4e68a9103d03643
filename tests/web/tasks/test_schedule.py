"""The worker's schedule: when each job runs next, jobs queued once when due, their outcome."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from csc_workforce.web.tasks.models import ScheduledRun
from csc_workforce.web.tasks.schedule import JOBS, SCHEDULE, Daily, Monthly
from csc_workforce.web.tasks.services import schedule_due

LONDON = ZoneInfo("Europe/London")


def london(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("when", "after", "expected"),
    [
        # Later the same day, then the next day once the time has passed.
        (Daily(at=dt.time(7)), london(2025, 9, 30, 6, 59), london(2025, 9, 30, 7)),
        (Daily(at=dt.time(7)), london(2025, 9, 30, 7), london(2025, 10, 1, 7)),
        # Across the end of British Summer Time (02:00 on 26 October 2025): 03:00 is still 03:00
        # on the wall clock, 25 hours after the day before's.
        (Daily(at=dt.time(3)), london(2025, 10, 25, 3, 30), london(2025, 10, 26, 3)),
        (Monthly(day=1, at=dt.time(6)), london(2025, 9, 30, 12), london(2025, 10, 1, 6)),
        (Monthly(day=1, at=dt.time(6)), london(2025, 12, 15), london(2026, 1, 1, 6)),
        (Monthly(day=1, at=dt.time(6)), london(2025, 12, 1, 5), london(2025, 12, 1, 6)),
    ],
)
def test_each_job_s_next_run(
    when: Daily | Monthly, after: dt.datetime, expected: dt.datetime
) -> None:
    assert when.next_after(after) == expected


def test_the_end_of_summer_time_makes_a_25_hour_day() -> None:
    first = Daily(at=dt.time(3)).next_after(london(2025, 10, 25, 2))
    second = Daily(at=dt.time(3)).next_after(first)
    assert second.astimezone(dt.UTC) - first.astimezone(dt.UTC) == dt.timedelta(hours=25)


def test_a_due_job_is_queued_once_and_its_outcome_kept(db: None) -> None:
    now = london(2025, 9, 30, 12)
    assert schedule_due(now=now) == []  # first seen: each runs at its next time
    assert ScheduledRun.objects.get(name="reminders").next_run == london(2025, 10, 1, 7)
    later = london(2025, 10, 1, 7, 0, 30)
    # Every job: the daily ones at 03:00 to 07:00, retention on the first of the month at 06:00.
    assert schedule_due(now=later) == [job.name for job in SCHEDULE]
    assert schedule_due(now=later) == []  # another worker looking at the same moment
    reminders = ScheduledRun.objects.get(name="reminders")
    assert reminders.next_run == london(2025, 10, 2, 7)
    assert reminders.last_outcome == "Finished: Sent 0 reminder(s)"  # run at once in tests


def test_cscw_schedule_lists_every_job_and_runs_one_now(db: None) -> None:
    out = io.StringIO()
    call_command("schedule", "run", "sessions", stdout=out)
    assert out.getvalue().startswith("sessions\tFinished")
    out = io.StringIO()
    call_command("schedule", "list", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split("\t")[0] for line in lines] == [job.name for job in SCHEDULE]
    assert "cscw quality remind\tevery day at 07:00" in lines[0]
    assert "never run" in lines[0]
    assert "Finished" in lines[[job.name for job in SCHEDULE].index("sessions")]


def test_every_job_is_a_cscw_command() -> None:
    from django.core.management import get_commands

    assert all(job.command[0] in get_commands() for job in JOBS.values())


def test_the_worker_refuses_to_start_when_tasks_run_in_the_request(db: None) -> None:
    with pytest.raises(CommandError, match="nothing to do"):
        call_command("worker", "--batch")
