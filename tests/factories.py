"""factory_boy factories for the web tests: fictional people only."""

import datetime as dt
from decimal import Decimal

import factory
from django.apps import apps
from django.contrib.auth import get_user_model

from csc_workforce.web.accounts.roles import Role, role_group
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
    ServiceArea,
    StaffMember,
    Team,
)
from csc_workforce.web.recruitment.models import AgencyEngagement, PriceCap
from csc_workforce.web.workforce.models import SicknessEpisode

WEIGHTING_MODEL = {
    "effective_from": dt.date(2020, 1, 1),
    "full_time_target": Decimal(2176),
    "full_time_hours": Decimal(37),
    "status_points": {"child_in_need": 100, "child_protection": 150},
    "complexity_points": {"low": 0, "medium": 20, "high": 40},
    "travel_points": {"near": 0, "medium": 10, "far": 20},
    "court_extra": Decimal(30),
    "pre_proceedings_extra": Decimal(15),
    "asye_alone_forbidden": ["child_protection"],
}
"""A weighting model version for tests (``WeightingModelVersion.objects.create(**...)``): a
full-time worker's capacity 2,176 points, a child in need 100 and on a plan 150, complexity and
travel as given."""


PASSWORD = "correct-horse-battery-staple"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("old_la_code",)

    name = "Testshire"
    new_la_code = "E06999998"
    old_la_code = "998"
    region_code = "E12000001"
    region_name = "North East"


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Service area {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    service_area = factory.SubFactory(ServiceAreaFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    team_type = Team.TeamType.CIN_CP


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember
        skip_postgeneration_save = True

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    swe_number = factory.Sequence(lambda n: f"ZZ{n:06d}")
    qualifying_institution = "Northfield University"
    job_title = "Social worker"
    role_level = StaffMember.RoleLevel.CASE_HOLDER
    team = factory.SubFactory(TeamFactory)
    employment_type = StaffMember.Employment.PERMANENT
    fte = Decimal("1.000")
    start_date = dt.date(2015, 1, 5)
    end_date = None

    @factory.post_generation
    def assignment(self, create: bool, extracted: object, **kwargs: object) -> None:
        """The job the record describes, from the start date (as the services keep it)."""
        if create:
            Assignment.objects.create(
                staff=self,
                effective_from=self.start_date,
                effective_to=self.end_date,
                team=self.team,
                role_level=self.role_level,
                local_role=self.local_role,
                job_title=self.job_title,
                fte=self.fte,
                employment_type=self.employment_type,
            )


class SicknessEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SicknessEpisode

    staff = factory.SubFactory(StaffMemberFactory)
    start_date = dt.date(2024, 2, 5)
    end_date = dt.date(2024, 2, 9)
    working_days_lost = Decimal("5.0")
    reason = SicknessEpisode.Reason.RESPIRATORY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if create:
            self.save()
            for role in extracted or []:
                self.groups.add(role_group(role))


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort on the shipped ASYE (development app)."""

    class Meta:
        model = "development.Cohort"

    programme = factory.LazyFunction(
        lambda: apps.get_model("development", "Programme").objects.get(kind="asye", is_current=True)
    )
    name = factory.Sequence(lambda n: f"ASYE cohort {n}")
    starts_on = dt.date(2025, 9, 1)


class PriceCapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceCap

    region = "E12000001"
    job_type = "social_worker"
    effective_from = dt.date(2024, 10, 31)
    hourly_cap = Decimal("40.00")


class AgencyEngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyEngagement

    staff = factory.SubFactory(
        StaffMemberFactory,
        employment_type=StaffMember.Employment.AGENCY,
        start_date=dt.date(2025, 7, 7),
    )
    agency = "Brightpath Locums"
    job_type = "social_worker"
    cover_reason = "vacancy"
    notice_weeks = Decimal(4)
    hourly_pay_rate = Decimal("28.00")
    hourly_charge = Decimal("38.00")
    pqe_years = Decimal(5)
    previous_employment_checked = True
    references_requested_on = dt.date(2025, 6, 1)
    references_received_on = dt.date(2025, 6, 20)
