"""A document's charts drawn from the tables it shows: the chart's figures are the table's, as
shown (a suppressed 'c' is no bar, and is written 'c' where the bar would be), so that a chart
can never tell more than its table; the table goes with the chart as its data table, and the
text alternative names every series and value.

``bars``, ``stacked_bars`` and ``lines`` take a ``Table`` (first cell of a row heads it) and
the columns to draw, and give a ``Chart`` (``core.reporting.document``) whose ``plot`` draws
SVG for pages and PNG for Word and PDF (``core.charts``). A ``Draw`` says which of a section's
tables (by its caption) is drawn and how; ``drawn`` applies a section's ``Draw``s to its tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from csc_workforce.core import charts
from csc_workforce.core.reporting.document import Chart, Table

NUMBER = re.compile(r"^-?[\d,]*\.?\d+")


def number(cell: str) -> float | None:
    """The number a table's cell shows ('12', '12.5%', '1,234', '85.0 (target 80)'), or None
    for a cell with none ('c', 'x', an en dash, blank)."""
    found = NUMBER.match(cell.strip())
    return None if found is None else float(found.group(0).replace(",", ""))


Keep = Callable[[Sequence[str]], bool]


def _rows(table: Table, keep: Keep | None) -> list[Sequence[str]]:
    return [row for row in table.rows if keep is None or keep(row)]


def _columns(table: Table, columns: Sequence[str] | None) -> list[int]:
    header = list(table.header)
    if columns is None:
        return list(range(1, len(header)))
    return [header.index(name) for name in columns]


def describe(intro: str, series: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    """A chart's text alternative: ``intro``, then each series by name with each of its
    figures as the table shows them."""
    parts = [
        f"{name}: " + ", ".join(f"{label} {shown or 'none'}" for label, shown in values)
        for name, values in series
    ]
    return f"{intro.rstrip('.')}. " + "; ".join(parts) + "."


def _bars(
    table: Table, rows: list[Sequence[str]], columns: list[int]
) -> tuple[list[str], list[charts.Bars], list[tuple[str, list[tuple[str, str]]]]]:
    categories = [row[0] for row in rows]
    series = [
        charts.Bars(
            table.header[c],
            [number(row[c]) for row in rows],
            [row[c] for row in rows],
        )
        for c in columns
    ]
    described = [(s.name, list(zip(categories, s.shown, strict=True))) for s in series]
    return categories, series, described


def bars(
    table: Table,
    *,
    title: str,
    intro: str,
    columns: Sequence[str] | None = None,
    keep: Keep | None = None,
    unit: str = "",
    horizontal: bool = True,
) -> Chart:
    """A bar chart of ``table``: a bar for each row kept (``keep``; totals are best left out),
    a set of bars for each of ``columns`` (headers; all but the first by default)."""
    rows = _rows(table, keep)
    categories, series, described = _bars(table, rows, _columns(table, columns))
    description = describe(intro, described)
    plot = charts.bar_plot(
        title=title,
        description=description,
        categories=categories,
        series=series,
        unit=unit,
        horizontal=horizontal,
    )
    return Chart(title=title, description=description, table=table, plot=plot)


def stacked_bars(
    table: Table,
    *,
    title: str,
    intro: str,
    columns: Sequence[str] | None = None,
    keep: Keep | None = None,
    unit: str = "",
) -> Chart:
    """A stacked bar chart of ``table``: a bar for each row kept, made of a segment for each
    of ``columns`` (headers; all but the first by default)."""
    rows = _rows(table, keep)
    categories, series, described = _bars(table, rows, _columns(table, columns))
    description = describe(intro, described)
    plot = charts.stacked_bar_plot(
        title=title, description=description, categories=categories, series=series, unit=unit
    )
    return Chart(title=title, description=description, table=table, plot=plot)


def lines(
    table: Table,
    *,
    title: str,
    intro: str,
    columns: Sequence[str] | None = None,
    keep: Keep | None = None,
    unit: str = "",
) -> Chart:
    """A line chart of ``table``: a line for each row kept, over ``columns`` (headers, in order:
    years or quarters; all but the first by default)."""
    rows = _rows(table, keep)
    chosen = _columns(table, columns)
    labels = {index: table.header[c] for index, c in enumerate(chosen)}
    series = [
        charts.Series(row[0], {index: number(row[c]) for index, c in enumerate(chosen)})
        for row in rows
    ]
    description = describe(
        intro, [(row[0], [(table.header[c], row[c]) for c in chosen]) for row in rows]
    )
    plot = charts.line_plot(
        title=title, description=description, series=series, unit=unit, x_labels=labels
    )
    return Chart(title=title, description=description, table=table, plot=plot)


def without(*labels: str) -> Keep:
    """Keep every row but those headed by ``labels`` (totals)."""
    return lambda row: row[0] not in labels


@dataclass(frozen=True)
class Draw:
    """How a section's table is drawn: the tables whose caption matches ``caption`` (a regular
    expression searched for), as ``kind``, over ``columns`` (headers; else every column but the
    first, less ``skip_columns``), the rows not headed by ``skip_rows`` (totals) and kept by
    ``keep``."""

    caption: str
    kind: Literal["bars", "stacked", "lines"] = "bars"
    columns: Sequence[str] | None = None
    skip_columns: Sequence[str] = ()
    skip_matching: str = ""
    """A regular expression: columns whose header it is found in are not drawn (shares beside
    their counts)."""
    skip_rows: Sequence[str] = ()
    keep: Keep | None = None
    unit: str = ""
    horizontal: bool = True
    note: str = ""
    """Said after the caption in the text alternative: what 'c' means, the unit."""
    title: str = "{caption}"
    """The chart's title, from the table's caption."""

    def matches(self, table: Table) -> bool:
        return re.search(self.caption, table.caption) is not None

    def chart(self, table: Table) -> Chart | None:
        """The chart of ``table``; None when it would have nothing to draw."""
        columns = self.columns
        if columns is None:
            columns = [
                h
                for h in table.header[1:]
                if h not in self.skip_columns
                and not (self.skip_matching and re.search(self.skip_matching, h))
            ]
        skip = self.skip_rows

        def keep(row: Sequence[str]) -> bool:
            return row[0] not in skip and (self.keep is None or self.keep(row))

        intro = f"{table.caption}{self.note}"
        title = self.title.format(caption=table.caption)
        chart: Chart
        if self.kind == "lines":
            chart = lines(table, title=title, intro=intro, columns=columns, keep=keep,
                          unit=self.unit)  # fmt: skip
        elif self.kind == "stacked":
            chart = stacked_bars(table, title=title, intro=intro, columns=columns,
                                 keep=keep, unit=self.unit)  # fmt: skip
        else:
            chart = bars(table, title=title, intro=intro, columns=columns, keep=keep,
                         unit=self.unit, horizontal=self.horizontal)  # fmt: skip
        return None if chart.plot is None or chart.plot.empty else chart


def drawn(tables: Sequence[Table], draws: Sequence[Draw]) -> list[Chart]:
    """The charts of ``tables`` that ``draws`` name, in the tables' order: each table drawn by
    the first of ``draws`` that matches it, or not at all when that one has nothing to draw
    (every figure suppressed), never by a later one meant for another table."""
    found = []
    for table in tables:
        draw = next((draw for draw in draws if draw.matches(table)), None)
        if draw is not None and (chart := draw.chart(table)) is not None:
            found.append(chart)
    return found


SMALL = " (c: a number too small to show)"
