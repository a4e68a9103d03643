"""Staff voice in a browser: the PSW sends a pulse survey with an open link, a social worker
answers it signed out, the PSW reads the results and publishes "you said, we did", which a
social worker reads; each page checked with axe."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from csc_workforce.web import voice
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.voice.models import ExitQuestionnaire, Response, SurveyRun, SurveyTemplate
from tests.factories import StaffMemberFactory, UserFactory

from .test_sign_in_and_navigation import assert_accessible, sign_in, sign_out


@pytest.mark.e2e
def test_a_survey_is_sent_answered_read_and_acted_on(
    page: Page, live_server: LiveServer, people: dict[str, object], settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    surveys = Path(voice.__file__).parent / "surveys"
    for name, kind in (
        ("Children's social work health check", "health_check"),
        ("Pulse survey", "pulse"),
    ):
        # the shipped surveys (a migration stores them; browser tests empty the tables after each)
        SurveyTemplate.objects.get_or_create(
            name=name,
            version=1,
            defaults={"kind": kind, "text": (surveys / f"{kind}.txt").read_text()},
        )
    sign_in(page, live_server.url, "psw")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Staff voice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff voice")
    assert_accessible(page)

    page.get_by_role("link", name="Build and change surveys").click()
    assert_accessible(page)
    page.get_by_role("link", name="Children's social work health check").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("health check (version 1)")
    assert_accessible(page)

    page.goto(f"{live_server.url}/voice/runs/new/")
    page.get_by_role("button", name="Send the survey").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Survey").select_option(label="Pulse survey (version 1)")
    page.get_by_label("Title").fill("September pulse")
    for group, day in (("Opens on", "1"), ("Closes on", "30")):
        for part, value in (("Day", day), ("Month", "9"), ("Year", "2025")):
            page.get_by_role("group", name=group).get_by_label(part).fill(value)
    page.get_by_label("Who is asked").select_option("all")
    page.get_by_label("Also make an open link").check()
    page.get_by_role("button", name="Send the survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("September pulse")
    assert_accessible(page)

    run = SurveyRun.objects.get()
    browser = page.context.browser
    assert browser is not None
    signed_out = browser.new_context().new_page()  # someone with the link, signed out
    signed_out.goto(f"{live_server.url}/voice/respond/{run.open_token}/")
    expect(signed_out.get_by_role("heading", level=1)).to_have_text("September pulse")
    assert_accessible(signed_out)
    signed_out.get_by_label("My workload is manageable.").select_option("4")
    signed_out.get_by_role("button", name="Send my answers").click()
    expect(signed_out.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(signed_out)
    for answer in (5, 4, 2, 3):
        Response.objects.create(
            run=run, submitted_on=run.opens_on, answers={"s3_manageable": answer}
        )

    page.goto(f"{live_server.url}/voice/runs/{run.pk}/")
    # 5 answers: 4, 5, 4, 2, 3 -> 75, 100, 75, 25, 50: score 65.0, 3 of 5 agree (60.0%)
    expect(page.locator("main")).to_contain_text("60.0% agree; score 65.0")
    assert_accessible(page)
    page.get_by_label("You said").fill("Workloads are too high")
    page.get_by_label("We will").fill("Review allocations monthly")
    page.get_by_label("Publish it to everyone signed in").check()
    page.get_by_role("button", name="Save the statement").click()
    expect(page.locator("main")).to_contain_text("Workloads are too high")
    sign_out(page)

    sign_in(page, live_server.url, "social_worker")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Staff voice").click()
    expect(page.locator("main")).to_contain_text("Review allocations monthly")
    assert_accessible(page)


@pytest.mark.e2e
def test_hr_sends_a_leaver_the_exit_questionnaire_and_reads_the_report(
    page: Page, live_server: LiveServer, people: dict, settings: object
) -> None:
    settings.CSCW_TODAY = "2025-09-30"  # type: ignore[attr-defined]
    surveys = Path(voice.__file__).parent / "surveys"
    SurveyTemplate.objects.get_or_create(
        name="Exit questionnaire",
        version=1,
        defaults={"kind": "exit", "text": (surveys / "exit.txt").read_text()},
    )
    leaver = StaffMemberFactory(
        team=people["team_a"],
        end_date=dt.date(2025, 9, 19),
        reason_leave="1",
        user=UserFactory(username="leaving", email="leaving@example.org"),
    )
    sign_in(page, live_server.url, people["users"][Role.HR].username)
    page.goto(f"{live_server.url}/voice/")
    page.get_by_role("link", name="Leavers and exit questionnaires").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leavers and exit questionnaires")
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name=f"Send the exit questionnaire to {leaver.full_name}").click()
    expect(
        page.get_by_text(f"Exit questionnaire link emailed to {leaver.full_name}")
    ).to_be_visible()
    link = re.search(r"http://\S+/voice/exit/\S+/", mail.outbox[0].body)[0]  # type: ignore[index]
    page.get_by_role("link", name="Leavers' and joiners' report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leavers' and joiners' report")
    assert_accessible(page)
    sign_out(page)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Exit questionnaire")
    assert_accessible(page)
    page.get_by_label("Workload").first.check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert ExitQuestionnaire.objects.get(staff=leaver).answers["exit_reasons"] == ["Workload"]
