"""No Django default error message reaches a user: every form class in every app, submitted
empty, with wrong values, with values too small, too large or too long, shows only GOV.UK
messages that name the field (web/govuk.py)."""

import datetime as dt
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import User
from django.core import validators
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import fields as model_fields
from django.test import RequestFactory

import csc_workforce.web
from csc_workforce.core.voice import SurveyQuestion, SurveySection
from csc_workforce.web import govuk
from csc_workforce.web.development.models import (
    InductionItem,
    PracticeEducator,
    Programme,
    ProgressionApplication,
    ProgressionFramework,
    Review,
    Student,
)
from csc_workforce.web.organisation.models import Post, StaffMember, Team
from csc_workforce.web.quality.models import ActionItem, Question
from csc_workforce.web.recruitment.models import Advert

SKIPPED_MODULES = ("csc_workforce.web.settings", "csc_workforce.web.wsgi")


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(csc_workforce.web.__path__, "csc_workforce.web."):
        if not module.name.startswith(SKIPPED_MODULES) and ".migrations" not in module.name:
            importlib.import_module(module.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    found = {c for c in below(forms.BaseForm) if c.__module__.startswith("csc_workforce.")}
    abstract = {govuk.GovukMessages, govuk.Form, govuk.ModelForm}
    return sorted(found - abstract, key=lambda c: f"{c.__module__}.{c.__qualname__}")


SURVEY = (
    SurveySection(
        title="Work",
        questions=(
            SurveyQuestion(key="agree", text="I feel supported", kind="agree"),
            SurveyQuestion(key="scale", text="How likely", kind="scale10"),
            SurveyQuestion(key="one", text="Which", kind="choice", options=("A", "B")),
            SurveyQuestion(key="many", text="Which ones", kind="multi", options=("A", "B")),
            SurveyQuestion(key="rank", text="Rank", kind="rank", options=("A", "B")),
            SurveyQuestion(key="hours", text="Hours", kind="number", low=0, high=80),
            SurveyQuestion(key="words", text="Anything else", kind="text"),
        ),
    ),
)


def _questions() -> list[Question]:
    return [
        Question(pk=1, text="Is the plan clear?", answer_type=Question.AnswerType.YES_NO),
        Question(pk=2, text="Quality of the plan", answer_type=Question.AnswerType.GRADE),
        Question(pk=3, text="Notes", answer_type=Question.AnswerType.TEXT),
    ]


# What each form needs besides its data; a new form that needs more fails here by name.
EXTRA: dict[str, Callable[[], dict[str, Any]]] = {
    "AllocationForm": lambda: {"workers": [(1, "Ann Worker")]},
    "ReductionForm": lambda: {"staff": [(1, "Ann Worker")], "reasons": [(1, "Union duties")]},
    "quality.forms.AuditForm": lambda: {"questions": _questions()},
    "ConversionForm": lambda: {"staff": StaffMember(employment_type="employee")},
    "RollingForm": lambda: {"today": dt.date(2025, 9, 30)},
    "CensusExportForm": lambda: {"years": [2024, 2025]},
    "PracticeWeekForm": lambda: {"managers": User.objects.all()},
    "ReassignForm": lambda: {"auditors": User.objects.all()},
    "voice.forms.ResponseForm": lambda: {"sections": SURVEY},
    "ComparatorsForm": lambda: {"authorities": [("394", "Sunderland"), ("390", "Gateshead")]},
    "AuditFilterForm": lambda: {
        "periods": [("2025-09", "September 2025")],
        "teams": [("1", "Team A")],
        "tools": ["Full case file audit"],
        "statuses": [("done", "Done")],
    },
    "ExitSendForm": lambda: {"leavers": StaffMember.objects.all()},
    "PracticeFeedbackForm": lambda: {
        "teams": Team.objects.all(),
        "actions": ActionItem.objects.all(),
    },
    "EnrolForm": lambda: {
        "starters": StaffMember.objects.all(),
        "practitioners": StaffMember.objects.all(),
    },
    "ReviewForm": lambda: {"reviews": Review.objects.all()},
    "EvidenceNumbersForm": lambda: {"programme": Programme.objects.first()},
    "ItemDoneForm": lambda: {"items": InductionItem.objects.all()},
    "PlacementForm": lambda: {
        "students": Student.objects.all(),
        "teams": Team.objects.all(),
        "educators": PracticeEducator.objects.all(),
    },
    "EducatorForm": lambda: {"staff": StaffMember.objects.all()},
    "JoinedForm": lambda: {"students": Student.objects.all(), "staff": StaffMember.objects.all()},
    "development.forms.ApplicationForm": lambda: {
        "staff": StaffMember.objects.all(),
        "framework": ProgressionFramework.objects.first(),
    },
    "DecisionForm": lambda: {"applications": ProgressionApplication.objects.all()},
    "AwardForm": lambda: {"staff": StaffMember.objects.all()},
    "SessionForm": lambda: {"supervisors": [(1, "Ann Worker")]},
    "SupervisionAgreementForm": lambda: {"supervisors": [(1, "Ann Worker")]},
    "AttendanceForm": lambda: {"staff": [(1, "Ann Worker")], "courses": [(1, "Safeguarding")]},
    "EvaluationForm": lambda: {"attended": [(1, "Safeguarding, 1 May 2025")]},
    "recruitment.forms.ApplicationForm": lambda: {"adverts": Advert.objects.all()},
    "IncentiveForm": lambda: {"employees": StaffMember.objects.all()},
    "VacancyForm": lambda: {"posts": Post.objects.all()},
    "SignInForm": lambda: {"request": RequestFactory().post("/")},
}


def _extra(cls: type) -> dict[str, Any]:
    module = cls.__module__.removeprefix("csc_workforce.web.")
    for key in (f"{module}.{cls.__qualname__}", cls.__qualname__):
        if key in EXTRA:
            return EXTRA[key]()
    return {}


def _pattern(message: object) -> str:
    text = re.escape(str(message))
    return re.sub(r"%\\\(\w+\\\)[sdr]", ".+", text)


def _django_defaults() -> re.Pattern[str]:
    """Every default message of Django's form fields, validators and model fields."""
    messages: set[object] = set()
    for module in (forms.fields, forms.models, model_fields):
        for value in vars(module).values():
            if isinstance(value, type):
                messages |= set(getattr(value, "default_error_messages", {}).values())
    for value in vars(validators).values():
        if isinstance(value, type):
            many = vars(value).get("messages")
            messages |= set(many.values()) if isinstance(many, dict) else set()
            messages.add(vars(value).get("message", ""))
    patterns = []
    for message in messages:
        try:
            text = str(message)
        except (KeyError, TypeError):  # a plural message without its number
            continue
        if text:
            patterns.append(_pattern(text))
    fragments = ["This field", "Ensure this value", "Select a valid choice", "Enter a valid",
                 "Enter a whole number", "Enter a number", "already exists", "cannot be",
                 "No file was submitted", "The submitted file is empty", "Enter a list of values",
                 "Enter a complete value"]  # fmt: skip
    return re.compile("|".join([*patterns, *map(re.escape, fragments)]))


def _value(field: forms.Field, way: str) -> Any:
    """A value for ``field`` that is wrong in the ``way`` named, or one that is right."""
    if isinstance(field, govuk.DateField):
        return {"wrong": ["x", "y", "z"], "small": ["31", "2", "2025"], "large": ["1", "1", "99"],
                "long": ["", "3", "2025"]}.get(way, ["1", "4", "2025"])  # fmt: skip
    if isinstance(field, govuk.MonthField):
        return {"wrong": ["x", "2025"], "small": ["0", "2025"], "large": ["13", "2025"],
                "long": ["3", ""]}.get(way, ["4", "2025"])  # fmt: skip
    if isinstance(field, forms.FileField):
        return SimpleUploadedFile("file.txt" if way == "wrong" else "file.csv", b"")
    if isinstance(field, forms.MultipleChoiceField):
        return ["not-one-of-them"]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "not-one-of-them"
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.IntegerField):  # and decimals
        low = getattr(field, "min_value", None)
        high = getattr(field, "max_value", None)
        return {
            "wrong": "not a number",
            "small": str(low - 1) if low is not None else "-1",
            "large": str(high + 1) if high is not None else "1" + "0" * 30,
            "long": "0.12345678901",
        }.get(way, "1")
    if isinstance(field, forms.CharField):
        length = field.max_length or 20
        return {"long": "x" * (length + 1), "small": "x\x00"}.get(way, "words")
    return "x"


def _data(form: forms.BaseForm, way: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = _value(field, way)
        if isinstance(field, forms.FileField):
            files[key] = value
        elif isinstance(field.widget, forms.MultiWidget):
            data |= {f"{key}_{i}": part for i, part in enumerate(value)}
        else:
            data[key] = value
    return data, files


FORMS = _form_classes()
WAYS = ["empty", "wrong", "small", "large", "long"]


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__.split('.')[-2]}.{c.__name__}")
def test_no_django_default_message_reaches_a_user(cls: type[forms.BaseForm]) -> None:
    assert issubclass(cls, govuk.GovukMessages), (
        f"{cls.__qualname__} must derive from govuk.Form or govuk.ModelForm"
    )
    defaults = _django_defaults()
    shown: list[str] = []
    for way in WAYS:
        data, files = ({}, {}) if way == "empty" else _data(cls(data=None, **_extra(cls)), way)
        form = cls(data=data, **({"files": files} if files else {}), **_extra(cls))
        form.is_valid()
        shown += [str(m) for errors in form.errors.values() for m in errors]
    found = [message for message in shown if defaults.search(message)]
    assert not found, f"{cls.__qualname__} shows Django's defaults: {found}"


def test_every_app_s_forms_are_found() -> None:
    names = {c.__qualname__ for c in FORMS}
    assert {"StaffCreateForm", "AllocationForm", "AuditForm", "RunForm", "SignInForm"} <= names


@pytest.mark.django_db
def test_messages_name_the_field_and_say_how_to_fix_it() -> None:
    from csc_workforce.web.caseloads.forms import ReductionForm, ThresholdsForm
    from csc_workforce.web.workforce.forms import JobForm

    job = JobForm(data={"team": "999", "fte": "1.5", "job_title": "x" * 101})
    assert job.errors["team"] == ["Select the team from the list"]
    assert job.errors["job_title"] == ["Job title must be 100 characters or fewer"]
    assert job.errors["local_role"] == ["Select the local role"]
    reduction = ReductionForm(
        data={"hours_per_week": "61", "start_0": "1"}, staff=[], reasons=[(1, "Union duties")]
    )
    assert reduction.errors["hours_per_week"] == ["Hours a week must be 60 or less"]
    assert reduction.errors["start"] == ["The start date must include a month and year"]
    thresholds = ThresholdsForm(data={"overload_weeks": "2.5", "overload_percent": "40"})
    assert thresholds.errors["overload_weeks"] == ["Overload weeks in a row must be a whole number"]
    assert thresholds.errors["overload_percent"] == ["Overload percentage must be 50 or more"]


def test_a_month_is_asked_for_as_month_and_year() -> None:
    field = govuk.MonthField(label="Month")
    assert field.clean(["3", "2025"]) == dt.date(2025, 3, 1)
    for value, message in (
        (["", ""], "Enter the month"),
        (["3", ""], "The month must include a year"),
        (["13", "2025"], "The month must be a real month, with a month from 1 to 12"),
        (["3", "25"], "Year must include 4 numbers"),
    ):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        assert refused.value.messages == [message]
    assert field.widget.decompress(dt.date(2025, 3, 1)) == [3, 2025]


def test_a_record_s_own_check_raised_by_a_service_is_worded_for_the_field() -> None:
    from csc_workforce.web.workforce.forms import JobForm

    form = JobForm(data={})
    form.is_valid()
    long = forms.ValidationError(
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        code="max_length",
        params={"limit_value": 100, "show_value": 101},
    )
    form.add_error(None, forms.ValidationError({"job_title": [long]}))
    assert "Job title must be 100 characters or fewer" in form.errors["job_title"]
    assert not any("Ensure" in message for message in form.errors["job_title"])


def test_a_file_s_name_too_long_is_said_in_words() -> None:
    bound = govuk.Form(files={"file": SimpleUploadedFile("a-long-name.csv", b"x")})
    bound.fields["file"] = forms.FileField(max_length=10, label="Staff file")
    bound.is_valid()
    assert bound.errors["file"] == ["The file's name must be 10 characters or fewer"]
