from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

from csc_workforce.web.workforce.signals import staff_started

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence, Set

    import polars as pl
    from django.db.models import Model

    from csc_workforce.web.accounts.navigation import NavigationEntry
    from csc_workforce.web.accounts.permissions import Capability
    from csc_workforce.web.accounts.roles import Role
    from csc_workforce.web.organisation.demo import DemoRun
    from csc_workforce.web.organisation.models import StaffMember


def _induction_for_starter(sender: object, staff: StaffMember, **kwargs: Any) -> None:
    """A starter recorded in the register starts their induction (``services.induction_start``)."""
    from .services import induction_start

    induction_start(staff=staff, by=None)


class DevelopmentConfig(AppConfig):
    """Growing our own and keeping skills current: early careers, students and routes in,
    induction, progression, supervision, CPD and Social Work England registration."""

    name = "csc_workforce.web.development"
    label = "development"
    verbose_name = "Development"

    def retention_frames(self) -> dict[str, Any]:
        """What this app holds for the retention pages (``workforce.survival``, which asks every
        app): each engagement's ASYE cohort here (``asye``: ``staff_id``, ``asye``)."""
        from .selectors import asye_cohorts

        return {"asye": asye_cohorts()}

    def ready(self) -> None:
        from csc_workforce.web.audit.recorder import register

        from . import models

        # Issue 16: early careers, induction, students, progression and leadership
        for model in (
            models.Programme,
            models.Cohort,
            models.Enrolment,
            models.Review,
            models.Evidence,
            models.Extension,
            models.InductionTemplate,
            models.Induction,
            models.InductionItem,
            models.PracticeEducator,
            models.Student,
            models.Placement,
            models.GrowOwnTarget,
            models.ProgressionFramework,
            models.ProgressionApplication,
            models.Award,
            # Issue 17: supervision, registration, CPD and training
            models.SupervisionStandard,
            models.SupervisionAgreement,
            models.SupervisionSession,
            models.Registration,
            models.CpdRecord,
            models.TrainingCourse,
            models.TrainingAttendance,
            models.DevelopmentPlan,
        ):
            register(model)
        staff_started.connect(_induction_for_starter, dispatch_uid="development:induction")

    demo_order = 60
    """This app's place in the demo seed (``web/demo.py``); cleared in the reverse order."""

    def demo_seed(self, run: DemoRun) -> Sequence[type[Model]]:
        """This app's part of the demo; the tables it fills, for the audit trail."""
        from . import models
        from .demo_careers import seed_careers
        from .demo_supervision import seed_supervision

        seed_careers(seed=run.seed, today=run.today, progress=run.progress)
        return (
            *seed_supervision(run),
            models.Cohort,
            models.Enrolment,
            models.Review,
            models.Evidence,
            models.Extension,
            models.Induction,
            models.InductionItem,
            models.PracticeEducator,
            models.Student,
            models.Placement,
            models.ProgressionApplication,
            models.Award,
        )

    def demo_clear(self) -> None:
        """Remove this app's part of the demo."""
        from .demo_careers import clear_careers
        from .demo_supervision import clear_supervision

        clear_supervision()
        clear_careers()

    def forecast_arrivals(self, *, on: dt.date) -> pl.DataFrame:
        """Students due to finish their placements after ``on``, for the workforce forecast
        (``workforce.forecast.arrivals_frame``)."""
        from .selectors import student_arrivals

        return student_arrivals(on=on)

    def capabilities(self) -> dict[Capability, Set[Role]]:
        """This app's capabilities and the roles granted them (``accounts.permissions``)."""
        from csc_workforce.web.accounts.permissions import Capability
        from csc_workforce.web.accounts.roles import Role

        return {
            Capability.DEVELOP_STAFF: {
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
                Role.HR,
            },
            Capability.MANAGE_PROGRAMMES: {Role.PSW, Role.HR},
            # Supervision, registration and CPD (issue 17).
            Capability.VIEW_SUPERVISION: {Role.PSW, Role.SERVICE_MANAGER, Role.TEAM_MANAGER},
            Capability.VIEW_REGISTRATIONS: {
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
                Role.HR,
            },
            Capability.VIEW_TRAINING: {
                Role.PSW,
                Role.SERVICE_MANAGER,
                Role.TEAM_MANAGER,
                Role.HR,
            },
            Capability.MANAGE_DEVELOPMENT: {Role.PSW, Role.HR},
        }

    def navigation(self) -> list[NavigationEntry]:
        """This app's links in the service navigation (``accounts.navigation``)."""
        from csc_workforce.web.accounts.navigation import NavigationEntry
        from csc_workforce.web.accounts.permissions import Capability

        return [
            NavigationEntry(95, "Development", "development:index", Capability.DEVELOP_STAFF),
            # Supervision, registration and training are linked from the Development page.
            NavigationEntry(
                99, "My development", "development:mine", Capability.VIEW_HOME, own_record_only=True
            ),
        ]
