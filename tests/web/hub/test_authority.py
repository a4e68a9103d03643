"""One authority's installation: its own figures beside the region's, never another
authority's name or figures (on the page or in a download), every count of fewer than 5
workers shown as c, and no c recoverable by subtracting what is shown. Expected figures worked
out by hand from the fixture (``conftest``); Testshire is this installation's authority."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

import pytest

from csc_workforce.core.suppression import SUPPRESSED
from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for

from .conftest import KEY, OTHERS, write_pooled
from .pages import by_row, recoverable, tables

OTHER_FIGURES = ("77.7", "78.3", "61.3", "59.9", "43.6", "44.4")
"""The other authorities' FTE in post: distinctive decimals found nowhere else."""

PAGES = (
    "/hub/",
    "/hub/movement/",
    "/hub/?download=csv",
    "/hub/?download=xlsx",
    "/hub/movement/?download=csv",
    "/hub/movement/?download=xlsx",
    # choices a region's page takes are ignored here
    "/hub/?measure=inpost_fte",
    "/hub/movement/?year=2024",
)


def _text(content: bytes) -> str:
    """The response's text; an Excel workbook's every part unzipped."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(name).decode() for name in book.namelist())
    return content.decode()


def _get(people: dict, url: str) -> str:
    response = client_for(people["users"][Role.PSW]).get(url)
    assert response.status_code == 200
    return _text(response.content)


@pytest.mark.parametrize("url", PAGES)
def test_no_other_authority_s_name_or_figures_anywhere(
    people: dict, authority_hub: Path, url: str
) -> None:
    text = _get(people, url)
    for name in OTHERS:
        assert name not in text, (url, name)
    for figure in OTHER_FIGURES:
        assert figure not in text, (url, figure)
    assert KEY not in text


def test_own_measures_beside_the_region_s(people: dict, authority_hub: Path) -> None:
    found = tables(_get(people, "/hub/"))
    table = by_row(found["Measures of Testshire and of the region by census year"])
    in_post = table["Social workers in post (FTE)"]
    # 120.0 + 78.3 + 59.9 + 44.4: the region's total, which no one other authority's is.
    assert in_post == {"Testshire 2023": "110.0", "Region 2023": "292.6",
                       "Testshire 2024": "120.0", "Region 2024": "302.6"}  # fmt: skip
    # 2023 turnover: 12 / 110 = 10.9%; the region's (12 + 9.1 + 7.3 + 6.4) / 292.6 = 11.9%.
    assert table["Turnover rate (%)"]["Testshire 2023"] == "10.9"
    assert table["Turnover rate (%)"]["Region 2023"] == "11.9"


def test_figures_from_fewer_than_5_are_c_own_and_the_rest_of_the_region_s(
    people: dict, authority_hub: Path
) -> None:
    page = _get(people, "/hub/")
    table = by_row(tables(page)["Measures of Testshire and of the region by census year"])
    # Testshire's 3.0 FTE leavers in 2024, and its turnover rate built from them.
    assert table["Leavers (FTE)"]["Testshire 2024"] == SUPPRESSED
    assert table["Turnover rate (%)"]["Testshire 2024"] == SUPPRESSED
    # The region's 5.0 FTE leavers in 2024 less Testshire's 3.0 would give the rest of the
    # region's 2.0 (1.0 + 0.5 + 0.5): hidden too, and the rate from it.
    assert table["Leavers (FTE)"]["Region 2024"] == SUPPRESSED
    assert table["Turnover rate (%)"]["Region 2024"] == SUPPRESSED
    assert "fewer than 5 workers" in page


@pytest.mark.parametrize("dimension", ["age", "length of service"])
def test_the_profile_hides_small_counts_and_nothing_follows_by_subtraction(
    people: dict, authority_hub: Path, dimension: str
) -> None:
    found = tables(_get(people, "/hub/"))
    table = found[f"Social workers of Testshire and of the region by {dimension} and census year"]
    if dimension == "age":
        # Testshire's 3 workers aged 20-29 in 2024 (4 in 2023).
        assert by_row(table)["20-29"]["Testshire 2024"] == SUPPRESSED
        assert by_row(table)["20-29"]["Testshire 2023"] == SUPPRESSED
        assert by_row(table)["30-39"]["Testshire 2024"] == "40"
    assert recoverable(table) == []


def test_movements_to_and_from_the_rest_of_the_region_suppressed(
    people: dict, authority_hub: Path
) -> None:
    found = tables(_get(people, "/hub/movement/"))
    out = by_row(next(t for c, t in found.items() if c.startswith("Workers who left Testshire")))
    # 2023: 6 to Amberton, permanent to permanent. 2024: 2 to Amberton as agency workers
    # (hidden), 7 + 5 permanent to Brookvale and Calderford, 14 in all.
    assert out["Permanent to permanent"]["2023"] == "6"
    assert out["Permanent to agency"]["2024"] == SUPPRESSED
    assert out["All routes"]["2024"] == "14"
    into = by_row(next(t for c, t in found.items() if c.startswith("Workers who came to")))
    assert into["Agency to permanent"]["2024"] == SUPPRESSED  # 3 from Amberton
    assert into["All routes"]["2024"] == "11"  # and 8 from Brookvale
    for caption, table in found.items():
        header, *body = table
        for row in body:  # no c alone in a row with its total
            assert row[1:].count(SUPPRESSED) != 1, (caption, row)
        if body[-1][0] == "All routes":
            for column in range(1, len(header)):  # nor in a column with its total
                assert [r[column] for r in body].count(SUPPRESSED) != 1, (caption, header[column])


def test_cool_off_cases_counted_for_one_s_own_authority_only(
    people: dict, authority_hub: Path
) -> None:
    found = tables(_get(people, "/hub/movement/"))
    caption = next(c for c in found if c.startswith("Agency engagements within three months"))
    table = by_row(found[caption])
    # 2 left Testshire for agency work in Amberton; 1 agency here after leaving Brookvale.
    assert table["Left a permanent post here; agency work elsewhere in the region"] == {
        "2023": "0", "2024": SUPPRESSED, "All years": SUPPRESSED,
    }  # fmt: skip
    assert table["Agency work here; left a permanent post elsewhere in the region"]["2024"] == (
        SUPPRESSED
    )


def test_only_own_returns_listed_in_what_the_hub_holds(people: dict, authority_hub: Path) -> None:
    page = _get(people, "/hub/")
    rows = tables(page)["Returns of Testshire pooled, by year"]
    assert [row[:2] for row in rows[1:]] == [["Testshire", "2023"], ["Testshire", "2024"]]
    assert "Returns of 4 authorities of the region" in page


def test_with_one_other_authority_the_region_s_figures_are_withheld(
    people: dict, tmp_path: Path, settings: object
) -> None:
    folder = write_pooled(tmp_path / "two", names={"998": "Testshire", "901": "Amberton"})
    settings.CSCW_HUB_DIR = str(folder)  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = "authority"  # type: ignore[attr-defined]
    overview = _get(people, "/hub/")
    table = by_row(tables(overview)["Measures of Testshire and of the region by census year"])
    assert table["Social workers in post (FTE)"]["Region 2024"] == "\N{EN DASH}"
    assert "The region's figures are withheld" in html.unescape(overview)
    movement = _get(people, "/hub/movement/")
    assert "The region's figures are withheld" in html.unescape(movement)
    for text in (overview, movement, _get(people, "/hub/?download=xlsx")):
        assert "Amberton" not in text
        assert "198.3" not in text  # 120.0 + 78.3, the region's FTE in post in 2024


def test_own_authority_not_pooled_says_so(people: dict, tmp_path: Path, settings: object) -> None:
    folder = write_pooled(
        tmp_path / "others",
        names={"901": "Amberton", "902": "Brookvale", "903": "Calderford"},
    )
    settings.CSCW_HUB_DIR = str(folder)  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = "authority"  # type: ignore[attr-defined]
    page = _get(people, "/hub/")
    assert "The pooled folder holds no return of Testshire" in page
    for name in OTHERS:
        assert name not in page


def test_the_la_code_setting_names_the_returns_this_authority_is_known_by(
    people: dict, authority_hub: Path, settings: object
) -> None:
    """``CSCW_HUB_LA_CODE`` 901: the installation is Amberton in the pooled returns (its FTE in
    post, 77.7 in 2023, shown), and Testshire is then just another authority of the region."""
    settings.CSCW_HUB_LA_CODE = "901"  # type: ignore[attr-defined]
    page = _get(people, "/hub/")
    assert "Amberton" in page
    assert "77.7" in page
    for hidden in ("Testshire", "Brookvale", "Calderford", "61.3", "43.6"):
        assert hidden not in page
