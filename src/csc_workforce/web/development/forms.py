from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from csc_workforce.core import codes, development
from csc_workforce.core import supervision as core_supervision
from csc_workforce.web import govuk
from csc_workforce.web.govuk import DateField
from csc_workforce.web.organisation.models import LocalRole, StaffMember, Team
from csc_workforce.web.uploads import within_spreadsheet_bounds, within_upload_limit

from .models import (
    Award,
    Enrolment,
    InductionItem,
    Placement,
    PracticeEducator,
    Programme,
    ProgressionApplication,
    ProgressionFramework,
    Review,
    SessionKind,
    Student,
    SupervisionStandard,
)

# --- Early careers and induction (issue 16) ---------------------------------------------------


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.team.name})"


class CohortForm(govuk.Form):
    programme = forms.ModelChoiceField(
        label="Programme",
        queryset=Programme.objects.filter(is_current=True),
        error_messages={
            "required": "Select the programme",
            "invalid_choice": "Select a current programme version",
        },
    )
    name = forms.CharField(
        label="Cohort name",
        max_length=120,
        help_text="For example, ASYE September 2025",
        error_messages={"required": "Enter the cohort's name"},
    )
    starts_on = DateField(label="Starts on", label_text="start date")
    completion_target = forms.IntegerField(
        label="Completion target (%)",
        initial=90,
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the completion target",
            "invalid": "The completion target must be a whole number, like 90",
            "min_value": "The completion target must be a percentage from 0 to 100",
            "max_value": "The completion target must be a percentage from 0 to 100",
        },
    )


class EnrolForm(govuk.Form):
    staff = StaffChoiceField(
        label="Worker",
        queryset=StaffMember.objects.none(),
        error_messages={"required": "Select the worker", "invalid_choice": "Select a worker"},
    )
    start = DateField(label="Starts the programme on", label_text="start date")
    assessor = StaffChoiceField(
        label="Assessor", queryset=StaffMember.objects.none(), required=False
    )
    line_manager = StaffChoiceField(
        label="Line manager", queryset=StaffMember.objects.none(), required=False
    )
    supervisor = StaffChoiceField(
        label="Supervisor", queryset=StaffMember.objects.none(), required=False
    )
    protected_days = forms.DecimalField(
        label="Protected development time (days a month)",
        initial=Decimal(2),
        min_value=Decimal(0),
        max_value=Decimal(20),
        decimal_places=1,
        error_messages={
            "required": "Enter the protected development time",
            "invalid": "Protected development time must be a number of days, like 2",
        },
    )
    include_optional = forms.BooleanField(label="Hold the optional reviews too", required=False)

    def __init__(
        self,
        *args: Any,
        starters: QuerySet[StaffMember],
        practitioners: QuerySet[StaffMember],
        **kwargs: Any,
    ) -> None:
        """``starters``: who may join (``selectors.programme_candidates``); ``practitioners``:
        who may assess, manage or supervise them (``selectors.assessor_candidates``)."""
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = starters  # type: ignore[attr-defined]
        for name in ("assessor", "line_manager", "supervisor"):
            self.fields[name].queryset = practitioners  # type: ignore[attr-defined]


class ReviewForm(govuk.Form):
    review = forms.ModelChoiceField(
        label="Review",
        queryset=Review.objects.none(),
        error_messages={"required": "Select the review", "invalid_choice": "Select a review"},
    )
    held = DateField(label="Held on", label_text="date the review was held")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Select the outcome"), *Review.Outcome.choices],
        error_messages={"required": "Select the review's outcome"},
    )

    def __init__(self, *args: Any, reviews: QuerySet[Review], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews  # type: ignore[attr-defined]


class EvidenceForm(govuk.Form):
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=[("", "Select the kind"), *development.EVIDENCE_KINDS.items()],
        error_messages={"required": "Select the kind of evidence"},
    )
    on = DateField(label="Dated", label_text="date of the evidence")
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)


class AgreementForm(govuk.Form):
    agreement_on = DateField(label="Agreement made on", label_text="date of the agreement")


class ExtensionForm(govuk.Form):
    months = forms.IntegerField(
        label="Months",
        min_value=1,
        max_value=12,
        error_messages={
            "required": "Enter the months of the extension",
            "invalid": "Months must be a whole number, like 3",
            "min_value": "An extension is from 1 to 12 months",
            "max_value": "An extension is from 1 to 12 months",
        },
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the extension"},
    )
    agreed_on = DateField(label="Agreed on", label_text="date the extension was agreed")


class OutcomeForm(govuk.Form):
    outcome = forms.ChoiceField(
        label="Final outcome",
        choices=[("", "Select the outcome")]
        + [c for c in Enrolment.Outcome.choices if c[0] != development.IN_PROGRESS],
        error_messages={"required": "Select the final outcome"},
    )
    outcome_on = DateField(label="Outcome date", label_text="outcome date")
    panel_on = DateField(
        label="Moderation panel date (optional)", label_text="panel date", required=False
    )
    panel_decision = forms.ChoiceField(
        label="Panel decision (optional)",
        required=False,
        choices=[("", "No panel yet")]
        + [c for c in Enrolment.Outcome.choices if c[0] != development.IN_PROGRESS],
    )


class GrantForm(govuk.Form):
    grant_amount = forms.DecimalField(
        label="Amount (£)",
        max_digits=8,
        decimal_places=2,
        error_messages={
            "required": "Enter the amount claimed",
            "invalid": "The amount must be a number of pounds, like 2000",
        },
    )
    grant_period = forms.CharField(
        label="Period", max_length=40, error_messages={"required": "Enter the period"}
    )
    grant_claimed_on = DateField(label="Claimed on", label_text="claim date")


class EvidenceNumbersForm(govuk.Form):
    """How many pieces of each kind of evidence a programme asks for."""

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in development.EVIDENCE_KINDS.items():
            self.fields[kind] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=50,
                initial=programme.evidence.get(kind, 0),
                error_messages={
                    "required": f"{label}: enter a number",
                    "invalid": f"{label}: enter a whole number, like 3",
                    "min_value": f"{label}: enter a whole number from 0 to 50",
                    "max_value": f"{label}: enter a whole number from 0 to 50",
                },
            )


class ItemDoneForm(govuk.Form):
    item = forms.ModelChoiceField(
        label="Item",
        queryset=InductionItem.objects.none(),
        error_messages={"required": "Select the item", "invalid_choice": "Select an item"},
    )
    done_on = DateField(label="Done on", label_text="date it was done")

    def __init__(self, *args: Any, items: QuerySet[InductionItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


class StudentForm(govuk.Form):
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    route = forms.ChoiceField(
        label="Route into social work",
        choices=[("", "Select the route"), *codes.QUALIFICATION_ROUTE.items()],
        error_messages={"required": "Select the route into social work"},
    )
    provider = forms.CharField(
        label="University or provider",
        max_length=150,
        error_messages={"required": "Enter the university or provider"},
    )


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.get_route_display()})"


class EducatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.staff.full_name} (takes {obj.capacity})"


class PlacementForm(govuk.Form):
    student = StudentChoiceField(
        label="Student",
        queryset=Student.objects.none(),
        error_messages={"required": "Select the student", "invalid_choice": "Select a student"},
    )
    kind = forms.ChoiceField(
        label="Placement",
        choices=[("", "Select the placement"), *Placement.Kind.choices],
        error_messages={"required": "Select the kind of placement"},
    )
    days = forms.IntegerField(
        label="Days",
        min_value=1,
        max_value=200,
        error_messages={
            "required": "Enter the number of days",
            "invalid": "Days must be a whole number, like 70",
            "min_value": "A placement is from 1 to 200 days",
            "max_value": "A placement is from 1 to 200 days",
        },
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        error_messages={"required": "Select the team", "invalid_choice": "Select a team"},
    )
    practice_educator = EducatorChoiceField(
        label="Practice educator", queryset=PracticeEducator.objects.none(), required=False
    )
    start = DateField(label="Start", label_text="start date")
    end = DateField(label="End", label_text="end date")
    outcome = forms.ChoiceField(label="Outcome", choices=Placement.Outcome.choices, required=False)

    def __init__(
        self,
        *args: Any,
        students: QuerySet[Student],
        teams: QuerySet[Team],
        educators: QuerySet[PracticeEducator],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["practice_educator"].queryset = educators  # type: ignore[attr-defined]


class EducatorForm(govuk.Form):
    staff = StaffChoiceField(
        label="Member of staff",
        queryset=StaffMember.objects.none(),
        error_messages={"required": "Select the member of staff", "invalid_choice": "Select one"},
    )
    stage = forms.ChoiceField(
        label="Stage",
        choices=[("", "Select the stage"), *PracticeEducator.Stage.choices],
        error_messages={"required": "Select the practice educator stage"},
    )
    qualified_on = DateField(label="Qualified on", label_text="date they qualified")
    capacity = forms.IntegerField(
        label="Students at a time",
        min_value=1,
        max_value=6,
        initial=1,
        error_messages={
            "required": "Enter how many students they take at a time",
        },
    )

    def __init__(self, *args: Any, staff: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


class JoinedForm(govuk.Form):
    student = StudentChoiceField(
        label="Student",
        queryset=Student.objects.none(),
        error_messages={"required": "Select the student", "invalid_choice": "Select a student"},
    )
    staff = StaffChoiceField(
        label="Their record in the register",
        queryset=StaffMember.objects.none(),
        error_messages={"required": "Select their record", "invalid_choice": "Select a record"},
    )

    def __init__(
        self, *args: Any, students: QuerySet[Student], staff: QuerySet[StaffMember], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


class TargetForm(govuk.Form):
    students_a_year = forms.IntegerField(
        label="Students a year (target)",
        min_value=0,
        max_value=500,
        error_messages={"required": "Enter the target"},
    )


class ApplicationForm(govuk.Form):
    staff = StaffChoiceField(
        label="Applicant",
        queryset=StaffMember.objects.none(),
        error_messages={"required": "Select the applicant", "invalid_choice": "Select someone"},
    )
    to_step = forms.ChoiceField(
        label="Applying to", error_messages={"required": "Select the step applied for"}
    )
    applied_on = DateField(label="Applied on", label_text="application date")

    def __init__(
        self,
        *args: Any,
        staff: QuerySet[StaffMember],
        framework: ProgressionFramework | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        steps = framework.steps[1:] if framework else []
        self.fields["to_step"].choices = [  # type: ignore[attr-defined]
            ("", "Select the step"),
            *((step["key"], step["title"]) for step in steps),
        ]


class DecisionForm(govuk.Form):
    application = forms.ModelChoiceField(
        label="Application",
        queryset=ProgressionApplication.objects.none(),
        error_messages={
            "required": "Select the application",
            "invalid_choice": "Select an application",
        },
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("", "Select the decision")]
        + [c for c in ProgressionApplication.Decision.choices if c[0]],
        error_messages={"required": "Select the panel's decision"},
    )
    panel_on = DateField(label="Panel date", label_text="panel date")

    def __init__(
        self, *args: Any, applications: QuerySet[ProgressionApplication], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]


class AwardForm(govuk.Form):
    staff = StaffChoiceField(
        label="Member of staff",
        queryset=StaffMember.objects.none(),
        error_messages={"required": "Select the member of staff", "invalid_choice": "Select one"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Select the kind"), *Award.Kind.choices],
        error_messages={"required": "Select leadership programme or post-qualifying award"},
    )
    name = forms.CharField(
        label="Programme or award",
        max_length=150,
        error_messages={"required": "Enter the programme's or award's name"},
    )
    started_on = DateField(label="Started on", label_text="start date")
    completed_on = DateField(
        label="Completed on (optional)", label_text="completion date", required=False
    )

    def __init__(self, *args: Any, staff: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


class ChecklistForm(govuk.Form):
    text = forms.CharField(
        label="Items",
        help_text="One item a line: the day it is due (1 is the first day), whose job it is "
        "(starter, line_manager, hr or psw) and what, separated by |, like "
        "5 | starter | Case recording training",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Write at least one item"},
    )


# --- End of early careers and induction -------------------------------------------------------


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


class SessionForm(govuk.Form):
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


class SupervisionAgreementForm(govuk.Form):
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


class CpdForm(govuk.Form):
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


class StandardForm(govuk.ModelForm[SupervisionStandard]):
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's own bounds, said in words (the fields carry them as validators only).
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                label = str(field.label).lower()
                field.error_messages.setdefault("min_value", f"{label} must not be negative")
                field.error_messages.setdefault(
                    "max_value", f"{label.capitalize()} is too large: enter a smaller number"
                )


class DevelopmentImportForm(govuk.Form):
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


class CourseForm(govuk.Form):
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


class AttendanceForm(govuk.Form):
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


class EvaluationForm(govuk.Form):
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


class PlanForm(govuk.Form):
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
