"""The scorecard's red, amber and green, and the report's documents in each format."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import docx
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import measures
from csc_workforce.core.measures import Direction
from csc_workforce.core.reporting import annual, document, scorecard
from csc_workforce.core.reporting.scorecard import Figures, Status, Target, rag_status

LOWER_TARGET = Target(target=Decimal(15), red_beyond=Decimal(20))
HIGHER_TARGET = Target(target=Decimal(80), red_beyond=Decimal(70))


def test_lower_is_better_green_at_or_under_target_red_over_the_threshold() -> None:
    def status(value: str) -> Status:
        return rag_status(value=Decimal(value), target=LOWER_TARGET, direction=Direction.LOWER)

    assert status("15") is Status.GREEN  # at the target
    assert status("14.9") is Status.GREEN
    assert status("15.1") is Status.AMBER
    assert status("20") is Status.AMBER  # at the red threshold: not yet beyond it
    assert status("20.1") is Status.RED


def test_higher_is_better_green_at_or_over_target_red_under_the_threshold() -> None:
    def status(value: str) -> Status:
        return rag_status(value=Decimal(value), target=HIGHER_TARGET, direction=Direction.HIGHER)

    assert status("80") is Status.GREEN
    assert status("79.9") is Status.AMBER
    assert status("70") is Status.AMBER
    assert status("69.9") is Status.RED


def test_no_target_or_no_value_has_no_colour() -> None:
    assert rag_status(value=None, target=LOWER_TARGET, direction=Direction.LOWER) is Status.NO_VALUE
    assert rag_status(value=Decimal(1), target=None, direction=Direction.LOWER) is Status.NO_TARGET
    assert Status.NO_TARGET.colour == "govuk-tag--grey"
    assert Status.RED.colour == "govuk-tag--red"


@given(st.decimals(min_value=0, max_value=100, places=1))
def test_a_better_value_never_has_a_worse_status(value: Decimal) -> None:
    order = [Status.RED, Status.AMBER, Status.GREEN]
    worse = rag_status(value=value, target=LOWER_TARGET, direction=Direction.LOWER)
    better = rag_status(value=value - 1, target=LOWER_TARGET, direction=Direction.LOWER)
    assert order.index(better) >= order.index(worse)


def test_permanent_share_is_100_minus_the_agency_rate() -> None:
    assert measures.permanent_share(agency_rate=Decimal("17.4")) == Decimal("82.6")
    assert measures.permanent_share(agency_rate=None) is None


def test_a_line_without_figures_says_not_recorded_yet_rather_than_disappearing() -> None:
    figures = {
        "turnover_rate_fte": Figures(
            shown={2024: "18.0", 2025: "16.5"},
            value=Decimal("16.5"),
            comparators=scorecard.Comparators(england="15.6", region="14.2", neighbours="16.0"),
        )
    }
    card = scorecard.scorecard(
        scope="Northfield",
        year=2025,
        figures=figures,
        targets={"turnover_rate_fte": LOWER_TARGET},
    )
    assert len(card.rows) == len(scorecard.LINES)
    turnover = next(row for row in card.rows if row.key == "turnover_rate_fte")
    # 16.5 is over the target of 15 but not beyond the red threshold of 20: amber
    assert turnover.status is Status.AMBER
    assert turnover.value == "16.5"
    assert turnover.trend == [(2021, ""), (2022, ""), (2023, ""), (2024, "18.0"), (2025, "16.5")]
    supervision = next(row for row in card.rows if row.key == "supervision_compliance")
    assert supervision.status is Status.NOT_RECORDED
    assert supervision.value == "Not recorded yet"
    header, rows = scorecard.export_rows(card)
    assert header[3] == "Value 2025"
    assert len(rows) == len(card.rows)


def _report() -> document.Document:
    chosen = [
        annual.Chosen("priorities", "Our priorities:\n\n- **Retain** staff\n- Fewer agency"),
        annual.Chosen("supervision", "Supervision went well."),
        annual.Chosen("role", included=False),
        annual.Chosen("profile"),
    ]
    table = document.Table("Indicators, 2025", ["Measure", "2025"], [["Turnover rate", "16.5"]])
    return annual.annual_report(
        authority="Northfield",
        year=2025,
        chosen=chosen,
        content={"profile": annual.Content(tables=[table])},
    )


def test_the_report_keeps_the_chosen_order_leaves_out_and_says_what_is_not_recorded() -> None:
    report = _report()
    assert [s.key for s in report.sections] == ["priorities", "supervision", "profile"]
    supervision = report.sections[1]
    assert supervision.narrative == "Supervision went well."
    assert "does not record supervision on time by team yet" in supervision.missing
    assert report.sections[2].missing == ""
    assert report.title == "Principal social worker's annual report 2024 to 2025"


def test_html_has_headings_captions_header_cells_and_escapes_the_narrative() -> None:
    report = _report()
    page = document.html(
        annual.annual_report(
            authority="Northfield",
            year=2025,
            chosen=[annual.Chosen("role", "<script>x</script> **bold**")],
            content={},
        )
    )
    assert "<script>x" not in page
    assert "&lt;script&gt;" in page
    assert "<strong>bold</strong>" in page
    full = document.html(report)
    assert full.count("<h1>") == 1
    assert "<caption>Indicators, 2025</caption>" in full
    assert '<th scope="col">Measure</th>' in full
    assert '<th scope="row">Turnover rate</th>' in full
    assert "<ul><li><strong>Retain</strong> staff</li><li>Fewer agency</li></ul>" in full


def test_word_has_real_headings_list_styles_and_tables() -> None:
    written = docx.Document(io.BytesIO(document.docx(_report())))
    styles = ("Heading", "Title")
    headings = [
        (p.style.name, p.text) for p in written.paragraphs if p.style.name.startswith(styles)
    ]
    assert headings[:2] == [
        ("Title", "Principal social worker's annual report 2024 to 2025"),
        ("Heading 1", "Priorities for next year"),
    ]
    bullets = [p.text for p in written.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Retain staff", "Fewer agency"]
    (table,) = written.tables
    assert [c.text for c in table.rows[1].cells] == ["Turnover rate", "16.5"]
    assert table.style.name == "Table Grid"


def test_pdf_is_a_pdf() -> None:
    written = document.pdf(_report())
    assert written.startswith(b"%PDF-")
    assert not zipfile.is_zipfile(io.BytesIO(written))
