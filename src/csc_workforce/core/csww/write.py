"""Writing a CSWW return: the header, the LA-level block and one ``CSWWWorker`` per record, each
element in its year's schema order (``schemas.YearSchema``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from ..indicators import reporting_year_bounds
from .schemas import SCHEMAS

Value = str | Sequence[str]
"""An element's text, or the texts of a repeating element (``ContractWeeks`` …)."""


def fte_text(value: Decimal) -> str:
    """FTE as the schemas' ``ftedecimal``: six decimal places."""
    return f"{value:.6f}"


def two_places(value: Decimal) -> str:
    """The schemas' ``twodecimalplaces`` (working days lost, vacancies, pay)."""
    return f"{value:.2f}"


def one_place(value: Decimal) -> str:
    """The schemas' ``onedecimalplace`` (contract weeks)."""
    return f"{value:.1f}"


def return_xml(
    *,
    year: int,
    lea: str,
    la_level: Mapping[str, str],
    workers: Iterable[Mapping[str, Value]],
    software: str = "CSC Workforce",
    created: str | None = None,
) -> Iterator[str]:
    """The text of a return for reporting ``year`` from authority ``lea`` (old 3-digit code), in
    chunks. ``la_level`` and each worker map element names to text; elements the year does not
    collect are left out, so callers may give every element they know."""
    schema = SCHEMAS[year]
    census: date = reporting_year_bounds(year)[1]
    stamp = f"      <DateTime>{escape(created)}</DateTime>\n" if created else ""
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n'
        "    <CollectionDetails>\n      <Collection>CSWW</Collection>\n"
        f"      <Year>{year}</Year>\n      <ReferenceDate>{census.isoformat()}</ReferenceDate>\n"
        "    </CollectionDetails>\n"
        f"    <Source>\n      <SourceLevel>L</SourceLevel>\n      <LEA>{escape(lea)}</LEA>\n"
        f"      <SoftwareCode>{escape(software)}</SoftwareCode>\n{stamp}    </Source>\n"
        f"  </Header>\n  <{schema.la_level_element}>\n"
    )
    for spec in schema.la_level_fields:
        if spec.element in la_level:
            yield f"    <{spec.element}>{escape(la_level[spec.element])}</{spec.element}>\n"
    yield f"  </{schema.la_level_element}>\n"
    for worker in workers:
        yield "  <CSWWWorker>\n"
        for spec in schema.worker_fields:
            value = worker.get(spec.element)
            texts = [value] if isinstance(value, str) else list(value or ())
            for text in texts:
                yield f"    <{spec.element}>{escape(text)}</{spec.element}>\n"
        yield "  </CSWWWorker>\n"
    yield "</Message>\n"
