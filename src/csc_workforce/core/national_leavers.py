"""England's published share of children and family social work leavers with less than 5
years' service, to set beside an authority's own.

DfE's children's social work workforce census records, for each social worker who left a local
authority in the year to 30 September, how long they had been with that local authority. The
shares below are England's, as published from it; nothing else is held here, and no figure is
estimated or filled in between years.

Source, for both years: DfE, "Children's social work workforce" (the annual census, reporting
year ending 30 September 2022, published 23 February 2023), as reported by Community Care,
24 February 2023, "40% rise in number of social workers quitting children's posts annually over
past five years",
https://www.communitycare.co.uk/2023/02/24/40-rise-in-number-of-social-workers-quitting-childrens-posts-over-past-five-years/
— "most leavers had been with their employing local authority or children's trust for less
than five years. However, the proportion in this group has grown from 62.9% to 70.4% of leavers
from 2016-17 to 2021-22." The article does not say whether the shares are of full-time
equivalents or of people. DfE statistics, Open Government Licence v3.0 (see NOTICE).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SOURCE = (
    "DfE children's social work workforce census (published 23 February 2023), as reported by "
    "Community Care, 24 February 2023"
)
SOURCE_TITLE = (
    "40% rise in number of social workers quitting children's posts annually over past five years"
)
SOURCE_URL = (
    "https://www.communitycare.co.uk/2023/02/24/"
    "40-rise-in-number-of-social-workers-quitting-childrens-posts-over-past-five-years/"
)


@dataclass(frozen=True)
class PublishedShare:
    """England's share (per cent) of leavers in CSWW reporting ``year`` (the year ending 30
    September ``year``) who had been with their employing local authority for less than 5
    years, as published in ``source``."""

    year: int
    percent: Decimal
    source: str = SOURCE
    title: str = SOURCE_TITLE
    url: str = SOURCE_URL


ENGLAND_UNDER_FIVE_YEARS = (
    PublishedShare(2017, Decimal("62.9")),  # 2016-17: year ending 30 September 2017
    PublishedShare(2022, Decimal("70.4")),  # 2021-22: year ending 30 September 2022
)
"""England's published shares of leavers with less than 5 years' service, by reporting year."""


def under_five_years_share(*, under_five: int, leavers: int) -> float | None:
    """Share of leavers with less than 5 years' service (DfE CSWW): leavers in the year to 30
    September who had been with their employing local authority for less than 5 years, as a
    percentage of all leavers in that year.

    None when nobody left in the year.
    """
    if leavers == 0:
        return None
    if not 0 <= under_five <= leavers:
        raise ValueError("under_five must be between 0 and leavers")
    return under_five / leavers * 100
