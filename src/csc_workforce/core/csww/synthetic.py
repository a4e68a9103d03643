"""Synthetic CSWW returns: schema-valid, rule-clean, deterministic for a seed, for benchmarks and
demonstrations. Every SWE number is fictional (``ZZ`` then 8 digits; Social Work England issues
no ZZ numbers) and every person is made up.

About 85% of records are employees (mostly in post at 30 September, with starters and leavers in
the year; one in fifty people holds a second post) and 15% agency workers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from ..indicators import reporting_year_bounds
from .schemas import SCHEMAS, YearSchema
from .write import return_xml

_ETHNICITIES = ("WBRI", "WIRI", "WOTH", "MWBC", "AIND", "APKN", "BCRB", "BAFR", "CHNE", "REFU")
_SEX_CODES = {"GenderCurrent": ("1", "2"), "Sex": ("M", "F")}


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _fte(rng: random.Random) -> str:
    return rng.choice(("1.000000", "1.000000", "1.000000", "0.800000", "0.600000", "0.500000"))


def _person(rng: random.Random, number: int, schema: YearSchema) -> dict[str, str]:
    sex_element = schema.worker_element("sex") or "Sex"
    born = _day(rng, date(1960, 1, 1), date(1990, 12, 31))
    person = {
        "SWENo": f"ZZ{number:08d}",
        "PersonBirthDate": born.isoformat(),
        sex_element: rng.choice(_SEX_CODES[sex_element]),
        "Ethnicity": rng.choice(_ETHNICITIES),
    }
    if schema.worker_element("qual_inst"):
        person["QualInst"] = "University of Nowhere"
    return person


def _employee(rng: random.Random, year: int, role: str, born: date) -> dict[str, str]:
    """An employee's post: in post, a starter or a leaver; never starting before 22."""
    first, census = reporting_year_bounds(year)
    earliest = max(date(2000, 1, 1), born.replace(year=born.year + 22, day=1))
    record = {
        "AgencyWorker": "0",
        "FTE": _fte(rng),
        "QualLevel": rng.choice("123"),
        "OrgRole": role,
    }
    kind = rng.random()
    if kind < 0.12:  # a starter in the year
        start = _day(rng, first, census)
        record |= {"RoleStartDate": start.isoformat(), "StartOrigin": rng.choice("12345678")}
    else:
        record["RoleStartDate"] = _day(rng, earliest, first - timedelta(days=1)).isoformat()
    if 0.12 <= kind < 0.27:  # a leaver in the year
        end = _day(rng, first, census)
        record |= {
            "RoleEndDate": end.isoformat(),
            "LeaverDestination": rng.choice("12345678"),
            "ReasonLeave": rng.choice("12345689"),
        }
    else:
        record |= {"FTE30": record["FTE"], "Absat30Sept": "0"}
        if role == "5":
            record["Cases30"] = str(rng.randint(1, 25))
    record["WorkingDaysLost"] = f"{rng.choice((0, 0, 0, 2, 5, 12)) + rng.random():.2f}"
    return record


def _agency(rng: random.Random, year: int) -> dict[str, str]:
    first, _ = reporting_year_bounds(year)
    return {
        "AgencyWorker": "1",
        "FTE": _fte(rng),
        "OrgRole": "5",
        "RoleStartDate": _day(rng, first - timedelta(days=700), first).isoformat(),
        "Cases30": str(rng.randint(1, 25)),
    }


def synthetic_return(*, year: int, workers: int, seed: int = 0) -> Iterator[str]:
    """The text of a synthetic return for reporting ``year`` with ``workers`` records, in chunks
    (write them to a file in turn)."""
    schema = SCHEMAS[year]
    rng = random.Random(seed)  # noqa: S311 -- reproducible made-up data, not secrets
    records: list[dict[str, str]] = []
    person_number = rng.randint(1, 10_000_000)
    while len(records) < workers:
        person_number += 1
        person = _person(rng, person_number, schema)
        if rng.random() < 0.15:
            records.append(person | _agency(rng, year))
            continue
        born = date.fromisoformat(person["PersonBirthDate"])
        records.append(person | _employee(rng, year, rng.choice("123455"), born))
        if rng.random() < 0.02 and len(records) < workers:  # a second, junior post
            second = person | _employee(rng, year, "6", born)
            records.append(second)
    agency = [float(r["FTE"]) for r in records if r["AgencyWorker"] == "1"]
    vacancies = workers * 0.08
    cover = min(sum(agency) * 0.7, vacancies * 0.9)  # some agency workers cover some vacancies
    la_level = {
        "NumberOfVacancies": f"{vacancies:.2f}",
        "NoAgencyFTE": f"{cover:.2f}",
        "NoAgencyHeadcount": str(round(len(agency) * cover / sum(agency)) if agency else 0),
    }
    la_level |= {spec.element: "2" for spec in schema.la_level_fields if spec.kind == "code"}
    la_level |= {spec.element: "None" for spec in schema.la_level_fields if spec.kind == "text"}
    yield from return_xml(
        year=year,
        lea="999",
        la_level=la_level,
        workers=records,
        software="csc_workforce synthetic",
    )
