from typing import Any

from django import forms

from csc_workforce.web.govuk import DateField

from .models import ChangeReason


class AllocationForm(forms.Form):
    worker = forms.TypedChoiceField(
        label="Worker", coerce=int, error_messages={"required": "Select the worker"}
    )
    start = DateField(label="Allocated from", label_text="date the allocation starts")
    change_reason = forms.ChoiceField(
        label="Reason for the change of lead worker",
        choices=[("", "Not a change: the child's first lead worker"), *ChangeReason.choices],
        required=False,
    )
    rationale = forms.CharField(
        label="Why this worker",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why this worker"},
    )

    def __init__(self, *args: Any, workers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Select a worker"), *workers]
