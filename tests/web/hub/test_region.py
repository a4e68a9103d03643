"""The region's hub: every authority by name, its figures as pooled, the movements and the
cool-off cases counted per pair; never a worker key. Expected figures worked out by hand from
the fixture (``conftest``)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for

from .conftest import KEY, NAMES
from .pages import by_row, tables

MEASURE = "Turnover rate (%) by authority and census year"
MATRIX_ALL = "Workers who left one authority (rows) and next appeared in another (columns), in all years held"  # noqa: E501


def _get(people: dict, url: str) -> str:
    response = client_for(people["users"][Role.ANALYST]).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_overview_names_every_authority_and_their_measure_by_year(
    people: dict, region_hub: Path
) -> None:
    page = _get(people, "/hub/")
    measure = by_row(tables(page)[MEASURE])
    # Turnover: FTE leavers / FTE in post. Testshire 2024: 3.0 / 120.0 = 2.5%; Amberton 2024:
    # 1.0 / 78.3 = 1.28%; the region 2024: (3 + 1 + 0.5 + 0.5) / 302.6 = 1.65%; Testshire
    # 2023: 12 / 110 = 10.91%.
    assert measure["Testshire"] == {"2023": "10.9", "2024": "2.5"}
    assert measure["Amberton"]["2024"] == "1.3"
    assert measure["Region"]["2024"] == "1.7"
    assert list(measure) == ["Amberton", "Brookvale", "Calderford", "Testshire", "Region"]
    for name in NAMES.values():
        assert name in page
    returns = tables(page)["Returns pooled, by authority and year"]
    assert len(returns) == 1 + 8  # 4 authorities x 2 years, with the header row
    assert "Pooled on 15 September 2025" in page


def test_a_chosen_measure_is_shown_and_the_region_is_the_sum(
    people: dict, region_hub: Path
) -> None:
    page = _get(people, "/hub/?measure=inpost_fte")
    table = by_row(tables(page)["Social workers in post (FTE) by authority and census year"])
    assert table["Amberton"]["2023"] == "77.7"
    # 120.0 + 78.3 + 59.9 + 44.4
    assert table["Region"]["2024"] == "302.6"


def test_an_unknown_measure_falls_back_to_turnover(people: dict, region_hub: Path) -> None:
    assert MEASURE in tables(_get(people, "/hub/?measure=nonsense"))


def test_the_region_s_profile_by_age(people: dict, region_hub: Path) -> None:
    table = by_row(
        tables(_get(people, "/hub/"))["The region's social workers by age and census year"]
    )
    # 2024, 20-29: 3 + 20 + 15 + 9; 2023 has one more in each authority.
    assert table["20-29"] == {"2023": "51", "2024": "47"}
    assert list(table) == ["20-29", "30-39", "40-49", "50-59", "60+"]


def test_movements_as_a_matrix_and_by_route(people: dict, region_hub: Path) -> None:
    found = tables(_get(people, "/hub/movement/"))
    matrix = by_row(found[MATRIX_ALL])
    # Testshire to Amberton: 6 permanent to permanent and 2 permanent to agency.
    assert matrix["Testshire"]["Amberton"] == "8"
    assert matrix["Testshire"]["All authorities"] == "21"  # 8 + 7 + 5 + 1 (within)
    assert matrix["Amberton"]["Brookvale"] == "11"
    assert matrix["Calderford"]["All authorities"] == "0"
    assert matrix["All authorities"]["All authorities"] == "47"
    routes = found["Moves between authorities by route, in all years held"]
    assert ["Testshire", "Amberton", "6", "2", "0", "0", "8"] in routes
    assert ["Brookvale", "Calderford", "0", "4", "0", "0", "4"] in routes
    assert len(routes) == 1 + 8


def test_movements_into_one_year(people: dict, region_hub: Path) -> None:
    found = tables(_get(people, "/hub/movement/?year=2023"))
    caption = next(c for c in found if c.endswith("into census year 2023"))
    matrix = by_row(found[caption])
    assert matrix["All authorities"]["All authorities"] == "6"


def test_cool_off_cases_are_counted_per_pair_never_listed(people: dict, region_hub: Path) -> None:
    page = _get(people, "/hub/movement/")
    caption = next(c for c in tables(page) if c.startswith("Agency engagements within"))
    rows = tables(page)[caption]
    assert ["Amberton", "Brookvale", "6", "0", "6"] in rows
    assert ["Testshire", "Amberton", "0", "2", "2"] in rows
    # Left Brookvale 30 November 2023, agency in Testshire from 8 January 2024: census 2024.
    assert ["Brookvale", "Testshire", "0", "1", "1"] in rows
    assert KEY not in page


def test_downloads_hold_the_page_s_tables(people: dict, region_hub: Path) -> None:
    client = client_for(people["users"][Role.ANALYST])
    csv = client.get("/hub/?measure=inpost_fte&download=csv")
    assert csv["Content-Disposition"] == 'attachment; filename="regional-hub-overview.csv"'
    lines = csv.content.decode().splitlines()
    assert lines[0] == "Authority,2023,2024"
    assert "Region,292.6,302.6" in lines
    book = openpyxl.load_workbook(io.BytesIO(client.get("/hub/movement/?download=xlsx").content))
    assert book.sheetnames == ["Moves matrix", "Moves by route", "Cool-off cases"]
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert "Calderford" in cells
    assert KEY not in cells
