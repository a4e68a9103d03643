"""England's published share of leavers with less than 5 years' service."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.core.national_leavers import (
    ENGLAND_UNDER_FIVE_YEARS,
    SOURCE_URL,
    under_five_years_share,
)
from csc_workforce.core.survival import left_between, tenure_spells


def test_the_published_shares_are_the_cited_figures() -> None:
    # Community Care, 24 February 2023, "40% rise in number of social workers quitting
    # children's posts annually over past five years", citing DfE's workforce census published
    # 23 February 2023: "grown from 62.9% to 70.4% of leavers from 2016-17 to 2021-22".
    assert {(share.year, share.percent) for share in ENGLAND_UNDER_FIVE_YEARS} == {
        (2017, Decimal("62.9")),
        (2022, Decimal("70.4")),
    }
    assert SOURCE_URL == (
        "https://www.communitycare.co.uk/2023/02/24/"
        "40-rise-in-number-of-social-workers-quitting-childrens-posts-over-past-five-years/"
    )
    assert all(share.url == SOURCE_URL for share in ENGLAND_UNDER_FIVE_YEARS)


def test_the_share_of_leavers_with_less_than_five_years_by_hand() -> None:
    assert under_five_years_share(under_five=7, leavers=12) == pytest.approx(58.333, abs=0.001)
    assert under_five_years_share(under_five=0, leavers=3) == 0
    assert under_five_years_share(under_five=0, leavers=0) is None
    with pytest.raises(ValueError, match="between 0 and leavers"):
        under_five_years_share(under_five=4, leavers=3)


def test_leavers_of_a_reporting_year() -> None:
    staff = pl.DataFrame(
        {
            "start_date": [dt.date(2020, 1, 1)] * 4,
            "end_date": [
                dt.date(2021, 9, 30),  # the last day of reporting year 2021
                dt.date(2021, 10, 1),  # the first day of reporting year 2022
                dt.date(2022, 9, 30),  # the last day of reporting year 2022
                None,  # still in post
            ],
        }
    )
    spells = tenure_spells(staff, on=dt.date(2025, 9, 30), history_from=None)
    leavers = left_between(spells, first=dt.date(2021, 10, 1), last=dt.date(2022, 9, 30))
    assert leavers["end_date"].to_list() == [dt.date(2021, 10, 1), dt.date(2022, 9, 30)]
