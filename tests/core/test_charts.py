from xml.etree import ElementTree

from csc_workforce.core.charts import Series, StepSeries, line_chart, step_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_a_chart_is_titled_described_and_draws_each_series() -> None:
    svg = line_chart(
        title="Turnover rate",
        description="Northfield 15.7% in 2021 to 13.4% in 2025",
        series=[
            Series("Northfield", {2021: 15.7, 2022: 18.7, 2023: None, 2024: 14.5, 2025: 13.4}),
            Series("England", {2021: 15.4, 2022: 17.1, 2023: 17.1, 2024: 15.9, 2025: 14.2}),
        ],
        unit="%",
    )
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Turnover rate"
    assert root.find(f"{SVG}desc").text.startswith("Northfield 15.7%")
    paths = root.findall(f"{SVG}path")
    # Northfield's missing 2023 splits its line in two; England's is one line.
    assert len(paths) == 3
    # Axis from 0 to 20 (the next top above 18.7 with round quarters), in five gridlines.
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert labels[:5] == ["0%", "5%", "10%", "15%", "20%"]
    assert "Northfield" in labels
    assert "England" in labels


def test_no_values_no_chart() -> None:
    assert line_chart(title="t", description="d", series=[Series("x", {2021: None})]) == ""


def test_a_step_chart_holds_each_value_until_the_next_point() -> None:
    svg = step_chart(
        title="Still in post",
        description="Half had left by two years.",
        series=[StepSeries("Everyone", [(0, 100), (1, 80), (2, 50)])],
        x_unit=" yr",
        y_unit="%",
        y_top=100,
    )
    assert "<title" in svg
    assert "Half had left by two years." in svg
    # x runs 0..2 over 56..624 (568 wide, 284 a year); y 100..0 over 16..236 (2.2 a point):
    # start at (56, 16), along to x=340 then down to 80% (16 + 20 * 2.2 = 60), along to 624,
    # down to 50% (16 + 50 * 2.2 = 126).
    assert 'd="M56.0,16.0H340.0V60.0H624.0V126.0"' in svg
    assert ">Everyone</text>" in svg


def test_no_points_no_step_chart() -> None:
    assert step_chart(title="t", description="d", series=[]) == ""


def test_a_step_chart_shades_a_band() -> None:
    svg = step_chart(
        title="Still in post",
        description="With its interval.",
        series=[
            StepSeries(
                "Everyone",
                [(0, 100), (1, 75), (2, 55), (3, 55)],
                band=((1, 60, 90), (2, 40, 70)),
                band_to=3,
            )
        ],
        y_top=100,
    )
    # x 0..4 (3 rounded up) over 56..624: 142 a year, so 1, 2, 3 at 198, 340, 482;
    # y(v) = 16 + 2.2 * (100 - v): 90 -> 38, 70 -> 82, 40 -> 148, 60 -> 104.
    # Along the upper bounds (90 from 1, 70 from 2) to 3, back along the lower (40, then 60).
    assert 'd="M198.0,38.0H340.0V82.0H482.0V148.0H340.0V104.0H198.0Z"' in svg
    assert 'fill-opacity="0.15"' in svg
