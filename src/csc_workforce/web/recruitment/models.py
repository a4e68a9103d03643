"""Agency engagements under DfE's statutory agency rules, the regional price caps and the
quarterly data sent to DfE (``core.agency``; docs/agency.md)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from csc_workforce.core.agency import COVER_REASONS, JOB_TYPES, LEAVING_REASONS, REGIONS
from csc_workforce.core.recruitment import INCENTIVES, SOURCES, STAGES, stage_of
from csc_workforce.web.organisation.models import LocalRole, Post, StaffMember, choices


class PriceCap(models.Model):
    """A region's agreed price cap for one job type, in force from a day until the next one
    for the same region and job type. Held as data: regions publish their caps to their
    authorities, not to everyone (docs/agency.md)."""

    region = models.CharField(max_length=9, choices=choices(REGIONS))
    job_type = models.CharField(max_length=25, choices=choices(JOB_TYPES))
    effective_from = models.DateField()
    hourly_cap = models.DecimalField(
        "hourly cap (£)", max_digits=7, decimal_places=2, help_text="VAT excluded"
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the cap was agreed, e.g. the RIIA's letter"
    )

    class Meta:
        ordering = ["region", "job_type", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "job_type", "effective_from"],
                name="one_cap_per_region_job_and_day",
                violation_error_message="A cap for this region and job type already starts on "
                "this day",
            ),
            models.CheckConstraint(condition=Q(hourly_cap__gt=0), name="cap_above_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.get_job_type_display()} cap, {self.get_region_display()}"


class AgencyEngagement(models.Model):
    """The details of an agency engagement the statutory rules and DfE's quarterly data ask for,
    beside the register's agency record (its ``StaffMember``: dates, team, job, FTE)."""

    staff = models.OneToOneField(
        StaffMember, on_delete=models.CASCADE, related_name="agency_engagement"
    )
    agency = models.CharField("agency", max_length=100)
    managed_service_provider = models.CharField(max_length=100, blank=True)
    job_type = models.CharField(max_length=25, blank=True, choices=choices(JOB_TYPES))
    cover_reason = models.CharField(
        "post or reason covered", max_length=20, choices=choices(COVER_REASONS)
    )
    expected_end = models.DateField(null=True, blank=True)
    notice_weeks = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    permanent_notice_weeks = models.DecimalField(
        "notice of permanent staff in the same role (weeks)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    hourly_pay_rate = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_charge = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    project_team = models.BooleanField("part of a project team or packaged service", default=False)
    project_workers_approved = models.BooleanField(null=True, blank=True)
    project_costs_separated = models.BooleanField(null=True, blank=True)
    qualified_on = models.DateField(null=True, blank=True)
    pqe_years = models.DecimalField(
        "post-qualified experience in English LA child and family social work (years)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    references_requested_on = models.DateField(null=True, blank=True)
    references_received_on = models.DateField(null=True, blank=True)
    previous_employment_checked = models.BooleanField(default=False)
    previous_employer = models.CharField(max_length=100, blank=True)
    left_permanent_on = models.DateField(null=True, blank=True)
    left_permanent_region = models.CharField(max_length=9, blank=True, choices=choices(REGIONS))
    left_permanent_reason = models.CharField(
        max_length=12, blank=True, choices=choices(LEAVING_REASONS)
    )
    dcs_approved_on = models.DateField(
        "approved above the cap by the director of children's services on", null=True, blank=True
    )
    chief_executive_approved_on = models.DateField(
        "approved above the cap by the chief executive on", null=True, blank=True
    )
    approval_note = models.TextField(blank=True)

    class Meta:
        ordering = ["staff__family_name", "staff__given_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_pay_rate__isnull=True, hourly_charge__isnull=True)
                | ~Q(job_type=""),
                name="rate_needs_job_type",
                violation_error_message="A rate needs a job type",
            ),
        ]

    def __str__(self) -> str:
        return f"Agency engagement of {self.staff}"


class QuarterlyAgencyReturn(models.Model):
    """A quarter's agency data as it was produced for DfE, kept as sent."""

    quarter = models.CharField(max_length=6)
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_by_label = models.CharField(max_length=150)
    rows = models.PositiveIntegerField()
    content = models.TextField(help_text="The CSV as produced")

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"Agency data {self.quarter}"


class Vacancy(models.Model):
    """A funded post to fill: permanently (the post is vacant or will be) or for a time (its
    holder is on maternity or other long leave, or seconded)."""

    class Kind(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        TEMPORARY = "temporary", "Temporary (holder away)"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="vacancies")
    title = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERMANENT)
    reason = models.CharField(
        "post or reason covered", max_length=20, choices=choices(COVER_REASONS)
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True, help_text="Filled or withdrawn")

    class Meta:
        ordering = ["-opened_on", "pk"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="vacancy_closes_after_opening",
                violation_error_message="A vacancy closes on or after it opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.post.reference})"


class Advert(models.Model):
    class Where(models.TextChoices):
        COUNCIL = "council", "The council's jobs site"
        JOB_SITE = "job_site", "A job site"
        PROFESSIONAL = "professional", "Professional press"
        SOCIAL_MEDIA = "social_media", "Social media"
        UNIVERSITY = "university", "Universities and partner programmes"
        INTERNATIONAL = "international", "International recruitment"

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="adverts")
    where = models.CharField(max_length=15, choices=Where.choices)
    opened_on = models.DateField()
    closes_on = models.DateField()
    cost = models.DecimalField("cost (£)", max_digits=9, decimal_places=2, default=0)

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opened_on")),
                name="advert_closes_after_opening",
                violation_error_message="An advert closes on or after it opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_where_display()} from {self.opened_on:%-d %B %Y}"


class Application(models.Model):
    """Someone's application to an advert, with the day it reached each stage of the pipeline
    (``core.recruitment.STAGES``)."""

    advert = models.ForeignKey(Advert, on_delete=models.CASCADE, related_name="applications")
    candidate_name = models.CharField(max_length=150)
    candidate_email = models.EmailField()
    source = models.CharField(max_length=20, choices=choices(SOURCES))
    applied_on = models.DateField()
    shortlisted_on = models.DateField(null=True, blank=True)
    interviewed_on = models.DateField(null=True, blank=True)
    offered_on = models.DateField(null=True, blank=True)
    dbs_cleared_on = models.DateField("DBS check cleared on", null=True, blank=True)
    references_cleared_on = models.DateField(null=True, blank=True)
    registration_checked_on = models.DateField(
        "Social Work England registration checked on", null=True, blank=True
    )
    started_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["advert", "candidate_email"],
                name="one_application_per_advert",
                violation_error_message="This person has already applied to this advert",
            ),
        ]

    def __str__(self) -> str:
        return f"Application from {self.candidate_name}"

    @property
    def checks_cleared_on(self) -> dt.date | None:
        """The day the last of the three pre-employment checks cleared (None until all have)."""
        days = (self.dbs_cleared_on, self.references_cleared_on, self.registration_checked_on)
        return None if None in days else max(d for d in days if d is not None)

    @property
    def stage(self) -> str:
        reached = {column: getattr(self, column) for column, _ in STAGES}
        return stage_of(withdrawn=self.withdrawn_on is not None, reached=reached)


class Incentive(models.Model):
    """A payment on top of base salary to an employee: a market supplement, a recruitment or
    retention payment (a yearly amount), or a relocation package (paid once)."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="incentives")
    kind = models.CharField(max_length=20, choices=choices(INCENTIVES))
    amount = models.DecimalField(
        "amount (£)", max_digits=9, decimal_places=2, help_text="A year's, or the one payment"
    )
    start_date = models.DateField("paid from (or on)")
    end_date = models.DateField("paid until", null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="incentive_ends_after_start",
                violation_error_message="An incentive ends on or after it starts",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="incentive_above_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%-d %B %Y}"


class PayBenchmark(models.Model):
    """A neighbouring authority's pay for a role, as the region shares it: its pay points and
    incentives, entered or imported from the region's CSV."""

    year = models.PositiveSmallIntegerField(help_text="The financial year it starts in")
    authority_name = models.CharField("authority", max_length=100)
    role = models.CharField(max_length=30, choices=LocalRole.choices)
    pay_min = models.DecimalField("lowest pay point (£)", max_digits=9, decimal_places=2)
    pay_max = models.DecimalField("highest pay point (£)", max_digits=9, decimal_places=2)
    incentives = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "role", "authority_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "authority_name", "role"],
                name="one_benchmark_per_authority_role_year",
                violation_error_message="This authority's pay for this role and year is held",
            ),
            models.CheckConstraint(
                condition=Q(pay_max__gte=models.F("pay_min")), name="pay_max_not_below_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority_name}, {self.get_role_display()} {self.year}"
