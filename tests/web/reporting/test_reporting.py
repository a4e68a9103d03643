"""The scorecard, its targets and the annual report, on the demo authority: every number in
them is the dashboards' number for the same scope and year."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.organisation.models import LocalAuthority, Team
from csc_workforce.web.reporting.models import MeasureTarget, ReportJob, ReportSection
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.web.workforce.test_dashboard import rendered_rows


def scorecard_rows(page: str) -> dict[str, list[str]]:
    table = page.split("</caption>", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S):
        header = re.search(r'<th scope="row"[^>]*>(.*?)<span', row, re.S)
        if header:
            cells = [
                re.sub(r"<[^>]+>", "", c).strip()
                for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
            rows[header.group(1).strip()] = cells
    return rows


def test_scorecard_numbers_equal_the_workforce_dashboard_for_the_authority_and_a_team(
    northfield: None,
) -> None:
    psw = client_for(UserFactory(username="psw.scorecard", roles=[Role.PSW]))
    team = Team.objects.order_by("name").first()
    assert team is not None
    for scope in ("all", f"team-{team.pk}"):
        dashboard = rendered_rows(
            psw.get(reverse("workforce:dashboard"), {"scope": scope, "year": 2025}).content.decode()
        )
        card = scorecard_rows(
            psw.get(reverse("reporting:scorecard"), {"scope": scope, "year": 2025}).content.decode()
        )
        for name in ("Turnover rate", "Agency worker rate", "Vacancy rate", "Average caseload",
                     "Sickness absence rate"):  # fmt: skip
            # dashboard cells: 2025, 2024, change, (for a team, the whole authority), England,
            # region..., comparator average
            cells = dashboard[name]
            this_year, last_year = cells[:2]
            england, region = cells[3:5] if scope == "all" else cells[4:6]
            row = card[name]
            # scorecard cells: 2025, target, status, 2021..2024, England, region, comparators
            assert row[0] == this_year, (scope, name)
            assert row[6] == last_year, (scope, name)
            assert row[7:9] == [england, region], (scope, name)
        # the permanent share is 100 minus the agency rate, this year and England's
        agency = dashboard["Agency worker rate"]
        permanent = card["Permanent social workers"]
        if agency[0] not in ("c", "z", "u", "low"):
            assert float(permanent[0]) == pytest.approx(100 - float(agency[0]))
        assert float(permanent[7]) == pytest.approx(100 - float(agency[3 if scope == "all" else 4]))
    # every measure is given for a team (the last scope): none says it is not measured by team
    assert not any("Not measured by team" in cells for cells in card.values())


def test_targets_give_each_measure_its_status_and_are_audited(northfield: None) -> None:
    user = UserFactory(username="psw.targets", roles=[Role.PSW])
    psw = client_for(user)
    url = reverse("reporting:targets")
    # A red threshold on the better side of the target is refused, naming the rule
    refused = psw.post(
        f"{url}?year=2025",
        {"measure": "turnover_rate_fte", "target": "15", "red_beyond": "10"},
    )
    assert "Enter a red threshold above the target" in refused.content.decode()
    demo = MeasureTarget.objects.get(measure="turnover_rate_fte", year=2025)
    assert (str(demo.target), str(demo.red_beyond)) == ("15.0", "18.0")  # the demo's, unchanged
    # The audit target is set in quality targets, not here
    refused = psw.post(
        f"{url}?year=2025", {"measure": "audits_good_or_better_share", "target": "70"}
    )
    assert "it is set in Quality targets" in refused.content.decode()
    # A turnover target that 2025 cannot meet: red
    psw.post(
        f"{url}?year=2025", {"measure": "turnover_rate_fte", "target": "0.1", "red_beyond": "0.2"}
    )
    saved = MeasureTarget.objects.get(measure="turnover_rate_fte", year=2025)
    assert (saved.year, str(saved.target), str(saved.red_beyond)) == (2025, "0.1", "0.2")
    assert AuditEvent.objects.filter(model__iexact="reporting.measuretarget").exists()
    card = scorecard_rows(psw.get(reverse("reporting:scorecard"), {"year": 2025}).content.decode())
    assert card["Turnover rate"][1:3] == ["0.1", "Red: off target"]
    # The audit target of quality targets (80% by default) is the scorecard's
    assert card["Audits good or better"][1] == "80.0"


def test_scorecard_downloads_as_csv_and_excel_with_the_same_rows(northfield: None) -> None:
    psw = client_for(UserFactory(username="psw.download", roles=[Role.PSW]))
    url = reverse("reporting:scorecard")
    csv = psw.get(url, {"year": 2025, "download": "csv"}).content.decode()
    lines = csv.strip().split("\r\n")
    assert lines[0].startswith("Measure,Unit,Better when,Value 2025,Target,Status")
    book = load_workbook(io.BytesIO(psw.get(url, {"year": 2025, "download": "xlsx"}).content))
    sheet = book.worksheets[0]
    assert sheet.max_row == len(lines)
    assert sheet.cell(2, 1).value == lines[1].split(",")[0]
    # and as a document, from the same machinery as the annual report
    word = docx.Document(io.BytesIO(psw.get(url, {"year": 2025, "download": "docx"}).content))
    assert word.paragraphs[0].text == "Measures and targets 2025"
    assert word.tables[0].rows[1].cells[0].text == sheet.cell(2, 1).value
    assert psw.get(url, {"year": 2025, "download": "pdf"}).content.startswith(b"%PDF-")


def test_the_psw_writes_reorders_and_leaves_out_sections_and_downloads_three_formats(
    northfield: None, tmp_path: Path
) -> None:
    user = UserFactory(username="psw.report", roles=[Role.PSW])
    psw = client_for(user)
    section = reverse("reporting:section", args=[2025, "priorities"])
    psw.post(section, {"narrative": "Our priorities:\n\n- **Retain** staff", "included": "on"})
    psw.post(reverse("reporting:section", args=[2025, "role"]), {"narrative": "Left out"})
    report = reverse("reporting:report")
    for _ in range(14):  # priorities to the top
        psw.post(f"{report}?year=2025", {"form": "move", "key": "priorities", "step": "-1"})
    assert ReportSection.objects.get(year=2025, key="priorities").position == 0
    assert not ReportSection.objects.get(year=2025, key="role").included
    assert AuditEvent.objects.filter(model__iexact="reporting.reportsection").exists()
    built = {}
    for fmt in ("html", "docx", "pdf"):
        response = psw.post(f"{report}?year=2025", {"form": "build", "format": fmt})
        job = ReportJob.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
        assert job.status == "done", job.step
        built[fmt] = psw.get(reverse("reporting:job_download", args=[job.pk])).content
    html = built["html"].decode()
    assert html.index("Priorities for next year") < html.index("Workforce profile")
    assert "<strong>Retain</strong>" in html
    assert "Left out" not in html
    # the leavers, development and agency sections fill in from their areas
    for caption in (
        "Leavers in the year to 30 September 2025 by reason for leaving (DfE)",
        "Supervision on time against target",
        "Registered on 1 December against target",
        "ASYE completion and retention and students against target",
    ):
        assert caption in html
    # the report's table of indicators has the dashboard's numbers
    dashboard = rendered_rows(
        psw.get(reverse("workforce:dashboard"), {"year": 2025}).content.decode()
    )
    table = html.split("DfE&#x27;s workforce indicators, 2025", 1)[1].split("</table>", 1)[0]
    turnover = re.search(
        r"Turnover rate \(%\)</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)", table
    )
    assert turnover is not None
    assert [turnover.group(1), turnover.group(2), turnover.group(3)] == [
        dashboard["Turnover rate"][0], dashboard["Turnover rate"][1], dashboard["Turnover rate"][3],
    ]  # fmt: skip
    # the dashboard's five trend charts, each with its table; the sections areas fill
    # each chart a figure: its SVG (role img, titled, described), its text alternative as
    # caption, then its data table; the dashboard's five trends, the rates beside England's,
    # and the charts of the sections' tables
    figures = re.findall(r"<figure>(<svg.*?</svg>)<figcaption>.*?</figure><table>", html, re.S)
    assert len(figures) == html.count("<figure>") == html.count("<svg") >= 10
    assert all('role="img"' in svg and "<title" in svg and "<desc" in svg for svg in figures)
    for title in ("Turnover rate", "the rates \\(%\\)", "by length of service"):
        assert re.search(f"<h3>[^<]*{title}[^<]*</h3><figure>", html), title
    assert "Turnover rate by reporting year</caption>" in html
    for caption in ("by reason</caption>", "by final grade</caption>", "by source and status"):
        assert caption in html
    # the health check's scores are those the staff voice page shows
    voice = psw.get(reverse("voice:index")).content.decode()
    scores = re.search(
        r"(\d{4}[^<]*): score by standard</caption>.*?<td[^>]*>([^<]*)</td>", voice, re.S
    )
    assert scores is not None
    title, first_score = scores.groups()
    assert f"{title}: score by standard" in html
    report_scores = html.split(f"{title}: score by standard", 1)[1]
    assert re.search(r"<td>([^<]*)</td>", report_scores).group(1) == first_score  # type: ignore[union-attr]
    assert "You said, we did: statements published in the year" in html
    word = docx.Document(io.BytesIO(built["docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Priorities for next year"
    # each chart a picture with its text alternative as alt text
    assert len(word.inline_shapes) == html.count("<figure>")
    assert all(shape._inline.docPr.get("descr") for shape in word.inline_shapes)
    assert "The PSW role and the year's activity" not in headings
    assert built["pdf"].startswith(b"%PDF-")
    # The command line writes the same report
    out = tmp_path / "report.html"
    call_command("report", "annual", "--year", "2025", "--format", "html", "-o", str(out))
    assert "Priorities for next year" in out.read_text()


def test_others_cannot_open_another_s_report_task(northfield: None) -> None:
    owner = UserFactory(username="psw.owner", roles=[Role.PSW])
    job = ReportJob.objects.create(year=2025, format="html", created_by=owner, status="done")
    other = client_for(UserFactory(username="psw.other", roles=[Role.PSW]))
    assert other.get(reverse("reporting:job", args=[job.pk])).status_code == 404
    assert other.get(reverse("reporting:job_download", args=[job.pk])).status_code == 404
    assert LocalAuthority.objects.exists()


def test_the_practice_week_report_has_the_five_headings_exemplars_and_actions(
    people: dict,
) -> None:
    import datetime as dt

    from csc_workforce.web.quality.models import ActionItem, Observation, PracticeWeek
    from tests.factories import LocalAuthorityFactory

    LocalAuthorityFactory()
    observer = UserFactory(username="observer", first_name="Olive", last_name="Observer")
    week = PracticeWeek.objects.create(
        title="Spring practice week", start=dt.date(2025, 3, 3), end=dt.date(2025, 3, 7)
    )
    team = people["team_a"]
    Observation.objects.create(
        week=week, on=dt.date(2025, 3, 4), session="home_visit", team=team, observer=observer,
        leadership="Clear direction from the manager", good_practice="A warm, direct visit",
        exemplar=True,
    )  # fmt: skip
    Observation.objects.create(
        week=week, on=dt.date(2025, 3, 5), session="duty", team=team, observer=observer,
        development="Recording was late",
    )  # fmt: skip
    ActionItem.objects.create(
        issue="Late recording", action="Recording clinic", risk="Drift", priority="high",
        proposed_date=dt.date(2025, 5, 1), owner=observer, source="practice_week", week=week,
    )  # fmt: skip
    psw = client_for(people["users"][Role.PSW])
    url = reverse("reporting:practice_week", args=[week.pk])
    written = psw.get(url, {"format": "docx"})
    assert written["Content-Disposition"].endswith(f'practice_week_{week.pk}.docx"')
    word = docx.Document(io.BytesIO(written.content))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Purpose",
        "Method",
        "Findings: Leadership",
        "Findings: Voice of the child",
        "Findings: Parent or carer experience",
        "Findings: Good and innovative practice",
        "Findings: Areas for development",
        "Exemplars",
        "Action plan",
    ]
    method, actions = word.tables
    # one home visit and one duty session: 2 observed
    assert [[c.text for c in row.cells] for row in method.rows[1:]] == [
        ["Duty", "1"],
        ["Home visit", "1"],
    ]
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert "Clear direction from the manager (Home visit, Team A, 4 March 2025)" in bullets
    assert "A warm, direct visit (Home visit, Team A, 4 March 2025)" in bullets  # exemplar too
    assert not any("Olive" in b for b in bullets)  # observers are not named
    assert [c.text for c in actions.rows[1].cells] == [
        "Late recording", "Recording clinic", "1 May 2025", "Not started",
    ]  # fmt: skip
    assert psw.get(url, {"format": "pdf"}).content.startswith(b"%PDF-")
    assert "<h1>Practice week report: Spring practice week</h1>" in psw.get(url).content.decode()
    # a team manager does not observe practice
    manager = client_for(people["users"][Role.TEAM_MANAGER])
    assert manager.get(url).status_code == 403


def test_a_survey_summary_has_the_staff_voice_page_s_scores(northfield: None) -> None:
    from csc_workforce.web.voice.models import SurveyRun

    run = SurveyRun.objects.filter(summary_published=True).order_by("-opens_on").first()
    assert run is not None
    psw = client_for(UserFactory(username="psw.survey", roles=[Role.PSW]))
    voice = psw.get(reverse("voice:index")).content.decode()
    table = voice.split(f"{run.title}: score by standard</caption>", 1)[1].split("</table>")[0]
    page_rows = [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)
    ]
    url = reverse("reporting:health_check", args=[run.pk])
    word = docx.Document(io.BytesIO(psw.get(url, {"format": "docx"}).content))
    scores = word.tables[0]
    assert [[c.text for c in row.cells] for row in scores.rows[1:]] == page_rows[1:]
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == [
        "What you told us",
        "You said, we did",
    ]
