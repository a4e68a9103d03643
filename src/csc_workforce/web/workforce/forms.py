"""What people type into the register, checked with GOV.UK error messages.

Rules that involve the stored record (dates against the current job, agency fields) are the
services'; their ValidationErrors are shown on these forms too.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from csc_workforce.core import codes
from csc_workforce.core.record_rules import FTE_PLACES
from csc_workforce.core.staff_import import STAFF_SHEET
from csc_workforce.core.swe import normalise_swe_number
from csc_workforce.web import govuk
from csc_workforce.web.govuk import DateField
from csc_workforce.web.organisation.models import (
    SWE_NUMBER_MESSAGE,
    LocalRole,
    Post,
    StaffMember,
    Team,
    choices,
)
from csc_workforce.web.uploads import within_spreadsheet_bounds, within_upload_limit

from .models import ForecastScenario, LongAbsence, PayAndAllowances, SicknessEpisode
from .services import JOB_FIELDS, PERSON_FIELDS

FTE_MESSAGES = {
    "required": "Enter the FTE",
    "invalid": "FTE must be a number, like 0.8",
    "min_value": "FTE must be more than 0",
    "max_value": "FTE must be 1 or less",
    "max_decimal_places": f"FTE must have no more than {FTE_PLACES} decimal places",
}
MONEY_MESSAGES = {
    "invalid": "Enter an amount in pounds, like 38500",
    "max_decimal_places": "Enter pounds and pence with no more than 2 decimal places",
}


class PersonForm(govuk.ModelForm[StaffMember]):
    """Personal details, qualification, pay and origin."""

    date_of_birth = DateField(label="Date of birth", label_text="date of birth", required=False)

    class Meta:
        model = StaffMember
        fields = list(PERSON_FIELDS)
        labels = {
            "swe_number": "Social Work England number",
            "qualification_level": "Level of social work qualification",
            "qualification_route": "Route into social work",
            "start_origin": "Where they came from (CSWW origin)",
            "base_salary": "Base salary (£ a year)",
            "rr_payments": "Recruitment and retention payments (£ a year)",
        }
        help_texts = {
            "swe_number": "2 letters then up to 10 digits, like SW123456",
            "contract_weeks": "Agency workers only: the length of the current contract",
            "start_origin": "Employees only",
        }
        widgets = {
            "swe_number": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "spellcheck": "false"}
            ),
            "contract_weeks": forms.TextInput(attrs={"class": "govuk-input--width-4"}),
            "base_salary": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "rr_payments": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }
        error_messages = {
            "given_name": {"required": "Enter the given name"},
            "family_name": {"required": "Enter the family name"},
            "swe_number": {"max_length": SWE_NUMBER_MESSAGE},
            "base_salary": MONEY_MESSAGES,
            "rr_payments": MONEY_MESSAGES,
            "contract_weeks": {"invalid": "Contract weeks must be a number, like 26"},
        }

    def clean_swe_number(self) -> str:
        """Upper-case before the uniqueness check, as the record stores it."""
        return normalise_swe_number(self.cleaned_data.get("swe_number") or "")


class JobForm(govuk.Form):
    """Team, role, FTE and employment type: a job, from a date."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), error_messages={"required": "Select the team"}
    )
    role_level = forms.TypedChoiceField(
        label="Role (CSWW organisational role)",
        choices=[("", "Select the role"), *StaffMember.RoleLevel.choices],
        coerce=int,
        error_messages={"required": "Select the role"},
    )
    local_role = forms.ChoiceField(
        label="Local role", choices=LocalRole.choices, initial=LocalRole.SOCIAL_WORKER
    )
    job_title = forms.CharField(max_length=100, error_messages={"required": "Enter the job title"})
    fte = forms.DecimalField(
        label="FTE (full-time equivalent)",
        help_text="A number above 0 and up to 1, like 0.8 for 4 days a week",
        min_value=Decimal("0.000001"),
        max_value=1,
        decimal_places=FTE_PLACES,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages=FTE_MESSAGES,
    )
    employment_type = forms.ChoiceField(
        label="Employment",
        choices=StaffMember.Employment.choices,
        error_messages={"required": "Select the type of employment"},
    )

    def job(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in JOB_FIELDS}


class StaffCreateForm(JobForm, PersonForm):
    """A new starter or agency worker: who they are and their first job."""

    start_date = DateField(label="Start date", label_text="start date")

    class Meta(PersonForm.Meta):
        fields = [*PERSON_FIELDS, "start_date"]


class JobChangeForm(JobForm):
    effective_from = DateField(label="Date of the change", label_text="date of the change")

    field_order = ["effective_from"]


class LeavingForm(govuk.Form):
    end_date = DateField(label="Last day", label_text="last day")
    reason_leave = forms.ChoiceField(
        label="Reason for leaving",
        choices=[("", "Select a reason"), *choices(codes.REASON_LEAVE)],
        required=False,
        help_text="Employees only",
    )
    leaver_destination = forms.ChoiceField(
        label="Where they went",
        choices=[
            ("", "Select a destination"),
            *choices(codes.LEAVER_DESTINATION),
        ],
        required=False,
        help_text="Employees only",
    )


class ConversionForm(govuk.Form):
    """An agency worker taken on as an employee, or an employee moving to agency work: one
    engagement ends the day before ``on`` and the other starts on it."""

    on = DateField(label="First day of the new engagement", label_text="first day")
    employment_type = forms.ChoiceField(
        label="From that day they are",
        error_messages={"required": "Select how they will work"},
    )
    reason_leave = forms.ChoiceField(
        label="Reason for leaving employment",
        choices=[("", "Select a reason"), *choices(codes.REASON_LEAVE)],
        required=False,
        help_text="Employees moving to agency work only; where they went is recorded as agency "
        "or consultancy work",
    )
    field_nouns = {"employment_type": "type of employment"}

    def __init__(self, *args: Any, staff: StaffMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = StaffMember.Employment.AGENCY
        field = self.fields["employment_type"]
        assert isinstance(field, forms.ChoiceField)
        if staff.employment_type == agency:
            field.choices = [
                (value, label) for value, label in StaffMember.Employment.choices if value != agency
            ]
            del self.fields["reason_leave"]
        else:
            field.choices = [(agency, "An agency worker")]
            field.initial = agency


class SicknessForm(govuk.Form):
    start_date = DateField(label="First day of sickness", label_text="first day of sickness")
    end_date = DateField(label="Last day of sickness", label_text="last day of sickness")
    working_days_lost = forms.DecimalField(
        label="Working days lost (FTE days)",
        help_text="Days the person was due to work, like 2.5 for five half days",
        min_value=0,
        decimal_places=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the working days lost",
            "invalid": "Working days lost must be a number, like 3 or 2.5",
            "min_value": "Working days lost must be 0 or more",
            "max_decimal_places": "Working days lost must have no more than 1 decimal place",
        },
    )
    reason = forms.ChoiceField(
        choices=SicknessEpisode.Reason.choices,
        error_messages={"required": "Select the reason"},
    )


class LongAbsenceForm(govuk.Form):
    kind = forms.ChoiceField(
        label="Kind of absence",
        choices=LongAbsence.Kind.choices,
        error_messages={
            "required": "Choose the kind of absence",
            "invalid_choice": "Choose one of the kinds of absence offered",
        },
    )
    start_date = DateField(label="First day away", label_text="first day away")
    end_date = DateField(
        label="Return (expected or actual)", label_text="return date", required=False
    )


class ReleaseUploadForm(govuk.Form):
    file = forms.FileField(
        label="DfE statistics file (CSV)",
        help_text="The local authority level CSV of DfE's Children's social work workforce release",
        error_messages={"required": "Choose a CSV file to load"},
        validators=[within_upload_limit],
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file")
        return file


class ComparatorsForm(govuk.Form):
    """The authorities to compare with, chosen by name: ``authorities`` is (code, name) in the
    order offered (DfE's statistical neighbours first), which is the order they are kept in."""

    comparators = forms.MultipleChoiceField(
        label="Comparator authorities",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one authority to compare with",
            "invalid_choice": "Select authorities from the list",
        },
    )

    def __init__(self, *args: Any, authorities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authorities = authorities
        field = self.fields["comparators"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = authorities

    def clean_comparators(self) -> list[str]:
        chosen = set(self.cleaned_data["comparators"])
        return [code for code, _ in self.authorities if code in chosen]


class CensusUploadForm(govuk.Form):
    action = forms.ChoiceField(
        label="What to do with the return",
        choices=[
            ("validate", "Check it against the schema and DfE's rules"),
            ("summary", "Check it and count it as DfE will"),
            ("import", "Load it into the register (only if it has no errors)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to do with the return"},
    )
    file = forms.FileField(
        label="CSWW return (XML)",
        error_messages={"required": "Choose the return's XML file"},
        validators=[within_upload_limit],
    )
    year = forms.IntegerField(
        label="Reporting year (optional)",
        help_text="Only needed if the file's header has no Year or ReferenceDate",
        required=False,
        min_value=2021,
        max_value=2100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter a year like 2025"},
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xml"):
            raise forms.ValidationError("The return must be an XML file")
        return file


class CensusExportForm(govuk.Form):
    year = forms.TypedChoiceField(
        label="Reporting year", coerce=int, error_messages={"required": "Select the year"}
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, str(year)) for year in reversed(years)]


class PostForm(govuk.ModelForm[Post]):
    funded_from = DateField(label="Funded from", label_text="date funding starts")
    funded_to = DateField(
        label="Funded until (optional)", label_text="date funding ends", required=False
    )

    class Meta:
        model = Post
        fields = ["team", "reference", "role_level", "fte", "funded_from", "funded_to"]
        labels = {"role_level": "Role (CSWW organisational role)", "fte": "Funded FTE"}
        widgets = {
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "fte": forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        }
        error_messages = {
            "reference": {
                "required": "Enter the post number",
                "unique": "Another post already has this number",
            },
            "team": {"required": "Select the team"},
            "role_level": {"required": "Select the role"},
            "fte": FTE_MESSAGES,
        }

    field_nouns = {"reference": "post number"}


class PayAndAllowancesForm(govuk.ModelForm[PayAndAllowances]):
    class Meta:
        model = PayAndAllowances
        fields = [
            "recruitment_bonus",
            "retention_bonus",
            "performance_award",
            "car_allowance",
            "relocation_package",
            "regional_weighting",
            "swe_fee_paid",
            "dbs_fee_paid",
            "other_allowances",
        ]
        widgets = {"other_allowances": forms.TextInput()}
        help_texts = {"other_allowances": "Any other allowances, in a few words; blank if none"}


class RollingForm(govuk.Form):
    to = DateField(label="Twelve months to", label_text="last day of the twelve months")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_to(self) -> dt.date:
        """The twelve months must have ended: a period running into the future has figures
        for days not yet lived (a turnover of 0.0 beside England's full year)."""
        to: dt.date = self.cleaned_data["to"]
        if to > self.today:
            raise forms.ValidationError(
                f"The last day of the twelve months must be today ({self.today:%-d %B %Y}) or "
                "earlier: the figures for a period that has not ended are not complete"
            )
        return to


class StaffImportForm(govuk.Form):
    file = forms.FileField(
        label="Staff file (Excel or CSV)",
        help_text="Use the template: one row for each person",
        error_messages={"required": "Choose the Excel or CSV file to import"},
        validators=[within_upload_limit],
    )
    dry_run = forms.BooleanField(
        label="Only check the file; import nobody", required=False, initial=False
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("The file must be an Excel (.xlsx) or CSV file")
        within_spreadsheet_bounds(file, prefer=STAFF_SHEET)
        return file


class ScenarioForm(govuk.ModelForm[ForecastScenario]):
    """A forecast scenario: what changes, beside the baseline."""

    class Meta:
        model = ForecastScenario
        fields = [
            "name",
            "turnover_down",
            "extra_trainees",
            "agency_converted",
            "payment_group",
            "payment",
            "payment_effect",
            "agency_cost",
            "notes",
        ]
        labels = {
            "name": "Name of the scenario",
            "turnover_down": "Turnover down by (percentage points a year)",
            "extra_trainees": "More apprentices or ASYEs a year",
            "agency_converted": "Agency FTE made permanent",
            "payment_group": "Retention payment for",
            "payment": "Retention payment a year per FTE (£)",
            "payment_effect": "Assumed fall in that group's turnover (percentage points a year)",
            "agency_cost": "Cost of an agency FTE a year (£, optional)",
            "notes": "Notes (optional)",
        }
        widgets = {
            name: forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"})
            for name in (
                "turnover_down",
                "extra_trainees",
                "agency_converted",
                "payment",
                "payment_effect",
                "agency_cost",
            )
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the scenario",
                "unique": "Another scenario already has this name",
            },
            "turnover_down": {
                "min_value": "Turnover down by must be 0 or more",
                "max_value": "Turnover down by must be 50 points or fewer",
            },
            "extra_trainees": {
                "min_value": "More apprentices or ASYEs must be 0 or more",
                "max_value": "More apprentices or ASYEs must be 500 or fewer",
            },
            "agency_converted": {"min_value": "Agency FTE made permanent must be 0 or more"},
            "payment": {"min_value": "Retention payment must be £0 or more"},
            "payment_effect": {
                "min_value": "Assumed fall in turnover must be 0 or more",
                "max_value": "Assumed fall in turnover must be 50 points or fewer",
            },
            "agency_cost": {"min_value": "Cost of an agency FTE must be £0 or more"},
        }
