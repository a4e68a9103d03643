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


WORKERS_A_CHUNK = 500
"""Worker records joined into one piece of text before it is given to the writer."""


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
    collect are left out, so callers may give every element they know.

    Each element is ``    <Name>text</Name>`` on a line of its own, the text with ``&``, ``<``
    and ``>`` escaped; a repeating element once for each of its texts. The records are written
    a few hundred to a chunk, each a list of pieces joined once (for 40,000 workers this is a
    fifth of writing them element by element)."""
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
    tags = [
        (spec.element, f"    <{spec.element}>", f"</{spec.element}>\n")
        for spec in schema.worker_fields
    ]
    pieces: list[str] = []
    written = 0
    for worker in workers:
        pieces.append("  <CSWWWorker>\n")
        for element, opening, closing in tags:
            value = worker.get(element)
            if value is None:
                continue
            for text in (value,) if isinstance(value, str) else value:
                pieces += (opening, _escaped(text), closing)
        pieces.append("  </CSWWWorker>\n")
        written += 1
        if written == WORKERS_A_CHUNK:
            yield "".join(pieces)
            pieces, written = [], 0
    if pieces:
        yield "".join(pieces)
    yield "</Message>\n"


def _escaped(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` escaped (as ``xml.sax.saxutils.escape``); most
    texts have none, and are given back as they are."""
    if "&" in text or "<" in text or ">" in text:
        return escape(text)
    return text
