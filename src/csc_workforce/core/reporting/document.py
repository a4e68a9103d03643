"""A report as plain data (sections of narrative, tables and charts) and the three formats it is
written in: accessible HTML, Word (python-docx) and PDF (WeasyPrint, from the same HTML).

The PSW's narrative is plain text with simple formatting: paragraphs split by a blank line,
lines starting ``- `` a bulleted list, ``**words**`` in bold. Nothing in it is read as HTML.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

from csc_workforce.core.charts import Plot

NOT_RECORDED = "Not recorded yet"


@dataclass(frozen=True)
class Table:
    """A table: its caption, its column headers, and rows whose first cell heads the row."""

    caption: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class Chart:
    """A chart, its text alternative and the table of its figures. ``plot`` (``core.charts``)
    draws it: as SVG in HTML, as a PNG in Word and PDF. A chart given only as ``svg`` (drawn
    elsewhere) is that SVG in HTML and PDF, and its text alternative and table in Word."""

    title: str
    description: str
    svg: str = ""
    table: Table = Table("", (), ())
    plot: Plot | None = None

    def page_svg(self) -> str:
        return self.svg or (self.plot.svg() if self.plot is not None else "")

    def png(self) -> bytes:
        return self.plot.png() if self.plot is not None else b""


@dataclass(frozen=True)
class Section:
    """One section: ``missing`` says, for a section whose data the service does not record yet,
    what is not recorded; it is shown instead of figures, and the narrative still is."""

    key: str
    title: str
    narrative: str = ""
    tables: Sequence[Table] = ()
    charts: Sequence[Chart] = ()
    missing: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    sections: Sequence[Section] = field(default_factory=list)


def placed(section: Section) -> list[tuple[Chart | None, Table | None]]:
    """The section's figures in order: each table, after the chart drawn from it (a chart whose
    table is one of the section's); then the other charts, each with its own table."""
    order: list[tuple[Chart | None, Table | None]] = []
    used: set[int] = set()
    for table in section.tables:
        for index, chart in enumerate(section.charts):
            if index not in used and chart.table is table:
                order.append((chart, None))
                used.add(index)
        order.append((None, table))
    for index, chart in enumerate(section.charts):
        if index not in used:
            order.append((chart, chart.table if chart.table.header else None))
    return order


Block = tuple[str, list[str]]
"""A narrative block: ("p", [text]) or ("ul", [item, ...])."""


def blocks(narrative: str) -> list[Block]:
    """The narrative's paragraphs and bulleted lists, in order."""
    found: list[Block] = []
    for chunk in re.split(r"\n\s*\n", narrative.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            found.append(("ul", [line[2:].strip() for line in lines]))
        else:
            found.append(("p", [" ".join(lines)]))
    return found


BOLD = re.compile(r"\*\*(.+?)\*\*")


def runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (words, bold) runs by its ``**bold**`` marks."""
    parts = BOLD.split(text)
    return [(part, index % 2 == 1) for index, part in enumerate(parts) if part]


def _inline_html(text: str) -> str:
    return "".join(
        f"<strong>{escape(words)}</strong>" if bold else escape(words) for words, bold in runs(text)
    )


STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;line-height:1.4;margin:2em auto;
max-width:60em;padding:0 1em}
h1{font-size:2em}h3{font-size:1.2em}
h2{font-size:1.5em;margin-top:1.5em;border-top:1px solid #b1b4b6;padding-top:.5em}
table{border-collapse:collapse;margin:1em 0;width:100%}
caption{text-align:left;font-weight:bold;margin-bottom:.3em}
th,td{border-bottom:1px solid #b1b4b6;padding:.3em .5em;text-align:left;vertical-align:top}
td.n{text-align:right}
.missing{border-left:5px solid #b1b4b6;padding-left:1em}
figure{margin:1em 0}svg,img.app-chart{max-width:100%;height:auto}
figure{break-inside:avoid}
@page{size:A4;margin:2cm}
"""


def _table_html(table: Table) -> str:
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in table.header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(cell)}</th>' if index == 0 else f"<td>{escape(cell)}</td>"
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _narrative_html(narrative: str) -> str:
    out = []
    for kind, parts in blocks(narrative):
        if kind == "ul":
            out.append("<ul>" + "".join(f"<li>{_inline_html(p)}</li>" for p in parts) + "</ul>")
        else:
            out.append(f"<p>{_inline_html(parts[0])}</p>")
    return "".join(out)


def _figure_html(chart: Chart, *, images: str) -> str:
    """A chart as a figure: inline SVG (``images="svg"``) or a PNG with the text alternative
    as its alt text (``images="png"``, for PDF), captioned with the text alternative."""
    png = chart.png() if images == "png" else b""
    if png:
        data = base64.b64encode(png).decode()
        drawn = (
            f'<img src="data:image/png;base64,{data}" alt="{escape(chart.description)}" '
            'class="app-chart">'
        )
    else:
        drawn = chart.page_svg()
    return f"<figure>{drawn}<figcaption>{escape(chart.description)}</figcaption></figure>"


def html(document: Document, *, images: str = "svg") -> str:
    """The document as one accessible HTML page: a heading for each section, tables with
    captions and header cells, each chart (inline SVG; ``images="png"`` for a PNG, as PDF
    has it) with its text alternative and its table."""
    contents = "".join(
        f'<li><a href="#{escape(s.key)}">{escape(s.title)}</a></li>' for s in document.sections
    )
    parts = [
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{escape(document.title)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{escape(document.title)}</h1><p>{escape(document.subtitle)}</p>",
        f'<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>{contents}</ol></nav>',
    ]
    for section in document.sections:
        parts.append(f'<section aria-labelledby="{escape(section.key)}">')
        parts.append(f'<h2 id="{escape(section.key)}">{escape(section.title)}</h2>')
        parts.append(_narrative_html(section.narrative))
        if section.missing:
            parts.append(f'<p class="missing"><strong>{NOT_RECORDED}:</strong> ')
            parts.append(f"{escape(section.missing)}</p>")
        for chart, table in placed(section):
            if chart is not None:
                parts.append(f"<h3>{escape(chart.title)}</h3>")
                parts.append(_figure_html(chart, images=images))
            if table is not None:
                parts.append(_table_html(table))
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "".join(parts)


def docx(document: Document) -> bytes:
    """The document in Word: the title, a Heading 1 for each section, the narrative in the
    Normal and List Bullet styles, tables in the Table Grid style with a header row repeated on
    each page and a caption; a chart as a picture whose alt text is its text alternative, the
    text alternative below it and its table."""
    from docx import Document as WordDocument
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    word = WordDocument()
    word.core_properties.title = document.title
    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle)

    def add_text(paragraph: object, text: str) -> None:
        for words, bold in runs(text):
            paragraph.add_run(words).bold = bold  # type: ignore[attr-defined]

    def add_table(table: Table) -> None:
        word.add_paragraph(table.caption, style="Caption")
        grid = word.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        header = grid.rows[0]
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, text in zip(header.cells, table.header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in table.rows:
            cells = grid.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = index == 0

    for section in document.sections:
        word.add_heading(section.title, level=1)
        for kind, parts in blocks(section.narrative):
            if kind == "ul":
                for item in parts:
                    add_text(word.add_paragraph(style="List Bullet"), item)
            else:
                add_text(word.add_paragraph(), parts[0])
        if section.missing:
            add_text(word.add_paragraph(), f"**{NOT_RECORDED}:** {section.missing}")
        for chart, table in placed(section):
            if chart is not None:
                word.add_heading(chart.title, level=2)
                png = chart.png()
                if png:
                    picture = word.add_picture(io.BytesIO(png), width=Cm(16))
                    properties = picture._inline.docPr
                    properties.set("title", chart.title)
                    properties.set("descr", chart.description)
                word.add_paragraph(chart.description)
            if table is not None:
                add_table(table)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def pdf(document: Document) -> bytes:
    """The document as PDF: WeasyPrint laying out the same HTML (``html``), A4, tagged."""
    from weasyprint import HTML

    written: bytes = HTML(string=html(document, images="png")).write_pdf(pdf_variant="pdf/ua-1")
    return written


FORMATS: dict[str, tuple[Callable[[Document], str | bytes], str, str]] = {
    "html": (html, "text/html; charset=utf-8", "html"),
    "docx": (
        docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "pdf": (pdf, "application/pdf", "pdf"),
}
"""Each format: the function writing it, its media type and its file extension."""


def written(document: Document, fmt: str) -> bytes:
    """The document in ``fmt`` (a key of ``FORMATS``) as bytes."""
    write = FORMATS[fmt][0]
    out = write(document)
    return out.encode() if isinstance(out, str) else out
