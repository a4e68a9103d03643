from __future__ import annotations

from typing import Any

from django import forms

from csc_workforce.core import supervision as core_supervision
from csc_workforce.web.govuk import DateField
from csc_workforce.web.organisation.models import LocalRole
from csc_workforce.web.uploads import within_spreadsheet_bounds, within_upload_limit

from .models import SessionKind, SupervisionStandard

# --- Supervision, registration and CPD (issue 17) -------------------------------------------

_INTERVALS = list(core_supervision.INTERVALS.items())


class _SupervisorField(forms.TypedChoiceField):
    """A supervisor chosen by name from the people in post (an assignment, not a role)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Supervisor",
            coerce=int,
            error_messages={
                "required": "Select the supervisor",
                "invalid_choice": "Select a supervisor from the list",
            },
            **kwargs,
        )


class SessionForm(forms.Form):
    held_on = DateField(label="Date of the session", label_text="date of the session")
    supervisor = _SupervisorField()
    minutes = forms.IntegerField(
        label="Length in minutes",
        help_text="At least 90 minutes (an hour and a half) counts towards the standard",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the length of the session in minutes",
            "invalid": "Enter the length in whole minutes, like 90",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of supervision",
        choices=SessionKind.choices,
        error_messages={"required": "Select the kind of supervision"},
    )
    actions_reviewed = forms.BooleanField(
        label="Actions from the last session were reviewed", required=False
    )
    workload_discussed = forms.BooleanField(
        label="Workload and capacity were discussed", required=False
    )
    wellbeing = forms.CharField(
        label="Wellbeing", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    learning_needs = forms.CharField(
        label="Learning needs", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    case_references = forms.CharField(
        label="Case references discussed",
        help_text="The case management system's IDs, separated by commas; decisions stay there",
        max_length=400,
        required=False,
    )

    def __init__(self, *args: Any, supervisors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supervisor"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Select the supervisor"), *supervisors]

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if minutes < 1:
            raise forms.ValidationError("Enter the length in whole minutes, more than 0 (like 90)")
        return int(minutes)


class AgreementForm(forms.Form):
    supervisor = _SupervisorField()
    frequency = forms.ChoiceField(
        label="How often",
        choices=_INTERVALS,
        error_messages={"required": "Select how often supervision takes place"},
    )
    venue = forms.CharField(label="Where", max_length=100, required=False)
    signed_on = DateField(label="Date signed", label_text="date the agreement was signed")

    def __init__(self, *args: Any, supervisors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supervisor"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Select the supervisor"), *supervisors]


class CpdForm(forms.Form):
    on = DateField(label="Date of the CPD", label_text="date of the CPD")
    title = forms.CharField(
        label="What the CPD was",
        max_length=200,
        error_messages={"required": "Enter what the CPD was, like a course or an article"},
    )
    learnt = forms.CharField(
        label="What you learnt",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what you learnt"},
    )
    impact = forms.CharField(
        label="The impact on your practice",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the impact on your practice"},
    )
    peer_reflection = forms.CharField(
        label="Peer reflection (optional)",
        help_text="What you learnt from discussing it with a peer: at least one piece a year "
        "needs one",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class StandardForm(forms.ModelForm[SupervisionStandard]):
    class Meta:
        model = SupervisionStandard
        fields = [
            "newly_qualified_weekly_weeks",
            "newly_qualified_fortnightly_months",
            "newly_qualified_then",
            "others",
            "minimum_minutes",
            "protected_time_percent",
        ]
        labels = {
            "newly_qualified_weekly_weeks": "Newly qualified: weekly for how many weeks",
            "newly_qualified_fortnightly_months": "Newly qualified: then fortnightly until how "
            "many months in post",
            "newly_qualified_then": "Newly qualified: then how often",
            "others": "Everyone else: how often",
            "minimum_minutes": "Shortest session that counts, in minutes",
            "protected_time_percent": "Protected development time, percent of contracted hours",
        }
        error_messages = {
            "newly_qualified_weekly_weeks": {"required": "Enter the number of weekly weeks"},
            "newly_qualified_fortnightly_months": {"required": "Enter the number of months"},
            "minimum_minutes": {
                "required": "Enter the shortest session that counts, in minutes",
                "min_value": "The shortest session must be at least 1 minute",
            },
        }


class DevelopmentImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What to import",
        choices=[
            ("supervision", "Supervision dates from the case management system"),
            ("registration", "Registration status from Social Work England's register"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to import"},
    )
    file = forms.FileField(
        label="File (CSV or Excel)",
        error_messages={"required": "Choose the file to import"},
        validators=[within_upload_limit],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("file"):
            try:
                within_spreadsheet_bounds(data["file"])
            except forms.ValidationError as error:
                self.add_error("file", error)
        return data


class CourseForm(forms.Form):
    name = forms.CharField(
        label="Course", max_length=150, error_messages={"required": "Enter the course's name"}
    )
    provider = forms.CharField(label="Provider", max_length=150, required=False)
    mandatory_for = forms.MultipleChoiceField(
        label="Mandatory for",
        choices=LocalRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    renewal_months = forms.IntegerField(
        label="Repeat every (months)",
        help_text="Leave blank if it is done once",
        min_value=1,
        max_value=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the months as a whole number, like 36",
            "min_value": "Enter at least 1 month, or leave it blank",
            "max_value": "Enter at most 120 months",
        },
    )


class AttendanceForm(forms.Form):
    staff = forms.TypedChoiceField(
        label="Worker",
        coerce=int,
        error_messages={
            "required": "Select the worker",
            "invalid_choice": "Select a worker from the list",
        },
    )
    course = forms.TypedChoiceField(
        label="Course",
        coerce=int,
        error_messages={
            "required": "Select the course",
            "invalid_choice": "Select a course from the list",
        },
    )
    attended_on = DateField(label="Date completed", label_text="date the course was completed")

    def __init__(
        self,
        *args: Any,
        staff: list[tuple[int, str]],
        courses: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("staff", staff), ("course", courses)):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", "Select"), *choices]


_SCORES = [("", "Not given"), *((str(n), str(n)) for n in range(1, 6))]


class EvaluationForm(forms.Form):
    attendance = forms.TypedChoiceField(
        label="Course",
        coerce=int,
        error_messages={"required": "Select the course", "invalid_choice": "Select a course"},
    )
    feedback_score = forms.TypedChoiceField(
        label="How useful was it, straight after (1 not at all, 5 very)",
        choices=_SCORES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    feedback = forms.CharField(
        label="Feedback", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    impact_score = forms.TypedChoiceField(
        label="Impact on your practice, three months on (1 none, 5 a great deal)",
        choices=_SCORES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    impact = forms.CharField(
        label="What changed in your practice",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, attended: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendance"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Select the course"), *attended]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("feedback_score") is None and data.get("impact_score") is None:
            self.add_error(
                "feedback_score", "Give a score for the course, or for its impact three months on"
            )
        return data


class PlanForm(forms.Form):
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year the plan is for",
            "invalid": "Enter the year as 4 numbers, like 2025",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year up to 2100",
        },
    )
    goals = forms.CharField(
        label="Development goals",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the development goals"},
    )
    learning_agreement = forms.CharField(
        label="Learning agreement",
        help_text="What the authority and the worker each commit to",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    themes = forms.CharField(
        label="Themes",
        help_text="Separated by commas, like court skills, neglect: the training needs "
        "analysis counts them",
        max_length=300,
        required=False,
    )
    review_due = DateField(label="Review by", label_text="date the plan is reviewed by")
