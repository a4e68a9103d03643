"""The validator never calls a return valid that the schema refuses: on returns made by mutating
clean ones (a bad number, an empty element, a wrong code, an element missing, repeated, out of
order or unknown, a date that is not a date…), ``valid`` implies lxml's own verdict on the
corrected schema."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from csc_workforce.core.csww import validate_file
from csc_workforce.core.csww.schemas import xml_schema
from tests.core.test_csww_builder import la_level, return_xml, worker

TEXTS = st.sampled_from(
    [
        "",
        " ",
        "abc",
        "0",
        "1",
        "-1",
        "0.5",
        "1.0",
        "5.001",
        "1e3",
        " 7 ",
        "9",
        "10",
        "X",
        "WBRI",
        "SIC",
        "2025-02-30",
        "2025/01/01",
        "2026-01-01",
        "1.0000001",
        "\u0661\u0662",
        "AB\u0661\u0662",
        "Z",
    ]
)


def clean_return(year: int) -> str:
    """A clean return: an employee in post, a case holder, a starter, a leaver and an agency
    worker covering a vacancy."""
    workers = [
        worker(year),
        worker(year, SWENo="CD2", OrgRole="5", Cases30="12", FTE30="1.000000"),
        worker(year, SWENo="EF3", RoleStartDate=f"{year - 1}-11-01", StartOrigin="1"),
        worker(
            year,
            SWENo="GH4",
            RoleEndDate=f"{year}-03-31",
            ReasonLeave="1",
            LeaverDestination="1",
            WorkingDaysLost="3.50",
        ),
        worker(year, AgencyWorker="1", SWENo="JK5", OrgRole="5", Cases30="9"),
    ]
    la = la_level(year, NumberOfVacancies="2.00", NoAgencyFTE="1.00", NoAgencyHeadcount="1")
    return return_xml(workers, year=year, la=la)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[int, bytes]:
    year = draw(st.sampled_from([2023, 2024, 2025]))
    root = etree.fromstring(clean_return(year).encode())
    for _ in range(draw(st.integers(1, 3))):
        elements = [e for e in root.iter() if e is not root]
        target = elements[draw(st.integers(0, len(elements) - 1))]
        parent = target.getparent()
        assert parent is not None
        action = draw(st.sampled_from(["text", "text", "text", "drop", "repeat", "swap", "add"]))
        if action == "text" and len(target) == 0:
            target.text = draw(TEXTS)
        elif action == "drop":
            parent.remove(target)
        elif action == "repeat":
            target.addnext(etree.fromstring(etree.tostring(target)))
        elif action == "swap" and target.getnext() is not None:
            following = target.getnext()
            assert following is not None
            following.addnext(target)
        elif action == "add":
            extra = etree.SubElement(target if len(target) else parent, "Unknown")
            extra.text = draw(TEXTS)
    return year, etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_valid_implies_the_schema_accepts_it(case: tuple[int, bytes]) -> None:
    year, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xml"
        path.write_bytes(data)
        report = validate_file(path, year=year)
        schema_accepts = xml_schema(report.year or year).validate(etree.parse(str(path)))
    if report.valid:
        assert schema_accepts, [p.message for p in report.problems]


def test_the_unmutated_returns_are_clean() -> None:
    for year in (2023, 2024, 2025):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "return.xml"
            path.write_text(clean_return(year))
            report = validate_file(path)
            assert report.problems == (), [p.message for p in report.problems]
