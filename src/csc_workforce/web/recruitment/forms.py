"""What HR and the PSW type about agency engagements, caps and the quarterly data, with GOV.UK
error messages. Rules that need the stored record are the services' (``engagement_problems``);
their ValidationErrors show on these forms too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from csc_workforce.core import agency as rules
from csc_workforce.core.recruitment import INCENTIVES, SOURCES
from csc_workforce.web import govuk
from csc_workforce.web.govuk import DateField
from csc_workforce.web.organisation.models import LocalRole, StaffMember, choices
from csc_workforce.web.uploads import within_upload_limit

from .models import Advert, AgencyEngagement, Post, Vacancy

YES_NO = [("", "Not recorded"), ("yes", "Yes"), ("no", "No")]


def _money(label: str, what: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "invalid": f"Enter the {what} in pounds, like 42.50",
            "min_value": f"The {what} must be more than 0",
            "max_digits": f"The {what} must be less than £100,000",
            "max_decimal_places": f"Enter the {what} in pounds and pence, like 42.50",
        },
    )


def _weeks(label: str, what: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={
            "invalid": f"Enter the {what} as a number, like 4",
            "min_value": f"The {what} must be 0 or more",
            "max_digits": f"The {what} must be less than 1,000",
            "max_decimal_places": f"Enter the {what} to one decimal place at most",
        },
    )


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        error_messages={"invalid_choice": "Choose yes, no or not recorded"},
    )


def _choice(
    label: str, options: dict[str, str], *, required: bool = False, blank: str = "Not recorded"
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=([] if required else [("", blank)]) + choices(options),
        error_messages={
            "required": f"Choose the {label.lower()}",
            "invalid_choice": f"Choose one of the {label.lower()} offered",
        },
    )


class EngagementForm(govuk.Form):
    agency = forms.CharField(
        label="Agency", max_length=100, error_messages={"required": "Enter the agency's name"}
    )
    managed_service_provider = forms.CharField(
        label="Managed service provider (if any)", max_length=100, required=False
    )
    job_type = _choice("Job type", rules.JOB_TYPES, blank="Choose a job type")
    cover_reason = _choice("Post or reason covered", rules.COVER_REASONS, required=True)
    expected_end = DateField(label="Expected end", label_text="expected end", required=False)
    hourly_pay_rate = _money("Hourly pay rate to the worker (£)", "hourly pay rate")
    hourly_charge = _money("Hourly charge to the authority (£, VAT excluded)", "hourly charge")
    notice_weeks = _weeks("Notice period (weeks)", "notice period")
    permanent_notice_weeks = _weeks(
        "Notice of permanent staff in the same role (weeks), if shorter than 4", "notice period"
    )
    project_team = forms.BooleanField(
        label="Part of a project team or packaged service", required=False
    )
    project_workers_approved = _yes_no("Project team: every worker approved by us")
    project_costs_separated = _yes_no("Project team: workers' costs separated from the package")
    qualified_on = DateField(label="Qualified on", label_text="qualification date", required=False)
    pqe_years = _weeks(
        "Post-qualified experience in English local authority child and family social work (years)",
        "post-qualified experience",
    )
    references_requested_on = DateField(
        label="References requested on",
        label_text="date references were requested",
        required=False,
    )
    references_received_on = DateField(
        label="References received on",
        label_text="date references were received",
        required=False,
    )
    previous_employment_checked = forms.BooleanField(
        label="Previous employment checked", required=False
    )
    previous_employer = forms.CharField(label="Previous employer", max_length=100, required=False)
    left_permanent_on = DateField(
        label="Left a permanent post on (last 3 months)",
        label_text="date they left",
        required=False,
    )
    left_permanent_region = _choice("Region of that permanent post", rules.REGIONS)
    left_permanent_reason = _choice("Why they left it", rules.LEAVING_REASONS)
    dcs_approved_on = DateField(
        label="Director of children's services approved the rate above the cap on",
        label_text="date of the director's approval",
        required=False,
    )
    chief_executive_approved_on = DateField(
        label="Chief executive approved the rate above the cap on",
        label_text="date of the chief executive's approval",
        required=False,
    )
    approval_note = forms.CharField(
        label="Why the cap is exceeded (approvals)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def initial_from(engagement: AgencyEngagement | None) -> dict[str, Any]:
        if engagement is None:
            return {}
        initial: dict[str, Any] = {}
        for name in EngagementForm.base_fields:
            value = getattr(engagement, name)
            if name in ("project_workers_approved", "project_costs_separated"):
                value = "" if value is None else ("yes" if value else "no")
            initial[name] = value
        return initial


class PriceCapForm(govuk.Form):
    region = _choice("Region", rules.REGIONS, required=True)
    job_type = _choice("Job type", rules.JOB_TYPES, required=True)
    effective_from = DateField(label="In force from", label_text="date the cap is in force from")
    hourly_cap = _money("Hourly cap (£, VAT excluded)", "hourly cap")
    source = forms.CharField(label="Where it was agreed", max_length=200, required=False)

    def clean_hourly_cap(self) -> Decimal:
        value = self.cleaned_data.get("hourly_cap")
        if value is None:
            raise forms.ValidationError("Enter the hourly cap in pounds, like 42.50")
        return value


class QuarterForm(govuk.Form):
    quarter = forms.CharField(
        label="Quarter",
        max_length=6,
        help_text="A year, Q and 1 to 4: 2025Q3 is July to September 2025",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
        error_messages={"required": "Enter the quarter, like 2025Q3"},
    )

    def clean_quarter(self) -> str:
        quarter = self.cleaned_data["quarter"].strip().upper()
        try:
            rules.quarter_bounds(quarter)
        except rules.BadQuarter as error:
            raise forms.ValidationError(str(error)) from None
        return quarter


def _post_label(post: Post) -> str:
    return f"{post.reference}, {post.team.name}, {post.get_role_level_display()}"


class VacancyForm(govuk.Form):
    post = forms.ModelChoiceField(
        label="Funded post",
        queryset=Post.objects.none(),
        error_messages={
            "required": "Choose the funded post to fill",
            "invalid_choice": "Choose one of the funded posts offered",
        },
    )
    title = forms.CharField(
        label="Job title", max_length=100, error_messages={"required": "Enter the job title"}
    )
    kind = forms.ChoiceField(
        label="Kind of vacancy",
        choices=Vacancy.Kind.choices,
        error_messages={"invalid_choice": "Choose permanent or temporary"},
    )
    reason = _choice("Post or reason covered", rules.COVER_REASONS, required=True)
    opened_on = DateField(label="Opened on", label_text="date the vacancy opened")

    def __init__(self, *args: Any, posts: QuerySet[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["post"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = posts
        field.label_from_instance = _post_label  # type: ignore[assignment]


class AdvertForm(govuk.Form):
    where = forms.ChoiceField(
        label="Where",
        choices=Advert.Where.choices,
        error_messages={"invalid_choice": "Choose where it is advertised"},
    )
    opened_on = DateField(label="Opens on", label_text="opening date")
    closes_on = DateField(label="Closes on", label_text="closing date")
    cost = forms.DecimalField(
        label="Cost (£)",
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the cost, 0 if it was free",
            "invalid": "Enter the cost in pounds, like 450",
            "min_value": "The cost must be 0 or more",
            "max_digits": "The cost must be less than £10,000,000",
            "max_decimal_places": "Enter pounds and pence with no more than 2 decimal places",
        },
    )


class ApplicationForm(govuk.Form):
    advert = forms.ModelChoiceField(
        label="Advert",
        queryset=Advert.objects.none(),
        error_messages={
            "required": "Choose the advert applied to",
            "invalid_choice": "Choose one of this vacancy's adverts",
        },
    )
    candidate_name = forms.CharField(
        label="Candidate's name", max_length=150, error_messages={"required": "Enter the name"}
    )
    candidate_email = forms.EmailField(
        label="Candidate's email address",
        error_messages={
            "required": "Enter the email address",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    source = _choice("Source", SOURCES, required=True)
    applied_on = DateField(label="Applied on", label_text="date they applied")

    def __init__(self, *args: Any, adverts: QuerySet[Advert], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["advert"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = adverts


class ProgressForm(govuk.Form):
    shortlisted_on = DateField(
        label="Shortlisted on", label_text="shortlisting date", required=False
    )
    interviewed_on = DateField(label="Interviewed on", label_text="interview date", required=False)
    offered_on = DateField(label="Offered the post on", label_text="offer date", required=False)
    dbs_cleared_on = DateField(label="DBS check cleared on", label_text="DBS date", required=False)
    references_cleared_on = DateField(
        label="References cleared on", label_text="references date", required=False
    )
    registration_checked_on = DateField(
        label="Social Work England registration checked on",
        label_text="registration check date",
        required=False,
    )
    started_on = DateField(label="Started on", label_text="start date", required=False)
    withdrawn_on = DateField(label="Withdrew on", label_text="withdrawal date", required=False)
    withdrawal_reason = forms.CharField(label="Why they withdrew", max_length=200, required=False)


class IncentiveForm(govuk.Form):
    staff = forms.ModelChoiceField(
        label="Employee",
        queryset=StaffMember.objects.none(),
        error_messages={
            "required": "Choose the employee paid",
            "invalid_choice": "Choose one of the employees offered",
        },
    )
    kind = _choice("Kind", INCENTIVES, required=True)
    amount = forms.DecimalField(
        label="Amount (£ a year, or the one payment)",
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the amount",
            "invalid": "Enter the amount in pounds, like 3000",
            "min_value": "The amount must be more than 0",
            "max_digits": "The amount must be less than £10,000,000",
            "max_decimal_places": "Enter pounds and pence with no more than 2 decimal places",
        },
    )
    start_date = DateField(label="Paid from (or on)", label_text="first day paid")
    end_date = DateField(label="Paid until", label_text="last day paid", required=False)

    def __init__(self, *args: Any, employees: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employees


class PayBenchmarkForm(govuk.Form):
    year = forms.IntegerField(
        label="Financial year starting in",
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year, like 2025",
            "invalid": "Enter the year, like 2025",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year up to 2100",
        },
    )
    authority_name = forms.CharField(
        label="Authority", max_length=100, error_messages={"required": "Enter the authority"}
    )
    role = _choice("Role", dict(LocalRole.choices), required=True)
    pay_min = _money("Lowest pay point (£ a year)", "lowest pay point")
    pay_max = _money("Highest pay point (£ a year)", "highest pay point")
    incentives = forms.CharField(label="Incentives offered", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("pay_min", "pay_max"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, "Enter the pay point in pounds, like 38500")
        return data


class BenchmarkUploadForm(govuk.Form):
    file = forms.FileField(
        label="The region's pay benchmark (CSV)",
        help_text="Columns: year, authority, role, pay_min, pay_max, incentives",
        error_messages={"required": "Choose the CSV file"},
        validators=[within_upload_limit],
    )
