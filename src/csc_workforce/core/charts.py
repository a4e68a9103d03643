"""Charts drawn with matplotlib: SVG inline on pages (no JavaScript), PNG in Word and PDF.

A chart is first a ``Plot``: what it shows (its series, units, title and text alternative), the
same for every format. ``Plot.svg()`` gives an SVG for a page: it scales to its container (no
fixed width or height), carries ``role="img"`` with a ``<title>`` and ``<desc>`` (the text
alternative) that ``aria-labelledby`` names, holds no script, and is the same bytes for the
same plot (no date, ids salted with the plot's own digest). ``Plot.png()`` gives a PNG for Word
and PDF. Pages and documents put the table of the same figures beside each chart.

``line_chart``, ``step_chart``, ``bar_chart`` and ``stacked_bar_chart`` give the SVG at once;
``line_plot``, ``step_plot``, ``bar_plot`` and ``stacked_bar_plot`` give the ``Plot``.

Drawing uses ``matplotlib.figure.Figure`` objects, never pyplot, and matplotlib's settings only
inside ``rc_context`` under one lock: no state is left behind and two threads never draw at
once. Each drawing is kept (``CACHE_SIZE`` of them), so a page drawn again costs nothing.
Colours are GOV.UK's; every series also has its own dash pattern and marker (lines) or hatching
(bars), and bars carry their values, so that colour is never the only cue.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import re
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # matplotlib is imported at the first drawing (``warm`` imports it early)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# GOV.UK colours that stay apart for common colour-vision deficiencies, each with a dash
# pattern, a marker and a hatching of its own so that no series is told apart by colour alone.
COLOURS = ("#1d70b8", "#0b0c0c", "#d53880", "#00703c", "#f47738", "#4c2c92")
DASHES: tuple[Any, ...] = ("-", (0, (6, 3)), (0, (1.5, 2)), (0, (8, 3, 2, 3)), (0, (1, 4)), "-")
MARKERS = ("o", "s", "^", "D", "v", "P")
HATCHES = ("", "//", "..", "xx", "\\\\", "--")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
WIDTH = 6.4
"""Inches: 640 pixels at the browser's 100 dpi-ish, the width of a page's two-thirds column."""
HEIGHT = 3.2
PNG_DPI = 150
LEGEND_COLUMNS = 3
CACHE_SIZE = 256

STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # shipped with matplotlib: the same on every machine
    "font.size": 11,
    "svg.fonttype": "none",  # text as text: smaller, sharp, selectable
    "text.color": TEXT,
    "axes.edgecolor": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "hatch.linewidth": 1.5,
    "legend.frameon": False,
    "legend.fontsize": 10,
    "figure.facecolor": "white",
}
"""matplotlib settings for every chart, applied only while one is drawn."""


@dataclass(frozen=True)
class Series:
    """A line: its value at each point of the x axis (a year, or a numbered point that
    ``x_labels`` names); None leaves a gap."""

    name: str
    points: dict[int, float | None]


@dataclass(frozen=True)
class StepSeries:
    """A step curve: ``points`` (x, y) in order of x, each y holding until the next x."""

    name: str
    points: list[tuple[float, float]]
    band: tuple[tuple[float, float, float], ...] = ()
    """(x, lower, upper) of a confidence band, each holding until the next x; the last until
    ``band_to``."""
    band_to: float = 0.0


@dataclass(frozen=True)
class Bars:
    """A set of bars: one value for each category of the chart, None where there is no figure
    to draw (a suppressed count); ``shown`` is the text written on each bar (the value as the
    table shows it, 'c' for a suppressed one), by default the value itself."""

    name: str
    values: Sequence[float | None]
    shown: Sequence[str] = ()

    def label(self, index: int, unit: str = "") -> str:
        if self.shown:
            return self.shown[index]
        value = self.values[index]
        return "" if value is None else f"{value:g}{unit}"


_LOCK = threading.RLock()
_CACHE: OrderedDict[tuple[str, str], str | bytes] = OrderedDict()


@dataclass(frozen=True)
class Plot:
    """A chart to draw, the same for every format: ``svg()`` for pages, ``png()`` for Word and
    PDF. Subclasses draw their kind."""

    title: str
    description: str

    @property
    def empty(self) -> bool:
        raise NotImplementedError

    def draw(self, figure: Figure) -> None:
        raise NotImplementedError

    def height(self) -> float:
        return HEIGHT

    @property
    def key(self) -> str:
        """The plot's digest: the same figures give the same key, in every process."""
        return hashlib.sha256(repr(self).encode()).hexdigest()

    @property
    def element_id(self) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")
        return f"chart-{slug[:40]}-{self.key[:8]}"

    def svg(self) -> str:
        """The chart as inline SVG for a page ('' when there is nothing to draw)."""
        if self.empty:
            return ""
        out = _rendered(self, "svg")
        assert isinstance(out, str)
        return out

    def png(self) -> bytes:
        """The chart as a PNG for Word and PDF (b'' when there is nothing to draw)."""
        if self.empty:
            return b""
        out = _rendered(self, "png")
        assert isinstance(out, bytes)
        return out


def _rendered(plot: Plot, fmt: str) -> str | bytes:
    key = (plot.key, fmt)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        out = _svg(plot) if fmt == "svg" else _png(plot)
        _CACHE[key] = out
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
        return out


@contextlib.contextmanager
def _drawing(plot: Plot) -> Iterator[Figure]:
    """The plot drawn on a figure with its margins fitted, in the charts' settings (which hold
    until the ``with`` ends: save the figure inside it)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    settings: Any = STYLE | {"svg.hashsalt": plot.key[:16]}
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(WIDTH, plot.height()))
        FigureCanvasAgg(figure)
        plot.draw(figure)
        _fit(figure)
        yield figure


def _figure(plot: Plot, fmt: str) -> bytes:
    out = io.BytesIO()
    with _drawing(plot) as figure:
        if fmt == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        else:
            figure.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return out.getvalue()


PAD = 0.08
"""Inches of white space kept at each edge of a chart."""
TICK_GAP = 7 / 72
"""Inches between an axis and its tick labels: a tick (3.5 points) and its pad (3.5 points)."""
MIN_AXES_HEIGHT = 1.6
"""Inches the axes keep at least, however many names the legend below them holds."""


@functools.lru_cache(maxsize=4096)
def _text_size(text: str, size: float) -> tuple[float, float]:
    """The width and height in inches of ``text`` (lines apart by 1.2 of the font's line)
    set in the charts' font at ``size`` points: the figures matplotlib lays text out by,
    measured once for every chart of the process."""
    from matplotlib.font_manager import FontProperties

    renderer = _measurer()
    font = FontProperties(family=STYLE["font.sans-serif"], size=size)
    lines = text.split("\n")
    width = max(
        renderer.get_text_width_height_descent(line, font, ismath=False)[0] for line in lines
    )
    _, line, _ = renderer.get_text_width_height_descent("lp", font, ismath=False)
    return width / 72, line * (1 + 1.2 * (len(lines) - 1)) / 72


@functools.cache
def _measurer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)  # at 72 dpi a pixel is a point


def _fit(figure: Figure) -> None:
    """Margins that just hold the axes' tick labels, the values written beyond the bars and
    the legend below, worked out from the sizes of their texts: what constrained layout
    finds, without its drawing every chart twice to measure it (a third of a chart's time)."""
    import math

    axes = figure.axes[0]
    width, height = (float(v) for v in figure.get_size_inches())
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    left = right = top = bottom = PAD
    legend_height = 0.0
    for legend in figure.legends:  # its box as laid out (no drawing), half a line from the edge
        box = legend.get_window_extent(figure.canvas.get_renderer())  # type: ignore[attr-defined]
        size = float(legend.get_texts()[0].get_fontsize()) if legend.get_texts() else 10.0
        legend_height = box.height / figure.dpi + 0.5 * size / 72
    # each tick label: where along its axis (0 to 1), how far it reaches before and after its
    # tick along the axis, and its extent across
    x_labels = []
    for tick, label in zip(axes.get_xticks(), axes.get_xticklabels(), strict=False):
        w, h = _text_size(label.get_text(), float(label.get_fontsize()))
        angle = math.radians(label.get_rotation())
        bw, bh = (
            w * math.cos(angle) + h * math.sin(angle),
            w * math.sin(angle) + h * math.cos(angle),
        )
        fraction = (tick - x0) / (x1 - x0)
        before = bw if label.get_horizontalalignment() == "right" else bw / 2
        x_labels.append((fraction, before, bw - before, bh))
    y_labels = []
    for tick, label in zip(axes.get_yticks(), axes.get_yticklabels(), strict=False):
        w, h = _text_size(label.get_text(), float(label.get_fontsize()))
        y_labels.append(((tick - y0) / (y1 - y0), w, h))
    left += max((w for _, w, _ in y_labels), default=0.0) + TICK_GAP
    bottom += max((h for *_, h in x_labels), default=0.0) + TICK_GAP + legend_height
    if height - top - bottom < MIN_AXES_HEIGHT:  # a legend of many names: the chart grows
        height = top + bottom + MIN_AXES_HEIGHT
        figure.set_size_inches(width, height)
    for _ in range(2):  # labels that hang past the ends of the axes widen the margins
        across, up = width - left - right, height - top - bottom
        for fraction, before, after, _ in x_labels:
            left = max(left, PAD + before - fraction * across)
            right = max(right, PAD + after - (1 - fraction) * across)
        for fraction, _, h in y_labels:
            bottom = max(bottom, PAD + h / 2 - fraction * up)
            top = max(top, PAD + h / 2 - (1 - fraction) * up)
        for text in axes.texts:  # values beyond the bars, 'c' at a bar's end
            w, h = _text_size(text.get_text(), float(text.get_fontsize()))
            x, y = getattr(text, "xy", text.get_position())
            dx, dy = (v / 72 for v in getattr(text, "xyann", (0.0, 0.0)))
            at_x = (x - x0) / (x1 - x0) * across + dx
            at_y = (y - y0) / (y1 - y0) * up + dy
            ha, va = text.get_horizontalalignment(), text.get_verticalalignment()
            start = at_x - {"left": 0.0, "right": w}.get(ha, w / 2)
            base = at_y - {"bottom": 0.0, "baseline": 0.0, "top": h}.get(va, h / 2)
            right = max(right, PAD + start + w - across)
            left = max(left, PAD - start)
            top = max(top, PAD + base + h - up)
    figure.subplots_adjust(
        left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height
    )


_ID = re.compile(r'\sid="([^"]*)"')
_REFERENCE = re.compile(r'(?:url\(#|href="#)([^)"]*)')


def _svg(plot: Plot) -> str:
    """matplotlib's SVG made fit for a page: no XML declaration, doctype or metadata, no fixed
    size (the viewBox scales it), ids that nothing refers to dropped (matplotlib gives every
    chart the same ``figure_1``...), and role="img" with the title and text alternative."""
    text = _figure(plot, "svg").decode()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    referenced = set(_REFERENCE.findall(text))
    text = _ID.sub(lambda m: m.group(0) if m.group(1) in referenced else "", text)
    text = re.sub(r"\n\s+", "\n", text)
    text = _without_css(text)
    opening = text[: text.index(">") + 1]
    view_box = re.search(r'viewBox="[^"]*"', opening)
    assert view_box is not None
    ident = plot.element_id
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'{view_box.group(0)} role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'class="app-chart" focusable="false" {_SHEET}>'
        f'<title id="{ident}-title">{escape(plot.title)}</title>'
        f'<desc id="{ident}-desc">{escape(plot.description)}</desc>'
    )
    return root + text[len(opening) :].strip()


_STYLE_SHEET = re.compile(r"<defs>\s*<style[^>]*>\*\{([^}]*)\}</style>\s*</defs>\s*")
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_SHEET = 'stroke-linejoin="round" stroke-linecap="butt"'
"""matplotlib's one style sheet rule (``*{stroke-linejoin: round; stroke-linecap: butt}``), as
attributes of the root, from which every element inherits them."""


def _attributes(declarations: str) -> str:
    pairs = (d.split(":", 1) for d in declarations.split(";") if ":" in d)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def _without_css(text: str) -> str:
    """The SVG with matplotlib's CSS turned into presentation attributes: the pages' Content
    Security Policy (``style-src 'self'``) blocks inline styles, which would leave every shape
    filled black; every property matplotlib writes (fill, stroke, font-size, text-anchor, ...)
    is also an SVG presentation attribute, which the policy allows."""
    text = _STYLE_SHEET.sub("", text, count=1)
    return _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), text)


def _png(plot: Plot) -> bytes:
    return _figure(plot, "png")


def warm() -> None:
    """Import matplotlib and draw one small chart, so that a server's first request with a
    chart does not pay for matplotlib's import and its font cache (built once per machine,
    the first time matplotlib is imported there)."""
    line_plot(title="warm", description="warm", series=[Series("warm", {0: 1.0, 1: 2.0})]).svg()


def _style_axes(axes: Axes, *, value_axis: Literal["x", "y"] = "y") -> None:
    axes.set_axisbelow(True)
    axes.grid(True, axis=value_axis)
    axes.tick_params(length=0 if value_axis == "y" else 3, axis=value_axis)


def _quarters(axes: Axes, top: float, unit: str, *, axis: str = "y") -> None:
    """An axis from 0 to ``top`` with a tick at each quarter, labelled with its unit."""
    ticks = [top * step / 4 for step in range(5)]
    labels = [f"{value:g}{unit}" for value in ticks]
    if axis == "y":
        axes.set_ylim(0, top)
        axes.set_yticks(ticks, labels)
    else:
        axes.set_xlim(0, top)
        axes.set_xticks(ticks, labels)


def _legend(figure: Figure, count: int) -> None:
    if count > 1:
        names = figure.axes[0].get_legend_handles_labels()[1]
        figure.legend(loc="lower center", ncols=_legend_columns(names), handlelength=3)


def _legend_columns(names: Sequence[str]) -> int:
    """Up to ``LEGEND_COLUMNS`` columns, as many as fit the width of the chart (each as wide
    as the longest name, with its key three letters wide, and two letters between columns)."""
    size = float(STYLE["legend.fontsize"])
    entry = max(_text_size(name, size)[0] for name in names) + (3 + 0.8 + 2) * size / 72
    fit = int((WIDTH - 2 * PAD) // entry)
    return max(1, min(len(names), LEGEND_COLUMNS, fit))


def nice_ceiling(value: float) -> float:
    """A number at or above ``value`` for the top of the axis whose quarters are round."""
    for top in (1, 2, 4, 8, 10, 12, 16, 20, 24, 40, 60, 80, 100, 120, 160, 200, 400, 800, 1000):
        if value <= top:
            return float(top)
    magnitude = 10 ** len(str(int(value)))
    for multiple in (0.2, 0.4, 0.8, 1.0):
        if value <= magnitude * multiple:
            return float(magnitude * multiple)
    return float(magnitude)


# -- Lines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinePlot(Plot):
    series: Sequence[Series] = ()
    unit: str = ""
    x_labels: Mapping[int, str] | None = None

    @property
    def xs(self) -> list[int]:
        return sorted({x for s in self.series for x in s.points})

    @property
    def values(self) -> list[float]:
        return [v for s in self.series for v in s.points.values() if v is not None]

    @property
    def empty(self) -> bool:
        return not self.xs or not self.values

    def draw(self, figure: Figure) -> None:
        xs = self.xs
        axes = figure.add_subplot()
        _style_axes(axes)
        for index, s in enumerate(self.series):
            ys = [float("nan") if (y := s.points.get(x)) is None else y for x in xs]
            axes.plot(
                range(len(xs)),
                ys,
                label=s.name,
                color=COLOURS[index % len(COLOURS)],
                linestyle=DASHES[index % len(DASHES)],
                marker=MARKERS[index % len(MARKERS)],
                linewidth=2.5,
                markersize=6,
                clip_on=False,
            )
        _quarters(axes, nice_ceiling(max(self.values)), self.unit)
        axes.set_xticks(range(len(xs)), [(self.x_labels or {}).get(x, str(x)) for x in xs])
        axes.set_xlim(-0.3, len(xs) - 0.7)
        _legend(figure, len(self.series))


def line_plot(
    *,
    title: str,
    description: str,
    series: Sequence[Series],
    unit: str = "",
    x_labels: Mapping[int, str] | None = None,
) -> LinePlot:
    """A line chart of ``series`` over the union of their points, evenly spaced (gaps where a
    value is missing), with a y axis from 0 in quarters and a legend below. ``x_labels`` names
    the points of the x axis when they are not years (quarters numbered 0, 1, 2…)."""
    return LinePlot(title, description, tuple(series), unit, x_labels)


def line_chart(
    *,
    title: str,
    description: str,
    series: list[Series],
    unit: str = "",
    x_labels: Mapping[int, str] | None = None,
) -> str:
    """``line_plot`` as SVG for a page ('' when no series has a value)."""
    return line_plot(
        title=title, description=description, series=series, unit=unit, x_labels=x_labels
    ).svg()


# -- Steps (survival curves) ---------------------------------------------------------------


@dataclass(frozen=True)
class StepPlot(Plot):
    series: Sequence[StepSeries] = ()
    x_unit: str = ""
    y_unit: str = ""
    y_top: float | None = None

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)

    def draw(self, figure: Figure) -> None:
        xs = [x for s in self.series for x, _ in s.points]
        ys = [y for s in self.series for _, y in s.points]
        axes = figure.add_subplot()
        _style_axes(axes)
        for index, s in enumerate(self.series):
            colour = COLOURS[index % len(COLOURS)]
            if s.band:
                band_x = [x for x, _, _ in s.band] + [s.band_to]
                lower = [low for _, low, _ in s.band] + [s.band[-1][1]]
                upper = [up for _, _, up in s.band] + [s.band[-1][2]]
                axes.fill_between(
                    band_x, lower, upper, step="post", color=colour, alpha=0.15, linewidth=0
                )
            axes.step(
                [x for x, _ in s.points],
                [y for _, y in s.points],
                where="post",
                label=s.name,
                color=colour,
                linestyle=DASHES[index % len(DASHES)],
                linewidth=2.5,
                clip_on=False,
            )
        _quarters(
            axes, self.y_top if self.y_top is not None else nice_ceiling(max(ys)), self.y_unit
        )
        _quarters(axes, nice_ceiling(max(xs)) if max(xs) > 0 else 1.0, self.x_unit, axis="x")
        _legend(figure, len(self.series))


def step_plot(
    *,
    title: str,
    description: str,
    series: Sequence[StepSeries],
    x_unit: str = "",
    y_unit: str = "",
    y_top: float | None = None,
) -> StepPlot:
    """A chart of step curves (a survival curve: each value holds until the next point, then
    drops straight down), each with its confidence band shaded, x and y from 0, with a legend
    below. ``y_top`` fixes the top of the y axis (100 for percentages), else it is rounded up
    from the largest value."""
    return StepPlot(title, description, tuple(series), x_unit, y_unit, y_top)


def step_chart(
    *,
    title: str,
    description: str,
    series: list[StepSeries],
    x_unit: str = "",
    y_unit: str = "",
    y_top: float | None = None,
) -> str:
    """``step_plot`` as SVG for a page ('' when there are no points)."""
    return step_plot(
        title=title,
        description=description,
        series=series,
        x_unit=x_unit,
        y_unit=y_unit,
        y_top=y_top,
    ).svg()


# -- Bars ----------------------------------------------------------------------------------


def _readable_on(colour: str) -> str:
    """White or black text, whichever reads better on ``colour``."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return TEXT if luminance > 0.45 else "#ffffff"


@dataclass(frozen=True)
class BarPlot(Plot):
    categories: Sequence[str] = ()
    series: Sequence[Bars] = ()
    unit: str = ""
    horizontal: bool = False
    stacked: bool = False

    @property
    def empty(self) -> bool:
        return not self.categories or not any(
            v for s in self.series for v in s.values if v is not None
        )

    def height(self) -> float:
        if not self.horizontal:
            return HEIGHT
        bars = 1 if self.stacked else max(len(self.series), 1)
        # categories are evenly spaced: each as tall as its bars or the longest name (wrapped
        # at 32 characters, 11 points on 1.2 lines), if taller, so that names never overlap
        lines = max(len(textwrap.wrap(c, 32)) for c in self.categories) if self.categories else 1
        body = len(self.categories) * max(0.24 * bars, 0.19 * lines + 0.1)
        legend = 0.5 * -(-len(self.series) // 3) if len(self.series) > 1 else 0
        return max(2.0, 0.8 + body + legend)

    def _top(self) -> float:
        if self.stacked:
            totals = [
                sum(s.values[i] or 0 for s in self.series) for i in range(len(self.categories))
            ]
            return nice_ceiling(max(totals))
        # room at the end of the longest bar for its label
        return nice_ceiling(1.12 * max(v for s in self.series for v in s.values if v is not None))

    def draw(self, figure: Figure) -> None:
        axes = figure.add_subplot()
        value_axis: Literal["x", "y"] = "x" if self.horizontal else "y"
        _style_axes(axes, value_axis=value_axis)
        count = len(self.categories)
        width = 0.8 if self.stacked else 0.8 / max(len(self.series), 1)
        base = [0.0] * count
        top = self._top()
        for index, s in enumerate(self.series):
            colour = COLOURS[index % len(COLOURS)]
            values = [v or 0.0 for v in s.values]
            if self.stacked:
                positions = [float(i) for i in range(count)]
            else:
                offset = (index - (len(self.series) - 1) / 2) * width
                positions = [i + offset for i in range(count)]
            options: dict[str, Any] = {
                "label": s.name,
                "color": colour,
                "hatch": HATCHES[index % len(HATCHES)],
                "edgecolor": "white",
                "hatchcolor": _readable_on(colour),
                "linewidth": 0.8,
            }
            if self.horizontal:
                bars = axes.barh(positions, values, height=width, left=base, **options)
            else:
                bars = axes.bar(positions, values, width=width, bottom=base, **options)
            labels = [s.label(i, self.unit) for i in range(count)]
            if self.stacked:
                # inside each segment wide enough to hold its label
                inside = [
                    label if (s.values[i] or 0) >= top * 0.06 else ""
                    for i, label in enumerate(labels)
                ]
                axes.bar_label(
                    bars,
                    inside,
                    label_type="center",
                    color=_readable_on(colour),
                    fontsize=9,
                    bbox={"facecolor": colour, "edgecolor": "none", "pad": 1.5},
                )
                base = [b + v for b, v in zip(base, values, strict=True)]
            else:
                axes.bar_label(bars, labels, padding=2, fontsize=9)
        if self.stacked:
            # a bar with a segment not shown (suppressed) says so at its end
            for i in range(count):
                if any(s.values[i] is None for s in self.series):
                    xy = (base[i], i) if self.horizontal else (i, base[i])
                    shift = (4, 0) if self.horizontal else (0, 4)
                    axes.annotate(
                        "c",
                        xy,
                        xytext=shift,
                        textcoords="offset points",
                        fontsize=9,
                        va="center" if self.horizontal else "bottom",
                        ha="left" if self.horizontal else "center",
                    )
        _quarters(axes, top, self.unit, axis=value_axis)
        names = [textwrap.fill(c, 32) for c in self.categories]
        if self.horizontal:
            axes.set_yticks(range(count), names)
            axes.invert_yaxis()  # first category at the top, as in the table
        else:
            axes.set_xticks(range(count), names)
            if max((len(c) for c in self.categories), default=0) * count > 70:
                axes.tick_params(axis="x", labelrotation=30)
                for label in axes.get_xticklabels():
                    label.set_horizontalalignment("right")
        _legend(figure, len(self.series))


def bar_plot(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Bars],
    unit: str = "",
    horizontal: bool = False,
) -> BarPlot:
    """A bar chart: a bar for each category (side by side for several ``series``, each hatched
    its own way, with a legend below), each bar labelled with its value; the value axis from 0.
    ``horizontal`` bars suit long category names (reasons, measures)."""
    return BarPlot(title, description, tuple(categories), tuple(series), unit, horizontal)


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Bars],
    unit: str = "",
    horizontal: bool = False,
) -> str:
    """``bar_plot`` as SVG for a page ('' when there is no value)."""
    return bar_plot(
        title=title,
        description=description,
        categories=categories,
        series=series,
        unit=unit,
        horizontal=horizontal,
    ).svg()


def stacked_bar_plot(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Bars],
    unit: str = "",
    horizontal: bool = True,
) -> BarPlot:
    """A stacked bar chart: a bar for each category made of the ``series``' segments in order,
    each hatched its own way and labelled with its value where it is wide enough, a legend
    below. A segment with no value (suppressed) is left out of its bar."""
    return BarPlot(
        title, description, tuple(categories), tuple(series), unit, horizontal, stacked=True
    )


def stacked_bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Bars],
    unit: str = "",
    horizontal: bool = True,
) -> str:
    """``stacked_bar_plot`` as SVG for a page ('' when there is no value)."""
    return stacked_bar_plot(
        title=title,
        description=description,
        categories=categories,
        series=series,
        unit=unit,
        horizontal=horizontal,
    ).svg()
