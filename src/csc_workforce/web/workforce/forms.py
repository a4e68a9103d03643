import datetime as dt
from typing import Any

from django import forms

from csc_workforce.core.swe import normalise_swe_number
from csc_workforce.web.govuk import DateField

from .models import SWE_NUMBER_MESSAGE, StaffMember, Team


class StaffMemberForm(forms.ModelForm[StaffMember]):
    start_date = DateField(label="Start date", label_text="start date")
    end_date = DateField(label="End date", label_text="end date", required=False)

    class Meta:
        model = StaffMember
        fields = [
            "given_name",
            "family_name",
            "swe_number",
            "job_title",
            "role_level",
            "team",
            "employment_type",
            "fte",
            "start_date",
            "end_date",
            "leaving_reason",
        ]
        labels = {
            "fte": "FTE (full-time equivalent)",
            "role_level": "Role (CSWW organisational role)",
        }
        widgets = {
            "fte": forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
            "swe_number": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "spellcheck": "false"}
            ),
        }
        help_texts = {
            "swe_number": "2 letters then up to 10 digits, like SW123456",
            "fte": "A number above 0 and up to 1, like 0.8 for 4 days a week",
            "leaving_reason": "Only for someone who has left",
        }
        error_messages = {
            "swe_number": {"max_length": SWE_NUMBER_MESSAGE},
            "given_name": {"required": "Enter the given name"},
            "family_name": {"required": "Enter the family name"},
            "job_title": {"required": "Enter the job title"},
            "role_level": {"required": "Select the role"},
            "team": {"required": "Select the team"},
            "employment_type": {"required": "Select the type of employment"},
            "fte": {
                "required": "Enter the FTE",
                "invalid": "FTE must be a number, like 0.8",
                "min_value": "FTE must be more than 0",
                "max_value": "FTE must be 1 or less",
                "max_decimal_places": "FTE must have no more than 3 decimal places",
            },
        }

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = teams if teams is not None else Team.objects.all()

    def clean_swe_number(self) -> str:
        """Upper-case before the uniqueness check, as the record stores it."""
        return normalise_swe_number(self.cleaned_data.get("swe_number") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: dt.date | None = cleaned.get("start_date")
        end: dt.date | None = cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned
