from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from csc_workforce.core import development
from csc_workforce.web.govuk import DateField
from csc_workforce.web.organisation.models import StaffMember

from .models import Enrolment, InductionItem, Programme, Review

# --- Early careers and induction (issue 16) ---------------------------------------------------


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.team.name})"


class CohortForm(forms.Form):
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


class EnrolForm(forms.Form):
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
            "min_value": "Protected development time cannot be less than 0",
            "max_value": "Protected development time cannot be more than 20 days a month",
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


class ReviewForm(forms.Form):
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


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=[("", "Select the kind"), *development.EVIDENCE_KINDS.items()],
        error_messages={"required": "Select the kind of evidence"},
    )
    on = DateField(label="Dated", label_text="date of the evidence")
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)


class AgreementForm(forms.Form):
    agreement_on = DateField(label="Agreement made on", label_text="date of the agreement")


class ExtensionForm(forms.Form):
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


class OutcomeForm(forms.Form):
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


class GrantForm(forms.Form):
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


class EvidenceNumbersForm(forms.Form):
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


class ItemDoneForm(forms.Form):
    item = forms.ModelChoiceField(
        label="Item",
        queryset=InductionItem.objects.none(),
        error_messages={"required": "Select the item", "invalid_choice": "Select an item"},
    )
    done_on = DateField(label="Done on", label_text="date it was done")

    def __init__(self, *args: Any, items: QuerySet[InductionItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


# --- End of early careers and induction -------------------------------------------------------
