"""For any counts, an authority's profile and movement tables hide every count of 1 to 4 and let
no c be worked out by subtracting what is shown (``pages.recoverable``, a reader's
subtractions written out by hand), the rest of the region's small counts included."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.suppression import SUPPRESSED
from csc_workforce.web.hub import selectors
from csc_workforce.web.hub.selectors import Authority, Manifest, Pooled

from .pages import recoverable

BANDS = ("20-29", "30-39", "40-49", "50-59", "60+")
CODES = ("998", "901", "902")
OWN = Authority("998", "Testshire", (2024,))
bands = st.lists(st.integers(0, 14), min_size=len(BANDS), max_size=len(BANDS))


def _pooled(profile: dict[str, list[int]], flows: list[tuple]) -> Pooled:
    rows = []
    for code, counts in profile.items():
        rows += [(code, 2024, "age_band", band, n) for band, n in zip(BANDS, counts, strict=True)]
    region = [sum(counts[i] for counts in profile.values()) for i in range(len(BANDS))]
    rows += [("REGION", 2024, "age_band", band, n) for band, n in zip(BANDS, region, strict=True)]
    manifest = Manifest(
        created=dt.datetime(2025, 9, 15, tzinfo=dt.UTC),
        mode="clean",
        years=(2023, 2024),
        authorities=tuple(Authority(c, f"Authority {c}", (2023, 2024)) for c in CODES),
        files=(),
    )
    return Pooled(
        manifest=manifest,
        measures=pl.DataFrame(
            schema={
                "la_code": pl.String,
                "year": pl.Int32,
                "measure": pl.String,
                "value": pl.Float64,
                "numerator": pl.Float64,
                "denominator": pl.Float64,
            }
        ),
        flows=pl.DataFrame(
            flows,
            schema={
                "from_la": pl.String,
                "to_la": pl.String,
                "from_year": pl.Int32,
                "to_year": pl.Int32,
                "from_basis": pl.String,
                "to_basis": pl.String,
                "workers": pl.Int32,
            },
            orient="row",
        ),
        cooloff=pl.DataFrame(
            schema={
                "worker_key": pl.String,
                "left_la": pl.String,
                "left_date": pl.Date,
                "agency_la": pl.String,
                "agency_start": pl.Date,
                "days": pl.Int32,
            }
        ),
        profile=pl.DataFrame(
            rows,
            schema={
                "la_code": pl.String,
                "year": pl.Int32,
                "dimension": pl.String,
                "band": pl.String,
                "workers": pl.Int32,
            },
            orient="row",
        ),
    )


@given(own=bands, first=bands, second=bands)
def test_the_profile_lets_nothing_small_be_worked_out(
    own: list[int], first: list[int], second: list[int]
) -> None:
    page = selectors.authority_overview(
        _pooled({"998": own, "901": first, "902": second}, []), own=OWN
    )
    table = next(t for t in page.tables if t.caption.startswith("Social workers of Testshire"))
    body = [list(row) for row in table.rows]
    shown = [list(table.header), *body]
    # 2024's columns are the last two: every own count of 1 to 4 is c.
    for row, count in zip(body, own, strict=False):
        if 0 < count < 5:
            assert row[-2] == SUPPRESSED, (row, count)
    assert recoverable(shown) == []


ROUTES = [("permanent", "permanent"), ("permanent", "agency"), ("agency", "permanent"),
          ("agency", "agency")]  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from(ROUTES), st.sampled_from([2023, 2024]),
                          st.sampled_from(CODES[1:]), st.integers(1, 9)), max_size=10))  # fmt: skip
def test_movements_out_leave_no_c_alone_in_a_row_or_column(moves: list[tuple]) -> None:
    flows = [("998", to, year - 1, year, f, t, n) for (f, t), year, to, n in moves]
    page = selectors.authority_movement(_pooled({c: [0] * 5 for c in CODES}, flows), own=OWN)
    table = page.tables[0]
    body = [list(row) for row in table.rows]
    totals: dict[tuple[tuple[str, str], int], int] = {}
    for (f, t), year, _, n in moves:
        totals[((f, t), year)] = totals.get(((f, t), year), 0) + n
    for ((f, t), year), n in totals.items():
        row = body[ROUTES.index((f, t))]
        column = 1 + [2023, 2024].index(year)
        assert (row[column] == SUPPRESSED) == (0 < n < 5) or row[column] == SUPPRESSED
    for row in body:
        assert row[1:].count(SUPPRESSED) != 1, row
    for column in range(1, len(table.header)):
        assert [r[column] for r in body].count(SUPPRESSED) != 1, table.header[column]
