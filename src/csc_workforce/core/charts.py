"""Line charts as SVG, drawn on the server so pages need no JavaScript.

Each chart carries a title and a text description for screen readers; pages put the table of
the same figures beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

# GOV.UK colours that stay apart for common colour-vision deficiencies, with a dash pattern
# each so that no series is told apart by colour alone.
STYLES = (
    ("#1d70b8", ""),
    ("#0b0c0c", "6 4"),
    ("#d53880", "2 3"),
    ("#00703c", "10 4 2 4"),
    ("#f47738", "1 5"),
)
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64
LABELLED_RIGHT = 40


@dataclass(frozen=True)
class Series:
    name: str
    points: dict[int, float | None]


def line_chart(
    *,
    title: str,
    description: str,
    series: list[Series],
    unit: str = "",
    x_labels: Mapping[int, str] | None = None,
) -> str:
    """An SVG line chart of ``series`` over the union of their years (gaps where a value is
    missing), with a y axis from 0 and a legend below. ``x_labels`` names the points of the x
    axis when they are not years (quarters numbered 0, 1, 2…)."""
    years = sorted({year for s in series for year in s.points})
    values = [v for s in series for v in s.points.values() if v is not None]
    if not years or not values:
        return ""
    top = _nice_ceiling(max(values))
    right = RIGHT if x_labels is None else LABELLED_RIGHT  # room for half the last label
    plot_w, plot_h = WIDTH - LEFT - right, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        return LEFT + (plot_w * years.index(year) / max(len(years) - 1, 1))

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{_id(title)}-title {_id(title)}-desc" class="app-chart">',
        f'<title id="{_id(title)}-title">{escape(title)}</title>',
        f'<desc id="{_id(title)}-desc">{escape(description)}</desc>',
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12">'
            f"{value:g}{escape(unit)}</text>"
        )
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
            f'font-size="12">{escape((x_labels or {}).get(year, str(year)))}</text>'
        )
    for index, s in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        for run in _runs(s, years):
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{x(year):.1f},{y(value):.1f}"
                for i, (year, value) in enumerate(run)
            )
            parts.append(
                f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="3"{dashes}/>'
            )
            parts += [
                f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}"/>'
                for year, value in run
            ]
        legend_x = LEFT + (index % 3) * 190
        legend_y = HEIGHT - 30 + (index // 3) * 18
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 28}" y1="{legend_y}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="3"{dashes}/>'
            f'<text x="{legend_x + 34}" y="{legend_y + 4}" font-size="12">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _runs(series: Series, years: list[int]) -> list[list[tuple[int, float]]]:
    """Consecutive years that have a value, so a missing year leaves a gap in the line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for year in years:
        value = series.points.get(year)
        if value is None:
            runs.append([])
        else:
            runs[-1].append((year, value))
    return [run for run in runs if run]


def _nice_ceiling(value: float) -> float:
    """A number at or above ``value`` for the top of the axis whose quarters are round."""
    for top in (1, 2, 4, 8, 10, 12, 16, 20, 24, 40, 60, 80, 100, 120, 160, 200, 400, 800, 1000):
        if value <= top:
            return float(top)
    magnitude = 10 ** len(str(int(value)))
    return float(magnitude)


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())


@dataclass(frozen=True)
class StepSeries:
    """A step curve: ``points`` (x, y) in order of x, each y holding until the next x."""

    name: str
    points: list[tuple[float, float]]
    band: tuple[tuple[float, float, float], ...] = ()
    """(x, lower, upper) of a confidence band, each holding until the next x; the last until
    ``band_to``."""
    band_to: float = 0.0


def step_chart(
    *,
    title: str,
    description: str,
    series: list[StepSeries],
    x_unit: str = "",
    y_unit: str = "",
    y_top: float | None = None,
) -> str:
    """An SVG chart of step curves (a survival curve: each value holds until the next point,
    then drops straight down), x and y from 0, with a legend below. ``y_top`` fixes the top
    of the y axis (100 for percentages), else it is rounded up from the largest value."""
    xs = [x for s in series for x, _ in s.points]
    ys = [y for s in series for _, y in s.points]
    if not xs:
        return ""
    top = y_top if y_top is not None else _nice_ceiling(max(ys))
    right_x = _nice_ceiling(max(xs)) if max(xs) > 0 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(value: float) -> float:
        return LEFT + plot_w * value / right_x

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    legend_rows = -(-len(series) // 3)
    height = HEIGHT + 18 * max(legend_rows - 2, 0)  # room for a third row of the legend on
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{_id(title)}-title {_id(title)}-desc" class="app-chart">',
        f'<title id="{_id(title)}-title">{escape(title)}</title>',
        f'<desc id="{_id(title)}-desc">{escape(description)}</desc>',
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12">'
            f"{value:g}{escape(y_unit)}</text>"
        )
    for step in range(5):
        value = right_x * step / 4
        parts.append(
            f'<text x="{x(value):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
            f'font-size="12">{value:g}{escape(x_unit)}</text>'
        )
    for index, s in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        if s.band:
            parts.append(
                f'<path d="{_step_band(s, x, y)}" fill="{colour}" fill-opacity="0.15" '
                'stroke="none"/>'
            )
        path = []
        for i, (px, py) in enumerate(s.points):
            if i == 0:
                path.append(f"M{x(px):.1f},{y(py):.1f}")
            else:
                path.append(f"H{x(px):.1f}V{y(py):.1f}")
        parts.append(
            f'<path d="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="3"{dashes}/>'
        )
        legend_x = LEFT + (index % 3) * 190
        legend_y = HEIGHT - 30 + (index // 3) * 18
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 28}" y1="{legend_y}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="3"{dashes}/>'
            f'<text x="{legend_x + 34}" y="{legend_y + 4}" font-size="12">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _step_band(series: StepSeries, x: Callable[[float], float], y: Callable[[float], float]) -> str:
    """The outline of a step band: along its upper bounds to ``band_to``, back along its lower
    bounds."""
    band = series.band
    path = [f"M{x(band[0][0]):.1f},{y(band[0][2]):.1f}"]
    path += [f"H{x(bx):.1f}V{y(upper):.1f}" for bx, _, upper in band[1:]]
    path.append(f"H{x(series.band_to):.1f}V{y(band[-1][1]):.1f}")
    path += [f"H{x(band[i][0]):.1f}V{y(band[i - 1][1]):.1f}" for i in range(len(band) - 1, 0, -1)]
    path.append(f"H{x(band[0][0]):.1f}Z")
    return "".join(path)
