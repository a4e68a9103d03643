from django import forms

from csc_workforce.core.reporting.annual import BY_KEY
from csc_workforce.web import govuk

from .models import MEASURE_CHOICES, ReportJob


class TargetForm(govuk.Form):
    """A measure's target and red threshold for the year (both empty: no target)."""

    measure = forms.ChoiceField(
        label="Measure",
        choices=MEASURE_CHOICES,
        error_messages={"invalid_choice": "Select a measure from the list"},
    )
    target = forms.DecimalField(
        label="Target (optional)",
        required=False,
        max_digits=7,
        decimal_places=1,
        help_text="Green at or better than this",
        error_messages={"max_decimal_places": "Enter the target to 1 decimal place"},
    )
    red_beyond = forms.DecimalField(
        label="Red beyond (optional)",
        required=False,
        max_digits=7,
        decimal_places=1,
        help_text="Red when the value is worse than this; amber between it and the target",
        error_messages={"max_decimal_places": "Enter the red threshold to 1 decimal place"},
    )


class SectionForm(govuk.Form):
    narrative = forms.CharField(
        label="Narrative",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text. Leave a blank line between paragraphs; start a line with - for a "
        "bullet; put **two stars** around words for bold.",
        error_messages={"max_length": "Shorten the narrative to 20,000 characters or fewer"},
    )
    included = forms.BooleanField(label="Include this section in the report", required=False)


class BuildForm(govuk.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=ReportJob.Format.choices,
        error_messages={
            "required": "Select the format of the report",
            "invalid_choice": "Select HTML, Word or PDF",
        },
    )


class MoveForm(govuk.Form):
    key = forms.ChoiceField(
        choices=[(key, key) for key in BY_KEY],
        error_messages={"invalid_choice": "Select a section of the report"},
    )
    step = forms.TypedChoiceField(
        choices=[("-1", "up"), ("1", "down")],
        coerce=int,
        error_messages={"invalid_choice": "Move the section up or down"},
    )
