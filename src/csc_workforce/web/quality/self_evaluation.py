"""The authority's self-evaluation, one section for each Ofsted (ILACS) judgement area: what do
we know about the quality of practice, how do we know it, and what are we doing about it.

Drawn from completed case audits tagged to the area (``CaseAudit.judgement_areas``), practice
observations (not tagged to areas, so counted once for the page) and the open actions that came
from those audits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpResponse
from django.shortcuts import render

from csc_workforce.core import quality
from csc_workforce.core.register import rolling_year
from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, require
from csc_workforce.web.clock import clock
from csc_workforce.web.govuk import PeriodForm

from .models import ActionItem, CaseAudit, JudgementArea, Observation
from .selectors import actions_visible_to

TOP_THEMES = 5


@dataclass(frozen=True)
class AreaEvaluation:
    """One judgement area's evidence in the period.

    ``audits``: completed (submitted or moderated) audits tagged to the area and submitted in the
    period. ``good_or_better_share`` and ``inadequate_share``: percentages of them by final grade
    (the moderator's where there is one, else the auditor's), None when there are none.
    ``themes``: the most frequent themes of those audits, (theme, audits), at most five.
    ``open_actions``: actions not yet completed from audits tagged to the area (any date), of
    which ``actions`` are the ones the viewer may open.
    """

    area: str
    label: str
    audits: int
    good_or_better: int
    inadequate: int
    good_or_better_share: float | None
    inadequate_share: float | None
    themes: list[tuple[str, int]]
    open_actions: int
    actions: list[ActionItem]


@dataclass(frozen=True)
class SelfEvaluation:
    since: dt.date
    until: dt.date
    observations: int
    areas: list[AreaEvaluation]


def _share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def self_evaluation(*, since: dt.date, until: dt.date, viewer: User) -> SelfEvaluation:
    """Each judgement area's audits, grades, themes and open actions for audits submitted from
    ``since`` to ``until`` inclusive, and the number of practice observations in that period.
    Counts cover everyone's work; the actions listed are only those ``viewer`` may open."""
    audits = (
        CaseAudit.objects.exclude(status=CaseAudit.Status.ASSIGNED)
        .filter(submitted_on__range=(since, until))
        .exclude(judgement_areas=[])
        .annotate(final=Coalesce(NullIf("moderated_grade", Value("")), "grade"))
        .values_list("judgement_areas", "final", "themes")
    )
    # Judgement areas are a JSON list, which SQLite cannot group by: tally them here.
    counted: dict[str, Counter[str]] = {area: Counter() for area in JudgementArea.values}
    themes: dict[str, Counter[str]] = {area: Counter() for area in JudgementArea.values}
    for areas, final, tags in audits:
        for area in set(areas) & set(counted):
            counted[area]["audits"] += 1
            counted[area]["good_or_better"] += final in quality.GOOD_OR_BETTER
            counted[area]["inadequate"] += final == quality.INADEQUATE
            themes[area].update(set(tags))

    open_items = (
        ActionItem.objects.exclude(status=ActionItem.Status.DONE)
        .filter(audit__isnull=False)
        .exclude(audit__judgement_areas=[])
        .values_list("pk", "audit__judgement_areas")
    )
    open_by_area: dict[str, set[int]] = {area: set() for area in JudgementArea.values}
    for pk, areas in open_items:
        for area in set(areas) & set(open_by_area):
            open_by_area[area].add(pk)
    listed = set().union(*open_by_area.values())
    visible = list(actions_visible_to(user=viewer).filter(pk__in=listed))

    rows = []
    for area, label in JudgementArea.choices:
        count = counted[area]
        rows.append(
            AreaEvaluation(
                area=area,
                label=label,
                audits=count["audits"],
                good_or_better=count["good_or_better"],
                inadequate=count["inadequate"],
                good_or_better_share=_share(count["good_or_better"], count["audits"]),
                inadequate_share=_share(count["inadequate"], count["audits"]),
                themes=sorted(themes[area].items(), key=lambda t: (-t[1], t[0]))[:TOP_THEMES],
                open_actions=len(open_by_area[area]),
                actions=[item for item in visible if item.pk in open_by_area[area]],
            )
        )
    return SelfEvaluation(
        since=since,
        until=until,
        observations=Observation.objects.filter(on__range=(since, until)).count(),
        areas=rows,
    )


@require(Capability.VIEW_QA_RESULTS)
def self_evaluation_page(request: SignedInRequest) -> HttpResponse:
    """Self-evaluation by judgement area for the twelve months ending today, or for the period
    given by ``from`` and ``to`` (ISO dates; either may be left out). A date mistyped, or the
    two the wrong way round, is named on the page, not replaced by the default."""
    default_since, default_until = rolling_year(clock().today())
    asked = "from" in request.GET or "to" in request.GET
    period = PeriodForm(request.GET if asked else None)
    chosen = period.cleaned_data if asked and period.is_valid() else {}
    since = chosen.get("from") or default_since
    until = chosen.get("to") or default_until
    if chosen and since > until:  # only one was given, on the other side of the default's
        message = "The first day must be the same as or before the last day"
        period.add_error("from" if chosen.get("from") else "to", message)
    evaluation = None
    if not period.errors:
        evaluation = self_evaluation(since=since, until=until, viewer=request.user)
        period = PeriodForm(initial={"from": since.isoformat(), "to": until.isoformat()})
    context = {"period": period, "evaluation": evaluation}
    return render(request, "quality/self_evaluation.html", context)
