"""Every number in a section of the annual report equals the number its area's own page shows
for the same part of the authority and period, on the demo authority (2025: 1 October 2024 to
30 September 2025; the tests' today is 30 September 2025).

Sections tested elsewhere: the workforce profile's indicators and the health check's scores
(``test_reporting``); supervision, CPD and registration, ASYE and recruitment
(``test_development_figures``, on data worked out by hand); leavers (``test_voice_figures``).
"""

from __future__ import annotations

from django.urls import reverse

from csc_workforce.core import codes, measures, quality
from csc_workforce.core.development import ethnic_group
from csc_workforce.core.reporting.annual import CHARTS, Content
from csc_workforce.core.reporting.charting import drawn
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.reporting.selectors import report_content
from tests.conftest import client_for
from tests.factories import UserFactory


def _psw() -> object:
    return client_for(UserFactory(username="psw.sections", roles=[Role.PSW]))


def _content(key: str) -> Content:
    return report_content(year=2025)[1][key]


def _rows(content: Content, caption_starts: str) -> dict[str, list[str]]:
    table = next(t for t in content.tables if t.caption.startswith(caption_starts))
    return {row[0]: row[1:] for row in table.rows}


def test_ethnicity_and_sex_equal_the_workforce_dashboard(northfield: None) -> None:
    board = _psw().get(reverse("workforce:dashboard"), {"year": 2025}).context["board"]  # type: ignore[attr-defined]
    content = _content("diversity")
    for name, bands in (("sex", board.profile.sex), ("ethnicity", board.profile.ethnicity)):
        rows = _rows(content, f"Social workers in post on 30 September 2025 by {name}")
        assert rows == {band.label: [band.people, band.fte] for band in bands}, name
        assert rows  # the demo has people in post


def test_ethnicity_and_sex_by_role_level_add_up_to_the_workforce_dashboard(
    northfield: None,
) -> None:
    """The role levels' totals by sex and by ethnic group are the dashboard profile's counts:
    the headcount in post, each sex, and each ethnic group the sum of its ethnicities (where
    the dashboard hides some of them, the group is c or more than those shown)."""
    board = _psw().get(reverse("workforce:dashboard"), {"year": 2025}).context["board"]  # type: ignore[attr-defined]
    profile = board.profile
    content = _content("diversity")
    by_sex = _rows(content, "Social workers in post on 30 September 2025 by role level and sex")
    header = next(t for t in content.tables if "role level and sex" in t.caption).header
    totals = dict(zip(header[1:], by_sex["All role levels"], strict=True))
    assert totals["Total"] == profile.headcount
    for band in profile.sex:
        assert totals[band.label] == band.people, band.label
    table = next(t for t in content.tables if "role level and ethnic group" in t.caption)
    totals = dict(zip(table.header[1:], table.rows[-1][1:], strict=True))
    assert table.rows[-1][0] == "All role levels"
    assert totals["Total"] == profile.headcount
    labels = {label: code for code, label in codes.ETHNICITY.items()}
    groups: dict[str, list[str]] = {}
    for band in profile.ethnicity:
        groups.setdefault(ethnic_group(labels.get(band.label, "")), []).append(band.people)
    for group, people in groups.items():
        shown = sum(int(n) for n in people if n != "c")
        if "c" not in people:
            assert totals[group] == str(shown), group
        elif totals[group] != "c":  # the hidden ethnicities hold at least 1 each
            assert int(totals[group]) >= shown + people.count("c"), group
    assert any(totals[group] != "c" for group in groups)
    # Each role level's total is the same in both tables.
    by_group = _rows(
        content, "Social workers in post on 30 September 2025 by role level and ethnic"
    )
    assert {k: v[-1] for k, v in by_sex.items()} == {k: v[-1] for k, v in by_group.items()}
    # Each is drawn as stacked bars of its counts (annual.CHARTS), a segment for each column.
    charts = {c.title: c for c in drawn(content.tables, CHARTS["diversity"])}
    for caption in ("role level and sex", "role level and ethnic group"):
        chart = charts[f"Social workers in post on 30 September 2025 by {caption}"]
        assert "All role levels" not in chart.description
        assert "(%)" not in chart.description
        assert "Total" not in chart.description
        assert "<svg" in chart.plot.svg()  # type: ignore[union-attr]


def test_complaints_compliments_and_feedback_equal_the_feedback_page(northfield: None) -> None:
    page = _psw().get(  # type: ignore[attr-defined]
        reverse("voice:feedback"), {"from": "2024-10-01", "to": "2025-09-30"}
    )
    counts = page.context["counts"]
    rows = _rows(_content("voice"), "Complaints, compliments and feedback received")
    assert rows == {
        kind: [*(str(n) for n in per_quarter), str(sum(per_quarter))]
        for kind, per_quarter in counts.by_kind
    }


def test_caseloads_and_audits_equal_the_caseloads_experience_and_audit_results_pages(
    northfield_with_caseloads: None,
) -> None:
    psw = _psw()
    # Audits by final grade ------------------------------------------------------------------
    # The results page's "last 12 months" to 30 September 2025 is the reporting year 2025.
    page = psw.get(reverse("quality:results"), {"period": "12-months"})  # type: ignore[attr-defined]
    overall = page.context["board"].results.overall.row(0, named=True)
    rows = _rows(_content("quality"), "Case audits completed in the year to 30 September 2025")
    assert rows["All audits"] == [str(overall["total"])]
    assert overall["total"] > 0
    for grade in quality.GRADES:
        assert rows[quality.GRADE_LABELS[grade]] == [str(overall[grade])], grade
    # Caseloads ------------------------------------------------------------------------------
    rows = _rows(_content("caseloads"), "Caseloads at 30 September 2025")
    # Children looked after with 3 or more social workers: the children's experience page's
    # count for 31 March 2025, as a percentage to one place.
    stability = psw.get(reverse("caseloads:experience")).context["stability"]  # type: ignore[attr-defined]
    assert stability.total > 0
    cla = rows["Children looked after with 3 or more social workers during the year"][0]
    assert cla == measures.CLA_THREE_OR_MORE.shown(stability.share)
    # Weighted load: the caseloads page's total for today, 30 September 2025.
    totals = psw.get(reverse("caseloads:loads")).context["totals"]  # type: ignore[attr-defined]
    assert rows["Weighted load"][0] == measures.WEIGHTED_LOAD.shown(totals["load_percent"])
