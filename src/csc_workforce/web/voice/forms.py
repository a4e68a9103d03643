from typing import Any

from django import forms
from django.db.models import QuerySet

from csc_workforce.core import codes
from csc_workforce.core.practice_feedback import THEMES
from csc_workforce.core.voice import AGREEMENT, DONT_KNOW, SurveySection, questions_of
from csc_workforce.web import govuk
from csc_workforce.web.govuk import DateField
from csc_workforce.web.quality.models import ActionItem

from .models import PracticeFeedback, ServiceArea, StaffMember, SurveyRun, SurveyTemplate, Team

SEX = ["Female", "Male", "In another way"]
ETHNIC_GROUPS = ["White", "Mixed or multiple ethnic groups", "Asian", "Black", "Another group"]
DISABILITY = ["Yes", "No"]
YEARS_QUALIFIED = ["Less than 2 years", "2 to 5 years", "5 to 10 years", "More than 10 years"]


def _optional(label: str, values: list[str]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=f"{label} (optional)",
        required=False,
        choices=[("", "Prefer not to say"), *((v, v) for v in values)],
    )


class SurveyForm(govuk.ModelForm):
    class Meta:
        model = SurveyTemplate
        fields = ["name", "kind", "text"]
        labels = {"text": "Questions"}
        help_texts = {
            "text": "# starts a section; [agree], [scale10], [choice], [multi], [rank], "
            "[number 0-80] or [text], then a key and a colon, start a question; indented "
            "* lines are its options, other indented lines its guidance."
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 20})}


class RunForm(govuk.Form):
    template = forms.ModelChoiceField(
        label="Survey",
        queryset=SurveyTemplate.objects.filter(is_current=True),
        error_messages={"required": "Select the survey"},
    )
    title = forms.CharField(
        label="Title", max_length=120, error_messages={"required": "Enter a title"}
    )
    opens_on = DateField(label="Opens on", label_text="opening date")
    closes_on = DateField(label="Closes on", label_text="closing date")
    population_kind = forms.ChoiceField(label="Who is asked", choices=SurveyRun.Population.choices)
    service_area = forms.ModelChoiceField(
        label="Service area (if a service area is asked)",
        queryset=ServiceArea.objects.all(),
        required=False,
    )
    team = forms.ModelChoiceField(
        label="Team (if a team is asked)", queryset=Team.objects.all(), required=False
    )
    threshold = forms.IntegerField(
        label="Smallest group shown",
        initial=5,
        min_value=5,
        max_value=50,
        help_text="Results of a group with fewer responses are not shown; at least 5",
        error_messages={"min_value": "The smallest group shown is at least 5"},
    )
    open_link = forms.BooleanField(
        label="Also make an open link (for a team meeting), which anyone can use more than once",
        required=False,
    )


class ResponseForm(govuk.Form):
    """The questions of a survey, then the optional questions about the respondent."""

    def __init__(
        self,
        *args: Any,
        sections: tuple[SurveySection, ...],
        about_you: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.field_nouns = {"disability": "whether you consider yourself disabled"}
        self.groups: list[tuple[str, list[str]]] = []
        for section in sections:
            names = []
            for q in section.questions:
                added = self._add(q)
                names.extend(added)
                self.field_nouns |= dict.fromkeys(added, f"answer to \u2018{q.text}\u2019")
            self.groups.append((section.title, names))
        if not about_you:  # an exit questionnaire: HR already knows who is answering
            return
        about = ["team", *(["role", "sex", "ethnicity", "disability", "years_qualified"])]
        self.fields["team"] = forms.ChoiceField(
            label="Your team (optional)",
            required=False,
            choices=[
                ("", "Prefer not to say"),
                *((str(t.pk), t.name) for t in Team.objects.order_by("name")),
            ],
        )
        self.fields["role"] = _optional("Your role", list(codes.ORG_ROLE.values()))
        self.fields["sex"] = _optional("Your sex", SEX)
        self.fields["ethnicity"] = _optional("Your ethnic group", ETHNIC_GROUPS)
        self.fields["disability"] = _optional("Do you consider yourself disabled?", DISABILITY)
        self.fields["years_qualified"] = _optional("Years since you qualified", YEARS_QUALIFIED)
        self.groups.append(("About you", about))

    def _add(self, q: Any) -> list[str]:
        label = q.text
        if q.kind == "agree":
            choices = [("", "Choose"), *((str(k), v) for k, v in AGREEMENT.items())]
            choices.append((DONT_KNOW, "Don't know"))
        elif q.kind == "scale10":
            choices = [("", "Choose"), *((str(n), str(n)) for n in range(11))]
        elif q.kind == "choice":
            choices = [("", "Choose"), *((o, o) for o in q.options)]
        elif q.kind == "multi":
            self.fields[q.key] = forms.MultipleChoiceField(
                label=label,
                choices=[(o, o) for o in q.options],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            return [q.key]
        elif q.kind == "rank":
            names = []
            for place in range(1, len(q.options) + 1):
                name = f"{q.key}__{place}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{label} Choice {place}" if place == 1 else f"Choice {place}",
                    choices=[("", "Choose"), *((o, o) for o in q.options)],
                    required=False,
                )
                names.append(name)
            return names
        elif q.kind == "number":
            self.fields[q.key] = forms.CharField(
                label=label, help_text=f"A number from {q.low} to {q.high}", required=False
            )
            return [q.key]
        else:
            self.fields[q.key] = forms.CharField(
                label=label,
                help_text=q.guidance,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            return [q.key]
        self.fields[q.key] = forms.ChoiceField(
            label=label,
            help_text=q.guidance,
            choices=choices,
            required=False,
        )
        return [q.key]

    def answers(self) -> dict[str, str | list[str]]:
        """The answers as ``core.voice.check_answers`` reads them; ranks in order, each once."""
        data = self.cleaned_data
        answers: dict[str, str | list[str]] = {}
        for q in questions_of(self.sections):
            if q.kind == "rank":
                answers[q.key] = [
                    data[f"{q.key}__{p}"]
                    for p in range(1, len(q.options) + 1)
                    if data.get(f"{q.key}__{p}")
                ]
            else:
                answers[q.key] = data.get(q.key) or ""
        return answers

    def demographics(self) -> dict[str, str]:
        return {
            k: self.cleaned_data.get(k) or ""
            for k in ("role", "sex", "ethnicity", "disability", "years_qualified")
        }


class StatementForm(govuk.Form):
    you_said = forms.CharField(
        label="You said",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what staff said"},
    )
    we_will = forms.CharField(
        label="We will",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what will be done"},
    )
    we_did = forms.CharField(
        label="We did (when done)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    action = forms.ModelChoiceField(
        label="Action plan item (staff health check)",
        queryset=ActionItem.objects.filter(source=ActionItem.Source.HEALTH_CHECK),
        required=False,
    )
    published = forms.BooleanField(label="Publish it to everyone signed in", required=False)


class ExitSendForm(govuk.Form):
    """Which leaver to send the exit questionnaire to: one of the leavers the person sees."""

    staff = forms.ModelChoiceField(
        queryset=StaffMember.objects.none(),
        error_messages={
            "required": "Select the leaver",
            "invalid_choice": "Select a leaver from the list",
        },
    )

    def __init__(self, *args: Any, leavers: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = leavers  # type: ignore[attr-defined]


def _choose(label: str, choices: list[tuple[str, str]], blank: str, **kwargs: Any) -> Any:
    return forms.ChoiceField(label=label, choices=[("", blank), *choices], required=False, **kwargs)


class PracticeFeedbackForm(govuk.Form):
    """A complaint, compliment or feedback from a child or family: the teams and actions
    offered are those the person sees."""

    kind = forms.ChoiceField(
        label="What is it",
        choices=[("", "Choose"), *PracticeFeedback.Kind.choices],
        error_messages={"required": "Select whether it is a complaint, a compliment or feedback"},
    )
    received_on = DateField(label="Date received", label_text="date received")
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        error_messages={
            "required": "Select the team whose practice it is about",
            "invalid_choice": "Select one of your teams from the list",
        },
    )
    case_reference = forms.CharField(
        label="Case reference (optional)",
        required=False,
        max_length=40,
        help_text="From the case management system. Never the child's name.",
        error_messages={"max_length": "The case reference is at most 40 characters"},
    )
    themes = forms.MultipleChoiceField(
        label="Themes (one for a complaint or compliment; any that apply for feedback)",
        choices=[(t, t) for t in THEMES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one theme"},
    )
    stage = _choose(
        "Stage (complaints)",
        PracticeFeedback.Stage.choices,
        "Not a complaint",
    )
    outcome = _choose(
        "Outcome (complaints)",
        PracticeFeedback.Outcome.choices,
        "Not a complaint",
    )
    source = _choose(
        "Who gave the feedback (feedback)",
        PracticeFeedback.Source.choices,
        "Not feedback",
    )
    gathered = _choose(
        "Where it was gathered (feedback)",
        PracticeFeedback.Gathered.choices,
        "Not feedback",
    )
    said = forms.CharField(
        label="What was said (feedback)",
        required=False,
        help_text="In the child's or family's words if you can. No names.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learning = forms.CharField(
        label="Learning identified (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.ModelChoiceField(
        label="Action plan item (optional)",
        queryset=ActionItem.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose one of your action plan items from the list"},
    )

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team],
        actions: QuerySet[ActionItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams.order_by("name")  # type: ignore[attr-defined]
        self.fields["action"].queryset = actions.order_by("-pk")  # type: ignore[attr-defined]
        self.fields["action"].label_from_instance = (  # type: ignore[attr-defined]
            lambda item: f"{item.issue[:60]} (due {item.proposed_date:%-d %B %Y})"
        )
