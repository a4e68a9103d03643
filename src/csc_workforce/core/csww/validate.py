"""Validate a CSWW return: its year's XSD, then DfE's further rules (``rules.py``).

A file that cannot be read as a return at all (empty, malformed XML, not a ``Message``, no year,
an unknown year, no workers) gets one problem and no further checks. Otherwise every XSD error is
reported with its line, element and the SWE number of its worker, in plain English, beside
what the rules find: every XSD error is kept, whatever rule also fires on the same element, so
a return the XSD refuses is never called valid. Errors make a return invalid; queries do not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from os import PathLike, fspath

from lxml import etree

from .parse import CswwReturn, read_return
from .problems import CswwFileError, Problem
from .rules import rule_problems
from .schemas import code_lists, xml_schema

XSD_RULE_ID = "XSD"

CodeLists = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of validating one file. ``csww`` is None when the file could not be read
    as a return (then ``problems`` holds the one reason)."""

    file: str
    year: int | None
    problems: tuple[Problem, ...]
    csww: CswwReturn | None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "error")

    @property
    def valid(self) -> bool:
        """No errors (queries alone leave a return valid)."""
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        """``{"file", "year", "valid", "errors": [problem, …]}``; ``errors`` lists every problem,
        queries included, each with its ``severity``."""
        return {
            "file": self.file,
            "year": self.year,
            "valid": self.valid,
            "errors": [problem.as_dict() for problem in self.problems],
        }


def validate_file(path: str | PathLike[str], *, year: int | None = None) -> Report:
    """Check the CSWW return at ``path`` against its year's XSD and DfE's further rules.

    ``year`` (the command line's ``--year``) is used only when the header has neither ``Year``
    nor ``ReferenceDate``; a different ``year`` is reported as a query.
    """
    file = fspath(path)
    try:
        csww, tree = read_return(path, year=year)
    except CswwFileError as error:
        return Report(file=file, year=None, problems=(error.problem,), csww=None)
    problems = sorted(
        [*_year_argument_query(csww), *xsd_problems(tree, csww), *rule_problems(csww)],
        key=lambda problem: (problem.row or 0, problem.severity != "error", problem.rule),
    )
    return Report(file=file, year=csww.year, problems=tuple(problems), csww=csww)


def _year_argument_query(csww: CswwReturn) -> list[Problem]:
    if csww.year_argument is None or csww.year_argument == csww.year:
        return []
    return [
        Problem(
            row=csww.header.line if csww.header else None,
            field=csww.year_source,
            rule="YEAR_ARGUMENT",
            severity="query",
            where="line",
            message=(
                f"--year {csww.year_argument} was not used: the header's {csww.year_source} "
                f"makes this a {csww.year} return."
            ),
        )
    ]


def xsd_problems(tree: etree._ElementTree, csww: CswwReturn) -> list[Problem]:
    """The XSD errors of the parsed file, at most one per element, each mapped to its line,
    element and the SWE number of its ``CSWWWorker``, in plain English."""
    schema = xml_schema(csww.year)
    schema.validate(tree)
    codes = code_lists(csww.year)
    problems: dict[tuple[int, str | None], Problem] = {}
    for entry in schema.error_log:
        element, message = _plain_english(entry.message, codes)
        problems.setdefault(
            (entry.line, element),
            Problem(
                row=entry.line,
                field=element,
                record=_worker_swe(entry.path, csww),
                rule=XSD_RULE_ID,
                severity="error",
                where="line",
                message=message,
            ),
        )
    return list(problems.values())


_WORKER_IN_PATH = re.compile(r"^/Message/CSWWWorker(?:\[(\d+)\])?(?:/|$)")


def _worker_swe(path: str | None, csww: CswwReturn) -> str | None:
    match = _WORKER_IN_PATH.match(path or "")
    if match is None:
        return None
    position = int(match[1] or 1)
    return csww.workers[position - 1].swe_no if position <= len(csww.workers) else None


_ENTRY = re.compile(r"^Element '(?P<element>[^']+)'(?:, attribute '[^']+')?: (?P<rest>.*)$", re.S)
_EXPECTED = re.compile(r"Expected is (?:one of )?\( (?P<names>[^)]*) \)")
_FACET = re.compile(r"\[facet '(?P<facet>\w+)'\] The value (?:'(?P<value>[^']*)' )?")
_LIMIT = re.compile(r"\('(?P<limit>[^']*)'\)")
_ATOMIC = re.compile(r"^'(?P<value>[^']*)' is not a valid value of the (?:local )?atomic type")
_TYPE_NAMES = {
    "xs:date": "a date in the form YYYY-MM-DD",
    "xs:gYear": "a year in the form YYYY",
    "xs:dateTime": "a date and time in the form YYYY-MM-DDThh:mm:ss",
    "xs:integer": "a whole number",
}


def _plain_english(message: str, codes: CodeLists) -> tuple[str | None, str]:
    """The element and a plain-English message for one libxml2 XSD error message."""
    entry = _ENTRY.match(message.strip())
    if entry is None:
        return None, message.strip()
    element, rest = entry["element"], entry["rest"].strip()
    expected = _EXPECTED.search(rest)
    names = expected["names"] if expected else ""
    names = f"one of {names}" if "," in names else names
    if rest.startswith("Missing child element"):
        return element, f"{element} is missing a required element: {names}."
    if rest.startswith("This element is not expected"):
        hint = f" here; the schema expects {names}" if names else " at the end of its parent"
        return element, (
            f"{element} is not expected{hint}. Elements must be named exactly as in the "
            "schema and come in its order."
        )
    facet = _FACET.search(rest)
    if facet is not None:
        return element, _facet_message(element, facet["facet"], facet["value"], rest, codes)
    atomic = _ATOMIC.match(rest)
    if atomic is not None:
        kind = next((text for name, text in _TYPE_NAMES.items() if f"'{name}'" in rest), None)
        return element, f"{element} '{atomic['value']}' is not {kind or 'a number'}."
    return element, rest


def _facet_message(element: str, facet: str, value: str | None, rest: str, codes: CodeLists) -> str:
    limit_match = _LIMIT.search(rest)
    limit = limit_match["limit"] if limit_match else ""
    if facet == "enumeration":
        allowed = codes.get(element, {})
        listed = ", ".join(
            f"{code} ({text})" if len(allowed) <= 10 else code for code, text in allowed.items()
        )
        return f"{element} '{value}' is not one of its codes: {listed}."
    if facet == "pattern" and element == "SWENo":
        return (
            f"SWENo '{value}' is not a Social Work England number: two letters then 1 to 10 "
            "digits, such as AB1234."
        )
    if facet == "pattern":
        return f"{element} '{value}' is not in the form the schema requires."
    if facet == "minLength":
        return f"{element} is empty."
    if facet == "maxInclusive":
        return f"{element} {value} is more than the most allowed, {limit}."
    if facet == "minInclusive":
        return f"{element} {value} is less than the least allowed, {limit}."
    if facet == "fractionDigits":
        return f"{element} {value} has more than {limit} decimal places."
    return rest


def validate_return(
    path: str | PathLike[str], *, year: int | None = None
) -> tuple[Report, etree._ElementTree | None]:
    """``validate_file``, and the parsed document (None when the file could not be read as a
    return), so that a caller can read an element's text as written (the regional hub's log of
    what it blanked quotes the value the XSD refused, which the records hold as missing)."""
    file = fspath(path)
    try:
        csww, tree = read_return(path, year=year)
    except CswwFileError as error:
        return Report(file=file, year=None, problems=(error.problem,), csww=None), None
    problems = sorted(
        [*_year_argument_query(csww), *xsd_problems(tree, csww), *rule_problems(csww)],
        key=lambda problem: (problem.row or 0, problem.severity != "error", problem.rule),
    )
    return Report(file=file, year=csww.year, problems=tuple(problems), csww=csww), tree
