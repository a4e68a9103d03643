"""A hand-written builder of small CSWW returns for the CSWW tests, and the check that what it
builds is a clean return in every year (so the schema copies accept real SWE numbers).

Element orders are copied by hand from the XSDs in ../shared/reference/csww-schema, not from the
code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.core.csww import validate_file

_ROLE_ELEMENTS = [
    "QualLevel",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "RoleEndDate",
    "LeaverDestination",
    "ReasonLeave",
    "FTE30",
    "Cases30",
    "WorkingDaysLost",
    "ContractWeeks",
    "FrontlineGrad",
    "Absat30Sept",
    "ReasonAbsence",
]
_FIRST = ["AgencyWorker", "SWENo", "FTE", "PersonBirthDate"]
WORKER_ORDER = {
    2023: [*_FIRST, "GenderCurrent", "Ethnicity", "QualInst", *_ROLE_ELEMENTS, "CFKSSstatus"],
    2024: [*_FIRST, "Sex", "Ethnicity", "QualInst", *_ROLE_ELEMENTS, "CFKSSstatus"],
    2025: [
        *_FIRST,
        "Sex",
        "Ethnicity",
        *_ROLE_ELEMENTS,
        "BaseSalary",
        "RRPayments",
        "OtherPayments",
    ],
}
FLAGS_2025 = [
    "RecruitmentBonus",
    "RetentionBonus",
    "PerformanceAward",
    "CarAllowance",
    "RelocationPackage",
    "RegionalWeighting",
    "CostSWE",
    "CostDBS",
]


def _schema_year(year: int) -> int:
    return 2023 if year <= 2023 else year


def worker(year: int = 2025, **elements: str | list[str] | None) -> dict[str, str | list[str]]:
    """An employee in post since 2015 (OrgRole 6, qualified without cases), full time, with
    ``elements`` added or replaced (None removes one). Keys are XSD element names."""
    sex = "GenderCurrent" if year <= 2023 else "Sex"
    record: dict[str, str | list[str] | None] = {
        "AgencyWorker": "0",
        "SWENo": "AB123456",
        "FTE": "1.000000",
        "PersonBirthDate": "1985-06-15",
        sex: "2" if sex == "GenderCurrent" else "F",
        "Ethnicity": "WBRI",
        "OrgRole": "6",
        "RoleStartDate": "2015-01-05",
    }
    if year <= 2024:
        record["QualInst"] = "University of Nowhere"
    record.update(elements)
    return {name: value for name, value in record.items() if value is not None}


def la_level(year: int = 2025, **elements: str) -> str:
    """The LA-level block: no vacancies, no agency cover, unless ``elements`` say otherwise."""
    values = {"NumberOfVacancies": "0.00", "NoAgencyFTE": "0.00", "NoAgencyHeadcount": "0"}
    if year >= 2025:
        values |= dict.fromkeys(FLAGS_2025, "0") | {"OtherAllowances": "None"}
    values |= elements
    name = "LALevel" if year >= 2025 else "LALevelVacancies"
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in values.items())
    return f"  <{name}>{inner}</{name}>\n"


def header(year: str | None = "2025", reference_date: str | None = "2025-09-30") -> str:
    details = "<Collection>CSWW</Collection>"
    details += f"<Year>{year}</Year>" if year is not None else ""
    details += f"<ReferenceDate>{reference_date}</ReferenceDate>" if reference_date else ""
    return (
        f"  <Header><CollectionDetails>{details}</CollectionDetails>"
        "<Source><SourceLevel>L</SourceLevel><LEA>999</LEA></Source></Header>\n"
    )


def return_xml(
    workers: list[dict[str, str | list[str]]],
    *,
    year: int = 2025,
    head: str | None = None,
    la: str | None = None,
) -> str:
    """A return for ``year``: one element per line, each worker's elements in the XSD's order."""
    order = WORKER_ORDER[_schema_year(year)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n', "<Message>\n"]
    lines.append(head if head is not None else header(str(year), f"{year}-09-30"))
    lines.append(la if la is not None else la_level(year))
    for record in workers:
        lines.append("  <CSWWWorker>\n")
        for name in order:
            value = record.get(name)
            for item in value if isinstance(value, list) else [value] if value else []:
                lines.append(f"    <{name}>{item}</{name}>\n")
        lines.append("  </CSWWWorker>\n")
    lines.append("</Message>\n")
    return "".join(lines)


def write(tmp_path: Path, text: str, name: str = "return.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_a_minimal_return_of_each_year_is_clean(tmp_path: Path, year: int) -> None:
    path = write(tmp_path, return_xml([worker(year)], year=year))
    report = validate_file(path)
    assert report.problems == ()
    assert report.valid
    assert report.year == year
