"""Synthetic CSWW returns: schema-valid, rule-clean, deterministic for a seed, for benchmarks and
demonstrations. Every SWE number is fictional (``ZZ`` then 8 digits; Social Work England issues
no ZZ numbers) and every person is made up.

About 85% of records are employees (mostly in post at 30 September, with starters and leavers in
the year; one in fifty people holds a second post) and 15% agency workers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..indicators import reporting_year_bounds
from .parse import reporting_year_of
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


# A region: several authorities' returns over several years, for the regional hub
# (core/hub, docs/hub.md), with movements between the authorities, agency engagements inside
# the statutory cool-off and errors planted where the tests can find them.

REGION_AUTHORITIES = (
    "301",
    "302",
    "303",
    "304",
    "305",
    "202",
    "201",
    "306",
    "307",
    "308",
    "203",
    "204",
    "205",
    "309",
    "310",
    "311",
    "312",
    "313",
    "206",
    "207",
    "314",
    "208",
    "209",
    "315",
    "316",
    "317",
    "318",
    "210",
    "319",
    "211",
    "320",
    "212",
    "213",
)
"""The 33 London authorities' LA numbers (DfE's statistical neighbours file), the region's
authorities in this order."""


@dataclass(frozen=True)
class PlantedMove:
    """A worker who left ``from_la`` (in its ``from_year`` return) and appears next in
    ``to_la`` (first in its ``to_year`` return): a flow the hub must find."""

    swe_no: str
    from_la: str
    from_year: int
    from_basis: str
    to_la: str
    to_year: int
    to_basis: str
    left: date | None
    start: date


@dataclass(frozen=True)
class PlantedCoolOff:
    """An agency engagement in ``agency_la`` starting within three months of the worker leaving
    a permanent post in ``left_la``."""

    swe_no: str
    left_la: str
    left_date: date
    agency_la: str
    agency_start: date


@dataclass(frozen=True)
class PlantedError:
    """An error planted in ``la_code``'s ``year`` return: the element and the rule (an XSD
    error or one of DfE's further rules) that must find it, and nothing else."""

    la_code: str
    year: int
    element: str
    rule: str


@dataclass
class Region:
    """What ``synthetic_region`` wrote: the files and everything planted in them. ``decoys``
    are movements the hub must not count (appearing again two years later; an agency
    engagement in the same authority)."""

    authorities: tuple[str, ...]
    years: tuple[int, ...]
    files: list[Path] = field(default_factory=list)
    moves: list[PlantedMove] = field(default_factory=list)
    cooloffs: list[PlantedCoolOff] = field(default_factory=list)
    errors: list[PlantedError] = field(default_factory=list)
    decoys: list[str] = field(default_factory=list)


_ERROR_KINDS = ("WorkingDaysLost", "OrgRole", "RoleStartDate", "Cases30", "RoleEndDate", "SWENo")
"""The planted errors, one of each a return in turn (``_planted_error``)."""


def _planted_error(kind: str, year: int, number: int, schema: YearSchema) -> tuple[dict, str]:
    """A record carrying exactly one error of ``kind``, and the rule that finds it."""
    first, census = reporting_year_bounds(year)
    person = _person(random.Random(number), number, schema)  # noqa: S311
    person["PersonBirthDate"] = "1980-05-05"
    leaver = {
        "AgencyWorker": "0",
        "FTE": "1.000000",
        "QualLevel": "2",
        "OrgRole": "4",
        "RoleStartDate": "2015-04-01",
        "RoleEndDate": (first + timedelta(days=40)).isoformat(),
        "LeaverDestination": "1",
        "ReasonLeave": "1",
    }
    in_post = {
        "AgencyWorker": "0",
        "FTE": "1.000000",
        "QualLevel": "2",
        "OrgRole": "4",
        "RoleStartDate": "2016-04-01",
        "FTE30": "1.000000",
        "Absat30Sept": "0",
    }
    if kind == "WorkingDaysLost":
        return person | in_post | {"WorkingDaysLost": "-2.00"}, "R21"
    if kind == "OrgRole":
        return person | in_post | {"OrgRole": "9"}, "XSD"
    if kind == "RoleStartDate":
        return person | in_post | {"RoleStartDate": "2019-02-30"}, "XSD"
    if kind == "Cases30":
        return person | leaver | {"Cases30": "5"}, "R05"
    if kind == "RoleEndDate":
        start = census - timedelta(days=20)
        return person | leaver | {
            "RoleStartDate": start.isoformat(),
            "StartOrigin": "1",
            "RoleEndDate": (first + timedelta(days=10)).isoformat(),
        }, "R01"
    person["SWENo"] = f"Z{number % 10**6:06d}"
    return person | in_post, "XSD"


def _post(basis: str, start: date, *, end: date | None = None, year: int) -> dict[str, str]:
    """A mover's record: an agency engagement or a permanent post (senior practitioner, no
    cases) from ``start``, ended on ``end`` if given."""
    if basis == "agency":
        return {
            "AgencyWorker": "1",
            "FTE": "1.000000",
            "OrgRole": "4",
            "RoleStartDate": start.isoformat(),
        }
    first, _ = reporting_year_bounds(year)
    record = {
        "AgencyWorker": "0",
        "FTE": "1.000000",
        "QualLevel": "2",
        "OrgRole": "4",
        "RoleStartDate": start.isoformat(),
    }
    if start >= first:
        record["StartOrigin"] = "2"
    if end is not None:
        record |= {"RoleEndDate": end.isoformat(), "LeaverDestination": "3", "ReasonLeave": "2"}
    else:
        record |= {"FTE30": "1.000000", "Absat30Sept": "0"}
    return record


def synthetic_region(
    folder: Path,
    *,
    authorities: int = 10,
    years: int = 5,
    workers: int = 300,
    last_year: int = 2025,
    seed: int = 0,
    moves_per_authority_year: int = 3,
    corridor: int = 6,
    errors: bool = True,
) -> Region:
    """Write a region's returns to ``folder`` as ``<la>_<year>.xml``: ``authorities`` London
    authorities (``REGION_AUTHORITIES``) over the ``years`` reporting years to ``last_year``,
    about ``workers`` records each, and return what was planted in them.

    Each authority's own workers (fictional ZZ numbers of its own, never seen elsewhere) are
    drawn as ``synthetic_return`` draws them. Planted besides, for each authority and year but
    the last, ``moves_per_authority_year`` workers who leave it (a permanent post, or an agency
    engagement the next return no longer has) and start in another authority in the same or the
    next year (about half of the agency starts within three months of leaving a permanent post:
    cool-off cases), two decoys (back two years later; agency in the same authority), and, with
    ``errors``, one error of each kind in turn per return (``_ERROR_KINDS``). A ``corridor``
    besides: each year but the last, that many permanent social workers leave the first
    authority and start agency work in the second within three months, in the same year (a
    flow and cool-off cases large enough to be shown when groups under 5 are suppressed).
    """
    if not 1 <= authorities <= len(REGION_AUTHORITIES):
        raise ValueError(f"authorities must be 1 to {len(REGION_AUTHORITIES)}")
    held = tuple(range(last_year - years + 1, last_year + 1))
    if any(year not in SCHEMAS for year in held):
        raise ValueError(f"the years must be among {min(SCHEMAS)} to {max(SCHEMAS)}")
    codes = REGION_AUTHORITIES[:authorities]
    folder.mkdir(parents=True, exist_ok=True)
    region = Region(authorities=codes, years=held)
    rng = random.Random(seed)  # noqa: S311 -- reproducible made-up data, not secrets
    extra: dict[tuple[str, int], list[dict[str, str]]] = {(la, y): [] for la in codes for y in held}
    mover = 90_000_000 + seed % 1000 * 10_000

    def schema_person(number: int, year: int) -> dict[str, str]:
        person = _person(random.Random(number), number, SCHEMAS[year])  # noqa: S311
        person["PersonBirthDate"] = "1985-03-03"
        return person

    def place(la: str, year: int, number: int, record: dict[str, str]) -> None:
        extra[(la, year)].append(schema_person(number, year) | record)

    if authorities > 1:
        for index, from_la in enumerate(codes):
            for year in held[:-1]:
                for _ in range(moves_per_authority_year):
                    mover += 1
                    to_la = codes[(index + rng.randint(1, authorities - 1)) % authorities]
                    _plant_move(region, place, rng, mover, from_la, to_la, year, held)
                mover += 1
                _plant_decoy(
                    region, place, mover, from_la, codes[(index + 1) % authorities], year, held
                )
        for year in held[:-1]:
            for _ in range(corridor):
                mover += 1
                _plant_move(
                    region, place, rng, mover, codes[0], codes[1], year, held, corridor=True
                )
    error_number = 80_000_000 + seed % 1000 * 10_000
    for la_index, la in enumerate(codes):
        for year_index, year in enumerate(held):
            if errors:
                error_number += 1
                kind = _ERROR_KINDS[(la_index + year_index) % len(_ERROR_KINDS)]
                record, rule = _planted_error(kind, year, error_number, SCHEMAS[year])
                extra[(la, year)].append(record)
                region.errors.append(PlantedError(la, year, kind, rule))
            path = folder / f"{la}_{year}.xml"
            spacing = max(workers + 1, 20_000)  # each return's own people, never elsewhere
            base = 10_000_000 + (la_index * len(held) + year_index) * spacing
            if base + spacing >= 80_000_000:
                raise ValueError("too many workers for the fictional ZZ numbers")
            with path.open("w", encoding="utf-8") as file:
                file.writelines(
                    _region_return(
                        year=year,
                        lea=la,
                        workers=workers,
                        first_number=base,
                        seed=seed * 7919 + la_index * 31 + year_index,
                        extra=extra[(la, year)],
                    )
                )
            region.files.append(path)
    return region


def _plant_move(
    region: Region,
    place: Callable[[str, int, int, dict[str, str]], None],
    rng: random.Random,
    number: int,
    from_la: str,
    to_la: str,
    year: int,
    held: tuple[int, ...],
    *,
    corridor: bool = False,
) -> None:
    """One worker leaving ``from_la`` in ``year`` and starting in ``to_la`` in the same or the
    next year; on the ``corridor``, from a permanent post to agency work within three months, in
    the same year."""
    swe = f"ZZ{number:08d}"
    first, census = reporting_year_bounds(year)
    from_basis = "permanent" if corridor else "agency" if rng.random() < 0.3 else "permanent"
    to_basis = "agency" if corridor or rng.random() < 0.5 else "permanent"
    if from_basis == "permanent":
        left = first + timedelta(days=rng.randint(20, 200 if corridor else 330))
        place(from_la, year, number, _post("permanent", date(2018, 6, 1), end=left, year=year))
        if year - 1 in held:
            place(from_la, year - 1, number, _post("permanent", date(2018, 6, 1), year=year - 1))
        cool = corridor or (to_basis == "agency" and rng.random() < 0.6)
        gap = rng.randint(0, 80) if cool else rng.randint(100, 300)
        start = left + timedelta(days=gap)
        joined: date | None = left
    else:  # agency at this census, gone from the next return, starting after that census
        place(from_la, year, number, _post("agency", first + timedelta(days=30), year=year))
        start = census + timedelta(days=rng.randint(1, 300))
        joined = None
    to_year = reporting_year_of(start)
    region.moves.append(
        PlantedMove(swe, from_la, year, from_basis, to_la, to_year, to_basis, joined, start)
    )
    place(to_la, to_year, number, _post(to_basis, start, year=to_year))
    if to_year + 1 in held:
        place(to_la, to_year + 1, number, _post(to_basis, start, year=to_year + 1))
    if joined is not None and to_basis == "agency" and start <= _months_after(joined, 3):
        region.cooloffs.append(PlantedCoolOff(swe, from_la, joined, to_la, start))


def _plant_decoy(
    region: Region,
    place: Callable[[str, int, int, dict[str, str]], None],
    number: int,
    from_la: str,
    to_la: str,
    year: int,
    held: tuple[int, ...],
) -> None:
    """Not a flow: leaving ``from_la`` and appearing in ``to_la`` two years later; or, in the
    last-but-one year, an agency engagement in the same authority a month after leaving."""
    swe = f"ZZ{number:08d}"
    first, _ = reporting_year_bounds(year)
    left = first + timedelta(days=15)
    place(from_la, year, number, _post("permanent", date(2017, 1, 9), end=left, year=year))
    if year + 2 in held:
        start = reporting_year_bounds(year + 2)[0] + timedelta(days=20)
        place(to_la, year + 2, number, _post("permanent", start, year=year + 2))
    else:
        place(from_la, year, number, _post("agency", left + timedelta(days=30), year=year))
    region.decoys.append(swe)


def _months_after(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    days = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, days))


def _region_return(
    *,
    year: int,
    lea: str,
    workers: int,
    first_number: int,
    seed: int,
    extra: list[dict[str, str]],
) -> Iterator[str]:
    """One authority's return: ``workers`` records drawn as ``synthetic_return`` draws them,
    numbered from ``first_number``, then the ``extra`` records."""
    schema = SCHEMAS[year]
    rng = random.Random(seed)  # noqa: S311 -- reproducible made-up data, not secrets
    records: list[dict[str, str]] = []
    number = first_number
    while len(records) < workers:
        number += 1
        person = _person(rng, number, schema)
        if rng.random() < 0.15:
            records.append(person | _agency(rng, year))
            continue
        born = date.fromisoformat(person["PersonBirthDate"])
        records.append(person | _employee(rng, year, rng.choice("123455"), born))
    agency = [float(r["FTE"]) for r in records if r["AgencyWorker"] == "1"]
    vacancies = workers * 0.08
    cover = min(sum(agency) * 0.7, vacancies * 0.9)
    la_level = {
        "NumberOfVacancies": f"{vacancies:.2f}",
        "NoAgencyFTE": f"{cover:.2f}",
        "NoAgencyHeadcount": str(round(len(agency) * cover / sum(agency)) if agency else 0),
    }
    la_level |= {spec.element: "2" for spec in schema.la_level_fields if spec.kind == "code"}
    la_level |= {spec.element: "None" for spec in schema.la_level_fields if spec.kind == "text"}
    yield from return_xml(
        year=year,
        lea=lea,
        la_level=la_level,
        workers=[*records, *extra],
        software="csc_workforce synthetic region",
    )
