"""The region's movement page summed by polars (``pair_routes``, ``thousands``, the cool-off
pairs) and its tables written with each distinct cell escaped once (``hub_table``): a tiny
pool of two authorities whose figures are worked out by hand below."""

from __future__ import annotations

import datetime as dt

import polars as pl

from csc_workforce.core.hub.pool import FLOWS_SCHEMA
from csc_workforce.web.hub import selectors
from csc_workforce.web.hub.selectors import Authority, Manifest, Pooled, Table, pair_routes
from csc_workforce.web.hub.templatetags.hub_tables import hub_table

from .pages import tables

ROUTES = [(f, t) for f, t, _ in selectors.ROUTES]
FLOWS = [
    # from, to, from year, to year, from basis, to basis, workers
    ("800", "801", 2023, 2024, "permanent", "permanent", 3),
    ("800", "801", 2023, 2024, "permanent", "agency", 2),
    ("800", "801", 2022, 2023, "agency", "agency", 1),
    ("801", "800", 2023, 2024, "permanent", "permanent", 4),
    ("801", "800", 2023, 2024, "unknown", "permanent", 7),  # a basis of no route: total only
    ("800", "800", 2023, 2024, "permanent", "agency", 5),
    ("801", "801", 2023, 2024, "agency", "permanent", 0),  # no worker: not a row by route
]
COOLOFF = [
    # left, agency, agency began (census year: to 30 September)
    ("800", "801", dt.date(2024, 9, 30)),  # 2024
    ("800", "801", dt.date(2024, 10, 1)),  # 2025
    ("801", "800", dt.date(2023, 12, 1)),  # 2024
    ("800", "801", dt.date(2025, 1, 2)),  # 2025
]


def _pooled() -> Pooled:
    manifest = Manifest(
        created=dt.datetime(2025, 9, 15, tzinfo=dt.UTC),
        mode="clean",
        years=(2023, 2024, 2025),
        authorities=(
            Authority("801", "Brookvale", (2023, 2024, 2025)),
            Authority("800", "Amberton", (2023, 2024, 2025)),
        ),
        files=(),
    )
    empty = pl.DataFrame()
    cooloff = pl.DataFrame(
        [(f"k{i}", a, day - dt.timedelta(days=10), b, day, 10) for i, (a, b, day) in
         enumerate(COOLOFF)],
        schema={"worker_key": pl.String, "left_la": pl.String, "left_date": pl.Date,
                "agency_la": pl.String, "agency_start": pl.Date, "days": pl.Int32},
        orient="row",
    )  # fmt: skip
    return Pooled(
        manifest=manifest,
        measures=empty,
        flows=pl.DataFrame(FLOWS, schema=FLOWS_SCHEMA, orient="row"),
        cooloff=cooloff,
        profile=empty,
    )


def test_pair_routes_sums_each_pair_by_route_and_in_total() -> None:
    found = pair_routes(pl.DataFrame(FLOWS, schema=FLOWS_SCHEMA, orient="row"), routes=ROUTES)
    by_pair = {(r[0], r[1]): r[2:] for r in found.sort("from_la", "to_la").iter_rows()}
    # Routes: permanent-permanent, permanent-agency, agency-permanent, agency-agency; total.
    assert by_pair == {
        ("800", "800"): (0, 5, 0, 0, 5),
        ("800", "801"): (3, 2, 0, 1, 6),  # 3 + 2 + 1
        ("801", "800"): (4, 0, 0, 0, 11),  # 4 + 7 of no route
        ("801", "801"): (0, 0, 0, 0, 0),
    }


def test_thousands_writes_commas_between_thousands() -> None:
    numbers = pl.DataFrame({"n": [0, 7, 999, 1000, 100000, 1234567, -1234, -5]})
    assert numbers.select(selectors.thousands("n"))["n"].to_list() == [
        "0", "7", "999", "1,000", "100,000", "1,234,567", "-1,234", "-5",
    ]  # fmt: skip


def test_region_movement_of_a_tiny_pool() -> None:
    page = selectors.region_movement(_pooled(), year=None)
    matrix, routes, cooloff = (t for t in page.tables if t.title != "Returns")
    # The matrix and the routes in the manifest's order (Brookvale, 801, first); the cool-off
    # pairs by name.
    assert matrix.header == ("Left", "Brookvale", "Amberton", "All authorities")
    assert matrix.rows == (
        ("Brookvale", "0", "11", "11"),  # 4 + 7 to Amberton
        ("Amberton", "6", "5", "11"),  # 3 + 2 + 1 to Brookvale; 5 within
        ("All authorities", "6", "16", "22"),
    )
    assert routes.rows == (
        ("Brookvale", "Amberton", "4", "0", "0", "0", "11"),
        ("Amberton", "Brookvale", "3", "2", "0", "1", "6"),
        ("Amberton", "Amberton", "0", "5", "0", "0", "5"),
    )
    assert cooloff.header == (
        "Left a permanent post in", "Agency in", "2023", "2024", "2025", "All years",
    )  # fmt: skip
    assert cooloff.rows == (
        ("Amberton", "Brookvale", "0", "1", "2", "3"),
        ("Brookvale", "Amberton", "0", "1", "0", "1"),
    )


def test_region_movement_into_one_year() -> None:
    page = selectors.region_movement(_pooled(), year="2023")
    matrix, routes, _ = (t for t in page.tables if t.title != "Returns")
    # Into 2023: only Amberton to Brookvale, agency to agency, 1.
    assert matrix.rows[1] == ("Amberton", "1", "0", "1")
    assert routes.rows == (("Amberton", "Brookvale", "0", "0", "0", "1", "1"),)


def test_a_table_written_at_once_reads_as_written_cell_by_cell() -> None:
    table = Table(
        "Odd names",
        "Names <to> escape & figures",
        ("Left", "Next in", "Moves"),
        (("A & B", '"C"', "1,000"), ("<D>", "E's", "c"), ("F", "G", "0")),
        labels=2,
    )
    written = str(hub_table(table))
    assert tables(written)["Names <to> escape & figures"] == [
        ["Left", "Next in", "Moves"],
        ["A & B", '"C"', "1,000"],
        ["<D>", "E's", "c"],
        ["F", "G", "0"],
    ]
    assert "<D>" not in written
    assert "A &amp; B" in written
    assert written.count('<th scope="row"') == 6
    assert written.count("<td ") == 3
    # A control character is written as it is; a row of labels only is written cell by cell.
    odd = Table("Odd", "Odd", ("Left", "Moves"), (("A\x01", "1"), ("B",)), labels=1)
    assert tables(str(hub_table(odd)))["Odd"] == [["Left", "Moves"], ["A\x01", "1"], ["B"]]
