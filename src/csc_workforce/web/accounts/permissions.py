"""Who may do what: deny by default. ``docs/permissions.md`` is this table in prose.

A capability is granted to roles by the app it belongs to (``capabilities()`` on its
``AppConfig``); views demand one with ``@require``. Which records a person may
see within a capability (a team manager's own teams, a social worker's own record) is decided by
the visibility selectors of each app (``<things>_visible_to(*, user)``); a view fetches every
record it is given the identifier of through one of them, so a record outside the person's scope
is not found (404).
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .roles import Role, Viewer, roles_of

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)
M = TypeVar("M", bound=Model)


class Capability(StrEnum):
    VIEW_HOME = "view home dashboard"
    VIEW_TEAMS = "view teams and their aggregate figures"
    VIEW_INDICATORS = "view workforce indicators and comparisons"
    VIEW_RETENTION = "view retention curves and leavers by length of service"
    MANAGE_SCENARIOS = "save, change and delete workforce forecast scenarios"
    MANAGE_COMPARISONS = "load DfE statistics and choose comparator authorities"
    MANAGE_CENSUS = "validate, summarise, import and export the CSWW census return"
    VIEW_CASELOADS = "view workers' caseloads and weighted loads"
    ALLOCATE = "allocate children to workers"
    VIEW_OWN_CASELOAD = "view one's own caseload"
    VIEW_EXPERIENCE = "view children's experience, timeliness and hotspot teams"
    MANAGE_WEIGHTING = "change the workload weighting model and thresholds"
    IMPORT_CASELOADS = "import allocations and activity from the case management system"
    VIEW_QA_RESULTS = "view case audit results"
    RUN_AUDIT_PROGRAMME = "sample cases for audit and assign auditors"
    AUDIT_CASES = "complete case audits assigned to one"
    MODERATE_AUDITS = "moderate case audits"
    MANAGE_ACTIONS = "create and update action plans"
    VIEW_OWN_FEEDBACK = "see audit feedback on one's own work"
    OBSERVE_PRACTICE = "run practice weeks and record observations of practice"
    MANAGE_TEMPLATES = "build and version audit tools"
    RUN_SURVEYS = "build staff surveys, send them and publish what was done about them"
    VIEW_SURVEY_RESULTS = "view staff survey results"
    READ_SURVEY_COMMENTS = "read staff survey comments (free text)"
    VIEW_FEEDBACK = "view complaints, compliments and feedback from children and families"
    RECORD_FEEDBACK = "record complaints, compliments and feedback from children and families"
    DEVELOP_STAFF = "follow and record early careers and inductions of the staff one sees"
    MANAGE_PROGRAMMES = (
        "set up early career cohorts, enrolments, outcomes and grants; students, placements, "
        "practice educators, progression applications and awards"
    )
    VIEW_SUPERVISION = "view supervision, compliance and who is overdue, and record sessions"
    VIEW_REGISTRATIONS = (
        "view Social Work England registrations, renewals at risk and the 1 December check"
    )
    VIEW_TRAINING = "view mandatory training, course evaluations, training needs and protected time"
    MANAGE_DEVELOPMENT = (
        "set the supervision standard; keep the training catalogue and attendance; import "
        "supervision dates and registrations"
    )
    VIEW_AGENCY = "view agency assignments' compliance with DfE's agency rules"
    MANAGE_AGENCY = "record agency engagements, price caps and approvals"
    MAKE_AGENCY_RETURN = "produce the quarterly agency data for DfE"
    VIEW_RECRUITMENT = "view vacancies and the recruitment pipeline"
    MANAGE_RECRUITMENT = "record vacancies, adverts and applications"
    MANAGE_PAY = "record incentives and the pay benchmark"
    VIEW_SCORECARD = "view the measures-and-targets scorecard"
    WRITE_ANNUAL_REPORT = "set the scorecard's targets and write the PSW's annual report"
    VIEW_HUB = (
        "view the regional hub's pooled figures: the region's authorities for the region's hub, "
        "one's own beside the region's for an authority"
    )
    VIEW_STAFF = "view staff records"
    EDIT_STAFF = "create and edit staff records"
    VIEW_AUDIT_TRAIL = "view the audit trail"
    ADMINISTER = "manage user accounts and roles"


ALL_ROLES = frozenset(Role)
GRANTS: dict[Capability, frozenset[Role]] = {}
"""Which roles hold each capability. Each app grants its own, in ``capabilities()`` on its
``AppConfig``; ``collect_grants`` gathers them when the apps are ready (``AccountsConfig``)."""


def collect_grants() -> None:
    """Gather every app's grants into ``GRANTS``: each capability granted by exactly one app."""
    grants: dict[Capability, frozenset[Role]] = {}
    for config in apps.get_app_configs():
        declared = getattr(config, "capabilities", None)
        for capability, roles in (declared() if declared else {}).items():
            if capability in grants:
                raise ImproperlyConfigured(f"{capability.name} is granted by two apps")
            grants[capability] = frozenset(roles)
    missing = sorted(capability.name for capability in Capability if capability not in grants)
    if missing:
        raise ImproperlyConfigured(f"No app grants {', '.join(missing)}")
    GRANTS.clear()
    GRANTS.update(grants)


def can(user: Viewer, capability: Capability) -> bool:
    return bool(roles_of(user) & GRANTS[capability])


class SignedInRequest(HttpRequest):
    """A request that ``require`` has let through: its user is signed in."""

    user: User


def require(
    capability: Capability,
) -> Callable[
    [Callable[Concatenate[R, P], HttpResponse]],
    Callable[Concatenate[R, P], HttpResponse],
]:
    """Sign-in first (redirect), then the capability (403)."""

    def decorate(
        view: Callable[Concatenate[R, P], HttpResponse],
    ) -> Callable[Concatenate[R, P], HttpResponse]:
        @wraps(view)
        def guarded(request: R, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def visible_or_404(visible: QuerySet[M], pk: str | int) -> M:
    """The record ``pk`` names among ``visible`` (a visibility selector's answer for the person
    asking), for an identifier from a query string or a form; Http404 when it is not among them
    or is not a record number at all."""
    if isinstance(pk, str) and not (pk.isascii() and pk.isdigit()):
        raise Http404("No such record")
    return get_object_or_404(visible, pk=pk)
