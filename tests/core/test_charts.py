from xml.etree import ElementTree

from csc_workforce.core.charts import Series, line_chart

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
