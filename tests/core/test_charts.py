"""Charts drawn with matplotlib: SVG for pages, PNG for Word and PDF (``core.charts``)."""

import itertools
import struct
import subprocess
import sys
import threading
from xml.etree import ElementTree

import matplotlib
import pytest

from csc_workforce.core import charts
from csc_workforce.core.charts import (
    Bars,
    Series,
    StepSeries,
    bar_chart,
    bar_plot,
    line_chart,
    line_plot,
    stacked_bar_chart,
    stacked_bar_plot,
    step_chart,
    step_plot,
)

SVG = "{http://www.w3.org/2000/svg}"

TURNOVER = {
    "title": "Turnover rate",
    "description": "Northfield 15.7% in 2021 to 13.4% in 2025",
    "series": [
        Series("Northfield", {2021: 15.7, 2022: 18.7, 2023: None, 2024: 14.5, 2025: 13.4}),
        Series("England", {2021: 15.4, 2022: 17.1, 2023: 17.1, 2024: 15.9, 2025: 14.2}),
    ],
    "unit": "%",
}


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]


def test_a_chart_is_an_accessible_svg_that_scales() -> None:
    svg = line_chart(**TURNOVER)  # type: ignore[arg-type]
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    # no fixed size: the viewBox scales it to its container
    assert root.get("width") is None
    assert root.get("height") is None
    assert root.get("viewBox")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Turnover rate"
    assert desc is not None
    assert desc.text == "Northfield 15.7% in 2021 to 13.4% in 2025"
    # aria-labelledby names the title and the description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert not list(root.iter(f"{SVG}script"))
    assert "<script" not in svg
    assert "<metadata" not in svg
    assert "<?xml" not in svg
    assert "onload" not in svg.lower()


def test_a_line_chart_has_its_axis_in_quarters_its_years_and_a_legend() -> None:
    labels = texts(line_chart(**TURNOVER))  # type: ignore[arg-type]
    # From 0 to 20 (the next top above 18.7 with round quarters), in five ticks.
    for tick in ("0%", "5%", "10%", "15%", "20%"):
        assert tick in labels
    for year in ("2021", "2022", "2023", "2024", "2025"):
        assert year in labels
    assert "Northfield" in labels
    assert "England" in labels


def test_a_missing_value_leaves_a_gap_in_the_line() -> None:
    plot = line_plot(**TURNOVER)  # type: ignore[arg-type]
    import matplotlib.figure

    with matplotlib.rc_context(charts.STYLE):
        figure = matplotlib.figure.Figure()
        plot.draw(figure)
    northfield = figure.axes[0].lines[0]
    ys = list(northfield.get_ydata())
    assert ys[:2] == [15.7, 18.7]
    assert ys[3:] == [14.5, 13.4]
    assert ys[2] != ys[2]  # NaN: matplotlib breaks the line there


def test_the_same_chart_is_the_same_bytes_in_another_process() -> None:
    svg = line_chart(**TURNOVER)  # type: ignore[arg-type]
    charts._CACHE.clear()
    assert line_chart(**TURNOVER) == svg  # type: ignore[arg-type]
    program = (
        "from csc_workforce.core.charts import Series, line_chart\n"
        "import sys\n"
        "sys.stdout.write(line_chart(title='Turnover rate', "
        "description='Northfield 15.7% in 2021 to 13.4% in 2025', series=["
        "Series('Northfield', {2021: 15.7, 2022: 18.7, 2023: None, 2024: 14.5, 2025: 13.4}),"
        "Series('England', {2021: 15.4, 2022: 17.1, 2023: 17.1, 2024: 15.9, 2025: 14.2})],"
        " unit='%'))\n"
        "assert 'matplotlib.pyplot' not in sys.modules  # Figure objects, never pyplot\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert other.stdout == svg


def test_two_charts_on_a_page_share_no_id() -> None:
    first = line_chart(**TURNOVER)  # type: ignore[arg-type]
    second = line_chart(**(TURNOVER | {"title": "Agency worker rate"}))  # type: ignore[arg-type]
    ids = [
        {e.get("id") for e in ElementTree.fromstring(svg).iter() if e.get("id")}
        for svg in (first, second)
    ]
    assert ids[0]
    assert ids[1]
    assert not ids[0] & ids[1]


def test_a_png_for_word_and_pdf() -> None:
    png = line_plot(**TURNOVER).png()  # type: ignore[arg-type]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    # 6.4 by 3.2 inches at 150 dots an inch
    assert (width, height) == (960, 480)
    assert line_plot(**TURNOVER).png() == png  # type: ignore[arg-type]


def test_no_values_no_chart() -> None:
    assert line_chart(title="t", description="d", series=[Series("x", {2021: None})]) == ""
    assert step_chart(title="t", description="d", series=[]) == ""
    assert bar_chart(title="t", description="d", categories=["a"], series=[Bars("x", [None])]) == ""
    assert line_plot(title="t", description="d", series=[]).png() == b""


def test_a_step_chart_holds_each_value_until_the_next_point_and_shades_its_band() -> None:
    plot = step_plot(
        title="Still in post",
        description="Half had left by two years.",
        series=[
            StepSeries(
                "Everyone",
                [(0, 100), (1, 75), (2, 55), (3, 55)],
                band=((1, 60, 90), (2, 40, 70)),
                band_to=3,
            ),
            StepSeries("ASYE", [(0, 100), (1, 85), (2.5, 60)]),
        ],
        x_unit=" yrs",
        y_unit="%",
        y_top=100,
    )
    labels = texts(plot.svg())
    # x from 0 to 4 (3 rounded up to round quarters), y from 0 to 100 as asked
    for tick in ("0 yrs", "1 yrs", "2 yrs", "3 yrs", "4 yrs", "0%", "25%", "50%", "75%", "100%"):
        assert tick in labels
    assert "Everyone" in labels
    assert "ASYE" in labels
    import matplotlib.figure

    with matplotlib.rc_context(charts.STYLE):
        figure = matplotlib.figure.Figure()
        plot.draw(figure)
    axes = figure.axes[0]
    everyone = axes.lines[0]
    assert everyone.get_drawstyle() == "steps-post"
    assert list(everyone.get_xdata()) == [0, 1, 2, 3]
    assert list(everyone.get_ydata()) == [100, 75, 55, 55]
    # the band: 60 to 90 from 1, 40 to 70 from 2, to 3
    (band,) = axes.collections
    vertices = band.get_paths()[0].vertices
    assert {tuple(v) for v in vertices} >= {(1, 90), (2, 70), (3, 70), (3, 40), (2, 40), (1, 60)}


def test_bars_carry_their_values_as_the_table_shows_them() -> None:
    svg = bar_chart(
        title="Leavers by length of service",
        description="Under 1 year 12, 1 to 2 years c, 2 to 5 years 20, 5 years or more 8.",
        categories=["Under 1 year", "1 to 2 years", "2 to 5 years", "5 years or more"],
        series=[Bars("Leavers", [12, None, 20, 8], ["12", "c", "20", "8"])],
    )
    labels = texts(svg)
    for label in ("Under 1 year", "1 to 2 years", "2 to 5 years", "5 years or more"):
        assert label in labels
    # each bar's value written on it, the suppressed one as c (no bar drawn)
    for value in ("12", "c", "20", "8"):
        assert value in labels
    # axis 0 to 24: 20 and room for its label (x 1.12 = 22.4), rounded up to round quarters
    for tick in ("0", "6", "12", "18", "24"):
        assert tick in labels


def test_grouped_and_stacked_bars_are_hatched_and_named_in_a_legend() -> None:
    grouped = bar_plot(
        title="Rates",
        description="d",
        categories=["Turnover rate", "Vacancy rate"],
        series=[Bars("Northfield", [13.4, 20.1]), Bars("England", [14.2, 18.0])],
        unit="%",
        horizontal=True,
    )
    import matplotlib.figure

    with matplotlib.rc_context(charts.STYLE):
        figure = matplotlib.figure.Figure()
        grouped.draw(figure)
    hatches = {patch.get_hatch() for patch in figure.axes[0].patches}
    assert len(hatches) == 2  # each series its own hatching, not only its colour
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["Northfield", "England"]
    stacked = stacked_bar_chart(
        title="Actions by status",
        description="d",
        categories=["Audit", "Practice week"],
        series=[Bars("Done", [10, 4]), Bars("In progress", [5, 6])],
    )
    labels = texts(stacked)
    for label in ("Audit", "Practice week", "Done", "In progress", "10", "5", "4", "6"):
        assert label in labels
    # stacked to 15 and 10: the axis to 16 in quarters of 4
    for tick in ("0", "4", "8", "12", "16"):
        assert tick in labels


def test_drawing_leaves_matplotlib_as_it_found_it() -> None:
    before = dict(matplotlib.rcParams)
    charts._CACHE.clear()
    line_chart(**TURNOVER)  # type: ignore[arg-type]
    assert dict(matplotlib.rcParams) == before


def test_threads_draw_the_same_charts_as_one_thread() -> None:
    plots = [
        line_plot(**(TURNOVER | {"title": f"Rate {n}"}))  # type: ignore[arg-type]
        for n in range(6)
    ]
    charts._CACHE.clear()
    alone = [plot.svg() for plot in plots]
    charts._CACHE.clear()
    found: dict[int, str] = {}

    def draw(index: int) -> None:
        found[index] = plots[index].svg()

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [found[n] for n in range(6)] == alone


@pytest.mark.parametrize(
    ("value", "top"), [(0.5, 1), (18.7, 20), (100, 100), (101, 120), (1500, 2000), (9000, 10000)]
)
def test_the_top_of_an_axis_has_round_quarters(value: float, top: float) -> None:
    assert charts.nice_ceiling(value) == top


def test_a_stacked_bar_with_a_segment_not_shown_says_c_at_its_end() -> None:
    svg = stacked_bar_chart(
        title="Agency rules",
        description="d",
        categories=["Four weeks' notice", "Within the regional price cap"],
        series=[Bars("Met", [30, None], ["30", "c"]), Bars("Not met", [5, None], ["5", "c"])],
    )
    labels = texts(svg)
    assert labels.count("c") == 1  # the price cap's bar, both its segments hidden
    assert "30" in labels


def test_no_chart_needs_inline_css_which_the_pages_content_security_policy_blocks() -> None:
    """The pages send ``style-src 'self'``: a browser ignores style attributes and style
    elements in them, which would leave every shape filled black. Every property is written as
    a presentation attribute instead (fill, stroke, font-size, ...)."""
    charts._CACHE.clear()
    drawn = [
        line_chart(**TURNOVER),  # type: ignore[arg-type]
        step_plot(
            title="Still in post",
            description="d",
            series=[StepSeries("Everyone", [(0, 100), (1, 75)], band=((1, 60, 90),), band_to=2)],
        ).svg(),
        bar_chart(title="Bars", description="d", categories=["A", "B"], series=[Bars("X", [1, 2])]),
        stacked_bar_chart(
            title="Stacked",
            description="d",
            categories=["A", "B"],
            series=[Bars("Done", [10, 4]), Bars("In progress", [5, 6])],
        ),
    ]
    for svg in drawn:
        root = ElementTree.fromstring(svg)
        assert all("style" not in element.attrib for element in root.iter())
        assert not root.findall(f".//{SVG}style")
        fills = {element.get("fill") for element in root.iter() if element.get("fill")}
        assert "#ffffff" in fills  # the background, white as drawn, not black by default


LONG = [
    "Moved to another local authority in the same region for a promotion",
    "Career break",
    "Agency work offering better pay and more flexible hours elsewhere in England",
]


@pytest.mark.parametrize(
    "plot",
    [
        bar_plot(
            title="Reasons for leaving",
            description="d",
            categories=LONG,
            series=[
                Bars("Scored", [85, 99.5, None], ["85.0 (target 80)", "99.5 (target 80)", "c"]),
                Bars("Leavers", [40, 1000, 3], ["40", "1,000", "3"]),
            ],
            horizontal=True,
        ),
        bar_plot(
            title="Vacancy rate by service",
            description="d",
            categories=["Residential children's homes", *LONG],
            series=[Bars("Vacancy rate", [12.5, 30, 7, 9])],
            unit="%",
        ),
        stacked_bar_plot(
            title="Agency rules",
            description="d",
            categories=LONG,
            series=[Bars("Met", [30, 10, 99]), Bars("Not met", [5, None, 1])],
        ),
        stacked_bar_plot(
            title="Upright",
            description="d",
            categories=["A", "B"],
            series=[Bars("x", [4, 8]), Bars("y", [None, 8])],
            horizontal=False,
        ),
        line_plot(
            title="Six series",
            description="d",
            series=[
                Series(f"A comparator authority of some length {n}", {0: 1.0 + n, 1: 120.0})
                for n in range(6)
            ],
            x_labels={0: "Quarter 1 2024 to 2025", 1: "Quarter 2 2024 to 2025"},
        ),
        step_plot(
            title="Still in post",
            description="d",
            series=[StepSeries("All", [(0, 100), (12, 80), (24, 60)])],
            x_unit=" months",
            y_unit="%",
            y_top=100,
        ),
        step_plot(  # a curve for each of forty teams: the legend is taller than the chart
            title="Still in post by team",
            description="d",
            series=[
                StepSeries(f"Children in care team {n}", [(0, 100), (12, 80 - n)])
                for n in range(40)
            ],
            x_unit=" months",
            y_unit="%",
            y_top=100,
        ),
    ],
    ids=[
        "bars with long names and values",
        "upright bars",
        "stacked",
        "upright stacked",
        "lines",
        "steps",
        "steps with a legend taller than the chart",
    ],
)
def test_margins_hold_every_label_without_overlap(plot: charts.Plot) -> None:
    """The margins are worked out, not found by constrained layout: every text is inside the
    figure, no two axis labels overlap, the legend is clear of them and the axes have a fair
    share of the width."""
    from matplotlib.text import Text

    with charts._drawing(plot) as figure:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        whole = figure.bbox
        shown = [
            t
            for t in figure.findobj(Text)
            if t.get_visible() and t.get_text() and t.get_figure() is not None
        ]
        assert shown
        for text in shown:
            box = text.get_window_extent(renderer)
            assert whole.x0 <= box.x0 <= box.x1 <= whole.x1, text.get_text()
            assert whole.y0 <= box.y0 <= box.y1 <= whole.y1, text.get_text()
        axes = figure.axes[0]
        tick_labels = [
            label.get_window_extent(renderer)
            for label in axes.get_xticklabels() + axes.get_yticklabels()
            if label.get_text()
        ]
        names = [label.get_window_extent(renderer) for label in axes.get_yticklabels()]
        for first, second in itertools.pairwise(names):
            assert not first.overlaps(second)  # evenly spaced names, the longest sets the gap
        for legend in figure.legends:
            box = legend.get_window_extent(renderer)
            assert not any(box.overlaps(label) for label in tick_labels)
        assert axes.get_position().width > 0.4
        assert axes.get_position().height * figure.get_size_inches()[1] >= 1.5
