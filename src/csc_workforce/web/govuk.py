"""GOV.UK Design System pieces for Django forms: the date and month inputs and error wording.

Every form in the service derives from ``Form`` or ``ModelForm`` here (or mixes in
``GovukMessages``): before a form is checked, each of Django's default error messages ("This field
is required.", "Enter a whole number.", "Select a valid choice. ...") is replaced by one in the
GOV.UK style that names the field and says how to fix it ("Enter the job title", "Select the
team", "Hours a week must be 60 or less"), worked out from the field's label and type. A
message a form sets itself (``error_messages=``) is kept; ``field_nouns`` names a field whose
label does not read well inside a sentence. tests/web/test_form_messages.py submits every form
empty and with wrong values and finds none of Django's defaults.
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

_M = TypeVar("_M", bound=models.Model)

NO_ARTICLE = {"your", "the", "a", "an", "what", "why", "where", "who", "which", "how", "when",
              "whether", "do", "does", "is", "are", "if", "only", "also", "any"}  # fmt: skip
"""A label starting with one of these reads without "the": "Enter your response", "Select what
to import"."""

WITH_PARAMS = {"max_length", "min_length", "min_value", "max_value", "step_size", "max_digits",
               "max_decimal_places", "max_whole_digits", "invalid_choice", "invalid_pk_value",
               "unique"}  # fmt: skip
"""Codes whose errors Django formats with %-parameters, so a literal % in them is doubled."""


PROPER_NAMES = ("Ofsted", "Social Work England", "England", "DfE")
"""Names a message keeps capitalised at the start of a field's name."""


RECORD_CHECKS = {"blank", "null", "invalid_choice", "max_length", "unique", "min_value",
                 "max_value", "max_digits", "max_decimal_places", "max_whole_digits"}  # fmt: skip
"""Codes of a model's own checks, whose Django wording a form replaces with its field's."""


def field_noun(label: object) -> str:
    """How a message names a field, from its label: without anything in brackets or a closing
    colon or question mark, and lower case unless it starts with an abbreviation or a name
    ("Role (CSWW organisational role)" -> "role", "FTE (full-time equivalent)" -> "FTE")."""
    text = re.sub(r"\s*\([^)]*\)", "", str(label)).strip().rstrip(":?").strip()
    first = text.split(" ", 1)[0]
    if not (len(first) > 1 and first[:2].isupper()) and not text.startswith(PROPER_NAMES):
        text = text[:1].lower() + text[1:]
    return text


def _the(noun: str) -> str:
    return noun if noun.split(" ", 1)[0].lower() in NO_ARTICLE else f"the {noun}"


def _number(value: object) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if isinstance(value, Decimal) else str(value)


def govuk_messages(field: forms.Field, *, noun: str, record: str = "record") -> dict[str, str]:
    """The GOV.UK error message for each way ``field`` can be wrong, naming it by ``noun``
    (``record``: what a model form's record is called, for "Another post already has ...")."""
    the = _the(noun)
    subject = noun[:1].upper() + noun[1:]
    choose = isinstance(field, (forms.ChoiceField, forms.ModelChoiceField))
    messages = {"required": f"{'Select' if choose else 'Enter'} {the}"}
    if isinstance(field, forms.BooleanField):
        messages["required"] = f"Select \u2018{field.label or noun}\u2019"
    if isinstance(field, forms.FileField):
        messages |= {
            "required": f"Select {the}",
            "invalid": "The selected file could not be uploaded \u2013 try again",
            "missing": "The selected file could not be uploaded \u2013 try again",
            "empty": "The selected file is empty",
            "max_length": f"The file's name must be {field.max_length} characters or fewer",
            "contradiction": f"Select {the} or leave it empty, not both",
        }
    if choose:
        from_list = f"Select {the} from the list"  # noqa: S608 (a sentence, not SQL)
        messages |= dict.fromkeys(("invalid_choice", "invalid_list", "invalid_pk_value"), from_list)
    if isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{subject} must be a number"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{subject} must be a whole number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"Enter {the} in the correct format, like name@example.com"
    low, high, step = (
        getattr(field, name, None) for name in ("min_value", "max_value", "step_size")
    )
    if low is not None:
        messages["min_value"] = f"{subject} must be {_number(low)} or more"
    if high is not None:
        messages["max_value"] = f"{subject} must be {_number(high)} or less"
    if step is not None:
        messages["step_size"] = f"{subject} must be a multiple of {_number(step)}"
    if isinstance(field, forms.DecimalField):
        places = field.decimal_places
        if places is not None:
            unit = "decimal place" if places == 1 else "decimal places"
            messages["max_decimal_places"] = f"{subject} must have no more than {places} {unit}"
        if field.max_digits is not None:
            messages["max_digits"] = f"{subject} must have no more than {field.max_digits} digits"
            whole = field.max_digits - (places or 0)
            messages["max_whole_digits"] = f"{subject} must be less than {10**whole}"
    if isinstance(field, forms.CharField):
        if field.max_length is not None:
            messages["max_length"] = f"{subject} must be {field.max_length} characters or fewer"
        if field.min_length is not None:
            messages["min_length"] = f"{subject} must be {field.min_length} characters or more"
        messages["null_characters_not_allowed"] = f"{subject} must not include null characters"
    messages["unique"] = f"Another {record} already has this {noun}"
    messages["blank"] = messages["null"] = messages["required"]
    return {
        code: message.replace("%", "%%") if code in WITH_PARAMS else message
        for code, message in messages.items()
    }


def _django_defaults(field: forms.Field) -> set[str]:
    return {
        str(message)
        for cls in type(field).__mro__
        for message in vars(cls).get("default_error_messages", {}).values()
    }


class GovukMessages(forms.BaseForm):
    """Replaces Django's default error messages on every field (also those a form adds in its
    ``__init__``) with GOV.UK ones naming the field, just before the form is checked."""

    field_nouns: dict[str, str] = {}
    """How messages name a field whose label reads badly in a sentence, by field name (a form
    adding fields in ``__init__`` may set its own)."""

    def full_clean(self) -> None:
        meta = getattr(self, "_meta", None)
        model = getattr(meta, "model", None)
        record = str(model._meta.verbose_name) if model is not None else "record"
        for name, field in self.fields.items():
            noun = self.field_nouns.get(name) or field_noun(field.label or name.replace("_", " "))
            defaults = _django_defaults(field)
            for code, message in govuk_messages(field, noun=noun, record=record).items():
                current = field.error_messages.get(code)
                if current is None or str(current) in defaults:
                    field.error_messages[code] = message
        super().full_clean()

    def add_error(self, field: str | None, error: Any) -> None:
        """Also words a service's error in the GOV.UK style when it is a record's own check
        (a model's ``full_clean``: "This field cannot be blank.") about one of the form's
        fields, as a model form does for its own checks."""
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                messages = self.fields[name].error_messages if name in self.fields else {}
                for each in errors:
                    if each.code in RECORD_CHECKS and each.code in messages:
                        each.message = messages[each.code]
        super().add_error(field, error)


class Form(GovukMessages, forms.Form):
    """A form whose error messages are GOV.UK's (see ``GovukMessages``)."""


class ModelForm(GovukMessages, forms.ModelForm[_M]):
    """A model form whose error messages are GOV.UK's (see ``GovukMessages``)."""


class DateInput(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input component."""

    template_name = "includes/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(_boxes(("Day", 2), ("Month", 2), ("Year", 4)), attrs)

    def decompress(self, value: dt.date | None) -> list[int | None]:
        return [value.day, value.month, value.year] if value else [None, None, None]


def _boxes(*boxes: tuple[str, int]) -> list[forms.TextInput]:
    return [
        forms.TextInput(attrs={"label": label, "class": f"govuk-input--width-{width}"})
        for label, width in boxes
    ]


class MonthInput(forms.MultiWidget):
    """Month and year boxes: the GOV.UK date input asking for a month, not a day in it."""

    template_name = "includes/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(_boxes(("Month", 2), ("Year", 4)), attrs)

    def decompress(self, value: dt.date | None) -> list[int | None]:
        return [value.month, value.year] if value else [None, None]


class MonthField(forms.MultiValueField):
    """A month typed as month and year (the first day of it), with GOV.UK error messages."""

    widget = MonthInput

    def __init__(self, *, label_text: str = "month", **kwargs: Any) -> None:
        self.label_text = label_text
        super().__init__((forms.CharField(), forms.CharField()), require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        month, year = (str(part or "").strip() for part in (value or ["", ""]))
        if not (month or year):
            if self.required:
                raise ValidationError(f"Enter the {self.label_text}", code="required")
            return None
        if not (month and year):
            missing = "month" if not month else "year"
            message = f"The {self.label_text} must include a {missing}"
            raise ValidationError(message, code="incomplete")
        if not re.fullmatch(r"\d{4}", year, re.ASCII):
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        if not (1900 <= int(year) <= 2100):
            raise ValidationError("Year must be between 1900 and 2100", code="year_range")
        if not (re.fullmatch(r"\d{1,2}", month, re.ASCII) and 1 <= int(month) <= 12):
            message = f"The {self.label_text} must be a real month, with a month from 1 to 12"
            raise ValidationError(message, code="invalid")
        return dt.date(int(year), int(month), 1)


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK error messages."""

    widget = DateInput

    def __init__(self, *, label_text: str = "date", **kwargs: Any) -> None:
        self.label_text = label_text
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day, month, year = (str(part or "").strip() for part in (value or ["", "", ""]))
        if not any((day, month, year)):
            if self.required:
                raise ValidationError(f"Enter the {self.label_text}", code="required")
            return None
        parts = {"day": day, "month": month, "year": year}
        missing = [name for name, part in parts.items() if not part]
        if missing:
            raise ValidationError(
                f"The {self.label_text} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not re.fullmatch(r"\d{4}", year, re.ASCII):
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        if not (1900 <= int(year) <= 2100):
            raise ValidationError("Year must be between 1900 and 2100", code="year_range")
        if not (
            re.fullmatch(r"\d{1,2}", day, re.ASCII) and re.fullmatch(r"\d{1,2}", month, re.ASCII)
        ):
            message = f"The {self.label_text} must be a real date"
            raise ValidationError(message, code="invalid")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            message = f"The {self.label_text} must be a real date"
            raise ValidationError(message, code="invalid") from None


class PeriodForm(Form):
    """A report's period as two dates like 2024-10-01, kept in the page's address
    (``?from=...&to=...``); either may be left out for the default."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (("from", "First day"), ("to", "Last day")):
            self.fields[name] = forms.DateField(
                label=label,
                help_text="Like 2024-10-01",
                input_formats=["%Y-%m-%d"],
                required=False,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                error_messages={
                    "invalid": f"Enter the {label.lower()} as a real date, like 2024-10-01"
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("from", "The first day must be the same as or before the last day")
        return data


def submitted(request: HttpRequest, form: str) -> tuple[Any, Any]:
    """The POST data and files for the form ``form`` on a page with more than one: each form
    carries ``<input type="hidden" name="form" value="...">``, and only the one submitted is
    bound, so only its errors show. ``(None, None)`` for the others and on GET."""
    if request.method == "POST" and request.POST.get("form") == form:
        return request.POST, request.FILES
    return None, None
