"""The report's charts: drawn from the tables the report shows, as SVG in HTML, as pictures with
alt text in Word, as PNG in PDF; each with its text alternative and its data table."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
from docx.oxml.ns import qn

from csc_workforce.core.reporting import annual, charting, document, practice_week, scorecard
from csc_workforce.core.reporting.document import Table

LENGTH_OF_SERVICE = Table(
    "Leavers in the year to 30 September 2025 by length of service",
    ["Length of service", "People"],
    [["Under 1 year", "12"], ["1 to 2 years", "c"], ["2 to 5 years", "20"],
     ["5 years or more", "8"], ["All leavers", "44"]],
)  # fmt: skip
ACTIONS = Table(
    "Actions due in the year to 30 September 2025, by source and status",
    ["Source", "Done", "In progress", "Not started"],
    [["Audit", "10", "5", "3"], ["Practice week", "4", "6", "0"]],
)
INDICATORS = Table(
    "DfE's workforce indicators, 2025 against 2024, England, the region and the comparator "
    "authorities",
    ["Measure", "2025", "2024", "England", "North West", "Comparator average"],
    [["Turnover rate (%)", "13.4", "15.1", "14.2", "15.0", "x"],
     ["Social workers in post (FTE)", "350.5", "340.0", "", "", ""]],
)  # fmt: skip


def test_a_cells_number_is_what_it_shows() -> None:
    assert charting.number("12") == 12
    assert charting.number("12.5%") == 12.5
    assert charting.number("1,234") == 1234
    assert charting.number("c") is None
    assert charting.number("x") is None
    assert charting.number("\N{EN DASH}") is None
    assert charting.number("") is None


def test_a_bar_chart_draws_its_tables_figures_and_names_them_all() -> None:
    chart = charting.bars(
        LENGTH_OF_SERVICE,
        title="Leavers by length of service",
        intro="Leavers by length of service",
        keep=charting.without("All leavers"),
        horizontal=False,
    )
    assert chart.table is LENGTH_OF_SERVICE
    plot = chart.plot
    assert isinstance(plot, charting.charts.BarPlot)
    assert plot.categories == ("Under 1 year", "1 to 2 years", "2 to 5 years", "5 years or more")
    (bars,) = plot.series
    # the table's figures, the suppressed one no bar and written c
    assert list(bars.values) == [12.0, None, 20.0, 8.0]
    assert list(bars.shown) == ["12", "c", "20", "8"]
    assert chart.description == (
        "Leavers by length of service. People: Under 1 year 12, 1 to 2 years c, 2 to 5 years 20, "
        "5 years or more 8."
    )


def test_a_stacked_chart_names_every_series() -> None:
    chart = charting.stacked_bars(ACTIONS, title="Actions", intro="Actions by status")
    plot = chart.plot
    assert isinstance(plot, charting.charts.BarPlot)
    assert plot.stacked
    assert [s.name for s in plot.series] == ["Done", "In progress", "Not started"]
    assert [list(s.values) for s in plot.series] == [[10, 4], [5, 6], [3, 0]]
    for name in ("Done", "In progress", "Not started", "Audit", "Practice week"):
        assert name in chart.description


def test_a_section_draws_the_tables_its_rules_name() -> None:
    report = annual.annual_report(
        authority="Northfield",
        year=2025,
        chosen=[annual.Chosen("profile"), annual.Chosen("leavers")],
        content={
            "profile": annual.Content(tables=[INDICATORS]),
            "leavers": annual.Content(tables=[LENGTH_OF_SERVICE]),
        },
    )
    profile, leavers = report.sections
    (rates,) = profile.charts
    # only the rates, in per cent; DfE's x is no bar
    assert rates.plot is not None
    assert rates.plot.categories == ("Turnover rate (%)",)  # type: ignore[attr-defined]
    assert [s.name for s in rates.plot.series] == [  # type: ignore[attr-defined]
        "2025", "2024", "England", "North West", "Comparator average"
    ]  # fmt: skip
    (service,) = leavers.charts
    assert service.table is LENGTH_OF_SERVICE
    assert not service.plot.horizontal  # type: ignore[union-attr]
    assert "All leavers" not in service.plot.categories  # type: ignore[union-attr]


def test_a_table_with_every_figure_suppressed_has_no_chart_and_is_not_drawn_by_another_rule() -> (
    None
):
    """Ethnicity and sex by role level in a small authority: every count c, so the stacked
    chart meant for it has nothing to draw; the next rule of the section (the in-post profile's
    "People" column, which this table has not) must not be tried on it."""
    by_role = Table(
        caption="Social workers in post on 30 September 2025 by role level and sex",
        header=["Role level", "Female", "Female (%)", "Male", "Male (%)", "Total"],
        rows=[
            ["Case holder", "c", "c", "c", "c", "c"],
            ["All role levels", "c", "c", "c", "c", "c"],
        ],
    )
    report = annual.annual_report(
        authority="Northfield",
        year=2025,
        chosen=[annual.Chosen("diversity")],
        content={"diversity": annual.Content(tables=[by_role])},
    )
    (diversity,) = report.sections
    assert diversity.charts == []


def _charted() -> document.Document:
    return annual.annual_report(
        authority="Northfield",
        year=2025,
        chosen=[annual.Chosen("leavers"), annual.Chosen("action_plan")],
        content={
            "leavers": annual.Content(tables=[LENGTH_OF_SERVICE]),
            "action_plan": annual.Content(tables=[ACTIONS]),
        },
    )


def test_html_has_each_chart_as_a_figure_with_its_svg_text_alternative_and_table() -> None:
    page = document.html(_charted())
    figures = re.findall(r"<figure>(.*?)</figure>(<table>.*?</table>)", page, re.S)
    assert len(figures) == 2
    for drawn, table in figures:
        svg = ElementTree.fromstring(drawn.split("<figcaption>")[0])
        assert svg.get("role") == "img"
        desc = svg.find("{http://www.w3.org/2000/svg}desc")
        assert desc is not None
        assert f"<figcaption>{desc.text}</figcaption>" in drawn.replace("&#x27;", "'")
        assert "<caption>" in table
    # each table once: the chart's data table is the section's table
    assert page.count("by length of service</caption>") == 1
    assert page.index("<figure>") < page.index("by length of service</caption>")


def test_word_has_each_chart_as_a_picture_with_alt_text_and_its_table() -> None:
    report = _charted()
    written = docx.Document(io.BytesIO(document.docx(report)))
    pictures = written.inline_shapes
    assert len(pictures) == 2
    charts = [chart for section in report.sections for chart in section.charts]
    for picture, chart in zip(pictures, charts, strict=True):
        properties = picture._inline.docPr
        assert properties.get("descr") == chart.description
        assert properties.get("title") == chart.title
        blip = picture._inline.graphic.graphicData.pic.blipFill.blip
        image = written.part.related_parts[blip.get(qn("r:embed"))]
        assert image.content_type == "image/png"
        assert image.blob == chart.png()
    captions = [p.text for p in written.paragraphs if p.style.name == "Caption"]
    assert LENGTH_OF_SERVICE.caption in captions
    assert ACTIONS.caption in captions
    assert len(written.tables) == 2


def test_pdf_has_the_charts_as_png() -> None:
    report = _charted()
    page = document.html(report, images="png")
    assert page.count('<img src="data:image/png;base64,') == 2
    assert "<svg" not in page
    assert document.pdf(report).startswith(b"%PDF-")


def test_the_smaller_documents_have_their_charts() -> None:
    week = practice_week.practice_week_report(
        title="Spring",
        first=__import__("datetime").date(2025, 3, 3),
        last=__import__("datetime").date(2025, 3, 7),
        authority="Northfield",
        sessions=[("Home visit", 6), ("Supervision", 3)],
        findings=[],
        exemplars=[],
        actions=[],
        priorities=["High"],
    )
    (method,) = [s for s in week.sections if s.key == "method"]
    (chart,) = method.charts
    assert chart.table is method.tables[0]
    card = scorecard.Scorecard(
        scope="Northfield",
        year=2025,
        years=[2021, 2022, 2023, 2024, 2025],
        rows=[
            scorecard.Row("turnover", "Turnover rate", "d", "%", "Lower", "Workforce register",
                          "Yearly", True, "13.4", "", "", scorecard.Status.NO_TARGET,
                          [(2021, "15.7"), (2022, "18.7"), (2023, ""), (2024, "14.5"),
                           (2025, "13.4")], scorecard.Comparators()),
        ],
    )  # fmt: skip
    (trends,) = [s for s in scorecard.as_document(card).sections if s.key == "trends"]
    (line,) = trends.charts
    assert list(line.plot.series[0].points.values()) == [15.7, 18.7, None, 14.5, 13.4]  # type: ignore[union-attr]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_word_document(tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(document.docx(_charted()))
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = (tmp_path / "report.pdf").read_bytes()
    assert converted.startswith(b"%PDF-")
    assert converted.count(b"/Subtype /Image") + converted.count(b"/Subtype/Image") >= 2
