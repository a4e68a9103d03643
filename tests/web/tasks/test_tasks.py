"""Background tasks: progress, small results, and tasks whose worker died."""

import datetime as dt
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.tasks import services
from csc_workforce.web.tasks.models import ImportTask
from csc_workforce.web.tasks.services import (
    ABANDONED_AFTER,
    ATTEMPTS,
    PROBLEMS_KEPT,
    import_task_start,
    task_run,
    tasks_tidy,
)
from csc_workforce.web.workforce.models import CensusJob
from tests.conftest import TODAY, client_for
from tests.core.test_staff_import import csv_file, person
from tests.factories import TeamFactory, UserFactory


def staff_csv(count: int, team: str = "Team A") -> bytes:
    """A register file of ``count`` people, each with their own SWE number."""
    return csv_file(*(person(swe_number=f"SW{n:06}", team=team) for n in range(1, count + 1)))


@pytest.fixture
def hr(db: None) -> object:
    TeamFactory(name="Team A")
    return UserFactory(username="hr.tasks", roles=[Role.HR])


def test_an_import_runs_as_a_task_and_its_page_says_what_it_did(hr: object) -> None:
    client = client_for(hr)
    file = SimpleUploadedFile("staff.csv", staff_csv(2))
    response = client.post(reverse("workforce:staff_import"), {"file": file})
    task = ImportTask.objects.get()
    assert response["Location"] == reverse("tasks:import_task", args=[task.pk])
    assert (task.status, task.upload, task.kind) == ("done", None, "staff")
    page = client.get(response["Location"]).content.decode()
    assert "2 staff imported from staff.csv" in page
    assert StaffMember.objects.count() == 2
    status = client.get(reverse("tasks:import_task_status", args=[task.pk])).json()
    assert status == {"status": "done", "step": "Finished"}


def test_a_refused_import_keeps_the_first_problems_and_their_number(hr: object) -> None:
    client = client_for(hr)
    file = SimpleUploadedFile("staff.csv", staff_csv(PROBLEMS_KEPT + 100, team="Nowhere"))
    page = client.post(reverse("workforce:staff_import"), {"file": file}, follow=True)
    task = ImportTask.objects.get()
    assert len(task.result["problems"]) == PROBLEMS_KEPT
    assert task.result["problem_count"] == PROBLEMS_KEPT + 100
    text = page.content.decode()
    assert "Nobody was imported: the file has 600 problems" in text
    assert "And 100 more" in text
    assert not StaffMember.objects.exists()


def test_a_task_whose_worker_died_is_queued_again_and_finishes(hr: object) -> None:
    task = ImportTask.objects.create(
        kind="staff", created_by=hr, upload=staff_csv(1), filename="s.csv",
        status="running", attempts=1, dry_run=True, today=TODAY,
    )  # fmt: skip
    still = ImportTask.objects.create(kind="staff", created_by=hr, upload=b"x", status="running")
    now = timezone.now()
    ImportTask.objects.filter(pk=task.pk).update(updated_at=now - ABANDONED_AFTER - dt.timedelta(1))
    assert tasks_tidy(ImportTask, now=now) == 1
    task.refresh_from_db()  # queued again, and (tasks run at once in tests) run
    assert (task.status, task.attempts, task.upload) == ("done", 2, None)
    still.refresh_from_db()
    assert still.status == "running"


def test_a_task_whose_worker_died_after_its_last_attempt_fails_and_drops_its_file(
    hr: object,
) -> None:
    task = ImportTask.objects.create(
        kind="staff", created_by=hr, upload=b"given_name\n", filename="s.csv", status="running",
        attempts=ATTEMPTS,
    )  # fmt: skip
    now = timezone.now()
    ImportTask.objects.filter(pk=task.pk).update(updated_at=now - ABANDONED_AFTER - dt.timedelta(1))
    assert tasks_tidy(ImportTask, now=now) == 1
    task.refresh_from_db()
    assert (task.status, task.upload) == ("failed", None)
    assert task.step == "Stopped: the service restarted before it finished"
    page = client_for(hr).get(reverse("tasks:import_task", args=[task.pk])).content.decode()
    assert "The import could not finish" in page


def test_a_queued_task_waits_for_the_worker_however_long(hr: object) -> None:
    task = ImportTask.objects.create(kind="staff", created_by=hr, upload=b"x", status="queued")
    now = timezone.now()
    ImportTask.objects.filter(pk=task.pk).update(updated_at=now - dt.timedelta(days=1))
    assert tasks_tidy(ImportTask, now=now) == 0
    task.refresh_from_db()
    assert (task.status, task.upload) == ("queued", b"x")


def test_work_that_fails_is_tried_three_times_then_fails_and_drops_its_file(
    hr: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def broken(task: ImportTask, progress: object) -> dict[str, object]:
        calls.append(task.attempts)
        raise RuntimeError("boom")

    monkeypatch.setitem(services.IMPORT_WORK, ImportTask.Kind.STAFF, "tests.web.tasks.broken")
    monkeypatch.setattr("tests.web.tasks.broken", broken, raising=False)
    task = import_task_start(
        kind="staff", by=hr, upload=b"x", filename="s.csv", dry_run=False, today=TODAY
    )
    task.refresh_from_db()
    assert calls == [1, 2, 3]
    assert (task.status, task.upload, task.step) == ("failed", None, "Something went wrong")


def test_a_task_already_finished_is_not_run_again(hr: object) -> None:
    task = ImportTask.objects.create(kind="staff", created_by=hr, status="done", attempts=1)

    def never(task: ImportTask, progress: object) -> dict[str, object]:
        raise AssertionError("ran twice")

    task_run(ImportTask, task.pk, never)
    task.refresh_from_db()
    assert (task.status, task.attempts) == ("done", 1)


def test_a_census_result_keeps_its_first_problems_and_the_counts(hr: object) -> None:
    from csc_workforce.web.workforce.census import census_job_start

    analyst = UserFactory(username="analyst.tasks", roles=[Role.ANALYST])
    xml = b"<?xml version='1.0'?><Message><Header><CollectionDetails><Year>2025</Year>"
    job = census_job_start(kind="validate", by=analyst, upload=xml, filename="r.xml")
    job.refresh_from_db()
    assert job.status == "done"
    assert job.upload is None
    assert job.result["problem_count"] == len(job.result["errors"]) >= 1
    assert job.result["error_count"] >= 1


@pytest.fixture
def queue(settings: object) -> None:
    """Tasks queued in the database, as in production, for a worker to run."""
    settings.CSCW_RUN_JOBS_INLINE = False  # type: ignore[attr-defined]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_in_the_worker_the_heartbeat_shows_progress_while_the_work_runs(
    queue: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "HEARTBEAT", dt.timedelta(seconds=0.05))
    user = UserFactory(username="hr.thread", roles=[Role.HR])
    seen: list[str] = []

    def slow(task: ImportTask, progress: object) -> dict[str, object]:
        progress("Halfway")  # type: ignore[operator]
        time.sleep(0.5)
        seen.append(ImportTask.objects.get(pk=task.pk).step)
        return {"result": {"ok": True, "message": "done"}}

    monkeypatch.setitem(services.IMPORT_WORK, ImportTask.Kind.STAFF, "tests.web.tasks.slow")
    monkeypatch.setattr("tests.web.tasks.slow", slow, raising=False)
    task = import_task_start(
        kind="staff", by=user, upload=b"x", filename="s.csv", dry_run=True, today=TODAY
    )
    task.refresh_from_db()
    assert (task.status, task.step) == ("queued", "")
    call_command("worker", "--batch", stdout=io.StringIO())
    task.refresh_from_db()
    assert (task.status, task.upload, task.attempts) == ("done", None, 1)
    assert seen == ["Halfway"]


@pytest.mark.django_db(transaction=True)
def test_a_census_task_started_on_the_web_is_run_by_the_worker(queue: None) -> None:
    TeamFactory(name="Team A")
    psw = UserFactory(username="psw.queue", roles=[Role.PSW])
    client = client_for(psw)
    response = client.post(reverse("workforce:census"), {"form": "export", "export-year": "2025"})
    job = CensusJob.objects.get()
    assert response["Location"] == reverse("workforce:census_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page  # the web process does not run it; it may stop now
    call_command("worker", "--batch", stdout=io.StringIO())
    job.refresh_from_db()
    assert (job.status, job.step) == ("done", "Finished")
    page = client_for(psw).get(response["Location"]).content.decode()
    assert "Waiting to start" not in page


def test_someone_else_s_import_is_not_found(hr: object) -> None:
    task = import_task_start(
        kind="staff", by=hr, upload=b"given_name\n", filename="s.csv", dry_run=True, today=TODAY
    )
    other = client_for(UserFactory(username="hr.other.tasks", roles=[Role.HR]))
    assert other.get(reverse("tasks:import_task", args=[task.pk])).status_code == 404


def test_census_tasks_are_tidied_the_same_way(hr: object) -> None:
    job = CensusJob.objects.create(
        kind="validate", created_by=hr, upload=b"x", status="running", attempts=ATTEMPTS
    )
    CensusJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    assert tasks_tidy(CensusJob, now=timezone.now()) == 1
    job.refresh_from_db()
    assert (job.status, job.upload) == ("failed", None)
