"""A tiny hand-made region (two authorities, one year) whose figures are worked out by hand in
the tests, and the secret the tests pseudonymise with."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.core.csww.write import return_xml

SECRET = "test-region-secret-0123456789abcdef"
OTHER_SECRET = "another-region-secret-fedcba9876543210"

PAY_FLAGS = dict.fromkeys(
    (
        "RecruitmentBonus",
        "RetentionBonus",
        "PerformanceAward",
        "CarAllowance",
        "RelocationPackage",
        "RegionalWeighting",
        "CostSWE",
        "CostDBS",
    ),
    "2",
) | {"OtherAllowances": "None"}

# City of London (201), 2025: two in post (one a starter), one leaver, one agency worker.
W1 = {
    "AgencyWorker": "0",
    "SWENo": "QX100001",
    "FTE": "1.000000",
    "PersonBirthDate": "1990-01-17",
    "Sex": "F",
    "Ethnicity": "WBRI",
    "QualLevel": "2",
    "OrgRole": "5",
    "RoleStartDate": "2020-01-06",
    "FTE30": "1.000000",
    "Cases30": "10",
    "WorkingDaysLost": "5.00",
    "Absat30Sept": "0",
}
W2 = {
    "AgencyWorker": "0",
    "SWENo": "QX100002",
    "FTE": "0.500000",
    "PersonBirthDate": "1970-06-03",
    "Sex": "M",
    "Ethnicity": "BAFR",
    "QualLevel": "2",
    "OrgRole": "5",
    "RoleStartDate": "2024-11-04",
    "StartOrigin": "1",
    "FTE30": "0.500000",
    "Cases30": "6",
    "WorkingDaysLost": "0.00",
    "Absat30Sept": "0",
}
W3_LEAVER = {
    "AgencyWorker": "0",
    "SWENo": "QX100003",
    "FTE": "1.000000",
    "PersonBirthDate": "1980-01-19",
    "Sex": "F",
    "Ethnicity": "WIRI",
    "QualLevel": "2",
    "OrgRole": "4",
    "RoleStartDate": "2015-01-12",
    "RoleEndDate": "2025-03-31",
    "LeaverDestination": "1",
    "ReasonLeave": "1",
}
W4_AGENCY = {
    "AgencyWorker": "1",
    "SWENo": "QX100004",
    "FTE": "1.000000",
    "PersonBirthDate": "1975-07-21",
    "Sex": "M",
    "Ethnicity": "WOTH",
    "OrgRole": "5",
    "RoleStartDate": "2025-04-28",
    "Cases30": "4",
}
# Camden (202), 2025: one in post; QX100003 as an agency worker 76 days after leaving 201.
W5 = {
    "AgencyWorker": "0",
    "SWENo": "QX100005",
    "FTE": "1.000000",
    "PersonBirthDate": "1960-02-11",
    "Sex": "F",
    "Ethnicity": "CHNE",
    "QualLevel": "3",
    "OrgRole": "4",
    "RoleStartDate": "2010-05-03",
    "FTE30": "1.000000",
    "WorkingDaysLost": "10.00",
    "Absat30Sept": "0",
}
W3_AGENCY = {
    "AgencyWorker": "1",
    "SWENo": "qx100003",
    "FTE": "0.800000",
    "PersonBirthDate": "1980-01-19",
    "Sex": "F",
    "Ethnicity": "WIRI",
    "OrgRole": "5",
    "RoleStartDate": "2025-06-15",
    "Cases30": "8",
}

PERSONAL = ["QX10000", "1990-01-17", "1970-06-03", "1980-01-19", "1975-07-21", "1960-02-11"]
"""Strings that must appear in no output file: SWE numbers and dates of birth."""


def write_return(path: Path, *, lea: str, workers: list[dict[str, str]], la_level: dict) -> Path:
    with path.open("w", encoding="utf-8") as file:
        file.writelines(return_xml(year=2025, lea=lea, la_level=la_level, workers=workers))
    return path


def write_tiny_region(folder: Path, *, w2: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_return(
        folder / "city.xml",
        lea="201",
        workers=[W1, w2 or W2, W3_LEAVER, W4_AGENCY],
        la_level={"NumberOfVacancies": "0.50", "NoAgencyFTE": "0.00", "NoAgencyHeadcount": "0"}
        | PAY_FLAGS,
    )
    write_return(
        folder / "camden.xml",
        lea="202",
        workers=[W5, W3_AGENCY],
        la_level={"NumberOfVacancies": "1.00", "NoAgencyFTE": "0.80", "NoAgencyHeadcount": "1"}
        | PAY_FLAGS,
    )
    return folder


@pytest.fixture
def environ() -> dict[str, str]:
    return {"CSCW_HUB_SECRET": SECRET}


@pytest.fixture
def tiny_region(tmp_path: Path) -> Path:
    return write_tiny_region(tmp_path / "returns")
