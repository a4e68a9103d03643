"""The factors that go with leaving sooner, in plain words (no database: frames and terms)."""

import datetime as dt

import polars as pl
import pytest

from csc_workforce.core.cox import Effect, Term
from csc_workforce.web.workforce.survival import (
    DID_ASYE,
    NO_ASYE,
    NO_ASYE_HERE,
    NOT_PAID,
    PAID,
    factor_sheets,
    factors_of,
    in_words,
)


def effect(
    ratio: float, lower: float, upper: float, reference: str | None = "Case holder"
) -> Effect:
    term = Term("x", 0.0, 0.1, ratio, lower, upper, 0.01)
    group = "Senior practitioner" if reference else "10 percentage points more of capacity"
    factor = "Role level" if reference else "Weighted load"
    return Effect(factor, group, reference, term, people=40, leavers=20)


def test_a_group_that_left_sooner() -> None:
    assert in_words(effect(1.8, 1.2, 2.6)) == (
        "Role level: people in “Senior practitioner” left sooner than those in “Case holder”: "
        "about 1.80 times as likely to leave in any month, all else equal (95% confidence "
        "interval 1.20 to 2.60)."
    )


def test_a_group_that_left_later() -> None:
    assert "left later than those in “Case holder”: about 0.60 times as likely" in in_words(
        effect(0.6, 0.4, 0.9)
    )


def test_an_interval_that_includes_one_cannot_tell() -> None:
    words = in_words(effect(1.2, 0.8, 1.7))
    assert (
        "were about 1.20 times as likely to leave in any month as those in “Case holder”" in words
    )
    assert words.endswith("That interval includes 1: the data cannot tell them apart.")


def test_a_measure_in_words() -> None:
    assert in_words(effect(1.1, 1.02, 1.19, reference=None)) == (
        "Weighted load: each 10 percentage points more of capacity went with leaving sooner: "
        "about 1.10 times as likely to leave in any month, all else equal (95% confidence "
        "interval 1.02 to 1.19)."
    )


def spells(groups: dict[tuple[str, str], int]) -> pl.DataFrame:
    """For each (ASYE, payment) pair the same spells: n leavers after 10, 20, ... days and n in
    post at 2,000 days; every other factor the same for everyone."""
    rows = []
    for (asye, payment), n in groups.items():
        rows += [(10 * (k + 1), True, asye, payment) for k in range(n)]
        rows += [(2000, False, asye, payment) for _ in range(n)]
    frame = pl.DataFrame(rows, schema=["exit", "left", "asye", "payment"], orient="row")
    return frame.with_columns(
        entry=pl.lit(0, dtype=pl.Int64),
        route=pl.lit("Frontline"),
        role=pl.lit("Case holder"),
        team_type=pl.lit("Assessment"),
        employment=pl.lit("Permanent"),
        load_percent=pl.lit(None, dtype=pl.Float64),
        sickness_days=pl.lit(0.0),
    )


def test_the_page_compares_asye_and_payment_and_says_what_it_left_out() -> None:
    # Each pair the same: by symmetry every hazard ratio is exactly 1.
    frame = spells(
        {
            ("ASYE September 2021", PAID): 20,
            (NO_ASYE, PAID): 20,
            ("ASYE September 2021", NOT_PAID): 20,
            (NO_ASYE, NOT_PAID): 20,
        }
    )
    page = factors_of(frame, on=dt.date(2025, 9, 30), history_from=None)
    assert page.hidden is None
    assert [(f.factor, f.group, f.reference) for f in page.findings] == [
        ("ASYE here", DID_ASYE, NO_ASYE_HERE),  # equal groups: the first by name is compared with
        ("Retention payment", PAID, NOT_PAID),
    ]
    assert all(f.hazard_ratio == pytest.approx(1, abs=1e-9) for f in page.findings)
    assert ("Weighted load", "known for only 0 of the 80 leavers") in page.left_out
    assert not page.case_holders_only
    assert ("Sickness", "the same for everyone") in page.left_out
    assert ("Route into social work", "everyone is in the same group") in page.left_out
    sheet = factor_sheets(page)[0]
    assert list(sheet.header)[:4] == ["Factor", "Group or amount", "Compared with", "Hazard ratio"]
    assert [row[3] for row in sheet.rows] == ["1.000", "1.000"]
