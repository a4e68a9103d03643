"""Read a CSWW return into typed records, keeping each element's line number.

The records are the return's content, not its validity: a value that is not of its XSD type (a
date that is not a date, a number that is not a number) is read as missing, and the XSD
validation (``validate.py``) reports it. Export and import reuse these records.

The year of the return, which decides its schema, comes from the header's ``Year``, else its
``ReferenceDate`` (the reporting year containing that date), else the ``year`` argument (the
command line's ``--year``), else the file cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from os import PathLike, fspath
from typing import Literal

from lxml import etree

from .problems import CswwFileError, Problem
from .schemas import SCHEMAS, FieldSpec, Kind, YearSchema

YearSource = Literal["Year", "ReferenceDate", "--year"]

ROOT = "Message"
HEADER = "Header"
WORKER = "CSWWWorker"


@dataclass(frozen=True, slots=True)
class Source:
    """``Header/Source``: who sent the return."""

    lea: str | None
    source_level: str | None = None
    software_code: str | None = None
    date_time: str | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """``Header/CollectionDetails`` and its sources. ``year`` is ``Year`` as a number."""

    line: int
    collection: str | None = None
    year: int | None = None
    reference_date: date | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class LALevel:
    """The authority-level block: ``LALevelVacancies`` (to 2024) or ``LALevel`` (2025 on).

    The pay and allowance flags (0 no, 1 all, 2 some LA-employed social workers eligible) and
    ``OtherAllowances`` are collected from 2025 and are None before.
    """

    line: int
    number_of_vacancies: Decimal | None = None
    no_agency_fte: Decimal | None = None
    no_agency_headcount: int | None = None
    recruitment_bonus: str | None = None
    retention_bonus: str | None = None
    performance_award: str | None = None
    car_allowance: str | None = None
    relocation_package: str | None = None
    regional_weighting: str | None = None
    cost_swe: str | None = None
    cost_dbs: str | None = None
    other_allowances: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class WorkerRecord:
    """One ``CSWWWorker``: one post of a social worker, or one agency worker.

    Codes are kept as the XSD's code strings (``agency_worker`` "0"/"1", ``org_role`` "1".."6"
    …). ``sex`` holds ``GenderCurrent`` (0, 1, 2, 9) in 2021-2023 and ``Sex`` (M, F) from 2024.
    A field the year does not collect is None (or an empty tuple when the element repeats).
    ``line`` is the line of the ``<CSWWWorker>`` tag, ``position`` its 1-based place among the
    workers, and ``lines`` the line of each element present, by element name.
    """

    line: int
    position: int
    agency_worker: str | None = None
    swe_no: str | None = None
    fte: Decimal | None = None
    person_birth_date: date | None = None
    sex: str | None = None
    ethnicity: str | None = None
    qual_inst: tuple[str, ...] = ()
    qual_level: str | None = None
    step_up_grad: str | None = None
    org_role: str | None = None
    role_start_date: date | None = None
    start_origin: str | None = None
    role_end_date: date | None = None
    leaver_destination: str | None = None
    reason_leave: str | None = None
    fte30: Decimal | None = None
    cases30: int | None = None
    working_days_lost: Decimal | None = None
    contract_weeks: tuple[Decimal, ...] = ()
    frontline_grad: str | None = None
    absat30sept: tuple[str, ...] = ()
    reason_absence: tuple[str, ...] = ()
    cfkss_status: tuple[str, ...] = ()
    base_salary: Decimal | None = None
    rr_payments: Decimal | None = None
    other_payments: Decimal | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, element: str) -> int:
        """The line of ``element`` in this worker, or the worker's own line if it is missing."""
        return self.lines.get(element, self.line)


@dataclass(frozen=True, slots=True)
class CswwReturn:
    """A whole return: its year (and where the year came from), header, LA-level block and
    workers in file order. ``year_argument`` is the ``--year`` given, if any."""

    year: int
    year_source: YearSource
    schema: YearSchema
    header: Header | None
    la_level: LALevel | None
    workers: tuple[WorkerRecord, ...]
    year_argument: int | None = None


# XSD lexical forms (xs:decimal has no exponent; xs:date and xs:gYear may carry a time zone).
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")
_YEAR = re.compile(r"(\d{4})(Z|[+-]\d{2}:\d{2})?")


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if _DECIMAL.fullmatch(text) else None


def _integer(text: str) -> int | None:
    return int(text) if _INTEGER.fullmatch(text) else None


def _date(text: str) -> date | None:
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _text(text: str) -> str | None:
    return text or None


_CONVERTERS: Mapping[Kind, Callable[[str], object]] = {
    "code": _text,
    "text": _text,
    "decimal": _decimal,
    "integer": _integer,
    "date": _date,
}


def reporting_year_of(day: date) -> int:
    """The CSWW reporting year containing ``day``: year Y runs 1 October Y-1 to 30 September Y."""
    return day.year + 1 if day.month >= 10 else day.year


_Reader = tuple[str, Callable[[str], object], str, bool, dict[str | None, object]]
"""A child element's field, its converter, its element name, whether it repeats, and the values
already converted by text (codes, dates and amounts repeat across a return's workers)."""


def _readers(specs: Iterable[FieldSpec]) -> dict[str, _Reader]:
    return {spec.element: (spec.field, _CONVERTERS[spec.kind], spec.element, spec.repeats, {})
            for spec in specs}  # fmt: skip


_UNREAD = object()


def _values(element: etree._Element, readers: Mapping[str, _Reader]) -> dict[str, object]:
    """Field values and element lines of ``element``'s children named in ``readers``."""
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    repeated: dict[str, list[object]] = {}
    for child in element:
        reader = readers.get(child.tag)  # a comment's tag is not a str, so never found
        if reader is None:
            continue
        name, convert, tag, repeats, read = reader
        if tag not in lines:
            lines[tag] = child.sourceline
        text = child.text
        value = read.get(text, _UNREAD)
        if value is _UNREAD:
            value = read[text] = convert((text or "").strip())
        if repeats:
            if value is not None:
                repeated.setdefault(name, []).append(value)
        elif name not in values:
            values[name] = value
    values.update((name, tuple(items)) for name, items in repeated.items())
    values["lines"] = lines
    return values


def _header(element: etree._Element) -> Header:
    def text(path: str, within: etree._Element = element) -> str | None:
        found = within.findtext(path)
        return found.strip() or None if found is not None else None

    year_text = text("CollectionDetails/Year")
    year_match = _YEAR.fullmatch(year_text) if year_text else None
    reference = text("CollectionDetails/ReferenceDate")
    return Header(
        line=element.sourceline,
        collection=text("CollectionDetails/Collection"),
        year=int(year_match[1]) if year_match else None,
        reference_date=_date(reference) if reference else None,
        sources=tuple(
            Source(
                lea=text("LEA", source),
                source_level=text("SourceLevel", source),
                software_code=text("SoftwareCode", source),
                date_time=text("DateTime", source),
            )
            for source in element.iterfind("Source")
        ),
    )


def _year(header: Header | None, year_argument: int | None, line: int) -> tuple[int, YearSource]:
    if header is not None and header.year is not None:
        return header.year, "Year"
    if header is not None and header.reference_date is not None:
        return reporting_year_of(header.reference_date), "ReferenceDate"
    if year_argument is not None:
        return year_argument, "--year"
    raise CswwFileError(
        Problem(
            row=header.line if header else line,
            field="Header",
            rule="YEAR_NOT_FOUND",
            severity="error",
            where="line",
            message=(
                "Cannot tell which reporting year this return is for: the header has no Year "
                "and no ReferenceDate. Give the year with --year YYYY."
            ),
        )
    )


def _schema(year: int, source: YearSource, line: int | None) -> YearSchema:
    schema = SCHEMAS.get(year)
    if schema is None:
        known = f"{min(SCHEMAS)} to {max(SCHEMAS)}"
        raise CswwFileError(
            Problem(
                row=line,
                field="Year" if source == "Year" else None,
                rule="UNKNOWN_YEAR",
                severity="error",
                where="line",
                message=(
                    f"This return is for reporting year {year} (from its {source}), which has no "
                    f"CSWW schema here: the years known are {known}."
                ),
            )
        )
    return schema


def _ensure_not_empty(path: str | PathLike[str]) -> None:
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 16), b""):
            if chunk.strip():
                return
    raise CswwFileError(
        Problem(
            row=None,
            field=None,
            rule="EMPTY_FILE",
            severity="error",
            where="line",
            message="The file is empty: a CSWW return is an XML file starting with <Message>.",
        )
    )


def parse_return(path: str | PathLike[str], *, year: int | None = None) -> CswwReturn:
    """Read the CSWW return at ``path`` (``read_return`` without its tree)."""
    return read_return(path, year=year)[0]


def read_return(
    path: str | PathLike[str], *, year: int | None = None
) -> tuple[CswwReturn, etree._ElementTree]:
    """Read the CSWW return at ``path`` into its records, and the parsed document, which the
    XSD validation reads (so that the file is parsed once).

    ``year`` is used only when the header has neither ``Year`` nor ``ReferenceDate``. Raises
    ``CswwFileError`` with one problem when the file is empty, not well-formed XML, has a DTD
    (entities are never resolved, and a return has no use for them), is not a CSWW ``Message``,
    is of no known year or has no workers.
    """
    _ensure_not_empty(path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.parse(fspath(path), parser)
    except etree.XMLSyntaxError as error:
        raise CswwFileError(
            Problem(
                row=error.lineno or None,
                field=None,
                rule="MALFORMED_XML",
                severity="error",
                where="line",
                message=f"The file is not well-formed XML, so nothing else was checked: "
                f"{error.msg}",
            )
        ) from error
    root = tree.getroot()
    root_line = root.sourceline or 1
    if tree.docinfo.doctype:
        raise CswwFileError(_dtd(root_line))
    if root.tag != ROOT:
        raise CswwFileError(_not_csww(root))
    header: Header | None = None
    la_level: LALevel | None = None
    workers: list[WorkerRecord] = []
    resolved: tuple[int, YearSource, YearSchema] | None = None
    worker_readers: dict[str, _Reader] = {}
    la_element, la_readers = "", {}
    for element in root:
        tag = element.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        if resolved is None and tag != HEADER:
            # The year is settled by the header before the first other element.
            found, source = _year(header, year, element.sourceline)
            resolved = found, source, _schema(found, source, _year_line(header))
            worker_readers = _readers(resolved[2].worker_fields)
            la_element, la_readers = (
                resolved[2].la_level_element,
                _readers(resolved[2].la_level_fields),
            )
        if tag == WORKER and resolved is not None:
            workers.append(
                WorkerRecord(
                    line=element.sourceline,
                    position=len(workers) + 1,
                    **_values(element, worker_readers),  # type: ignore[arg-type]
                )
            )
        elif tag == HEADER:
            if header is None:
                header = _header(element)
        elif tag == la_element:
            la_level = LALevel(line=element.sourceline, **_values(element, la_readers))  # type: ignore[arg-type]
    if resolved is None:
        found, source = _year(header, year, root_line)
        resolved = found, source, _schema(found, source, _year_line(header))
    if not workers:
        raise CswwFileError(
            Problem(
                row=root_line,
                field=WORKER,
                rule="NO_WORKERS",
                severity="error",
                where="line",
                message=(
                    "The return has no CSWWWorker records: it must list every social worker in "
                    "post at 30 September and every starter and leaver in the year."
                ),
            )
        )
    csww = CswwReturn(
        year=resolved[0],
        year_source=resolved[1],
        schema=resolved[2],
        header=header,
        la_level=la_level,
        workers=tuple(workers),
        year_argument=year,
    )
    return csww, tree


def _year_line(header: Header | None) -> int | None:
    return header.line if header is not None else None


def _dtd(line: int) -> Problem:
    return Problem(
        row=line,
        field=None,
        rule="DTD_NOT_ALLOWED",
        severity="error",
        where="line",
        message=(
            "The file has a document type declaration (<!DOCTYPE …>), so nothing else was "
            "checked: DTDs and entities are not allowed in a CSWW return. Remove the DOCTYPE "
            "and write every value out in full."
        ),
    )


def _not_csww(root: etree._Element) -> Problem:
    tag = root.tag if isinstance(root.tag, str) else "?"
    return Problem(
        row=root.sourceline,
        field=tag,
        rule="NOT_CSWW",
        severity="error",
        where="line",
        message=f"This is not a CSWW return: its root element is <{tag}>, not <{ROOT}>.",
    )


def read_header(path: str | PathLike[str]) -> Header | None:
    """The header of the CSWW return at ``path``, read without the rest of the file (the
    regional hub reads every file's authority and year before validating any). None when the
    return has no ``Header`` before its first other element. Raises ``CswwFileError`` as
    ``read_return`` does for a file that is empty, not well-formed, has a DTD or is not a
    ``Message``."""
    _ensure_not_empty(path)
    events = etree.iterparse(
        fspath(path), events=("start", "end"), resolve_entities=False, no_network=True
    )
    try:
        for event, element in events:
            if event == "start" and element.getparent() is None:
                if element.tag != ROOT:
                    raise CswwFileError(_not_csww(element))
                continue
            parent = element.getparent()
            if parent is None or parent.getparent() is not None or event != "end":
                continue
            if element.tag == HEADER:
                return _header(element)
            if isinstance(element.tag, str):
                return None
    except etree.XMLSyntaxError as error:
        raise CswwFileError(
            Problem(
                row=error.lineno or None,
                field=None,
                rule="MALFORMED_XML",
                severity="error",
                where="line",
                message=f"The file is not well-formed XML: {error.msg}",
            )
        ) from error
    return None


def return_year(header: Header | None, year: int | None = None) -> tuple[int, YearSchema]:
    """The reporting year of a return with ``header`` (its Year, else its ReferenceDate, else
    ``year``) and that year's schema, as ``read_return`` settles them. Raises ``CswwFileError``
    when there is no year or the year has no schema here."""
    line = _year_line(header) or 1
    found, source = _year(header, year, line)
    return found, _schema(found, source, _year_line(header))
