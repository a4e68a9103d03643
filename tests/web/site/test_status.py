"""The service status page: for anyone signed in, in words; ``/healthz`` stays JSON."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.utils import timezone

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.tasks.models import ScheduledRun
from tests.conftest import client_for


def test_every_role_reads_the_status_page_and_the_footer_links_to_it(people: dict) -> None:
    for role in Role:
        response = client_for(people["users"][role]).get("/status/")
        assert response.status_code == 200, role
        page = response.content.decode()
        assert '<h1 class="govuk-heading-l">Service status</h1>' in page
        assert '<a class="govuk-footer__link" href="/status/">Service status</a>' in page
        # The database's name in words: SQLite here, PostgreSQL in CI's second run.
        name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        assert f"Answering</strong> {name}" in page
        assert "CSC Workforce 0.1.0" in page
        assert "Not recorded here: backups are made with <code>cscw backup</code>" in page


def test_signed_out_the_status_page_asks_to_sign_in_and_healthz_answers(db: None) -> None:
    response = Client().get("/status/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/status/"
    assert Client().get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_the_page_shows_the_queue_and_the_scheduled_jobs(people: dict, settings: object) -> None:
    settings.CSCW_RUN_JOBS_INLINE = False  # type: ignore[attr-defined]
    finished = timezone.make_aware(dt.datetime(2025, 9, 30, 3, 0, 5))  # London time
    ScheduledRun.objects.create(
        name="sessions",
        next_run=finished + dt.timedelta(days=1),
        last_started=finished,
        last_finished=finished,
        last_outcome="Deleted 4 expired sessions",
    )
    page = client_for(people["users"][Role.SOCIAL_WORKER]).get("/status/").content.decode()
    assert "None waiting" in page
    assert "0 running now." in page
    assert "The worker has not finished a task yet" in page
    assert "Deleted 4 expired sessions" in page
    assert "30 September 2025, 03:00" in page  # last finished, London time
    assert "Not yet run here" in page  # the other jobs


def test_with_jobs_run_inline_the_page_says_there_is_no_worker(people: dict) -> None:
    page = client_for(people["users"][Role.HR]).get("/status/").content.decode()
    assert "No worker</strong>" in page
