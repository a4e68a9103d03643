"""An authority beside England, its region and its statistical neighbours. Every expected figure
was looked up by hand in DfE's csww_indicators_2017_to_2025.csv (the shipped copy), and every
neighbours' average added up by hand from the rows named in the comment."""

from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.core.comparison import (
    HEADLINE_MEASURES,
    REQUIRED_COLUMNS,
    AreaFigure,
    ComparisonRow,
    InvalidRelease,
    comparison_table,
    format_published,
    published_release,
    read_release,
    trend,
)
from csc_workforce.core.reference import CellProblem, Published, statistical_neighbours

BARNET = "302"
KENSINGTON_AND_CHELSEA = "207"


def row(table: list[ComparisonRow], measure: str) -> ComparisonRow:
    return next(line for line in table if line.measure == measure)


def number(text: str) -> Published:
    return Published(Decimal(text))


def test_barnet_turnover_2025_beside_england_london_outer_london_and_neighbours() -> None:
    table = comparison_table(
        release=published_release(),
        old_la_code=BARNET,
        year=2025,
        comparators=statistical_neighbours(BARNET),
    )
    assert [line.measure for line in table] == list(HEADLINE_MEASURES)
    turnover = row(table, "turnover_rate_fte")
    # Barnet's rows: 13.3 in 2025, 6.1 in 2024. National 2025: 11.8. Regional 2025: London
    # (E12000007) 13.8, Outer London (E13000002, Barnet's region code) 15.7.
    assert (turnover.this_year, turnover.last_year) == (number("13.3"), number("6.1"))
    assert turnover.change == Decimal("7.2")
    assert not turnover.this_year_is_own
    assert turnover.england == number("11.8")
    assert turnover.regions == (
        AreaFigure("E12000007", "London", number("13.8")),
        AreaFigure("E13000002", "Outer London", number("15.7")),
    )
    # Barnet's ten neighbours in 2025: Waltham Forest 13.4, Reading 26.8, Harrow 19.5,
    # Redbridge 18.2, Merton 21.9, Croydon 12.9, Lewisham 17, Hillingdon 15.6, Haringey 9.8,
    # Ealing 8.8: 163.9 / 10 = 16.39 -> 16.4.
    assert turnover.neighbours.value == Decimal("16.4")
    assert (turnover.neighbours.with_value, turnover.neighbours.of) == (10, 10)
    assert turnover.neighbours.figures[1] == AreaFigure("870", "Reading", number("26.8"))


def test_a_suppressed_figure_is_its_symbol_and_the_neighbours_mean_skips_it() -> None:
    turnover = row(
        comparison_table(
            release=published_release(),
            old_la_code=KENSINGTON_AND_CHELSEA,
            year=2025,
            comparators=statistical_neighbours(KENSINGTON_AND_CHELSEA),
        ),
        "turnover_rate_fte",
    )
    # Kensington and Chelsea published 'x' for 2025.
    assert turnover.this_year == Published(symbol="x")
    assert format_published(turnover.this_year) == "x"
    assert turnover.this_year.meaning == "not available"
    assert turnover.change is None
    # Inner London (E13000001) 2025: 11.7.
    assert turnover.regions[1] == AreaFigure("E13000001", "Inner London", number("11.7"))
    # Neighbours 2025: Hammersmith and Fulham 8.6, Camden 19.5, Lambeth 9.7, Westminster x,
    # Southwark 12.8, Lewisham 17, Wandsworth 15.1, Islington 6.1, Barnet 13.3, Greenwich 8.5:
    # nine with a value, 110.6 / 9 = 12.29 -> 12.3.
    assert turnover.neighbours.value == Decimal("12.3")
    assert (turnover.neighbours.with_value, turnover.neighbours.of) == (9, 10)
    assert turnover.neighbours.figures[3] == AreaFigure("213", "Westminster", Published(symbol="x"))


def test_low_and_u_are_symbols_never_zero() -> None:
    table = comparison_table(
        release=published_release(), old_la_code="394", year=2025, comparators=[]
    )
    # Sunderland: agency rate 'low' in 2025; turnover 11.8 in 2025, 'u' in 2024.
    agency = row(table, "agency_rate_fte")
    assert agency.this_year == Published(symbol="low")
    assert format_published(agency.this_year) == "low"
    turnover = row(table, "turnover_rate_fte")
    assert (turnover.last_year, turnover.change) == (Published(symbol="u"), None)
    # North East (E12000001) is Sunderland's only region; no comparators, no mean.
    assert [region.name for region in turnover.regions] == ["North East"]
    assert (turnover.neighbours.value, turnover.neighbours.of) == (None, 0)


def test_a_jointly_published_authority_counts_once() -> None:
    turnover = row(
        comparison_table(
            release=published_release(),
            old_la_code=BARNET,
            year=2025,
            comparators=["314", "318", BARNET],
        ),
        "turnover_rate_fte",
    )
    # "314 / 318" Kingston upon Thames / Richmond upon Thames 28, Barnet 13.3: 41.3 / 2 = 20.65,
    # 20.7 rounded half-up.
    assert [figure.code for figure in turnover.neighbours.figures] == ["314 / 318", BARNET]
    assert turnover.neighbours.value == Decimal("20.7")


def test_own_figures_replace_this_years_published_figure() -> None:
    table = comparison_table(
        release=published_release(),
        old_la_code=BARNET,
        year=2025,
        comparators=[],
        own={"turnover_rate_fte": Decimal("14.25"), "caseload_fte": None},
    )
    turnover = row(table, "turnover_rate_fte")
    # 14.25 rounds half-up to 14.3; less 2024's published 6.1 is 8.2.
    assert (turnover.this_year, turnover.this_year_is_own) == (number("14.3"), True)
    assert turnover.change == Decimal("8.2")
    caseload = row(table, "caseload_fte")
    assert caseload.this_year == Published()
    assert format_published(caseload.this_year) == "\N{EN DASH}"
    assert not row(table, "agency_rate_fte").this_year_is_own


def test_unknown_authorities_and_measures_are_refused() -> None:
    with pytest.raises(KeyError):
        comparison_table(release=published_release(), old_la_code="999", year=2025, comparators=[])
    with pytest.raises(ValueError, match="unknown measures"):
        comparison_table(
            release=published_release(),
            old_la_code=BARNET,
            year=2025,
            comparators=[],
            own={"turnover": Decimal(1)},
        )
    with pytest.raises(ValueError, match="unknown measure"):
        trend(release=published_release(), old_la_code=BARNET, comparators=[], measure="x")


def test_trend_over_every_published_year() -> None:
    points = trend(
        release=published_release(),
        old_la_code="420",
        comparators=[BARNET],
        measure="absence_rate_fte",
    )
    assert [point.year for point in points] == list(range(2017, 2026))
    # Isles of Scilly absence: 'c' in 2017 and 2018. In 2018 England 3.2, South West 2.9.
    assert [point.authority for point in points[:2]] == [Published(symbol="c")] * 2
    assert points[1].england == number("3.2")
    assert points[1].regions == (AreaFigure("E12000009", "South West", number("2.9")),)
    # Barnet's absence rate 3 in 2025.
    assert points[-1].neighbours.value == Decimal("3")


def test_format_published() -> None:
    assert format_published(number("13")) == "13.0"
    assert format_published(number("2.25")) == "2.3"
    assert format_published(Published(symbol="z")) == "z"


HEADER = ",".join(REQUIRED_COLUMNS)


def release_line(**cells: str) -> str:
    values = dict.fromkeys(REQUIRED_COLUMNS, "1") | {
        "time_period": "2026",
        "geographic_level": "Local authority",
        "region_code": "E12000001",
        "region_name": "North East",
        "old_la_code": "841",
        "new_la_code": "E06000005",
        "la_name": "Darlington",
    }
    return ",".join((values | cells)[column] for column in REQUIRED_COLUMNS)


def test_a_newer_release_is_read_keeping_symbols() -> None:
    data = f"{HEADER},note\n{release_line(turnover_rate_fte='c')},new\n".encode("utf-8-sig")
    frame = read_release(data)
    assert frame.schema["time_period"] == pl.Int64
    first = frame.row(0, named=True)
    assert (first["time_period"], first["turnover_rate_fte"], first["note"]) == (2026, "c", "new")


def test_the_shipped_release_reads_whole() -> None:
    frame = published_release()
    assert frame.height == 1463
    westminster = frame.filter(pl.col("old_la_code") == "213", pl.col("time_period") == 2025)
    assert westminster.item(0, "inpost_fte") == "x"


def test_release_problems_are_collected_by_row_column_and_value() -> None:
    lines = [
        HEADER,
        release_line(time_period="2025/26", geographic_level="County"),
        release_line(region_code="", inpost_fte="n/a"),
        release_line(),
        release_line(),
        "2026,National",
    ]
    with pytest.raises(InvalidRelease) as raised:
        read_release("\n".join(lines).encode())
    assert [(p.row, p.column, p.value) for p in raised.value.problems] == [
        (2, "time_period", "2025/26"),
        (2, "geographic_level", "County"),
        (3, "region_code", ""),
        (3, "inpost_fte", "n/a"),
        (4, "", ""),
        (5, "", ""),
        (6, "", ""),
    ]
    assert [str(problem) for problem in raised.value.problems[4:]] == [
        "row 4: repeats the area and year of row 3",
        "row 5: repeats the area and year of row 3",
        "row 6: has 2 cells where the header has 17",
    ]


def test_a_release_without_required_columns_is_refused_naming_them() -> None:
    with pytest.raises(InvalidRelease) as raised:
        read_release(b"time_period,geographic_level,la_name\n2026,National,\n")
    missing = [
        c for c in REQUIRED_COLUMNS if c not in ("time_period", "geographic_level", "la_name")
    ]
    assert raised.value.problems == [
        CellProblem(1, column, "", "required column is missing") for column in missing
    ]


def test_an_authority_missing_from_the_release_compares_with_its_own_figures() -> None:
    """A new (or the demo's) authority: its own figures for both years, its region given.
    Published 2025 turnover (CSWW 2025): England 11.8; North East 11.7; the ten comparators
    Sunderland 11.8, Redcar and Cleveland 18.9, Gateshead 16.0, Hartlepool 11.5, County Durham
    7.7, Tameside 18.3, Rotherham 13.6, Rochdale 16.6, Blackpool 11.8, Darlington 15.4: sum
    141.6, mean 14.16, shown 14.2."""
    rows = comparison_table(
        release=published_release(),
        old_la_code="999",
        year=2025,
        comparators=["394", "807", "390", "805", "840", "357", "372", "354", "890", "841"],
        own={"turnover_rate_fte": Decimal("13.349")},
        own_last_year={"turnover_rate_fte": Decimal("14.472")},
        region_code="E12000001",
    )
    turnover = next(row for row in rows if row.measure == "turnover_rate_fte")
    assert turnover.this_year.value == Decimal("13.3")
    assert turnover.last_year.value == Decimal("14.5")
    assert turnover.change == Decimal("-1.2")
    assert turnover.england.value == Decimal("11.8")
    assert [(r.name, r.value.value) for r in turnover.regions] == [("North East", Decimal("11.7"))]
    assert (turnover.neighbours.value, turnover.neighbours.with_value) == (Decimal("14.2"), 10)
    # Measures with no own figure and no published row have no figure at all.
    vacancy = next(row for row in rows if row.measure == "vacancy_rate_fte")
    assert vacancy.this_year == vacancy.last_year == Published()


def test_without_a_region_an_unknown_authority_is_an_error() -> None:
    with pytest.raises(KeyError):
        comparison_table(release=published_release(), old_la_code="999", year=2025, comparators=[])


def test_a_trend_puts_own_years_beside_the_published_ones() -> None:
    points = trend(
        release=published_release(),
        old_la_code="999",
        comparators=["394"],
        measure="turnover_rate_fte",
        own={2024: Decimal("14.47"), 2025: Decimal("13.35"), 2026: Decimal("12.0")},
        region_code="E12000001",
    )
    assert [p.year for p in points] == list(range(2017, 2027))
    by_year = {p.year: p for p in points}
    assert by_year[2023].authority == Published()  # nothing published for 999, no own figure
    assert by_year[2025].authority.value == Decimal("13.4")  # 13.35 rounded half-up
    assert by_year[2026].england == Published()  # not yet published
    assert by_year[2025].neighbours.value == Decimal("11.8")  # Sunderland alone
