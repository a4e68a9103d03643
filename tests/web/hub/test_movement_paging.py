"""The region's movement page at the size of all England as one hub (ADR 0024): its moves by
route 50 rows a page in their order, the matrix shown only up to ``MATRIX_MOST`` authorities,
and the downloads holding every row. A tiny pool whose figures are worked out by hand: 11
authorities, "Authority 01" to "Authority 11" (codes counting down, 900 to 890, so that an
order by code would differ from the page's, by name), and one move of permanent to permanent
from each to each, of as many workers as the pair's place in that order (1 to 121)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import polars as pl
import pytest

from csc_workforce.core.hub.pool import FLOWS_SCHEMA
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.hub import selectors, views
from csc_workforce.web.hub.selectors import MATRIX_MOST, Authority, Manifest, Pooled
from tests.conftest import client_for

from .pages import tables

ROUTES = "Moves between authorities by route, in all years held"
MATRIX = (
    "Workers who left one authority (rows) and next appeared in another (columns), in all "
    "years held"
)
YEARS = (2024,)


def _name(i: int) -> str:
    return f"Authority {i + 1:02d}"


def _pool(count: int, *, flows: bool = True) -> Pooled:
    """``count`` authorities (the manifest lists them by name, as ``cscw hub ingest``'s is
    read); with ``flows``, a move from the i-th to the j-th of i * count + j + 1 workers."""
    codes = [str(900 - i) for i in range(count)]
    rows = [
        (codes[i], codes[j], 2023, 2024, "permanent", "permanent", i * count + j + 1)
        for i in range(count)
        for j in range(count)
        if flows
    ]
    manifest = Manifest(
        created=dt.datetime(2025, 9, 15, tzinfo=dt.UTC),
        mode="clean",
        years=YEARS,
        authorities=tuple(Authority(codes[i], _name(i), YEARS) for i in range(count)),
        files=(),
    )
    cooloff = pl.DataFrame(
        schema={"worker_key": pl.String, "left_la": pl.String, "left_date": pl.Date,
                "agency_la": pl.String, "agency_start": pl.Date, "days": pl.Int32},
    )  # fmt: skip
    return Pooled(
        manifest=manifest,
        measures=pl.DataFrame(),
        flows=pl.DataFrame(rows, schema=FLOWS_SCHEMA, orient="row"),
        cooloff=cooloff,
        profile=pl.DataFrame(),
    )


@pytest.fixture
def hub_of(monkeypatch: pytest.MonkeyPatch, settings: object) -> Callable[..., None]:
    """Serve the region's hub pages from the pool ``_pool(count)`` (no folder to write)."""
    settings.CSCW_HUB_DIR = "unused"  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = "region"  # type: ignore[attr-defined]

    def serve(count: int, *, flows: bool = True) -> None:
        pool = _pool(count, flows=flows)
        monkeypatch.setattr(views.selectors, "pooled", lambda folder: pool)

    return serve


def _get(people: dict, query: str = "") -> str:
    response = client_for(people["users"][Role.ANALYST]).get(f"/hub/movement/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _row(place: int) -> list[str]:
    """The by-route row at ``place`` (1 to 121): left, next in, the four routes, all routes."""
    i, j = divmod(place - 1, 11)
    return [_name(i), _name(j), str(place), "0", "0", "0", str(place)]


def test_the_first_page_holds_rows_1_to_50_and_says_how_many_in_all(people: dict, hub_of) -> None:
    hub_of(11)
    page = _get(people)
    routes = tables(page)[ROUTES]
    assert routes[0] == [
        "Left", "Next in", "Permanent to permanent", "Permanent to agency",
        "Agency to permanent", "Agency to agency", "All routes",
    ]  # fmt: skip
    assert routes[1:] == [_row(place) for place in range(1, 51)]
    # 11 x 11 pairs, every one with a move.
    assert "121 rows in all, 50 a page" in page
    assert "rows 1 to 50 shown" in page
    assert "The Excel download holds every row." in page
    assert 'aria-label="Moves by route, pages"' in page
    assert 'href="?page=2"' in page
    assert 'href="?page=3"' in page
    assert 'href="?page=4"' not in page


def test_page_two_holds_rows_51_to_100_in_order(people: dict, hub_of) -> None:
    hub_of(11)
    page = _get(people, "?page=2")
    routes = tables(page)[ROUTES]
    # Row 51: the 5th authority (50 = 4 x 11 + 6) to the 7th, 51 workers; row 100: the 10th
    # (99 = 9 x 11 + 0) to the 1st, 100 workers.
    assert routes[1] == ["Authority 05", "Authority 07", "51", "0", "0", "0", "51"]
    assert routes[-1] == ["Authority 10", "Authority 01", "100", "0", "0", "0", "100"]
    assert routes[1:] == [_row(place) for place in range(51, 101)]
    assert "rows 51 to 100 shown" in page
    # The matrix, 11 authorities, is shown whole on every page.
    assert len(tables(page)[MATRIX]) == 1 + 11 + 1


def test_the_chosen_year_is_kept_in_the_page_links(people: dict, hub_of) -> None:
    hub_of(11)
    page = _get(people, "?year=2024&page=2")
    assert 'href="?year=2024&amp;page=3"' in page
    assert tables(page)["Moves between authorities by route, into census year 2024"][1] == _row(51)


@pytest.mark.parametrize(
    ("asked", "first", "last"),
    [
        ("?page=99", 101, 121),  # beyond the last: the last page, as the other paged pages
        ("?page=abc", 1, 50),  # not a number: the first
        ("?page=0", 101, 121),  # Paginator.get_page: below 1 is out of range too
        ("?page=", 1, 50),
    ],
)
def test_a_page_out_of_range_or_not_a_number(
    people: dict, hub_of, asked: str, first: int, last: int
) -> None:
    hub_of(11)
    routes = tables(_get(people, asked))[ROUTES]
    assert routes[1:] == [_row(place) for place in range(first, last + 1)]


def test_no_moves_is_one_empty_page(people: dict, hub_of) -> None:
    hub_of(3, flows=False)
    page = _get(people)
    assert tables(page)[ROUTES][1:] == [["None."]]
    assert "0 rows in all" in page
    assert "govuk-pagination" not in page


def test_the_downloads_hold_every_row(people: dict, hub_of) -> None:
    hub_of(11)
    client = client_for(people["users"][Role.ANALYST])
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/hub/movement/?page=2&download=xlsx").content)
    )
    rows = [[c.value for c in row] for row in book["Moves by route"].iter_rows()]
    assert len(rows) == 1 + 121
    assert rows[1:] == [_row(place) for place in range(1, 122)]


def test_the_matrix_up_to_the_threshold_is_shown(people: dict, hub_of) -> None:
    hub_of(MATRIX_MOST)
    page = _get(people)
    matrix = tables(page)[MATRIX]
    assert len(matrix) == 1 + 40 + 1
    # From the 1st: 1 + 2 + ... + 40 = 820; into the 1st: 1 + 41 + 81 + ... + 1561 = 40 x 1 +
    # 40 x 39 x 40 / 2 = 31,240.
    assert matrix[1][0] == "Authority 01"
    assert matrix[1][-1] == "820"
    assert matrix[-1][1] == "31,240"
    assert "too wide to read" not in page


def test_the_matrix_beyond_the_threshold_is_in_the_downloads_only(people: dict, hub_of) -> None:
    assert MATRIX_MOST == 40
    hub_of(41)
    page = _get(people)
    assert MATRIX not in tables(page)
    assert (
        "The matrix of moves between every pair of the 41 authorities is not shown here: with "
        "more than 40 authorities it is too wide to read. It is the CSV download and the first "
        "sheet of the Excel download."
    ) in page
    # 41 x 41 = 1,681 rows by route; 50 a page.
    assert "1,681 rows in all" in page
    client = client_for(people["users"][Role.ANALYST])
    lines = client.get("/hub/movement/?download=csv").content.decode().splitlines()
    assert len(lines) == 1 + 41 + 1
    # From the 1st: 1 + 2 + ... + 41 = 861.
    assert lines[1].startswith("Authority 01,1,2,3,")
    assert lines[1].endswith(",41,861")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/hub/movement/?download=xlsx").content))
    assert book.sheetnames == ["Moves matrix", "Moves by route", "Cool-off cases"]
    assert book["Moves by route"].max_row == 1 + 1681


def test_the_selector_marks_the_matrix_and_the_pairs(hub_of) -> None:
    shown = selectors.region_movement(_pool(MATRIX_MOST, flows=False), year=None)
    hidden = selectors.region_movement(_pool(MATRIX_MOST + 1, flows=False), year=None)
    assert [(t.title, t.shown, t.paged) for t in shown.tables] == [
        ("Moves matrix", True, False), ("Moves by route", True, True),
        ("Cool-off cases", True, False),
    ]  # fmt: skip
    assert [t.shown for t in hidden.tables] == [False, True, True]
