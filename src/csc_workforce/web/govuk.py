"""GOV.UK Design System pieces for Django forms: the date input and error wording."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class DateInput(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input component."""

    template_name = "includes/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes = [
            forms.TextInput(attrs={"inputmode": "numeric", "class": f"govuk-input--width-{w}"})
            for w in (2, 2, 4)
        ]
        super().__init__(boxes, attrs)

    def decompress(self, value: dt.date | None) -> list[int | None]:
        return [value.day, value.month, value.year] if value else [None, None, None]


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


def submitted(request: HttpRequest, form: str) -> tuple[Any, Any]:
    """The POST data and files for the form ``form`` on a page with more than one: each form
    carries ``<input type="hidden" name="form" value="...">``, and only the one submitted is
    bound, so only its errors show. ``(None, None)`` for the others and on GET."""
    if request.method == "POST" and request.POST.get("form") == form:
        return request.POST, request.FILES
    return None, None
