"""What the home page shows each person: what needs their attention, for each of their roles,
read through the apps' own selectors and scoped as they scope (``organisation.selectors``).

Each section is a list of ``Item``: a count or a state, a link to the page where it is acted
on, and the people or teams behind it where the person may see them. A section reads each
table once, for every team at once: nothing here loops over teams or recomputes a frame per
team, so the page makes the same number of queries however large the authority is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from csc_workforce.core import experience
from csc_workforce.core.comparison import format_published
from csc_workforce.core.dashboard import release_years
from csc_workforce.core.indicators import last_census_year
from csc_workforce.core.measures import CATALOGUE, Direction
from csc_workforce.core.reference import SYMBOL_MEANINGS, Published
from csc_workforce.web.accounts.permissions import Capability, can
from csc_workforce.web.accounts.roles import Role, roles_of
from csc_workforce.web.audit.selectors import audit_events_visible_to, latest_change
from csc_workforce.web.caseloads import selectors as caseloads
from csc_workforce.web.caseloads.view_models import hotspots
from csc_workforce.web.development import selectors as development
from csc_workforce.web.hub import selectors as hub_selectors
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.organisation.selectors import (
    NoAuthority,
    staff_visible_to,
    teams_managed_by,
    teams_visible_to,
)
from csc_workforce.web.quality import selectors as quality
from csc_workforce.web.quality.results import targets
from csc_workforce.web.tasks.selectors import last_imports
from csc_workforce.web.workforce import selectors as workforce
from csc_workforce.web.workforce.indicators import current_release, key_comparison, reporting_years

PSW_AND_MANAGERS = frozenset({Role.PSW, Role.SERVICE_MANAGER})
"""The roles whose home page is the whole authority's: indicators, caseloads and quality
assurance (each of these sees every team, case and audit)."""

SHOWN = 10
"""People or teams listed under an item at most; the page it links to lists them all."""

KEY_MEASURES = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
                "absence_rate_fte")  # fmt: skip
"""The DfE indicators on the home page (the workforce dashboard's charted ones), by catalogue
key."""


KEPT_SECONDS = 6 * 60 * 60
"""At most how long a figure computed from the whole register is kept (``until_changed``)."""

T = TypeVar("T")


def until_changed(name: str, *, today: dt.date, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache for the day until anything audited changes: every
    write to the register, the caseloads and their settings, and DfE's statistics loaded,
    records an audit event (``audit.recorder``), so a new event means the inputs may differ.
    The indicators and the hotspot teams are computed from the whole register, as the
    workforce dashboard and the children's experience page compute them, and are the same for
    everyone who sees them; keeping them makes the home page fast after the first view."""
    change = latest_change()
    stamp = f"{change[0]}-{change[1].timestamp()}" if change else "none"
    key = f"cscw:home:{name}:{today.isoformat()}:{stamp}"
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEPT_SECONDS)
    return found


@dataclass(frozen=True)
class Line:
    """One person or team behind an item, linked to their page when the person may open it."""

    text: str
    href: str = ""
    note: str = ""


@dataclass(frozen=True)
class Item:
    """One thing to attend to: its name, the page where it is acted on, its state as a tag
    (``colour`` a GOV.UK tag colour, "" for the default), a sentence saying what it counts, and
    the people or teams behind it (the first ``SHOWN``; ``more`` says how many others)."""

    key: str
    title: str
    href: str
    status: str
    colour: str = ""
    hint: str = ""
    lines: tuple[Line, ...] = ()
    more: int = 0


@dataclass(frozen=True)
class Comparison:
    """A DfE indicator of the authority beside England and the comparator authorities: each as
    shown (one decimal place, or DfE's symbol), and how the authority compares with England."""

    label: str
    ours: str
    england: str
    neighbours: str
    status: str
    colour: str


@dataclass(frozen=True)
class Indicators:
    year: int
    rows: list[Comparison]
    symbols: list[tuple[str, str]]
    href: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    note: str = ""
    indicators: Indicators | None = None


def own_record(*, user: User) -> StaffMember | None:
    return staff_visible_to(user=user).filter(user=user).first()


def _listed(lines: list[Line]) -> tuple[tuple[Line, ...], int]:
    return tuple(lines[:SHOWN]), max(0, len(lines) - SHOWN)


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _plain(number: Decimal) -> str:
    """A setting's number without trailing zeros: 110, 80, 82.5."""
    return f"{number.normalize():f}"


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _staff_href(user: User, member: StaffMember) -> str:
    return (
        reverse("workforce:staff_detail", args=[member.pk])
        if can(user, Capability.VIEW_STAFF)
        else ""
    )


# --- PSW and service manager --------------------------------------------------------------


def indicators_section(*, user: User, today: dt.date) -> Section | None:
    """DfE's key indicators for the latest reporting year, the authority's own beside England
    and the comparator authorities, each said to be better or worse than England's."""
    if not roles_of(user) & PSW_AND_MANAGERS:
        return None
    title = "Workforce indicators"
    years = reporting_years(today=today)
    if not years:
        return Section(
            "indicators", title, note="The register covers no reporting year yet: no figures."
        )
    year = years[-1]
    try:
        compared = until_changed(
            f"indicators-{year}", today=today, compute=lambda: key_comparison(year=year)
        )
        table = {row.measure: row for row in compared}
    except (KeyError, NoAuthority):
        return Section(
            "indicators",
            title,
            note="There is nothing to compare with: DfE's release holds no figures for this "
            "authority or its region.",
        )
    rows, used = [], set()
    for key in KEY_MEASURES:
        row, measure = table[key], CATALOGUE[key]
        for figure in (row.this_year, row.england):
            if figure.symbol:
                used.add(figure.symbol)
        status, colour = _against_england(row.this_year.value, row.england.value, measure.direction)
        rows.append(
            Comparison(
                label=measure.label,
                ours=format_published(row.this_year),
                england=format_published(row.england),
                neighbours=format_published(Published(row.neighbours.value)),
                status=status,
                colour=colour,
            )
        )
    return Section(
        "indicators",
        title,
        note="The service holds no targets for these indicators: each is compared with "
        "England's figure for the same year.",
        indicators=Indicators(
            year=year,
            rows=rows,
            symbols=[(symbol, SYMBOL_MEANINGS[symbol]) for symbol in sorted(used)],
            href=f"{reverse('workforce:dashboard')}?year={year}",
        ),
    )


def _against_england(
    ours: Decimal | None, england: Decimal | None, direction: Direction
) -> tuple[str, str]:
    """How the authority's figure compares with England's, in words and a tag colour."""
    if ours is None or england is None:
        return "No comparison", "grey"
    if ours == england:
        return "Same as England", "grey"
    higher = "Higher than England"
    lower = "Lower than England"
    if direction is Direction.NEITHER:
        return (higher if ours > england else lower), "grey"
    better = (ours < england) == (direction is Direction.LOWER)
    return (
        (f"{higher if ours > england else lower}: better", "green")
        if better
        else (
            f"{higher if ours > england else lower}: worse",
            "red",
        )
    )


def caseload_section(*, user: User, today: dt.date) -> Section | None:
    """Children waiting for a lead worker, workers in sustained overload and hotspot teams,
    across the authority."""
    if not roles_of(user) & PSW_AND_MANAGERS:
        return None
    settings = caseloads.settings()
    items = [_waiting_item(user=user, today=today)]
    overloaded = caseloads.sustained_overloads(
        today=today,
        teams=None,
        threshold=settings.overload_percent,
        weeks=settings.overload_weeks,
    )
    team_names = dict(
        Team.objects.filter(pk__in={member.team_id for member, _, _ in overloaded}).values_list(
            "pk", "name"
        )
    )  # in one query, not one a worker
    lines, more = _listed(
        [
            Line(
                member.full_name,
                _staff_href(user, member),
                f"{team_names.get(member.team_id, 'No team')}: {weeks} weeks over, peak {peak}%",
            )
            for member, weeks, peak in sorted(overloaded, key=lambda row: -row[2])
        ]
    )
    items.append(
        Item(
            "overload",
            "Workers in sustained overload",
            reverse("caseloads:loads"),
            _count(len(overloaded), "worker", "workers") if overloaded else "None",
            "red" if overloaded else "green",
            f"Over {_plain(settings.overload_percent)}% of their capacity at the end of each "
            f"of the last {settings.overload_weeks} weeks, and still.",
            lines,
            more,
        )
    )
    if can(user, Capability.VIEW_EXPERIENCE):
        flagged = until_changed(
            "hotspots",
            today=today,
            compute=lambda: hotspots(
                records=caseloads.CaseRecords(today, stability_year=experience.latest_year(today)),
                settings=settings,
            ),
        )
        lines, more = _listed(
            [
                Line(
                    flag.team.name,
                    reverse("workforce:team_detail", args=[flag.team.pk])
                    if can(user, Capability.VIEW_STAFF)
                    else "",
                    _count(len(flag.reasons), "warning sign", "warning signs"),
                )
                for flag in flagged
            ]
        )
        items.append(
            Item(
                "hotspots",
                "Hotspot teams",
                reverse("caseloads:experience"),
                _count(len(flagged), "team", "teams") if flagged else "None",
                "red" if flagged else "green",
                f"Teams with at least {settings.hotspot_minimum_signals} warning signs at once "
                "(load, sickness, agency, turnover, vacancies, changes of worker); the "
                "children's experience page says which.",
                lines,
                more,
            )
        )
    return Section("caseloads", "Caseloads", items)


def _waiting_item(*, user: User, today: dt.date, teams: frozenset[int] | None = None) -> Item:
    waiting, oldest = caseloads.waiting_summary(on=today)
    hint = "Open cases with no lead worker today; any team's allocator may take them."
    if oldest is not None:
        days = (today - oldest).days
        hint += f" The longest waiting opened on {_day(oldest)} ({_count(days, 'day', 'days')})."
    if teams:
        before = caseloads.waiting_held_before_by(on=today, teams=teams)
        hint += f" {_count(before, 'of them was', 'of them were')} held before by your teams."
    return Item(
        "waiting",
        "Children waiting for a lead worker",
        reverse("caseloads:board"),
        _count(waiting, "child", "children") if waiting else "None waiting",
        "red" if waiting else "green",
        hint,
    )


def quality_section(*, user: User, today: dt.date) -> Section | None:
    """Audits overdue and waiting for moderation, audits of one's own to do, actions overdue,
    and audits good or better against the authority's target."""
    if not roles_of(user) & PSW_AND_MANAGERS:
        return None
    audits = quality.audit_counts(user=user, today=today)
    actions = quality.action_counts(user=user, today=today)
    audits_page = reverse("quality:audits")
    items = [
        Item(
            "audits-overdue",
            "Audits overdue",
            audits_page,
            _count(audits.overdue, "audit", "audits") if audits.overdue else "None",
            "red" if audits.overdue else "green",
            "Audits still to do after their deadline, across the authority.",
        ),
        Item(
            "audits-moderation",
            "Audits waiting for moderation",
            audits_page,
            _count(audits.awaiting_moderation, "audit", "audits")
            if audits.awaiting_moderation
            else "None",
            "yellow" if audits.awaiting_moderation else "green",
            f"Submitted and not yet moderated; {audits.to_moderate:,} of them by you (nobody "
            "moderates their own audit)."
            if can(user, Capability.MODERATE_AUDITS)
            else "Submitted and not yet moderated by the PSW.",
        ),
        _audits_to_do_item(audits, audits_page),
        Item(
            "actions-overdue",
            "Actions overdue",
            reverse("quality:actions"),
            _count(actions.overdue, "action", "actions") if actions.overdue else "None",
            "red" if actions.overdue else "green",
            f"Not completed after their date; {actions.due_soon:,} more due in the next "
            f"{quality.DUE_SOON_DAYS} days.",
        ),
    ]
    if can(user, Capability.VIEW_QA_RESULTS):
        items.append(_grades_item(today=today))
    return Section("quality", "Quality assurance", items)


def _audits_to_do_item(audits: quality.AuditCounts, href: str) -> Item:
    return Item(
        "audits-to-do",
        "Audits you must do",
        href,
        _count(audits.to_do, "audit", "audits") if audits.to_do else "None",
        "red" if audits.to_do_overdue else ("blue" if audits.to_do else "green"),
        f"Assigned to you and not yet submitted; {audits.to_do_overdue:,} of them overdue.",
    )


def _grades_item(*, today: dt.date) -> Item:
    since = today - dt.timedelta(days=364)
    grades = quality.grades_since(since=since)
    goal = Decimal(str(targets().good_or_better))
    name = CATALOGUE["audits_good_or_better_share"].name
    if grades.share is None:
        status, colour = "No audits", "grey"
    else:
        shown = Decimal(str(grades.share)).quantize(Decimal("0.1"))
        meets = Decimal(str(grades.share)) >= goal
        status = f"{shown}%: {'meets' if meets else 'below'} target"
        colour = "green" if meets else "red"
    return Item(
        "audits-grades",
        f"{name}, twelve months to {_day(today)}",
        reverse("quality:results"),
        status,
        colour,
        f"{grades.good_or_better:,} of {grades.audits:,} audits completed since {_day(since)} "
        f"graded outstanding or good; the authority's target is {_plain(goal)}%.",
    )


# --- Team manager --------------------------------------------------------------------------


def my_teams_section(*, user: User, today: dt.date) -> Section | None:
    """For a team manager: children waiting (and those their teams held before), their teams'
    workers at or over capacity, the audits they must do and the actions they own."""
    if Role.TEAM_MANAGER not in roles_of(user):
        return None
    teams = frozenset(
        teams_visible_to(user=user)
        .filter(pk__in=teams_managed_by(user=user))
        .values_list("pk", flat=True)
    )
    items = []
    if teams and can(user, Capability.ALLOCATE):
        items.append(_waiting_item(user=user, today=today, teams=teams))
    if teams and can(user, Capability.VIEW_CASELOADS):
        over = caseloads.workers_over_capacity(on=today, teams=teams)
        if over is None:
            items.append(
                Item(
                    "over-capacity",
                    "Your workers over capacity",
                    reverse("caseloads:loads"),
                    "No weighting model",
                    "grey",
                    "Loads are weighed once a weighting model applies.",
                )
            )
        else:
            lines, more = _listed(
                [Line(m.full_name, _staff_href(user, m), f"{load}%") for m, load in over]
            )
            items.append(
                Item(
                    "over-capacity",
                    "Your workers over capacity",
                    f"{reverse('caseloads:loads')}?scope=mine",
                    _count(len(over), "worker", "workers") if over else "None",
                    "red" if over else "green",
                    "Workers of your teams whose weighted load today is at or over 100% of their "
                    "capacity.",
                    lines,
                    more,
                )
            )
    if can(user, Capability.AUDIT_CASES):
        audits = quality.audit_counts(user=user, today=today)
        items.append(_audits_to_do_item(audits, reverse("quality:audits")))
    items.append(_owned_actions_item(user=user, today=today))
    return Section("my-teams", "Your teams", items)


def _owned_actions_item(*, user: User, today: dt.date) -> Item:
    actions = quality.action_counts(user=user, today=today)
    return Item(
        "actions-owned",
        "Actions you own",
        f"{reverse('quality:actions')}?mine=1" if actions.owned_open else "",
        _count(actions.owned_open, "open action", "open actions")
        if actions.owned_open
        else "None open",
        "red" if actions.owned_overdue else ("blue" if actions.owned_open else "green"),
        f"{actions.owned_overdue:,} overdue; {actions.owned_due_soon:,} due in the next "
        f"{quality.DUE_SOON_DAYS} days.",
    )


# --- HR ------------------------------------------------------------------------------------


def register_section(*, user: User, today: dt.date) -> Section | None:
    """For HR: starters and leavers this month, and records the CSWW census would reject."""
    if Role.HR not in roles_of(user):
        return None
    first = today.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    starters, leavers = workforce.movers_between(user=user, first=first, last=last)
    month = f"{first:%B %Y}"
    lines, more = _listed(
        [Line(m.full_name, _staff_href(user, m), f"starts {_day(m.start_date)}") for m in starters]
    )
    items = [
        Item(
            "starters",
            f"Starters in {month}",
            reverse("workforce:staff_new"),
            _count(len(starters), "starter", "starters") if starters else "None recorded",
            "blue" if starters else "grey",
            "Recorded with a start date this month; add anyone who is not listed.",
            lines,
            more,
        )
    ]
    lines, more = _listed(
        [
            Line(m.full_name, _staff_href(user, m), f"last day {_day(m.end_date)}")
            for m in leavers
            if m.end_date is not None
        ]
    )
    items.append(
        Item(
            "leavers",
            f"Leavers in {month}",
            reverse("voice:leavers"),
            _count(len(leavers), "leaver", "leavers") if leavers else "None recorded",
            "blue" if leavers else "grey",
            "Recorded with a last day this month: send each the exit questionnaire.",
            lines,
            more,
        )
    )
    year = last_census_year(today)
    rejected = workforce.records_the_census_would_reject(user=user, year=year, today=today)
    lines, more = _listed(
        [
            Line(
                m.full_name,
                reverse("workforce:staff_edit", args=[m.pk]),
                "; ".join(problem.message for problem in problems),
            )
            for m, problems in rejected
        ]
    )
    items.append(
        Item(
            "census-rejects",
            f"Records the {year} census return would reject",
            reverse("workforce:census"),
            _count(len(rejected), "record", "records") if rejected else "None",
            "red" if rejected else "green",
            f"Records of people in post in the year to 30 September {year} that break a rule "
            "of the CSWW return; each links to its page to correct it.",
            lines,
            more,
        )
    )
    items.append(_registrations_item(user=user, today=today))
    return Section(
        "register",
        "Staff records",
        items,
        note="Pre-employment checks are recorded on each application in recruitment, not here.",
    )


def _registrations_item(*, user: User, today: dt.date) -> Item:
    """Social Work England: those in post not registered today (the 1 December check, any
    day), and from 1 September to 30 November the renewals at risk."""
    teams = frozenset(teams_visible_to(user=user).values_list("pk", flat=True))
    if today.month >= 9:  # the renewal window, to 30 November
        unregistered, at_risk = development.registration_checks(teams=teams, day=today)
    else:
        unregistered, at_risk = development.december_check(teams=teams, day=today), []
    rows = unregistered or at_risk
    lines, more = _listed(
        [Line(row.staff.full_name, _staff_href(user, row.staff), row.note) for row in rows]
    )
    if unregistered:
        status, colour = _count(len(unregistered), "not registered", "not registered"), "red"
        text = "In post today without a current Social Work England registration."
    elif at_risk:
        status, colour = _count(len(at_risk), "renewal at risk", "renewals at risk"), "yellow"
        text = "Not yet renewed for the registration year from 1 December, or short of CPD."
    else:
        status, colour = "None due", "green"
        text = "Everyone in post is registered; renewals are checked from 1 September."
    return Item(
        "registrations",
        "Social Work England registrations",
        reverse("development:registrations"),
        status,
        colour,
        text,
        lines,
        more,
    )


# --- Performance analyst -------------------------------------------------------------------


def returns_section(*, user: User, today: dt.date) -> Section | None:
    """For the analyst and HR, who make the returns: the CSWW return for the latest reporting
    year, DfE's statistics compared with, and when each kind of data they load was last
    loaded."""
    if not roles_of(user) & {Role.ANALYST, Role.HR}:
        return None
    items = []
    if can(user, Capability.MANAGE_CENSUS):
        items.append(_census_item(user=user, today=today))
    if can(user, Capability.MANAGE_COMPARISONS):
        items.append(_release_item(today=today))
    pages = {
        "staff": reverse("workforce:staff_import") if can(user, Capability.EDIT_STAFF) else None,
        **dict.fromkeys(
            ("allocations", "ssd", "activity"),
            reverse("caseloads:imports") if can(user, Capability.IMPORT_CASELOADS) else None,
        ),
    }
    if Role.ANALYST in roles_of(user) and settings.CSCW_HUB_DIR and can(user, Capability.VIEW_HUB):
        items.append(_hub_item())
    for load in last_imports():
        href = pages.get(load.kind)
        if href is None:
            continue
        at = timezone.localtime(load.at).date() if load.at else None
        ago = (today - at).days if at else -1
        items.append(
            Item(
                f"import-{load.kind}",
                f"{IMPORTED.get(load.kind, load.label)} last imported",
                href,
                _day(at) if at else "Never",
                "grey" if at else "yellow",
                (f"{_count(ago, 'day', 'days')} ago. " if ago >= 0 else "")
                + "The service keeps no timetable of loads: load when the source has changed.",
            )
        )
    return Section("returns", "Returns and data loads", items)


def _hub_item() -> Item:
    """The regional hub's pooled folder (``CSCW_HUB_DIR``): what it holds and when it was
    pooled, or that it cannot be read (its page says why)."""
    href = reverse("hub:overview")
    try:
        manifest = hub_selectors.pooled(Path(settings.CSCW_HUB_DIR)).manifest
    except hub_selectors.HubUnavailable:
        return Item("hub", "Regional hub", href, "Cannot be read", "red",
                    "The pooled folder cannot be read: its page says why.")  # fmt: skip
    years = manifest.years
    held = f"{years[0]} to {years[-1]}" if len(years) > 1 else "".join(map(str, years))
    return Item(
        "hub",
        "Regional hub",
        href,
        _count(len(manifest.authorities), "authority", "authorities"),
        "grey",
        f"Returns pooled on {manifest.created:%-d %B %Y}, census years {held or 'none'}.",
    )


IMPORTED = {
    "staff": "Staff records",
    "allocations": "Allocations",
    "ssd": "Allocations from the SSD extract",
    "activity": "Activity (assessments and visits)",
}
"""What each kind of import (``tasks.models.ImportTask.Kind``) loads, for the home page."""


def _census_item(*, user: User, today: dt.date) -> Item:
    year = last_census_year(today)
    state = workforce.census_state(year=year)
    title = f"CSWW census return for {year}"
    if state is None:
        return Item(
            "census",
            title,
            reverse("workforce:census"),
            "Not checked yet",
            "yellow",
            f"No return for {year} has been validated, imported or exported here yet.",
        )
    mine = state.by_id == user.pk
    who = "by you" if mine else "by someone else"
    href = (
        reverse("workforce:census_job", args=[state.job_id])
        if mine
        else reverse("workforce:census")
    )
    if not state.finished:
        status, colour = state.status, "blue"
    elif state.valid is None:
        status, colour = state.status, "grey"
    elif state.valid:
        status, colour = "Valid", "green"
    else:
        status, colour = _count(state.error_count, "error", "errors"), "red"
    return Item(
        "census",
        title,
        href,
        status,
        colour,
        f"Last run: {state.kind.lower()}, {timezone.localtime(state.at):%-d %B %Y at %H:%M}, "
        f"{who}.",
    )


def _release_item(*, today: dt.date) -> Item:
    """DfE publishes each reporting year's CSWW figures in late February of the next year: by
    1 March, the release compared with should hold the year before last's."""
    release, note = current_release()
    latest = max(release_years(release), default=None)
    expected = today.year - 1 if today >= dt.date(today.year, 3, 1) else today.year - 2
    due = latest is None or latest < expected
    return Item(
        "release",
        "DfE statistics compared with",
        reverse("workforce:comparison_data"),
        f"Due: DfE's {expected} figures" if due else f"Up to {latest}",
        "red" if due else "green",
        f"{note}. DfE publishes each year's figures in February of the next year.",
    )


# --- Social worker -------------------------------------------------------------------------


def my_work_section(*, user: User, today: dt.date) -> Section | None:
    """A practitioner's cases and load, feedback on their audited work, and actions they own."""
    if Role.SOCIAL_WORKER not in roles_of(user):
        return None
    items = []
    member = own_record(user=user)
    if member is not None and can(user, Capability.VIEW_OWN_CASELOAD):
        cases = caseloads.cases_visible_to(user=user).filter(closed__isnull=True).count()
        loads = caseloads.loads_stored_on(on=today)
        mine = None if loads is None else loads.filter(loads["worker_id"] == member.pk)
        if mine is None or not mine.height or mine["load_percent"][0] is None:
            status, colour, hint = (
                _count(cases, "case", "cases"),
                "blue",
                "Open cases you hold today; no weighted load for you today.",
            )
        else:
            load = Decimal(str(round(mine["load_percent"][0], 1)))
            status = f"{load}% of capacity"
            colour = "red" if load >= 100 else "green"
            hint = f"{_count(cases, 'open case', 'open cases')} you hold today, weighed against "
            hint += "your capacity."
        items.append(Item("my-cases", "Your cases and load", reverse("caseloads:mine"), status,
                          colour, hint))  # fmt: skip
    if can(user, Capability.VIEW_OWN_FEEDBACK):
        audits = quality.audit_counts(user=user, today=today)
        items.append(
            Item(
                "feedback",
                "Audit feedback on your work",
                reverse("quality:audits"),
                _count(audits.unanswered, "to respond to", "to respond to")
                if audits.unanswered
                else _count(audits.feedback, "audit", "audits"),
                "blue" if audits.unanswered else "grey",
                f"{_count(audits.feedback, 'audit', 'audits')} of your cases completed; "
                f"{audits.unanswered:,} without your response yet.",
            )
        )
    items.append(_owned_actions_item(user=user, today=today))
    return Section("my-work", "Your work", items)


# --- Administrator -------------------------------------------------------------------------


def running_section(*, user: User, today: dt.date) -> Section | None:
    """User accounts without a role, the audit trail's last week, and the service's status."""
    if not can(user, Capability.ADMINISTER):
        return None
    active = User.objects.filter(is_active=True)
    without = active.filter(groups__isnull=True, is_superuser=False).count()
    items = [
        Item(
            "accounts",
            "User accounts without a role",
            reverse("admin:auth_user_changelist"),
            _count(without, "account", "accounts") if without else "None",
            "yellow" if without else "green",
            f"Of {active.count():,} active accounts; someone with no role sees nothing.",
        )
    ]
    if can(user, Capability.VIEW_AUDIT_TRAIL):
        week = audit_events_visible_to(user=user).filter(at__date__gt=today - dt.timedelta(days=7))
        items.append(
            Item(
                "audit-trail",
                "Audit trail",
                reverse("audit:event_list"),
                _count(week.count(), "change", "changes"),
                "grey",
                "Changes recorded in the last 7 days.",
            )
        )
    items.append(
        Item(
            "status",
            "Service status",
            reverse("site:status"),
            "See the checks",
            "grey",
            "The database, the background worker and its queue, backups and the version.",
        )
    )
    return Section("running", "Running the service", items)


SECTIONS: tuple[Callable[..., Section | None], ...] = (  # each takes (*, user, today)
    my_work_section,
    my_teams_section,
    indicators_section,
    caseload_section,
    quality_section,
    register_section,
    returns_section,
    running_section,
)
"""Every section, in the order the home page shows them; each shows itself only to those whose
roles it concerns (a person with several roles sees each section once)."""


def home_sections(*, user: User, today: dt.date) -> list[Section]:
    """The sections of ``user``'s home page on ``today``: what needs their attention."""
    found = (section(user=user, today=today) for section in SECTIONS)
    return [section for section in found if section is not None]
