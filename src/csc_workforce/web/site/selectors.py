"""What the home dashboard shows each person, scoped to what they may see."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User

from csc_workforce.core.measures import CATALOGUE
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.organisation.selectors import staff_visible_to
from csc_workforce.web.workforce.selectors import team_summaries

HOME_MEASURES = tuple(
    CATALOGUE[key] for key in ("inpost_headcount", "inpost_fte", "agency_headcount")
)
"""The catalogue's measures the home page shows, under their names (on a day, not only at 30
September)."""


@dataclass(frozen=True)
class Headline:
    teams: int
    headcount: int
    fte: Decimal
    agency_headcount: int


def home_headline(*, user: User, on: dt.date) -> Headline:
    """Across the teams the person may see: employees in post on ``on`` and agency workers."""
    summaries = team_summaries(user=user, on=on)
    return Headline(
        teams=len(summaries),
        headcount=sum(s.headcount for s in summaries),
        fte=sum((s.fte for s in summaries), Decimal(0)),
        agency_headcount=sum(s.agency_headcount for s in summaries),
    )


def own_record(*, user: User) -> StaffMember | None:
    return staff_visible_to(user=user).filter(user=user).first()
