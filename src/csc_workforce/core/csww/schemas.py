"""The CSWW census schemas by reporting year, and how each year's elements map onto our records.

Each reporting year has an XSD (``csc_workforce/data/csww``, copies of DfE's schemas as mirrored by
Social Finance's liia-tools, with the SWENo pattern's stray ``$`` removed) and a ``YearSchema``
naming, in the XSD's order, the elements that feed each field of ``parse.WorkerRecord`` and
``parse.LALevel``. The years differ in these ways:

- 2021-2023 (one identical schema): sex is ``GenderCurrent`` (0 not known, 1 male, 2 female,
  9 not specified); ``QualInst`` is required for every worker; ``CFKSSstatus`` is collected.
- 2024: ``Sex`` (M, F) replaces ``GenderCurrent``.
- 2025: ``LALevel`` replaces ``LALevelVacancies`` and adds nine pay and allowance flags; workers
  gain ``BaseSalary``, ``RRPayments`` and ``OtherPayments`` and lose ``QualInst`` and
  ``CFKSSstatus``.

Adding a year: put its XSD in ``data/csww`` and add one ``YearSchema`` to ``SCHEMAS`` (and, if the
year brings a new element, a field for it on the record it belongs to).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from lxml import etree

Kind = Literal["code", "text", "decimal", "integer", "date"]

XS = "{http://www.w3.org/2001/XMLSchema}"

# Codes from the schemas' enumerations that the rules and the summary rely on.
EMPLOYEE = "0"
"""AgencyWorker 0: "Not an Agency Worker" (employed and paid by the authority)."""
AGENCY = "1"
"""AgencyWorker 1: "Agency Worker"."""
CASE_HOLDER = "5"
"""OrgRole 5: "Case Holder"."""
ORG_ROLE_SENIORITY = ("1", "2", "3", "4", "5", "6")
"""OrgRole codes, most senior first: Senior Manager, Middle Manager, First Line Manager, Senior
Practitioner, Case Holder, Qualified Without Cases."""
ABSENT = "1"
"""Absat30Sept 1: "Yes" (absent at 30 September)."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One XSD element and the record field it feeds. ``repeats``: maxOccurs is unbounded, so
    the field holds a tuple."""

    element: str
    field: str
    kind: Kind
    repeats: bool = False


@dataclass(frozen=True, slots=True)
class YearSchema:
    """One reporting year's schema file and element names, in the XSD's sequence order."""

    year: int
    xsd: str
    la_level_element: str
    la_level_fields: tuple[FieldSpec, ...]
    worker_fields: tuple[FieldSpec, ...]

    def worker_element(self, field: str) -> str | None:
        """The element that feeds ``field`` this year; None if the year does not collect it."""
        return next((spec.element for spec in self.worker_fields if spec.field == field), None)


def _f(element: str, field: str, kind: Kind, *, repeats: bool = False) -> FieldSpec:
    return FieldSpec(element=element, field=field, kind=kind, repeats=repeats)


_VACANCIES = (
    _f("NumberOfVacancies", "number_of_vacancies", "decimal"),
    _f("NoAgencyFTE", "no_agency_fte", "decimal"),
    _f("NoAgencyHeadcount", "no_agency_headcount", "integer"),
)
_PAY_AND_ALLOWANCE_FLAGS = (
    _f("RecruitmentBonus", "recruitment_bonus", "code"),
    _f("RetentionBonus", "retention_bonus", "code"),
    _f("PerformanceAward", "performance_award", "code"),
    _f("CarAllowance", "car_allowance", "code"),
    _f("RelocationPackage", "relocation_package", "code"),
    _f("RegionalWeighting", "regional_weighting", "code"),
    _f("CostSWE", "cost_swe", "code"),
    _f("CostDBS", "cost_dbs", "code"),
    _f("OtherAllowances", "other_allowances", "text"),
)
_IDENTITY = (
    _f("AgencyWorker", "agency_worker", "code"),
    _f("SWENo", "swe_no", "text"),
    _f("FTE", "fte", "decimal"),
    _f("PersonBirthDate", "person_birth_date", "date"),
)
_ETHNICITY = (_f("Ethnicity", "ethnicity", "code"),)
_QUAL_INST = (_f("QualInst", "qual_inst", "text", repeats=True),)
_ROLE = (
    _f("QualLevel", "qual_level", "code"),
    _f("StepUpGrad", "step_up_grad", "code"),
    _f("OrgRole", "org_role", "code"),
    _f("RoleStartDate", "role_start_date", "date"),
    _f("StartOrigin", "start_origin", "code"),
    _f("RoleEndDate", "role_end_date", "date"),
    _f("LeaverDestination", "leaver_destination", "code"),
    _f("ReasonLeave", "reason_leave", "code"),
    _f("FTE30", "fte30", "decimal"),
    _f("Cases30", "cases30", "integer"),
    _f("WorkingDaysLost", "working_days_lost", "decimal"),
    _f("ContractWeeks", "contract_weeks", "decimal", repeats=True),
    _f("FrontlineGrad", "frontline_grad", "code"),
    _f("Absat30Sept", "absat30sept", "code", repeats=True),
    _f("ReasonAbsence", "reason_absence", "code", repeats=True),
)
_CFKSS = (_f("CFKSSstatus", "cfkss_status", "code", repeats=True),)
_PAY = (
    _f("BaseSalary", "base_salary", "decimal"),
    _f("RRPayments", "rr_payments", "decimal"),
    _f("OtherPayments", "other_payments", "decimal"),
)
_GENDER_CURRENT = (_f("GenderCurrent", "sex", "code"),)
_SEX = (_f("Sex", "sex", "code"),)


def _schema_2021_to_2023(year: int) -> YearSchema:
    """The 2021, 2022 and 2023 schemas are one identical file."""
    return YearSchema(
        year=year,
        xsd="csww_schema_2023.xsd",
        la_level_element="LALevelVacancies",
        la_level_fields=_VACANCIES,
        worker_fields=_IDENTITY + _GENDER_CURRENT + _ETHNICITY + _QUAL_INST + _ROLE + _CFKSS,
    )


SCHEMAS: Mapping[int, YearSchema] = {
    2021: _schema_2021_to_2023(2021),
    2022: _schema_2021_to_2023(2022),
    2023: _schema_2021_to_2023(2023),
    2024: YearSchema(
        year=2024,
        xsd="csww_schema_2024.xsd",
        la_level_element="LALevelVacancies",
        la_level_fields=_VACANCIES,
        worker_fields=_IDENTITY + _SEX + _ETHNICITY + _QUAL_INST + _ROLE + _CFKSS,
    ),
    2025: YearSchema(
        year=2025,
        xsd="csww_schema_2025.xsd",
        la_level_element="LALevel",
        la_level_fields=_VACANCIES + _PAY_AND_ALLOWANCE_FLAGS,
        worker_fields=_IDENTITY + _SEX + _ETHNICITY + _ROLE + _PAY,
    ),
}


def _xsd_bytes(year: int) -> bytes:
    name = SCHEMAS[year].xsd
    return resources.files("csc_workforce").joinpath("data", "csww", name).read_bytes()


@cache
def xml_schema(year: int) -> etree.XMLSchema:
    """The compiled XSD for reporting ``year`` (one of ``SCHEMAS``)."""
    return etree.XMLSchema(etree.fromstring(_xsd_bytes(year)))


@cache
def code_lists(year: int) -> Mapping[str, Mapping[str, str]]:
    """Element name -> {code: its documentation}, read from the enumerations in ``year``'s XSD,
    e.g. ``code_lists(2025)["OrgRole"]["5"] == "Case Holder"``."""
    root = etree.fromstring(_xsd_bytes(year))

    def enumerations(restriction_parent: etree._Element) -> dict[str, str]:
        return {
            enum.get("value"): " ".join(
                "".join(enum.itertext()).split()  # the documentation, whitespace collapsed
            )
            for enum in restriction_parent.iter(f"{XS}enumeration")
        }

    named = {
        simple.get("name"): enumerations(simple)
        for simple in root.iterfind(f"{XS}simpleType")
        if simple.get("name")
    }
    lists: dict[str, dict[str, str]] = {}
    for element in root.iter(f"{XS}element"):
        codes = named.get(element.get("type", ""), {}) or enumerations(element)
        if codes:
            lists[element.get("name")] = codes
    return lists
