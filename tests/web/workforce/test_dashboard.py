"""The workforce dashboard and the comparison data page, on the demo authority."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from csc_workforce.core import demo as generator
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.demo import demo_seed
from csc_workforce.web.organisation.models import LocalAuthority, Team
from csc_workforce.web.workforce.indicators import statistical_neighbours_named
from csc_workforce.web.workforce.models import PublishedRelease
from tests.conftest import client_for
from tests.factories import LocalAuthorityFactory, UserFactory


@pytest.fixture
def northfield(db: None) -> LocalAuthority:
    demo_seed(seed=1, scale=1, progress=lambda line: None, caseloads=False)
    return LocalAuthority.objects.get()


def rendered_rows(page: str) -> dict[str, list[str]]:
    import re

    table = page.split("compared</caption>", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S):
        header = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if header:
            cells = re.findall(r"<td[^>]*>\s*([^<\s]+)", row)
            rows[header.group(1).strip()] = cells
    return rows


def test_the_psw_sees_2025_against_england_region_and_neighbours(
    northfield: LocalAuthority,
) -> None:
    psw = UserFactory(username="another.psw", roles=[Role.PSW])
    page = client_for(psw).get(reverse("workforce:dashboard")).content.decode()
    rows = rendered_rows(page)
    # Northfield's own 2025 turnover is generated inside England's LA interquartile range; the
    # comparisons are DfE's published 2025 figures: England 11.8, North East 11.7, and the mean
    # of the ten comparators 14.2 (see tests/core/test_comparison.py for the arithmetic).
    own = generator.summarise(generator.generate(seed=1), year=2025)
    turnover = rows["Turnover rate"]
    assert turnover[0] == f"{own.turnover_rate:.1f}"
    assert turnover[3:6] == ["11.8", "11.7", "14.2"]
    # Absence: England 3.5, North East 3.9 (CSWW 2025).
    assert rows["Sickness absence rate"][3:5] == ["3.5", "3.9"]
    assert "10 of 10 authorities" in page
    assert page.count("<svg") == 5
    assert "Turnover rate as a table" in page


def test_a_team_manager_sees_only_their_teams(northfield: LocalAuthority) -> None:
    client = client_for(get_user_model().objects.get(username="teammanager"))
    own = Team.objects.get(managers__user__username="teammanager")
    other = Team.objects.exclude(pk=own.pk).first()
    assert other is not None
    page = client.get(reverse("workforce:dashboard")).content.decode()
    assert f'<option value="team-{own.pk}"' in page
    assert f'<option value="team-{other.pk}"' not in page
    # Asking for another team's figures finds nothing.
    response = client.get(reverse("workforce:dashboard"), {"scope": f"team-{other.pk}"})
    assert response.status_code == 404


def test_an_analyst_loads_a_newer_release_and_bad_files_are_refused(
    northfield: LocalAuthority,
) -> None:
    analyst = client_for(UserFactory(username="analyst.two", roles=[Role.ANALYST]))
    url = reverse("workforce:comparison_data")
    bad = b"time_period,geographic_level\n2026,Nowhere\n"
    response = analyst.post(
        url, {"form": "release", "release-file": SimpleUploadedFile("bad.csv", bad)}
    )
    page = response.content.decode()
    assert "The file was not loaded" in page
    assert "turnover_rate_fte" in page  # a missing required column is named
    assert not PublishedRelease.objects.exists()

    from pathlib import Path

    shipped = Path(__file__).resolve().parents[3] / "src/csc_workforce/data/dfe"
    data = (shipped / "csww_indicators_2017_to_2025.csv").read_bytes()
    done = analyst.post(
        url, {"form": "release", "release-file": SimpleUploadedFile("csww_2025.csv", data)}
    )
    assert done.status_code == 302
    loaded = PublishedRelease.objects.get()
    assert loaded.years == "2017 to 2025"
    assert AuditEvent.objects.filter(model="workforce.PublishedRelease").exists()


def test_comparators_are_chosen_by_name(northfield: LocalAuthority) -> None:
    analyst = client_for(UserFactory(username="analyst.three", roles=[Role.ANALYST]))
    url = reverse("workforce:comparison_data")
    page = analyst.get(url).content.decode()
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_comparators-comparators_'
        in page
    )
    assert ">Sunderland</label>" in page
    assert ">394<" not in page  # names, never codes
    assert "(394)" not in page
    refused = analyst.post(url, {"form": "comparators", "comparators-comparators": ["394", "999"]})
    assert "Select authorities from the list" in refused.content.decode()
    none = analyst.post(url, {"form": "comparators"}).content.decode()
    assert "Select at least one authority to compare with" in none
    # Kept in the order offered: Gateshead before Sunderland, by name, as Northfield (the demo's
    # authority) has no statistical neighbours in DfE's list to come first.
    analyst.post(url, {"form": "comparators", "comparators-comparators": ["394", "390"]})
    assert [c.name for c in northfield.comparators.all()] == ["Gateshead", "Sunderland"]


def test_comparators_default_to_the_statistical_neighbours(db: None) -> None:
    sunderland = LocalAuthorityFactory(old_la_code="394", name="Sunderland")
    analyst = client_for(UserFactory(username="analyst.five", roles=[Role.ANALYST]))
    url = reverse("workforce:comparison_data")
    neighbours = statistical_neighbours_named("394")
    page = analyst.get(url).content.decode()
    for code, _ in neighbours:  # ticked before anything is saved
        assert f'value="{code}" checked' in page
    analyst.post(url, {"form": "neighbours"})
    assert [(c.old_la_code, c.name) for c in sunderland.comparators.all()] == neighbours


def test_the_comparators_command(northfield: LocalAuthority, tmp_path: object) -> None:
    out = io.StringIO()
    call_command("comparators", "set", "841", "805", stdout=out)
    assert out.getvalue().strip() == "Darlington, Hartlepool"
    listing = io.StringIO()
    call_command("comparators", "list", stdout=listing)
    assert "1\t841\tDarlington" in listing.getvalue()
    bad = tmp_path / "bad.csv"  # type: ignore[operator]
    bad.write_text("time_period\n2025\n")
    with pytest.raises(CommandError, match="Nothing loaded"):
        call_command("comparators", "load", str(bad))


def test_the_twelve_months_to_any_day(northfield: LocalAuthority) -> None:
    psw = UserFactory(username="rolling.psw", roles=[Role.PSW])
    page = (
        client_for(psw)
        .get(reverse("workforce:dashboard"), {"to_0": "31", "to_1": "3", "to_2": "2025"})
        .content.decode()
    )
    assert "The twelve months 1 April 2024 to 31 March 2025" in page
    assert "12 months to 31 Mar 2025" in page
    assert "12 months to 31 Mar 2024" in page
    assert "reporting year 2025" in page  # DfE's year holding 31 March 2025
    # Cases are counted on 30 September: the page says why the average caseload has a dash.
    assert "twelve months that do not end on 30 September have none" in page
    refused = (
        client_for(psw)
        .get(reverse("workforce:dashboard"), {"to_0": "31", "to_1": "2", "to_2": "2025"})
        .content.decode()
    )
    assert "must be a real date" in refused


def test_bad_parameters_are_ignored_or_refused_never_a_crash(northfield: LocalAuthority) -> None:
    psw = client_for(UserFactory(username="odd.psw", roles=[Role.PSW]))
    assert psw.get(reverse("workforce:dashboard"), {"year": "²"}).status_code == 200
    for year in ("0001", "9999"):
        page = psw.get(
            reverse("workforce:dashboard"), {"to_0": "31", "to_1": "12", "to_2": year}
        ).content.decode()
        assert "Year must be between 1900 and 2100" in page
    huge = psw.get(
        reverse("workforce:dashboard"),
        {"to_0": "99999999999999999999", "to_1": "1", "to_2": "2025"},
    )
    assert "must be a real date" in huge.content.decode()


def test_a_team_is_not_given_the_authority_s_published_figures(
    northfield: LocalAuthority,
) -> None:
    from csc_workforce.web.organisation.selectors import Scope
    from csc_workforce.web.workforce.indicators import dashboard

    team = Team.objects.order_by("pk").first()
    assert team is not None
    board = dashboard(
        scope=Scope(f"team-{team.pk}", team.name, frozenset({team.pk})),
        year=2021,
        years=[2021, 2022, 2023, 2024, 2025],
    )
    turnover = next(row for row in board.rows if row.measure == "turnover_rate_fte")
    assert turnover.last_year.text == "\N{EN DASH}"  # 2020: before the register
    trend = board.trends[0]
    team_row = dict(zip(trend.years, trend.rows[0][1], strict=True))
    assert {team_row[year] for year in trend.years if year < 2021} == {"\N{EN DASH}"}
    small = [band for band in board.profile.ethnicity if band.people == "c"]
    assert small  # a team's small groups are suppressed


def visible_counts(values: list[str]) -> list[int]:
    return [int(value) for value in values if value != "c"]


def test_no_suppressed_count_of_any_team_or_area_can_be_recovered(
    northfield: LocalAuthority,
) -> None:
    """On every scope's page: no count of 1 to 4 people is shown, and no breakdown shows its
    total with exactly one part hidden (the total less the others would give it away), for the
    profile and for each month's starters and leavers."""
    from csc_workforce.web.organisation.selectors import scopes_for
    from csc_workforce.web.workforce.indicators import dashboard

    psw = UserFactory(username="a.psw", roles=[Role.PSW])
    for scope in scopes_for(user=psw):
        board = dashboard(scope=scope, year=2025, years=[2021, 2022, 2023, 2024, 2025])
        profile = board.profile
        for bands in (profile.tenure, profile.age, profile.sex, profile.ethnicity):
            people = [band.people for band in bands]
            assert not any(0 < n < 5 for n in visible_counts(people)), (scope.label, people)
            if profile.headcount != "c":
                assert people.count("c") != 1, (scope.label, people)
                assert [b.fte for b in bands].count("c") == people.count("c")
        for movers in ("starters", "leavers"):
            column = [getattr(month, movers) for month in board.months]
            assert not any(0 < n < 5 for n in visible_counts(column)), (scope.label, column)
            total = next(r for r in board.rows if r.measure == f"{movers}_fte").this_year.text
            if total != "c":
                assert column.count("c") != 1, (scope.label, movers, column)


def test_the_fostering_team_no_longer_gives_away_its_one_man(northfield: LocalAuthority) -> None:
    """The issue's page: "6 people, 5.5 FTE" beside "Female 5, 4.5" and "Male c, c"."""
    from csc_workforce.web.organisation.selectors import Scope
    from csc_workforce.web.workforce.indicators import dashboard

    team = Team.objects.get(name="Fostering team")
    board = dashboard(
        scope=Scope(f"team-{team.pk}", team.name, frozenset({team.pk})),
        year=2025,
        years=[2025],
    )
    assert (board.profile.headcount, board.profile.fte) == ("6", "5.5")
    sex = {band.label: (band.people, band.fte) for band in board.profile.sex}
    assert sex == {"Female": ("c", "c"), "Male": ("c", "c")}


def test_twelve_months_ending_in_the_future_are_refused(northfield: LocalAuthority) -> None:
    """Today is 30 September 2025: twelve months to 31 December 2025 would show a turnover of
    0.0 for the months not yet lived, beside England's whole year."""
    psw = client_for(UserFactory(username="a.psw", roles=[Role.PSW]))
    future = {"to_0": "31", "to_1": "12", "to_2": "2025"}
    page = psw.get(reverse("workforce:dashboard"), future).content.decode()
    assert "There is a problem" in page
    assert "must be today (30 September 2025) or earlier" in page
    assert "The twelve months 1 January 2025 to 31 December 2025" not in page
    today = {"to_0": "30", "to_1": "9", "to_2": "2025"}
    page = psw.get(reverse("workforce:dashboard"), today).content.decode()
    assert "The twelve months 1 October 2024 to 30 September 2025" in page


def test_only_the_submitted_form_shows_errors(northfield: LocalAuthority) -> None:
    analyst = client_for(UserFactory(username="analyst.four", roles=[Role.ANALYST]))
    page = analyst.post(
        reverse("workforce:comparison_data"),
        {"form": "comparators", "comparators-comparators": "12"},
    ).content.decode()
    assert "Select authorities from the list" in page
    assert 'id="id_release-file-error"' not in page
    census = analyst.post(reverse("workforce:census"), {"form": "export"}).content.decode()
    assert 'id="id_export-year-error"' in census
    assert 'id="id_upload-file-error"' not in census
    assert 'id="id_upload-action-error"' not in census


def test_a_year_without_figures_is_said_so(northfield: LocalAuthority) -> None:
    psw = client_for(UserFactory(username="year.psw", roles=[Role.PSW]))
    page = psw.get(reverse("workforce:dashboard"), {"year": "1999"}).content.decode()
    # The shipped DfE release covers 2017 to 2025 (csww_indicators_2017_to_2025.csv).
    assert "There are no figures for the year 1999. These are for 2025, the latest" in page
    plain = psw.get(reverse("workforce:dashboard")).content.decode()
    assert "There are no figures" not in plain


def test_a_team_is_shown_beside_the_whole_authority_and_its_counts_are_not_compared(
    northfield: LocalAuthority,
) -> None:
    client = client_for(UserFactory(username="psw.team", roles=[Role.PSW]))
    whole = rendered_rows(client.get(reverse("workforce:dashboard")).content.decode())
    team = Team.objects.order_by("pk").first()
    assert team is not None
    page = client.get(reverse("workforce:dashboard"), {"scope": f"team-{team.pk}"})
    text = page.content.decode()
    rows = rendered_rows(text)
    assert f"{northfield.name} (whole authority)</th>" in text
    # Beside the team's three figures (this year, last year, change), the authority's own
    # figure for this year: the same as the whole authority's page shows first.
    assert rows["Turnover rate"][3] == whole["Turnover rate"][0]
    assert rows["Turnover rate"][4:7] == ["11.8", "11.7", "14.2"]  # rates are compared
    for count in ("Social workers in post (FTE)", "Starters in the year (FTE)"):
        assert rows[count][3] == whole[count][0]
        assert rows[count][4:] == ["Not"]  # "Not compared: a count for part of the authority"
    assert "Not compared: a count for part of the authority" in text
    assert "(whole authority)" not in client.get(reverse("workforce:dashboard")).content.decode()


def test_a_part_of_the_authority_not_one_s_own_is_said_so(northfield: LocalAuthority) -> None:
    psw = client_for(UserFactory(username="scope.psw", roles=[Role.PSW]))
    for url in (reverse("workforce:dashboard"), reverse("caseloads:loads")):
        page = psw.get(url, {"scope": "team-999"})
        assert page.status_code == 404
        assert "is not one you can look at: go back and choose the authority" in (
            page.content.decode()
        )
    other = psw.get("/staff/999999/")
    assert other.status_code == 404
    assert "not one you can look at" not in other.content.decode()
