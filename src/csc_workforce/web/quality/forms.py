from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.http import QueryDict

from csc_workforce.core.audit_tools import ToolError, ToolSection, parse_tool
from csc_workforce.web import govuk
from csc_workforce.web.govuk import DateField, MonthField
from csc_workforce.web.people import PeopleChoiceField, PersonChoiceField

from .models import (
    OBSERVATION_HEADINGS,
    ActionItem,
    AuditTemplate,
    Grade,
    JudgementArea,
    Observation,
    Question,
    YesNo,
)


class AuditForm(govuk.Form):
    """A template's questions, then the overall grade, findings, themes and judgement areas."""

    grade = forms.ChoiceField(
        label="Overall grade",
        choices=[("", "Select a grade"), *Grade.choices],
        error_messages={"required": "Select the overall grade"},
    )
    findings = forms.CharField(
        label="Findings",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the findings"},
    )
    themes = forms.CharField(
        label="Themes (optional)",
        required=False,
        help_text="Words for what this audit found, separated by commas, like drift, neglect",
    )
    judgement_areas = forms.MultipleChoiceField(
        label="Ofsted judgement areas this audit informs",
        choices=JudgementArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, str]]] = {
            Question.AnswerType.GRADE.value: [("", "Select a grade"), *Grade.choices],
            Question.AnswerType.YES_NO.value: [("", "Select"), *YesNo.choices],
        }
        self.question_fields = []
        self.field_nouns = {}
        for question in questions:
            name = f"q{question.pk}"
            self.field_nouns[name] = f"answer to \u2018{question.text}\u2019"
            if question.answer_type == Question.AnswerType.TEXT:
                field: forms.Field = forms.CharField(
                    label=question.text,
                    help_text=question.guidance,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                field = forms.ChoiceField(
                    label=question.text,
                    help_text=question.guidance,
                    choices=choices[question.answer_type],
                    error_messages={"required": f"Answer: {question.text}"},
                )
            self.fields[name] = field
            self.question_fields.append(name)

    def answers(self) -> dict[int, str]:
        return {int(name[1:]): self.cleaned_data.get(name) or "" for name in self.question_fields}

    def typed(self) -> dict[str, str | list[str]]:
        """What was typed and chosen, unchecked, by field name: a draft of the audit
        (``services.audit_draft_save``), given back as the form's ``initial`` to resume it."""
        values: dict[str, str | list[str]] = {}
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if isinstance(field, forms.MultipleChoiceField):
                data = self.data
                chosen = data.getlist(key) if isinstance(data, QueryDict) else data.get(key, [])
                values[name] = [str(value) for value in chosen]
            else:
                values[name] = str(self.data.get(key, ""))
        return values


class ModerationForm(govuk.Form):
    grade = forms.ChoiceField(
        label="Moderated grade",
        choices=[("", "Select a grade"), *Grade.choices],
        error_messages={"required": "Select the moderated grade"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the moderated grade"},
    )


class ResponseForm(govuk.Form):
    text = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your response"},
    )


class ProgrammeForm(govuk.Form):
    month = MonthField(label="Month", label_text="month")
    template = forms.ModelChoiceField(
        queryset=AuditTemplate.objects.filter(is_current=True),
        error_messages={"required": "Select the audit tool"},
    )
    per_team = forms.IntegerField(label="Cases per team", min_value=1, max_value=20, initial=2)
    skip_within_days = forms.IntegerField(
        label="Skip cases audited in the last (days)", min_value=0, max_value=730, initial=180
    )
    field_nouns = {
        "template": "audit tool",
        "per_team": "number of cases per team",
        "skip_within_days": "number of days to skip cases audited in",
    }


class ActionForm(govuk.ModelForm[ActionItem]):
    field_nouns = {"owner": "person responsible"}
    proposed_date = DateField(label="Proposed date", label_text="proposed date")
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        label="Responsibility (who)",
        error_messages={"required": "Select who is responsible"},
    )

    class Meta:
        model = ActionItem
        fields = ["issue", "action", "risk", "priority", "proposed_date", "owner", "source",
                  "source_label"]  # fmt: skip
        labels = {"source_label": "Where it came from (detail)"}
        widgets = {
            "issue": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 2}),
            "risk": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "issue": {"required": "Enter the issue"},
            "action": {"required": "Enter the action"},
            "risk": {"required": "Enter the risk if it is not done"},
            "priority": {"required": "Select the priority"},
            "source": {"required": "Select where it came from"},
        }


class ProgressForm(govuk.Form):
    text = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the progress"},
    )
    status = forms.ChoiceField(label="Status", choices=ActionItem.Status.choices)


class PracticeWeekForm(govuk.Form):
    title = forms.CharField(max_length=120, error_messages={"required": "Enter a title"})
    start = DateField(label="First day", label_text="first day")
    end = DateField(label="Last day", label_text="last day")
    senior_managers = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Senior managers taking part",
    )

    def __init__(self, *args: Any, managers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["senior_managers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = managers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The last day must be the same as or after the first")
        return data


class ObservationForm(govuk.ModelForm[Observation]):
    on = DateField(label="Date", label_text="date of the observation")

    class Meta:
        model = Observation
        fields = ["on", "session", "team", *OBSERVATION_HEADINGS, "exemplar"]
        labels = {
            "session": "What was observed",
            **OBSERVATION_HEADINGS,
            "exemplar": "An exemplar case study to share",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in OBSERVATION_HEADINGS}
        error_messages = {"session": {"required": "Select what was observed"}}


class ToolForm(govuk.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter the tool's name"})
    kind = forms.ChoiceField(label="Kind of audit", choices=AuditTemplate.Kind.choices)
    theme = forms.CharField(
        max_length=60, required=False, help_text="For a themed audit, for example neglect"
    )
    text = forms.CharField(
        label="Sections and questions",
        help_text=(
            "Start a section with # and its title. Start each question with [grade] (the Ofsted "
            "scale), [yes_no] (yes, no or not applicable) or [text] (free text). Indent guidance "
            "under its question."
        ),
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": "Enter the sections and questions"},
    )

    def clean_text(self) -> tuple[ToolSection, ...]:
        try:
            return parse_tool(self.cleaned_data["text"])
        except ToolError as error:
            raise forms.ValidationError(error.problems) from error


class FamilyFeedbackForm(govuk.Form):
    text = forms.CharField(
        label="Family feedback",
        help_text="What the child and their family said about the help they have had",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the family's feedback"},
    )


class ReassignForm(govuk.Form):
    auditor = PersonChoiceField(
        queryset=User.objects.none(),
        label="Give this audit to",
        error_messages={"required": "Select the auditor"},
    )
    field_nouns = {"auditor": "auditor"}

    def __init__(self, *args: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["auditor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = auditors


class AuditFilterForm(govuk.Form):
    """The filters of the audit results and the audit list, read from the query string: each
    a list to choose from, and a value not on it named in the error summary (the rest still
    apply)."""

    period = forms.ChoiceField(
        label="Period",
        required=False,
        error_messages={"invalid_choice": "Select a period from the list"},
    )
    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "Select a team from the list"},
    )
    tool = forms.ChoiceField(
        label="Audit tool",
        required=False,
        error_messages={"invalid_choice": "Select an audit tool from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(
        self,
        data: Any,
        *,
        periods: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        tools: list[str],
        statuses: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        choices = {
            "period": [("", "Any time"), *periods],
            "team": [("", "Every team"), *teams],
            "tool": [("", "Every tool"), *((name, name) for name in tools)],
            "status": [("", "Any status"), *statuses],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
